"""The day table (DayTable) as the user sees it: the lines it draws, not only its rows.

The cursor stays on screen when paging, at the ends, after a search and after a resize;
clicks highlight and open; the Time header flips the order; an empty table says so; cells
are cut to their columns with an ellipsis; text from the data shows literally.
"""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from rich.cells import cell_len
from textual.geometry import Region
from textual.strip import Strip

from agenda_tui.agenda_file import agenda_from_data
from agenda_tui.model import Agenda
from agenda_tui.schedule import conference_days, sessions_by_day
from agenda_tui.tui.detail_text import STAR
from agenda_tui.tui.screens.session_screen import SessionScreen
from agenda_tui.tui.widgets.day_table import HEADER_LINES, DayTable
from agenda_tui.tui.widgets.detail_pane import DetailPane
from tests.large_agenda import agenda_data
from tests.tui.conftest import active_table, build_app, column, settled, started

BRUSSELS = ZoneInfo("Europe/Brussels")
BEFORE_DAY_ONE = datetime(2025, 2, 1, 8, 0, tzinfo=BRUSSELS)  # the generated agenda's first day
SIZES = [(80, 24), (120, 40), (40, 12)]


def generated(sessions: int = 300, titles: dict[str, str] | None = None) -> Agenda:
    """The generated large agenda (a fifth of the sessions on each day); every title starts with
    its session's id ("s45: …"), so that a drawn line says which session it is."""
    titles = titles or {}
    data = agenda_data(sessions)
    for session in data["sessions"]:
        session["title"] = titles.get(session["id"], f"{session['id']}: {session['title']}")
    return agenda_from_data(data, "<generated>")


def long_day_app(state_dir, agenda: Agenda | None = None):
    return build_app(state_dir, agenda=agenda or generated(), at=BEFORE_DAY_ONE)


def drawn(table: DayTable) -> list[Strip]:
    """The table's lines as drawn: the header, then the rows in view."""
    return [table.render_line(y) for y in range(table.size.height)]


def cursor_lines(table: DayTable) -> list[int]:
    """The lines drawn in the cursor's colours (as it looks with the focus the table has)."""
    cursor = table.get_component_rich_style(
        "day-table--cursor" if table.has_focus else "day-table--cursor-blurred").bgcolor
    return [y for y, line in enumerate(drawn(table)) if y
            and {segment.style.bgcolor for segment in line if segment.style} == {cursor}]


def cursor_line(table: DayTable) -> int:
    """The one line drawn as the cursor."""
    lines = cursor_lines(table)
    assert len(lines) == 1, f"cursor drawn on lines {lines}"
    return lines[0]


def assert_cursor_on_screen(table: DayTable) -> int:
    """The cursor is drawn on one line, which shows the highlighted session (by the id
    that starts the generated titles); that line's y."""
    y = cursor_line(table)
    assert f" {table.current_session_id}: " in table.render_line(y).text
    return y


def assert_cursor_on_screen_by_title(table: DayTable) -> int:
    """The same for titles without an id: the cursor line shows the title's start."""
    y = cursor_line(table)
    title = table.agenda.sessions_by_id[table.current_session_id].title
    assert f" {title[:20]}" in table.render_line(y).text
    return y


def detail_title(app) -> str:
    return app.main.active_view.query_one(DetailPane).text.plain.splitlines()[0]


def column_x(table: DayTable, label: str) -> int:
    """Where a column starts (its left padding), read from the drawn header."""
    header = table.render_line(0).text
    assert cell_len(header) == len(header)  # the labels are one cell a character
    return header.index(f" {label}")


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_paging_and_home_end_keep_the_cursor_on_screen(state_dir, size):
    app = long_day_app(state_dir)
    async with started(app, size) as pilot:
        table = active_table(app)
        last = table.row_count - 1
        assert last > 2 * table.size.height  # a day of several pages
        assert assert_cursor_on_screen(table) == 1

        page = table.size.height - 1  # the rows in view below the header
        expected = 0
        while expected < last:
            await pilot.press("pagedown")
            await pilot.pause()
            expected = min(expected + page, last)
            assert table.cursor_row == expected
            assert_cursor_on_screen(table)
        await pilot.press("pagedown")  # past the end: stays on the last row
        await pilot.pause()
        assert table.cursor_row == last
        assert assert_cursor_on_screen(table) == table.size.height - 1  # the bottom line

        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0
        assert assert_cursor_on_screen(table) == 1
        await pilot.press("pageup", "up", "k")  # before the start: stays on the first row
        await pilot.pause()
        assert table.cursor_row == 0
        assert assert_cursor_on_screen(table) == 1

        await pilot.press("end")
        await pilot.pause()
        assert table.current_session_id == table.sessions[-1].id
        assert assert_cursor_on_screen(table) == table.size.height - 1
        await pilot.press("down", "j")
        await pilot.pause()
        assert table.cursor_row == last
        await pilot.press("pageup")
        await pilot.pause()
        assert table.cursor_row == last - page
        assert_cursor_on_screen(table)


async def test_the_cursor_stays_on_screen_across_resizes(state_dir):
    app = long_day_app(state_dir)
    async with started(app) as pilot:
        table = active_table(app)
        await pilot.press("end", *["up"] * 15)
        await pilot.pause()
        highlighted = table.current_session_id
        for size in [(40, 12), (80, 24), (120, 40), (40, 12), (120, 40)]:
            await pilot.resize_terminal(*size)
            await settled(pilot)
            assert table.current_session_id == highlighted
            assert_cursor_on_screen(table)
        await pilot.press("home")
        await pilot.resize_terminal(40, 12)
        await settled(pilot)
        assert assert_cursor_on_screen(table) == 1


ZEPPELIN_ROWS = (3, 40, 55)  # of day 1's 60


def zeppelin_agenda() -> Agenda:
    """The generated agenda where three of day 1's sessions, at ZEPPELIN_ROWS in time
    order, and no others, say "Zeppelin"."""
    agenda = generated()
    day_one = sessions_by_day(agenda)[conference_days(agenda)[0]]
    return generated(titles={day_one[row].id: f"{day_one[row].id}: Zeppelin {topic}"
                             for row, topic in zip(ZEPPELIN_ROWS, ("flights", "airships", "hangars"),
                                                   strict=True)})


async def test_a_search_that_hides_the_highlighted_session_moves_the_cursor_to_the_first_row(state_dir):
    app = long_day_app(state_dir, zeppelin_agenda())
    async with started(app, (80, 24)) as pilot:
        table = active_table(app)
        zeppelins = [table.sessions[row].id for row in ZEPPELIN_ROWS]
        await pilot.press("end")
        await pilot.pause()
        hidden = table.current_session_id
        assert hidden not in zeppelins

        await pilot.press("slash", *"zeppelin")
        await pilot.pause()
        assert [session.id for session in table.sessions] == zeppelins
        assert hidden not in table
        assert table.cursor_row == 0
        first = table.sessions[0]
        assert table.current_session_id == first.id
        assert assert_cursor_on_screen(table) == 1
        assert detail_title(app) == first.title  # the detail pane follows

        # Showing everything again keeps the cursor on that session, on screen.
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count > 50
        assert table.current_session_id == first.id
        assert_cursor_on_screen(table)
        assert detail_title(app) == first.title


async def test_the_scrollbar_follows_the_rows_a_search_leaves(state_dir):
    app = long_day_app(state_dir, zeppelin_agenda())
    async with started(app, (80, 24)) as pilot:
        table = active_table(app)
        bar = table.vertical_scrollbar
        assert table.show_vertical_scrollbar
        assert bar.window_virtual_size == 60 + HEADER_LINES

        await pilot.press("slash", *"zeppelin")
        await pilot.pause()
        assert table.row_count == len(ZEPPELIN_ROWS)
        assert not table.show_vertical_scrollbar  # three rows fit

        await pilot.press("backspace")  # "zeppeli": the same rows
        await pilot.press("escape")
        await pilot.pause()
        assert table.show_vertical_scrollbar
        assert bar.window_virtual_size == 60 + HEADER_LINES
        assert bar.window_size == table.scrollable_content_region.height


async def test_the_table_is_filtered_as_the_search_value_changes_not_a_step_later(state_dir):
    """In the same step as the key that changed it, so that one paint shows both."""
    app = long_day_app(state_dir, zeppelin_agenda())
    async with started(app, (80, 24)):
        table = active_table(app)
        app.main.active_view.search_box.value = "zeppelin"
        assert table.row_count == len(ZEPPELIN_ROWS)  # no await: no message was handled
        app.main.active_view.search_box.value = ""
        assert table.row_count == 60


async def test_a_keystroke_that_leaves_the_same_rows_redraws_no_row(state_dir, monkeypatch):
    app = long_day_app(state_dir, zeppelin_agenda())
    async with started(app, (80, 24)) as pilot:
        table = active_table(app)
        await pilot.press("slash", *"zeppelin")
        await pilot.pause()
        rows = list(table.sessions)
        redrawn: list[bool] = []
        real_refresh = DayTable.refresh
        monkeypatch.setattr(DayTable, "refresh",
                            lambda self, *a, **k: redrawn.append(True) or real_refresh(self, *a, **k))
        await pilot.press("backspace")  # "zeppeli": the same three sessions
        await pilot.pause()
        assert table.sessions == rows and redrawn == []
        await pilot.press("backspace", "backspace", "backspace", "backspace")  # "zep"
        await pilot.press("x")  # "zepx": none
        await pilot.pause()
        assert table.row_count == 0 and redrawn


async def test_a_layout_that_changes_nothing_leaves_the_scrollbar_alone(state_dir, monkeypatch):
    """Each search keystroke lays the screen out again (the search box asks for it); the
    scrollbar redrawn after every layout cost a second paint per keystroke."""
    app = long_day_app(state_dir)
    async with started(app, (80, 24)) as pilot:
        table = active_table(app)
        redrawn: list[bool] = []
        real_refresh = type(table.vertical_scrollbar).refresh
        monkeypatch.setattr(type(table.vertical_scrollbar), "refresh",
                            lambda bar, *a, **k: redrawn.append(True) or real_refresh(bar, *a, **k))
        app.screen.refresh(layout=True)
        await pilot.pause()
        assert table.show_vertical_scrollbar
        assert redrawn == []


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_clearing_a_search_keeps_the_highlighted_session_on_screen(state_dir, size):
    app = long_day_app(state_dir, zeppelin_agenda())
    async with started(app, size) as pilot:
        table = active_table(app)
        last_zeppelin = table.sessions[ZEPPELIN_ROWS[-1]].id
        await pilot.press("slash", *"zeppelin", "enter", "end")  # the table's last row
        await pilot.pause()
        assert table.current_session_id == last_zeppelin

        await pilot.press("slash", *["backspace"] * len("zeppelin"))  # the search box stays open
        await pilot.pause()
        assert table.row_count == 60
        assert table.current_session_id == last_zeppelin
        assert table.cursor_row >= table.size.height  # below the first screen
        assert_cursor_on_screen(table)

        await pilot.press(*"zeppelin", "enter", "end", "escape")  # escape closes the search
        await pilot.pause()
        assert table.row_count == 60
        assert table.current_session_id == last_zeppelin
        assert_cursor_on_screen(table)
        assert detail_title(app).startswith(f"{last_zeppelin}: Zeppelin")


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_opening_the_search_keeps_the_cursor_row_on_screen(state_dir, size):
    """The search box takes a line from the table: a cursor on its bottom line moves up."""
    app = long_day_app(state_dir)
    async with started(app, size) as pilot:
        table = active_table(app)
        for keys in (("end",), ("home", "pagedown"), ("home", "pagedown", "pagedown")):
            await pilot.press(*keys)  # the cursor to the bottom line
            await pilot.pause()
            # Nothing is looked up here: reading the table's size or lines now would
            # update Textual's layout map early and hide a missed Resize.
            await pilot.press("slash")
            await pilot.pause()
            assert app.main.active_view.searching
            assert assert_cursor_on_screen(table) == table.size.height - 1
            await pilot.press("escape")
            await pilot.pause()
            assert not app.main.active_view.searching
            assert_cursor_on_screen(table)


async def test_a_search_that_keeps_the_highlighted_session_keeps_the_cursor_on_it(state_dir):
    app = long_day_app(state_dir)
    async with started(app, (80, 24)) as pilot:
        table = active_table(app)
        await pilot.press("end", "up", "up")
        await pilot.pause()
        kept = table.sessions[table.cursor_row]
        await pilot.press("slash", *max(kept.title.split()[1:], key=len))  # a word of its title
        await pilot.pause()
        assert 1 < table.row_count < 60
        assert table.current_session_id == kept.id
        assert_cursor_on_screen(table)
        assert detail_title(app) == kept.title


async def test_an_empty_search_result_draws_no_sessions_to_show(app):
    async with started(app) as pilot:
        table = active_table(app)
        await pilot.press("slash", *"xqzjvw")
        await pilot.pause()
        assert table.row_count == 0
        lines = [line.text for line in drawn(table)]
        assert lines[0].split() == ["Day", "Time", "★", "Kind", "Title", "People"]  # the day before the track
        assert lines[1].strip() == "No sessions to show."
        assert all(not line.strip() for line in lines[2:])
        assert cursor_lines(table) == []
        assert detail_title(app) == "No session here."

        await pilot.press("enter")  # to the table
        await pilot.press("down", "pagedown", "end", "home", "enter")
        await pilot.click(table, offset=(20, 1))  # on the message
        await pilot.pause()
        assert len(app.screen_stack) == 1
        assert table.render_line(1).text.strip() == "No sessions to show."

        await pilot.press("slash")
        await pilot.press(*["backspace"] * 6)
        await pilot.pause()
        assert table.row_count == 8
        assert "No sessions to show." not in "".join(line.text for line in drawn(table))
        assert assert_cursor_on_screen_by_title(table) == 1


async def test_a_one_row_table(app):
    async with started(app, (80, 24)) as pilot:
        table = active_table(app)
        await pilot.press("slash", *"hogg observations", "enter")
        await pilot.pause()
        assert [session.id for session in table.sessions] == ["d1-hogg-observations"]
        for key in ("pagedown", "end", "down", "pageup", "home", "up"):
            await pilot.press(key)
            await pilot.pause()
            assert table.cursor_row == 0
            assert assert_cursor_on_screen_by_title(table) == 1
        await pilot.click(table, offset=(20, 2))  # below the only row
        await pilot.pause()
        assert len(app.screen_stack) == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.id == "d1-hogg-observations"


async def test_a_click_highlights_a_row_and_a_second_click_opens_it(app):
    async with started(app) as pilot:
        table = active_table(app)
        assert table.current_session_id == "d1-scaife-astrophysics"
        await pilot.click(table, offset=(40, 3))  # below the header: rows 0, 1, 2
        await pilot.pause()
        assert table.current_session_id == "d1-batzner-deep-learning"
        assert assert_cursor_on_screen_by_title(table) == 3
        assert detail_title(app) == "Physics-Motivated Approaches to Model Design: Deep Learning"
        assert len(app.screen_stack) == 1
        await pilot.click(table, offset=(40, 3))
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.id == "d1-batzner-deep-learning"


async def test_a_click_on_a_scrolled_table_picks_the_row_drawn_there(state_dir):
    app = long_day_app(state_dir)
    async with started(app, (80, 24)) as pilot:
        table = active_table(app)
        await pilot.press("end")
        await pilot.pause()
        assert table.scroll_y > 0
        shown_on_line_2 = table.render_line(2).text
        await pilot.click(table, offset=(40, 2))
        await pilot.pause()
        assert assert_cursor_on_screen(table) == 2
        assert table.render_line(2).text == shown_on_line_2
        assert f" {table.current_session_id}: " in shown_on_line_2


async def test_clicks_below_the_rows_and_on_other_headers_change_nothing(app):
    async with started(app) as pilot:
        table = active_table(app)
        await pilot.press("j", "j")
        await pilot.pause()
        order = [session.id for session in table.sessions]
        before = [line.text for line in drawn(table)]
        assert table.size.height > table.row_count + 5
        clicks = [(40, table.row_count + 1), (40, table.size.height - 1)]  # below the last row
        clicks += [(column_x(table, label) + 2, 0) for label in ("★", "Kind", "Title", "People", "Track")]
        for offset in clicks:
            await pilot.click(table, offset=offset)
            await pilot.pause()
            assert len(app.screen_stack) == 1
            assert [session.id for session in table.sessions] == order, offset
            assert table.cursor_row == 2
            assert [line.text for line in drawn(table)] == before


async def test_clicking_the_time_header_reverses_the_rows_and_keeps_the_highlighted_session(state_dir):
    app = long_day_app(state_dir)
    async with started(app, (80, 24)) as pilot:
        table = active_table(app)
        await pilot.press("pagedown", "pagedown", "down")
        await pilot.pause()
        highlighted = table.current_session_id
        order = [session.id for session in table.sessions]
        time_x = column_x(table, "Time") + 2

        await pilot.click(table, offset=(time_x, 0))
        await pilot.pause()
        assert [session.id for session in table.sessions] == order[::-1]
        assert table.current_session_id == highlighted
        assert_cursor_on_screen(table)
        assert detail_title(app).startswith(f"{highlighted}: ")

        await pilot.click(table, offset=(time_x, 0))
        await pilot.pause()
        assert [session.id for session in table.sessions] == order
        assert table.current_session_id == highlighted
        assert_cursor_on_screen(table)

        await pilot.click(table, offset=(time_x, 0))
        await pilot.press("home")
        await pilot.pause()
        rows = [line.text for line in drawn(table)[1:]]
        latest_first = order[::-1][: len(rows)]
        assert [f" {session_id}: " in row for session_id, row in zip(latest_first, rows, strict=True)] == [
            True] * len(rows)


async def test_latest_first_leaves_the_rows_it_was_given_in_time_order(state_dir):
    """The table keeps the list of rows it is given, uncopied: reversing it must not
    reverse the search's own results (kept for a backspace) or the day's."""
    app = long_day_app(state_dir)
    async with started(app, (80, 24)) as pilot:
        view = app.main.active_view
        table = view.table
        words = [word for session in table.sessions for word in session.title.split()[1:] if word.isalpha()]
        query = max(set(words), key=words.count)  # a word of many titles
        await pilot.press("slash", *query)
        await settled(pilot)
        found = [session.id for session in view.search(query).rows]
        assert [session.id for session in table.sessions] == found and len(found) > 1
        # Latest first: each day's results from the latest start, the days as they were.
        days = column(table, "Day")
        latest_first = [session.id for _, run in itertools.groupby(
            zip(view.search(query).rows, days, strict=True), key=lambda pair: pair[1])
            for session, _ in sorted(list(run)[::-1], key=lambda pair: pair[0].start_utc, reverse=True)]
        assert latest_first != found
        await pilot.click(table, offset=(column_x(table, "Time") + 2, 0))
        await pilot.pause()
        assert [session.id for session in table.sessions] == latest_first
        await pilot.press("slash", "end", "x", "backspace")  # the results for the query again, as kept
        await settled(pilot)
        assert [session.id for session in view.search(query).rows] == found
        assert [session.id for session in table.sessions] == latest_first
        await pilot.press("escape")
        await settled(pilot)
        day = view.sessions
        assert [session.id for session in table.sessions] == [session.id for session in day[::-1]]
        assert [session.start for session in day] == sorted(session.start for session in day)


async def test_the_star_follows_the_bookmark(app):
    async with started(app) as pilot:
        table = active_table(app)
        star_x = column_x(table, "★") + 1
        await pilot.press("j", "j")
        await pilot.pause()

        def star(y: int) -> str:
            return table.render_line(y).crop(star_x, star_x + 1).text

        assert star(3) == " "
        await pilot.press("b")
        await pilot.pause()
        assert star(3) == "★"
        assert [star(y) for y in range(1, 9)].count("★") == 1
        await pilot.press("b")
        await pilot.pause()
        assert star(3) == " "

        await pilot.press("enter", "b", "escape")  # from the session's own screen
        await pilot.pause()
        assert star(3) == "★"
        await pilot.press("down", "b")
        await pilot.pause()
        assert [star(y) for y in range(1, 9)] == [" ", " ", "★", "★", " ", " ", " ", " "]


LONG = "A very long title that goes on " + "and on " * 20 + "until the end"
CJK = "大規模言語モデルと物理学の未来についての長い議論と質疑応答のセッション"  # two cells a character
# One narrow character early on: the cut can fall in the middle of a wide one.
MIXED = "物理a学とEnglishの混在する題名です、これは長い題名なので途中で切れます"
EMOJI = "😀 An emoji title 🎉 with two emoji " * 4


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_long_and_wide_titles_are_cut_to_the_title_column(state_dir, size):
    titles = {"s0": LONG, "s5": CJK, "s10": MIXED, "s15": EMOJI}
    agenda = generated(titles=titles)
    app = long_day_app(state_dir, agenda)
    async with started(app, size) as pilot:
        table = active_table(app)
        width = table.scrollable_content_region.width
        title_x = column_x(table, "Title")
        labels = table.column_labels
        after_title = labels[labels.index("Title") + 1:]
        next_x = column_x(table, after_title[0]) if after_title else width
        assert next_x - title_x >= 3  # room for a character and the ellipsis
        room_x = column_x(table, "Room") if "Room" in labels else None

        for session_id, title in titles.items():
            assert table.select_session(session_id)
            await pilot.pause()
            assert table.current_session_id == session_id
            line = table.render_line(cursor_line(table))
            assert line.cell_length == width
            cell = line.crop(title_x, next_x).text
            assert cell.startswith(" ") and cell.endswith("… "), repr(cell)
            shown = cell[1:-2].rstrip()  # a wide character cut in two leaves a space
            assert title.startswith(shown) and len(shown) < len(title)
            assert cell_len(cell) == next_x - title_x

        # Every row's room stays in its column: no title ran into it.
        for y, line in enumerate(drawn(table)[1:], start=1):
            assert line.cell_length == width
            if room_x is not None:
                room = table.sessions[round(table.scroll_y) + y - 1].location
                assert line.crop(room_x, room_x + len(room) + 2).text == f" {room} "


async def test_text_that_looks_like_markup_or_escapes_shows_literally(state_dir):
    titles = {"s0": "[bold]x[/] and [red]red[/red] :smile:",
              "s5": "Esc \x1b[31mred\x1b[0m bell\x07 \x1b]8;;http://x\x1b\\ln\x1b]8;;\x1b\\ end"}
    agenda = generated(titles=titles)
    app = long_day_app(state_dir, agenda)
    async with started(app) as pilot:
        table = active_table(app)
        seen = {}
        for session_id in titles:
            assert table.select_session(session_id)
            await pilot.pause()
            assert table.current_session_id == session_id
            seen[session_id] = table.render_line(cursor_line(table))
        assert " [bold]x[/] and [red]red[/red] :smile: " in seen["s0"].text
        escaped = seen["s5"].text
        assert " Esc [31mred[0m bell ]8;;http://x\\ln]8;;\\ end " in escaped
        for line in seen.values():
            assert all(segment.text.isprintable() for segment in line)
            assert not any(segment.style and segment.style.link for segment in line)


async def test_lines_drawn_are_kept_while_the_clock_moves_within_a_minute(state_dir):
    app = long_day_app(state_dir)
    async with started(app):
        table = active_table(app)
        view = app.main.active_view
        kept = len(table._day_lines)
        assert kept > 0
        now = app.now
        table.show(view.sessions, zone=app.zone, now=now.replace(second=1),
                   bookmarks=app.bookmarks)
        table.show(view.sessions, zone=app.zone, now=now.replace(second=59),
                   bookmarks=app.bookmarks)
        assert len(table._day_lines) == kept  # not thrown away and drawn again


async def test_a_day_switch_keeps_the_lines_drawn_for_other_days(state_dir, monkeypatch):
    """Days differ in their columns (a day with times past midnight, "+1", has a wider time
    column): going to such a day and back draws the first day's lines from what was kept,
    without working out a cell again."""
    data = agenda_data(300)
    late = next(session for session in data["sessions"] if session["start"].day == 2)
    late["start"], late["end"] = datetime(2025, 2, 2, 23, 40), datetime(2025, 2, 3, 0, 20)
    agenda = agenda_from_data(data, "<generated>")
    app = long_day_app(state_dir, agenda)
    async with started(app) as pilot:
        table = active_table(app)
        marks = []
        for number in range(1, len(conference_days(agenda)) + 1):
            await pilot.press(str(number))
            await settled(pilot)
            marks.append(table._day_marks)
        plain, marked = marks.index(False) + 1, marks.index(True) + 1  # one day of each
        await pilot.press(str(plain))
        await settled(pilot)
        cells_worked_out = []
        real_cells = table._cells
        monkeypatch.setattr(table, "_cells", lambda session: cells_worked_out.append(session.id)
                            or real_cells(session))
        await pilot.press(str(marked))
        await settled(pilot)
        await pilot.press(str(plain))
        await settled(pilot)
        assert table._day_marks is False
        assert drawn(table)[HEADER_LINES].text.strip()  # its rows are drawn
        assert cells_worked_out == []


async def test_a_star_set_shows_in_every_column_layout_drawn_before(state_dir):
    """A session's line kept from search results (with a Day column) is not shown again
    with the star it had when a bookmark changes elsewhere."""
    app = long_day_app(state_dir)
    async with started(app) as pilot:
        table = active_table(app)
        day_rows = list(app.main.active_view.sessions)
        first = day_rows[0]
        days = {session.id: first.start.date() for session in day_rows}

        def show(*, as_results: bool) -> None:
            table.show(day_rows, zone=app.zone, now=app.now, bookmarks=set(table._rows_context.bookmarks),
                       days=days if as_results else None)

        def first_line() -> str:
            table.cursor_row = 1
            return table.render_line(HEADER_LINES).text

        show(as_results=True)
        await pilot.pause()
        assert STAR not in first_line()
        show(as_results=False)
        await pilot.pause()
        table.set_star(first.id, True)
        assert STAR in first_line()
        show(as_results=True)
        await pilot.pause()
        assert STAR in first_line()


@pytest.mark.parametrize("grid", [False, True], ids=["table", "grid"])
async def test_a_paint_looks_up_what_is_in_view_once_not_once_a_line(state_dir, monkeypatch, grid):
    """Each line of the day's view and of the detail pane needs the view's width and first
    line; the region they come from is a search of the screen's map, looked up once for
    all the lines a paint draws (at a line each, it cost as much as drawing them)."""
    app = long_day_app(state_dir)
    async with started(app) as pilot:
        if grid:
            await pilot.press("g")
            await settled(pilot)
        day_tab = app.main.active_view
        views = [day_tab.sessions_view, day_tab.query_one(DetailPane)]
        assert type(views[0]).__name__ == ("DayGrid" if grid else "DayTable")
        looked_up = []
        region = type(views[0]).scrollable_content_region
        for view in views:
            monkeypatch.setattr(type(view), "scrollable_content_region",
                                property(lambda self: looked_up.append(self) or region.fget(self)))
        for view in views:
            looked_up.clear()
            lines = view.render_lines(Region(0, 0, view.size.width, view.size.height))
            assert len(lines) == view.size.height > 5
            assert len(looked_up) == 1, type(view).__name__


async def test_search_results_show_the_day_searched_from_after_a_day_switch(state_dir):
    """An all-day session on two days is listed, in search results, under the day searched
    from: its line kept from a search on the first day is not the one shown for the second."""
    data = agenda_data(300)
    data["sessions"].append({"id": "expo", "all_day": True, "start": date(2025, 2, 1),
                             "end": date(2025, 2, 3), "title": "Zyzzyva exhibition", "kind": "talk"})
    app = long_day_app(state_dir, agenda_from_data(data, "<generated>"))

    def expo_line(table: DayTable) -> str:
        return next(line.text for line in drawn(table) if "Zyzzyva" in line.text)

    async with started(app) as pilot:
        table = active_table(app)
        for number, label in [("1", "Sat 1"), ("2", "Sun 2"), ("1", "Sat 1")]:
            await pilot.press(number)
            await settled(pilot)
            await pilot.press("slash", *"zyzzyva")
            await settled(pilot)
            assert label in expo_line(table)
            await pilot.press("escape")
            await settled(pilot)


def test_the_cursor_s_session_is_found_among_new_rows_by_id_whichever_copy_it_is():
    from agenda_tui.tui.widgets.day_table import _row_of_session

    agenda = generated(40)
    rows = list(agenda.sessions)[::-1]
    session = agenda.sessions[7]
    assert _row_of_session(rows, session, agenda) == rows.index(session)
    assert _row_of_session(rows[:5], session, agenda) is None
    # A session of another copy of the agenda (a refreshed one): found by its id.
    copy = dataclasses.replace(session, title="changed")
    assert _row_of_session(rows, copy, agenda) == rows.index(session)
    assert _row_of_session(rows[:5], copy, agenda) is None
