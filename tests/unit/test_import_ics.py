"""iCalendar feeds: the real PyCon UK 2015 feed (UTC, one duplicate UID) and hand-written cases."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agenda_tui.agenda_file import dump_agenda, parse_agenda
from agenda_tui.errors import InvalidFileError
from agenda_tui.formats.ical_in import parse_ical
from agenda_tui.model import Agenda, SessionKind
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
        else:  # RFC 5545: a date-time start alone takes no time
            assert session.end == session.start
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
        (f"pyconuk-2015-schedule.ics:1289: VEVENT[132] (UID {DUPLICATE}): UID {DUPLICATE!r} is "
         f"used before in the feed; this event's id is '{DUPLICATE}-2'")]
    # Each names the file and the event's line: "file:line: VEVENT[n] (UID ...): what".
    assert all(re.match(r"pyconuk-2015-schedule\.ics:\d+: VEVENT\[\d+\] ", w) for w in warnings)
    counts = Counter(w.split("): ", 1)[1].split(";")[0].split(" (")[0] for w in warnings)
    assert counts == {"no title": 4, "UID '" + DUPLICATE + "' is used before in the feed": 1}


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
        ("feed-small.ics:34: VEVENT[4] (UID talk-1@pyday.example): UID 'talk-1@pyday.example' "
         "is used before in the feed; this event's id is 'talk-1@pyday.example-2'"),
        ("feed-small.ics:43: VEVENT[5] (UID gone@pyday.example): left out, it is cancelled "
         "(STATUS:CANCELLED): 'Cancelled talk'"),
    ]


def test_utc_feed_without_zone_is_refused_and_imports_with_one():
    assert "--timezone" in problems_of(DATA / "feed-utc-no-zone.ics")[0]
    agenda = read(DATA / "feed-utc-no-zone.ics", timezone="America/New_York")
    late = agenda.sessions_by_id["b@utc.example"]
    assert late.start == datetime(2024, 9, 5, 19, 0, tzinfo=ZoneInfo("America/New_York"))
    assert agenda.conference.id == "utc-conf"


@pytest.mark.parametrize("strict", [True, False])
def test_every_problem_of_a_malformed_feed_is_reported(strict):
    # Every event is broken: with or without --strict, nothing is left to import.
    assert problems_of(DATA / "feed-malformed.ics", strict=strict) == [
        "feed-malformed.ics:5: VEVENT[1] (UID no-start@bad.example)/DTSTART: missing start time (DTSTART)",
        ("feed-malformed.ics:10: VEVENT[2] (UID backwards@bad.example)/DTEND: end (2024-06-01 10:00) "
        "is before start (2024-06-01 11:00)"),
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


# -- repeats, all-day events, moments -------------------------------------------

BERLIN = ZoneInfo("Europe/Berlin")
STANDUP = "standup@sprint.example"


@pytest.fixture(scope="module")
def sprint() -> tuple[Agenda, list[str]]:
    warnings: list[str] = []
    return read(DATA / "feed-recurring.ics", warnings), warnings


def test_a_repeating_event_is_expanded_in_the_days_of_the_single_events(sprint):
    agenda, warnings = sprint
    standups = sorted((s for s in agenda.sessions if s.id.startswith(STANDUP)), key=lambda s: s.start)
    # Daily from Monday 25 March: the first is an EXDATE, the third is moved to 11:30 and
    # Hall B, the fourth is cancelled, an RDATE adds Saturday noon; the rule has no end,
    # so it stops with the last single event (the excursion on Sunday 31 March).
    assert [(s.id, s.start, s.location) for s in standups] == [
        (f"{STANDUP}@20240326T080000Z", datetime(2024, 3, 26, 9, 0, tzinfo=BERLIN), "Hall A"),
        (f"{STANDUP}@20240327T080000Z", datetime(2024, 3, 27, 11, 30, tzinfo=BERLIN), "Hall B"),
        (f"{STANDUP}@20240329T080000Z", datetime(2024, 3, 29, 9, 0, tzinfo=BERLIN), "Hall A"),
        (f"{STANDUP}@20240330T080000Z", datetime(2024, 3, 30, 9, 0, tzinfo=BERLIN), "Hall A"),
        (f"{STANDUP}@20240330T110000Z", datetime(2024, 3, 30, 12, 0, tzinfo=BERLIN), "Hall A"),
        # After the clocks go forward: still 09:00 in Berlin, so 07:00Z.
        (f"{STANDUP}@20240331T070000Z", datetime(2024, 3, 31, 9, 0, tzinfo=BERLIN), "Hall A"),
    ]
    assert agenda.sessions_by_id[f"{STANDUP}@20240327T080000Z"].title == "Stand-up (moved)"
    assert [s.end - s.start for s in standups] == [timedelta(minutes=15)] * 6
    assert warnings == [
        f"feed-recurring.ics:40: VEVENT[5] (UID {STANDUP}): left out, it is cancelled "
        "(STATUS:CANCELLED): 'Stand-up'"]
    # A weekly rule with COUNT=3: only its first occurrence falls in the conference.
    assert [s.id for s in agenda.sessions if s.id.startswith("review@")] == [
        "review@sprint.example@20240326T130000Z"]


def test_occurrence_ids_stay_the_same_when_the_feed_changes(sprint):
    agenda, _ = sprint
    text = (DATA / "feed-recurring.ics").read_bytes()
    # The feed is republished: the stand-up moves to 09:30 from now on, a new session is added.
    changed = text.replace(b"DTSTART;TZID=Europe/Berlin:20240325T090000\r\nDTEND;TZID=Europe/Berlin:"
                           b"20240325T091500", b"DTSTART;TZID=Europe/Berlin:20240325T090000\r\n"
                           b"DTEND;TZID=Europe/Berlin:20240325T093000")
    assert changed != text
    again = parse_ical(changed, "feed-recurring.ics")
    assert {s.id for s in again.sessions} == {s.id for s in agenda.sessions}
    assert again.sessions_by_id[f"{STANDUP}@20240326T080000Z"].end.minute == 30


def test_all_day_events_span_their_days_and_p1d_is_one_calendar_day(sprint):
    agenda, _ = sprint
    expo = agenda.sessions_by_id["expo@sprint.example"]
    assert expo.all_day
    assert expo.days == [date(2024, 3, 25), date(2024, 3, 26), date(2024, 3, 27)]
    # 31 March 2024: Berlin's clocks go forward, so midnight to midnight is 23 hours.
    excursion = agenda.sessions_by_id["excursion@sprint.example"]
    assert excursion.all_day
    assert (excursion.start, excursion.end) == (datetime(2024, 3, 31, tzinfo=BERLIN),
                                                datetime(2024, 4, 1, tzinfo=BERLIN))
    assert excursion.end_utc - excursion.start_utc == timedelta(hours=23)
    # A repeating all-day event: its ids carry the date.
    quiet = [s for s in agenda.sessions if s.id.startswith("quiet@")]
    assert [(s.id, s.all_day, s.days) for s in quiet] == [
        ("quiet@sprint.example@20240326", True, [date(2024, 3, 26)]),
        ("quiet@sprint.example@20240327", True, [date(2024, 3, 27)])]
    # The conference covers every day of every session.
    assert (agenda.conference.start_date, agenda.conference.end_date) == (
        date(2024, 3, 25), date(2024, 3, 31))
    assert parse_agenda(dump_agenda(agenda)) == agenda


def test_from_and_until_choose_where_repeats_are_expanded():
    agenda = read(DATA / "feed-recurring.ics", span=(date(2024, 3, 26), date(2024, 4, 9)))
    # The weekly review is at 13:00 UTC (its DTSTART is in UTC), COUNT=3: all three now.
    assert [s.id for s in agenda.sessions if s.id.startswith("review@")] == [
        f"review@sprint.example@{day}T130000Z" for day in ("20240326", "20240402", "20240409")]
    standups = [s for s in agenda.sessions if s.id.startswith(STANDUP)]
    assert min(s.start for s in standups).date() == date(2024, 3, 26)
    assert max(s.start for s in standups).date() == date(2024, 4, 9)
    assert agenda.conference.end_date == date(2024, 4, 9)


def _repeating(rule: str, *single: str) -> bytes:
    return _feed("X-WR-TIMEZONE:Europe/Berlin",
                 *_event("r", "DTSTART:20240702T090000Z", "DTEND:20240702T091500Z", rule,
                         "SUMMARY:Repeats"), *single)


def test_a_rule_without_end_and_no_span_is_skipped_and_refused_with_strict():
    feed = _repeating("RRULE:FREQ=DAILY",
                      *_event("once", "DTSTART;VALUE=DATE:20240701", "SUMMARY:x", "STATUS:CANCELLED"))
    with pytest.raises(InvalidFileError) as caught:
        parse_ical(feed, "open.ics")
    assert caught.value.lines() == [
        "open.ics:5: VEVENT[1] (UID r)/RRULE: repeats without end (no COUNT or UNTIL) and there "
        "is no span to expand it in: the feed has no single events; give --from and --until"]
    agenda = parse_ical(feed, "open.ics", span=(date(2024, 7, 1), date(2024, 7, 3)))
    assert [s.id for s in agenda.sessions] == ["r@20240702T090000Z", "r@20240703T090000Z"]
    warnings: list[str] = []
    with_single = _repeating("RRULE:FREQ=DAILY", *_event("s", "DTSTART:20240710T090000Z", "SUMMARY:s"))
    assert len(parse_ical(with_single, "s.ics", warnings=warnings).sessions) == 1 + 1
    assert len(parse_ical(_repeating("RRULE:FREQ=DAILY;COUNT=4"), "count.ics").sessions) == 4


@pytest.mark.parametrize(("rule", "last_day"), [("RRULE:FREQ=SECONDLY", 5),
                                               ("RRULE:FREQ=MINUTELY;COUNT=50000", 12)])
def test_a_rule_that_repeats_too_often_is_skipped(rule, last_day):
    warnings: list[str] = []
    feed = _repeating(rule, *_event("s", f"DTSTART:202407{last_day:02d}T090000Z", "SUMMARY:s"))
    agenda = parse_ical(feed, "often.ics", warnings=warnings)
    assert [s.id for s in agenda.sessions] == ["s"]
    assert warnings == ["often.ics:5: VEVENT[1] (UID r): skipped: RRULE: repeats more than "
                        f"10,000 times before 2024-07-{last_day:02d}"]
    with pytest.raises(InvalidFileError, match="repeats more than 10,000 times"):
        parse_ical(feed, "often.ics", strict=True)


@pytest.mark.parametrize("rule", ["RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
                                  "RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=31",
                                  "RRULE:FREQ=HOURLY;BYSETPOS=3",
                                  "RRULE:FREQ=DAILY;BYSETPOS=2;BYHOUR=9",
                                  "RRULE:FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=31",
                                  "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
                                  "RRULE:FREQ=MONTHLY;BYSETPOS=50;BYDAY=MO",
                                  "RRULE:FREQ=MONTHLY;INTERVAL=12;BYMONTH=2",
                                  "RRULE:FREQ=WEEKLY;BYSETPOS=9;BYDAY=MO,TU"])
@pytest.mark.timeout(20)
def test_a_rule_dateutil_would_search_for_ever_is_skipped_at_once(rule):
    warnings: list[str] = []
    feed = _repeating(rule, *_event("s", "DTSTART:20240705T090000Z", "SUMMARY:s"))
    assert [s.id for s in parse_ical(feed, "never.ics", warnings=warnings).sessions] == ["s"]
    assert len(warnings) == 1 and "VEVENT[1] (UID r): skipped: RRULE: cannot be read" in warnings[0]
    assert "never occurs" in warnings[0] or "not supported" in warnings[0]


@pytest.mark.timeout(60)  # a hang guard: each rule searched to the year 9999 took seconds
def test_many_rules_that_never_occur_are_each_skipped_without_a_search_to_9999():
    events = [line for n in range(40) for line in _event(
        f"never{n}", "DTSTART:20240705T090000Z", "RRULE:FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=31",
        f"SUMMARY:never {n}")]
    feed = _feed("X-WR-TIMEZONE:UTC", *events, *_event("s", "DTSTART:20240705T090000Z", "SUMMARY:s"))
    warnings: list[str] = []
    assert [s.id for s in parse_ical(feed, "never.ics", warnings=warnings).sessions] == ["s"]
    assert len(warnings) == 40 and all("never occurs" in warning for warning in warnings)


@pytest.mark.parametrize("rule, days", [
    ("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=2", ["2028-02-29", "2032-02-29"]),
    ("RRULE:FREQ=MONTHLY;BYSETPOS=-1;BYDAY=FR;COUNT=3", ["2024-07-26", "2024-08-30", "2024-09-27"]),
    ("RRULE:FREQ=MONTHLY;INTERVAL=12;BYMONTH=7;COUNT=2", ["2025-07-02"]),
])
def test_rare_rules_that_do_occur_are_kept(rule, days):
    warnings: list[str] = []
    sessions = parse_ical(_repeating(rule), "rare.ics", warnings=warnings).sessions
    # DTSTART (2 July 2024) is an occurrence whether the rule makes it or not (RFC 5545).
    assert [s.start.date().isoformat() for s in sessions] == ["2024-07-02", *days]
    assert warnings == []


def test_too_many_occurrences_in_all_refuse_the_feed():
    feed = _feed("X-WR-TIMEZONE:UTC", *(line for n in range(3) for line in _event(
        f"m{n}", "DTSTART:20240701T000000Z", "RRULE:FREQ=MINUTELY;INTERVAL=1;COUNT=4000",
        f"SUMMARY:m{n}")))
    with pytest.raises(InvalidFileError) as caught:
        parse_ical(feed, "many.ics")
    [line] = caught.value.lines()
    assert line.startswith("many.ics:19: VEVENT[3] (UID m2): refused: the feed's repeating events "
                           "have more than 10,000 occurrences in all")


def test_zero_length_events_are_moments_and_a_missing_end_takes_no_time():
    warnings: list[str] = []
    agenda = read(DATA / "feed-zero-length.ics", warnings)
    assert warnings == []
    chicago = ZoneInfo("America/Chicago")
    lengths = {s.id.split("@")[0]: s.end - s.start for s in agenda.sessions}
    assert lengths == {"z1": timedelta(0), "z2": timedelta(0), "z3": timedelta(minutes=45),
                       "z4": timedelta(0), "z5": timedelta(0)}
    assert agenda.sessions_by_id["z1@pycon.example"].start == datetime(2024, 5, 17, 9, 0, tzinfo=chicago)


def test_one_broken_event_does_not_sink_the_feed():
    warnings: list[str] = []
    agenda = read(DATA / "feed-one-broken.ics", warnings)
    assert [s.id for s in agenda.sessions] == ["good-1@fine.example", "good-2@fine.example"]
    assert warnings == [
        ("feed-one-broken.ics:13: VEVENT[2] (UID garbled@fine.example): skipped: DTSTART: cannot "
         "be read: Wrong date format tomorrow"),
        ("feed-one-broken.ics:19: VEVENT[3] (UID folder@fine.example): skipped: DTSTART: unknown "
         "time zone 'Europe' (TZID)"),
        ("feed-one-broken.ics:33: VEVENT[5] (UID far@fine.example): skipped: cannot read its "
         "times: date value out of range"),
        ("feed-one-broken.ics:40: VEVENT[6] (UID forever@fine.example): skipped: DURATION: cannot "
         "be read: Impractical iCalendar duration: PT999999999999H"),
        ("feed-one-broken.ics:47: VEVENT[7] (UID secondly@fine.example): skipped: RRULE: repeats "
         "more than 10,000 times before 2024-06-01"),
    ]
    assert len(problems_of(DATA / "feed-one-broken.ics", strict=True)) == 5


@pytest.mark.parametrize("zone", ["Europe", "America", "A" * 300, "localtime"])
def test_a_tzid_or_calendar_zone_that_is_no_zone(zone):
    feed = _feed("X-WR-TIMEZONE:UTC", *_event("ok", "DTSTART:20240701T090000Z", "SUMMARY:ok"),
                 *_event("bad", f"DTSTART;TZID={zone}:20240701T100000", "SUMMARY:bad"))
    warnings: list[str] = []
    assert [s.id for s in parse_ical(feed, "z.ics", warnings=warnings).sessions] == ["ok"]
    assert f"unknown time zone {zone!r} (TZID)" in warnings[0]
    named = _feed(f"X-WR-TIMEZONE:{zone}", *_event("ok", "DTSTART:20240701T090000Z", "SUMMARY:ok"))
    assert "is not an IANA time zone name" in problems_of_bytes(named)[0]
    assert "unknown IANA time zone" in problems_of_bytes(named, timezone=zone)[0]


def problems_of_bytes(data: bytes, **kwargs) -> list[str]:
    with pytest.raises(InvalidFileError) as caught:
        parse_ical(data, "z.ics", **kwargs)
    return caught.value.lines()


# -- agenda-tui's own export ------------------------------------------------------

OWN_EXPECTED = """
tracks = [{ id = "main", title = "Main Stage", question = "Why?" },
          { id = "unused", title = "A track no session names" }]

[conference]
id = "roundtrip-2024"
title = "Round Trip Conference"
venue = "Town Hall; Berlin"
start_date = 2024-10-26
end_date = 2024-10-27
timezone = "Europe/Berlin"
acronym = "RT 2024"
url = "https://rt.example/"
sponsors = ["Acme"]
organizers = [{ name = "Ada Lovelace", role = "Chair" }]
links = [{ title = "Site", url = "https://rt.example/" }]

[[speakers]]
id = "ada"
name = "Ada Lovelace"
affiliation = "Analytical Engines"
bio = "First programmer.\\nSecond line."

[[speakers]]
id = "grace"
name = "Grace Hopper"
links = [{ title = "Home", url = "https://grace.example/" }]

[[sessions]]
id = "keynote"
start = 2024-10-26T10:00:00
end = 2024-10-26T10:45:00
title = "Opening Keynote"
people = [{ speaker = "ada" }]
track = "main"
location = "Hall A"
abstract = "Why engines matter."
url = "https://rt.example/keynote"

[[sessions]]
id = "panel"
day = 2024-10-26
start = 2024-10-27T02:30:00+02:00
end = 2024-10-27T02:15:00+01:00
kind = "panel"
title = "Night Panel in the repeated hour"
people = [{ speaker = "grace", role = "moderator" }, { speaker = "ada", role = "panelist" }]
virtual = true

[[sessions]]
id = "expo"
all_day = true
start = 2024-10-26
end = 2024-10-28
kind = "other"
title = "Expo hall"

[[sessions]]
id = "gong"
start = 2024-10-27T12:00:00
end = 2024-10-27T12:00:00
kind = "break"
title = "The gong"
location = "Foyer"
"""


def test_our_own_export_reads_back_as_the_agenda_it_came_from():
    warnings: list[str] = []
    agenda = read(DATA / "own-export.ics", warnings)
    assert agenda == parse_agenda(OWN_EXPECTED, "expected.toml")
    # Ids come from X-AGENDA-TUI-ID, or the UID less its suffix: they never grow.
    assert [s.id for s in agenda.sessions] == ["keynote", "panel", "expo", "gong"]
    assert warnings == [
        "X-AGENDA-TUI-TRACK[3] is not a track agenda-tui can read; left out",
        ("own-export.ics:105: VEVENT[5] (UID dropped@roundtrip-2024.agenda-tui): left out, it is cancelled "
         "(STATUS:CANCELLED): 'A session cancelled since the last export'"),
    ]


def test_our_own_export_with_a_conference_that_does_not_validate_is_read_as_any_feed():
    text = (DATA / "own-export.ics").read_bytes().replace(b'"timezone":"Europe/Berlin"',
                                                           b'"timezone":"Europe"')
    warnings: list[str] = []
    agenda = parse_ical(text, "own.ics", warnings=warnings)
    assert warnings[0] == ("X-AGENDA-TUI-CONFERENCE is not a conference agenda-tui can read; the "
                           "file is read as any other feed")
    assert agenda.conference.id == "round-trip-conference"
    # As any feed: the UID is the id, and the people's DESCRIPTION is the abstract.
    assert agenda.sessions_by_id["keynote@roundtrip-2024.agenda-tui"].abstract.startswith("Kind: Talk")


def test_an_event_in_the_year_1_is_skipped_and_the_others_imported():
    feed = _feed("X-WR-TIMEZONE:UTC",
                 *_event("old", "DTSTART:00010314T100000Z", "DTEND:00010314T110000Z", "SUMMARY:Old"),
                 *_event("new", "DTSTART:20240314T100000Z", "DTEND:20240314T110000Z", "SUMMARY:New"))
    warnings: list[str] = []
    agenda = parse_ical(feed, "years.ics", warnings=warnings)
    assert [s.id for s in agenda.sessions] == ["new"]
    assert agenda.conference.start_date == date(2024, 3, 14)
    [warning] = warnings
    assert warning.startswith("years.ics:5: VEVENT[1] (UID old): skipped: ") and "year 1" in warning


@pytest.mark.timeout(60)
def test_a_series_that_runs_past_the_supported_years_stops_at_their_end():
    feed = _feed("X-WR-TIMEZONE:UTC", *_event(
        "yearly", "DTSTART:20240314T100000Z", "DTEND:20240314T110000Z",
        "RRULE:FREQ=YEARLY;UNTIL=99991231T000000Z", "SUMMARY:Yearly"))
    warnings: list[str] = []
    agenda = parse_ical(feed, "long.ics", warnings=warnings)
    assert warnings == []
    assert (agenda.sessions[0].start.year, agenda.sessions[-1].start.year) == (2024, 2999)
    assert len(agenda.sessions) == 2999 - 2024 + 1


def test_a_single_event_moved_by_an_override_of_its_own_keeps_its_id():
    feed = _feed("X-WR-TIMEZONE:UTC",
                 *_event("talk", "DTSTART:20240325T090000Z", "DTEND:20240325T100000Z", "SUMMARY:Talk"),
                 *_event("talk", "RECURRENCE-ID:20240325T090000Z", "DTSTART:20240325T140000Z",
                         "DTEND:20240325T150000Z", "SUMMARY:Talk, moved"))
    agenda = parse_ical(feed, "moved.ics")
    [session] = agenda.sessions
    assert (session.id, session.title, session.start.hour) == ("talk", "Talk, moved", 14)


@pytest.mark.parametrize("repeated", ["DTSTART:20240702T100000Z", "DTEND:20240702T110000Z",
                                      "RECURRENCE-ID:20240703T090000Z"])
def test_an_event_that_gives_a_time_twice_is_skipped_with_its_place(repeated):
    """Two VEVENTs run together (found by the property test of spliced feeds): the event
    has two starts, or two ends, and no single time to read."""
    name = repeated.split(":")[0]
    override = _event("r", "RECURRENCE-ID:20240703T090000Z", "DTSTART:20240703T100000Z",
                      "DTEND:20240703T101500Z", "SUMMARY:Moved", repeated)
    feed = _feed("X-WR-TIMEZONE:Europe/Berlin",
                 *_event("r", "DTSTART:20240702T090000Z", "DTEND:20240702T091500Z",
                         "RRULE:FREQ=DAILY;COUNT=3", "SUMMARY:Repeats"),
                 *override, *_event("s", "DTSTART:20240702T120000Z", "SUMMARY:Single"))
    warnings: list[str] = []
    agenda = parse_ical(feed, "twice.ics", warnings=warnings)
    assert [s.title for s in agenda.sessions] == ["Single"]
    assert warnings == [f"twice.ics:5: VEVENT[1] (UID r): skipped: VEVENT[2] (UID r)/{name}: "
                        "given 2 times; an event has one (RFC 5545)"]
    with pytest.raises(InvalidFileError) as caught:
        parse_ical(feed, "twice.ics", strict=True)
    problem = f"/{name}: given 2 times; an event has one (RFC 5545)"
    assert any(problem in line for line in caught.value.lines())
