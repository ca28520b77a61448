"""The timeline grid's geometry (grid_layout): columns, lines, lanes, moves, hits."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from agenda_tui import grid_layout
from agenda_tui.agenda_file import load_agenda
from agenda_tui.grid_layout import (
    NO_ROOM,
    GridLayout,
    column_width,
    layout_day,
    layout_day_in_steps,
    layout_days,
    wall_seconds,
    zoomed,
)
from agenda_tui.model import Agenda
from agenda_tui.schedule import room_positions, sessions_on
from tests.conftest import TEST_DATA
from tests.large_agenda import agenda_data

DAY_ONE = date(2025, 3, 1)


@pytest.fixture(scope="module")
def agenda() -> Agenda:
    return load_agenda(TEST_DATA / "grid-rooms.toml")


def grid(agenda: Agenda, minutes: int = 10, day: date = DAY_ONE) -> GridLayout:
    return layout_day(sessions_on(agenda, day), room_positions(agenda), minutes=minutes,
                      day=day, zone=agenda.zone)


def where(layout: GridLayout, session_id: str) -> tuple[int, int, int, int, int]:
    block = layout.block(session_id)
    assert block is not None
    return block.column, block.lane, block.lanes, block.top, block.bottom


def test_columns_are_the_rooms_of_the_day_in_source_order_then_no_room(agenda):
    assert grid(agenda).columns == ["Main", "Side", "Annex", NO_ROOM]
    assert grid(agenda, day=date(2025, 3, 2)).columns == ["Side"]


def test_blocks_follow_durations_from_the_first_whole_hour(agenda):
    layout = grid(agenda)
    assert layout.first_minute == 9 * 60 and layout.minute_of(3) == 9 * 60 + 30
    assert where(layout, "opening") == (0, 0, 1, 0, 3)
    assert where(layout, "long-main") == (0, 0, 1, 3, 9)  # follows on, no shared line
    assert where(layout, "lunch")[3:] == (18, 24)
    assert where(layout, "hallway")[0] == 3


def test_after_midnight_runs_on_below_the_same_day(agenda):
    layout = grid(agenda)
    assert where(layout, "night")[3:] == (93, 99)  # 00:30 the next morning
    assert layout.lines == 99
    assert "day-two" not in layout


def test_overlapping_sessions_in_one_room_sit_side_by_side(agenda):
    layout = grid(agenda)
    assert where(layout, "side-early") == (1, 0, 2, 0, 6)
    assert where(layout, "side-overlap") == (1, 1, 2, 3, 8)
    assert where(layout, "side-late") == (1, 0, 1, 9, 12)  # after the overlap: the full column


def test_a_coarser_zoom_keeps_one_line_at_least(agenda):
    layout = grid(agenda, minutes=60)
    assert where(layout, "opening")[3:] == (0, 1)
    assert where(layout, "long-main")[3:] == (1, 2)  # 09:30 to 10:30: rounded to the nearest line
    assert zoomed(0, -1) == 0 and zoomed(4, 1) == 4 and zoomed(1, 1) == 2


def test_up_and_down_stay_in_the_room(agenda):
    layout = grid(agenda)
    opening = layout.block("opening")
    assert opening is not None
    below = layout.below(opening)
    assert below is not None and below.id == "long-main"
    assert layout.above(below) is opening
    assert layout.above(opening) is None


def test_left_and_right_go_to_the_neighbouring_rooms_block_at_that_time(agenda):
    layout = grid(agenda)

    def step(session_id: str, direction: int) -> str | None:
        block = layout.block(session_id)
        assert block is not None
        found = layout.beside(block, direction)
        return found.id if found else None

    assert step("opening", 1) == "side-early"
    assert step("side-early", 1) == "side-overlap"  # the next lane, on from 09:30 (issue: was Annex)
    assert step("side-overlap", 1) == "annex"  # the last lane: the next room
    assert step("side-overlap", -1) == "side-early"  # the lane beside, on at 09:30
    assert step("side-early", -1) == "opening"
    assert step("long-main", 1) == "side-early"  # the leftmost lane on at 09:30
    assert step("annex", 1) == "hallway"
    assert step("hallway", 1) is None
    assert step("opening", -1) is None


def test_the_block_under_a_cell(agenda):
    layout = grid(agenda)
    side_early = layout.block_at(1, 4, 3, 20)
    side_overlap = layout.block_at(1, 4, 15, 20)
    assert side_early is not None and side_early.id == "side-early"
    assert side_overlap is not None and side_overlap.id == "side-overlap"
    assert layout.block_at(1, 13, 3, 20) is None


def test_now_finds_the_block_on_or_next(agenda):
    layout = grid(agenda)
    at = layout.line_of(datetime(2025, 3, 1, 10, 20, tzinfo=agenda.zone))
    block = layout.first_at_or_after(at)
    assert block is not None and block.id == "long-main"
    later = layout.first_at_or_after(layout.line_of(datetime(2025, 3, 1, 11, 40, tzinfo=agenda.zone)))
    assert later is not None and later.id == "lunch"


def test_column_widths_fill_the_space():
    assert column_width(71, 29) == 35  # 80 columns: two rooms readable
    assert column_width(151, 4) == 37
    assert column_width(151, 29) == 30
    assert column_width(20, 3) == 20


def test_beside_into_a_gap_prefers_what_comes_next(agenda):
    layout = grid(agenda)
    # Main has the long talk on lines 3 to 8 and lunch from line 18: line 13 is five
    # lines from either, and what comes next is the more use.
    long_main, lunch = layout.block("long-main"), layout.block("lunch")
    assert long_main is not None and lunch is not None
    assert (long_main.bottom - 1, lunch.top) == (8, 18)
    assert layout.nearest(0, 13) is lunch
    assert layout.nearest(0, 12) is long_main
    assert layout.nearest(0, 5) is long_main  # on at that line


def test_a_timeline_of_days_lines_up_the_times_of_day(agenda):
    chosen = [agenda.sessions_by_id[i] for i in ("opening", "side-early", "night", "day-two")]
    layout = layout_days(chosen, agenda.zone, minutes=10)
    assert layout.days == [DAY_ONE, date(2025, 3, 2)]
    assert where(layout, "side-early") == (0, 0, 2, 0, 6)  # the longer of two at one start on the left
    assert where(layout, "opening") == (0, 1, 2, 0, 3)  # the clash, side by side
    assert where(layout, "night")[:1] + where(layout, "night")[3:] == (0, 93, 99)  # its own day, below
    assert where(layout, "day-two")[0] == 1 and where(layout, "day-two")[3] == 6  # 10:00 as on day one
    assert layout.now_columns(datetime(2025, 3, 2, 10, 30, tzinfo=agenda.zone)) == [1]
    assert layout.now_columns(datetime(2025, 3, 1, 9, 30, tzinfo=agenda.zone)) == [0]
    assert layout.now_columns(datetime(2025, 3, 5, 9, 30, tzinfo=agenda.zone)) == []
    assert layout_days([], agenda.zone, minutes=10).blocks == []


@pytest.mark.parametrize(("name", "day"), [("grid-dst-spring", date(2025, 3, 30)),
                                          ("grid-dst-fall", date(2025, 10, 26))])
def test_the_day_the_clocks_change_is_laid_out_by_the_clock(name, day):
    dst = load_agenda(TEST_DATA / f"{name}.toml")
    layout = grid(dst, day=day)
    night, morning = layout.block("sun-night"), layout.block("sun-morning")
    assert night is not None and morning is not None
    start = night.session.start
    assert layout.first_minute == 60 and layout.minute_of(night.top) == start.hour * 60 + start.minute
    assert layout.minute_of(morning.top) == 10 * 60  # 10:00 by the clock, not an hour off
    assert layout.line_of(datetime.combine(day, time(10, 30), tzinfo=dst.zone)) == morning.top + 3


@pytest.mark.parametrize("name", ["grid-dst-spring", "grid-dst-fall"])
def test_a_timeline_of_days_puts_ten_oclock_level_across_a_clock_change(name):
    dst = load_agenda(TEST_DATA / f"{name}.toml")
    layout = layout_days([dst.sessions_by_id["sat-morning"], dst.sessions_by_id["sun-morning"]],
                         dst.zone, minutes=10)
    saturday, sunday = layout.block("sat-morning"), layout.block("sun-morning")
    assert saturday is not None and sunday is not None
    assert (saturday.column, sunday.column) == (0, 1)
    assert saturday.top == sunday.top == 0 and layout.minute_of(0) == 10 * 60
    sunday_half_past = datetime.combine(layout.days[1], time(10, 30), tzinfo=dst.zone)
    assert layout.now_columns(sunday_half_past) == [1]
    assert layout.line_of(sunday_half_past, 1) == 3


def test_a_page_moves_past_gaps_and_long_sessions(agenda):
    layout = grid(agenda)
    long_main, lunch = layout.block("long-main"), layout.block("lunch")
    assert long_main is not None and lunch is not None
    assert layout.nearest(0, long_main.top + 3) is long_main  # what a page of 3 used to find
    assert layout.paged(long_main, 3) is lunch  # the next, past the gap
    assert layout.paged(lunch, -10) is long_main
    opening = layout.block("opening")
    assert layout.paged(long_main, -1) is opening
    last = layout.by_column[0][-1]
    assert layout.paged(last, 20) is None and layout.paged(opening, -20) is None


def test_lanes_come_from_overlapping_times_not_from_rounded_lines():
    short = load_agenda(TEST_DATA / "grid-short-talks.toml")
    day = date(2025, 3, 1)
    layout = grid(short, minutes=30, day=day)
    # Back to back, though at 30 minutes a line the three talks round into one line:
    # one lane, each a line of its own, the later below.
    assert [where(layout, i) for i in ("first", "second", "third", "hour")] == [
        (0, 0, 1, 0, 1), (0, 0, 1, 1, 2), (0, 0, 1, 2, 3), (0, 0, 1, 3, 4)]  # it ends on time
    assert layout.drift == 1
    assert where(layout, "clash-early") == (1, 0, 2, 0, 2) and where(layout, "clash-late") == (1, 1, 2, 1, 3)
    assert grid(short, minutes=60, day=day).drift == 2  # too wide: the widget zooms no further
    assert grid(short, minutes=10, day=day).drift == 0
    bookmarked = [short.sessions_by_id[i] for i in ("first", "second", "clash-late")]
    timeline = layout_days(bookmarked, short.zone, minutes=30)
    assert [where(timeline, i) for i in ("first", "second")] == [(0, 0, 1, 0, 1), (0, 0, 1, 1, 2)]
    assert where(timeline, "clash-late")[1:3] == (0, 1)  # after both: no clash


def test_moves_in_a_clash_keep_to_a_lane():
    short = load_agenda(TEST_DATA / "grid-short-talks.toml")
    layout = grid(short, minutes=10, day=date(2025, 3, 1))

    def block(session_id: str):
        found = layout.block(session_id)
        assert found is not None
        return found

    early, late, after = block("clash-early"), block("clash-late"), block("clash-after")
    assert (early.lane, late.lane, after.lane) == (0, 1, 0) and early.run == late.run == after.run
    assert layout.below(early) is after  # its own lane, next in time (not the clash beside it)
    assert layout.above(after) is early
    assert layout.below(late) is after  # no more in its lane: the next down the room
    assert layout.beside(early, 1) is late  # starts half-way down: still reached
    assert layout.beside(after, 1) is late
    assert layout.beside(late, -1) is early


ZONES = [ZoneInfo("Europe/Brussels"), ZoneInfo("America/New_York"), ZoneInfo("Australia/Lord_Howe"), UTC]


@settings(max_examples=400, deadline=None)
@given(moment=st.datetimes(min_value=datetime(2000, 1, 2), max_value=datetime(2099, 12, 30),
                           timezones=st.sampled_from(ZONES)),
       zone=st.sampled_from(ZONES), days_before=st.integers(-2, 2))
def test_wall_seconds_reads_the_clock_in_the_zone(moment, zone, days_before):
    """The seconds from a day's midnight to a moment by the clock in a zone, counted by
    hand as the plain difference of two wall-clock readings (DST days included: the
    clock, not the elapsed time; past midnight: on from 86400)."""
    day = moment.astimezone(zone).date() - timedelta(days=days_before)
    wall = moment.astimezone(zone).replace(tzinfo=None)
    assert wall_seconds(moment, day, zone) == int((wall - datetime.combine(day, time())).total_seconds())


def _drawn(layout: GridLayout) -> tuple:
    """All a layout says: its columns, lines and drift, and each column's blocks."""
    return (layout.columns, layout.first_minute, layout.lines, layout.drift,
            [[(b.id, b.column, b.lane, b.lanes, b.top, b.bottom, b.run) for b in column]
             for column in layout.by_column], sorted(b.id for b in layout.blocks))


@pytest.mark.parametrize("rooms", [True, False])
def test_a_layout_made_in_steps_does_a_few_sessions_a_step(rooms, tmp_path, monkeypatch):
    """The grid makes a big day's layout ahead, a step between frames: each step works
    through a bounded number of sessions (in one column of them all too: no rooms, many
    lanes), and the layout is the one made at once."""
    path = tmp_path / "generated.toml"
    path.write_bytes(tomli_w.dumps(agenda_data(900, rooms=12, tracks=4)).encode())
    agenda = load_agenda(path)
    day = date(2025, 2, 2)
    sessions = sessions_on(agenda, day)
    if not rooms:
        sessions = [replace(session, location=None) for session in sessions]
    at_once = layout_day(sessions, room_positions(agenda), minutes=10, day=day, zone=agenda.zone)
    step = 25
    monkeypatch.setattr(grid_layout, "SESSIONS_A_STEP", step)
    work: list[int] = [0]  # by step: times read (two a session), sessions placed, blocks made
    for name in ("wall_seconds", "_lines", "Block"):
        monkeypatch.setattr(grid_layout, name, _counted(getattr(grid_layout, name), work))
    steps = layout_day_in_steps(sessions, room_positions(agenda), minutes=10, day=day, zone=agenda.zone)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            made = done.value
            break
        work.append(0)
    assert _drawn(made) == _drawn(at_once) and len(made.blocks) == len(sessions) > 150
    assert len(work) >= len(sessions) // step and max(work) <= 4 * step


def _counted(function, work: list[int]):
    """`function`, adding one to the last count of `work` at each call."""
    def counted(*args):
        work[-1] += 1
        return function(*args)
    return counted
