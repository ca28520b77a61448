"""frab/Pentabarf `schedule.xml` (frab, pretalx, FOSDEM, the c3voc tools) -> Agenda.

Parsed with defusedxml: a DTD, entity declarations (the billion-laughs
attack) and external entities are refused outright, and so is a file over
`max_size` bytes. The reading is lenient about elements it does not use
(FOSDEM's top-level `<tracks>`, `<feedback_url>`, `<answers>`...); the
meaning of what it does use is in `agenda_tui.formats._frab`.
"""

from __future__ import annotations

from typing import NoReturn
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from agenda_tui.errors import InvalidFileError
from agenda_tui.files import DEFAULT_MAX_SIZE
from agenda_tui.formats._common import check_size
from agenda_tui.formats._frab import (
    FrabDay,
    FrabEvent,
    FrabPerson,
    FrabRoom,
    FrabSchedule,
    build_agenda,
)
from agenda_tui.model import Agenda


def parse_frab_xml(data: bytes, source: str = "<schedule.xml>", timezone: str | None = None,
                   max_size: int = DEFAULT_MAX_SIZE, warnings: list[str] | None = None,
                   strict: bool = False) -> Agenda:
    """The agenda in a frab schedule.xml; InvalidFileError lists every problem found
    (with `strict`), or those that are not confined to one day or event.

    `timezone` is used only when the file names no `time_zone_name`. Warnings (each
    day or event skipped; nothing wrong, but worth saying) are appended to `warnings`.
    """
    check_size(len(data), source, max_size)
    root, lines = parse_xml(data, source)
    if root.tag != "schedule":
        raise InvalidFileError.single(
            source, f"not a frab schedule: the root element is <{root.tag}>, not <schedule>")
    return build_agenda(read_schedule(root, lines), source, timezone, warnings, strict)


class _LineRecordingParser(SafeET.DefusedXMLParser):
    """defusedxml's parser, noting the line on which each <event> starts (by element id).

    Any DTD is refused; it is refused at its end, so that an entity declared
    inside it is named as what it is (entity expansion, external entity).
    """

    def __init__(self) -> None:
        super().__init__(forbid_dtd=True, forbid_entities=True, forbid_external=True)
        self.lines: dict[int, int] = {}
        self._doctype: tuple[str, str | None, str | None] | None = None
        self.parser.EndDoctypeDeclHandler = self._end_doctype

    def defused_start_doctype_decl(self, name: str, sysid: str | None, pubid: str | None,
                                   has_internal_subset: bool) -> None:
        self._doctype = (name, sysid, pubid)

    def _end_doctype(self) -> NoReturn:
        raise defusedxml.DTDForbidden(*(self._doctype or ("", None, None)))

    def _start(self, tag: str, attr_list: list[str]) -> Element:
        # expat's start handler, bound in XMLParser.__init__; typeshed leaves out this
        # private method of the pure-Python XMLParser that defusedxml's parser extends.
        element: Element = super()._start(tag, attr_list)  # type: ignore[misc]
        if tag == "event":
            self.lines[id(element)] = self.parser.CurrentLineNumber
        return element


def parse_xml(data: bytes, source: str) -> tuple[Element, dict[int, int]]:
    """The root element and the events' lines; DTDs, entities and external references refused."""
    parser = _LineRecordingParser()
    try:
        parser.feed(data)
        return parser.close(), parser.lines
    except defusedxml.DTDForbidden:
        raise InvalidFileError.single(
            source, "refused: the XML has a document type declaration (DTD), which can "
                    "declare entities; schedule files have none") from None
    except defusedxml.EntitiesForbidden as error:
        if error.sysid or error.pubid:
            raise InvalidFileError.single(
                source, f"refused: the XML declares an external entity ({error.name!r} -> "
                        f"{error.sysid or error.pubid}); it is not fetched") from None
        raise InvalidFileError.single(
            source, f"refused: the XML declares an entity ({error.name!r}); entity expansion "
                    "is not allowed") from None
    except defusedxml.ExternalReferenceForbidden:
        raise InvalidFileError.single(
            source, "refused: the XML refers to an external entity; it is not fetched") from None
    except defusedxml.DefusedXmlException as error:
        raise InvalidFileError.single(source, f"refused: {error}") from None
    except LookupError as error:  # expat asks codecs for the declared encoding
        raise InvalidFileError.single(source, f"malformed XML: {error}") from None
    except ParseError as error:
        line, column = getattr(error, "position", (None, None))
        message = str(error).split(":")[0]
        raise InvalidFileError.single(
            source, f"malformed XML: {message} (column {column})" if column is not None
            else f"malformed XML: {error}", line=line) from None


def _text(element: Element | None, name: str) -> str | None:
    if element is None:
        return None
    child = element.find(name)
    if child is None:
        return None
    return "".join(child.itertext())


def _quoted(name: str) -> str:
    return '"' + name.replace('"', "'") + '"'


def read_schedule(root: Element, lines: dict[int, int] | None = None) -> FrabSchedule:
    conference = root.find("conference")
    conference_place = "schedule/conference"
    rooms = [room.get("name") or "".join(room.itertext()).strip()
             for path in ("conference/rooms/room", "rooms/room") for room in root.findall(path)]
    schedule = FrabSchedule(
        conference_place=conference_place,
        acronym=_text(conference, "acronym"),
        title=_text(conference, "title"),
        start=_text(conference, "start"),
        end=_text(conference, "end"),
        time_zone_name=_text(conference, "time_zone_name"),
        day_change=_text(conference, "day_change"),
        venue=_text(conference, "venue"),
        url=_text(conference, "url") or _text(conference, "base_url"),
        known_rooms={name for name in rooms if name} or None,
        room_list=[" ".join(name.split()) for name in rooms],
    )
    for day_index, day in enumerate(root.findall("day"), start=1):
        day_place = f"schedule/day[{day_index}]"
        frab_day = FrabDay(place=day_place, date=day.get("date"), start=day.get("start"))
        for room in day.findall("room"):
            name = " ".join((room.get("name") or "").split())
            room_place = f"{day_place}/room[@name={_quoted(name)}]"
            frab_room = FrabRoom(place=room_place, name=name)
            for event_index, event in enumerate(room.findall("event"), start=1):
                frab_event = _event(event, f"{room_place}/event[{event_index}]")
                frab_event.line = (lines or {}).get(id(event))
                frab_room.events.append(frab_event)
            frab_day.rooms.append(frab_room)
        schedule.days.append(frab_day)
    return schedule


def _event(event: Element, place: str) -> FrabEvent:
    persons = [
        FrabPerson(key=person.get("guid") or person.get("id"), name="".join(person.itertext()))
        for person in event.findall("persons/person")
    ]
    links = [link.get("href") or "" for link in event.findall("links/link")]
    return FrabEvent(
        place=place,
        guid=event.get("guid"),
        id=event.get("id"),
        date=_text(event, "date"),
        start=_text(event, "start"),
        duration=_text(event, "duration"),
        room=_text(event, "room"),
        title=_text(event, "title"),
        subtitle=_text(event, "subtitle"),
        track=_text(event, "track"),
        type=_text(event, "type"),
        abstract=_text(event, "abstract"),
        description=_text(event, "description"),
        url=_text(event, "url"),
        code=_text(event, "code"),
        origin_url=_text(event, "origin_url"),
        persons=persons,
        links=[link.strip() for link in links if link.strip()],
    )
