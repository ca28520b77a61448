"""iCalendar feeds (RFC 5545) -> Agenda, with `icalendar` and `recurring-ical-events`.

Each VEVENT becomes a session:
- id: its UID (without white space; one over 200 characters is shortened
  and given a hash of the whole). A UID seen before (RFC 5545 forbids it, real feeds do it)
  becomes `UID-2`, `UID-3`... in file order, so the same feed always gives the
  same ids, and a warning says so. A VEVENT without UID is a problem.
- start: DTSTART; end: DTEND, else DTSTART + DURATION, else as RFC 5545 says:
  an event with a date-time start and neither ends when it starts (it takes
  no time), one with a date start lasts that one day. DTEND equal to DTSTART
  is a session that takes no time.
- A date without a time (`VALUE=DATE`) is an all-day session, listed on each
  of its days: DTEND is the day after the last (exclusive), and `DURATION:P1D`
  is one calendar day, midnight to midnight, whatever the clocks do that day.
- SUMMARY -> title ("(untitled)" with a warning when empty: RFC 5545 makes
  SUMMARY optional, and PyCon UK's feed has empty ones), LOCATION ->
  location, DESCRIPTION -> abstract, URL -> url, CATEGORIES -> kind (talk
  when it has none; "break", "lunch"... in the title make a break).
- A cancelled VEVENT (STATUS:CANCELLED) is left out, with a warning.
  ATTENDEE/ORGANIZER are not speakers (but see agenda-tui's own files below).

Repeating events (RRULE, RDATE) are expanded by `recurring-ical-events`, which
honours EXDATE and the overrides of single occurrences (RECURRENCE-ID). Each
occurrence is a session whose id is the UID and the occurrence's original start
(its RECURRENCE-ID): `UID@20240314T100000Z` in UTC, `UID@20240314` for a date, so
that it stays the same when the feed is updated and bookmarks follow it. They
are expanded within the conference's span: the days of the feed's single
events, or `span` (`--from`/`--until`). A rule without end (no COUNT or UNTIL)
and no span to expand in is a problem of that event, and so is a rule that
repeats more than `MAX_OCCURRENCES` times before the span ends; more
occurrences than that in all refuse the feed.

A problem confined to one event (or one occurrence) skips it with a warning
naming its place and line; with `strict`, any problem refuses the feed. A
problem with the whole feed (it cannot be parsed, names no usable zone) or a
feed with no event left refuses it.

The conference zone, in order: X-WR-TIMEZONE; the one VTIMEZONE's TZID when it
is an IANA name; the `timezone` argument (`--timezone`). A feed that names
none is refused, whatever its times: a feed in UTC (PyCon UK's) says nothing
about where the conference is, and guessing would put every session on the
wrong hour. With a zone, times with a UTC offset or TZID keep their instant
and are shown in that zone; floating times (no zone at all) are read as wall
clock in it. When the feed names a zone and `timezone` names another, the
feed's zone is used and a warning says so, as for the frab formats. A TZID that
is no zone (`Europe`, a name longer than a file name) is a problem of its event.

agenda-tui's own export (docs/calendar.md: it carries X-AGENDA-TUI-CONFERENCE)
is read back whole: the conference, its tracks and speakers, and each session's
id, day, kind, track, people, room, virtual flag and abstract from its
X-AGENDA-TUI-* properties, so that exporting and importing gives the same agenda.
Its BOOKMARKED and NOTE properties belong to the user: `bookmark_import` reads them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import MAXYEAR, UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrule, rrulestr
from icalendar.prop import vUnknown
from icalendar.timezone import tzp
from icalendar.timezone.zoneinfo import ZONEINFO
from recurring_ical_events import CalendarQuery

from agenda_tui.agenda_schema import ValidationError, validated
from agenda_tui.errors import InvalidFileError
from agenda_tui.files import DEFAULT_MAX_SIZE
from agenda_tui.formats._common import (
    AgendaBuilder,
    check_size,
    kind_for,
    missing_zone_message,
    plain_text,
    session_days,
    single_spaced,
    slugify,
    source_id,
    stable_id,
    zone_from_argument,
)
from agenda_tui.model import (
    SUPPORTED_YEARS,
    Agenda,
    Conference,
    Role,
    SessionKind,
    Speaker,
    Track,
    after,
    plain_data,
    utc,
)
from agenda_tui.zones import zone_named

UNTITLED = "(untitled)"
# Occurrences of repeating events: at most this many in a feed, and a rule may
# repeat at most this many times from its start to the end of the span.
MAX_OCCURRENCES = 10_000
OWN_UID_SUFFIX = ".agenda-tui"

_BREAK_TITLE = re.compile(r"\b(break|lunch|coffee|breakfast|registration)\b", re.IGNORECASE)


class _CheckedZoneInfo(ZONEINFO):
    """icalendar's zoneinfo provider, asked only for names that are zones.

    icalendar looks up every TZID as it parses, and its provider passes the name to
    `ZoneInfo`: `TZID=Europe` raised IsADirectoryError from `from_ical` (the whole
    feed lost for one event), and `TZID=localtime` meant this machine's zone. With
    `zone_named`, such a TZID leaves its time without a zone, which `_times` reports.
    """

    def timezone(self, name: str) -> ZoneInfo | None:
        return zone_named(name)


tzp.use(_CheckedZoneInfo())


def parse_ical(data: bytes, source: str = "<calendar.ics>", timezone: str | None = None,
               max_size: int = DEFAULT_MAX_SIZE, warnings: list[str] | None = None,
               strict: bool = False, span: tuple[date | None, date | None] = (None, None)) -> Agenda:
    """The agenda in an iCalendar feed; InvalidFileError lists every problem found
    (with `strict`), or those that are not confined to one event."""
    check_size(len(data), source, max_size)
    calendar = read_calendar(data, source)
    builder = AgendaBuilder(source, strict)
    own = own_conference(calendar, builder)
    zone = zone_named(own["timezone"]) if own else _zone(calendar, builder, timezone)
    feed = _Feed(builder, zone, own, _event_lines(data))
    if own:
        feed.read_own_tracks_and_speakers(calendar)
    feed.read_events(calendar, span)

    if own:
        conference = own
    else:
        title = single_spaced(_text(calendar, "X-WR-CALNAME") or _text(calendar, "NAME"))
        if not title:
            title = Path(source).stem if not source.startswith("<") else "Imported calendar"
        conference = {
            "id": slugify(title) or "imported",
            "title": title,
            "url": (_text(calendar, "URL") or "").strip() or None,
            "timezone": zone.key if zone else "UTC",
        }
    if not builder.sessions and not builder.problems:
        builder.problem("", "the feed has no events")
    agenda = builder.build(conference)
    if warnings is not None:
        warnings.extend(builder.warnings)
    return agenda


def read_calendar(data: bytes, source: str) -> icalendar.Calendar:
    """The first VCALENDAR of a file, or InvalidFileError."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as error:
        raise InvalidFileError.single(source, f"malformed iCalendar: {error}") from None
    if isinstance(calendar, list):  # several VCALENDARs in one file
        calendar = calendar[0]
    if calendar.name != "VCALENDAR":
        raise InvalidFileError.single(source, f"not an iCalendar feed: it holds a {calendar.name}")
    return calendar


def _event_lines(data: bytes) -> list[int]:
    """The line number of each `BEGIN:VEVENT`, in order (icalendar gives no positions)."""
    return [number for number, line in enumerate(data.splitlines(), start=1)
            if line.strip().upper() == b"BEGIN:VEVENT"]


def _zone(calendar: icalendar.Calendar, builder: AgendaBuilder,
          timezone: str | None) -> ZoneInfo | None:
    declared = (_text(calendar, "X-WR-TIMEZONE") or "").strip()
    where = "X-WR-TIMEZONE"
    if not declared:
        ids = {(_text(component, "TZID") or "").strip() for component in calendar.walk("VTIMEZONE")}
        ids.discard("")
        if len(ids) == 1:
            declared, where = ids.pop(), "VTIMEZONE"
    zone = zone_named(declared)
    if zone is not None:
        if timezone and zone_named(timezone) != zone:
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


# -- properties ------------------------------------------------------------------


def _text(component: icalendar.cal.Component, name: str) -> str | None:
    """A property as text; the first, where a feed gives it more than once."""
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, vUnknown):  # icalendar keeps X- properties as written
        return _unescaped(str(value))
    return None if value is None else str(value)


_TEXT_ESCAPE = re.compile(r"\\([\\;,nN])")


def _unescaped(text: str) -> str:
    """RFC 5545 TEXT: `\\,` `\\;` `\\\\` and `\\n` as the characters they stand for."""
    return _TEXT_ESCAPE.sub(lambda match: "\n" if match.group(1) in "nN" else match.group(1), text)


def _values(component: icalendar.cal.Component, name: str) -> list[Any]:
    value = component.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _json_object(text: str | None) -> dict[str, Any] | None:
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def own_conference(calendar: icalendar.Calendar, builder: AgendaBuilder | None = None,
                   ) -> dict[str, Any] | None:
    """The conference of agenda-tui's own export (X-AGENDA-TUI-CONFERENCE), checked by the
    model; None for any other feed, with a warning when the property is there but bad."""
    text = _text(calendar, "X-AGENDA-TUI-CONFERENCE")
    if text is None:
        return None
    data = _json_object(text)
    checked = _checked(Conference, data)
    if checked is None and builder is not None:
        builder.warn("X-AGENDA-TUI-CONFERENCE is not a conference agenda-tui can read; "
                     "the file is read as any other feed")
    return checked


def _checked(model: type[Any], data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    try:
        checked: dict[str, Any] = plain_data(validated(model, data), json_ready=True)
    except ValidationError:
        return None
    return checked


def own_session_id(event: icalendar.cal.Component, conference_id: str) -> str:
    """The session id in agenda-tui's own export: X-AGENDA-TUI-ID, else the UID less the
    `@{conference id}.agenda-tui` the export adds (so that ids never grow)."""
    given = stable_id(_text(event, "X-AGENDA-TUI-ID"))
    if given:
        return given
    uid = _text(event, "UID") or ""
    return stable_id(uid.removesuffix(f"@{conference_id}{OWN_UID_SUFFIX}"))


def _is_true(component: icalendar.cal.Component, name: str) -> bool:
    return (_text(component, name) or "").strip().upper() == "TRUE"


def is_bookmarked(event: icalendar.cal.Component) -> bool:
    return _is_true(event, "X-AGENDA-TUI-BOOKMARKED")


def note_of(event: icalendar.cal.Component) -> str | None:
    return _text(event, "X-AGENDA-TUI-NOTE")


# -- times -----------------------------------------------------------------------


def _dt(component: icalendar.cal.Component, name: str) -> Any:
    """`component[name].dt`: the date, date-time, duration, time or period that icalendar
    read for a property (its VALUE chooses, so a feed may give any of them). icalendar
    types `component[name]` as any property at all, most of which have no `dt`; the
    callers check the value's type, or catch the errors of a wrong one, themselves."""
    prop: Any = component[name]
    return prop.dt


@dataclass
class _Times:
    start: datetime | date
    end: datetime | date
    all_day: bool


def _as_utc(value: date | datetime, zone: ZoneInfo) -> datetime:
    """A DTSTART-like value as an instant: dates at their midnight and floating times
    in `zone`."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return utc(value.replace(tzinfo=zone) if value.tzinfo is None else value)


def _moment(value: Any, zone: ZoneInfo) -> datetime:
    """A DTSTART/DTEND value as an aware datetime in `zone` (floating times read in it)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
    raise ValueError(f"not a date-time: {value!r}")


def _stamp(value: date | datetime, zone: ZoneInfo) -> str:
    """How an occurrence's original start is written in its id."""
    if not isinstance(value, datetime):
        return f"{value:%Y%m%d}"
    return f"{_as_utc(value, zone):%Y%m%dT%H%M%SZ}"


def _unknown_tzid(component: icalendar.cal.Component, name: str) -> str | None:
    """The TZID of a time that icalendar could not give a zone (see `_CheckedZoneInfo`)."""
    prop = component.get(name)
    tzid = getattr(prop, "params", {}).get("TZID")
    moment = getattr(prop, "dt", None)
    if tzid and isinstance(moment, datetime) and moment.tzinfo is None:
        return str(tzid)
    return None


def _times(builder: AgendaBuilder, event: icalendar.cal.Component, place: str,
           line: int | None, zone: ZoneInfo) -> _Times | None:
    """Start and end as the session stores them, or None with the problem reported."""
    repeated = [name for name in ("DTSTART", "DTEND", "DURATION") if isinstance(event.get(name), list)]
    for name in repeated:
        builder.problem(f"{place}/{name}", "given more than once", line)
    for name in ("DTSTART", "DTEND"):
        if not repeated and (tzid := _unknown_tzid(event, name)):
            builder.problem(f"{place}/{name}", f"unknown time zone {tzid!r} (TZID)", line)
            return None
    if repeated:
        return None
    try:
        raw_start = _dt(event, "DTSTART")
        if not isinstance(raw_start, datetime):
            return _all_day_times(builder, event, raw_start, place, line)
        start = _moment(raw_start, zone)
        if "DTEND" in event:
            end = _moment(_dt(event, "DTEND"), zone)
        elif "DURATION" in event:
            end = after(start, _dt(event, "DURATION"))
        else:
            end = start  # RFC 5545: a date-time start alone takes no time
    except (AttributeError, TypeError, ValueError, OverflowError) as error:
        builder.problem(place, f"cannot read its times: {error}", line)
        return None
    if utc(end) < utc(start):
        builder.problem(f"{place}/DTEND", f"end ({end:%Y-%m-%d %H:%M}) is before start "
                                          f"({start:%Y-%m-%d %H:%M})", line)
        return None
    return _Times(start, end, all_day=False)


def _all_day_times(builder: AgendaBuilder, event: icalendar.cal.Component, start: date,
                   place: str, line: int | None) -> _Times | None:
    if "DTEND" in event:
        end = _dt(event, "DTEND")
        if isinstance(end, datetime):
            builder.problem(f"{place}/DTEND", "is a date-time, but DTSTART is a date", line)
            return None
    elif "DURATION" in event:
        length = _dt(event, "DURATION")
        if length % timedelta(days=1):
            builder.problem(f"{place}/DURATION", f"{length} is not whole days, but DTSTART is a "
                                                 "date (an all-day event)", line)
            return None
        end = start + timedelta(days=length.days)  # calendar days, not elapsed hours
    else:
        end = start + timedelta(days=1)
    if end < start:
        builder.problem(f"{place}/DTEND", f"end ({end}) is before start ({start})", line)
        return None
    # An all-day event that ends where it starts is taken as that one day.
    return _Times(start, max(end, start + timedelta(days=1)), all_day=True)


# -- repeats ----------------------------------------------------------------------

_SUB_DAILY = frozenset({"HOURLY", "MINUTELY", "SECONDLY"})
_DAILY_OR_FINER = _SUB_DAILY | {"DAILY"}
_LAST_INSTANT = datetime(SUPPORTED_YEARS[1], 12, 31, tzinfo=UTC)
_DAY_FILTERS = ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYDAY")
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _rules(event: icalendar.cal.Component, dtstart: datetime, zone: ZoneInfo) -> list[rrule]:
    """The event's RRULEs as dateutil rules from its DTSTART; ValueError for one that
    cannot be read or that dateutil would search for ever (see `_never_occurs`)."""
    rules = []
    for recur in _values(event, "RRULE"):
        parts = {key.upper(): list(value) for key, value in recur.items()}
        until = parts.pop("UNTIL", [None])[0]
        if any(count <= 0 for count in parts.get("COUNT", [])):
            del parts["COUNT"]  # as recurring-ical-events reads it: no count at all
        frequency = (parts.get("FREQ") or [""])[0].upper()
        if "BYSETPOS" in parts and frequency in _DAILY_OR_FINER:
            raise ValueError(f"BYSETPOS with FREQ={frequency} is not supported")
        text = icalendar.vRecur(parts).to_ical().decode("ascii")
        # One RRULE, without forceset or compatible: dateutil gives an rrule (its stubs
        # say rrule or rruleset, for the strings that also have RDATE or EXDATE lines).
        rule = cast(rrule, rrulestr(text, dtstart=dtstart))
        if until is not None:
            rule = rule.replace(until=_like(until, dtstart, zone))
        if _never_occurs(parts, dtstart):
            raise ValueError(f"RRULE {text} never occurs")
        rules.append(rule)
    return rules


def _like(value: date | datetime, model: datetime, zone: ZoneInfo) -> datetime:
    """An UNTIL comparable with DTSTART (both aware or both floating); a date counts to
    its end, so that the bound is never tighter than the rule's."""
    if not isinstance(value, datetime):
        value = datetime.combine(value + timedelta(days=1), time())
        value = value.replace(tzinfo=zone) if model.tzinfo is not None else value
    if model.tzinfo is None:
        return value if value.tzinfo is None else value.astimezone(zone).replace(tzinfo=None)
    return value.replace(tzinfo=zone) if value.tzinfo is None else value


# The Gregorian calendar repeats itself, weekdays included, every 400 years.
_CYCLE_YEARS = 400


def _never_occurs(parts: dict[str, list[Any]], dtstart: datetime) -> bool:
    """Whether the rule yields nothing at all (`FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30`,
    `FREQ=MONTHLY;BYSETPOS=50;BYDAY=MO`). dateutil looks for a first instant up to the
    year 9999, a period at a time (UNTIL does not stop it), which takes seconds a rule.
    Since the calendar repeats every 400 years, the same search from a start shifted by
    whole cycles (times the INTERVAL, so that the periods still fall alike) to the last
    cycles before 9999 has the same answer, in a few hundred years' periods."""
    filters = {name: parts[name] for name in _DAY_FILTERS if name in parts}
    if filters:
        if "BYDAY" in filters:  # ordinals (1MO) are for monthly and yearly rules only
            filters["BYDAY"] = [re.sub(r"^[+-]?\d+", "", str(day.to_ical().decode()
                                                            if hasattr(day, "to_ical") else day))
                                for day in filters["BYDAY"]]
        else:
            filters["BYDAY"] = list(_WEEKDAYS)  # or dateutil takes DTSTART's day of the month
        yearly = icalendar.vRecur({"FREQ": ["YEARLY"], **filters}).to_ical().decode("ascii")
        if _nothing_from(yearly, datetime.combine(dtstart.date(), time()), 1):
            return True  # no day of any year passes the day filters
    frequency = (parts.get("FREQ") or [""])[0].upper()
    if frequency in _DAILY_OR_FINER:
        return False  # any day that passes has its times (BYHOUR... are checked when read)
    unbounded = {key: value for key, value in parts.items() if key not in ("COUNT", "UNTIL")}
    whole = icalendar.vRecur(unbounded).to_ical().decode("ascii")
    interval = max(1, int((parts.get("INTERVAL") or [1])[0]))
    return _nothing_from(whole, dtstart, interval)


def _nothing_from(rule_text: str, dtstart: datetime, interval: int) -> bool:
    cycle = _CYCLE_YEARS * interval
    cycles = (MAXYEAR - dtstart.year) // cycle - 1
    if cycles > 0:
        dtstart = dtstart.replace(year=dtstart.year + cycles * cycle)
    return next(iter(rrulestr(rule_text, dtstart=dtstart)), None) is None


def _bounded(event: icalendar.cal.Component) -> bool:
    return all("COUNT" in recur or "UNTIL" in recur for recur in _values(event, "RRULE"))


def _rdates(event: icalendar.cal.Component) -> list[date | datetime]:
    found = []
    for value in _values(event, "RDATE"):
        for moment in getattr(value, "dts", []):
            start = moment.dt[0] if isinstance(moment.dt, tuple) else moment.dt
            found.append(start)
    return found


# -- the feed --------------------------------------------------------------------


# The times of an event that RFC 5545 allows once: a feed that repeats one (two VEVENTs
# run together, say) gives no single time to read.
ONE_TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID")


@dataclass
class _Event:
    index: int  # in file order, from 0
    component: icalendar.cal.Component
    line: int | None

    @property
    def uid(self) -> str:
        return stable_id(_text(self.component, "UID"))

    @property
    def place(self) -> str:
        return f"VEVENT[{self.index + 1}]" + (f" (UID {self.uid})" if self.uid else "")


@dataclass
class _Series:
    """A repeating event and the overrides of its occurrences (one UID)."""

    master: _Event | None
    overrides: list[_Event] = field(default_factory=list)

    @property
    def first(self) -> _Event:
        return self.master or self.overrides[0]


def _group(events: list[_Event]) -> tuple[list[_Event], list[_Series]]:
    """Single events and series: a VEVENT with RRULE or RDATE, or one with overrides
    (RECURRENCE-ID) of the same UID, or overrides with no event to override."""
    overrides: dict[str, list[_Event]] = {}
    masters: list[_Event] = []
    for event in events:
        if event.uid and "RECURRENCE-ID" in event.component:
            overrides.setdefault(event.uid, []).append(event)
        else:
            masters.append(event)
    singles, series = [], []
    repeating = {event.uid for event in masters
                 if "RRULE" in event.component or "RDATE" in event.component}
    for event in masters:
        is_repeating = "RRULE" in event.component or "RDATE" in event.component
        takes_overrides = event.uid in overrides and (is_repeating or event.uid not in repeating)
        if is_repeating or takes_overrides:
            series.append(_Series(event, overrides.pop(event.uid, []) if takes_overrides else []))
        else:
            singles.append(event)
    series += [_Series(None, orphans) for orphans in overrides.values()]
    return singles, series


class _Feed:
    """Turns a calendar's VEVENTs into sessions in the builder."""

    def __init__(self, builder: AgendaBuilder, zone: ZoneInfo | None, own: dict[str, Any] | None,
                 lines: list[int]):
        self.builder = builder
        self.zone = zone
        self.own = own
        self.lines = lines
        self.occurrences = 0
        self._series_ids: set[str] = set()

    def read_own_tracks_and_speakers(self, calendar: icalendar.Calendar) -> None:
        for name, model, add in (("X-AGENDA-TUI-TRACK", Track, self.builder.given_track),
                                 ("X-AGENDA-TUI-SPEAKER", Speaker, self.builder.given_speaker)):
            for number, value in enumerate(_values(calendar, name), start=1):
                text = _unescaped(str(value)) if isinstance(value, vUnknown) else str(value)
                checked = _checked(model, _json_object(text))
                if checked is None:
                    self.builder.warn(f"{name}[{number}] is not a {model.__name__.lower()} "
                                      "agenda-tui can read; left out")
                else:
                    add(checked)

    def read_events(self, calendar: icalendar.Calendar, span: tuple[date | None, date | None]) -> None:
        events = [_Event(index, component, self.lines[index] if index < len(self.lines) else None)
                  for index, component in enumerate(calendar.walk("VEVENT"))]
        singles, series = _group(events)
        for event in singles:
            with self.builder.unit(event.place, event.line):
                self._single(event)
        if series:
            bounds = self._bounds(span)
            for one in series:
                with self.builder.unit(one.first.place, one.first.line):
                    if not self._series(one, bounds):
                        return  # too many occurrences in all: the feed is refused

    def _readable(self, event: _Event) -> bool:
        for name, message in event.component.errors:
            self.builder.problem(f"{event.place}/{name}", f"cannot be read: {message}", event.line)
        if event.component.errors:
            return False
        if not event.uid:
            self.builder.problem(event.place, "missing UID", event.line)
            return False
        if "DTSTART" not in event.component:
            self.builder.problem(f"{event.place}/DTSTART", "missing start time (DTSTART)", event.line)
            return False
        repeated = {name: len(values) for name in ONE_TIME_PROPERTIES
                    if isinstance(values := event.component.get(name), list)}
        for name, count in repeated.items():
            self.builder.problem(f"{event.place}/{name}", f"given {count} times; "
                                 "an event has one (RFC 5545)", event.line)
        return not repeated

    def _session_id(self, event: _Event) -> str:
        return own_session_id(event.component, self.own["id"]) if self.own else event.uid

    def _single(self, event: _Event) -> None:
        if not self._readable(event):
            return
        wanted = self._session_id(event)
        session_id = wanted if self.own else self.builder.unique_id(wanted)
        self.builder.claim(session_id, event.place, event.line)
        if session_id != wanted:
            self.builder.warn_at(event.place, f"UID {wanted!r} is used before in the feed; this "
                                 f"event's id is {session_id!r}", event.line)
        self._session(event.component, session_id, event.place, event.line)

    # -- series

    def _bounds(self, span: tuple[date | None, date | None]) -> tuple[date | None, date | None]:
        """The days to expand repeats in: `span`, else the days of the single events."""
        days = [day for session in self.builder.sessions for day in session_days(session)]
        first, last = span
        return (first or (min(days) if days else None), last or (max(days) if days else None))

    def _series(self, series: _Series, bounds: tuple[date | None, date | None]) -> bool:
        """Add the occurrences of one series; False when the feed has too many in all."""
        builder, zone = self.builder, self.zone
        if zone is None or not all(self._readable(event) for event in
                                   [*filter(None, [series.master]), *series.overrides]):
            return True
        head = series.first
        if (_text(head.component, "STATUS") or "").upper() == "CANCELLED" and series.master:
            builder.warn_at(head.place, "left out, it is cancelled (STATUS:CANCELLED): "
                            f"{single_spaced(_text(head.component, 'SUMMARY'))!r}", head.line)
            return True
        window = self._window(series, bounds)
        if window is None:
            return True
        occurrences = self._expand(series, window)
        if occurrences is None:
            return True
        base = self._series_id(head)
        override_at = {_stamp(_dt(event.component, "RECURRENCE-ID"), zone): event
                       for event in series.overrides}
        first, last = bounds
        kept = 0
        repeats = series.master is None or any(
            name in series.master.component for name in ("RRULE", "RDATE"))
        for component in occurrences:
            start_day = _as_utc(_dt(component, "DTSTART"), zone).astimezone(zone).date()
            if (first and start_day < first) or (last and start_day > last):
                continue
            self.occurrences += 1
            if self.occurrences > MAX_OCCURRENCES:
                builder.problem(head.place, f"refused: the feed's repeating events have more "
                                f"than {MAX_OCCURRENCES:,} occurrences in all; expand them in "
                                "fewer days with --from and --until", head.line, whole_file=True)
                return False
            stamp = _stamp(_dt(component, "RECURRENCE-ID"), zone)
            source = override_at.get(stamp)
            place = source.place if source else f"{head.place} at {stamp}"
            line = source.line if source else head.line
            with builder.unit(place, line):
                # A single event moved by an override of its own keeps the id it has
                # without one: bookmarks follow it.
                session_id = stable_id(f"{base}@{stamp}" if repeats else base)
                if builder.claim(session_id, place, line):
                    self._session(component, session_id, place, line)
            kept += 1
        if not kept and series.master:
            builder.warn_at(head.place, "repeats, but no occurrence starts between "
                            f"{first or 'its start'} and {last or 'its end'}; left out", head.line)
        return True

    def _series_id(self, head: _Event) -> str:
        wanted = self._session_id(head)
        series_id, number = wanted, 2
        while series_id in self._series_ids:
            series_id, number = f"{wanted}-{number}", number + 1
        self._series_ids.add(series_id)
        return series_id

    def _window(self, series: _Series, bounds: tuple[date | None, date | None],
                ) -> tuple[datetime, datetime] | None:
        """The instants (UTC) to ask recurring-ical-events for occurrences in, once the
        rules are known to repeat a bounded number of times in it; None with a problem."""
        builder, zone = self.builder, self.zone
        assert zone is not None
        head = series.first
        first, last = bounds
        margin = timedelta(days=2)  # floating times and long events around the edges
        instants = [_as_utc(_dt(event.component, "DTSTART"), zone) for event in series.overrides]
        instants += [_as_utc(_dt(event.component, "RECURRENCE-ID"), zone) for event in series.overrides]
        end = _as_utc(last + timedelta(days=1), zone) + margin if last else None
        if series.master is not None:
            master = series.master.component
            dtstart = _dt(master, "DTSTART")
            instants += [_as_utc(dtstart, zone), *(_as_utc(d, zone) for d in _rdates(master))]
            if end is None and not _bounded(master):
                builder.problem(f"{head.place}/RRULE", "repeats without end (no COUNT or UNTIL) and "
                                "there is no span to expand it in: the feed has no single events; "
                                "give --from and --until", head.line)
                return None
            # No occurrence after the years an agenda may name: each would be a problem.
            end = min(end or _LAST_INSTANT, _LAST_INSTANT)
            try:
                counted = self._count(master, dtstart, end, series.overrides)
            except (ValueError, TypeError, OverflowError) as error:
                builder.problem(f"{head.place}/RRULE", f"cannot be read: {error}", head.line)
                return None
            if counted is None:
                builder.problem(f"{head.place}/RRULE", f"repeats more than {MAX_OCCURRENCES:,} times "
                                f"before {last or 'its end'}", head.line)
                return None
            instants += counted
        start = _as_utc(first, zone) - margin if first else min(instants) - margin
        return start, end or max(instants) + margin

    def _count(self, master: icalendar.cal.Component, dtstart: date | datetime,
               end: datetime | None, overrides: list[_Event]) -> list[datetime] | None:
        """Each instant the rules make from DTSTART up to `end` (UTC; all, when None), or
        None when there are more than MAX_OCCURRENCES of them."""
        zone = self.zone
        assert zone is not None
        if end is not None:
            # An override for this and future occurrences moved back makes the library
            # look that much further ahead.
            for event in overrides:
                rid = event.component["RECURRENCE-ID"]
                if str(rid.params.get("RANGE", "")).upper() == "THISANDFUTURE":
                    moved = (_as_utc(_dt(event.component, "RECURRENCE-ID"), zone)
                             - _as_utc(_dt(event.component, "DTSTART"), zone))
                    end += max(moved, timedelta(0))
        start = dtstart if isinstance(dtstart, datetime) else datetime.combine(dtstart, time())
        found: list[datetime] = []
        budget = MAX_OCCURRENCES - len(_rdates(master))
        for rule in _rules(master, start, zone):
            for instant in rule:
                moment = _as_utc(instant, zone)
                if end is not None and moment > end:
                    break
                found.append(moment)
                if len(found) > budget:
                    return None
        return found

    def _expand(self, series: _Series, window: tuple[datetime, datetime],
                ) -> list[icalendar.cal.Component] | None:
        zone = self.zone
        assert zone is not None
        calendar = icalendar.Calendar()
        for event in [*filter(None, [series.master]), *series.overrides]:
            calendar.add_component(event.component)
        try:
            found = CalendarQuery(calendar).between(*window)
            return sorted(found, key=lambda component: _as_utc(_dt(component, "DTSTART"), zone))
        # The library's own errors are ValueErrors (InvalidCalendar); a feed that mixes
        # dates and date-times where it does not expect them gives a TypeError.
        except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as error:
            head = series.first
            self.builder.problem(head.place, f"cannot expand its repeats: {error}", head.line)
            return None

    # -- one session

    def _session(self, event: icalendar.cal.Component, session_id: str, place: str,
                 line: int | None) -> None:
        builder, zone = self.builder, self.zone
        title = single_spaced(_text(event, "SUMMARY"))
        if (_text(event, "STATUS") or "").upper() == "CANCELLED":
            builder.warn_at(place, f"left out, it is cancelled (STATUS:CANCELLED): {title!r}", line)
            return
        if not title:
            # SUMMARY is optional in RFC 5545, and PyCon UK's feed has empty ones.
            title = UNTITLED
            builder.warn_at(place, f"no title (SUMMARY); shown as {UNTITLED!r}", line)
        if zone is None:
            return  # reported once for the whole feed
        times = _times(builder, event, place, line, zone)
        if times is None:
            return
        start = times.start
        record = {
            "id": session_id,
            "day": start.date() if isinstance(start, datetime) else start,  # all day: a date
            "all_day": times.all_day or None,
            "start": start,
            "end": times.end,
            "title": title,
            "url": (_text(event, "URL") or "").strip() or None,
        }
        record.update(self._own_fields(event) if self.own else _feed_fields(event, title))
        builder.session(place, record, line)

    def _own_fields(self, event: icalendar.cal.Component) -> dict[str, Any]:
        """What agenda-tui's own export keeps in X-AGENDA-TUI-* properties (LOCATION and
        DESCRIPTION are for people, and are not read back)."""
        fields: dict[str, Any] = {
            "kind": _text(event, "X-AGENDA-TUI-KIND") or SessionKind.TALK.value,
            "track": _text(event, "X-AGENDA-TUI-TRACK-ID"),
            "people": list(_people(_values(event, "ATTENDEE"))),
            "location": _text(event, "X-AGENDA-TUI-ROOM"),
            "virtual": _is_true(event, "X-AGENDA-TUI-VIRTUAL") or None,
            "abstract": _text(event, "X-AGENDA-TUI-ABSTRACT"),
            "source_id": source_id(_text(event, "X-AGENDA-TUI-SOURCE-ID")),
        }
        # The programme's day only where the agenda named one (after midnight, say).
        day = _text(event, "X-AGENDA-TUI-DAY")
        fields["day"] = date.fromisoformat(day.strip()) if day else None  # ValueError: skipped
        if title := _text(event, "X-AGENDA-TUI-TITLE"):
            fields["title"] = title  # SUMMARY is the title as calendars show it, cleaned
        return fields


def _feed_fields(event: icalendar.cal.Component, title: str) -> dict[str, Any]:
    categories = _categories(event)
    if categories:
        kind = kind_for(" ".join(categories), default=SessionKind.OTHER)
    else:
        kind = SessionKind.BREAK if _BREAK_TITLE.search(title) else SessionKind.TALK
    return {
        "kind": kind.value,
        "location": single_spaced(_text(event, "LOCATION")) or None,
        "abstract": plain_text(_text(event, "DESCRIPTION")) or None,
    }


_SPEAKER_URN = "urn:agenda-tui:speaker:"


def _people(attendees: Iterable[Any]) -> Iterable[dict[str, str]]:
    """Speakers from ATTENDEE, as agenda-tui's export writes them: the speaker's id in
    X-AGENDA-TUI-SPEAKER (else in the `urn:agenda-tui:speaker:` value), the role in
    X-AGENDA-TUI-ROLE (else CHAIR for a moderator)."""
    for attendee in attendees:
        params = getattr(attendee, "params", {})
        speaker = params.get("X-AGENDA-TUI-SPEAKER")
        if not speaker and str(attendee).startswith(_SPEAKER_URN):
            speaker = unquote(str(attendee)[len(_SPEAKER_URN):])
        if not speaker:
            continue
        role = params.get("X-AGENDA-TUI-ROLE") or (
            Role.MODERATOR.value if str(params.get("ROLE", "")).upper() == "CHAIR"
            else Role.SPEAKER.value)
        yield {"speaker": str(speaker), "role": str(role).lower()}


def _categories(event: icalendar.cal.Component) -> list[str]:
    names: list[str] = []
    for item in _values(event, "CATEGORIES"):
        cats = getattr(item, "cats", None)
        names.extend(str(cat) for cat in cats) if cats is not None else names.append(str(item))
    return names

