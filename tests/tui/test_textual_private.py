"""Textual's private members that agenda-tui uses are still there, as textual_private.py uses them.

A Textual upgrade may remove or change them without notice: these tests then fail with a
message that names the member and the file that wraps it.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from textual._compositor import Compositor
from textual.app import App, ComposeResult
from textual.containers import Container
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.widget import Widget
from textual.widgets import Static, Tab, Tabs
from textual.widgets._tabs import Underline

from agenda_tui.tui.textual_private import (
    CellScrollBar,
    KeptLineUnderline,
    ReflowMapCompositor,
    SizeHookScrollView,
    binding_as,
    divide_strips_without_self_reference,
    drawn_by_this_layout,
    key_stopped,
    move_tab_underline_now,
    no_layout_for_virtual_sizes,
    scrollbars_may_take_room,
    switch_base_screen,
    update_scrollbars_now,
    use_reflow_map_compositor,
    with_kept_line_underline,
)
from tests.tui.conftest import whole_arrangements

WRAPPER = "src/agenda_tui/tui/textual_private.py"
SOURCE = Path(__file__).resolve().parents[2] / "src" / "agenda_tui"


def _parameters(function: Callable[..., object]) -> list[tuple[str, object]]:
    return [(name, parameter.default)
            for name, parameter in inspect.signature(function).parameters.items()]


def test_scroll_view_size_updated_takes_what_the_wrapper_passes():
    member = "textual.scroll_view.ScrollView._size_updated"
    found = getattr(ScrollView, "_size_updated", None)
    assert callable(found), f"{member} is gone: {WRAPPER} overrides it (SizeHookScrollView)"
    empty = inspect.Parameter.empty
    expected = [("self", empty), ("size", empty), ("virtual_size", empty),
                ("container_size", empty), ("layout", True)]
    assert _parameters(found) == expected, (
        f"{member} has changed: it takes {inspect.signature(found)}; {WRAPPER} overrides it "
        "(SizeHookScrollView) as (self, size, virtual_size, container_size, layout=True)")


def test_widget_scroll_update_takes_a_virtual_size():
    member = "textual.widget.Widget._scroll_update"
    found = getattr(Widget, "_scroll_update", None)
    assert callable(found), f"{member} is gone: {WRAPPER} calls it (update_scrollbars_now)"
    assert [name for name, _ in _parameters(found)] == ["self", "virtual_size"], (
        f"{member} has changed: it takes {inspect.signature(found)}; {WRAPPER} calls it "
        "(update_scrollbars_now) with one argument, the virtual size")


async def test_a_widget_s_pending_repaint_is_where_drawn_by_this_layout_clears_it():
    """`drawn_by_this_layout` clears a repaint asked for (`_repaint_required`) and the
    regions it would repaint (`_exchange_repaint_regions`); `show_scrollbars_before_sizing`
    sets the flags that `Widget._refresh_scrollbars` sets."""
    app = _ProbeApp()
    async with app.run_test(size=(40, 10)) as pilot:
        probe = app.query_one(_Probe)
        await pilot.pause()
        probe.refresh()
        assert probe._repaint_required is True, (
            f"Widget.refresh no longer sets Widget._repaint_required: {WRAPPER} clears it "
            "(drawn_by_this_layout)")
        assert set(probe._exchange_repaint_regions()) == {probe.size.region}, (
            "Widget._exchange_repaint_regions no longer gives the regions a refresh asked for: "
            f"{WRAPPER} clears them (drawn_by_this_layout)")
        probe.refresh()
        drawn_by_this_layout(probe)
        assert probe._repaint_required is False and not probe._exchange_repaint_regions()
        for name in ("show_horizontal_scrollbar", "show_vertical_scrollbar"):
            assert name in type(probe)._reactives, (
                f"Widget.{name} is no longer a reactive: {WRAPPER} sets it (show_scrollbars_before_sizing)")


class _Probe(SizeHookScrollView):
    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[Size] = []

    def size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                     layout: bool = True) -> bool:
        self.sizes.append(size)
        return super().size_updated(size, virtual_size, container_size, layout)


class _ProbeApp(App[None]):
    def compose(self) -> ComposeResult:
        yield _Probe()


async def test_textual_still_calls_the_wrapped_members():
    app = _ProbeApp()
    async with app.run_test(size=(40, 10)) as pilot:
        probe = app.query_one(_Probe)
        await pilot.pause()
        assert probe.sizes and probe.sizes[-1] == probe.size == Size(40, 10), (
            "Textual's layout no longer calls ScrollView._size_updated with a widget's new "
            f"size: {WRAPPER} relies on it (SizeHookScrollView)")
        probe.virtual_size = Size(40, 250)
        assert probe.vertical_scrollbar.window_virtual_size != 250  # not before the next layout
        update_scrollbars_now(probe, probe.virtual_size)
        assert probe.vertical_scrollbar.window_virtual_size == 250, (
            "Widget._scroll_update no longer fits the scrollbars to the virtual size: "
            f"{WRAPPER} relies on it (update_scrollbars_now)")


class _TwoScreensApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("first")


async def test_the_default_screen_can_be_switched_for_another():
    app = _TwoScreensApp()
    async with app.run_test(size=(40, 10)) as pilot:
        assert hasattr(app.screen, "_result_callbacks") and hasattr(app.screen, "_push_result_callback"), (
            f"Screen._result_callbacks or Screen._push_result_callback is gone: {WRAPPER} uses them "
            "(switch_base_screen)")
        first = app.screen
        second = Screen()
        await switch_base_screen(app, second)
        await pilot.pause()
        assert app.screen_stack == [second] and not first.is_attached
        third = Screen()
        await switch_base_screen(app, third)  # a screen that was switched to is switched again
        await pilot.pause()
        assert app.screen_stack == [third]


class _TabsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Tabs(Tab("First", id="first"), Tab("A longer second", id="second"), Tab("Third", id="third"))


async def test_the_tabs_underline_moves_in_the_step_that_switches_the_tab():
    app = _TabsApp()
    app.animation_level = "none"
    async with app.run_test(size=(60, 6)) as pilot:
        tabs = app.query_one(Tabs)
        await pilot.pause()
        underline = next((child for child in tabs.walk_children()
                          if type(child).__name__ == "Underline"), None)
        assert underline is not None and hasattr(underline, "highlight_start"), (
            f"Tabs has no Underline child with highlight_start: {WRAPPER} moves it (move_tab_underline_now)")
        tabs.active = "second"
        move_tab_underline_now(tabs)
        moved = (underline.highlight_start, underline.highlight_end)
        await pilot.pause()
        await pilot.pause()
        # Where Tabs itself puts it once the switch has been painted.
        assert moved == (underline.highlight_start, underline.highlight_end) != (0, 0), (
            f"Tabs puts its underline elsewhere than {WRAPPER} does (move_tab_underline_now)")


class _KeptLineTabs(Tabs):
    def compose(self) -> ComposeResult:
        yield from with_kept_line_underline(super().compose())


class _TwoTabsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Tabs(Tab("First", id="first"), Tab("A longer second", id="second"), id="textual")
        yield _KeptLineTabs(Tab("First", id="first"), Tab("A longer second", id="second"), id="kept")


async def test_the_tabs_underline_is_replaced_by_one_that_keeps_its_lines_and_draws_the_same():
    app = _TwoTabsApp()
    app.animation_level = "none"
    async with app.run_test(size=(60, 8)) as pilot:
        textual, kept = app.query_one("#textual", Tabs), app.query_one("#kept", Tabs)
        app.set_focus(None)  # (a focused row of tabs draws its underline brighter)
        await pilot.pause()

        def shape(tabs: Tabs) -> list[tuple[str | None, str | None]]:
            return [(widget.id, None if widget.parent is tabs else widget.parent.id)  # type: ignore[union-attr]
                    for widget in tabs.walk_children()]

        assert shape(kept) == shape(textual), (
            f"Tabs.compose is not as {WRAPPER} expects (with_kept_line_underline)")
        underlines = [type(child) for child in kept.walk_children() if isinstance(child, Underline)]
        assert underlines == [KeptLineUnderline], (
            f"Tabs no longer composes an Underline that {WRAPPER} can replace (with_kept_line_underline)")
        underline = kept.query_one(KeptLineUnderline)
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            for active in ("second", "first", "second"):
                textual.active = kept.active = active
                move_tab_underline_now(textual)
                move_tab_underline_now(kept)
                await pilot.pause()
                line = underline.render_line(0)
                assert underline.render_line(0) is line  # kept
                underline._kept_lines.clear()
                assert list(underline.render_line(0)) == list(line)  # as drawn anew
                assert list(line) == list(textual.query_one(Underline).render_line(0))  # as Textual draws it


class _Bound(Widget):
    value = var(0)


class _BindingScreen(Screen[None]):
    value = var(1)

    def compose(self) -> ComposeResult:
        yield Static("")


async def test_a_widget_made_outside_compose_binds_to_the_pump_given():
    member = "textual.message_pump.MessagePump._context"
    assert callable(getattr(Widget, "_context", None)), f"{member} is gone: {WRAPPER} uses it (binding_as)"
    app = App[None]()
    async with app.run_test() as pilot:
        screen = _BindingScreen()
        await app.push_screen(screen)
        with binding_as(screen):  # here, the pump running is not the screen
            bound = _Bound().data_bind(_BindingScreen.value)
        await screen.mount(bound)
        screen.value = 7
        await pilot.pause()
        assert bound.value == 7, f"{member} no longer makes data_bind bind to the pump given (binding_as)"


class _PlainScrollView(ScrollView):
    pass


class _TwoViewsApp(App[None]):
    """The same scroll view twice: with Textual's scrollbars, and with SizeHookScrollView's."""

    CSS = "ScrollView { height: 1fr; } .tinted ScrollBar { tint: red 40%; }"

    def compose(self) -> ComposeResult:
        yield _PlainScrollView()
        yield SizeHookScrollView()


def _bar_cells(bar: ScrollBar) -> list[tuple[str, object]]:
    """What the bar shows, cell by cell, with each cell's style (its meta too: a click
    above the thumb scrolls up, below it down)."""
    return [(segment.text, segment.style) for strip in bar.render_lines(Region(0, 0, *bar.size))
            for segment in strip]


async def test_the_cell_scrollbar_repaints_only_what_changed_and_shows_what_textual_s_shows():
    for member in ("_vertical_scrollbar", "_horizontal_scrollbar"):
        assert hasattr(Widget(), member), f"Widget.{member} is gone: {WRAPPER} sets it (SizeHookScrollView)"
    assert callable(getattr(App, "_start_widget", None)), (
        f"App._start_widget is gone: {WRAPPER} calls it (SizeHookScrollView)")
    app = _TwoViewsApp()
    async with app.run_test(size=(30, 24)) as pilot:
        plain, ours = app.query_one(_PlainScrollView), app.query_one(SizeHookScrollView)
        steps = [(Size(100, 400), 0, 0), (Size(100, 400), 40, 1), (Size(100, 400), 43, 1),
                 (Size(100, 400), 150, 40), (Size(100, 90), 50, 20), (Size(20, 8), 0, 0),
                 (Size(100, 400), 388, 70), (Size(100, 400), 200, 0)]
        dirty: list[int] = []
        for virtual_size, y, x in steps:
            for view in (plain, ours):
                view.virtual_size = virtual_size
                update_scrollbars_now(view, virtual_size)
                view.scroll_to(x=x, y=y, animate=False, immediate=True, force=True)
            if ours.vertical_scrollbar.display:
                dirty.append(len({line for region in ours.vertical_scrollbar._dirty_regions
                                  for line in region.line_range}))
            await pilot.pause()
            for name in ("vertical_scrollbar", "horizontal_scrollbar"):
                bar = getattr(ours, name)
                assert isinstance(bar, CellScrollBar)
                assert bar.display == getattr(plain, name).display
                if bar.display:
                    assert _bar_cells(bar) == _bar_cells(getattr(plain, name)), (virtual_size, y, x, name)
        for view in (plain, ours):  # a style of the bar's own, not in its cells
            view.add_class("tinted")
        await pilot.pause()
        assert _bar_cells(ours.vertical_scrollbar) == _bar_cells(plain.vertical_scrollbar)
        # A scroll of a few lines repaints the rows from the old thumb to the new, not the
        # bar; one that leaves the thumb where it was, none.
        assert 0 < dirty[1] < ours.vertical_scrollbar.size.height // 2 and dirty[2] == 0, dirty


@pytest.mark.parametrize("theme", ["ansi-dark", "nord"])
async def test_the_cell_scrollbar_is_filtered_as_textual_s_with_no_color_and_ansi_themes(theme, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = _TwoViewsApp()
    async with app.run_test(size=(30, 24)) as pilot:
        app.theme = theme
        plain, ours = app.query_one(_PlainScrollView), app.query_one(SizeHookScrollView)
        for view in (plain, ours):
            view.virtual_size = Size(100, 400)
            update_scrollbars_now(view, Size(100, 400))
            view.scroll_to(y=40, animate=False, immediate=True, force=True)
        await pilot.pause()
        assert ours.vertical_scrollbar.display
        assert _bar_cells(ours.vertical_scrollbar) == _bar_cells(plain.vertical_scrollbar)


def test_the_styles_cache_takes_what_the_plain_lines_cache_passes():
    from textual._styles_cache import StylesCache

    member = "textual._styles_cache.StylesCache"
    assert [name for name, _ in _parameters(StylesCache.render_line)][:9] == [
        "self", "styles", "y", "size", "content_size", "padding", "base_background", "background",
        "render_content_line"], (
        f"{member}.render_line changed: {WRAPPER} overrides it (PlainLinesStylesCache)")
    assert [name for name, _ in _parameters(StylesCache.render_widget)] == ["self", "widget", "crop"], (
        f"{member}.render_widget changed: {WRAPPER} overrides it (PlainLinesStylesCache)")
    assert callable(getattr(StylesCache, "get_inner_outer", None)), (
        f"{member}.get_inner_outer is gone: {WRAPPER} calls it (PlainLinesStylesCache)")
    assert isinstance(Widget()._styles_cache, StylesCache), (
        f"Widget._styles_cache is gone: {WRAPPER} replaces it (use_plain_lines_styles_cache)")


class _CompositorScreen(Screen[None]):
    """A screen with ReflowMapCompositor (`own_compositor`), or with Textual's."""

    def __init__(self, own_compositor: bool) -> None:
        super().__init__()
        if own_compositor:
            use_reflow_map_compositor(self)


class _ShownLaterScreen(_CompositorScreen):
    def compose(self) -> ComposeResult:
        yield Static("always", id="always")
        later = Static("later", id="later")
        later.display = False
        yield later


@pytest.mark.parametrize(("own_compositor", "arranged_after"), [(False, 1), (True, 0)])
async def test_a_widget_shown_by_a_layout_is_arranged_once(own_compositor, arranged_after, monkeypatch):
    member = "textual._compositor.Compositor._full_map_invalidated"
    assert isinstance(Screen()._compositor, Compositor), (
        f"Screen._compositor is gone: {WRAPPER} replaces it (use_reflow_map_compositor)")
    assert Compositor()._full_map_invalidated is True, f"{member} is gone: {WRAPPER} clears it"
    app = App[None]()
    async with app.run_test(size=(40, 10)) as pilot:
        screen = _ShownLaterScreen(own_compositor)
        await app.push_screen(screen)
        await pilot.pause()
        assert isinstance(screen._compositor, ReflowMapCompositor) is own_compositor
        arrangements = whole_arrangements(monkeypatch)
        layouts = _layouts_of(screen)
        later = screen.query_one("#later")
        later.display = True
        await pilot.pause()
        await pilot.pause()
        assert later.region == Region(0, 1, 40, 1)
        assert screen.get_widget_at(0, 1)[0] is later
        # Textual's arranges the screen once more, to the same map, when first asked where
        # a widget is: if it no longer does, ReflowMapCompositor is not needed.
        assert layouts
        assert len(arrangements) == len(layouts) + arranged_after, (member, arrangements, layouts)
        later.display = False
        await pilot.pause()
        assert later.region == Region(0, 0, 0, 0)


class _HiddenBoxScreen(_CompositorScreen):
    def compose(self) -> ComposeResult:
        yield Static("always", id="always")
        with Container(id="box"):  # as the panes of the tabs not on show
            yield Static("inside", id="inside")

    def on_mount(self) -> None:
        self.query_one("#box").display = False


@pytest.mark.parametrize(("own_compositor", "arranged_after"), [(False, 1), (True, 0)])
async def test_a_hidden_widget_repainted_leaves_the_map_as_made(own_compositor, arranged_after, monkeypatch):
    """A widget in a container not displayed has no place on the map: its repaint left
    Textual's map marked to be made again, and the next question of where a widget is
    arranged the whole screen (the first `/` after the Speakers tab's filter, hidden, was
    repainted)."""
    app = App[None]()
    async with app.run_test(size=(40, 10)) as pilot:
        screen = _HiddenBoxScreen(own_compositor)
        await app.push_screen(screen)
        await pilot.pause()
        inside, always = screen.query_one("#inside", Static), screen.query_one("#always", Static)
        assert always.region == Region(0, 0, 40, 1)  # the map made
        arrangements = whole_arrangements(monkeypatch)
        for step in range(3):
            inside.update(f"changed while hidden {step}", layout=False)
            await pilot.pause()
            assert always.region == Region(0, 0, 40, 1) and inside.region == Region(0, 0, 0, 0)
        assert len(arrangements) == 3 * arranged_after
        # Shown, it is laid out and placed.
        screen.query_one("#box").display = True
        await pilot.pause()
        assert inside.region == Region(0, 1, 40, 1)
        assert screen.get_widget_at(0, 1)[0] is inside


def _layouts_of(screen: Screen[None]) -> list[int]:
    """A list that grows by one each time `screen` is laid out from now on."""
    layouts: list[int] = []
    lay_out = screen._refresh_layout

    def counted(*args: object, **kwargs: object) -> None:
        layouts.append(len(layouts) + 1)
        lay_out(*args, **kwargs)  # type: ignore[arg-type]

    screen._refresh_layout = counted  # type: ignore[method-assign]
    return layouts


class _ResizedViewApp(App[None]):
    CSS = "SizeHookScrollView { height: 12; }"

    def compose(self) -> ComposeResult:
        yield SizeHookScrollView()


def _textual_size_updated() -> Callable[..., bool]:
    """Textual's own `Widget._size_updated`, replaced or not (no_layout_for_virtual_sizes)."""
    return getattr(Widget._size_updated, "textual_size_updated", Widget._size_updated)


async def test_a_view_resized_in_a_layout_is_laid_out_once_with_its_scrollbar():
    member = "textual.widget.Widget._size_updated"
    assert _parameters(_textual_size_updated())[1:] == [
        ("size", inspect.Parameter.empty), ("virtual_size", inspect.Parameter.empty),
        ("container_size", inspect.Parameter.empty), ("layout", True)], (
        f"{member} has changed: {WRAPPER} overrides it (CellScrollBar)")
    app = _ResizedViewApp()
    async with app.run_test(size=(30, 24)) as pilot:
        view = app.query_one(SizeHookScrollView)
        view.virtual_size = Size(20, 400)
        await pilot.pause()
        assert view.vertical_scrollbar.display
        layouts = _layouts_of(app.screen)
        view.styles.height = 20
        await pilot.pause()
        await pilot.pause()
        assert view.vertical_scrollbar.size.height == 20
        assert len(layouts) == 1, f"the screen was laid out {len(layouts)} times for one new height"


class _GrowingLineApp(App[None]):
    CSS = "#line { width: auto; }"

    def compose(self) -> ComposeResult:
        yield Static("one", id="line")


async def test_a_widget_without_scrollbars_resized_in_a_layout_is_laid_out_once(monkeypatch):
    no_layout_for_virtual_sizes()
    replaced = Widget._size_updated
    no_layout_for_virtual_sizes()  # once is enough: a second call changes nothing
    assert Widget._size_updated is replaced
    textual_size_updated = _textual_size_updated()
    assert textual_size_updated is not replaced
    for size_updated, layouts in ((textual_size_updated, 2), (replaced, 1)):
        monkeypatch.setattr(Widget, "_size_updated", size_updated)
        app = _GrowingLineApp()
        async with app.run_test() as pilot:
            await pilot.pause()
            line = app.query_one("#line", Static)
            laid_out = _layouts_of(app.screen)
            line.update("one two three")
            for _ in range(5):
                await pilot.pause()
            assert line.size.width == len("one two three")
            # Textual's asks for a second layout after the one that gave the line its width:
            # if it no longer does, the replacement is not needed.
            assert len(laid_out) == layouts, (
                "textual.widget.Widget._size_updated" if size_updated is textual_size_updated
                else "no_layout_for_virtual_sizes", laid_out)


class _ScrollingApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Container(Static("a"))


@pytest.mark.parametrize(("overflow", "scrollbar_size", "asks"), [
    ("auto", 1, True), ("hidden", 1, False), ("scroll", 1, False), ("auto", 0, False)])
async def test_a_new_virtual_size_asks_for_a_layout_only_where_a_scrollbar_may_come_and_take_room(
        overflow, scrollbar_size, asks):
    """Where a scrollbar that takes room may show or hide with it, a new virtual size asks
    for a layout as in Textual (which then asks one of its own as the bar shows)."""
    no_layout_for_virtual_sizes()
    app = _ScrollingApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        box = app.query_one(Container)
        box.styles.overflow_x = box.styles.overflow_y = overflow
        box.styles.scrollbar_size_horizontal = box.styles.scrollbar_size_vertical = scrollbar_size
        await pilot.pause()
        assert scrollbars_may_take_room(box) is asks
        # Another virtual size that still fits: no scrollbar comes or goes (which would ask
        # for a layout of its own).
        fitting = Size(3, 1) if box.virtual_size != Size(3, 1) else Size(4, 1)
        shown = (box.show_horizontal_scrollbar, box.show_vertical_scrollbar)
        box._layout_required = False
        box._size_updated(box.size, fitting, box.container_size)
        assert box.virtual_size == fitting
        assert (box.show_horizontal_scrollbar, box.show_vertical_scrollbar) == shown
        assert box._layout_required is asks


class _FocusableView(SizeHookScrollView, can_focus=True):
    pass


class _FocusApp(App[None]):
    CSS = "_FocusableView { height: 1fr; } _FocusableView:focus { scrollbar-color: red; }"

    def compose(self) -> ComposeResult:
        yield _FocusableView()
        yield _FocusableView()


async def test_a_view_s_scrollbars_ask_for_no_layout_when_it_gains_the_focus():
    app = _FocusApp()
    async with app.run_test(size=(30, 24)) as pilot:
        first, second = app.query(_FocusableView)
        for view in (first, second):
            view.virtual_size = Size(100, 400)
            update_scrollbars_now(view, view.virtual_size)
        await pilot.pause()
        assert first.vertical_scrollbar.display and first.horizontal_scrollbar.display
        assert isinstance(first.scrollbar_corner, type(second.scrollbar_corner))
        assert type(first.scrollbar_corner).__name__ == "CellScrollBarCorner"
        layouts = _layouts_of(app.screen)
        for view in (first, second, first):
            view.focus()
            await pilot.pause()
            await pilot.pause()
        assert layouts == [], "the focus moving between two views laid the screen out"


def test_a_strip_divided_where_nothing_is_cut_is_freed_without_the_cycle_collector():
    import gc

    from rich.segment import Segment
    from textual.strip import Strip

    divide_strips_without_self_reference()
    replaced = Strip.divide
    divide_strips_without_self_reference()  # once is enough: a second call changes nothing
    assert Strip.divide is replaced
    textual_divide = replaced.textual_divide  # type: ignore[attr-defined]
    strips = [Strip([Segment("ab"), Segment("cdé", None), Segment("€f")]), Strip([Segment("x" * 30)]),
              Strip([])]
    for strip in strips:
        for cuts in ([strip.cell_length], [2, strip.cell_length], [0, 1, 3, strip.cell_length + 4], [],
                     [strip.cell_length + 1]):
            ours = [part.text for part in strip.divide(cuts)]
            fresh = Strip(list(strip), strip.cell_length)  # no cache: what Textual's divide gives
            assert ours == [part.text for part in textual_divide(fresh, cuts)], cuts
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(50):
            strip = Strip([Segment("a line the compositor cuts nowhere")])
            assert strip.divide([strip.cell_length]) == [strip]
            del strip
        assert gc.collect() == 0, "strips left for the cycle collector"
    finally:
        if was_enabled:
            gc.enable()


def test_a_message_stopped_says_so():
    member = "textual.message.Message._stop_propagation"
    message = Message()
    assert not key_stopped(message)
    message.stop()
    assert key_stopped(message), (
        f"{member} no longer says that a message was stopped: {WRAPPER} reads it (key_stopped)")


def test_no_other_module_uses_the_wrapped_members():
    named_elsewhere = [
        f"{path.relative_to(SOURCE)}: {name}"
        for path in sorted(SOURCE.rglob("*.py")) if path.name != "textual_private.py"
        for name in re.findall(r"\._size_updated\b|\._scroll_update\b|\._result_callbacks\b"
                               r"|\._push_result_callback\b|widgets\._tabs\b|\._context\(\)"
                               r"|\._vertical_scrollbar\b|\._horizontal_scrollbar\b|\._start_widget\b"
                               r"|\._styles_cache\b|\._dirty_regions\b|\._compositor\b"
                               r"|_full_map_invalidated\b|textual\._compositor\b|_stop_propagation\b",
                               path.read_text("utf-8"))
    ]
    assert named_elsewhere == [], f"Textual's private members outside {WRAPPER}"
