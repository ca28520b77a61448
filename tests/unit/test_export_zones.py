"""The iCalendar export in every zone, fold and year: the VTIMEZONE we write, the hour the
clocks pass twice, and two readers that interpret the file's VTIMEZONE themselves."""

from __future__ import annotations

import functools
import itertools
import os
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from export_support import (
    NOW,
    agenda_of,
    assert_read_back,
    berlin_repeated_hour,
    expected_instants,
    icalendar_instants,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda_tui.formats.ical_out import render_ics
from agenda_tui.formats.vtimezone import SCAN_STEP, offset_changes
from agenda_tui.model import repeated_wall_clock, utc

HOUR = timedelta(hours=1)


def _event_lines(text: str) -> dict[str, list[str]]:
    """The unfolded content lines of each VEVENT, by UID."""
    events, lines = {}, []
    for line in text.replace("\r\n ", "").split("\r\n"):
        if line == "BEGIN:VEVENT":
            lines = []
        elif line == "END:VEVENT":
            uid = next(item for item in lines if item.startswith("UID:"))
            events[uid.removeprefix("UID:").split("@")[0]] = lines
        else:
            lines.append(line)
    return events


def _times(text: str, session_id: str) -> tuple[str, str]:
    lines = _event_lines(text)[session_id]
    return (next(line for line in lines if line.startswith("DTSTART")),
            next(line for line in lines if line.startswith("DTEND")))


def _observances(text: str) -> list[tuple[str, str, str, str]]:
    """(kind, DTSTART, TZOFFSETFROM, TZOFFSETTO) of each observance of the VTIMEZONE, as written."""
    observances, values, kind = [], {}, None
    for line in text.replace("\r\n ", "").split("\r\n"):
        name, _, value = line.partition(":")
        if name == "BEGIN" and value in ("STANDARD", "DAYLIGHT"):
            kind, values = value, {}
        elif name == "END" and value == kind:
            observances.append((kind, values["DTSTART"], values["TZOFFSETFROM"], values["TZOFFSETTO"]))
            kind = None
        elif kind:
            values[name] = value
    return observances


# -- the repeated hour ---------------------------------------------------------------------

# A wall-clock time in the hour each zone repeats when its clocks went back in 2024.
REPEATED = [
    ("Europe/Berlin", datetime(2024, 10, 27, 2, 30)),
    ("America/New_York", datetime(2024, 11, 3, 1, 30)),
    ("Australia/Sydney", datetime(2024, 4, 7, 2, 30)),
    ("America/St_Johns", datetime(2024, 11, 3, 1, 30)),
    ("Pacific/Chatham", datetime(2024, 4, 7, 3, 15)),
    ("Europe/Dublin", datetime(2024, 10, 27, 1, 30)),
]


def _z(moment: datetime) -> str:
    return f"{utc(moment):%Y%m%dT%H%M%SZ}"


@pytest.mark.parametrize(("zone_name", "wall"), REPEATED, ids=[zone for zone, _ in REPEATED])
def test_a_time_the_clocks_pass_twice_is_written_in_utc_and_read_at_its_instant(zone_name, wall):
    zone = ZoneInfo(zone_name)
    first, second = wall.replace(tzinfo=zone), wall.replace(tzinfo=zone, fold=1)
    assert repeated_wall_clock(first) and utc(second) - utc(first) == HOUR
    agenda = agenda_of(zone_name, [
        {"id": "second", "start": second, "end": utc(second) + timedelta(minutes=30)},
        {"id": "across", "start": first, "end": utc(second) - timedelta(minutes=15)},
        {"id": "noon", "start": wall.replace(hour=12, minute=0, tzinfo=zone),
         "end": wall.replace(hour=13, minute=0, tzinfo=zone)},
    ])
    text = render_ics(agenda, agenda.sessions, now=NOW)

    assert _times(text, "second")[0] == f"DTSTART:{_z(second)}"
    assert _times(text, "across") == (f"DTSTART:{_z(first)}",
                                      f"DTEND:{_z(utc(second) - timedelta(minutes=15))}")
    # Every other time stays local, with the zone's TZID.
    end_of_second = (utc(second) + timedelta(minutes=30)).astimezone(zone)
    assert _times(text, "second")[1] == f"DTEND;TZID={zone_name}:{end_of_second:%Y%m%dT%H%M%S}"
    assert _times(text, "noon") == (f"DTSTART;TZID={zone_name}:{wall:%Y%m%d}T120000",
                                    f"DTEND;TZID={zone_name}:{wall:%Y%m%d}T130000")
    assert_read_back(text, expected_instants(agenda))


def test_berlin_the_second_0230_is_0130_utc_and_the_first_0030():
    agenda = berlin_repeated_hour()
    text = render_ics(agenda, agenda.sessions, now=NOW)
    assert _times(text, "second") == ("DTSTART:20241027T013000Z",
                                      "DTEND;TZID=Europe/Berlin:20241027T033000")
    assert _times(text, "across") == ("DTSTART:20241027T003000Z", "DTEND:20241027T011500Z")
    assert_read_back(text, expected_instants(agenda))


# -- the VTIMEZONE --------------------------------------------------------------------------


def test_brussels_each_onset_is_the_local_time_before_the_change():
    brussels = ZoneInfo("Europe/Brussels")
    agenda = agenda_of("Europe/Brussels", [
        {"start": datetime(2024, 3, 31, 10, 0, tzinfo=brussels),
         "end": datetime(2024, 3, 31, 11, 0, tzinfo=brussels)},
        {"start": datetime(2024, 10, 27, 10, 0, tzinfo=brussels),
         "end": datetime(2024, 10, 27, 11, 0, tzinfo=brussels)},
    ])
    text = render_ics(agenda, agenda.sessions, now=NOW)
    assert _observances(text) == [
        ("STANDARD", "20240324T010000", "+0100", "+0100"),  # in force at the span's start
        ("DAYLIGHT", "20240331T020000", "+0100", "+0200"),  # 02:00 the clocks jump to 03:00
        ("STANDARD", "20241027T030000", "+0200", "+0100"),  # 03:00 they go back to 02:00
    ]
    assert "RRULE" not in text and "RDATE" not in text
    assert_read_back(text, expected_instants(agenda))


@pytest.mark.parametrize("zone_name", ["Africa/Casablanca", "Africa/El_Aaiun"])
def test_morocco_s_clocks_go_back_for_ramadan_and_a_1000_session_reads_as_1000(zone_name):
    zone = ZoneInfo(zone_name)
    agenda = agenda_of(zone_name, [
        {"id": "ramadan", "start": datetime(2024, 3, 10, 10, 0, tzinfo=zone),
         "end": datetime(2024, 3, 10, 11, 0, tzinfo=zone)},
        {"id": "after", "start": datetime(2024, 4, 20, 10, 0, tzinfo=zone),
         "end": datetime(2024, 4, 20, 11, 0, tzinfo=zone)},
    ])
    text = render_ics(agenda, agenda.sessions, now=NOW)
    assert ("DAYLIGHT", "20240310T030000", "+0100", "+0000") in _observances(text)
    assert ("STANDARD", "20240414T020000", "+0000", "+0100") in _observances(text)
    starts = icalendar_instants(text)[f"ramadan@{agenda.conference.id}.agenda-tui"]
    assert starts[0] == datetime(2024, 3, 10, 10, 0, tzinfo=UTC)  # not 09:00Z
    assert_read_back(text, expected_instants(agenda))


def test_a_span_of_daylight_saving_time_only_still_has_a_standard_observance():
    # Samoa skipped 30 December 2011, going from one summer offset (-10) to another (+14).
    apia = ZoneInfo("Pacific/Apia")
    agenda = agenda_of("Pacific/Apia", [
        {"id": "before", "start": datetime(2011, 12, 29, 10, 0, tzinfo=apia),
         "end": datetime(2011, 12, 29, 11, 0, tzinfo=apia)},
        {"id": "after", "start": datetime(2011, 12, 31, 10, 0, tzinfo=apia),
         "end": datetime(2011, 12, 31, 11, 0, tzinfo=apia)},
    ])
    text = render_ics(agenda, agenda.sessions, now=NOW)
    assert "STANDARD" in [kind for kind, *_ in _observances(text)]
    assert_read_back(text, expected_instants(agenda))  # vobject read none of it before


def test_a_zone_without_changes_in_the_span_has_one_observance():
    tokyo = ZoneInfo("Asia/Tokyo")
    agenda = agenda_of("Asia/Tokyo", [{"start": datetime(2024, 3, 10, 10, 0, tzinfo=tokyo),
                                       "end": datetime(2024, 3, 10, 11, 0, tzinfo=tokyo)}])
    text = render_ics(agenda, agenda.sessions, now=NOW)
    assert _observances(text) == [("STANDARD", "20240303T090000", "+0900", "+0900")]
    assert_read_back(text, expected_instants(agenda))


def test_eight_years_in_new_york_are_seventeen_observances_read_right_in_every_summer():
    new_york = ZoneInfo("America/New_York")
    sessions = [{"start": datetime(year, month, 15, 9, 0, tzinfo=new_york),
                 "end": datetime(year, month, 15, 10, 0, tzinfo=new_york)}
                for year in range(2019, 2027) for month in (1, 7, 12)]
    agenda = agenda_of("America/New_York", sessions)
    text = render_ics(agenda, agenda.sessions, now=NOW)
    observances = _observances(text)
    assert len(observances) == 1 + 2 * 8
    assert [kind for kind, *_ in observances[1:]] == ["DAYLIGHT", "STANDARD"] * 8
    assert "RRULE" not in text and "RDATE" not in text
    assert_read_back(text, expected_instants(agenda))


def test_the_same_agenda_gives_the_same_bytes():
    zone = ZoneInfo("Africa/Casablanca")
    sessions = [{"start": datetime(2024, 3, 10, 10, 0, tzinfo=zone),
                 "end": datetime(2024, 3, 10, 11, 0, tzinfo=zone)}]
    texts = {render_ics(agenda, agenda.sessions, now=NOW)
             for agenda in (agenda_of("Africa/Casablanca", sessions) for _ in range(2))}
    assert len(texts) == 1


# -- finding the changes --------------------------------------------------------------------

PROPERTY_ZONES = [
    "Europe/Berlin", "America/New_York", "Australia/Sydney", "America/St_Johns",
    "Pacific/Chatham", "Europe/Dublin", "Africa/Casablanca", "Africa/El_Aaiun", "Asia/Tehran",
    "Australia/Lord_Howe", "America/Sao_Paulo", "America/Havana", "Asia/Gaza",
]
SPAN = (datetime(2019, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))


@functools.cache
def _changes(zone_name: str):
    return offset_changes(ZoneInfo(zone_name), *SPAN)


@pytest.mark.parametrize("zone_name", PROPERTY_ZONES)
def test_offset_changes_are_found_to_the_second_and_none_is_missed(zone_name):
    zone = ZoneInfo(zone_name)
    changes = _changes(zone_name)
    for change in changes:
        assert (change.at - timedelta(seconds=1)).astimezone(zone).utcoffset() == change.before
        assert change.at.astimezone(zone).utcoffset() == change.after != change.before
    # Between two changes the offset holds: sampled every six hours (a change holds for days).
    edges = [SPAN[0], *(change.at for change in changes), SPAN[1]]
    for low, high in itertools.pairwise(edges):
        offset = low.astimezone(zone).utcoffset()
        moment = low
        while moment < high:
            assert moment.astimezone(zone).utcoffset() == offset, (zone_name, moment)
            moment += timedelta(hours=6)


def _tzif_offset_changes(name: str) -> list[tuple[int, int]]:
    """(UTC seconds, new offset) of each change the zone's TZif file lists."""
    from zoneinfo import _common  # the reader zoneinfo itself uses

    paths = [os.path.join(directory, name) for directory in zoneinfo.TZPATH]
    path = next((path for path in paths if os.path.isfile(path)), None)
    with open(path, "rb") if path else _common.load_tzdata(name) as source:
        indices, moments, offsets, *_ = _common.load_data(source)
    changes: list[tuple[int, int]] = []
    for moment, index in zip(moments, indices, strict=True):
        if not changes or changes[-1][1] != offsets[index]:
            changes.append((moment, offsets[index]))
    return changes


def test_no_zone_changes_its_offset_twice_within_a_scan_step_since_1900():
    # What lets offset_changes scan a day at a time; a newer tz database could break it.
    since = int((datetime(1900, 1, 1, tzinfo=UTC) - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds())
    closest = min(
        (later - earlier, name)
        for name in zoneinfo.available_timezones()
        for (earlier, _), (later, _) in itertools.pairwise(_tzif_offset_changes(name))
        if earlier >= since
    )
    assert closest[0] > 2 * SCAN_STEP.total_seconds(), closest


# -- the property ---------------------------------------------------------------------------


@st.composite
def agendas_at_clock_changes(draw):
    """An agenda over 2019-2026 in one of the zones, with sessions at the edges of its gaps
    and in its folds: each a few minutes to two hours from a change, lasting up to four
    hours (or nothing), and now and then an all-day session on the day of a change."""
    zone_name = draw(st.sampled_from(PROPERTY_ZONES))
    zone = ZoneInfo(zone_name)
    sessions = [{"start": moment, "end": moment + HOUR}
                for moment in (datetime(2019, 1, 2, 12, tzinfo=UTC), datetime(2026, 12, 30, 12, tzinfo=UTC))]
    for change in draw(st.lists(st.sampled_from(_changes(zone_name)), min_size=1, max_size=6)):
        start = change.at + timedelta(minutes=draw(st.integers(-120, 120)))
        length = timedelta(minutes=draw(st.sampled_from([0, 1, 15, 30, 45, 60, 90, 150, 240])))
        sessions.append({"start": start, "end": start + length})
        if draw(st.integers(0, 4)) == 0:
            day = change.at.astimezone(zone).date()
            sessions.append({"all_day": True, "start": day, "end": day + timedelta(days=1)})
    return agenda_of(zone_name, sessions, start_date=date(2019, 1, 1), end_date=date(2026, 12, 31))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agendas_at_clock_changes())
def test_both_readers_give_the_agenda_s_instants_at_every_clock_change(agenda):
    text = render_ics(agenda, agenda.sessions, now=NOW)
    assert_read_back(text, expected_instants(agenda))
