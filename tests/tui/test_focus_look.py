"""A day table, the Now view's table and a day's grid draw their cursor in the focused
look while they have the focus and in the blurred look while the search box has it; a
focus change repaints them and restyles none of them (no style of theirs depends on the
focus)."""

from __future__ import annotations

from rich.color import Color
from textual.app import App
from textual.dom import DOMNode
from textual.widget import Widget

from agenda_tui.tui.app import AgendaApp
from agenda_tui.tui.widgets.day_grid import DayGrid
from agenda_tui.tui.widgets.day_tab import DayTab
from agenda_tui.tui.widgets.day_table import DayTable
from tests.tui.conftest import build_app, settled, started


def backgrounds_drawn(widget: Widget) -> set[Color | None]:
    return {segment.style.bgcolor for y in range(widget.size.height)
            for segment in widget.render_line(y) if segment.style}


def cursor_colours(widget: DayTable | DayGrid) -> tuple[Color | None, Color | None]:
    """The cursor's background focused, then blurred."""
    prefix = "day-table" if isinstance(widget, DayTable) else "day-grid"
    return (widget.get_component_rich_style(f"{prefix}--cursor").bgcolor,
            widget.get_component_rich_style(f"{prefix}--cursor-blurred").bgcolor)


def restyles_counted(monkeypatch) -> list[DOMNode]:
    """The nodes Textual restyles from now on (App.update_styles: a class or pseudo-class
    changed, the focus among them)."""
    restyled: list[DOMNode] = []
    update_styles = App.update_styles

    def counted(app: App[object], node: DOMNode, animate: bool = True) -> None:
        restyled.append(node)
        update_styles(app, node, animate)

    monkeypatch.setattr(App, "update_styles", counted)
    return restyled


async def focus_search_then_back(app: AgendaApp, pilot, widget: DayTable | DayGrid) -> None:
    """`/` (the search box takes the focus), the cursor drawn blurred; escape (back to
    the widget), drawn focused."""
    focused, blurred = cursor_colours(widget)
    assert focused != blurred  # the theme tells them apart
    assert widget.has_focus
    assert focused in backgrounds_drawn(widget) and blurred not in backgrounds_drawn(widget)
    await pilot.press("slash")
    await settled(pilot)
    assert not widget.has_focus and isinstance(app.focused, Widget)
    drawn = backgrounds_drawn(widget)
    assert blurred in drawn and focused not in drawn
    await pilot.press("escape")
    await settled(pilot)
    assert widget.has_focus
    drawn = backgrounds_drawn(widget)
    assert focused in drawn and blurred not in drawn


async def test_the_day_table_s_cursor_follows_the_focus_with_no_restyle(state_dir, monkeypatch):
    app = build_app(state_dir)
    async with started(app) as pilot:
        view = app.main.active_view
        assert isinstance(view, DayTab)
        restyled = restyles_counted(monkeypatch)
        await focus_search_then_back(app, pilot, view.table)
        assert view.table not in restyled
        assert view.table.vertical_scrollbar not in restyled


async def test_the_grid_s_cursor_follows_the_focus_with_no_restyle(state_dir, monkeypatch):
    app = build_app(state_dir)
    async with started(app) as pilot:
        await pilot.press("g")
        await settled(pilot)
        view = app.main.active_view
        assert isinstance(view, DayTab) and view.shows_grid
        restyled = restyles_counted(monkeypatch)
        await focus_search_then_back(app, pilot, view.grid)
        assert view.grid not in restyled


async def test_opening_the_now_view_restyles_neither_table(state_dir, monkeypatch):
    """`w` moves the focus from the day's table to the Now view's, `1` back: each drawn
    in the look of the focus it has."""
    app = build_app(state_dir)
    async with started(app) as pilot:
        await pilot.press("w")  # made and shown once: its first styles are worked out
        await pilot.press("1")
        await settled(pilot)
        day_table = app.main.active_view.table
        restyled = restyles_counted(monkeypatch)
        await pilot.press("w")
        await settled(pilot)
        now_table = app.main.active_view.table
        assert now_table is not day_table and now_table.has_focus and not day_table.has_focus
        focused, blurred = cursor_colours(now_table)
        assert focused in backgrounds_drawn(now_table) and blurred not in backgrounds_drawn(now_table)
        await pilot.press("1")
        await settled(pilot)
        assert day_table.has_focus and focused in backgrounds_drawn(day_table)
        assert not {day_table, now_table} & set(restyled)


async def test_no_style_rule_of_the_tables_or_grids_depends_on_the_focus(state_dir):
    """They are not restyled as the focus moves (their watch_has_focus): a `:focus` rule
    for them would never be applied, or be applied late. (The check reads every rule
    of the app's stylesheet, Textual's default styles included.)"""
    app = build_app(state_dir)
    async with started(app):
        names = {"DayTable", "NowTable", "DayGrid"}
        focus_rules = [
            [(part.name, sorted(part.pseudo_classes)) for part in selectors.selectors]
            for rule in app.stylesheet.rules for selectors in rule.selector_set
            if any(part.name in names for part in selectors.selectors)
            and any(pseudo in {"focus", "focus-within", "blur"} for part in selectors.selectors
                    for pseudo in part.pseudo_classes)]
        assert focus_rules == []
        assert any(part.name == "DayTable" for rule in app.stylesheet.rules
                   for selectors in rule.selector_set for part in selectors.selectors)  # it reads them
