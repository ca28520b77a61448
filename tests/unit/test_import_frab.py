"""frab/Pentabarf schedule.xml: the real FOSDEM 2025 and 38C3 files, small hand-written cases, XML attacks."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agenda_tui.agenda_file import dump_agenda, parse_agenda
from agenda_tui.errors import InvalidFileError
from agenda_tui.formats._common import html_to_text, parse_duration
from agenda_tui.formats.frab_xml import parse_frab_xml
from agenda_tui.model import Agenda, SessionKind
from tests.conftest import shared_data

DATA = Path(__file__).resolve().parents[1] / "data" / "import"




def read(path: Path, **kwargs) -> Agenda:
    return parse_frab_xml(path.read_bytes(), path.name, **kwargs)


def problems_of(path: Path, **kwargs) -> list[str]:
    with pytest.raises(InvalidFileError) as caught:
        read(path, **kwargs)
    return caught.value.lines()


@pytest.fixture(scope="module")
def fosdem() -> tuple[Agenda, ET.Element]:
    path = shared_data("fosdem-2025-schedule.xml")
    return read(path), ET.parse(path).getroot()


@pytest.fixture(scope="module")
def congress() -> tuple[Agenda, ET.Element]:
    path = shared_data("38c3-schedule.xml")
    return read(path), ET.parse(path).getroot()


def assert_matches_source(agenda: Agenda, root: ET.Element) -> None:
    """Every event of the source, one session each: id, times, room, people, day."""
    events = 0
    for day in root.iter("day"):
        for room in day.iter("room"):
            for event in room.iter("event"):
                events += 1
                session = agenda.sessions_by_id[event.get("guid")]
                start = datetime.fromisoformat(event.findtext("date"))
                hours, minutes = map(int, event.findtext("duration").split(":"))
                assert session.start == start
                assert session.end - session.start == timedelta(hours=hours, minutes=minutes)
                assert session.start.tzinfo == agenda.zone
                assert session.location == room.get("name")
                assert session.title == " ".join(event.findtext("title").split())
                assert session.conference_day == date.fromisoformat(day.get("date"))
                names = [agenda.speakers_by_id[p.speaker].name for p in session.people]
                assert names == [" ".join(p.text.split()) for p in event.iter("person")]
    assert len(agenda.sessions) == events


def test_fosdem_2025_every_event_matches_the_source(fosdem):
    agenda, root = fosdem
    assert_matches_source(agenda, root)
    assert len(agenda.sessions) == 943


def test_fosdem_2025_conference_and_one_event(fosdem):
    agenda, _ = fosdem
    conference = agenda.conference
    assert (conference.id, conference.title, conference.timezone) == (
        "fosdem-2025", "FOSDEM 2025", "Europe/Brussels")
    assert (conference.start_date, conference.end_date) == (date(2025, 2, 1), date(2025, 2, 2))
    session = agenda.sessions_by_id["852280ac-61d3-588c-b74c-8d87f9d9d2c6"]
    brussels = ZoneInfo("Europe/Brussels")
    assert session.start == datetime(2025, 2, 1, 10, 35, tzinfo=brussels)
    assert session.end == datetime(2025, 2, 1, 11, 0, tzinfo=brussels)
    assert session.location == "K.3.201"
    assert agenda.tracks_by_id[session.track].title == "LLVM"
    assert [agenda.speakers_by_id[p.speaker].name for p in session.people] == ["Mikhail Gudim"]
    assert session.people[0].speaker == "4744"
    assert session.kind is SessionKind.TALK  # FOSDEM's "devroom"
    assert session.url.endswith("/fosdem-2025-6210-a-new-approach-to-callee-saved-registers-in-llvm/")
    # FOSDEM abstracts are HTML; they arrive as plain text.
    assert session.abstract.startswith("Currently LLVM saves and restores callee-saved registers")
    assert "<p>" not in session.abstract and "&lt;" not in session.abstract


def test_fosdem_2025_abstracts_have_no_html_left(fosdem):
    agenda, _ = fosdem
    assert not [s.id for s in agenda.sessions if s.abstract and "</" in s.abstract]


def test_38c3_every_event_matches_the_source(congress):
    agenda, root = congress
    assert_matches_source(agenda, root)
    assert len(agenda.sessions) == 1007
    assert agenda.conference.id == "38c3"
    assert agenda.conference.timezone == "Europe/Berlin"
    assert (agenda.conference.start_date, agenda.conference.end_date) == (
        date(2024, 12, 27), date(2024, 12, 30))


def test_38c3_after_midnight_events_stay_on_the_day_they_are_listed_under(congress):
    agenda, _ = congress
    late = [s for s in agenda.sessions if s.start.date() != s.conference_day]
    assert len(late) == 58
    assert all(s.start.date() == s.conference_day + timedelta(days=1) for s in late)
    fnord = agenda.sessions_by_id["19b141f2-0f27-5d84-9e90-0d2474d37b7e"]
    berlin = ZoneInfo("Europe/Berlin")
    assert fnord.title == "Fnord-Nachrichtenrückblick 2024"
    assert fnord.start == datetime(2024, 12, 28, 1, 10, tzinfo=berlin)
    assert fnord.end == datetime(2024, 12, 28, 2, 40, tzinfo=berlin)
    assert fnord.day == date(2024, 12, 27)
    assert fnord.location == "Saal 1"
    assert [agenda.speakers_by_id[p.speaker].name for p in fnord.people] == ["Fefe", "Atoth"]


def test_38c3_twelve_hour_events_and_person_guids(congress):
    agenda, _ = congress
    soldering = agenda.sessions_by_id["962755c0-40fa-4e01-b02e-f036bffd8446"]
    assert soldering.end - soldering.start == timedelta(hours=12)
    opening = agenda.sessions_by_id["270fa44c-821a-577f-8ca3-33e8d4a8c2a7"]
    assert opening.people[0].speaker == "0c16ffaa-709d-599f-959f-9a38b911361a"
    assert agenda.tracks_by_id[opening.track].title == "CCC"


@pytest.mark.parametrize("name", ["fosdem-2025-schedule.xml", "38c3-schedule.xml"])
def test_real_files_round_trip_through_toml(name, request):
    agenda, _ = request.getfixturevalue("fosdem" if name.startswith("fosdem") else "congress")
    assert parse_agenda(dump_agenda(agenda)) == agenda


# -- small hand-written files -------------------------------------------------


def test_small_file():
    agenda = read(DATA / "frab-small.xml")
    berlin = ZoneInfo("Europe/Berlin")
    assert agenda.conference.id == "tinyconf-2024"
    assert agenda.conference.venue == "Town Hall"
    keynote = agenda.sessions_by_id["3f1e0a6c-0000-4000-8000-000000000001"]
    assert keynote.kind is SessionKind.TALK
    assert keynote.start == datetime(2024, 3, 9, 10, 0, tzinfo=berlin)
    assert keynote.abstract == ("Why tiny conferences matter.\n\n- one\n- two\n\n"
                                "See why (https://tiny.example/why).")
    assert keynote.url is None or keynote.url.startswith("https://")
    assert [p.speaker for p in keynote.people] == ["7", "8"]
    assert agenda.tracks_by_id["main-stage"].title == "Main Stage"

    # No guid: the numeric id is the stable id. Only `start`: 01:30 is before
    # the day's 08:00 start, so it is the next morning, on the 9 March programme.
    late = agenda.sessions_by_id["102"]
    assert late.start == datetime(2024, 3, 10, 1, 30, tzinfo=berlin)
    assert late.conference_day == date(2024, 3, 9)
    assert late.url == "https://tiny.example/lightning"  # from <links>, as there is no <url>

    workshop = agenda.sessions_by_id["3f1e0a6c-0000-4000-8000-000000000003"]
    assert workshop.kind is SessionKind.WORKSHOP
    assert workshop.end - workshop.start == timedelta(hours=2)  # HH:MM:SS
    assert workshop.location == "Workshop Room"
    assert agenda.tracks_by_id[workshop.track].title == "Hardware & Making"
    assert agenda.sessions_by_id["3f1e0a6c-0000-4000-8000-000000000004"].kind is SessionKind.BREAK
    assert agenda.sessions_by_id["3f1e0a6c-0000-4000-8000-000000000005"].kind is SessionKind.PANEL
    assert parse_agenda(dump_agenda(agenda)) == agenda


MALFORMED_EVENT = 'frab-malformed.xml:{line}: schedule/day[1]/room[@name="Hall A"]/event[{n}]'
MALFORMED_PROBLEMS = [  # line, event, field, problem
    (10, 1, "start", "missing start time (no date and no start)"),
    (15, 2, "duration", "bad duration '1h30' (expected HH:MM)"),
    (21, 3, "duration", "bad duration '00:75' (minutes and seconds go up to 59)"),
    (27, 4, "", "duplicate id 'e3' (first used at schedule/day[1]/room[@name=\"Hall A\"]/event[3])"),
    (33, 5, "room", "unknown room 'Hall Z': the event is listed under room 'Hall A'"),
    (39, 6, "duration", "missing duration"),
    (50, 8, "date", "bad date-time 'yesterday' (expected ISO 8601)"),
]


def test_strict_reports_every_problem_of_a_malformed_file_with_its_place_and_line():
    assert problems_of(DATA / "frab-malformed.xml", strict=True) == [
        MALFORMED_EVENT.format(line=line, n=n) + (f"/{field}" if field else "") + f": {problem}"
        for line, n, field, problem in MALFORMED_PROBLEMS]


def test_without_strict_each_broken_event_is_skipped_with_one_warning_and_the_good_one_kept():
    warnings: list[str] = []
    agenda = read(DATA / "frab-malformed.xml", warnings=warnings)
    berlin = ZoneInfo("Europe/Berlin")
    # Event 7 lasts 00:00: a moment, which is a valid session.
    [moment] = agenda.sessions
    assert (moment.id, moment.start, moment.end) == (
        "e7", datetime(2024, 3, 9, 16, 0, tzinfo=berlin), datetime(2024, 3, 9, 16, 0, tzinfo=berlin))
    assert warnings == [
        MALFORMED_EVENT.format(line=line, n=n) + ": skipped: " + (f"{field}: " if field else "")
        + problem for line, n, field, problem in MALFORMED_PROBLEMS]


def test_a_file_without_a_zone_needs_one():
    lines = problems_of(DATA / "frab-no-zone.xml")
    assert len(lines) == 1
    assert "names no time zone" in lines[0] and "--timezone" in lines[0]
    agenda = read(DATA / "frab-no-zone.xml", timezone="Europe/Brussels")
    brussels = ZoneInfo("Europe/Brussels")
    assert agenda.conference.timezone == "Europe/Brussels"
    assert agenda.sessions_by_id["11"].start == datetime(2012, 2, 4, 10, 0, tzinfo=brussels)
    # Before <day_change> 09:00: the next morning.
    assert agenda.sessions_by_id["12"].start == datetime(2012, 2, 5, 2, 0, tzinfo=brussels)
    assert agenda.sessions_by_id["12"].conference_day == date(2012, 2, 4)


def test_an_unknown_timezone_argument_is_a_problem():
    assert any("unknown IANA time zone 'Mars/Olympus'" in line
               for line in problems_of(DATA / "frab-no-zone.xml", timezone="Mars/Olympus"))


def test_the_files_own_zone_wins_over_the_argument_with_a_warning():
    warnings: list[str] = []
    agenda = read(DATA / "frab-small.xml", timezone="Asia/Tokyo", warnings=warnings)
    assert agenda.conference.timezone == "Europe/Berlin"
    assert warnings == ["the file names its time zone, Europe/Berlin; --timezone Asia/Tokyo was not used"]


def test_absolute_instants_win_over_the_zone_name():
    text = (DATA / "frab-small.xml").read_bytes().replace(
        b"<date>2024-03-09T10:00:00+01:00</date>", b"<date>2024-03-09T10:00:00+00:00</date>")
    agenda = parse_frab_xml(text, "shifted.xml")
    keynote = agenda.sessions_by_id["3f1e0a6c-0000-4000-8000-000000000001"]
    assert keynote.start == datetime(2024, 3, 9, 11, 0, tzinfo=ZoneInfo("Europe/Berlin"))


# -- attacks and limits -------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("billion-laughs.xml", "refused: the XML declares an entity ('lol'); entity expansion is not allowed"),
    ("external-entity.xml", ("refused: the XML declares an external entity ('secret' -> "
                            "file:///etc/passwd); it is not fetched")),
    ("doctype-only.xml", "refused: the XML has a document type declaration (DTD)"),
])
def test_xml_attacks_are_refused(name, expected):
    lines = problems_of(DATA / name)
    assert len(lines) == 1
    assert lines[0].startswith(f"{name}: {expected}")
    assert "root:" not in lines[0]  # /etc/passwd was never read


def test_oversize_files_are_refused_before_parsing():
    data = (DATA / "frab-small.xml").read_bytes()
    with pytest.raises(InvalidFileError) as caught:
        parse_frab_xml(data, "big.xml", max_size=1000)
    assert caught.value.lines() == [
        (f"big.xml: is {len(data):,} bytes, over the limit of 1,000 bytes "
        "(raise it with --max-size BYTES)")]
    assert parse_frab_xml(data, "big.xml", max_size=len(data)).sessions


def test_malformed_xml_gives_its_line():
    assert problems_of(DATA / "not-well-formed.xml") == [
        "not-well-formed.xml:5: malformed XML: mismatched tag (column 4)"]


def test_another_root_element_is_not_a_schedule():
    with pytest.raises(InvalidFileError, match=r"root element is <html>"):
        parse_frab_xml(b"<html><body/></html>", "page.xml")


# -- helpers ------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("00:25", timedelta(minutes=25)),
    ("1:30", timedelta(hours=1, minutes=30)),
    ("12:00", timedelta(hours=12)),
    ("26:00", timedelta(hours=26)),
    ("00:05:00", timedelta(minutes=5)),
    ("1:02:03:00", timedelta(days=1, hours=2, minutes=3)),
])
def test_durations(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "1h", "00:75", "-1:00", "1:2", "ab:cd", "00:30:99"])
def test_bad_durations(text):
    with pytest.raises(ValueError, match="bad duration"):
        parse_duration(text)


def test_html_to_text():
    html = ("<h2>Title</h2><p>First &amp; <em>second</em><br/>line</p>"
            "<ol><li>a</li><li>b</li></ol><pre>  keep\n    this</pre>")
    assert html_to_text(html) == "Title\n\nFirst & second\nline\n\n- a\n- b\n\n  keep\n    this"


def test_rooms_the_conference_does_not_list_are_unknown():
    text = (DATA / "frab-small.xml").read_bytes().replace(
        b"</conference>", b"<rooms><room name=\"Hall A\"/></rooms></conference>")
    with pytest.raises(InvalidFileError) as caught:
        parse_frab_xml(text, "rooms.xml", strict=True)
    assert caught.value.lines() == [
        ('rooms.xml:51: schedule/day[1]/room[@name="Workshop Room"]/event[1]/room: unknown room '
        "'Workshop Room': not among the conference's rooms")]


# -- one bad event among good ones ----------------------------------------------------


def test_a_broken_event_and_a_broken_day_are_skipped_with_one_warning_each():
    warnings: list[str] = []
    agenda = read(DATA / "frab-one-broken.xml", warnings=warnings)
    assert [s.id for s in agenda.sessions] == ["g1", "g3"]
    assert agenda.sessions_by_id["g3"].end == agenda.sessions_by_id["g3"].start
    # The speaker only the skipped event named is not left behind.
    assert [s.id for s in agenda.speakers] == ["p1"]
    assert (agenda.conference.start_date, agenda.conference.end_date) == (date(2025, 2, 1),) * 2
    assert warnings == [
        ('frab-one-broken.xml:17: schedule/day[1]/room[@name="Saal 1"]/event[2]: skipped: duration: '
         "duration '999999999:00' ends past the year 9999"),
        ("frab-one-broken.xml: schedule/day[2]: skipped: date: 9999-12-31 is outside the years an "
         "agenda may name (1900 to 2999)"),
    ]
    assert len(problems_of(DATA / "frab-one-broken.xml", strict=True)) == 2


@pytest.mark.parametrize("zone", ["Europe", "America", "Z" * 300, "localtime"])
def test_a_zone_name_that_is_no_zone_is_one_line(zone):
    text = (DATA / "frab-small.xml").read_bytes().replace(b"Europe/Berlin", zone.encode())
    with pytest.raises(InvalidFileError) as caught:
        parse_frab_xml(text, "zone.xml")
    assert caught.value.lines() == [
        f"zone.xml: schedule/conference/time_zone_name: unknown IANA time zone {zone!r}"]
    assert "unknown IANA time zone" in problems_of(DATA / "frab-no-zone.xml", timezone=zone)[0]


@pytest.mark.parametrize("text", ["999999999999:00", "9" * 5000 + ":00", "1:2:3:4:5"])
def test_durations_out_of_any_range_are_bad_durations(text):
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)
