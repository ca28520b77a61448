"""c3voc/pretalx schedule.json: the real rC3 2020 export (offsets only) and hand-written cases."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agenda_tui.agenda_file import dump_agenda, parse_agenda
from agenda_tui.errors import InvalidFileError
from agenda_tui.formats.schedule_json import parse_schedule_json
from agenda_tui.model import Agenda, SessionKind
from tests.conftest import shared_data

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
BERLIN = ZoneInfo("Europe/Berlin")




def read(path: Path, **kwargs) -> Agenda:
    return parse_schedule_json(path.read_bytes(), path.name, **kwargs)


def problems_of(path: Path, **kwargs) -> list[str]:
    with pytest.raises(InvalidFileError) as caught:
        read(path, **kwargs)
    return caught.value.lines()


@pytest.fixture(scope="module")
def rc3_path() -> Path:
    return shared_data("rc3-2020-pretalx-schedule.json")


def test_rc3_names_no_zone_so_the_import_asks_for_one(rc3_path):
    lines = problems_of(rc3_path)
    assert lines == [
        ("rc3-2020-pretalx-schedule.json: schedule.conference.time_zone_name: the file names no "
        "time zone (time_zone_name); give the conference's zone with --timezone ZONE "
        "(an IANA name such as Europe/Brussels)")]


def test_rc3_every_event_matches_the_source(rc3_path):
    agenda = read(rc3_path, timezone="Europe/Berlin")
    source = json.loads(rc3_path.read_text(encoding="utf-8"))["schedule"]["conference"]
    count = 0
    for day in source["days"]:
        for room, events in day["rooms"].items():
            for event in events:
                count += 1
                session = agenda.sessions_by_id[event["guid"]]
                hours, minutes = map(int, event["duration"].split(":"))
                assert session.start == datetime.fromisoformat(event["date"])
                assert session.end - session.start == timedelta(hours=hours, minutes=minutes)
                assert session.location == room == event["room"]
                assert session.conference_day == date.fromisoformat(day["date"])
                names = [agenda.speakers_by_id[p.speaker].name for p in session.people]
                assert names == [p["public_name"] for p in event["persons"]]
    assert count == len(agenda.sessions) == 48
    assert agenda.conference.id == "rc3-channels-2020"
    assert agenda.conference.title == "rC3 Channels"
    assert (agenda.conference.start_date, agenda.conference.end_date) == (
        date(2020, 12, 27), date(2020, 12, 30))


def test_rc3_one_event_exactly(rc3_path):
    agenda = read(rc3_path, timezone="Europe/Berlin")
    session = agenda.sessions_by_id["c3642671-4c1f-5109-81ba-0535c1cc8428"]
    assert session.title == "Der faule Admin automatisiert: Gluon auf echter Hardware testen"
    assert session.start == datetime(2020, 12, 27, 11, 30, tzinfo=BERLIN)
    assert session.end == datetime(2020, 12, 27, 12, 10, tzinfo=BERLIN)
    assert session.location == "r3s - Monheim/Rhein"
    assert [p.speaker for p in session.people] == ["SCD9VJ", "MCQKPV"]  # pretalx codes
    assert agenda.speakers_by_id["SCD9VJ"].name == "Chris Fiege"
    assert agenda.tracks_by_id[session.track].title == "MON r3s Rhein VHS"
    assert session.kind is SessionKind.TALK  # "Talk 30 min + 10min Q&A"
    assert session.url == "https://pretalx.rc3.studio/rc3-channels-2020/talk/MJA8QY/"
    assert "\r" not in session.abstract
    assert session.abstract.startswith("Eine wichtige Komponente von Freifunk")
    assert parse_agenda(dump_agenda(agenda)) == agenda


def test_rc3_in_another_zone_keeps_the_instants(rc3_path):
    agenda = read(rc3_path, timezone="Europe/London")
    session = agenda.sessions_by_id["c3642671-4c1f-5109-81ba-0535c1cc8428"]
    assert session.start == datetime(2020, 12, 27, 10, 30, tzinfo=ZoneInfo("Europe/London"))


def test_small_file():
    agenda = read(DATA / "schedule-small.json")
    assert agenda.conference.id == "minicamp23"
    assert agenda.conference.url == "https://camp.example/"
    stars = agenda.sessions_by_id["22222222-0000-4000-8000-000000000001"]
    assert stars.start == datetime(2023, 8, 15, 20, 0, tzinfo=BERLIN)
    assert stars.abstract == "Telescopes.\nAnd patience."
    assert agenda.speakers_by_id["ABC123"].bio == "Astronomer."
    night = agenda.sessions_by_id["22222222-0000-4000-8000-000000000002"]
    assert night.start == datetime(2023, 8, 16, 1, 30, tzinfo=BERLIN)
    assert night.conference_day == date(2023, 8, 15)
    assert night.kind is SessionKind.OTHER
    assert night.url == "https://camp.example/night"  # "url" is empty; the first link
    assert agenda.speakers_by_id["5"].name == "Night Owl"
    solder = agenda.sessions_by_id["22222222-0000-4000-8000-000000000003"]
    assert solder.kind is SessionKind.WORKSHOP
    assert solder.location == "Workshop Tent"
    assert [p.speaker for p in solder.people] == ["ABC123"]  # the same person once
    assert len(agenda.speakers) == 2
    assert parse_agenda(dump_agenda(agenda)) == agenda


def test_every_problem_of_a_malformed_file_is_reported():
    room = 'schedule-malformed.json: schedule.conference.days[0].rooms["{room}"][{n}]'
    assert problems_of(DATA / "schedule-malformed.json") == [
        room.format(room="Milliways", n=0) + ".start: missing start time (no date and no start)",
        room.format(room="Milliways", n=1) + ".duration: bad duration 'half an hour' (expected HH:MM)",
        room.format(room="Milliways", n=2) + ": duplicate id 'a2' (first used at "
        'schedule.conference.days[0].rooms["Milliways"][1])',
        room.format(room="Ballroom", n=0) + ".room: unknown room 'Ballroom': not among the "
        "conference's rooms",
    ]


def test_malformed_json_gives_its_line():
    assert problems_of(DATA / "not-json.json") == [
        "not-json.json:2: malformed JSON: Expecting property name enclosed in double quotes (column 15)"]


@pytest.mark.parametrize("document", [b"[]", b'{"schedule": {}}', b'{"schedule": {"conference": 3}}'])
def test_json_that_is_not_a_schedule(document):
    with pytest.raises(InvalidFileError, match="not a schedule.json"):
        parse_schedule_json(document, "x.json")


def test_oversize_json_is_refused():
    with pytest.raises(InvalidFileError, match="over the limit of 100 bytes"):
        parse_schedule_json((DATA / "schedule-small.json").read_bytes(), "x.json", max_size=100)


def test_a_broken_event_room_or_day_is_skipped_with_one_warning_each():
    warnings: list[str] = []
    agenda = read(DATA / "schedule-one-broken.json", warnings=warnings)
    assert [s.id for s in agenda.sessions] == ["j1"]
    place = "schedule-one-broken.json: schedule.conference.days"
    assert warnings == [
        f'{place}[0].rooms["Milliways"][1]: skipped: an event is not an object',
        f"{place}[0].rooms[\"Milliways\"][2]: skipped: duration: bad duration 'forever' (expected HH:MM)",
        f'{place}[0].rooms["Ballroom"]: skipped: a room\'s events are not a list',
        f"{place}[1]: skipped: a day is not an object",
        f"{place}[2]: skipped: date: bad date '2023-08-32' (expected YYYY-MM-DD)",
    ]
    assert len(problems_of(DATA / "schedule-one-broken.json", strict=True)) == 5


def test_an_integer_longer_than_python_converts_costs_only_the_alias_it_would_be():
    original = (DATA / "schedule-small.json").read_bytes()
    text = original.replace(b'"id": 1,', b'"id": ' + b"7" * 5000 + b",")  # beside its guid
    expected = parse_schedule_json(original, "x.json")
    expected = dataclasses.replace(expected, sessions=[
        dataclasses.replace(s, source_id=None) if s.source_id == "1" else s
        for s in expected.sessions])
    assert parse_schedule_json(text, "x.json") == expected


@pytest.mark.parametrize("zone", ["Europe", "Z" * 300])
def test_a_zone_name_that_is_no_zone(zone):
    text = (DATA / "schedule-small.json").read_bytes().replace(b'"Europe/Berlin"', f'"{zone}"'.encode())
    assert problems_of_bytes(text) == [
        f"x.json: schedule.conference.time_zone_name: unknown IANA time zone {zone!r}"]


def problems_of_bytes(data: bytes, **kwargs) -> list[str]:
    with pytest.raises(InvalidFileError) as caught:
        parse_schedule_json(data, "x.json", **kwargs)
    return caught.value.lines()
