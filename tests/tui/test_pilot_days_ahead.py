"""The work a day view does ahead for the next keys, once a day has stayed on show a
moment: the other days' first screens of rows drawn (a day's first showing then draws
no row anew), and the grid's layout for a `g` (tests/tui/test_pilot_grid.py)."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

import tomli_w
from textual.strip import Strip

from agenda_tui.agenda_file import load_agenda
from agenda_tui.tui.widgets import day_tab
from agenda_tui.tui.widgets.day_tab import DayTab
from agenda_tui.tui.widgets.day_table import DayTable
from tests.large_agenda import agenda_data
from tests.tui.conftest import STEPS, SteppedClock, active_table, build_app, settled, started

BRUSSELS = ZoneInfo("Europe/Brussels")


def rows_drawn_anew(monkeypatch) -> list[int]:
    """The lines of the day tables whose row is drawn from its session (not kept)."""
    drawn: list[int] = []
    render_line = DayTable.render_line

    def counted(table: DayTable, y: int) -> Strip:
        before = table.kept_lines_version
        line = render_line(table, y)
        if table.kept_lines_version != before:
            drawn.append(y)
        return line

    monkeypatch.setattr(DayTable, "render_line", counted)
    return drawn


async def worked_ahead(pilot, view: DayTab) -> None:
    for _ in range(STEPS * 25):
        await pilot.pause(0.02)
        if not view.working_ahead:
            return
    raise AssertionError("the day view is still working ahead")


def generated(tmp_path, sessions: int = 600):
    path = tmp_path / "generated.toml"
    path.write_bytes(tomli_w.dumps(agenda_data(sessions, rooms=12, tracks=8)).encode())
    return load_agenda(path)


@asynccontextmanager
async def worked_ahead_on_generated(state_dir, tmp_path, clock: SteppedClock | None = None):
    """The app on 600 generated sessions at 160×45, on the first day, once its day view
    has worked ahead: the app, the pilot and the view."""
    clock = clock or SteppedClock(datetime(2025, 2, 1, 11, 0, tzinfo=BRUSSELS))
    app = build_app(state_dir, agenda=generated(tmp_path), clock=clock)
    async with started(app, (160, 45)) as pilot:
        await settled(pilot)
        view = app.main.active_view
        await worked_ahead(pilot, view)
        yield app, pilot, view


async def test_a_day_s_first_showing_draws_no_row_anew(state_dir, tmp_path, monkeypatch):
    async with worked_ahead_on_generated(state_dir, tmp_path) as (app, pilot, view):
        drawn = rows_drawn_anew(monkeypatch)
        for key in "2345":
            await pilot.press(key)
            await settled(pilot)
            assert active_table(app).row_count > 40  # a screen full of rows
            assert drawn == [], key
        await worked_ahead(pilot, view)
        passes: list[int] = []
        other_days_drawn = DayTab._other_days_drawn

        def counted(tab: DayTab):
            passes.append(1)
            return other_days_drawn(tab)

        monkeypatch.setattr(DayTab, "_other_days_drawn", counted)
        await pilot.press("w", "5")  # back to the same day, its lines and the others' as they were
        await settled(pilot)
        await worked_ahead(pilot, view)
        assert passes == [] and drawn == []
        await pilot.press("4")  # another day: what is drawn ahead is looked at again
        await settled(pilot)
        await worked_ahead(pilot, view)
        assert passes == [1] and drawn == []


async def test_without_the_work_ahead_a_first_showing_draws_its_rows(state_dir, tmp_path, monkeypatch):
    """The comparison that shows the test above counts what it says: with nothing
    drawn ahead (the other days' share of the lines kept less than a screen), the rows
    are drawn as shown."""
    monkeypatch.setattr(day_tab, "LINES_CACHED", 2)
    async with worked_ahead_on_generated(state_dir, tmp_path) as (app, pilot, view):
        drawn = rows_drawn_anew(monkeypatch)
        await pilot.press("2")
        await settled(pilot)
        assert len(drawn) >= 40


async def test_a_day_left_scrolled_is_drawn_ahead_where_it_was_left(state_dir, tmp_path, monkeypatch):
    """A minute later every line shows another moment (the session on now is marked):
    the lines are drawn again, each day's where it was left, for its next showing."""
    clock = SteppedClock(datetime(2025, 2, 1, 11, 0, tzinfo=BRUSSELS))
    app = build_app(state_dir, agenda=generated(tmp_path), clock=clock)
    async with started(app, (160, 45)) as pilot:
        await settled(pilot)
        await pilot.press("2", "end")  # day 2 left at its last rows
        await settled(pilot)
        table = active_table(app)
        left_at = round(table.scroll_y)
        assert left_at > 0
        await pilot.press("1")
        await settled(pilot)
        clock.advance(minutes=1)
        app.tick()
        await settled(pilot)
        await worked_ahead(pilot, app.main.active_view)
        drawn = rows_drawn_anew(monkeypatch)
        await pilot.press("2")
        await settled(pilot)
        assert round(table.scroll_y) == left_at and table.cursor_row == table.row_count - 1
        assert drawn == []


async def test_a_search_s_lines_do_not_push_out_the_days_drawn_ahead(state_dir, tmp_path, monkeypatch):
    """A search draws lines at every keystroke and page: more than the table keeps, here.
    The lines kept for the days, those drawn ahead among them, stay as they were."""
    from agenda_tui.tui.widgets import day_table

    monkeypatch.setattr(day_table, "LINES_CACHED", 120)
    monkeypatch.setattr(day_tab, "LINES_CACHED", 120)
    async with worked_ahead_on_generated(state_dir, tmp_path) as (app, pilot, view):
        table = active_table(app)
        days_kept = set(table._day_lines.keys())  # noqa: SIM118 - (an LRUCache cannot be iterated)
        assert len(days_kept) > table.size.height  # the day on show's, and another's drawn ahead
        await pilot.press("slash", *"in", "enter")  # the search, then its results
        await settled(pilot)
        assert table.row_count > 200
        for _ in range(4):
            await pilot.press("pagedown")
            await settled(pilot)
        assert len(table._found_lines.keys()) == 120  # noqa: SIM118 - as many as it keeps
        assert set(table._day_lines.keys()) == days_kept  # noqa: SIM118


async def test_drawn_ahead_again_a_minute_later_with_a_search_open(state_dir, tmp_path, monkeypatch):
    clock = SteppedClock(datetime(2025, 2, 1, 11, 0, tzinfo=BRUSSELS))
    async with worked_ahead_on_generated(state_dir, tmp_path, clock) as (app, pilot, view):
        await pilot.press("slash", *"in")
        await settled(pilot)
        clock.advance(minutes=1)
        app.tick()  # every line kept shows another moment: dropped
        await settled(pilot)
        await worked_ahead(pilot, view)
        await pilot.press("escape")
        await settled(pilot)
        drawn = rows_drawn_anew(monkeypatch)
        await pilot.press("2")
        await settled(pilot)
        assert drawn == []


async def test_drawn_ahead_again_in_the_columns_of_a_new_width(state_dir, tmp_path, monkeypatch):
    async with worked_ahead_on_generated(state_dir, tmp_path) as (app, pilot, view):
        await pilot.resize_terminal(140, 45)
        await settled(pilot)
        await worked_ahead(pilot, view)
        drawn = rows_drawn_anew(monkeypatch)
        await pilot.press("2")
        await settled(pilot)
        assert drawn == []
