"""The detail pane beside (or below) a table or a grid: the highlighted session in full.

It draws its own lines (Textual's Line API) from the text wrapped to its width. A new
text, taller or shorter than the last, changes only what the pane scrolls over: the pane
repaints, and the screen is not laid out again, as it would be for a widget whose height
follows its text. Each move of a cursor shows a new text, so that layout, and the paint
of the whole screen after it, would fall on every key.

A text longer than the pane ends in a line that says so (MORE_BELOW), in place of a
scrollbar: the mouse wheel scrolls it, and `enter` opens the session in full. Blank
lines at a text's end do not count, and a pane one row high shows the text, not the
line. A scrollbar's thumb changed at nearly every move (texts fit or not, each of its
own length), and its lines were repainted with it.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from agenda_tui.tui.textual_private import SizeHookScrollView, update_scrollbars_now

NOTHING_HERE = Text("No session here.", style="dim")
# The line that says a text goes on below the pane: the longest that fits its width.
MORE_BELOW = ("▼ more below: scroll, or enter for the session", "▼ more: scroll, or enter", "▼ more")
WRAPS_KEPT = 32  # texts, each as wrapped to a width: a cursor going back and forth finds its own


def _wrap_key(text: Text, width: int) -> Hashable:
    """What a text's wrapped lines depend on: equal texts (Text has no hash) wrap alike."""
    return (text.plain, text.style, tuple(text.spans), text.justify, text.overflow, text.no_wrap,
            text.tab_size, width)


class DetailPane(SizeHookScrollView):
    """Shows the text it is given (detail_text.describe_session); None: no session."""

    can_focus = False

    def __init__(self, *, classes: str | None = None, id: str | None = None) -> None:
        super().__init__(classes=classes, id=id)
        self._text: Text = NOTHING_HERE
        self._lines: list[list[Segment]] = []
        self._wrapped_at = 0  # the width the lines were wrapped to
        self._wrapped_for = Size(0, 0)  # and the size of the pane then
        # Each line drawn once for the pane's style: a new text is drawn on every move of a
        # cursor, and the style looked up for each of its lines cost more than the text.
        self._strips: dict[int, Strip] = {}
        self._style: Style | None = None
        self._marker: Strip | None = None  # MORE_BELOW, as drawn at the pane's width
        self._text_end = 0  # the lines up to the text's last that is not blank
        # The lines of recent texts as wrapped, and each one's strips (the pane's style).
        self._wraps: LRUCache[Hashable, tuple[list[list[Segment]], dict[int, Strip]]] = LRUCache(WRAPS_KEPT)

    @property
    def text(self) -> Text:
        """What the pane shows (for tests and the curious: the lines are drawn from it)."""
        return self._text

    @property
    def line_count(self) -> int:
        """The lines of the text, wrapped to the pane."""
        return len(self._lines)

    def show(self, text: Text | None) -> None:
        text = NOTHING_HERE if text is None else text
        if text == self._text:  # the same text again (typing a search): nothing to do
            return
        self._text = text
        lines_before, wrapped_before, scrolled = self._lines, self._wrapped_at, self.scroll_y
        self._wrap()
        self.scroll_to(0, 0, animate=False, immediate=True)
        if scrolled or self._wrapped_at != wrapped_before:
            self.refresh()
        else:
            self._refresh_changed_lines(lines_before)

    def _refresh_changed_lines(self, lines_before: list[list[Segment]]) -> None:
        """Repaint the lines on show that differ from those before: a detail repainted
        whole on each move of a cursor repaints lines the two texts share, and the blank
        ones below both."""
        height = self.scrollable_content_region.height
        end_before = _text_end(lines_before)
        changed = [y for y in range(height) if _drawn_at(lines_before, end_before, y, height)
                   != _drawn_at(self._lines, self._text_end, y, height)]
        for _, run in itertools.groupby(enumerate(changed), lambda pair: pair[1] - pair[0]):
            ys = [y for _, y in run]
            self.refresh_lines(ys[0], len(ys))

    def size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                     layout: bool = True) -> bool:
        # Textual gives a scroll view without children its viewport as its virtual size:
        # the pane's own is its lines' (no fewer than it shows, as _wrap has it, at the
        # new size), and the scrollbars follow that (see DayTable).
        # No wider than the new width: lines wrapped for a wider pane would otherwise give
        # it a horizontal scrollbar until they are wrapped again (a paint later).
        styles = self.styles
        height = max(len(self._lines), size.height - styles.gutter.height)
        scrollbar = styles.overflow_y == "scroll" or len(self._lines) > size.height - styles.gutter.height
        width = size.width - styles.gutter.width - (styles.scrollbar_size_vertical if scrollbar else 0)
        virtual_size = Size(max(0, min(self.virtual_size.width, width)), height)
        if virtual_size != self.virtual_size:
            self.set_reactive(ScrollView.virtual_size, virtual_size)
        return super().size_updated(size, self.virtual_size, container_size, layout)

    def on_resize(self) -> None:
        # Textual sends Resize to a widget each time it is shown again (its tab), at the
        # size it had: the lines wrapped for that size stand. The news of a new size comes
        # after the frame that drew the pane at that size (render_line wraps the text for
        # a new width): a repaint is owed only if the lines were not wrapped for it then.
        if self.scrollable_content_region.size != self._wrapped_for:
            wrapped_at = self._wrapped_at
            self._wrap()
            if self._wrapped_at != wrapped_at:
                self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None
        self._marker = None
        self._wraps.clear()
        self._strips = {}

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        self._wrapped_at = width
        self._wrapped_for = self.scrollable_content_region.size
        if width <= 0:
            self._lines, self._strips, self._text_end = [], {}, 0
            return
        key = _wrap_key(self._text, width)
        wrapped = self._wraps.get(key)
        if wrapped is None:
            console = self.app.console
            wrapped = ([list(line.render(console)) for line in self._text.wrap(console, width)], {})
            self._wraps.set(key, wrapped)
        self._lines, self._strips = wrapped
        self._text_end = _text_end(self._lines)
        # No shorter than the pane: texts that fit it, whatever their length, leave what
        # it scrolls over as it was.
        virtual_size = Size(width, max(len(self._lines), self.scrollable_content_region.height))
        if virtual_size != self.virtual_size:
            # Without the layout that setting virtual_size asks for: the scroll range follows now.
            self.set_reactive(ScrollView.virtual_size, virtual_size)
            update_scrollbars_now(self, virtual_size)

    def _more_below(self, width: int, style: Style) -> Strip:
        strip = self._marker
        if strip is None or strip.cell_length != width:
            text = next((text for text in MORE_BELOW if cell_len(text) <= width), MORE_BELOW[-1])
            marker = Segment(set_cell_size(text, width), style + Style(dim=True, italic=True))
            strip = self._marker = Strip([marker], width)
        return strip

    def render_line(self, y: int) -> Strip:
        region, _, top = self.in_view
        width = region.width
        if width != self._wrapped_at:
            self._wrap()
        if self._style is None:
            self._style = self.rich_style
        style = self._style
        index = top + y
        height = region.height
        if y == height - 1 and _goes_on_below(self._text_end, top, height):
            return self._more_below(width, style)
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, style)
        strip = self._strips.get(index)
        if strip is None:
            strip = Strip(Segment.apply_style(self._lines[index], style))
            strip = self._strips[index] = strip.extend_cell_length(width, style).crop(0, width)
        return strip


def _text_end(lines: list[list[Segment]]) -> int:
    """How many of `lines` there are up to the last that is not blank."""
    end = len(lines)
    while end and not "".join(segment.text for segment in lines[end - 1]).strip():
        end -= 1
    return end


def _goes_on_below(text_end: int, top: int, height: int) -> bool:
    """Whether a text whose lines that are not blank end at `text_end` goes on below a
    pane `height` rows high scrolled to line `top`, which then says so on its last row
    (a pane of one row shows the text)."""
    return height >= 2 and text_end > top + height


def _drawn_at(lines: list[list[Segment]], text_end: int, y: int, height: int) -> object:
    """What row `y` of a pane `height` rows high shows of `lines` (whose lines that are
    not blank end at `text_end`), scrolled to the top: a line, MORE_BELOW, or nothing."""
    if y == height - 1 and _goes_on_below(text_end, 0, height):
        return MORE_BELOW
    return lines[y] if y < len(lines) else None
