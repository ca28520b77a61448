"""The timeline grid (`g`): a small hand-written agenda (tests/data/grid-rooms.toml: an
overlap in one room, a break, a session with no room, one after midnight), FOSDEM 2025
(29 rooms) and 38C3 (nights to 06:00) from ../shared/data."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from textual import events
from textual.strip import Strip
from textual.widgets import Static

from agenda_tui.model import utc
from agenda_tui.state_file import StateFile
from agenda_tui.tui.detail_text import NOW_MARK, STAR
from agenda_tui.tui.screens.session_screen import SessionScreen
from agenda_tui.tui.widgets.day_grid import HEADER_LINES, TIME_WIDTH, DayGrid
from agenda_tui.tui.widgets.day_tab import DayTab
from agenda_tui.tui.widgets.detail_pane import DetailPane
from tests.conftest import TEST_DATA
from tests.tui.conftest import STEPS, SteppedClock, build_app, counting, notifications, settled, started

BRUSSELS = ZoneInfo("Europe/Brussels")
BERLIN = ZoneInfo("Europe/Berlin")
GRID_ROOMS = TEST_DATA / "grid-rooms.toml"
DURING = datetime(2025, 3, 1, 10, 5, tzinfo=BRUSSELS)


def day_view(app) -> DayTab:
    view = app.main.active_view
    assert isinstance(view, DayTab)
    return view


def grid_of(app) -> DayGrid:
    return day_view(app).grid


def lines_on_screen(grid: DayGrid) -> list[str]:
    return [grid.render_line(y).text for y in range(grid.size.height)]


def segment_with(strip: Strip, text: str):
    return next(segment for segment in strip if text in segment.text)


def on_screen(grid: DayGrid, session_id: str) -> bool:
    """The block's first line and its column are within the grid's view."""
    block = grid.grid_layout.block(session_id)
    assert block is not None
    top, page = round(grid.scroll_y), grid.size.height - 1
    left, width = round(grid.scroll_x), grid._column_width
    columns = grid.size.width - 8
    return (top <= block.top < top + page
            and left <= block.column * width and (block.column + 1) * width <= left + columns + 2)


async def grid_on(pilot) -> DayGrid:
    await pilot.press("g")
    await settled(pilot)
    return grid_of(pilot.app)


async def test_g_shows_the_day_as_a_grid_and_it_is_remembered(state_dir):
    app = build_app(state_dir, agenda_path=GRID_ROOMS, at=DURING)
    async with started(app) as pilot:
        view = day_view(app)
        assert view.table.display and not view.grid.display
        grid = await grid_on(pilot)
        assert grid.display and not view.table.display and grid.has_focus
        assert grid.grid_layout.columns == ["Main", "Side", "Annex", None]
        header = lines_on_screen(grid)[0]
        assert header.index("Main") < header.index("Side") < header.index("Annex") < header.index("(no room)")
    assert StateFile(state_dir / "grid-rooms.toml", "grid-rooms").state.grid_days == [date(2025, 3, 1)]

    again = build_app(state_dir, agenda_path=GRID_ROOMS, at=DURING)
    async with started(again) as pilot:
        assert day_view(again).shows_grid and grid_of(again).display
        await pilot.press("2")  # the other day stays a table
        await settled(pilot)
        assert not day_view(again).shows_grid and day_view(again).table.display
        await pilot.press("1", "g")
        await settled(pilot)
        assert day_view(again).table.display and not grid_of(again).display
    assert StateFile(state_dir / "grid-rooms.toml", "grid-rooms").state.grid_days == []


async def test_arrows_and_j_k_move_from_block_to_block(state_dir):
    app = build_app(state_dir, agenda_path=GRID_ROOMS, at=DURING)
    async with started(app) as pilot:
        grid = await grid_on(pilot)
        assert day_view(app).select_session("opening")
        await settled(pilot)
        moves = [("right", "side-early"), ("right", "side-overlap"),  # the clash beside it, from 09:30
                 ("right", "annex"), ("right", "hallway"), ("right", "hallway"),
                 ("left", "annex"),
                 ("left", "side-overlap"),  # Side's block on at 10:00, the lane nearer
                 ("left", "side-early"),  # the lane beside, on at 09:30
                 ("j", "side-overlap"), ("right", "annex"), ("left", "side-overlap"), ("k", "side-early"),
                 ("down", "side-overlap"), ("j", "side-late"), ("k", "side-overlap"), ("up", "side-early"),
                 ("up", "side-early"), ("left", "opening"), ("down", "long-main")]
        for key, expected in moves:
            await pilot.press(key)
            assert (key, grid.current_session_id) == (key, expected)
        await settled(pilot)
        assert app.main.current_session_id == "long-main"
        detail = day_view(app).query_one(DetailPane).text.plain
        assert "Long talk in Main" in str(detail)


async def test_enter_opens_the_session_and_b_bookmarks_with_a_star(state_dir):
    app = build_app(state_dir, agenda_path=GRID_ROOMS, at=DURING)
    async with started(app) as pilot:
        grid = await grid_on(pilot)
        day_view(app).select_session("side-late")
        await settled(pilot)
        assert not any(STAR in line for line in lines_on_screen(grid))
        await pilot.press("b")
        await settled(pilot)
        assert "side-late" in app.bookmarks
        assert any(f"{STAR} Side late morning" in line for line in lines_on_screen(grid))
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.session.id == "side-late"


async def test_a_click_selects_a_block_and_a_second_opens_it(state_dir):
    app = build_app(state_dir, agenda_path=GRID_ROOMS, at=DURING)
    async with started(app) as pilot:
        grid = await grid_on(pilot)
        block = grid.grid_layout.block("hallway")
        assert block is not None
        x = 8 + block.column * grid._column_width - round(grid.scroll_x) + 2
        y = 1 + block.top - round(grid.scroll_y)
        await pilot.click(grid, offset=(x, y))
        await settled(pilot)
        assert grid.current_session_id == "hallway"
        await pilot.click(grid, offset=(x, y))
        await settled(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.session.id == "hallway"


async def test_n_goes_to_now_and_the_now_line_runs_across(state_dir):
    app = build_app(state_dir, agenda_path=GRID_ROOMS, at=DURING)
    async with started(app) as pilot:
        grid = await grid_on(pilot)
        day_view(app).select_session("night")
        await settled(pilot)
        assert grid.current_session_id == "night"
        await pilot.press("n")
        await settled(pilot)
        assert grid.current_session_id == "annex"  # the one begun last of those on now
        assert on_screen(grid, "annex")
        lines = lines_on_screen(grid)
        now_line = next(line for line in lines if line.startswith(f"{NOW_MARK}10:05"))
        assert now_line.count("─") > 20
        assert any(f"{NOW_MARK} Annex talk" in line for line in lines)


async def test_after_midnight_stays_on_its_day_with_plus_one(state_dir):
    app = build_app(state_dir, agenda_path=GRID_ROOMS, at=DURING)
    async with started(app) as pilot:
        grid = await grid_on(pilot)
        day_view(app).select_session("night")
        await settled(pilot)
        assert on_screen(grid, "night")
        assert any(line.startswith("00:30+1") and "After midnight" in line for line in lines_on_screen(grid))


async def test_hidden_rooms_vanish_from_the_grid(state_dir):
    app = build_app(state_dir, agenda_path=GRID_ROOMS, at=DURING)
    async with started(app) as pilot:
        grid = await grid_on(pilot)
        day_view(app).select_session("side-early")
        await settled(pilot)
        await pilot.press("x")
        await settled(pilot)
        assert grid.grid_layout.columns == ["Main", "Annex", None]
        assert "Side" not in lines_on_screen(grid)[0]
        assert grid.current_session_id is not None and grid.current_session_id in grid


async def test_search_dims_the_blocks_it_does_not_match(state_dir):
    app = build_app(state_dir, agenda_path=GRID_ROOMS, at=DURING)
    async with started(app) as pilot:
        grid = await grid_on(pilot)
        top = {line: grid.render_line(line) for line in range(grid.size.height)}
        opening_before = segment_with(top[1], "Opening").style
        await pilot.press("/", *"side")
        await settled(pilot)
        assert grid.display
        assert grid.context is not None
        assert grid.context.matches == {"side-early", "side-overlap", "side-late"}
        dimmed = grid.get_component_rich_style("day-grid--dimmed")
        opening = segment_with(grid.render_line(1), "Opening").style
        side = segment_with(grid.render_line(1), "Side morning").style
        assert opening != opening_before and opening.color == dimmed.color
        assert side.color != dimmed.color and side.bold  # a match stands out
        status = day_view(app).query_one(".search-status", Static).render()
        # A grid lists no results; Friday's match is in the table.
        assert str(status).endswith("(enter, then g: all days)")
        await pilot.press("escape")
        await settled(pilot)
        assert grid.context.matches is None and grid.has_focus


async def test_a_search_on_a_grid_says_how_to_reach_the_other_days_matches(app):
    """The symposium's Thursday as a grid, "panel" found there and on Friday: the line
    says where Friday's is (the table, g, lists every day's), whole at 80 columns, and
    it is there."""
    async with started(app, (80, 24)) as pilot:
        await pilot.press("g")
        await settled(pilot)
        await pilot.press("slash", *"scaife")  # Thursday's alone
        await settled(pilot)
        status = str(day_view(app).query_one(".search-status", Static).render())
        assert status.endswith("0 more on other days  (enter: to a match, escape: clear)"), status
        await pilot.press(*["backspace"] * 6, *"panel")
        await settled(pilot)
        status = str(day_view(app).query_one(".search-status", Static).render())
        assert status.endswith("1 more on other days  (enter, then g: all days)"), status
        line = day_view(app).query_one(".search-status", Static).render_line(0).text
        assert line.rstrip().endswith("(enter, then g: all days)"), line  # whole at 80 columns
        await pilot.press("enter", "g")
        await settled(pilot)
        table = day_view(app).table
        assert not day_view(app).shows_grid and table.row_count == 2
        assert {session.conference_day for session in table.sessions} == set(app.main.days[:2])


async def test_zoom_keys_change_the_minutes_a_line(state_dir):
    app = build_app(state_dir, agenda_path=GRID_ROOMS, at=DURING)
    async with started(app) as pilot:
        grid = await grid_on(pilot)
        assert grid.minutes_per_line == 10
        await pilot.press("minus", "minus")
        assert grid.minutes_per_line == 30
        assert grid.grid_layout.block("opening").bottom - grid.grid_layout.block("opening").top == 1
        await pilot.press("plus", "plus", "plus")
        assert grid.minutes_per_line == 5
        await pilot.press("equals_sign")
        assert grid.minutes_per_line == 10
        assert "10 min" in lines_on_screen(grid)[0]


async def test_resizing_keeps_the_selection_in_view(state_dir):
    app = build_app(state_dir, agenda_path=GRID_ROOMS, at=DURING)
    async with started(app, size=(160, 45)) as pilot:
        grid = await grid_on(pilot)
        day_view(app).select_session("hallway")
        await settled(pilot)
        assert on_screen(grid, "hallway")
        await pilot.resize_terminal(80, 24)
        await settled(pilot)
        assert grid.current_session_id == "hallway" and on_screen(grid, "hallway")
        assert round(grid.scroll_x) > 0  # rooms scroll sideways: the last column is in view


# -- real schedules ---------------------------------------------------------------------

FOSDEM_SATURDAY = datetime(2025, 2, 1, 11, 5, tzinfo=BRUSSELS)


async def test_fosdem_grid_moves_opens_bookmarks_hides_and_resizes(state_dir, fosdem):
    app = build_app(state_dir, agenda=fosdem, at=FOSDEM_SATURDAY)
    async with started(app, size=(80, 24)) as pilot:
        grid = await grid_on(pilot)
        assert len(grid.grid_layout.columns) > 20
        header = lines_on_screen(grid)[0]
        readable = [room for room in grid.grid_layout.columns if room and room in header]
        assert len(readable) >= 2
        await pilot.press("n")
        await settled(pilot)
        on_now = fosdem.sessions_by_id[grid.current_session_id]
        assert on_now.start_utc <= utc(FOSDEM_SATURDAY) < on_now.end_utc
        assert on_screen(grid, on_now.id)
        start = grid.grid_layout.block(on_now.id)
        await pilot.press("right")
        moved = grid.grid_layout.block(grid.current_session_id)
        assert moved.column == start.column + 1 and moved.covers(start.top)  # the next room, at that time
        await pilot.press("left")
        back = grid.grid_layout.block(grid.current_session_id)
        assert back.column == start.column
        await pilot.press("down")
        below = grid.grid_layout.block(grid.current_session_id)
        assert below.column == start.column and below.top > back.top
        for _ in range(8):
            await pilot.press("right")
        await settled(pilot)
        assert on_screen(grid, grid.current_session_id)
        chosen = grid.current_session_id
        await pilot.press("b")
        await settled(pilot)
        assert chosen in app.bookmarks
        assert any(STAR in line for line in lines_on_screen(grid))
        room = fosdem.sessions_by_id[chosen].location
        await pilot.press("x")
        await settled(pilot)
        assert room not in grid.grid_layout.columns and room not in lines_on_screen(grid)[0]
        await pilot.resize_terminal(160, 45)
        await settled(pilot)
        assert on_screen(grid, grid.current_session_id)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.session.id == grid.current_session_id


async def test_38c3_night_stays_on_its_day(state_dir, ccc):
    night = datetime(2024, 12, 28, 1, 30, tzinfo=BERLIN)
    app = build_app(state_dir, agenda=ccc, at=night)
    async with started(app, size=(120, 40)) as pilot:
        assert app.main.tabs.active == "day-1"
        grid = await grid_on(pilot)
        await pilot.press("n")
        await settled(pilot)
        session = ccc.sessions_by_id[grid.current_session_id]
        assert session.conference_day == date(2024, 12, 27) and session.start.date() == date(2024, 12, 28)
        assert session.start_utc <= utc(night) < session.end_utc
        assert on_screen(grid, session.id)
        assert any(line.startswith(f"{NOW_MARK}01:30+1") for line in lines_on_screen(grid))
        assert any("+1" in line[:8] for line in lines_on_screen(grid))
        assert grid.grid_layout.columns[0] == "Saal 1"  # the source's room order
        await pilot.press("k")
        assert grid.current_session_id != session.id


# -- My schedule as a timeline --------------------------------------------------------------


@asynccontextmanager
async def my_schedule_as_timeline(state_dir, bookmarks: list[str]):
    """The grid-rooms agenda with these bookmarks, My schedule shown as a timeline (g)."""
    StateFile(state_dir / "grid-rooms.toml", "grid-rooms").set_bookmarks(bookmarks, True)
    app = build_app(state_dir, agenda_path=GRID_ROOMS, at=DURING)
    async with started(app) as pilot:
        app.main.show_tab("my-schedule")
        await settled(pilot)
        await pilot.press("g")
        await settled(pilot)
        yield app, pilot


async def test_my_schedule_timeline_a_column_a_day_with_clashes_side_by_side(state_dir):
    async with my_schedule_as_timeline(
            state_dir, ["opening", "side-early", "side-overlap", "day-two"]) as (app, pilot):
        view = app.main.active_view
        grid = view.grid
        assert grid.display and grid.has_focus and not view.table.display
        assert grid.grid_layout.days == [date(2025, 3, 1), date(2025, 3, 2)]
        header = lines_on_screen(grid)[0]
        assert "Sat 1 Mar" in header and "Sun 2 Mar" in header
        early, overlap = grid.grid_layout.block("side-early"), grid.grid_layout.block("side-overlap")
        assert early.column == overlap.column == 0 and early.lanes == overlap.lanes == 2
        assert early.lane != overlap.lane  # the clash, side by side
        day_two = grid.grid_layout.block("day-two")
        assert day_two.column == 1 and day_two.top == grid.grid_layout.line_of(
            datetime(2025, 3, 2, 10, tzinfo=BRUSSELS), 1)  # the same time of day as day one's 10:00
        assert grid.grid_layout.line_of(datetime(2025, 3, 1, 10, tzinfo=BRUSSELS)) == day_two.top
        await pilot.press("n")
        await settled(pilot)
        assert grid.current_session_id == "side-overlap"  # on now at 10:05
        await pilot.press("right")
        assert grid.current_session_id == "day-two"
        await pilot.press("b")
        await settled(pilot)
        assert "day-two" not in app.bookmarks and "day-two" not in grid
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, SessionScreen)
    assert StateFile(state_dir / "grid-rooms.toml", "grid-rooms").state.settings.my_schedule_grid is True


async def test_the_wheel_scrolls_down_and_with_shift_sideways(state_dir, fosdem):
    app = build_app(state_dir, agenda=fosdem, at=FOSDEM_SATURDAY)
    async with started(app, size=(80, 24)) as pilot:
        grid = await grid_on(pilot)
        grid.scroll_to(x=0, y=0, animate=False, immediate=True)
        await settled(pilot)

        def wheel(event_type, *, shift=False):
            return event_type(grid, 20, 5, 0, 0, 0, shift, False, False)

        grid.post_message(wheel(events.MouseScrollDown))
        await settled(pilot)
        assert grid.scroll_y > 0 and grid.scroll_x == 0
        grid.post_message(wheel(events.MouseScrollDown, shift=True))
        await settled(pilot)
        assert grid.scroll_x > 0
        before = lines_on_screen(grid)
        grid.post_message(wheel(events.MouseScrollRight))
        await settled(pilot)
        after = lines_on_screen(grid)
        assert after[0][8:] != before[0][8:]  # the room names follow the columns
        assert [line[:8] for line in after] == [line[:8] for line in before]  # the times stay
        assert any(line[:5].replace(":", "").isdigit() for line in after[1:])


# -- the days the clocks change ------------------------------------------------------------

DST_SPRING = TEST_DATA / "grid-dst-spring.toml"
DST_FALL = TEST_DATA / "grid-dst-fall.toml"


def label_of(grid: DayGrid, line: int) -> str:
    return grid.render_line(HEADER_LINES + line - round(grid.scroll_y)).text[:TIME_WIDTH].strip()


async def test_the_day_grid_reads_the_clock_the_day_the_clocks_change(state_dir):
    for path, day, tab in ((DST_SPRING, date(2025, 3, 30), "day-2"), (DST_FALL, date(2025, 10, 26), "day-2")):
        app = build_app(state_dir, agenda_path=path, at=datetime.combine(day, time(10, 20), tzinfo=BERLIN))
        async with started(app) as pilot:
            assert app.main.tabs.active == tab
            grid = await grid_on(pilot)
            morning = grid.grid_layout.block("sun-morning")
            assert morning is not None
            await pilot.press("n")
            await settled(pilot)
            assert grid.current_session_id == "sun-morning"
            assert morning.top == 54  # nine hours by the clock from 01:00, line 0, at 10 minutes a line
            assert label_of(grid, morning.top) == "10:00"
            assert label_of(grid, morning.top + 2) == f"{NOW_MARK}10:20"  # the now-line, in its block


async def test_my_schedule_lines_up_ten_oclock_across_the_change_and_now_has_no_plus_one(state_dir):
    for path, day in ((DST_SPRING, date(2025, 3, 30)), (DST_FALL, date(2025, 10, 26))):
        store = StateFile(state_dir / f"{path.stem}.toml", path.stem)
        store.set_bookmarks(["sat-morning", "sun-morning"], True)
        now = datetime.combine(day, time(10, 20), tzinfo=BERLIN)
        app = build_app(state_dir, agenda_path=path, at=now)
        async with started(app) as pilot:
            app.main.show_tab("my-schedule")
            await settled(pilot)
            await pilot.press("g")
            await settled(pilot)
            grid = app.main.active_view.grid
            saturday, sunday = grid.grid_layout.block("sat-morning"), grid.grid_layout.block("sun-morning")
            assert saturday.top == sunday.top and label_of(grid, sunday.top) == "10:00"
            assert grid.grid_layout.now_columns(now) == [1]
            assert label_of(grid, sunday.top + 2) == f"{NOW_MARK}10:20"  # Sunday's own column: no +1


VOXELBOX = "ebc86eb1-bc4f-550c-84d8-649583db9de2"  # 38C3, Fri 27 Dec 11:00, Saal A - Programmierplätze
UEFI = "512f7b2f-c21e-5248-b63b-d5fe431d424b"  # next in that room, at 15:10


async def test_page_keys_move_past_a_gap_and_scroll_a_page(state_dir, ccc):
    app = build_app(state_dir, agenda=ccc, at=datetime(2024, 12, 27, 9, 0, tzinfo=BERLIN))
    async with started(app, size=(80, 24)) as pilot:
        grid = await grid_on(pilot)
        assert grid.select_session(VOXELBOX)
        await settled(pilot)
        top = round(grid.scroll_y)
        await pilot.press("pagedown")
        await settled(pilot)
        assert grid.current_session_id == UEFI and on_screen(grid, UEFI)
        assert round(grid.scroll_y) - top >= grid._page
        await pilot.press("pageup")
        await settled(pilot)
        assert grid.current_session_id == VOXELBOX and on_screen(grid, VOXELBOX)
        # In a room of talks an hour or so apart, a page down scrolls the view by a page.
        first = grid.grid_layout.by_column[0][0]
        assert grid.select_session(first.id)
        await settled(pilot)
        top = round(grid.scroll_y)
        await pilot.press("pagedown")
        await settled(pilot)
        assert round(grid.scroll_y) == top + grid._page  # a page, not a line
        block = grid.grid_layout.block(grid.current_session_id)
        assert block.covers(first.top + grid._page) and block.bottom > round(grid.scroll_y)
        await pilot.press("pageup")
        await settled(pilot)
        assert grid.current_session_id == first.id and round(grid.scroll_y) == top


async def test_hiding_the_cursors_session_keeps_the_cursor_in_its_place(state_dir):
    app = build_app(state_dir, agenda_path=GRID_ROOMS, at=DURING)
    async with started(app) as pilot:
        grid = await grid_on(pilot)
        assert grid.select_session("lunch")
        await pilot.press("h")  # breaks hidden: lunch goes
        await settled(pilot)
        assert "lunch" not in grid and grid.current_session_id == "long-main"  # its room, nearest in time
        await pilot.press("x")  # Main hidden: the room in its place, at that time
        await settled(pilot)
        block = grid.grid_layout.block(grid.current_session_id)
        assert grid.grid_layout.columns[block.column] == "Side" and block.session.id != "side-early"


async def test_unbookmarking_in_my_schedules_grid_keeps_the_cursor_in_its_place(state_dir):
    async with my_schedule_as_timeline(
            state_dir, ["opening", "long-main", "lunch", "day-two"]) as (app, pilot):
        grid = app.main.active_view.grid
        assert grid.select_session("lunch")
        await pilot.press("b")
        await settled(pilot)
        assert "lunch" not in grid and grid.current_session_id == "long-main"
        assert grid.select_session("day-two")
        await pilot.press("b")  # its day's column goes: the day before, at that time
        await settled(pilot)
        assert grid.current_session_id == "long-main"


SHORT_TALKS = TEST_DATA / "grid-short-talks.toml"


async def test_talks_that_follow_each_other_never_look_like_a_clash(state_dir):
    app = build_app(state_dir, agenda_path=SHORT_TALKS, at=datetime(2025, 3, 1, 9, 0, tzinfo=BRUSSELS))
    async with started(app) as pilot:
        grid = await grid_on(pilot)
        await pilot.press("minus", "minus")
        assert grid.minutes_per_line == 30
        blocks = [grid.grid_layout.block(i) for i in ("first", "second", "third")]
        assert [b.lanes for b in blocks] == [1, 1, 1] and [b.top for b in blocks] == [0, 1, 2]
        assert any(line[8:].startswith(" ODF at twenty") for line in lines_on_screen(grid))  # not "OD…"
        await pilot.press("minus")  # at 60, the talks would drift two lines from their times
        await settled(pilot)
        assert grid.minutes_per_line == 30 and "widest" in notifications(app)[-1].message
        await pilot.press("plus")
        assert grid.minutes_per_line == 15
        await pilot.press("plus", "plus")
        assert grid.minutes_per_line == 5
        await pilot.press("plus")  # the closest: said so, not silently ignored
        await settled(pilot)
        assert grid.minutes_per_line == 5
        assert "5 minutes a line is the closest" in notifications(app)[-1].message
    store = StateFile(state_dir / "grid-short-talks.toml", "grid-short-talks")
    store.set_bookmarks(["first", "second"], True)
    app = build_app(state_dir, agenda_path=SHORT_TALKS, at=datetime(2025, 3, 1, 9, 0, tzinfo=BRUSSELS))
    async with started(app) as pilot:
        app.main.show_tab("my-schedule")
        await settled(pilot)
        await pilot.press("g")
        await settled(pilot)
        grid = app.main.active_view.grid
        await pilot.press("minus", "minus")
        assert grid.minutes_per_line == 30
        first, second = grid.grid_layout.block("first"), grid.grid_layout.block("second")
        assert first.lanes == second.lanes == 1 and second.top == first.bottom


async def test_a_search_takes_the_cursor_to_a_match_and_dimmed_blocks_stay_apart(state_dir):
    app = build_app(state_dir, agenda_path=GRID_ROOMS, at=DURING)
    async with started(app) as pilot:
        grid = await grid_on(pilot)
        assert day_view(app).select_session("long-main")  # 09:30
        await pilot.press("/", *"side")
        await settled(pilot)
        assert grid.current_session_id == "side-overlap"  # the first match from 09:30 on, not a dimmed one
        await pilot.press("enter")
        await settled(pilot)
        assert grid.has_focus and grid.current_session_id == "side-overlap"
        await pilot.press("/", "ctrl+u", *"lunch")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert grid.has_focus and grid.current_session_id == "lunch"  # the next match in time
        await pilot.press("/", "ctrl+u", *"opening")
        await settled(pilot)
        assert grid.current_session_id == "opening"  # none after 12:00: the day's first
        await pilot.press("ctrl+u", *"side", "enter")
        await settled(pilot)
        opening, long_main = grid.grid_layout.block("opening"), grid.grid_layout.block("long-main")
        assert opening.bottom == long_main.top and round(grid.scroll_y) == 0

        def first_cell(line: int):
            return list(grid.render_line(HEADER_LINES + line))[1]  # after the time

        dimmed = [first_cell(opening.bottom - 1).style.bgcolor, first_cell(long_main.top).style.bgcolor]
        gap = grid.rich_style.bgcolor
        assert dimmed[0] != dimmed[1] and gap not in dimmed  # both dimmed, yet two blocks, not gaps


async def test_my_schedules_grid_is_laid_out_only_while_shown_and_on_now_is_a_component(state_dir):
    StateFile(state_dir / "grid-rooms.toml", "grid-rooms").set_bookmarks(["opening", "long-main"], True)
    clock = SteppedClock(DURING)
    app = build_app(state_dir, agenda_path=GRID_ROOMS, clock=clock)
    async with started(app) as pilot:
        app.main.show_tab("my-schedule")
        await settled(pilot)
        view = app.main.active_view
        clock.advance(minutes=2)
        app.tick()
        await settled(pilot)
        assert view.table.display and view.grid.context is None  # the table shown: no grid laid out
        await pilot.press("g")
        await settled(pilot)
        grid = view.grid
        assert grid.context is not None and "long-main" in grid
        on_now = grid.get_component_rich_style("day-grid--on-now")
        assert on_now.bold
        long_main = grid.grid_layout.block("long-main")
        assert segment_with(grid.render_line(HEADER_LINES + long_main.top), "Long talk").style.bold


async def test_the_zoom_carries_over_to_the_other_days_grids(state_dir):
    app = build_app(state_dir, agenda_path=GRID_ROOMS, at=DURING)
    async with started(app) as pilot:
        grid = await grid_on(pilot)
        await pilot.press("minus", "right")
        await settled(pilot)
        assert grid.minutes_per_line == 15
        saturday_cursor = grid.current_session_id
        await pilot.press("tab")  # Sunday
        await settled(pilot)
        assert day_view(app).day == date(2025, 3, 2)
        sunday = await grid_on(pilot)
        assert sunday.day == date(2025, 3, 2) and sunday.minutes_per_line == 15
        # Sunday's grid starts at its first session, not where Saturday's cursor was.
        assert sunday.current_session_id == sunday.grid_layout.first_at_or_after(0).id
        await pilot.press("minus")
        await pilot.press("shift+tab")
        await settled(pilot)
        assert grid_of(app) is grid and grid.minutes_per_line == 30
        assert grid.day == date(2025, 3, 1) and grid.current_session_id == saturday_cursor


async def test_the_times_down_the_side_follow_the_display_zone(state_dir):
    app = build_app(state_dir)  # the symposium, in New York; the laptop in Berlin
    async with started(app) as pilot:
        grid = await grid_on(pilot)
        first = min(grid.grid_layout.blocks, key=lambda b: b.session.start_utc).session
        assert label_of(grid, 0) == f"{first.start:%H}:00"
        await pilot.press("t")
        await settled(pilot)
        assert grid.zone == BERLIN and label_of(grid, 0) == f"{first.start.astimezone(BERLIN):%H}:00"
        block = grid.grid_layout.block(first.id)
        assert grid.grid_layout.minute_of(block.top) // 60 == first.start.astimezone(BERLIN).hour


async def test_a_day_come_back_to_shows_its_cursor_though_the_zoom_changed(state_dir, ccc):
    app = build_app(state_dir, agenda=ccc, at=datetime(2024, 12, 27, 9, 0, tzinfo=BERLIN))
    async with started(app, size=(80, 24)) as pilot:
        grid = await grid_on(pilot)
        await pilot.press(*["pagedown"] * 5)
        await settled(pilot)
        cursor, left_at = grid.current_session_id, round(grid.scroll_y)
        assert cursor is not None and left_at > 0
        await pilot.press("2")
        await settled(pilot)
        await pilot.press("1")  # as it was left: the same cursor, scrolled as far
        await settled(pilot)
        assert (grid.current_session_id, round(grid.scroll_y)) == (cursor, left_at)
        await pilot.press("2", "g", "plus")  # a closer zoom, on Saturday: every day's
        await settled(pilot)
        await pilot.press("1")
        await settled(pilot)
        assert grid.current_session_id == cursor and on_screen(grid, cursor)


async def test_a_grid_day_come_back_to_is_not_laid_out_again(state_dir, fosdem):
    """Every day shows in one grid: each day's layout is kept when another day is shown,
    and used again while its sessions, zoom and zone are the same."""
    at = datetime(2025, 2, 1, 11, 10, tzinfo=BRUSSELS)
    app = build_app(state_dir, agenda=fosdem, at=at)
    async with started(app) as pilot:
        grid = await grid_on(pilot)
        saturday = grid.grid_layout
        await pilot.press("right", "down")
        await settled(pilot)
        cursor = grid.current_session_id
        await pilot.press("2", "g")  # Sunday as a grid too
        await settled(pilot)
        sunday = grid.grid_layout
        assert sunday is not saturday and sunday.day == date(2025, 2, 2)
        await pilot.press("1")
        await settled(pilot)
        assert grid.grid_layout is saturday
        await pilot.press("2")
        await settled(pilot)
        assert grid.grid_layout is sunday
        await pilot.press("1")
        await settled(pilot)
        assert grid.grid_layout is saturday
        await pilot.press("2", "g")  # Sunday back to a table: the grid is hidden there
        await settled(pilot)
        app.main.action_day(1)
        scrolled_at_once = (grid.scroll_x, grid.scroll_y)  # in the step that shows the grid
        await settled(pilot)
        assert (grid.scroll_x, grid.scroll_y) == scrolled_at_once
        assert grid.grid_layout is saturday
        assert grid.current_session_id == cursor and on_screen(grid, cursor)
        await pilot.press("x")  # a room hidden: what is shown changed, laid out again (this day)
        await settled(pilot)
        assert grid.grid_layout is not saturday and grid.grid_layout.day == date(2025, 2, 1)


async def test_a_grid_shown_again_has_its_cursor_and_its_scrollbars(state_dir, fosdem):
    app = build_app(state_dir, agenda=fosdem, at=datetime(2025, 2, 1, 11, 10, tzinfo=BRUSSELS))
    async with started(app) as pilot:
        grid = await grid_on(pilot)
        assert grid.show_vertical_scrollbar and grid.show_horizontal_scrollbar  # 29 rooms, a long day
        await pilot.press("2", "1")  # through a table day, which hides the grid
        await settled(pilot)
        assert grid.show_vertical_scrollbar and grid.show_horizontal_scrollbar
        # Saturday as a table again, through Sunday, a search that matches nothing, then
        # the grid: its cursor is on a block of the day (its first), not on none.
        await pilot.press("g", "2", "1", "slash", *"xyzqq", "enter")
        await settled(pilot)
        await pilot.press("g")
        await settled(pilot)
        first = grid.grid_layout.first_at_or_after(0)
        assert first is not None and grid.current_session_id == first.id
        assert app.main.current_session_id == first.id


async def test_a_table_day_after_a_grid_day_keeps_its_columns(state_dir, ccc):
    """38C3's Friday has times past midnight ("+1"), its Monday none: the table's columns
    change between them. Monday as a grid, then Friday: the table, shown again, has the
    columns for its width, not for a table of none."""
    app = build_app(state_dir, agenda=ccc, at=datetime(2024, 12, 28, 11, 20, tzinfo=BERLIN))
    async with started(app) as pilot:
        table = day_view(app).table
        await pilot.press("1")
        await settled(pilot)
        friday = table.column_labels
        assert friday == ["Time", "★", "Kind", "Title", "Room", "People"]  # at 120 columns
        await pilot.press("4")
        await settled(pilot)
        await pilot.press("g", "1")  # Monday as a grid (the table hidden), back to Friday
        await settled(pilot)
        assert table.column_labels == friday


async def test_my_schedule_table_keeps_its_columns_after_its_timeline(state_dir, ccc):
    """My schedule shown again while its timeline is on (its table hidden), then `g`:
    the table has the columns for its width, not for a table of none."""
    app = build_app(state_dir, agenda=ccc, at=datetime(2024, 12, 28, 11, 20, tzinfo=BERLIN))
    async with started(app) as pilot:
        await pilot.press("b")
        app.main.show_tab("my-schedule")
        await settled(pilot)
        table = app.main.active_view.table

        def labels() -> list[str]:
            return [str(column.label) for column in table.columns.values()]

        # The columns are fitted at the table's first Resize, which may come after the
        # app looks settled (its first frame has columns for 80; see fit_columns).
        for _ in range(STEPS):
            if "People" in labels():
                break
            await pilot.pause()
        columns = labels()
        assert "People" in columns
        await pilot.press("g", "w")
        await settled(pilot)
        app.main.show_tab("my-schedule")  # shown again, its table hidden
        await settled(pilot)
        await pilot.press("g")
        await settled(pilot)
        assert labels() == columns


async def test_a_grid_is_laid_out_ahead_for_g_and_for_the_zoom_keys(state_dir, tmp_path, monkeypatch):
    """While a day shows as a table, its grid's layout is made a step at a time (a few
    sessions a step here); `g` then takes none of those steps, and the grid's first
    showing is as any later one: one layout (its scrollbars are there from it) and one
    paint (what it asked for as it was sized is drawn by that layout's paint). Once the
    grid shows, its layouts at the zooms next to its own are made ahead too, and the
    one a zoom key leaves is kept for the key back."""
    import tomli_w
    from textual.screen import Screen

    from agenda_tui import grid_layout
    from agenda_tui.agenda_file import load_agenda
    from agenda_tui.tui.widgets import day_grid
    from tests.large_agenda import agenda_data

    monkeypatch.setattr(grid_layout, "SESSIONS_A_STEP", 20)
    steps_taken: list[int] = []  # the minutes a line of the layout each step was for
    layout_in_steps = day_grid.layout_day_in_steps

    def counted(*args, minutes, **options):
        steps = layout_in_steps(*args, minutes=minutes, **options)
        while True:
            try:
                next(steps)
            except StopIteration as done:
                return done.value
            steps_taken.append(minutes)
            yield

    monkeypatch.setattr(day_grid, "layout_day_in_steps", counted)
    path = tmp_path / "generated.toml"
    path.write_bytes(tomli_w.dumps(agenda_data(1000, rooms=12, tracks=8)).encode())
    app = build_app(state_dir, agenda=load_agenda(path), at=datetime(2025, 2, 2, 11, 0, tzinfo=BRUSSELS))

    async def made_ahead() -> None:
        for _ in range(STEPS * 25):
            if not app.main.active_view.working_ahead:
                return
            await pilot.pause(0.02)
        raise AssertionError(f"{grid.layouts_in_the_making} layouts still in the making")

    async with started(app, (160, 45)) as pilot:
        await settled(pilot)
        grid = grid_of(app)
        await made_ahead()
        assert not grid.display and len(steps_taken) >= 200 // 20  # (a day of about 200 sessions)
        layouts: list[int] = []
        paints: list[int] = []
        for name, calls in (("_refresh_layout", layouts), ("_compositor_refresh", paints)):
            monkeypatch.setattr(Screen, name, counting(getattr(Screen, name), calls))
        steps_before = len(steps_taken)
        await pilot.press("g")
        await settled(pilot)
        assert grid.display and len(grid.grid_layout.blocks) > 150
        assert grid.show_vertical_scrollbar and grid.show_horizontal_scrollbar  # 12 rooms, a long day
        assert steps_taken[steps_before:].count(grid.minutes_per_line) == 0
        first = (len(layouts), len(paints))
        await pilot.press("g")
        await settled(pilot)
        layouts.clear()
        paints.clear()
        await pilot.press("g")
        await settled(pilot)
        assert first == (len(layouts), len(paints)) == (1, 1)
        await made_ahead()
        made = len(steps_taken)
        assert {5, 15} <= set(steps_taken[steps_before:])  # the zooms in and out
        await pilot.press("minus")
        await settled(pilot)
        assert grid.minutes_per_line == 15 and steps_taken[made:].count(15) == 0
        await pilot.press("plus")
        await settled(pilot)
        assert grid.minutes_per_line == 10 and steps_taken[made:].count(10) == 0


async def test_a_day_shown_as_a_table_again_has_its_grid_made_ahead_already(state_dir, fosdem, monkeypatch):
    """The layout for a table day's `g` is made ahead once the day stays on show (not
    for the days flipped past), and kept with the day, made or in the making: going
    back and forth between table days starts each once and makes none again."""
    from agenda_tui.tui.widgets import day_grid

    app = build_app(state_dir, agenda=fosdem, at=datetime(2025, 2, 1, 11, 10, tzinfo=BRUSSELS))
    started_for: list[date] = []  # the day of each layout started ahead

    class Counted(day_grid._Ahead):
        def __init__(self, *args, **options) -> None:
            super().__init__(*args, **options)
            if self.sessions and self.made is None:
                started_for.append(self.day)

    monkeypatch.setattr(day_grid, "_Ahead", Counted)
    async with started(app) as pilot:
        grid = grid_of(app)

        async def day(key: str) -> None:
            await pilot.press(key)
            for _ in range(STEPS * 25):
                await pilot.pause(0.02)
                if not app.main.active_view.working_ahead:
                    return

        await settled(pilot)
        for _ in range(STEPS * 25):  # day 1's, started once it has been on show a moment
            if started_for:
                break
            await pilot.pause(0.02)
        assert started_for == [date(2025, 2, 1)]
        for number in (2, 1, 2):  # flipped past day 2, in one step: nothing started for it
            app.main.action_day(number)
        await day("1")
        assert started_for == [date(2025, 2, 1)]
        await day("2")  # stayed on
        await day("1")
        assert sorted(started_for) == [date(2025, 2, 1), date(2025, 2, 2)]
        for key in "2121":
            await day(key)
        assert not grid.display and grid.layouts_in_the_making == 0
        assert sorted(started_for) == [date(2025, 2, 1), date(2025, 2, 2)]


async def test_the_key_after_a_grid_s_first_showing_repaints_what_it_changes(state_dir, fosdem, monkeypatch):
    """What the grid asked to repaint while its first layout sized it (here, a scroll to
    the cursor's room) is drawn by that layout's paint, and not again at the next key."""
    app = build_app(state_dir, agenda=fosdem, at=datetime(2025, 2, 1, 11, 10, tzinfo=BRUSSELS))
    cells_sent: list[int] = []  # by each paint, to the terminal
    async with started(app, (160, 45)) as pilot:
        display = app._display
        monkeypatch.setattr(app, "_display", lambda screen, update: (cells_sent.append(_cells(update)),
                                                                     display(screen, update))[1])
        await pilot.press("g")
        await settled(pilot)
        grid = grid_of(app)
        assert grid.display and grid.scroll_x > 0
        cells_sent.clear()
        await pilot.press("down")  # within the view: two blocks and the detail change
        await settled(pilot)
        assert 0 < sum(cells_sent) < app.screen.size.area // 2


def _cells(update: object) -> int:
    """The cells a paint sends to the terminal: its spans, or its whole region."""
    spans = getattr(update, "spans", None)
    if spans is not None:
        return sum(end - start for _, start, end in spans)
    region = getattr(update, "region", None)
    return region.area if region is not None else 0
