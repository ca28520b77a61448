"""The model's own checks against their plain definitions: the id rule, skipped wall-clock times."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agenda_tui.agenda_schema import ValidationError, _printable_id, pydantic_problems, validated
from agenda_tui.model import SUPPORTED_YEARS, Session, offset_changes_on, skipped_by_clock_change


def _old_rule_accepts(value: str) -> bool:
    """The rule as first written: no whitespace at all, nothing unprintable."""
    return not any(char.isspace() or not char.isprintable() for char in value)


def _accepts(value: str) -> bool:
    try:
        _printable_id(value)
    except ValueError:
        return False
    return True


def test_id_rule_matches_the_per_character_definition_for_every_code_point():
    differing = [hex(code) for code in range(sys.maxunicode + 1)
                 if _accepts(chr(code)) != _old_rule_accepts(chr(code))]
    assert differing == []


# Mostly the interesting characters: spaces, separators, controls, bidi and zero-width marks.
_tricky = st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u200a\u200b\u200d"
                          "\u2028\u2029\u202e\u2066\u3000\ufeff\ue000\U000f0000\x00\x7f")


@given(st.text(alphabet=st.one_of(st.characters(), _tricky), max_size=30))
def test_id_rule_matches_the_old_definition(value: str):
    assert _accepts(value) == _old_rule_accepts(value)


@pytest.mark.parametrize("value", ["a b", "a\u00a0b", "a\u200bb", "a\u202eb", "a\tb", "a\x00b"])
def test_ids_with_spaces_or_invisible_characters_are_refused(value: str):
    assert not _accepts(value)


def test_ordinary_ids_pass():
    assert _accepts("d1-scaife_astrophysics.2024") and _accepts("Ørsted-ü-日本")


_WALL_CLOCK_ZONES = [ZoneInfo(name) for name in ("Europe/Berlin", "America/New_York",
                                                  "Australia/Lord_Howe", "Asia/Kolkata", "UTC")]


@given(st.datetimes(), st.sampled_from(_WALL_CLOCK_ZONES), st.integers(0, 1))
def test_a_wall_clock_time_read_gets_the_zone_and_keeps_its_fold(moment: datetime, zone: ZoneInfo,
                                                                  fold: int):
    moment = moment.replace(fold=fold)
    data = {"id": "s", "title": "t", "start": moment, "end": moment}
    if not SUPPORTED_YEARS[0] <= moment.year <= SUPPORTED_YEARS[1]:
        with pytest.raises(ValidationError) as caught:
            validated(Session, data, zone)
        message = (f"year {moment.year} is outside the years an agenda may name "
                   f"({SUPPORTED_YEARS[0]} to {SUPPORTED_YEARS[1]})")
        assert pydantic_problems(caught.value) == [(("start",), message), (("end",), message)]
        return
    session = validated(Session, data, zone)
    for read in (session.start, session.end):
        # What moment.replace(tzinfo=zone) gives: == on datetimes does not compare the fold.
        assert read.tzinfo is zone
        assert (read.replace(tzinfo=None), read.fold) == (moment, fold)


def _skipped_in_full(moment: datetime) -> bool:
    """The clock-change check without the per-day shortcut."""
    round_trip = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return round_trip.replace(tzinfo=None) != moment.replace(tzinfo=None)


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1),
                    timezones=st.timezones(), allow_imaginary=True))
def test_skipped_times_shortcut_agrees_with_the_full_check(moment: datetime):
    assert skipped_by_clock_change(moment) == _skipped_in_full(moment)


@pytest.mark.parametrize(("zone", "year"), [
    ("Europe/Berlin", 2024), ("America/New_York", 2024), ("Australia/Lord_Howe", 2024),
    ("Pacific/Chatham", 2024), ("Pacific/Apia", 2011), ("Asia/Kolkata", 1942)])
def test_skipped_times_shortcut_agrees_all_year(zone: str, year: int):
    tz = ZoneInfo(zone)
    moment = datetime(year, 1, 1)
    skipped = []
    while moment.year == year:
        local = moment.replace(tzinfo=tz)
        assert skipped_by_clock_change(local) == _skipped_in_full(local), local
        if _skipped_in_full(local):
            skipped.append(local)
        moment += timedelta(minutes=15)
    assert skipped or zone == "Asia/Kolkata"


def test_days_with_a_clock_change_are_found():
    berlin, apia = ZoneInfo("Europe/Berlin"), ZoneInfo("Pacific/Apia")
    assert offset_changes_on(berlin, date(2024, 3, 31)) and offset_changes_on(berlin, date(2024, 10, 27))
    assert not offset_changes_on(berlin, date(2024, 10, 26))
    assert offset_changes_on(apia, date(2011, 12, 30))  # the day Samoa skipped entirely
    assert skipped_by_clock_change(datetime(2011, 12, 30, 12, 0, tzinfo=apia))
    assert not offset_changes_on(UTC, date(2024, 3, 31))


SHARED_TOML = """
schema_version = 1
[conference]
id = "c"
title = "C"
start_date = 2024-03-14
end_date = 2024-03-14
timezone = "America/New_York"
[[speakers]]
id = "a"
name = "A"
[[speakers]]
id = "b"
name = "B"
[[sessions]]
id = "s1"
start = 2024-03-14 09:00:00
end = 2024-03-14 10:00:00
title = "One"
people = [{ speaker = "a" }]
[[sessions]]
id = "s2"
start = 2024-03-14 10:00:00
end = 2024-03-14 11:00:00
title = "Two"
people = [{ speaker = "b" }]
[[sessions]]
id = "s3"
start = 2024-03-14 11:00:00
end = 2024-03-14 12:00:00
title = "Three"
location = "Hall"
"""


def test_agenda_objects_are_frozen_and_a_changed_copy_computes_its_instants_afresh():
    import dataclasses
    from datetime import timedelta

    from agenda_tui.agenda_file import parse_agenda

    agenda = parse_agenda(SHARED_TOML)
    one, two, _ = agenda.sessions
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.location = "Hall"  # type: ignore[misc]
    moved = dataclasses.replace(one, location="Hall", start=one.start + timedelta(hours=1))
    assert moved.location == "Hall" and one.location is None and two.location is None
    assert moved.start_utc == one.start_utc + timedelta(hours=1)
    assert moved == dataclasses.replace(one, location="Hall", start=one.start + timedelta(hours=1))
    assert moved != one
