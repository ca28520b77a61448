"""The day tables (`DayTable`, and the Now view's `NowTable`) draw their lines without
the per-line work of Textual's styles cache (border, padding, tint: none for a table),
and draw each cell Textual would draw: the header, the rows, the cursor's row focused
and not, a search's results from every day, an empty table, the Now view; in dark,
light and ANSI themes, wide and narrow, whole or in part, and as a fresh drawing would
(no line kept after what it shows changed). The app's line filters (an ANSI theme's,
NO_COLOR's) apply as Textual applies them; where a style would change the lines (a
border), Textual's own per-line work draws them."""

from __future__ import annotations

import pytest
from textual._styles_cache import StylesCache
from textual.geometry import Region

from agenda_tui.tui.widgets.day_table import DayTable
from tests.tui.conftest import active_table, build_app, settled, started
from tests.tui.test_backdrop import cells, crops, lines_through_styles_caches


def same_as_textual(table: DayTable) -> None:
    """What the table draws, lines it kept included, is what Textual's own styles cache
    draws of the table with nothing kept."""
    for crop in crops(table.size):
        drawn = table.render_lines(crop)
        table._drawn_at.clear()
        table._forget_lines()
        assert cells(drawn) == cells(StylesCache().render_widget(table, crop)), (table, crop)
        assert len(drawn) == crop.height


# Dark and light (the even rows' look differs), an ANSI theme (its line filter); wide
# (the detail pane beside, every column) and narrow.
@pytest.mark.parametrize(("theme", "size"), [("textual-dark", (160, 40)), ("textual-light", (80, 24)),
                                             ("ansi-dark", (160, 40)), ("gruvbox", (80, 24))])
async def test_a_day_table_draws_what_textual_draws(state_dir, theme, size):
    app = build_app(state_dir)
    async with started(app, size) as pilot:
        app.theme = theme
        await settled(pilot)
        table = active_table(app)
        await pilot.press("down", "down", "b")  # the cursor past an even row; a star
        await settled(pilot)
        same_as_textual(table)
        table.blur()  # the cursor's look without the focus
        await settled(pilot)
        same_as_textual(table)
        await pilot.press("2", "slash", *"ai")  # a search's results, with their days
        await settled(pilot)
        assert "Day" in table.column_labels
        same_as_textual(active_table(app))
        await pilot.press(*"zzzqqq")  # nothing found: the table says so
        await settled(pilot)
        assert not active_table(app).row_count
        same_as_textual(active_table(app))
        await pilot.press("escape", "w")  # the Now view's table
        await settled(pilot)
        now_table = app.main.active_view.table
        assert now_table.row_count
        same_as_textual(now_table)


async def test_its_lines_pass_through_no_styles_cache_unless_styled(state_dir, monkeypatch):
    """The work it saves: no line through Textual's styles cache, until a style would
    change the lines (a border), and then every line."""
    app = build_app(state_dir)
    async with started(app, (120, 40)) as pilot:
        await settled(pilot)
        table = active_table(app)
        passed = lines_through_styles_caches(monkeypatch)
        table._styles_cache.clear()
        region = Region(0, 0, table.size.width, table.size.height)
        table.render_lines(region)
        assert passed == []
        table.styles.border = ("round", "red")
        await settled(pilot)
        same_as_textual(table)
        passed.clear()
        table._styles_cache.clear()
        table.render_lines(Region(0, 0, table.size.width, table.size.height))
        assert len(passed) == table.size.height


async def test_no_color_draws_the_table_through_textuals_filter(state_dir, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = build_app(state_dir)
    async with started(app, (120, 40)) as pilot:
        app.theme = "nord"
        await settled(pilot)
        table = active_table(app)
        same_as_textual(table)
        colours = {segment.style.bgcolor.triplet for strip in table.render_lines(table.size.region)
                   for segment in strip
                   if segment.style and segment.style.bgcolor and segment.style.bgcolor.triplet}
        assert colours and all(red == green == blue for red, green, blue in colours)  # grey


async def test_a_line_drawn_again_shows_what_changed_in_it(state_dir):
    """Each line of the screen is kept as last drawn while its row, look and width are
    the same: a bookmark's star, the cursor's row and a row scrolled into that line are
    drawn anew."""
    app = build_app(state_dir)
    async with started(app, (160, 12)) as pilot:  # fewer lines than rows: it scrolls
        await settled(pilot)
        table = active_table(app)
        whole = table.size.region
        assert table.max_scroll_y >= 1

        def line_of(row: int) -> str:
            return table.render_lines(whole)[row + 1].text  # below the header

        first = line_of(0)
        await pilot.press("b")
        await settled(pilot)
        assert line_of(0) != first and "★" in line_of(0)
        await pilot.press("b")
        await settled(pilot)
        assert line_of(0) == first
        looks = {segment.style for segment in table.render_lines(whole)[1]}
        await pilot.press("down")
        await settled(pilot)
        assert {segment.style for segment in table.render_lines(whole)[1]} != looks  # the cursor left it
        second = line_of(1)
        table.scroll_to(y=1, animate=False, immediate=True, force=True)
        await settled(pilot)
        assert line_of(0) == second
        same_as_textual(table)
