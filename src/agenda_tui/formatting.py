"""Plain-text descriptions of sessions, shared by the CLI, the exports and the TUI.

Everything taken from the agenda passes through `text.clean`, so what reaches
a terminal or a file is never a control sequence.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from agenda_tui.model import Agenda, Role, Session, SessionKind, Speaker
from agenda_tui.schedule import Hidden, people_of, rooms
from agenda_tui.search import normalize
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


def _letters(text: str) -> str:
    """`text` as a name sorts: casefolded, without accents, quotes or other punctuation."""
    return " ".join("".join(c for c in word if c.isalnum()) for word in normalize(text).split()).strip()


def name_order(name: str) -> tuple[bool, str, str]:
    """How speakers sort: by family name (the last word, not counting an aside in brackets
    such as "(she/her)"), then the whole name; "'Ada' Lovelace", "ADA LOVELACE" and
    "Ada Lovélace" sort together. A name with no letters at all goes last."""
    words = [word for word in name.split() if not word.startswith(("(", "["))] or name.split()
    family = next((key for word in reversed(words) if (key := _letters(word))), "")
    whole = _letters(name)
    return (not whole, family, whole)


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
    return room_label(session) or clean(agenda.conference.venue)


def clock(moment: datetime, zone: tzinfo | None = None) -> str:
    return (moment.astimezone(zone) if zone else moment).strftime("%H:%M")


ALL_DAY = "all day"


def listed_day(session: Session, zone: tzinfo | None = None) -> date:
    """The day a session's times are read against in `zone`: the programme's day, unless
    in `zone` it starts on an earlier date (far to the west), then that date."""
    start = session.start.astimezone(zone) if zone else session.start
    return min(session.conference_day, start.date())


def day_mark(moment: datetime, day: date, zone: tzinfo | None, *, ending: bool) -> str:
    """' +1' for a time on the day after `day`, ' -1' the day before; '' on `day`.
    An end at midnight is the end of its day, not a time of the next."""
    offset = _days_from(moment.astimezone(zone) if zone else moment, day, ending=ending)
    return f" {offset:+d}" if offset else ""


def _days_from(local: datetime, day: date, *, ending: bool) -> int:
    """How many days after `day` a wall-clock time is; an end at midnight ends its day."""
    on = local.date()
    if ending and local.time() == time() and on > day:
        on -= timedelta(days=1)
    return (on - day).days


def any_day_marks_in_steps(sessions: Sequence[Session], zone: tzinfo | None, *,
                           step: int) -> Generator[None, None, bool]:
    """`any_day_marks`, `step` sessions at a time, for a UI to take between keys."""
    for start in range(0, len(sessions), step):
        if any_day_marks(sessions[start:start + step], zone):
            return True
        yield
    return False


def any_day_marks(sessions: Iterable[Session], zone: tzinfo | None = None) -> bool:
    """Whether any of the sessions' ranges (`time_range` in `zone`) carries a day mark."""
    for session in sessions:
        if session.all_day:
            continue
        start, end = session.start, session.end
        if zone is not None and start.tzinfo is not zone:  # in the conference's zone already
            start, end = start.astimezone(zone), end.astimezone(zone)
        elif session.day is None and start.date() == end.date():
            continue  # listed under the day it starts, and ends on it: no mark (most sessions)
        day = session.conference_day
        if _days_from(start, day, ending=False) or _days_from(end, day, ending=True):
            return True
    return False


def time_range(session: Session, zone: tzinfo | None = None, dash: str = "-", *,
               day: date | None = None,
               show: Callable[[datetime, tzinfo | None], str] | None = None) -> str:
    """'09:30-10:30' ('–' for people rather than scripts); '12:00' for a moment; 'all day'.

    Times past the midnight of `day` (by default the programme's day the session is
    listed under) are marked: '23:30-00:30 +1' ends the next day, '01:00-03:00 +1' is
    wholly on it. Every range shown to people comes from here, so no place forgets it;
    `show` writes each time (by default `clock`).
    """
    if session.all_day:
        return ALL_DAY
    day = session.conference_day if day is None else day
    show = show or clock
    start = show(session.start, zone)
    start_mark = day_mark(session.start, day, zone, ending=False)
    if session.end_utc == session.start_utc:
        return start + start_mark
    end = show(session.end, zone)
    end_mark = day_mark(session.end, day, zone, ending=True)
    if start_mark and start_mark != end_mark:  # e.g. starts the day before `day`, ends on it
        return f"{start}{start_mark}{dash}{end}{end_mark}"
    return f"{start}{dash}{end}{end_mark}"


def day_label(moment_or_day: date) -> str:
    """'Thu 14 Mar' for a date or datetime."""
    return moment_or_day.strftime("%a %-d %b")


def zone_abbreviation(moment: datetime, zone: tzinfo | None = None) -> str:
    return (moment.astimezone(zone) if zone else moment).strftime("%Z")


def when(session: Session, zone: tzinfo) -> str:
    """'Thu 14 Mar 09:30–10:30 EDT' in `zone`, '+1' on times past that day's midnight;
    'Thu 14 Mar, all day', or 'Thu 14 Mar – Sat 16 Mar, all day' (an all-day session is
    the same days in every zone)."""
    if session.all_day:
        days = session.days
        span = day_label(days[0]) if len(days) == 1 else f"{day_label(days[0])} – {day_label(days[-1])}"
        return f"{span}, {ALL_DAY}"
    day = listed_day(session, zone)
    times = time_range(session, zone, "–", day=day)
    return f"{day_label(day)} {times} {zone_abbreviation(session.start, zone)}"


ROOM_COLUMN_MAX = 20


def room_label(session: Session) -> str:
    """The session's room, 'Virtual' for an online one without one, else ''."""
    return clean(session.location) or ("Virtual" if session.virtual else "")


def room_column_width(sessions: Iterable[Session]) -> int:
    """How wide a column of rooms is for these sessions: 0 when none of them names a room
    (an agenda without rooms shows no empty column); a longer name is shown whole."""
    widest = max((len(clean(session.location)) for session in sessions if session.location), default=0)
    return min(widest, ROOM_COLUMN_MAX)


@dataclass(frozen=True)
class LineLayout:
    """How wide the columns of `session_line` are, the same for every line of a listing."""

    times: int = 0
    rooms: int = 0  # 0: no room column


def line_layout(agenda: Agenda) -> LineLayout:
    """Columns wide enough for every session of the agenda ('+1' times, its rooms)."""
    return LineLayout(times=max((len(time_range(s)) for s in agenda.sessions), default=0),
                      rooms=room_column_width(agenda.sessions))


def session_line(agenda: Agenda, session: Session, layout: LineLayout | None = None) -> str:
    """One line for `agenda-tui list`: day, start-end, room, kind, title, people.

    The day is the programme's; times past its midnight are marked '+1'. Columns are as
    `layout` says (by default, as wide as the agenda needs; no room column without rooms).
    """
    layout = layout or line_layout(agenda)
    day = session.conference_day
    fields = [f"{day.isoformat()} {day:%a}", f"{time_range(session):<{layout.times}}"]
    if layout.rooms:
        fields.append(f"{room_label(session):<{layout.rooms}}")
    fields += [f"{session.kind.value:<8}", clean(session.title)]
    if people := people_label(agenda, session):
        fields.append(f"— {people}")
    return "  ".join(fields)


def duration(minutes: int) -> str:
    """'25 min', '1 h 5 min', '2 h'; from two days on, '3 days'."""
    if minutes >= 48 * 60:
        return plural(minutes // (24 * 60), "day")
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    return f"{hours} h" if hours else f"{minutes} min"


def hidden_summary(hidden: Hidden, agenda: Agenda) -> str:
    """What of this agenda is hidden, in a few words: "rooms Hall A and Hall B hidden",
    "only room K.1.105", "5 tracks hidden; only room K.1.105"; "" for nothing."""
    all_rooms = rooms(agenda)
    parts = [_hidden_part([room for room in all_rooms if room not in hidden.rooms],
                          [room for room in all_rooms if room in hidden.rooms], "room"),
             _hidden_part([track.title for track in agenda.tracks if track.id not in hidden.tracks],
                          [track.title for track in agenda.tracks if track.id in hidden.tracks], "track")]
    return "; ".join(part for part in parts if part)


def _hidden_part(shown_names: list[str], hidden_names: list[str], noun: str) -> str:
    if not hidden_names:
        return ""
    if not shown_names:
        return f"all {plural(len(hidden_names), noun)} hidden"
    if len(shown_names) == 1 and len(hidden_names) > 1:
        return f"only {noun} {clean(shown_names[0])}"
    names = [clean(name) for name in hidden_names]
    if len(names) == 1:
        return f"{noun} {names[0]} hidden"
    if len(names) == 2:
        return f"{noun}s {names[0]} and {names[1]} hidden"
    return f"{len(names)} {noun}s hidden"
