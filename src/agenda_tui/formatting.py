"""Plain-text descriptions of sessions, shared by the CLI and the TUI.

Everything taken from the agenda passes through `text.clean`, so what reaches
a terminal is never a control sequence.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from agenda_tui.model import Agenda, Role, Session, Speaker
from agenda_tui.schedule import people_of
from agenda_tui.text import clean


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


def clock(moment: datetime, zone: ZoneInfo | None = None) -> str:
    return (moment.astimezone(zone) if zone else moment).strftime("%H:%M")


def time_range(session: Session, zone: ZoneInfo | None = None) -> str:
    return f"{clock(session.start, zone)}-{clock(session.end, zone)}"


def day_label(moment_or_day) -> str:
    """'Thu 14 Mar' for a date or datetime."""
    return moment_or_day.strftime("%a %-d %b")


def zone_abbreviation(moment: datetime, zone: ZoneInfo | None = None) -> str:
    return (moment.astimezone(zone) if zone else moment).strftime("%Z")


def session_line(agenda: Agenda, session: Session, zone: ZoneInfo | None = None) -> str:
    """One line for `agenda-tui list`: day, start-end, kind, title, people."""
    start = session.start.astimezone(zone) if zone else session.start
    fields = [
        f"{session.conference_day.isoformat()} {start:%a}",
        time_range(session, zone),
        f"{session.kind.value:<8}",
        clean(session.title),
    ]
    if people := people_label(agenda, session):
        fields.append(f"— {people}")
    return "  ".join(fields)
