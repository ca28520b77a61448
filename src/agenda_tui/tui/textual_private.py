"""The private members of Textual (8.2.8) that agenda-tui uses, each wrapped here and only here.

- `Widget._size_updated(size, virtual_size, container_size, layout=True)`, which
  `ScrollView` overrides: Textual's layout calls it with every new size of a widget, and
  its return value says whether to send a Resize event. `SizeHookScrollView` passes it
  on to `size_updated`, a method of its own that a subclass overrides.
- `Widget._scroll_update(virtual_size)`: fits the scrollbars to a virtual size now,
  rather than in the layout that follows the next paint (`update_scrollbars_now`).
- `textual.widgets._tabs.Underline`, the bar under a `Tabs` widget's active tab, and
  its reactives `highlight_start` and `highlight_end`: `Tabs` moves it only after the
  next paint, so every switch of tab painted twice (`move_tab_underline_now`). The
  Underline that `Tabs.compose` yields is replaced by one that keeps its lines
  (`KeptLineUnderline`, `with_kept_line_underline`).
- `Screen._result_callbacks` and `Screen._push_result_callback(requester, callback)`:
  `App.switch_screen` pops a result callback from the screen it replaces, which the
  app's default screen never had (`switch_base_screen`).
- `MessagePump._context()`, which makes a message pump the one running (Textual's
  context variable `active_message_pump`): `data_bind` binds a widget to the reactives
  of the pump running, which is the App when a key's action runs (`binding_as`).
- `Strip.divide`, replaced (`divide_strips_without_self_reference`): not private, but
  what it keeps in a strip's private cache is what the replacement changes.
- `textual._styles_cache.StylesCache`, a widget's cache of its lines drawn through
  its styles (`Widget._styles_cache`): `PlainLinesStylesCache` overrides its
  `render_widget(widget, crop)` and `render_line(styles, y, size, content_size,
  padding, base_background, background, render_content_line, ...)` and uses its
  `get_inner_outer(base_background, background)` (the padding's look), and
  `styles_add_nothing` names what its `render_line` adds to a widget's lines.
- `Widget._size_updated`, as ScrollView's above, which `CellScrollBar` calls with
  `layout=False`; and `Widget._dirty_regions` (what is to be drawn anew), which
  `CellScrollBar.render_lines` clears as it draws, as `Widget._render_content` does.
- `Widget._vertical_scrollbar`, `Widget._horizontal_scrollbar`, `Widget._scrollbar_corner` and
  `App._start_widget(parent, widget)`, with which `Widget.vertical_scrollbar` and
  `horizontal_scrollbar` and `scrollbar_corner` make a scroll view's scrollbars:
  `SizeHookScrollView` makes them as Textual does, of its own classes (`CellScrollBar`,
  `CellScrollBarCorner`).
- `Widget._repaint_required` (a repaint asked for, sent to the screen when the widget is
  next idle) and `Widget._exchange_repaint_regions()` (the regions it will repaint, given
  and cleared): `drawn_by_this_layout` clears both for a widget the layout's paint draws
  whole.
- `Widget.show_horizontal_scrollbar` and `show_vertical_scrollbar` set, with the
  scrollbars' `display`, before the widget has a size (`show_scrollbars_before_sizing`),
  as `Widget._refresh_scrollbars` sets them once it has one.
- `Widget._size_updated` once more, replaced (`no_layout_for_virtual_sizes`): it takes
  `layout=False` for a widget whose scrollbars cannot come and go taking room.
- `Screen._compositor`, the screen's `textual._compositor.Compositor`, and its flag
  `_full_map_invalidated` (its map of every widget is to be made again when next asked):
  `ReflowMapCompositor` clears it after `reflow`, which has just made that map, and
  leaves hidden widgets out of `update_widgets`, which sets it for a widget not on show.
- `Message._stop_propagation`, set by `Message.stop()`: whether the widget a key was
  sent to stopped it there (`key_stopped`), so that it will not climb to the App.

An upgrade of Textual may remove or change them without notice:
tests/tui/test_textual_private.py fails, naming the member, when it does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, NamedTuple, Self

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual._compositor import Compositor, ReflowResult
from textual._styles_cache import StylesCache
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.cache import LRUCache
from textual.color import Color as TextualColor
from textual.css.styles import StylesBase
from textual.geometry import NULL_SPACING, Region, Size, Spacing
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarCorner, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Tabs
from textual.widgets._tabs import Underline


class CellScrollBar(ScrollBar):
    """A scrollbar that repaints only the cells that change.

    Textual repaints a whole scrollbar when it scrolls a view, and whenever it fits the
    bar to a view's size, even a size that leaves it as it was. A bar is drawn line by
    line, each line taking the same steps as a line of text: the two bars of a grid and
    of the detail pane beside it took as many lines as the grid and the pane, at every
    key that scrolled the grid or showed a new session. The cells above and below the
    thumb look alike but are not (a click above it scrolls up, below it down): all the
    cells between the old thumb and the new one are repainted.

    Nor does a bar ask for a layout. Its place and size are its view's to decide, and the
    view asks for a layout itself when they change (a bar shown or hidden, a new
    scrollbar size in its styles). A bar asked for one of its own each time it took a new
    size in a layout (its new virtual size) and each time its styles were worked out
    again (as its view gained or lost the focus). The request came after the screen was
    laid out, and the screen was laid out and painted a second time: a grid day opened
    beside the detail pane, which then took a new size; a grid shown in place of a table.
    """

    def __init__(self, vertical: bool = True, name: str | None = None, *, thickness: int = 1) -> None:
        super().__init__(vertical, name, thickness=thickness)
        self._cells_drawn: list[Segment] | None = None  # as the last render drew them
        self._look_drawn: tuple[object, ...] | None = None
        # A line for each kind of cell (the track, the thumb, its ends), in each look.
        self._line_of_cell: LRUCache[tuple[object, ...], Strip] = LRUCache(16)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # The bar's own styles (a tint, an opacity, a text style) are not in the cells it
        # compares: when they change, it is repainted whole.
        look = (self.visual_style, self.styles.tint, self.styles.opacity)
        if look != self._look_drawn:
            self._look_drawn = look
            self._cells_drawn = None
            super().refresh()

    def render(self) -> ScrollBarRender:
        bar = super().render()
        assert isinstance(bar, ScrollBarRender)
        self._cells_drawn = self._cells(bar)
        return bar

    def render_lines(self, crop: Region) -> list[Strip]:
        """A vertical bar's lines made from its cells, as Textual draws them, where its
        styles add nothing to them (`styles_add_nothing`): Textual draws the bar, a Rich
        renderable, line by line through its styles, and a bar shown or fitted anew took
        as long as the table beside it."""
        if not self.vertical or not styles_add_nothing(self):
            return super().render_lines(crop)
        if self._dirty_regions or self._cells_drawn is None:
            self.render()  # (its cells, kept)
            self._dirty_regions.clear()  # drawn, as `Widget._render_content` clears them
        cells = self._cells_drawn or []
        width = self.size.width
        base = self.visual_style.rich_style
        _, background = self.background_colors
        line_filters = tuple(self.get_line_filters())
        lines: list[Strip] = []
        for y in crop.line_range:
            cell = cells[y] if y < len(cells) else Segment(" " * width)
            drawn_from = (cell, width, base, background, line_filters)
            line = self._line_of_cell.get(drawn_from)
            if line is None:
                line = Strip([Segment(cell.text, base + cell.style if cell.style else base)], width)
                for line_filter in line_filters:
                    line = line.apply_filter(line_filter, background)
                self._line_of_cell[drawn_from] = line
            lines.append(line)
        if crop.column_span != (0, width):
            left, right = crop.column_span
            lines = [line.crop(left, right) for line in lines]
        return lines

    def _cells(self, bar: ScrollBarRender) -> list[Segment]:
        """The bar's cells along its length, as `bar` draws them at the bar's size
        (ScrollBarRender.__rich_console__, without a console)."""
        size = self.outer_size  # (a bar has no border or padding: its content's size)
        length, thickness = (size.height, size.width) if self.vertical else size
        style = bar.style if isinstance(bar.style, Style) else Style.parse(str(bar.style))
        segments = bar.render_bar(size=length, virtual_size=bar.virtual_size, window_size=bar.window_size,
                                  position=bar.position, thickness=thickness, vertical=bar.vertical,
                                  back_color=style.bgcolor or Color.parse("#555555"),
                                  bar_color=style.color or Color.parse("bright_magenta"))
        return list(segments.segments[:length])  # (a horizontal bar's repeat for its thickness)

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        # No layout (see the class), whatever asks for it. Its size as last laid out (not
        # `size`: the layout sets the bar's reactives as it arranges its view, and `size`
        # then looked the bar up in a map of the whole screen, built afresh each time).
        drawn, size = self._cells_drawn, self.outer_size
        if regions or not repaint or recompose or drawn is None or not size or not self.is_attached:
            return super().refresh(*regions, repaint=repaint, recompose=recompose)
        bar = ScrollBar.render(self)
        assert isinstance(bar, ScrollBarRender)
        cells = self._cells(bar)
        if len(cells) != len(drawn):
            return super().refresh()
        changed = [at for at, (now, before) in enumerate(zip(cells, drawn, strict=True)) if now != before]
        if not changed:
            return self
        first, span = changed[0], changed[-1] - changed[0] + 1
        width, height = size
        changed_cells = Region(0, first, width, span) if self.vertical else Region(first, 0, span, height)
        return super().refresh(changed_cells)


class CellScrollBarCorner(ScrollBarCorner):
    """The corner between a view's two scrollbars, which asks for no layout (see
    CellScrollBar): its place is its view's to decide."""

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        return super().refresh(*regions, repaint=repaint, layout=False, recompose=recompose)


class InView(NamedTuple):
    """What a scroll view shows: its content's region on screen (less its scrollbars),
    and the first column and line of its content in view."""

    region: Region
    left: int
    top: int


class SizeHookScrollView(ScrollView):
    """A scroll view that sees every new size Textual gives it, in `size_updated`, and
    whose scrollbars repaint only the cells that change (`CellScrollBar`).

    Its `render_line` finds what is in view in `in_view`, looked up once for all the
    lines of a paint: the content region is a search of the screen's map for the widget,
    which, looked up for each line, cost as much as drawing the lines."""

    _in_view_while_painting: InView | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self._in_view_while_painting = self._in_view()
        try:
            return super().render_lines(crop)
        finally:
            self._in_view_while_painting = None

    @property
    def in_view(self) -> InView:
        return self._in_view_while_painting or self._in_view()

    def _in_view(self) -> InView:
        return InView(self.scrollable_content_region, round(self.scroll_x), round(self.scroll_y))

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        if self._vertical_scrollbar is None:
            self._vertical_scrollbar = self._start_scrollbar(vertical=True)
        return self._vertical_scrollbar

    @property
    def horizontal_scrollbar(self) -> ScrollBar:
        if self._horizontal_scrollbar is None:
            self._horizontal_scrollbar = self._start_scrollbar(vertical=False)
        return self._horizontal_scrollbar

    @property
    def scrollbar_corner(self) -> ScrollBarCorner:
        if self._scrollbar_corner is None:
            self._scrollbar_corner = CellScrollBarCorner()
            self.app._start_widget(self, self._scrollbar_corner)
        return self._scrollbar_corner

    def _start_scrollbar(self, *, vertical: bool) -> ScrollBar:
        """A CellScrollBar, started as Widget.vertical_scrollbar starts the bar it makes."""
        scrollbar = CellScrollBar(vertical=vertical, name="vertical" if vertical else "horizontal",
                                  thickness=self.scrollbar_size_vertical if vertical
                                  else self.scrollbar_size_horizontal)
        scrollbar.display = False
        self.app._start_widget(self, scrollbar)
        return scrollbar

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        return self.size_updated(size, virtual_size, container_size, layout)

    def size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                     layout: bool = True) -> bool:
        """Takes the new size as a scroll view does; True when a Resize event should be
        sent. Override it and call this to see each new size as it comes."""
        return super()._size_updated(size, virtual_size, container_size, layout)


def divide_strips_without_self_reference() -> None:
    """Make `Strip.divide` return a strip with no cut inside it as itself without keeping
    that in the strip's own cache.

    The compositor divides every line it paints at the edges of the widgets on it; for
    most lines of most widgets nothing is cut, and Textual's `divide` then stores `[self]`
    in the strip's cache: the strip refers to itself, and with its seven caches it is
    freed only by the cycle collector, not when its last use goes. At every paint that
    was most of the strips drawn: the collector's young generation filled twice as fast,
    and each of its passes walked them. Nothing is lost: the cached answer was the strip."""
    divide = Strip.divide
    if getattr(divide, "keeps_no_self_reference", False):
        return

    def divide_without_self_reference(self: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
        cell_length = self.cell_length
        cuts = [cut for cut in cuts if cut <= cell_length]
        if cuts == [cell_length]:
            return [self]
        return divide(self, cuts)

    divide_without_self_reference.keeps_no_self_reference = True  # type: ignore[attr-defined]
    divide_without_self_reference.textual_divide = divide  # type: ignore[attr-defined]
    setattr(Strip, "divide", divide_without_self_reference)  # noqa: B010 - a method, replaced


def update_scrollbars_now(widget: Widget, virtual_size: Size) -> None:
    """Fit `widget`'s scrollbars to `virtual_size` in this step, not after the next paint."""
    widget._scroll_update(virtual_size)


def no_layout_for_virtual_sizes() -> None:
    """Make a widget ask for no layout when a layout gives it a new virtual size, unless
    a scrollbar that takes room may come or go with it (once per process, for every
    widget).

    After laying the screen out, Textual gives each widget its new size, and a widget
    whose virtual size (the extent of what it holds) changed asks for the screen to be
    laid out again, in case that shows or hides its scrollbars. Nothing else in a layout
    reads a virtual size (nor does anything watch it). A widget that is not scrollable,
    or whose scrollbars are shown always, never, or take no room (overflow `scroll` or
    `hidden`, size 0) is placed by the second layout as by the first, and painted again:
    the search box's `/` and escape took two, for the footer's keys, which took new
    widths, a line shown for the first time, and the day view's split, which took a new
    height. A scroll view (the tables, the grid, an Input) keeps its own `_size_updated`,
    which asks for none."""
    size_updated = Widget._size_updated
    if hasattr(size_updated, "textual_size_updated"):
        return

    def size_updated_asking_layout_only_for_scrollbars(
            self: Widget, size: Size, virtual_size: Size, container_size: Size,
            layout: bool = True) -> bool:
        return size_updated(self, size, virtual_size, container_size,
                            layout and self.is_scrollable and scrollbars_may_take_room(self))

    size_updated_asking_layout_only_for_scrollbars.textual_size_updated = size_updated  # type: ignore[attr-defined]
    Widget._size_updated = size_updated_asking_layout_only_for_scrollbars  # type: ignore[method-assign]


def scrollbars_may_take_room(widget: Widget) -> bool:
    """Whether a scrollbar of `widget` that takes room shows or hides as its content
    grows or shrinks (overflow `auto`, a size above 0)."""
    styles = widget.styles
    return ((styles.overflow_x == "auto" and styles.scrollbar_size_horizontal > 0)
            or (styles.overflow_y == "auto" and styles.scrollbar_size_vertical > 0))


def drawn_by_this_layout(widget: Widget) -> None:
    """Called as a layout gives `widget` a new size (`size_updated`): the paint that
    follows the layout draws it and its scrollbars whole, their regions being new. A
    repaint they asked for meanwhile (a scroll to the cursor, scrollbars fitted) would
    be a second paint of them, a frame later: it is not asked for."""
    for drawn in (widget, widget._vertical_scrollbar, widget._horizontal_scrollbar, widget._scrollbar_corner):
        if drawn is not None:
            drawn._repaint_required = False
            drawn._exchange_repaint_regions()  # (else the next repaint of a part is of all)


def show_scrollbars_before_sizing(widget: Widget, *, horizontal: bool, vertical: bool) -> None:
    """Show the scrollbars `widget` will need once it has a size. Textual decides them
    only then (`Widget._refresh_scrollbars` returns early while the widget has no size),
    after the layout that sized it: placed then, they ask for a second layout."""
    for shown, name in ((horizontal, "horizontal"), (vertical, "vertical")):
        if shown and not getattr(widget, f"show_{name}_scrollbar"):
            setattr(widget, f"show_{name}_scrollbar", True)
            getattr(widget, f"{name}_scrollbar").display = True


def move_tab_underline_now(tabs: Tabs) -> None:
    """Put the underline of `tabs` under its active tab in this step, as `Tabs` puts it
    after the next paint (where it then stays)."""
    active = tabs.active_tab
    if active is None:
        return
    start, end = active.virtual_region.shrink(active.styles.gutter).column_span
    underline = tabs.query_one(Underline)
    underline.highlight_start, underline.highlight_end = start, end


class KeptLineUnderline(Underline):
    """`Tabs`' underline, which keeps its line for each place of its bar: the bar is a
    Rich renderable, and drawing it took as long as the rest of the row of tabs at each
    switch of tab. The line is Underline's own, kept by everything it is drawn from."""

    def __init__(self) -> None:
        super().__init__()
        # A line for each place of the bar (a tab's), at a width or two.
        self._kept_lines: LRUCache[tuple[object, ...], Strip] = LRUCache(32)

    def render_line(self, y: int) -> Strip:
        drawn_from = (y, self.highlight_start, self.highlight_end, self.show_highlight, self.size,
                      self.visual_style, self.get_component_rich_style("underline--bar"))
        line = self._kept_lines.get(drawn_from)
        if line is None:
            line = self._kept_lines[drawn_from] = super().render_line(y)
        return line


def with_kept_line_underline(composed: Iterable[Widget]) -> Iterator[Widget]:
    """The widgets of `Tabs.compose`, its Underline replaced by a KeptLineUnderline."""
    for widget in composed:
        yield KeptLineUnderline() if type(widget) is Underline else widget


class PlainLinesStylesCache(StylesCache):
    """A widget's styles cache (Textual's `StylesCache`, private) that, while the
    widget's styles add nothing to its lines (`styles_add_nothing`), gives each line
    as the widget draws it, padded to its width, as `StylesCache.render_line` would;
    Textual's own keeping of each line until it is refreshed, its line filters and its
    crop are as they were. `render_line` goes through the border, padding, outline,
    tint and opacities for every line drawn anew: at a new day, a search keystroke or
    a scroll of a day's table, that took longer than drawing the rows."""

    _plain = False

    def render_widget(self, widget: Widget, crop: Region) -> list[Strip]:
        self._plain = styles_add_nothing(widget)
        return super().render_widget(widget, crop)

    def render_line(self, styles: StylesBase, y: int, size: Size, content_size: Size, padding: Spacing,
                    base_background: TextualColor, background: TextualColor,
                    render_content_line: Callable[[int], Strip],
                    *rest: Any) -> Strip:
        if not self._plain:
            return super().render_line(styles, y, size, content_size, padding, base_background, background,
                                       render_content_line, *rest)
        inner = self.get_inner_outer(base_background, background)[0].rich_style  # (the padding's look)
        line = (render_content_line(y) if y < content_size.height
                else Strip.blank(content_size.width, inner))
        return line.adjust_cell_length(size.width, inner)


def key_stopped(key: Message) -> bool:
    """Whether `key` was stopped (`Message.stop()`) where it was handled."""
    return bool(key._stop_propagation)


def use_plain_lines_styles_cache(widget: Widget) -> None:
    """Give `widget` a PlainLinesStylesCache in place of Textual's (in its __init__)."""
    widget._styles_cache = PlainLinesStylesCache()


class ReflowMapCompositor(Compositor):
    """A compositor that keeps the map of every widget its layout makes.

    Before each layout, Textual's screen tells its compositor of the widgets to repaint,
    and a widget not yet on show among them (one a layout is about to show: the Now
    view's table at `w`, the search box at `/`) marks the map of every widget as to be
    made again. The layout then makes that map, but leaves the mark: the first widget
    asked for its region afterwards (by the paint, or by a refresh) had the whole screen
    arranged a second time, to the same map.

    A hidden widget repainted (itself or a container of it not displayed: the search
    box, the views of the other tabs, a grid laid out ahead) marked the map too, though
    it has no place on it; the next key that asked where a widget is, `/` or `w`, had
    the whole screen arranged first. Such a widget is left out of what this compositor
    is told: it is not on show, so there is nothing of it to repaint.
    """

    def reflow(self, parent: Widget, size: Size) -> ReflowResult:
        result = super().reflow(parent, size)
        self._full_map_invalidated = False  # the map just made is of every widget
        return result

    def update_widgets(self, widgets: set[Widget]) -> None:
        super().update_widgets({widget for widget in widgets if not _hidden(widget)})


def _hidden(widget: Widget) -> bool:
    """Whether `widget` or a container of it is not displayed (and so has no place on
    the map of every widget)."""
    return any(not node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def use_reflow_map_compositor(screen: Screen[Any]) -> None:
    """Give `screen` a ReflowMapCompositor in place of Textual's (in its __init__)."""
    screen._compositor = ReflowMapCompositor()


def styles_add_nothing(widget: Widget) -> bool:
    """Whether Textual's styles cache gives each line of `widget` as the widget draws it,
    padded to its width and passed through the app's line filters: no border, padding or
    outline, no tint or opacity, no hatch, no link under the mouse
    (`StylesCache.render_line`)."""
    styles = widget.styles
    return (styles.gutter == NULL_SPACING
            and all(edge in ("", "none") for edge, _ in styles.outline)
            and styles.tint.a == 0 and widget.opacity == 1 and styles.text_opacity == 1
            and (not styles.has_rule("hatch") or styles.hatch == "none")
            and not (widget.auto_links and widget.hover_style.link_id))


def switch_base_screen(app: App[Any], screen: Screen[Any]) -> AwaitComplete:
    """Replace the one screen on the stack, the app's default screen included, with `screen`."""
    base = app.screen_stack[-1]
    if not base._result_callbacks:
        base._push_result_callback(app, None)
    return app.switch_screen(screen)


def binding_as(parent: MessagePump) -> AbstractContextManager[None]:
    """Inside, `widget.data_bind(...)` binds to `parent`'s reactives, as in its compose,
    whichever message pump runs (a view made on a key is made while the App runs it)."""
    return parent._context()
