"""iCalendar feeds: the real PyCon UK 2015 feed (UTC, one duplicate UID) and hand-written cases."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agenda_tui.errors import InvalidFileError
from agenda_tui.formats.ical_in import parse_ical
from agenda_tui.model import Agenda, SessionKind
from agenda_tui.store import dump_agenda, parse_agenda
from tests.conftest import shared_data

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
LONDON = ZoneInfo("Europe/London")
DUPLICATE = "20160417T070217Z-58703@testing-worker-linux-docker-3ee836b9-3394-linux-5"




def read(path: Path, warnings: list[str] | None = None, **kwargs) -> Agenda:
    return parse_ical(path.read_bytes(), path.name, warnings=warnings, **kwargs)


def problems_of(path: Path, **kwargs) -> list[str]:
    with pytest.raises(InvalidFileError) as caught:
        read(path, **kwargs)
    return caught.value.lines()


@pytest.fixture(scope="module")
def pycon_path() -> Path:
    return shared_data("pyconuk-2015-schedule.ics")


@pytest.fixture(scope="module")
def pycon(pycon_path) -> tuple[Agenda, list[str]]:
    warnings: list[str] = []
    return read(pycon_path, warnings, timezone="Europe/London"), warnings


def _unfolded_events(path: Path) -> list[dict[str, str]]:
    """The VEVENTs of the feed, read plainly (unfolded lines), to compare against."""
    text = re.sub(r"\r\n[ \t]", "", path.read_bytes().decode("utf-8"))
    events, current = [], None
    for line in text.split("\r\n"):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None and ":" in line:
            name, value = line.split(":", 1)
            current[name.split(";")[0]] = re.sub(r"\\([,;\\])", r"\1", value)
    return events


def test_pycon_uk_in_utc_needs_a_zone(pycon_path):
    lines = problems_of(pycon_path)
    assert lines == [
        ("pyconuk-2015-schedule.ics: the feed names no time zone (no X-WR-TIMEZONE or VTIMEZONE); "
        "give the conference's zone with --timezone ZONE (an IANA name such as Europe/Brussels)")]


def test_pycon_uk_every_vevent_is_a_session(pycon, pycon_path):
    agenda, _ = pycon
    events = _unfolded_events(pycon_path)
    assert len(events) == len(agenda.sessions) == 162
    assert len({e["UID"] for e in events}) == 161
    utc = ZoneInfo("UTC")
    for event, session in zip(events, agenda.sessions, strict=True):
        start = datetime.strptime(event["DTSTART"], "%Y%m%dT%H%M%SZ").replace(tzinfo=utc)
        assert session.start == start
        assert session.start.tzinfo == LONDON
        if "DTEND" in event:
            assert session.end == datetime.strptime(event["DTEND"], "%Y%m%dT%H%M%SZ").replace(tzinfo=utc)
        else:
            assert session.end - session.start == timedelta(hours=1)
        assert session.location == event["LOCATION"]
        assert session.title == (event["SUMMARY"] or "(untitled)")
        assert session.id in (event["UID"], f"{event['UID']}-2")


def test_pycon_uk_times_are_shown_in_british_summer_time(pycon):
    agenda, _ = pycon
    assert agenda.conference.timezone == "Europe/London"
    assert (agenda.conference.start_date, agenda.conference.end_date) == (
        date(2015, 9, 18), date(2015, 9, 21))
    first = agenda.sessions[0]
    assert first.title == "Registration / Breakfast"
    assert first.start == datetime(2015, 9, 18, 8, 0, tzinfo=LONDON)  # 07:00Z
    assert first.start.strftime("%H:%M %Z") == "08:00 BST"
    assert first.location == "Cafeteria"
    assert first.kind is SessionKind.BREAK
    keynote = next(s for s in agenda.sessions if s.title.startswith("Keynote: Van Lindberg"))
    assert keynote.title == "Keynote: Van Lindberg, PSF Chair"  # escaped comma
    djangogirls = next(s for s in agenda.sessions if s.title == "DjangoGirls")
    assert djangogirls.url == "http://www.pyconuk.org/djangogirls/"


def test_pycon_uk_duplicate_uid_gets_a_deterministic_second_id(pycon):
    agenda, warnings = pycon
    first, second = agenda.sessions_by_id[DUPLICATE], agenda.sessions_by_id[f"{DUPLICATE}-2"]
    assert (first.title, first.start) == ("Open Space", datetime(2015, 9, 19, 16, 30, tzinfo=LONDON))
    assert second.title == "Power: Python in Astronomy (talk by Tomas James)"
    assert second.start == datetime(2015, 9, 20, 11, 30, tzinfo=LONDON)
    assert [w for w in warnings if "used before" in w] == [
        (f"VEVENT[132] (UID {DUPLICATE}): UID {DUPLICATE!r} is used before in the feed; "
        f"this event's id is '{DUPLICATE}-2'")]
    counts = Counter(w.split(": ", 1)[1].split(";")[0].split(" (")[0] for w in warnings)
    assert counts["no end time"] == 5
    assert counts["no title"] == 4


def test_pycon_uk_round_trips_and_imports_the_same_every_time(pycon, pycon_path):
    agenda, _ = pycon
    assert parse_agenda(dump_agenda(agenda)) == agenda
    assert read(pycon_path, timezone="Europe/London") == agenda


def test_small_feed():
    warnings: list[str] = []
    agenda = read(DATA / "feed-small.ics", warnings)
    lisbon = ZoneInfo("Europe/Lisbon")
    assert agenda.conference.id == "lisbon-py-day"
    assert agenda.conference.timezone == "Europe/Lisbon"  # X-WR-TIMEZONE
    keynote = agenda.sessions_by_id["talk-1@pyday.example"]
    assert keynote.start == datetime(2024, 6, 1, 10, 0, tzinfo=lisbon)  # 09:00Z
    assert keynote.title == "Keynote: Typing all the things, slowly"
    assert keynote.abstract == "Types.\nAnd more types."
    assert keynote.kind is SessionKind.TALK
    packaging = agenda.sessions_by_id["talk-2@pyday.example"]
    assert packaging.start == datetime(2024, 6, 1, 11, 0, tzinfo=lisbon)  # TZID
    assert packaging.end == datetime(2024, 6, 1, 11, 30, tzinfo=lisbon)  # DURATION
    lunch = agenda.sessions_by_id["lunch@pyday.example"]
    assert lunch.start == datetime(2024, 6, 1, 12, 30, tzinfo=lisbon)  # floating time
    assert lunch.kind is SessionKind.BREAK
    sprints = agenda.sessions_by_id["talk-1@pyday.example-2"]
    assert sprints.kind is SessionKind.WORKSHOP
    assert "gone@pyday.example" not in agenda.sessions_by_id
    assert len(agenda.sessions) == 4
    assert warnings == [
        ("VEVENT[4] (UID talk-1@pyday.example): UID 'talk-1@pyday.example' is used before in the "
        "feed; this event's id is 'talk-1@pyday.example-2'"),
        ("VEVENT[5] (UID gone@pyday.example): left out, it is cancelled (STATUS:CANCELLED): "
        "'Cancelled talk'"),
    ]


def test_utc_feed_without_zone_is_refused_and_imports_with_one():
    assert "--timezone" in problems_of(DATA / "feed-utc-no-zone.ics")[0]
    agenda = read(DATA / "feed-utc-no-zone.ics", timezone="America/New_York")
    late = agenda.sessions_by_id["b@utc.example"]
    assert late.start == datetime(2024, 9, 5, 19, 0, tzinfo=ZoneInfo("America/New_York"))
    assert agenda.conference.id == "utc-conf"


def test_every_problem_of_a_malformed_feed_is_reported():
    assert problems_of(DATA / "feed-malformed.ics") == [
        "feed-malformed.ics:5: VEVENT[1] (UID no-start@bad.example)/DTSTART: missing start time (DTSTART)",
        ("feed-malformed.ics:10: VEVENT[2] (UID backwards@bad.example)/DTEND: end (2024-06-01 10:00) "
        "is not after start (2024-06-01 11:00)"),
        ("feed-malformed.ics:17: VEVENT[3] (UID garbled@bad.example)/DTSTART: cannot be read: "
        "Wrong date format tomorrow"),
        "feed-malformed.ics:24: VEVENT[4]: missing UID",
        ("feed-malformed.ics:30: VEVENT[5] (UID bad-duration@bad.example)/DURATION: cannot be read: "
        "Expected time, got: 1 hour"),
    ]


def test_not_icalendar():
    with pytest.raises(InvalidFileError, match="malformed iCalendar"):
        parse_ical(b"hello\r\n", "x.ics")


def test_empty_feed():
    feed = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-TIMEZONE:UTC\r\nEND:VCALENDAR\r\n"
    with pytest.raises(InvalidFileError, match="the feed has no events"):
        parse_ical(feed, "empty.ics")


def _feed(*lines: str) -> bytes:
    return ("\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN", *lines,
                          "END:VCALENDAR"]) + "\r\n").encode()


def _event(uid: str, *lines: str) -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20240101T000000Z", *lines, "END:VEVENT"]


def test_the_one_vtimezone_names_the_zone():
    feed = _feed(
        "BEGIN:VTIMEZONE", "TZID:Europe/Vienna",
        "BEGIN:STANDARD", "DTSTART:19701025T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "BEGIN:DAYLIGHT", "DTSTART:19700329T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT", "END:VTIMEZONE",
        *_event("v1", "DTSTART;TZID=Europe/Vienna:20240915T093000",
                "DTEND;TZID=Europe/Vienna:20240915T100000", "SUMMARY:Morning"))
    agenda = parse_ical(feed, "vienna.ics")
    assert agenda.conference.timezone == "Europe/Vienna"
    assert agenda.sessions[0].start == datetime(2024, 9, 15, 9, 30, tzinfo=ZoneInfo("Europe/Vienna"))


def test_a_zone_that_is_not_iana_needs_the_argument():
    feed = _feed("X-WR-TIMEZONE:W. Europe Standard Time",
                 *_event("w1", "DTSTART:20240915T080000Z", "DTEND:20240915T090000Z", "SUMMARY:x"))
    with pytest.raises(InvalidFileError, match="'W. Europe Standard Time' is not an IANA time zone"):
        parse_ical(feed, "outlook.ics")
    agenda = parse_ical(feed, "outlook.ics", timezone="Europe/Amsterdam")
    assert agenda.sessions[0].start.hour == 10


def test_all_day_events_and_repeats():
    warnings: list[str] = []
    feed = _feed("X-WR-TIMEZONE:Europe/Paris",
                 *_event("d1", "DTSTART;VALUE=DATE:20240701", "SUMMARY:Sprint day"),
                 *_event("r1", "DTSTART:20240702T090000", "DTEND:20240702T100000",
                         "RRULE:FREQ=DAILY;COUNT=3", "SUMMARY:Stand-up"))
    agenda = parse_ical(feed, "days.ics", warnings=warnings)
    paris = ZoneInfo("Europe/Paris")
    sprint = agenda.sessions_by_id["d1"]
    assert (sprint.start, sprint.end) == (datetime(2024, 7, 1, tzinfo=paris),
                                          datetime(2024, 7, 2, tzinfo=paris))
    assert agenda.sessions_by_id["r1"].start == datetime(2024, 7, 2, 9, 0, tzinfo=paris)
    assert warnings == ["VEVENT[2] (UID r1): repeats (RRULE), only its first occurrence is imported"]


def test_long_uids_are_shortened_deterministically():
    uid = "x" * 300 + "@example.org"
    feed = _feed("X-WR-TIMEZONE:UTC",
                 *_event(uid, "DTSTART:20240701T090000Z", "DTEND:20240701T100000Z", "SUMMARY:a"),
                 *_event(uid.replace("@", "!"), "DTSTART:20240701T110000Z", "DTEND:20240701T120000Z",
                         "SUMMARY:b"),
        *_event(uid, "DTSTART:20240701T130000Z", "DTEND:20240701T140000Z", "SUMMARY:c"))
    first, second, third = parse_ical(feed, "long.ics").sessions
    assert len(first.id) == len(second.id) == len(third.id) == 200
    assert len({first.id, second.id, third.id}) == 3
    assert third.id == first.id[:-2] + "-2"
    assert [s.id for s in parse_ical(feed, "long.ics").sessions] == [first.id, second.id, third.id]
