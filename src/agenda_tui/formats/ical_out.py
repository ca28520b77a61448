"""Sessions as an iCalendar file (RFC 5545) that calendar clients import, and that
agenda-tui reads back as the agenda it came from (docs/calendar.md).

Everything is built with `icalendar`, which escapes text and folds long lines;
no content line is written by hand. Times are local times with the TZID of the
conference zone, described by a VTIMEZONE of our own (`vtimezone.py`), so clients
place each session at the same instant whatever their own zone. A time that the
clocks pass twice (the hour repeated when they go back) is written in UTC: as a
local time it would mean the first of the two (RFC 5545 3.3.5). All-day sessions
are dates, the end being the day after the last (exclusive).

The standard properties are for people and calendar clients; `X-AGENDA-TUI-*`
properties carry what they cannot hold (ids, kind, the conference, tracks and
speakers as JSON), so that `agenda-tui import` gets every field back.

The output depends only on its inputs: given the same `now`, two exports are
byte-identical, so apart from DTSTAMP an unchanged schedule exports unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from urllib.parse import quote

from icalendar import Alarm, Calendar, Event, vCalAddress, vText

from agenda_tui.formats.vtimezone import span_timezone
from agenda_tui.formatting import kind_label, person_label, session_location, track_title
from agenda_tui.model import Agenda, Role, Session, plain_data, repeated_wall_clock, utc
from agenda_tui.schedule import in_order, people_of
from agenda_tui.state_model import ExportRecord
from agenda_tui.text import as_data, clean, clean_block

PRODID = "-//agenda-tui//Conference agenda export//EN"
X = "X-AGENDA-TUI-"
# How far the VTIMEZONE reaches beyond the first and last session.
SPAN_MARGIN = timedelta(days=7)


def uid_of(conference_id: str, session_id: str) -> str:
    """The same for a session across exports and machines, unique across conferences."""
    return f"{clean(session_id)}@{conference_id}.agenda-tui"


def session_uid(agenda: Agenda, session: Session) -> str:
    return uid_of(agenda.conference.id, session.id)


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


# -- times ------------------------------------------------------------------------------


def calendar_time(moment: datetime, zone: tzinfo) -> datetime:
    """A session time as DTSTART or DTEND gives it: local in `zone`, or UTC where the
    zone's clocks show that time twice."""
    local = moment.astimezone(zone)
    return utc(local) if repeated_wall_clock(local) else local


def _add_times(event: Event, agenda: Agenda, session: Session) -> None:
    if session.all_day:
        event.add("DTSTART", session.days[0])
        event.add("DTEND", session.days[-1] + timedelta(days=1))
    else:
        event.add("DTSTART", calendar_time(session.start, agenda.zone))
        event.add("DTEND", calendar_time(session.end, agenda.zone))


def _span(agenda: Agenda, sessions: list[Session]) -> tuple[datetime, datetime]:
    """From a little before the first session to a little after the last, whole UTC days
    (the conference's dates when there is no session)."""
    moments = [moment for session in sessions for moment in (session.start_utc, session.end_utc)]
    first = min(moments).date() if moments else agenda.conference.start_date
    last = max(moments).date() if moments else agenda.conference.end_date
    return (datetime.combine(first, time(), UTC) - SPAN_MARGIN,
            datetime.combine(last, time(), UTC) + timedelta(days=1) + SPAN_MARGIN)


# -- what agenda-tui reads back -------------------------------------------------------------


def _as_data(value: Any) -> Any:
    """Every string in a JSON value as data (`text.as_data`): the X- properties are read by
    agenda-tui, not shown, and must give back the text the agenda holds."""
    if isinstance(value, str):
        return as_data(value)
    if isinstance(value, list):
        return [_as_data(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_data(item) for key, item in value.items()}
    return value


def _json(model: Any) -> vText:
    data = _as_data(plain_data(model, json_ready=True))
    return vText(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _add_agenda_parts(calendar: Calendar, agenda: Agenda, sessions: list[Session],
                      whole_agenda: bool) -> None:
    """The conference, and the tracks and speakers: all of them, or those `sessions` name."""
    calendar.add(X + "CONFERENCE", _json(agenda.conference))
    track_ids = {session.track for session in sessions}
    speaker_ids = {person.speaker for session in sessions for person in session.people}
    for track in agenda.tracks:
        if whole_agenda or track.id in track_ids:
            calendar.add(X + "TRACK", _json(track))
    for speaker in agenda.speakers:
        if whole_agenda or speaker.id in speaker_ids:
            calendar.add(X + "SPEAKER", _json(speaker))


def attendee(speaker_id: str, name: str, role: Role) -> vCalAddress:
    address = vCalAddress(f"urn:agenda-tui:speaker:{quote(speaker_id, safe='')}")
    address.params["CN"] = name
    address.params["ROLE"] = "CHAIR" if role is Role.MODERATOR else "REQ-PARTICIPANT"
    address.params["CUTYPE"] = "INDIVIDUAL"
    address.params[X + "SPEAKER"] = speaker_id
    address.params[X + "ROLE"] = role.value
    return address


# -- events ---------------------------------------------------------------------------------


def session_event(
    agenda: Agenda,
    session: Session,
    *,
    stamp: datetime,
    sequence: int = 0,
    note: str = "",
    bookmarked: bool = False,
    remind_minutes: int | None = None,
) -> Event:
    summary = clean(session.title)
    event = Event()
    event.add("UID", session_uid(agenda, session))
    event.add(X + "ID", vText(session.id))
    if session.source_id:
        event.add(X + "SOURCE-ID", vText(session.source_id))
    event.add("DTSTAMP", stamp)
    event.add("SEQUENCE", sequence)
    _add_times(event, agenda, session)
    if session.day is not None:
        event.add(X + "DAY", vText(session.day.isoformat()))
    event.add("SUMMARY", summary)
    if (title := as_data(session.title)) != summary:  # what a calendar shows is cleaned
        event.add(X + "TITLE", vText(title))
    event.add(X + "KIND", vText(session.kind.value))
    event.add("DESCRIPTION", description(agenda, session, note))
    if location := session_location(agenda, session):
        event.add("LOCATION", location)
    if room := as_data(session.location):
        event.add(X + "ROOM", vText(room))
    if session.virtual:
        event.add(X + "VIRTUAL", vText("TRUE"))
    categories = [kind_label(session)]
    if track := track_title(agenda, session):
        categories.append(track)
    event.add("CATEGORIES", categories)
    if track_id := as_data(session.track):
        event.add(X + "TRACK-ID", vText(track_id))
    for speaker, role in people_of(agenda, session):
        event.add("ATTENDEE", attendee(speaker.id, clean(speaker.name), role))
    if abstract := as_data(session.abstract):
        event.add(X + "ABSTRACT", vText(abstract))
    if url := clean(session.url):
        event.add("URL", url)
    if bookmarked:
        event.add(X + "BOOKMARKED", vText("TRUE"))
    if note := as_data(note):
        event.add(X + "NOTE", vText(note))
    if remind_minutes is not None:
        event.add_component(
            Alarm.new_display(description=summary, trigger=timedelta(minutes=-remind_minutes))
        )
    return event


def cancelled_event(conference_id: str, session_id: str, record: ExportRecord,
                    *, stamp: datetime) -> Event:
    """The session as it was last exported (`record`), cancelled, for calendars to drop."""
    event = Event()
    event.add("UID", uid_of(conference_id, session_id))
    event.add(X + "ID", vText(session_id))
    event.add("DTSTAMP", stamp)
    event.add("SEQUENCE", record.sequence)
    event.add("STATUS", "CANCELLED")
    if record.all_day:
        event.add("DTSTART", record.days[0])
        event.add("DTEND", record.days[-1] + timedelta(days=1))
    else:
        assert record.start is not None and record.end is not None
        event.add("DTSTART", utc(record.start))
        event.add("DTEND", utc(record.end))
    event.add("SUMMARY", clean(record.title) or session_id)
    return event


def _cancelled_order(item: tuple[str, ExportRecord]) -> tuple[datetime, str]:
    session_id, record = item
    if record.start is not None:
        return utc(record.start), session_id
    first = record.days[0] if record.days else date.min
    return datetime.combine(first, time(), UTC), session_id


def render_ics(
    agenda: Agenda,
    sessions: Iterable[Session],
    *,
    notes: Mapping[str, str] | None = None,
    bookmarks: Collection[str] = (),
    sequences: Mapping[str, int] | None = None,
    cancelled: Mapping[str, ExportRecord] | None = None,
    whole_agenda: bool = False,
    remind_minutes: int | None = None,
    now: datetime | None = None,
) -> str:
    """The iCalendar text for `sessions`, in time order, then the `cancelled` ones.

    `sequences` gives each session's SEQUENCE (0 when absent); `bookmarks` are marked
    as the user's; `cancelled` maps the id of each session to cancel to its record, which
    holds the SEQUENCE to send; `whole_agenda` carries every track and speaker, not only
    those the sessions name; `now` is the DTSTAMP of every event (the current time when
    not given).
    """
    notes = notes or {}
    sequences = sequences or {}
    ordered = in_order(sessions)
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
    _add_agenda_parts(calendar, agenda, ordered, whole_agenda)
    calendar.add_component(span_timezone(agenda.zone, conference.timezone, *_span(agenda, ordered)))
    for session in ordered:
        calendar.add_component(session_event(
            agenda,
            session,
            stamp=stamp,
            sequence=sequences.get(session.id, 0),
            note=notes.get(session.id, ""),
            bookmarked=session.id in bookmarks,
            remind_minutes=remind_minutes,
        ))
    for session_id, record in sorted((cancelled or {}).items(), key=_cancelled_order):
        calendar.add_component(cancelled_event(conference.id, session_id, record, stamp=stamp))
    ical: bytes = calendar.to_ical()  # icalendar leaves to_ical's type out
    return ical.decode("utf-8")
