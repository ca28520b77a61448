"""Sessions as an iCalendar file (RFC 5545) that calendar clients import.

Everything is built with `icalendar`, which escapes text and folds long lines;
no content line is written by hand. Times carry the TZID of the conference
zone, and a matching VTIMEZONE is included, so clients place each session at
the same instant whatever their own zone.

The output depends only on its inputs: given the same `now`, two exports are
byte-identical, so apart from DTSTAMP an unchanged schedule exports unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, Timezone, vText

from agenda_tui.formatting import kind_label, person_label, session_location, track_title
from agenda_tui.model import Agenda, Role, Session
from agenda_tui.schedule import in_order, people_of
from agenda_tui.text import clean, clean_block

PRODID = "-//agenda-tui//Conference agenda export//EN"


def session_uid(agenda: Agenda, session: Session) -> str:
    """The same for a session across exports and machines, unique across conferences."""
    return f"{clean(session.id)}@{agenda.conference.id}.agenda-tui"


def description(agenda: Agenda, session: Session, note: str = "") -> str:
    """Kind, track, each person with role and affiliation, the abstract, the user's note."""
    lines = [f"Kind: {kind_label(session)}"]
    if track := track_title(agenda, session):
        lines.append(f"Track: {track}")
    for speaker, role in people_of(agenda, session):
        lines.append(f"{_role_label(role)}: {person_label(speaker)}")
    text = "\n".join(lines)
    if abstract := clean_block(session.abstract):
        text += f"\n\n{abstract}"
    if note := clean_block(note):
        text += f"\n\nMy note: {note}"
    return text


def _role_label(role: Role) -> str:
    return role.value.capitalize()


def conference_timezone(agenda: Agenda) -> Timezone:
    """A VTIMEZONE for the conference zone, covering the conference's years."""
    conference = agenda.conference
    return Timezone.from_tzinfo(
        agenda.zone,
        tzid=conference.timezone,
        first_date=date(conference.start_date.year, 1, 1),
        last_date=date(conference.end_date.year + 1, 1, 1),
    )


def session_event(
    agenda: Agenda,
    session: Session,
    *,
    stamp: datetime,
    sequence: int = 0,
    note: str = "",
    remind_minutes: int | None = None,
) -> Event:
    summary = clean(session.title)
    event = Event()
    event.add("UID", session_uid(agenda, session))
    event.add("DTSTAMP", stamp)
    event.add("SEQUENCE", sequence)
    # Session times are aware datetimes in the conference zone: icalendar
    # writes them as local times with TZID=<the zone's IANA name>.
    event.add("DTSTART", session.start.astimezone(agenda.zone))
    event.add("DTEND", session.end.astimezone(agenda.zone))
    event.add("SUMMARY", summary)
    event.add("DESCRIPTION", description(agenda, session, note))
    if location := session_location(agenda, session):
        event.add("LOCATION", location)
    categories = [kind_label(session)]
    if track := track_title(agenda, session):
        categories.append(track)
    event.add("CATEGORIES", categories)
    if url := clean(session.url):
        event.add("URL", url)
    if remind_minutes is not None:
        event.add_component(
            Alarm.new_display(description=summary, trigger=timedelta(minutes=-remind_minutes))
        )
    return event


def render_ics(
    agenda: Agenda,
    sessions: Iterable[Session],
    *,
    notes: Mapping[str, str] | None = None,
    sequences: Mapping[str, int] | None = None,
    remind_minutes: int | None = None,
    now: datetime | None = None,
) -> str:
    """The iCalendar text for `sessions`, in time order.

    `sequences` gives each session's SEQUENCE (0 when absent); `now` is the
    DTSTAMP of every event (the current time when not given).
    """
    notes = notes or {}
    sequences = sequences or {}
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    conference = agenda.conference
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    # icalendar has no type for X- properties and would write them unescaped.
    calendar.add("X-WR-CALNAME", vText(clean(conference.title)))
    calendar.add("X-WR-TIMEZONE", vText(conference.timezone))
    calendar.add_component(conference_timezone(agenda))
    for session in in_order(sessions):
        calendar.add_component(session_event(
            agenda,
            session,
            stamp=stamp,
            sequence=sequences.get(session.id, 0),
            note=notes.get(session.id, ""),
            remind_minutes=remind_minutes,
        ))
    return calendar.to_ical().decode("utf-8")
