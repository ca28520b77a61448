"""iCalendar feeds (RFC 5545) -> Agenda, with the `icalendar` library.

Each VEVENT becomes a session:
- id: its UID (without white space; one over 200 characters is shortened
  and given a hash of the whole). A UID seen before (RFC 5545 forbids it, real feeds do it)
  becomes `UID-2`, `UID-3`... in file order, so the same feed always gives the
  same ids, and a warning says so. A VEVENT without UID is a problem.
- start: DTSTART; end: DTEND, else DTSTART + DURATION, else (RFC 5545 makes
  such an event end when it starts) one hour later, with a warning. A date
  without a time is an all-day event from midnight to midnight.
- SUMMARY -> title ("(untitled)" with a warning when empty: RFC 5545 makes
  SUMMARY optional, and PyCon UK's feed has empty ones), LOCATION ->
  location, DESCRIPTION -> abstract, URL -> url, CATEGORIES -> kind (talk
  when it has none; "break", "lunch"... in the title make a break).
- A cancelled VEVENT (STATUS:CANCELLED) is left out, with a warning; RRULE
  repeats are not expanded (warning). ATTENDEE/ORGANIZER are not speakers.

The conference zone, in order: X-WR-TIMEZONE; the one VTIMEZONE's TZID when it
is an IANA name; the `timezone` argument (`--timezone`). A feed that names
none is refused, whatever its times: a feed in UTC (PyCon UK's) says nothing
about where the conference is, and guessing would put every session on the
wrong hour. With a zone, times with a UTC offset or TZID keep their instant
and are shown in that zone; floating times (no zone at all) are read as wall
clock in it. When the feed names a zone and `timezone` names another, the
feed's zone is used and a warning says so, as for the frab formats.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from agenda_tui.errors import InvalidFileError
from agenda_tui.formats._common import (
    DEFAULT_MAX_SIZE,
    AgendaBuilder,
    check_size,
    kind_for,
    missing_zone_message,
    one_line,
    plain_text,
    slugify,
    stable_id,
    valid_zone,
    zone_from_argument,
)
from agenda_tui.model import Agenda, SessionKind, after, utc

DEFAULT_LENGTH = timedelta(hours=1)
UNTITLED = "(untitled)"

_BREAK_TITLE = re.compile(r"\b(break|lunch|coffee|breakfast|registration)\b", re.IGNORECASE)


def parse_ical(data: bytes, source: str = "<calendar.ics>", timezone: str | None = None,
               max_size: int = DEFAULT_MAX_SIZE, warnings: list[str] | None = None) -> Agenda:
    """The agenda in an iCalendar feed; InvalidFileError lists every problem found."""
    check_size(len(data), source, max_size)
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as error:
        raise InvalidFileError.single(source, f"malformed iCalendar: {error}") from None
    if isinstance(calendar, list):  # several VCALENDARs in one file
        calendar = calendar[0]
    if calendar.name != "VCALENDAR":
        raise InvalidFileError.single(source, f"not an iCalendar feed: it holds a {calendar.name}")

    builder = AgendaBuilder(source)
    zone = _zone(calendar, builder, timezone)
    lines = _event_lines(data)
    for index, event in enumerate(calendar.walk("VEVENT")):
        line = lines[index] if index < len(lines) else None
        _add_event(builder, event, index, line, zone)

    title = one_line(str(calendar.get("X-WR-CALNAME") or calendar.get("NAME") or ""))
    if not title:
        title = Path(source).stem if not source.startswith("<") else "Imported calendar"
    days = sorted({session["day"] for session in builder.sessions})
    if not days and not builder.problems:
        builder.problem("", "the feed has no events")
    agenda = builder.build({
        "id": slugify(title) or "imported",
        "title": title,
        "url": str(calendar.get("URL") or "").strip() or None,
        "start_date": days[0] if days else None,
        "end_date": days[-1] if days else None,
        "timezone": zone.key if zone else "UTC",
    })
    if warnings is not None:
        warnings.extend(builder.warnings)
    return agenda


def _event_lines(data: bytes) -> list[int]:
    """The line number of each `BEGIN:VEVENT`, in order (icalendar gives no positions)."""
    return [number for number, line in enumerate(data.splitlines(), start=1)
            if line.strip().upper() == b"BEGIN:VEVENT"]


def _zone(calendar: icalendar.Calendar, builder: AgendaBuilder,
          timezone: str | None) -> ZoneInfo | None:
    declared = str(calendar.get("X-WR-TIMEZONE") or "").strip()
    where = "X-WR-TIMEZONE"
    if not declared:
        ids = {str(component.get("TZID") or "").strip() for component in calendar.walk("VTIMEZONE")}
        ids.discard("")
        if len(ids) == 1:
            declared, where = ids.pop(), "VTIMEZONE"
    zone = valid_zone(declared)
    if zone is not None:
        if timezone and valid_zone(timezone) != zone:
            builder.warn(f"the feed names its time zone, {declared}; "
                         f"--timezone {timezone} was not used")
        return zone
    if declared and not timezone:
        builder.problem(where, f"{declared!r} is not an IANA time zone name; give the "
                               "conference's zone with --timezone ZONE")
        return None
    if timezone:
        return zone_from_argument(builder, timezone)
    builder.problem("", missing_zone_message(
        "the feed names no time zone (no X-WR-TIMEZONE or VTIMEZONE)"))
    return None


def _moment(value: Any, zone: ZoneInfo) -> datetime:
    """A DTSTART/DTEND value as an aware datetime (dates at midnight, floating times in `zone`)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=zone)
    raise ValueError(f"not a date or date-time: {value!r}")


def _add_event(builder: AgendaBuilder, event: icalendar.Event, index: int, line: int | None,
               zone: ZoneInfo | None) -> None:
    uid = stable_id(str(event.get("UID") or ""))
    place = f"VEVENT[{index + 1}]" + (f" (UID {uid})" if uid else "")
    for name, message in event.errors:
        builder.problem(f"{place}/{name}", f"cannot be read: {message}", line)
    if event.errors:
        return
    if not uid:
        builder.problem(place, "missing UID", line)
        return
    session_id = builder.unique_id(uid)
    builder.claim(session_id, place, line)
    if session_id != uid:
        builder.warn(f"{place}: UID {uid!r} is used before in the feed; this event's id is "
                     f"{session_id!r}")
    status = str(event.get("STATUS") or "").upper()
    title = one_line(str(event.get("SUMMARY") or ""))
    if status == "CANCELLED":
        builder.warn(f"{place}: left out, it is cancelled (STATUS:CANCELLED): {title!r}")
        return
    if "RRULE" in event:
        builder.warn(f"{place}: repeats (RRULE), only its first occurrence is imported")
    if "DTSTART" not in event:
        builder.problem(f"{place}/DTSTART", "missing start time (DTSTART)", line)
        return
    if not title:
        # SUMMARY is optional in RFC 5545, and PyCon UK's feed has empty ones.
        title = UNTITLED
        builder.warn(f"{place}: no title (SUMMARY); shown as {UNTITLED!r}")
    if zone is None:
        return  # reported once for the whole feed

    repeated = [name for name in ("DTSTART", "DTEND", "DURATION") if isinstance(event.get(name), list)]
    if repeated:
        for name in repeated:
            builder.problem(f"{place}/{name}", "given more than once", line)
        return
    try:
        raw_start = event["DTSTART"].dt
        start = _moment(raw_start, zone)
        if "DTEND" in event:
            end = _moment(event["DTEND"].dt, zone)
        elif "DURATION" in event:
            end = after(start, event["DURATION"].dt)
        elif not isinstance(raw_start, datetime):
            end = start + timedelta(days=1)
        else:
            end = after(start, DEFAULT_LENGTH)
            builder.warn(f"{place}: no end time (DTEND or DURATION); took one hour: {title!r}")
    except (AttributeError, TypeError, ValueError, OverflowError) as error:
        builder.problem(place, f"cannot read its times: {error}", line)
        return
    if utc(end) <= utc(start):
        builder.problem(f"{place}/DTEND", f"end ({end:%Y-%m-%d %H:%M}) is not after start "
                                          f"({start:%Y-%m-%d %H:%M})", line)
        return

    categories = _categories(event)
    if categories:
        kind = kind_for(" ".join(categories), default=SessionKind.OTHER)
    else:
        kind = SessionKind.BREAK if _BREAK_TITLE.search(title) else SessionKind.TALK
    builder.session(place, {
        "id": session_id,
        "day": start.date(),
        "start": start,
        "end": end,
        "kind": kind.value,
        "title": title,
        "location": one_line(str(event.get("LOCATION") or "")) or None,
        "abstract": plain_text(str(event.get("DESCRIPTION") or "")) or None,
        "url": str(event.get("URL") or "").strip() or None,
    }, line)


def _categories(event: icalendar.Event) -> list[str]:
    value = event.get("CATEGORIES")
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        cats = getattr(item, "cats", None)
        names.extend(str(cat) for cat in cats) if cats is not None else names.append(str(item))
    return names
