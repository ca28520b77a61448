"""Which reminders are due at a moment: lead times, clock changes, after midnight, missed
ones, and what is remembered of those shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agenda_tui.agenda_file import load_agenda, parse_agenda
from agenda_tui.reminders import (
    KEEP_REMINDED,
    OFF,
    LeadTimes,
    Reminder,
    lead_times,
    next_lead,
    next_session_lead,
    reminded_after,
    reminder_notice,
    reminders_due,
)
from tests.conftest import TEST_DATA

BERLIN = ZoneInfo("Europe/Berlin")

# The last Sundays of October (clocks go back at 03:00 CEST to 02:00 CET: 02:00-03:00
# happens twice) and of March (clocks go forward at 02:00 CET to 03:00 CEST).
CLOCK_CHANGES = """
schema_version = 1
[conference]
id = "clocks"
title = "Clock changes"
start_date = 2024-10-26
end_date = 2025-03-30
timezone = "Europe/Berlin"

[[sessions]]
id = "second-0230"
start = 2024-10-27T02:30:00+01:00
end = 2024-10-27T03:00:00+01:00
title = "In the second 02:30"
location = "Saal 1"

[[sessions]]
id = "after-gap"
start = 2025-03-30T03:05:00
end = 2025-03-30T04:00:00
title = "Just after the skipped hour"
"""


def berlin(*parts: int, fold: int = 0) -> datetime:
    return datetime(*parts, tzinfo=BERLIN, fold=fold)


def due(agenda, at: datetime, leads: LeadTimes, reminded=None, bookmarks=None) -> list[str]:
    marks = set(agenda.sessions_by_id) if bookmarks is None else bookmarks
    return [r.session.id for r in reminders_due(agenda, marks, leads, reminded or {}, at)]


@pytest.fixture(scope="module")
def clocks():
    return parse_agenda(CLOCK_CHANGES)


@pytest.fixture(scope="module")
def night():
    return load_agenda(TEST_DATA / "night-rooms.toml")


def test_in_the_hour_that_happens_twice_the_lead_is_real_time(clocks):
    leads = LeadTimes(10, {})
    # 02:25 CEST (the first 02:25, 00:25 UTC) is 65 real minutes before the second 02:30.
    assert due(clocks, berlin(2024, 10, 27, 2, 25), leads, bookmarks={"second-0230"}) == []
    assert due(clocks, berlin(2024, 10, 27, 2, 19, fold=1), leads, bookmarks={"second-0230"}) == []
    assert due(clocks, berlin(2024, 10, 27, 2, 20, fold=1), leads,
               bookmarks={"second-0230"}) == ["second-0230"]
    assert due(clocks, berlin(2024, 10, 27, 3, 0, fold=1), leads, bookmarks={"second-0230"}) == []


def test_across_the_skipped_hour_the_lead_is_real_time(clocks):
    leads = LeadTimes(15, {})
    # 03:05 CEST is 00:05 UTC... less 15 minutes: 01:50 CET, before the clocks skip.
    assert due(clocks, berlin(2025, 3, 30, 1, 49), leads, bookmarks={"after-gap"}) == []
    assert due(clocks, berlin(2025, 3, 30, 1, 50), leads, bookmarks={"after-gap"}) == ["after-gap"]
    assert due(clocks, berlin(2025, 3, 30, 3, 1), leads, bookmarks={"after-gap"}) == ["after-gap"]


def test_a_session_after_midnight_is_reminded_on_the_night_it_starts(night):
    leads = LeadTimes(5, {"night": 15})
    before = datetime(2024, 12, 28, 0, 44, tzinfo=BERLIN)
    assert due(night, before, leads, bookmarks={"night"}) == []
    assert due(night, before + timedelta(minutes=1), leads, bookmarks={"night"}) == ["night"]
    assert due(night, datetime(2024, 12, 28, 3, 0, tzinfo=BERLIN), leads, bookmarks={"night"}) == []


def test_only_bookmarked_timed_sessions_with_a_lead_are_due(night):
    at = datetime(2024, 12, 27, 22, 56, tzinfo=BERLIN)
    assert due(night, at, LeadTimes(5), bookmarks={"talk-a", "talk-b"}) == ["talk-a", "talk-b"]
    assert due(night, at, LeadTimes(5), bookmarks={"talk-a"}) == ["talk-a"]
    assert due(night, at, LeadTimes(5, {"talk-b": OFF}), bookmarks={"talk-a", "talk-b"}) == ["talk-a"]
    assert due(night, at, LeadTimes(OFF, {"talk-b": 5}), bookmarks={"talk-a", "talk-b"}) == ["talk-b"]
    assert due(night, at, LeadTimes(3), bookmarks={"talk-a"}) == []  # due at 22:57
    assert due(night, at, LeadTimes(5), bookmarks={"unknown-id"}) == []


def test_a_missed_reminder_is_due_until_its_session_ends_and_then_never(night):
    # The workshop began at 12:00: its reminder (11:55) was missed; at 23:30 it is still on.
    at = datetime(2024, 12, 27, 23, 30, tzinfo=BERLIN)
    assert due(night, at, LeadTimes(5), bookmarks={"workshop", "talk-a", "morning-a"}) == [
        "workshop", "talk-a"]
    assert due(night, datetime(2024, 12, 28, 0, 0, tzinfo=BERLIN), LeadTimes(5),
               bookmarks={"workshop"}) == []


def test_a_reminder_shown_is_not_due_again_unless_its_session_moved(night):
    talk = night.sessions_by_id["talk-a"]
    at = datetime(2024, 12, 27, 22, 58, tzinfo=BERLIN)
    shown = {"talk-a": talk.start_utc}
    assert due(night, at, LeadTimes(5), shown, bookmarks={"talk-a"}) == []
    moved = {"talk-a": talk.start_utc - timedelta(hours=1)}
    assert due(night, at, LeadTimes(5), moved, bookmarks={"talk-a"}) == ["talk-a"]


def test_lead_choices_cycle():
    assert [next_lead(m) for m in (5, 10, 15, OFF, 7)] == [10, 15, OFF, 5, 5]
    assert [next_session_lead(m) for m in (None, 5, 10, 15, OFF)] == [5, 10, 15, OFF, None]


def test_the_conference_state_overrides_the_settings_file():
    assert lead_times(10, None, {}).of("x") == 10
    assert lead_times(10, 15, {"y": OFF}).of("x") == 15
    leads = lead_times(10, None, {"y": OFF, "z": 10})
    assert (leads.of("y"), leads.differing("y"), leads.differing("z"), leads.differing("x")) == (
        OFF, OFF, None, None)


def test_one_notice_names_the_room_and_lists_several(night):
    at = datetime(2024, 12, 27, 22, 50, tzinfo=BERLIN)
    talk_a, talk_b = (night.sessions_by_id[i] for i in ("talk-a", "talk-b"))
    title, text = reminder_notice([Reminder(talk_a, 10)], at, BERLIN)
    assert title == "Starting soon"
    assert text == "Late talk in A starts in 10 min, Hall A (23:00–23:45)"
    title, text = reminder_notice([Reminder(talk_a, 10), Reminder(talk_b, 10)], at, BERLIN)
    assert title == "2 reminders"
    assert text.splitlines() == ["• 23:00 Late talk in A starts in 10 min, Hall A (23:00–23:45)",
                                 "• 23:00 Late talk in B starts in 10 min, Hall B (23:00–23:45)"]
    workshop = night.sessions_by_id["workshop"]
    title, text = reminder_notice([Reminder(workshop, 5), Reminder(talk_a, 5)],
                                  datetime(2024, 12, 27, 22, 56, tzinfo=BERLIN), BERLIN)
    assert title == "2 missed reminders"
    assert "Soldering all day began 10 h 56 min ago, Hall A" in text


def test_records_of_reminders_are_dropped_once_their_sessions_are_long_over(night):
    talk, night_session = night.sessions_by_id["talk-a"], night.sessions_by_id["night"]
    gone_start = datetime(2024, 12, 20, 10, 0, tzinfo=UTC)
    records = {"night": night_session.start_utc, "gone": gone_start}
    at = talk.end_utc + KEEP_REMINDED - timedelta(minutes=1)
    kept = reminded_after(night, records, [Reminder(talk, 5)], at)
    assert kept == {"night": night_session.start_utc, "talk-a": talk.start_utc}
    later = reminded_after(night, kept, [], talk.end_utc + KEEP_REMINDED + timedelta(minutes=1))
    assert later == {"night": night_session.start_utc}
    assert reminded_after(night, kept, [], night_session.end_utc + KEEP_REMINDED + timedelta(minutes=1)) == {}
