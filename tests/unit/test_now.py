"""Where "now" is: the day that holds a moment, and the session `n` goes to."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from agenda_tui.agenda_file import load_agenda
from agenda_tui.schedule import day_at, session_to_go_to, sessions_on
from tests.conftest import TEST_DATA, shared_data

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def night():
    return load_agenda(TEST_DATA / "night-rooms.toml")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 12, day, hour, minute, tzinfo=BERLIN)


@pytest.mark.parametrize(("moment", "day"), [
    (at(20, 12), date(2024, 12, 27)),            # before the conference: its first day
    (at(27, 9), date(2024, 12, 27)),
    (at(27, 23, 30), date(2024, 12, 27)),
    (at(28, 0, 30), date(2024, 12, 27)),         # between sessions of the night: still Friday
    (at(28, 2, 30), date(2024, 12, 27)),         # the night session runs to 03:00
    (at(28, 3, 30), date(2024, 12, 28)),         # the night is over
    (at(28, 9, 15), date(2024, 12, 28)),
    (at(31, 12), date(2024, 12, 27)),            # after it: the first day again
])
def test_the_day_that_holds_a_moment_follows_the_programmes_nights(night, moment, day):
    assert day_at(night, moment) == day


def test_at_38c3_half_past_one_on_saturday_is_still_friday():
    agenda = load_agenda_from_frab(shared_data("38c3-schedule.xml"))
    assert day_at(agenda, at(28, 1, 30)) == date(2024, 12, 27)
    assert day_at(agenda, at(28, 11, 0)) == date(2024, 12, 28)


def load_agenda_from_frab(path):
    from agenda_tui.formats.frab_xml import parse_frab_xml

    return parse_frab_xml(path.read_bytes(), path.name)


def test_n_goes_to_what_started_most_recently_not_the_day_long_workshop(night):
    friday = sessions_on(night, date(2024, 12, 27))
    target, on = session_to_go_to(friday, at(27, 23, 30))
    assert on and target is not None and target.id in {"talk-a", "talk-b"}


def test_n_takes_a_bookmarked_session_first(night):
    friday = sessions_on(night, date(2024, 12, 27))
    target, on = session_to_go_to(friday, at(27, 23, 30), bookmarks={"workshop"})
    assert on and target is not None and target.id == "workshop"


def test_n_only_looks_at_the_rows_it_is_given(night):
    hall_b = [s for s in sessions_on(night, date(2024, 12, 27)) if s.location == "Hall B"]
    target, _ = session_to_go_to(hall_b, at(27, 23, 30))
    assert target is not None and target.id == "talk-b"


def test_when_nothing_is_on_n_goes_to_the_next_to_start(night):
    saturday = sessions_on(night, date(2024, 12, 28))
    target, on = session_to_go_to(saturday, at(28, 9, 15))
    assert not on and target is not None and target.id == "morning-a"
    assert session_to_go_to(saturday, at(28, 12)) == (None, False)
