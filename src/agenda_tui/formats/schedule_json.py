"""c3voc `schedule.json` (frab's schema as JSON: pretalx, the c3voc tools) -> Agenda.

`{"schedule": {"conference": {acronym, title, start, end, time_zone_name?,
rooms?, days: [{index, date, day_start, day_end, rooms: {"<room>": [event...]}}]}}}`.
The meaning of the fields is shared with the XML form (`agenda_tui.formats._frab`).
pretalx's export has no `time_zone_name`, only offsets: such a file needs
`timezone` (`--timezone`).
"""

from __future__ import annotations

import json
from typing import Any

from agenda_tui.errors import InvalidFileError, integer_or_text
from agenda_tui.files import DEFAULT_MAX_SIZE
from agenda_tui.formats._common import check_size, decode
from agenda_tui.formats._frab import (
    FrabDay,
    FrabEvent,
    FrabPerson,
    FrabRoom,
    FrabSchedule,
    build_agenda,
)
from agenda_tui.model import Agenda


def parse_schedule_json(data: bytes, source: str = "<schedule.json>", timezone: str | None = None,
                        max_size: int = DEFAULT_MAX_SIZE, warnings: list[str] | None = None,
                        strict: bool = False) -> Agenda:
    """The agenda in a schedule.json; InvalidFileError lists every problem found
    (with `strict`), or those that are not confined to one day, room or event."""
    check_size(len(data), source, max_size)
    text = decode(data, source)
    try:
        document = json.loads(text, parse_int=integer_or_text)
    except json.JSONDecodeError as error:
        message = f"malformed JSON: {error.msg} (column {error.colno})"
        raise InvalidFileError.single(source, message, line=error.lineno) from None
    return build_agenda(read_schedule(document, source), source, timezone, warnings, strict)


def _str(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def _shape_error(source: str, place: str, message: str) -> InvalidFileError:
    return InvalidFileError.single(source, message, place)


def read_schedule(document: Any, source: str) -> FrabSchedule:
    # Any: JSON, and a dict wherever conference below is one.
    schedule: Any = document.get("schedule") if isinstance(document, dict) else None
    conference = schedule.get("conference") if isinstance(schedule, dict) else None
    if not isinstance(conference, dict):
        raise _shape_error(source, "schedule.conference",
                           "not a schedule.json: no object at schedule.conference")
    place = "schedule.conference"
    room_list = conference.get("rooms")
    known = None
    listed: list[str] = []
    if isinstance(room_list, list):
        listed = [" ".join(str(room.get("name", "")).split()) for room in room_list if isinstance(room, dict)]
        known = set(listed) - {""} or None
    result = FrabSchedule(
        conference_place=place,
        acronym=_str(conference.get("acronym")),
        title=_str(conference.get("title")),
        start=_str(conference.get("start")),
        end=_str(conference.get("end")),
        time_zone_name=_str(conference.get("time_zone_name")),
        day_change=_str(conference.get("day_change")),
        venue=_str(conference.get("venue")),
        url=_str(conference.get("url")) or _str(schedule.get("base_url")),
        known_rooms=known,
        room_list=listed,
        separator=".",
    )
    days = conference.get("days")
    if not isinstance(days, list):
        raise _shape_error(source, f"{place}.days", "not a schedule.json: days is not a list")
    for day_index, day in enumerate(days):
        result.days.append(_day(day, f"{place}.days[{day_index}]"))
    return result


def _day(day: Any, place: str) -> FrabDay:
    if not isinstance(day, dict):
        return FrabDay(place=place, date=None, fault="a day is not an object")
    frab_day = FrabDay(place=place, date=_str(day.get("date")), start=_str(day.get("day_start")))
    rooms = day.get("rooms") or {}
    if not isinstance(rooms, dict):
        frab_day.fault = "rooms is not an object of room names"
        return frab_day
    for name, events in rooms.items():
        room_place = f"{place}.rooms[{json.dumps(name, ensure_ascii=False)}]"
        frab_room = FrabRoom(place=room_place, name=" ".join(name.split()))
        if not isinstance(events, list):
            frab_room.fault = "a room's events are not a list"
        else:
            for event_index, event in enumerate(events):
                event_place = f"{room_place}[{event_index}]"
                frab_room.events.append(
                    _event(event, event_place) if isinstance(event, dict)
                    else FrabEvent(place=event_place, fault="an event is not an object"))
        frab_day.rooms.append(frab_room)
    return frab_day


def _person(person: Any) -> FrabPerson:
    if not isinstance(person, dict):
        return FrabPerson(key=None, name=_str(person))
    key = person.get("guid") or person.get("code") or person.get("id")
    name = person.get("public_name") or person.get("name")
    return FrabPerson(key=_str(key), name=_str(name), bio=_str(person.get("biography")))


def _link(link: Any) -> str:
    if isinstance(link, dict):
        return str(link.get("url") or link.get("href") or "").strip()
    return str(link or "").strip()


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _event(event: dict[str, Any], place: str) -> FrabEvent:
    persons = _list(event.get("persons"))
    links = _list(event.get("links"))
    return FrabEvent(
        place=place,
        guid=_str(event.get("guid")),
        id=_str(event.get("id")),
        date=_str(event.get("date")),
        start=_str(event.get("start")),
        duration=_str(event.get("duration")),
        room=_str(event.get("room")),
        title=_str(event.get("title")),
        subtitle=_str(event.get("subtitle")),
        track=_str(event.get("track")),
        type=_str(event.get("type")),
        abstract=_str(event.get("abstract")),
        description=_str(event.get("description")),
        url=_str(event.get("url")),
        code=_str(event.get("code")),
        origin_url=_str(event.get("origin_url")),
        persons=[_person(person) for person in persons],
        links=[link for link in map(_link, links) if link],
    )
