"""A checked agenda as plain tuples, and back: what the agenda cache keeps.

The tuples hold only what `marshal` can: strings, numbers, None, tuples. Dates are day
numbers (`date.toordinal`), a session's start and end are POSIX timestamps (whole
seconds; the rare time with a fraction of a second as ISO 8601 text), and enums their
values. The instants follow the zone's rules as they were, so the zone's rules file is
named with them (`zones.rules_stamp`): new rules (a country that changes its clocks)
mean the TOML is read again. Reading them back builds the objects straight from their fields, without
`__init__`: they passed every check when they were written, under the same code (the
cache's key says so), and ten thousand sessions would otherwise be checked again at
every start. Equal strings are kept once (room names, track ids, kinds), in memory and
in the file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from agenda_tui.model import (
    Agenda,
    Conference,
    Link,
    Organizer,
    Participation,
    Role,
    Session,
    SessionKind,
    Speaker,
    Track,
)
from agenda_tui.zones import rules_stamp, zone_named

Fields = tuple[Any, ...]
T = TypeVar("T")


def _maker(kind: type[T]) -> Callable[[Sequence[Any]], T]:
    """A function that makes a `kind` (a slotted dataclass) from its fields' values, in
    the order of `dataclasses.fields`, setting each slot as the frozen dataclass's own
    `__init__` does, without running it.

    Written out field by field and compiled, as `dataclasses` writes `__init__`: a loop
    over the fields costs half as much again, at ten thousand sessions per start.
    """
    names = [spec.name for spec in fields(kind)]  # type: ignore[arg-type]
    scope: dict[str, Any] = {f"set_{name}": getattr(kind, name).__set__ for name in names}
    scope |= {"new": object.__new__, "kind": kind}
    values = ", ".join(f"v_{name}" for name in names)
    lines = [f"def make(values):\n    made = new(kind)\n    ({values},) = values\n",
             *(f"    set_{name}(made, v_{name})\n" for name in names), "    return made\n"]
    exec("".join(lines), scope)  # noqa: S102 (names from the dataclass's own fields)
    made: Callable[[Sequence[Any]], T] = scope["make"]
    return made


_link = _maker(Link)
_organizer = _maker(Organizer)
_track = _maker(Track)
_speaker = _maker(Speaker)
_participation = _maker(Participation)
_session = _maker(Session)
_KINDS = {kind.value: kind for kind in SessionKind}
_ROLES = {role.value: role for role in Role}


def _instant(moment: datetime) -> int | str:
    if moment.microsecond:
        return moment.isoformat()
    return int(moment.timestamp())


def _links(links: list[Link]) -> Fields:
    return tuple((link.title, link.url) for link in links)


def agenda_to_fields(agenda: Agenda) -> Fields:
    """The agenda as marshal data: see the module's docstring."""
    shared: dict[Any, Any] = {}
    once = shared.setdefault
    conference = agenda.conference
    position = {id(session): at for at, session in enumerate(agenda.sessions)}
    return (
        agenda.schema_version,
        (conference.id, conference.title, conference.venue, conference.start_date.toordinal(),
         conference.end_date.toordinal(), conference.timezone, conference.acronym, conference.url,
         tuple(conference.sponsors), tuple(conference.supporters),
         tuple((person.name, person.role, person.affiliation, _links(person.links))
               for person in conference.organizers),
         _links(conference.links), tuple(conference.rooms)),
        tuple((track.id, track.title, track.question, track.description)
              for track in agenda.tracks),
        tuple((speaker.id, speaker.name, speaker.affiliation, speaker.bio, _links(speaker.links))
              for speaker in agenda.speakers),
        tuple((session.id, session.day.toordinal() if session.day else None, session.all_day,
               _instant(session.start), _instant(session.end), once(session.kind.value, session.kind.value),
               session.title,
               tuple(once((person.speaker, person.role.value), (person.speaker, person.role.value))
                     for person in session.people),
               once(session.track, session.track), session.virtual,
               once(session.location, session.location), session.abstract, session.url,
               session.source_id)
              for session in agenda.sessions),
        tuple(position[id(session)] for session in agenda.sessions_in_order),
        rules_stamp(conference.timezone),
    )


def agenda_from_fields(data: Fields) -> Agenda:
    """The agenda `agenda_to_fields` gave; ValueError (or TypeError, IndexError...) for
    data of another shape."""
    schema_version, conference_fields, tracks, speakers, sessions, order, rules = data
    (conference_id, title, venue, start_date, end_date, timezone, acronym, url, sponsors,
     supporters, organizers, links, rooms) = conference_fields
    zone = zone_named(timezone)
    if zone is None:
        raise ValueError(f"not a time zone: {timezone!r}")
    if rules != rules_stamp(timezone):  # the instants kept follow the zone's old rules
        raise ValueError(f"the rules of {timezone} have changed since it was cached")
    conference = Conference(
        id=conference_id, title=title, venue=venue, start_date=date.fromordinal(start_date),
        end_date=date.fromordinal(end_date), timezone=timezone, acronym=acronym, url=url,
        sponsors=list(sponsors), supporters=list(supporters),
        organizers=[_organizer((name, role, affiliation, _links_from(person_links)))
                    for name, role, affiliation, person_links in organizers],
        links=_links_from(links), rooms=list(rooms))
    people: dict[Fields, Participation] = {}  # one object for each speaker in each role

    def person(speaker: str, role: str) -> Participation:
        if (made := people.get((speaker, role))) is None:
            made = people[speaker, role] = _participation((speaker, _ROLES[role]))
        return made

    def moment(value: int | str) -> tuple[datetime, datetime]:
        if isinstance(value, int):
            return datetime.fromtimestamp(value, zone), datetime.fromtimestamp(value, UTC)
        local = datetime.fromisoformat(value).astimezone(zone)
        return local, local.astimezone(UTC)

    ordinal = date.fromordinal
    built = []
    for (session_id, day, all_day, start, end, kind, session_title, session_people, track,
         virtual, location, abstract, session_url, source_id) in sessions:
        start_local, start_utc = moment(start)
        end_local, end_utc = moment(end)
        built.append(_session((
            session_id, None if day is None else ordinal(day), all_day, start_local, end_local,
            _KINDS[kind], session_title, [person(*pair) for pair in session_people], track,
            virtual, location, abstract, session_url, source_id, start_utc, end_utc)))
    agenda = Agenda(
        schema_version=schema_version, conference=conference,
        tracks=[_track(track) for track in tracks],
        speakers=[_speaker((*speaker[:4], _links_from(speaker[4]))) for speaker in speakers],
        sessions=built)
    agenda.adopt_time_order(list(order))  # refuses anything but a permutation of the sessions
    return agenda


def _links_from(links: Fields) -> list[Link]:
    return [_link(link) for link in links]
