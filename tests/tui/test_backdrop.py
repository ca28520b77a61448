"""The main screen's containers (`Backdrop`) draw, from one line, each cell that
Textual's styles cache would draw for them: in every tab, in dark, light and ANSI themes,
with NO_COLOR, wide and narrow, whole or in part; and a container whose lines are not all
alike (a border, an empty pane, a translucent screen) is drawn by Textual line by line."""

from __future__ import annotations

from collections import Counter

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.events import DescendantBlur, DescendantFocus
from textual.geometry import Region, Size
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, TabPane

from agenda_tui.tui.app import AgendaApp
from agenda_tui.tui.backdrop import Backdrop, BackdropContainer, BackdropPane
from agenda_tui.tui.screens.agenda_screen import OTHER_TABS
from tests.tui.conftest import build_app, settled, started


def cells(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    """Each line as its cells: a character and its style."""
    return [[(character, segment.style) for segment in strip if not segment.control
             for character in segment.text]
            for strip in strips]


def as_textual_draws(widget: Widget, crop: Region) -> list[Strip]:
    """The widget's lines as Textual draws a widget: through its styles cache, with the
    app's line filters (Widget.render_lines without Backdrop)."""
    widget._styles_cache.clear()
    return Widget.render_lines(widget, crop)


def crops(size: Size) -> list[Region]:
    """The whole widget, and parts of it as the compositor asks for them: from a line
    down, from a column across, a part of a line, one line, none."""
    width, height = size
    return [size.region, Region(0, height // 2, width, height - height // 2),
            Region(width // 3, 0, width - width // 3, height), Region(2, 1, width // 2, max(0, height - 3)),
            Region(0, height - 1, width, 1), Region(0, 0, width, 0)]


def same_as_textual(widget: Widget) -> None:
    for crop in crops(widget.size):
        drawn = widget.render_lines(crop)
        assert cells(drawn) == cells(as_textual_draws(widget, crop)), (widget, crop)
        assert len(drawn) == crop.height


def backdrops_on_show(app: AgendaApp) -> list[Widget]:
    visible = app.screen._compositor.visible_widgets
    return [widget for widget in visible if isinstance(widget, Backdrop)]


async def compare_each_backdrop(app: AgendaApp, pilot, seen: set[str]) -> None:
    await settled(pilot)
    backdrops = backdrops_on_show(app)
    assert backdrops
    for widget in backdrops:
        same_as_textual(widget)
        seen.add(type(widget).__name__)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "ansi-dark", "gruvbox"])
@pytest.mark.parametrize("size", [(160, 40), (120, 40), (80, 24)])  # wide, then narrow
async def test_each_backdrop_draws_what_textual_draws(state_dir, theme, size):
    app = build_app(state_dir)
    seen: set[str] = set()
    async with started(app, size) as pilot:
        app.theme = theme
        assert app.screen.has_class("-wide" if size[0] >= 140 else "-narrow")
        await compare_each_backdrop(app, pilot, seen)
        await pilot.press("2")
        await compare_each_backdrop(app, pilot, seen)
        for tab_id in OTHER_TABS:
            app.main.show_tab(tab_id)
            await compare_each_backdrop(app, pilot, seen)
        await pilot.press("1", "g")  # the day as a grid
        await compare_each_backdrop(app, pilot, seen)
    # The screen, the switcher, a pane, the views and their splits were all compared.
    assert {"AgendaScreen", "BackdropSwitcher", "BackdropPane", "BackdropContainer",
            "DayTab", "NowTab", "MyScheduleTab", "SpeakersTab"} <= seen


async def test_no_color_filters_the_backdrops_as_every_widget(state_dir, monkeypatch):
    """NO_COLOR's filter, which Textual's own blank widgets (Widget.BLANK) leave out,
    turns a colourful theme's backgrounds grey."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = build_app(state_dir)
    seen: set[str] = set()
    async with started(app, (120, 40)) as pilot:
        app.theme = "nord"
        red, green, blue = Color.parse(app.current_theme.background or "").rgb
        assert not red == green == blue  # a colourful background, without the filter
        await compare_each_backdrop(app, pilot, seen)
        colours = {segment.style.bgcolor.triplet for widget in backdrops_on_show(app)
                   for strip in widget.render_lines(widget.size.region) for segment in strip
                   if segment.style and segment.style.bgcolor and segment.style.bgcolor.triplet}
        assert colours and all(red == green == blue for red, green, blue in colours)  # grey


def lines_through_styles_caches(monkeypatch) -> list[int]:
    """From now on, each line drawn through Textual's own `StylesCache.render_line`, as
    the id of the styles cache that drew it."""
    from textual._styles_cache import StylesCache

    drawn_by: list[int] = []
    draw_line = StylesCache.render_line

    def counted(cache, *args, **kwargs):
        drawn_by.append(id(cache))
        return draw_line(cache, *args, **kwargs)

    monkeypatch.setattr(StylesCache, "render_line", counted)
    return drawn_by


async def test_a_backdrop_draws_one_line_for_all_its_lines(state_dir, monkeypatch):
    """The work it saves: one line through Textual's styles cache, whatever its height."""
    app = build_app(state_dir)
    async with started(app, (120, 40)) as pilot:
        await settled(pilot)
        drawn_by = lines_through_styles_caches(monkeypatch)
        for widget in backdrops_on_show(app):
            widget._styles_cache.clear()
            drawn_by.clear()
            assert len(widget.render_lines(widget.size.region)) == widget.size.height > 1
            assert drawn_by == [id(widget._styles_cache)], widget


async def test_a_change_of_focus_is_news_to_the_first_container_only(state_dir):
    """DescendantFocus and DescendantBlur stop at the first Backdrop above the widget
    (none of the main screen's containers listens), and a pane sends no TabPane.Focused
    (for a TabbedContent, which the screen has not): each was a turn of every container
    up to the App, taken after the paint of the view given the focus."""
    app = build_app(state_dir)
    handled: list[Message] = []
    async with started(app, (120, 40), message_hook=handled.append) as pilot:
        await settled(pilot)
        screen = app.main
        focused = []
        for key in ("w", "1", "slash", "escape", "g", "g"):
            handled.clear()
            await pilot.press(key)
            await settled(pilot)
            focused.append(type(screen.focused).__name__)
            news = Counter(id(message) for message in handled
                           if isinstance(message, (DescendantFocus, DescendantBlur)))
            assert len(news) == 2, key  # the widget that lost the focus, the one that took it
            assert set(news.values()) == {1}, key  # each handled by one container
            assert not [message for message in handled if isinstance(message, TabPane.Focused)], key
        assert focused == ["NowTable", "DayTable", Input.__name__, "DayTable", "DayGrid", "DayTable"]


class BackdropScreen(Backdrop, Screen[None]):
    def compose(self) -> ComposeResult:
        yield BackdropContainer(id="bordered")
        yield BackdropPane("", id="empty")  # no view in it: it shows its own name


class Containers(App[None]):
    CSS = """
    #bordered { border: round red; height: 6; }
    #empty { height: 3; }
    """

    def on_mount(self) -> None:
        self.push_screen(BackdropScreen())


async def test_a_backdrop_whose_lines_differ_is_drawn_line_by_line():
    app = Containers()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = app.screen
        bordered, empty = screen.query_one("#bordered"), screen.query_one("#empty")
        for widget in (bordered, empty, screen):
            same_as_textual(widget)
        assert "BackdropPane" in empty.render_lines(empty.size.region)[0].text  # its name, as Textual has it
        screen.styles.background = Color(10, 20, 30, 0.5)  # a translucent screen
        same_as_textual(screen)
