"""Plain-text descriptions of sessions, shared by the CLI, the exports and the TUI.

Everything taken from the agenda passes through `text.clean`, so what reaches
a terminal or a file is never a control sequence.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from agenda_tui.model import Agenda, Role, Session, SessionKind, Speaker
from agenda_tui.schedule import people_of
from agenda_tui.text import clean

KIND_LABELS = {
    SessionKind.TALK: "Talk",
    SessionKind.PANEL: "Panel",
    SessionKind.FIRESIDE: "Fireside",
    SessionKind.BREAK: "Break",
    SessionKind.WORKSHOP: "Workshop",
    SessionKind.OTHER: "Other",
}


def plural(count: int, noun: str) -> str:
    """'1 session', '2 sessions'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def kind_label(session: Session) -> str:
    return KIND_LABELS[session.kind]


def person_label(speaker: Speaker) -> str:
    name = clean(speaker.name)
    affiliation = clean(speaker.affiliation)
    return f"{name} ({affiliation})" if affiliation else name


def people_label(agenda: Agenda, session: Session) -> str:
    """'A (X), B (Y); moderator: C (Z)' — speakers and panelists first."""
    people = people_of(agenda, session)
    main = [person_label(speaker) for speaker, role in people if role is not Role.MODERATOR]
    moderators = [person_label(speaker) for speaker, role in people if role is Role.MODERATOR]
    text = ", ".join(main)
    if moderators:
        text += ("; " if text else "") + "moderator: " + ", ".join(moderators)
    return text


def track_title(agenda: Agenda, session: Session) -> str:
    track = agenda.tracks_by_id.get(session.track) if session.track else None
    return clean(track.title) if track else ""


def session_location(agenda: Agenda, session: Session) -> str:
    """Where the session is: its own room, else "Virtual", else the conference venue."""
    if session.location and clean(session.location):
        return clean(session.location)
    if session.virtual:
        return "Virtual"
    return clean(agenda.conference.venue)


def clock(moment: datetime, zone: tzinfo | None = None) -> str:
    return (moment.astimezone(zone) if zone else moment).strftime("%H:%M")


ALL_DAY = "all day"


def time_range(session: Session, zone: tzinfo | None = None, dash: str = "-") -> str:
    """'09:30-10:30' ('–' for people rather than scripts); '12:00' for a moment; 'all day'."""
    if session.all_day:
        return ALL_DAY
    if session.end_utc == session.start_utc:
        return clock(session.start, zone)
    return f"{clock(session.start, zone)}{dash}{clock(session.end, zone)}"


def day_label(moment_or_day: date) -> str:
    """'Thu 14 Mar' for a date or datetime."""
    return moment_or_day.strftime("%a %-d %b")


def zone_abbreviation(moment: datetime, zone: tzinfo | None = None) -> str:
    return (moment.astimezone(zone) if zone else moment).strftime("%Z")


def when(session: Session, zone: tzinfo) -> str:
    """'Thu 14 Mar 09:30–10:30 EDT' in `zone`; 'Thu 14 Mar, all day', or 'Thu 14 Mar –
    Sat 16 Mar, all day' (an all-day session is the same days in every zone)."""
    if session.all_day:
        days = session.days
        span = day_label(days[0]) if len(days) == 1 else f"{day_label(days[0])} – {day_label(days[-1])}"
        return f"{span}, {ALL_DAY}"
    return (f"{day_label(session.start.astimezone(zone))} {time_range(session, zone, '–')} "
            f"{zone_abbreviation(session.start, zone)}")


def after_midnight(session: Session) -> bool:
    """A session the programme lists under the day before the one it starts on."""
    return not session.all_day and session.start.date() > session.conference_day


def session_line(agenda: Agenda, session: Session) -> str:
    """One line for `agenda-tui list`: day, start-end, kind, title, people.

    The day is the programme's; a session after midnight has its times marked '+1'.
    """
    day = session.conference_day
    times = time_range(session) + (" +1" if after_midnight(session) else "")
    fields = [f"{day.isoformat()} {day:%a}", times, f"{session.kind.value:<8}", clean(session.title)]
    if people := people_label(agenda, session):
        fields.append(f"— {people}")
    return "  ".join(fields)
