"""The frab schedule, whether it came as XML or as JSON: one set of rules for both.

`frab_xml` and `schedule_json` only read their syntax into these records;
`build_agenda` applies the meaning:

- the conference zone is `time_zone_name`, else the `timezone` argument
  (`--timezone`), else the import is refused with a message saying so;
- an event's `date` with a UTC offset is an absolute instant and wins over
  `start` and over the zone name; a `date` without offset, or only `start`
  (`HH:MM`), is wall-clock time in the conference zone, and a `start` earlier
  in the day than the day's own start (or `day_change`) is after midnight;
- every event belongs to the `<day>` it is listed under (`Session.day`), so
  the 02:00 party on 28 December stays on the 27 December programme;
- the stable session id is the event's `guid`, else its `id`;
- rooms become `Session.location`; an event whose own `room` names another
  room than the one it is listed under (or one the conference does not list)
  is an unknown room, a problem;
- a duration of `00:00` is a session that takes no time (a moment).

A problem in one event skips that event, and one in a day (its date) or a room
(its shape, in JSON) skips all of its events, each with one warning naming its
place; with `strict`, any problem refuses the file. A problem with the whole
file (no zone, a bad `day_change`) always refuses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from agenda_tui.formats._common import (
    AgendaBuilder,
    join_texts,
    kind_for,
    missing_zone_message,
    parse_clock,
    parse_date,
    parse_datetime,
    parse_duration,
    single_spaced,
    slugify,
    source_id,
    stable_id,
    zone_from_argument,
)
from agenda_tui.model import SUPPORTED_YEARS, Agenda, after
from agenda_tui.zones import zone_named


@dataclass
class FrabPerson:
    key: str | None
    name: str | None
    bio: str | None = None


@dataclass
class FrabEvent:
    place: str
    guid: str | None = None
    id: str | None = None
    date: str | None = None
    start: str | None = None
    duration: str | None = None
    room: str | None = None
    title: str | None = None
    subtitle: str | None = None
    track: str | None = None
    type: str | None = None
    abstract: str | None = None
    description: str | None = None
    url: str | None = None
    code: str | None = None  # pretalx's submission code (schedule.json's `code`)
    origin_url: str | None = None  # the CCC hub's link to the event's pretalx page
    persons: list[FrabPerson] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    line: int | None = None
    fault: str | None = None  # what the reader found wrong with its shape


@dataclass
class FrabRoom:
    place: str
    name: str
    events: list[FrabEvent] = field(default_factory=list)
    fault: str | None = None


@dataclass
class FrabDay:
    place: str
    date: str | None
    start: str | None = None
    rooms: list[FrabRoom] = field(default_factory=list)
    fault: str | None = None


@dataclass
class FrabSchedule:
    conference_place: str
    acronym: str | None = None
    title: str | None = None
    start: str | None = None
    end: str | None = None
    time_zone_name: str | None = None
    day_change: str | None = None
    venue: str | None = None
    url: str | None = None
    known_rooms: set[str] | None = None  # None: the file lists no rooms of its own
    room_list: list[str] = field(default_factory=list)  # the file's own list of rooms, in its order
    separator: str = "/"  # between parts of a place: `/` in XML, `.` in JSON
    days: list[FrabDay] = field(default_factory=list)


def build_agenda(schedule: FrabSchedule, source: str, timezone: str | None = None,
                 warnings: list[str] | None = None, strict: bool = False) -> Agenda:
    builder = AgendaBuilder(source, strict)
    builder.separator = schedule.separator
    zone = _zone(schedule, builder, timezone)
    day_change = _day_change(schedule, builder)
    day_dates: list[date] = []
    for day in schedule.days:
        with builder.unit(day.place):
            _add_day(builder, day, zone, day_change, schedule.known_rooms, day_dates)

    conference_id = slugify(schedule.acronym or "") or slugify(schedule.title or "") or "imported"
    start_date, end_date = _conference_dates(schedule, day_dates, builder)
    agenda = builder.build({
        "id": conference_id,
        "title": single_spaced(schedule.title) or single_spaced(schedule.acronym) or conference_id,
        "acronym": single_spaced(schedule.acronym) or None,
        "venue": single_spaced(schedule.venue) or None,
        "url": (schedule.url or "").strip() or None,
        "start_date": start_date,
        "end_date": end_date,
        "timezone": zone.key if zone else "UTC",
        "rooms": room_order(schedule),
    })
    if warnings is not None:
        warnings.extend(builder.warnings)
    return agenda


def room_order(schedule: FrabSchedule) -> list[str]:
    """The rooms in the source's own order: its list of rooms where it has one, then those
    its days list, each placed after the room listed before it on its day (a room first
    seen on day 2 between two of day 1's goes between them, not at the end)."""
    order = [name for name in dict.fromkeys(schedule.room_list) if name]
    for day in schedule.days:
        previous: str | None = None
        for room in day.rooms:
            if not room.name:
                continue
            if room.name not in order:
                order.insert(len(order) if previous is None else order.index(previous) + 1, room.name)
            previous = room.name
    return order


def _add_day(builder: AgendaBuilder, day: FrabDay, zone: ZoneInfo | None, day_change: time | None,
             known_rooms: set[str] | None, day_dates: list[date]) -> None:
    if day.fault:
        builder.problem(day.place, day.fault)
        return
    day_date = _day_date(day, builder)
    if day_date is None:
        return
    day_start = _day_start(day, day_date, zone, day_change, builder)
    day_dates.append(day_date)
    for room in day.rooms:
        with builder.unit(room.place):
            if room.fault:
                builder.problem(room.place, room.fault)
                continue
            for event in room.events:
                with builder.unit(event.place, event.line):
                    if event.fault:
                        builder.problem(event.place, event.fault, event.line)
                        continue
                    _add_event(builder, event, room, day_date, day_start, zone, known_rooms)


def _at(builder: AgendaBuilder, place: str, name: str) -> str:
    return f"{place}{builder.separator}{name}"


def _zone(schedule: FrabSchedule, builder: AgendaBuilder, timezone: str | None) -> ZoneInfo | None:
    place = _at(builder, schedule.conference_place, "time_zone_name")
    declared = (schedule.time_zone_name or "").strip()
    if declared:
        zone = zone_named(declared)
        if zone is None:
            builder.problem(place, f"unknown IANA time zone {declared!r}")
        elif timezone and zone_named(timezone) != zone:
            builder.warn(f"the file names its time zone, {declared}; "
                         f"--timezone {timezone} was not used")
        return zone
    if timezone:
        return zone_from_argument(builder, timezone)
    builder.problem(place, missing_zone_message("the file names no time zone (time_zone_name)"))
    return None


def _day_change(schedule: FrabSchedule, builder: AgendaBuilder) -> time | None:
    if not schedule.day_change:
        return None
    try:
        return parse_clock(schedule.day_change)
    except ValueError as error:
        builder.problem(_at(builder, schedule.conference_place, "day_change"), str(error))
        return None


def _day_date(day: FrabDay, builder: AgendaBuilder) -> date | None:
    if not day.date:
        builder.problem(day.place, "the day has no date")
        return None
    try:
        day_date = parse_date(day.date)
    except ValueError as error:
        builder.problem(_at(builder, day.place, "date"), str(error))
        return None
    if not SUPPORTED_YEARS[0] <= day_date.year <= SUPPORTED_YEARS[1]:
        builder.problem(_at(builder, day.place, "date"),
                        f"{day_date} is outside the years an agenda may name "
                        f"({SUPPORTED_YEARS[0]} to {SUPPORTED_YEARS[1]})")
        return None
    return day_date


def _day_start(day: FrabDay, day_date: date, zone: ZoneInfo | None, day_change: time | None,
               builder: AgendaBuilder) -> time | None:
    """The wall-clock time at which this day begins, to place `HH:MM` starts after midnight."""
    if day.start:
        try:
            moment = parse_datetime(day.start)
        except ValueError as error:
            builder.problem(_at(builder, day.place, "start"), str(error))
            return day_change
        if moment.tzinfo is not None and zone is not None:
            moment = moment.astimezone(zone)
        if moment.date() == day_date:
            return moment.time()
    return day_change


def _conference_dates(schedule: FrabSchedule, day_dates: list[date],
                      builder: AgendaBuilder) -> tuple[date | None, date | None]:
    if day_dates:
        return min(day_dates), max(day_dates)
    dates = []
    for name, text in (("start", schedule.start), ("end", schedule.end)):
        try:
            dates.append(parse_date(text) if text else None)
        except ValueError as error:
            builder.problem(_at(builder, schedule.conference_place, name), str(error))
            dates.append(None)
    if dates[0] is None:
        builder.problem(schedule.conference_place, "the schedule has no days and no start date")
    return dates[0], dates[1] or dates[0]


def _add_event(builder: AgendaBuilder, event: FrabEvent, room: FrabRoom, day_date: date,
               day_start: time | None, zone: ZoneInfo | None, known_rooms: set[str] | None) -> None:
    place, line = event.place, event.line
    session_id = stable_id(event.guid) or stable_id(event.id)
    if not session_id:
        builder.problem(place, "the event has neither a guid nor an id", line)
        return
    claimed = builder.claim(session_id, place, line)

    start = _event_start(builder, event, day_date, day_start, zone)
    end = None
    if event.duration is None or not event.duration.strip():
        builder.problem(_at(builder, place, "duration"), "missing duration", line)
    else:
        try:
            length = parse_duration(event.duration)
        except ValueError as error:
            builder.problem(_at(builder, place, "duration"), str(error), line)
        else:
            if start is not None:
                try:
                    end = after(start, length)
                except OverflowError:
                    builder.problem(_at(builder, place, "duration"),
                                    f"duration {event.duration.strip()!r} ends past the year 9999",
                                    line)

    own_room = single_spaced(event.room)
    if own_room and own_room != room.name:
        builder.problem(_at(builder, place, "room"),
                        f"unknown room {own_room!r}: the event is listed under room {room.name!r}",
                        line)
    elif known_rooms is not None and room.name not in known_rooms:
        builder.problem(_at(builder, place, "room"),
                        f"unknown room {room.name!r}: not among the conference's rooms", line)

    title = single_spaced(event.title)
    subtitle = single_spaced(event.subtitle)
    if not title:
        builder.problem(_at(builder, place, "title"), "missing title", line)
    people: list[dict[str, str]] = []
    for person in event.persons:
        speaker_id = builder.speaker(person.key, person.name, person.bio)
        if speaker_id and speaker_id not in {p["speaker"] for p in people}:
            people.append({"speaker": speaker_id})
    if start is None or end is None or not title or not claimed:
        return
    url = (event.url or "").strip() or next((link for link in event.links if link), None)
    builder.session(place, {
        "id": session_id,
        "day": day_date,
        "start": start,
        "end": end,
        "kind": kind_for(event.type).value,
        "title": title,
        "people": people,
        "track": builder.track(event.track),
        "location": room.name or own_room or None,
        "abstract": join_texts(subtitle, event.abstract, event.description),
        "url": url,
        "source_id": _source_id(event, session_id),
    }, line)


# pretalx's page of a talk: .../talk/HQCCYH/
_PRETALX_TALK = re.compile(r"/talk/([A-Z0-9]{4,12})/?(?:[?#]|$)")


def _source_id(event: FrabEvent, session_id: str) -> str | None:
    """The short id people know the event by, if it is not the session id already: its
    pretalx code (`code`, or from its pretalx link), else frab's event number (`id`);
    the first that is an id the model takes as it is (it comes from the file)."""
    codes = [match[1] for link in (event.url, event.origin_url)
             if link and (match := _PRETALX_TALK.search(link.strip()))]
    for candidate in (event.code, *codes, event.id):
        if (alias := source_id(candidate)) is not None:
            return None if alias == session_id else alias
    return None


def _event_start(builder: AgendaBuilder, event: FrabEvent, day_date: date,
                 day_start: time | None, zone: ZoneInfo | None) -> datetime | None:
    place, line = event.place, event.line
    if event.date and event.date.strip():
        try:
            moment = parse_datetime(event.date)
        except ValueError as error:
            builder.problem(_at(builder, place, "date"), str(error), line)
            return None
        if moment.tzinfo is not None:
            return moment  # an absolute instant: it wins over `start` and the zone name
        if zone is None:
            return None  # the missing zone is reported once, for the whole file
        return moment.replace(tzinfo=zone)
    if not event.start or not event.start.strip():
        builder.problem(_at(builder, place, "start"), "missing start time (no date and no start)",
                        line)
        return None
    try:
        clock = parse_clock(event.start)
    except ValueError as error:
        builder.problem(_at(builder, place, "start"), str(error), line)
        return None
    if zone is None:
        return None
    on = day_date + timedelta(days=1) if day_start is not None and clock < day_start else day_date
    return datetime.combine(on, clock, tzinfo=zone)

