"""A day as a timeline grid: rooms across, time down, each session a block as tall as
it lasts. The room names stay at the top and the times at the left as it scrolls either
way; it draws only the lines on screen, and only the rooms in view on each.

The geometry (which block where, moves between blocks, the block under a cell) is
grid_layout's; this widget draws it, holds the cursor and reports it, as the day
table does: `Highlighted` when the cursor moves, `Selected` on enter or a click on
the highlighted block.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.signal import Signal
from textual.strip import Strip
from textual.timer import Timer

from agenda_tui.formatting import day_label, people_label
from agenda_tui.grid_layout import (
    DEFAULT_ZOOM,
    MAX_DRIFT,
    NARROWEST_COLUMN,
    NO_ROOM,
    ZOOM_MINUTES,
    Block,
    GridLayout,
    StepWork,
    column_width,
    layout_day_in_steps,
    layout_days,
    run_steps,
    wall_seconds,
    zoomed,
)
from agenda_tui.model import Agenda, Session, utc
from agenda_tui.text import shown
from agenda_tui.tui.detail_text import NOW_MARK, STAR
from agenda_tui.tui.messages import message_fields
from agenda_tui.tui.textual_private import (
    SizeHookScrollView,
    drawn_by_this_layout,
    show_scrollbars_before_sizing,
    update_scrollbars_now,
)
from agenda_tui.tui.widgets.day_table import fitted, same_sessions, scroll_back

HEADER_LINES = 1
TIME_WIDTH = 8  # "00:30+1" and a space
NO_ROOM_LABEL = "(no room)"
ALL_SESSIONS_LABEL = "Every session"  # an agenda without rooms: one column, a timeline
BREAK_FILL = "░"  # breaks are shaded, not told by colour alone
NOW_LINE = "─"
NO_SESSIONS = "No sessions to show."
# Between two steps of a layout made ahead (lay_out_ahead, the zoom keys'), for keys
# and paints.
AHEAD_STEP_SECONDS = 0.001


@dataclass(frozen=True)
class GridContext:
    """What the blocks' look depends on besides the sessions."""

    zone: tzinfo
    now: datetime
    bookmarks: frozenset[str]
    matches: frozenset[str] | None  # None: no search; else the ids that match


@dataclass(frozen=True)
class _LaidOut:
    """A day's layout, and what it was laid out from."""

    sessions: list[Session]
    zone: tzinfo
    zoom: int
    layout: GridLayout
    alternate: dict[str, bool]


Made = tuple[GridLayout, dict[str, bool]]  # a layout, and which blocks are drawn apart


@dataclass
class _Ahead:
    """A day's layout at a zoom, in the making or made (DayGrid.lay_out_ahead and the
    zoom keys'), and what it is made from."""

    day: date
    sessions: list[Session]
    zone: tzinfo
    steps: Generator[None, None, Made]
    made: Made | None = field(default=None, repr=False)

    def step(self) -> None:
        try:
            next(self.steps)
        except StopIteration as done:
            self.made = done.value

    def finish(self) -> Made:
        if self.made is None:
            self.made = run_steps(self.steps)
        return self.made


class DayGrid(SizeHookScrollView, can_focus=True):
    """A day's sessions as blocks in room columns; a block cursor; zoom with + and -."""

    BINDINGS = [
        Binding("up,k", "move(0, -1)", "Up", show=False),
        Binding("down,j", "move(0, 1)", "Down", show=False),
        Binding("left", "move(-1, 0)", "Left", show=False),
        Binding("right", "move(1, 0)", "Right", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
        Binding("plus", "zoom(-1)", "Zoom in", key_display="+", show=False, id="grid-zoom-in",
                tooltip="The grid: fewer minutes a line"),
        Binding("minus", "zoom(1)", "Zoom out", key_display="-", show=False, id="grid-zoom-out",
                tooltip="The grid: more minutes a line"),
        Binding("equals_sign", "zoom_reset", "Zoom reset", key_display="=", show=False,
                id="grid-zoom-reset", tooltip="The grid at its first zoom"),
    ]
    COMPONENT_CLASSES = {
        "day-grid--header",
        "day-grid--time",
        "day-grid--block",
        "day-grid--block-alt",
        "day-grid--break",
        "day-grid--cursor",
        "day-grid--cursor-blurred",
        "day-grid--dimmed",
        "day-grid--dimmed-alt",
        "day-grid--match",
        "day-grid--now",
        "day-grid--on-now",
        "day-grid--empty",
    }

    @message_fields
    class Highlighted(Message):
        """The cursor moved to another session (None: the grid is empty)."""

        grid: DayGrid
        session_id: str | None

    @message_fields
    class Selected(Message):
        """Enter, or a click on the highlighted block."""

        grid: DayGrid
        session_id: str

    @message_fields
    class Zoomed(Message):
        """The zoom keys chose another zoom (an index of ZOOM_MINUTES)."""

        grid: DayGrid
        zoom: int

    @classmethod
    def of_rooms(cls, agenda: Agenda, day: date, room_order: Mapping[str, int], *, id: str,
                 zoom: int = DEFAULT_ZOOM) -> DayGrid:
        """A day's grid: a column a room, in `room_order`."""
        grid = cls(agenda, room_order, day, id=id)
        grid.zoom = zoom
        return grid

    @classmethod
    def of_days(cls, agenda: Agenda, *, id: str) -> DayGrid:
        """A timeline of days, a column each (My schedule's bookmarks)."""
        return cls(agenda, {}, None, id=id)

    def __init__(self, agenda: Agenda, room_order: Mapping[str, int], day: date | None, *,
                 id: str | None = None):
        """Made by `of_rooms` (a day) or `of_days` (`day` None)."""
        super().__init__(id=id)
        self.cursor_moved: Signal[str | None] = Signal(self, "cursor_moved")  # as the day table's
        self.agenda = agenda
        self.room_order = room_order
        self.day = day
        self.zoom = DEFAULT_ZOOM
        self.zone: tzinfo = agenda.zone  # the clock down the side: the display zone (t)
        self.sessions: list[Session] = []
        self._aheads: dict[int, _Ahead] = {}  # by zoom
        self.grid_layout, self._alternate = self._laid_out([])
        self.context: GridContext | None = None
        # Where the now-line runs, for one layout and one moment: worked out once, not per line.
        self._now_layout: GridLayout | None = None
        self._now_moment: datetime | None = None
        self._now_at: tuple[list[int], int | None, datetime] = ([], None, datetime.min.replace(tzinfo=UTC))
        self.cursor: str | None = None
        self.empty_lines: tuple[str, ...] = (NO_SESSIONS,)
        self._styles: dict[tuple[str, ...], Style] = {}
        self._laid_out_size = Size(0, 0)
        self._gutter = 0
        self._column_width = NARROWEST_COLUMN  # until the first size
        self._jumped = False
        # Each day's layout as last shown, but the day on show's (show_day).
        self._laid_out_days: dict[date, _LaidOut] = {}
        # Each day's layouts made ahead or in the making (by zoom), but the day on show's
        # (`_aheads`), whose are taken a step at a time by one timer.
        self._aheads_of_days: dict[date, dict[int, _Ahead]] = {}
        self._ahead_timer: Timer | None = None

    # -- what it shows ---------------------------------------------------------

    def show(self, sessions: Iterable[Session], *, zone: tzinfo, now: datetime,
             bookmarks: AbstractSet[str], matches: AbstractSet[str] | None = None) -> None:
        """Lay out `sessions` (a day's, in time order); keep the cursor on the same
        session where it stays. `matches`: the search's, which stand out (the rest dimmed)."""
        context = GridContext(zone, now.replace(second=0, microsecond=0), frozenset(bookmarks),
                              None if matches is None else frozenset(matches))
        rows = list(sessions)
        unchanged_rows = same_sessions(rows, self.sessions)
        if context == self.context and unchanged_rows:
            return
        self.context = context
        if not unchanged_rows or zone != self.zone:
            self.sessions, self.zone = rows, zone
            self._lay_out()
        elif self.cursor not in self.grid_layout:  # a layout kept for its day (show_day)
            self._move_to(self.grid_layout.first_at_or_after(0))
        self.to_match()
        self._zooms_ahead()
        self.refresh()

    def show_day(self, day: date) -> None:
        """Show another day (its sessions come with the next `show`, its cursor after):
        as it was laid out when last shown, if its sessions, zoom and zone are the same
        then (a layout of a big day is many frames' work); else laid out anew."""
        if day == self.day:
            return
        if self.day is not None and self.sessions:
            self._laid_out_days[self.day] = _LaidOut(self.sessions, self.zone, self.zoom, self.grid_layout,
                                                     self._alternate)
        if self.day is not None and self._aheads:
            self._aheads_of_days[self.day] = self._aheads  # (those in the making go on when it is back)
        kept = self._laid_out_days.pop(day, None)
        self.day, self.cursor, self.context = day, None, None
        self._aheads = self._aheads_of_days.pop(day, {})
        self._step_ahead_soon()
        if kept is not None and (kept.zone, kept.zoom) == (self.zone, self.zoom):
            self.sessions, self.grid_layout, self._alternate = kept.sessions, kept.layout, kept.alternate
            self._set_geometry()
        else:
            self.sessions = []
            self._lay_out()
        self.refresh()

    def to_match(self) -> None:
        """While a search matches some blocks and the cursor is on one it does not match:
        to the first match at or after the cursor's time (by time, then room), else the
        day's first."""
        context, block = self.context, self._cursor_block
        if context is None or not context.matches or (block is not None and block.id in context.matches):
            return
        matched = sorted((b for b in self.grid_layout.blocks if b.id in context.matches),
                         key=lambda b: (b.top, b.column, b.lane))
        if matched:
            later = [b for b in matched if block is None or b.top >= block.top]
            self._move_to((later or matched)[0])

    def explain_empty(self, lines: tuple[str, ...]) -> None:
        if lines != self.empty_lines:
            self.empty_lines = lines
            self.refresh()

    def lay_out_ahead(self, sessions: list[Session], zone: tzinfo) -> None:
        """Make the layout that `show` will need for these sessions of the day on show
        (a day shown as a table, before its `g`), a step at a time between keys and
        paints: a big day's layout is many frames' work. Nothing to do if it is made."""
        if self.day is None or not self.is_mounted:
            return
        self._drop_aheads(but_for=(sessions, zone))
        if ((same_sessions(sessions, self.sessions) and zone == self.zone)
                or self._ahead_for(sessions, zone, self.zoom)):
            return
        self._make_ahead(sessions, zone, self.zoom)

    def _zooms_ahead(self) -> None:
        """While a day's grid shows: its layouts at the zooms next in and out, made ahead
        for the zoom keys; the layout a zoom key left is kept for the key back."""
        if self.day is None or not self.sessions or not self.display:
            return
        shown = ZOOM_MINUTES.index(self.grid_layout.minutes)
        for zoom in sorted({zoomed(shown, -1), zoomed(shown, 1)} - {shown}):
            if not self._ahead_for(self.sessions, self.zone, zoom):
                # Out: as drawn at that zoom, which the key refuses if it has too much drift.
                self._make_ahead(self.sessions, self.zone, zoom, closest=zoom if zoom > shown else 0)

    def _make_ahead(self, sessions: list[Session], zone: tzinfo, zoom: int, made: Made | None = None, *,
                    closest: int = 0) -> None:
        assert self.day is not None
        ahead = _Ahead(self.day, sessions, zone,
                       self._laid_out_in_steps(sessions, zone, zoom, self.day, closest=closest), made)
        self._aheads[zoom] = ahead
        self._step_ahead_soon()

    def _step_ahead_soon(self) -> None:
        """Take the steps of the day's layouts in the making at each tick of a timer (at
        each turn of the event loop, between keys and paints), until none is left."""
        if not any(ahead.made is None for ahead in self._aheads.values()):
            return
        if self._ahead_timer is None:
            self._ahead_timer = self.set_interval(AHEAD_STEP_SECONDS, self._step_ahead)
        else:
            self._ahead_timer.resume()

    def _step_ahead(self) -> None:
        """A step of each layout in the making (the zooms in and out are made side by side)."""
        making = [ahead for ahead in self._aheads.values() if ahead.made is None]
        for ahead in making:
            ahead.step()
        if not making and self._ahead_timer is not None:
            self._ahead_timer.pause()

    @property
    def layouts_in_the_making(self) -> int:
        """How many of the layouts made ahead for the day on show are not made yet."""
        return sum(ahead.made is None for ahead in self._aheads.values())

    def _ahead_for(self, sessions: list[Session], zone: tzinfo, zoom: int) -> _Ahead | None:
        """The layout made ahead for these sessions, at this day, zone and zoom."""
        ahead = self._aheads.get(zoom)
        if (ahead is not None and (ahead.day, ahead.zone) == (self.day, zone)
                and same_sessions(sessions, ahead.sessions)):
            return ahead
        return None

    def _drop_aheads(self, *, but_for: tuple[list[Session], tzinfo]) -> None:
        """The day's layouts made ahead, but those for these sessions and zone."""
        for zoom, ahead in list(self._aheads.items()):
            if self._ahead_for(*but_for, zoom) is not ahead:
                del self._aheads[zoom]

    def _lay_out(self, made: Made | None = None) -> None:
        """The layout at the zoom (`made` already, or made ahead, or made now); the
        cursor kept, or where its session was (hidden, or no longer bookmarked): see
        `_in_place_of`."""
        before_layout, before = self.grid_layout, self.cursor
        self.grid_layout, self._alternate = made or self._laid_out(self.sessions)
        if self.cursor not in self.grid_layout:
            gone = before_layout.block(self.cursor or "")
            found = (self._in_place_of(gone, before_layout) if gone is not None
                     else self.grid_layout.first_at_or_after(0))
            self.cursor = found.id if found else None
        self._set_geometry()
        self._scroll_cursor_into_view()
        if self.cursor != before:
            self.cursor_moved.publish(self.cursor)
            self.post_message(self.Highlighted(self, self.cursor))

    def _in_place_of(self, gone: Block, before: GridLayout) -> Block | None:
        """The block nearest where `gone` was: in its column at its time, else in the
        column now in its place or the one before, else the first on at its time."""
        layout = self.grid_layout
        key = before.columns[gone.column]
        column = (layout.columns.index(key) if key in layout.columns
                  else min(gone.column, len(layout.columns) - 1))
        line = (before.minute_of(gone.top) - layout.first_minute) // layout.minutes
        for near in (column, column - 1):
            if 0 <= near < len(layout.columns) and (found := layout.nearest(near, line)) is not None:
                return found
        return layout.first_at_or_after(max(0, line))

    def _laid_out(self, sessions: list[Session]) -> Made:
        """The layout of `sessions` at the zoom. The layouts made ahead for other
        sessions are dropped (but for an empty grid's: a day not shown as a grid yet)."""
        made = self._made_at(sessions, self.zoom)
        if sessions:
            self._drop_aheads(but_for=(sessions, self.zone))
        return made

    def _made_at(self, sessions: list[Session], zoom: int, *, as_drawn: bool = False) -> Made:
        """The layout of `sessions` at `zoom` (made ahead, else now): at the widest
        closer zoom that keeps blocks near their times; `as_drawn`, at that zoom, with
        its drift (a zoom out is refused if that is too much)."""
        ahead = self._ahead_for(sessions, self.zone, zoom)
        made = ahead.finish() if ahead else None
        if made is not None and (as_drawn or made[0].drift <= MAX_DRIFT
                                 or made[0].minutes == ZOOM_MINUTES[0]):
            return made
        return run_steps(self._laid_out_in_steps(sessions, self.zone, zoom, self.day,
                                                 closest=zoom if as_drawn else 0))

    def _laid_out_in_steps(self, sessions: list[Session], zone: tzinfo, zoom: int, day: date | None, *,
                           closest: int = 0) -> Generator[None, None, Made]:
        """The layout at `zoom`, or the widest closer one (down to `closest`) that keeps
        each block within MAX_DRIFT lines of its time; and every other block of each
        column, drawn apart."""
        while True:
            minutes = ZOOM_MINUTES[zoom]
            if day is None:
                layout = layout_days(sessions, zone, minutes=minutes)
            else:
                layout = yield from layout_day_in_steps(sessions, self.room_order, minutes=minutes,
                                                        day=day, zone=zone)
            if layout.drift <= MAX_DRIFT or zoom <= closest:
                break
            zoom -= 1
        alternate: dict[str, bool] = {}
        work = StepWork()
        for column in layout.by_column:
            alternate.update((block.id, bool(place % 2)) for place, block in enumerate(column))
            if work.done(len(column)):
                yield
        return layout, alternate

    @property
    def current_session_id(self) -> str | None:
        return self.cursor

    def __contains__(self, session_id: object) -> bool:
        return session_id in self.grid_layout

    def select_session(self, session_id: str) -> bool:
        block = self.grid_layout.block(session_id)
        if block is None:
            return False
        self._jumped = True  # from afar (n, a search, start-up): shown a third of the way down
        self._move_to(block)
        return True

    def set_star(self, session_id: str, bookmarked: bool) -> None:
        if self.context is None:
            return
        bookmarks = set(self.context.bookmarks)
        (bookmarks.add if bookmarked else bookmarks.discard)(session_id)
        self.context = GridContext(self.context.zone, self.context.now, frozenset(bookmarks),
                                   self.context.matches)
        self._refresh_block(self.grid_layout.block(session_id))

    def _refresh_block(self, block: Block | None) -> None:
        """Repaint the cells of a block that are on screen (its title is on the first of
        them when its top is scrolled off)."""
        if block is None or not self.size:
            return
        width = self._column_width
        x = TIME_WIDTH + block.column * width - round(self.scroll_x)
        top = HEADER_LINES + block.top - round(self.scroll_y)
        region = Region(x, top, width, block.bottom - block.top).intersection(
            Region(TIME_WIDTH, HEADER_LINES, self.size.width - TIME_WIDTH, self.size.height - HEADER_LINES))
        if region:
            self.refresh(region)

    @property
    def minutes_per_line(self) -> int:
        return self.grid_layout.minutes

    # -- geometry --------------------------------------------------------------

    def size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                     layout: bool = True) -> bool:
        """As the day table's: every new size passes here, in the layout, and the grid
        is fitted to it there (its Resize event may not follow)."""
        resized = super().size_updated(size, self.virtual_size, container_size, layout)
        if size and size != self._laid_out_size:
            self._laid_out_size = size
            self._set_geometry()
            # The horizontal scrollbar.
            self._gutter = self.size.height - self.scrollable_content_region.height
            self._scroll_cursor_into_view()
            if layout:
                drawn_by_this_layout(self)
            else:
                self.refresh()
        return resized

    @property
    def _view_size(self) -> Size:
        """Its size; while hidden (the day shown as a table), the size it had when last
        shown, which it has again once shown: a day shown as a grid is scrolled to its
        cursor in the step that shows it, not a paint later."""
        return self.size or self._laid_out_size

    @property
    def _columns_width(self) -> int:
        """The cells for room columns: the width less the times at the left and the
        vertical scrollbar, which a long day always has."""
        return max(1, self._view_size.width - TIME_WIDTH - self.styles.scrollbar_size_vertical)

    @property
    def _page(self) -> int:
        gutter = self.size.height - self.scrollable_content_region.height if self.size else self._gutter
        return max(1, self._view_size.height - gutter - HEADER_LINES)

    def _set_geometry(self) -> None:
        """The columns' width for the grid's width, and the size to scroll over. Before
        its first size, that of the narrowest columns: its first layout then has the
        scrollbars that a big day needs (placed after it, they ask for a second)."""
        if self._laid_out_size:
            self._column_width = column_width(self._columns_width, len(self.grid_layout.columns))
        virtual_size = Size(TIME_WIDTH + self._column_width * len(self.grid_layout.columns),
                            HEADER_LINES + self.grid_layout.lines)
        if virtual_size != self.virtual_size:
            if self.is_mounted:
                # No layout but where a scrollbar shows or hides (see DayTable's).
                self.set_reactive(ScrollView.virtual_size, virtual_size)
                update_scrollbars_now(self, virtual_size)
            else:
                self.virtual_size = virtual_size
        if not self._laid_out_size and self.is_attached:
            screen = self.screen.size  # no bigger than the screen: what is needed then
            show_scrollbars_before_sizing(self, horizontal=virtual_size.width > screen.width,
                                          vertical=virtual_size.height > screen.height)

    def scroll_back(self, x: float, y: float, *, resized: bool = False) -> None:
        """Scroll to where the user left the grid, unless the cursor's block is off screen
        there (the rows, the zoom or the size may have changed since): then to the block,
        as from afar (see day_table's `scroll_back`)."""
        scroll_back(self, x, y, laid_out=bool(self._view_size.height), resized=resized,
                    keep_cursor_in_view=self._keep_cursor_in_view)

    def _keep_cursor_in_view(self) -> None:
        block = self._cursor_block
        if block is None or not self._laid_out_size:
            return
        top, left = round(self.scroll_y), round(self.scroll_x)
        across = block.column * self._column_width
        if not (block.top < top + self._page and block.bottom > top  # some of it is on screen
                and left <= across and across + self._column_width <= left + self._columns_width):
            self._jumped = True
            self._scroll_cursor_into_view()

    def _scroll_cursor_into_view(self) -> None:
        if self._view_size.height:
            self._scroll_to_cursor()
        else:
            self.call_after_refresh(self._scroll_to_cursor)

    def _scroll_to_cursor(self) -> None:
        block = self.grid_layout.block(self.cursor or "")
        if block is None or not self._laid_out_size:
            return  # once laid out and sized (on_resize)
        top, page = round(self.scroll_y), self._page
        y: int | None = None
        if self._jumped and not top <= block.top < top + page * 2 // 3:
            y = max(0, block.top - page // 3)
        elif block.top < top:
            y = block.top
        elif block.bottom > top + page:
            y = min(block.top, block.bottom - page)
        self._jumped = False
        # Sideways by whole columns: no room shows cut at the left.
        left, width = round(self.scroll_x), self._column_width
        in_view = max(1, self._columns_width // width)
        x: int | None = None
        if block.column * width < left:
            x = block.column * width
        elif (block.column + 1) * width > left + self._columns_width:
            x = max(0, block.column + 1 - in_view) * width
        if x is not None or y is not None:
            self.scroll_to(x=x, y=y, animate=False, immediate=True, force=True)

    # -- the cursor --------------------------------------------------------------

    def _move_to(self, block: Block | None, *, scroll: bool = True) -> None:
        if block is None:
            return
        changed = block.id != self.cursor
        before = self._cursor_block
        self.cursor = block.id
        if scroll:
            self._scroll_cursor_into_view()
        # The two blocks, not the grid: a scroll repaints the whole of it anyway.
        self._refresh_block(before)
        self._refresh_block(block)
        if changed:
            self.cursor_moved.publish(self.cursor)
            self.post_message(self.Highlighted(self, self.cursor))

    @property
    def _cursor_block(self) -> Block | None:
        return self.grid_layout.block(self.cursor or "")

    def action_move(self, across: int, down: int) -> None:
        block = self._cursor_block
        if block is None:
            self._move_to(self.grid_layout.first_at_or_after(0))
            return
        if down:
            self._move_to(self.grid_layout.below(block) if down > 0 else self.grid_layout.above(block))
        else:
            self._move_to(self.grid_layout.beside(block, across))

    def action_page(self, step: int) -> None:
        """The view a page on, and the cursor to its room's block a page on (at least
        the next one)."""
        block = self._cursor_block
        if block is None:
            return
        target = self.grid_layout.paged(block, step * self._page)
        if target is None:
            return
        page_top = max(0, min(round(self.scroll_y) + step * self._page, self.grid_layout.lines - self._page))
        if target.top < page_top + self._page and target.bottom > page_top:
            # On the next page, if only its end: its title is drawn on the page's first line.
            self.scroll_to(y=page_top, animate=False, immediate=True, force=True)
            self._move_to(target, scroll=False)
        else:
            self._jumped = True  # beyond the next page: shown a third of the way down, as from afar
            self._move_to(target)

    def action_first(self) -> None:
        self._move_to(self.grid_layout.first_at_or_after(0))

    def action_last(self) -> None:
        last = max(self.grid_layout.blocks, key=lambda b: (b.top, -b.column), default=None)
        self._move_to(last)

    def action_select(self) -> None:
        if self.cursor is not None:
            self.post_message(self.Selected(self, self.cursor))

    def action_zoom(self, step: int) -> None:
        shown_zoom = ZOOM_MINUTES.index(self.grid_layout.minutes)
        zoom = zoomed(shown_zoom, step)
        if zoom == shown_zoom:
            which = "closest" if step < 0 else "widest"
            self.notify(f"{self.minutes_per_line} minutes a line is the {which} zoom.", title="Zoom")
            return
        made = None
        if self.sessions:
            made = self._made_at(self.sessions, zoom, as_drawn=step > 0)
            if step > 0 and (made[0].drift > MAX_DRIFT or made[0].minutes != ZOOM_MINUTES[zoom]):
                self.notify(f"{self.minutes_per_line} minutes a line is the widest here: wider, talks that "
                            "follow each other would be drawn off their times.", title="Zoom")
                return
        self.set_zoom(zoom, made)
        self.post_message(self.Zoomed(self, zoom))

    def action_zoom_reset(self) -> None:
        if self.zoom != DEFAULT_ZOOM:
            self.set_zoom(DEFAULT_ZOOM)
            self.post_message(self.Zoomed(self, DEFAULT_ZOOM))

    def set_zoom(self, zoom: int, made: Made | None = None) -> None:
        """Draw at `zoom` (or the widest closer one that keeps blocks near their times;
        `made`: that layout, made already)."""
        if zoom == self.zoom:
            return
        left, left_made = self.zoom, (self.grid_layout, self._alternate)
        self.zoom = zoom
        self._lay_out(made)
        if self.day is not None and self.sessions and self._ahead_for(self.sessions, self.zone, left) is None:
            self._make_ahead(self.sessions, self.zone, left, left_made)  # for the key back
        self._zooms_ahead()
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < HEADER_LINES or offset.x < TIME_WIDTH:
            return
        line = round(self.scroll_y) + offset.y - HEADER_LINES
        across = round(self.scroll_x) + offset.x - TIME_WIDTH
        width = self._column_width
        column = across // width
        if column >= len(self.grid_layout.columns):
            return
        block = self.grid_layout.block_at(column, line, across % width, width - 1)
        if block is None:
            return
        event.stop()
        if block.id == self.cursor:
            self.action_select()
        else:
            self._move_to(block)

    def watch_has_focus(self, has_focus: bool) -> None:
        """Not restyled, the cursor's block repainted (see DayTable.watch_has_focus)."""
        self._refresh_block(self.grid_layout.block(self.cursor or ""))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def _style(self, *components: str) -> Style:
        """The widget's style plus the components', looked up once."""
        if components not in self._styles:
            style = self.rich_style
            for component in components:
                # on-now only adds to a block's look (bold): none of its own background
                style += self.get_component_rich_style(component, partial=component == "day-grid--on-now")
            self._styles[components] = style
        return self._styles[components]

    # -- drawing -------------------------------------------------------------------

    def _now(self, context: GridContext) -> tuple[list[int], int | None, datetime]:
        """The columns the now-line crosses, its line, and now in UTC."""
        if self._now_layout is not self.grid_layout or self._now_moment != context.now:
            columns = self.grid_layout.now_columns(context.now)
            line = self.grid_layout.line_of(context.now, columns[0]) if columns else None
            self._now_layout, self._now_moment = self.grid_layout, context.now
            self._now_at = (columns, line, utc(context.now))
        return self._now_at

    def render_line(self, y: int) -> Strip:
        region, _, top = self.in_view
        width = region.width
        if y < HEADER_LINES:
            return self._header(width)
        if not self.grid_layout.blocks:
            at = y - HEADER_LINES
            if at < len(self.empty_lines):
                style = self._style("day-grid--empty")
                return Strip([Segment(f" {self.empty_lines[at]}", style)]).extend_cell_length(
                    width, style).crop(0, width)
            return Strip.blank(width, self._style())
        line = top + y - HEADER_LINES
        if line >= self.grid_layout.lines:
            return Strip.blank(width, self._style())
        context = self.context
        assert context is not None
        now_columns, now_line, _ = self._now(context)
        on_now_line = now_columns if line == now_line else []
        segments = [self._time_label(line, context, on_now_line[0] if on_now_line else None)]
        segments += self._columns_on(line, self._whole_columns(width - TIME_WIDTH), context, on_now_line,
                                     top_line=top)
        return Strip(segments).extend_cell_length(width, self._style()).crop(0, width)

    def _header(self, width: int) -> Strip:
        style = self._style("day-grid--header")
        corner = f"{self.minutes_per_line} min"
        segments = [Segment(fitted(corner, TIME_WIDTH - 1) + " ", style)]
        available = self._whole_columns(width - TIME_WIDTH)
        first, last, skip = self._visible_columns(available)
        names: list[Segment] = []
        for column in range(first, last):
            room = self.grid_layout.columns[column]
            if self.grid_layout.days:
                name = day_label(self.grid_layout.days[column])
            elif room is not NO_ROOM:
                name = shown(room)
            else:
                name = NO_ROOM_LABEL if len(self.grid_layout.columns) > 1 else ALL_SESSIONS_LABEL
            names.append(Segment(" " + fitted(name, self._column_width - 2) + " ", style))
        segments += _cropped(names, skip, available, style)
        return Strip(segments).extend_cell_length(width, style).crop(0, width)

    def _whole_columns(self, available: int) -> int:
        """The cells the columns take: whole columns only, while the view is scrolled to
        a column's edge (the keys keep it so; the wheel may not)."""
        width = self._column_width
        if available < width or self.in_view.left % width:
            return available
        return available - available % width

    def _visible_columns(self, available: int) -> tuple[int, int, int]:
        """The columns in view (first, past the last) and the cells of the first scrolled off."""
        left = self.in_view.left
        width = self._column_width
        first = left // width
        last = min(len(self.grid_layout.columns), -(-(left + available) // width))
        return first, last, left - first * width

    def _time_label(self, line: int, context: GridContext, now_column: int | None) -> Segment:
        """The time a line starts by the clock (of the display zone), on the whole half
        hour (or each line, zoomed out), with "+1" past midnight; on the now-line (in
        `now_column`), the time now, "+1" when past that column's day."""
        if now_column is not None:
            day = self.grid_layout.day_of(now_column)
            label = NOW_MARK + _clock(wall_seconds(context.now, day, self.grid_layout.zone) // 60)
            return Segment(fitted(label, TIME_WIDTH), self._style("day-grid--now"))
        minute = self.grid_layout.minute_of(line)
        every = max(30, self.minutes_per_line)
        if line and minute % every >= self.minutes_per_line:
            return Segment(" " * TIME_WIDTH, self._style("day-grid--time"))
        return Segment(fitted(_clock(minute), TIME_WIDTH), self._style("day-grid--time"))

    def _columns_on(self, line: int, available: int, context: GridContext, now_columns: list[int],
                    top_line: int) -> list[Segment]:
        first, last, skip = self._visible_columns(available)
        width = self._column_width
        segments: list[Segment] = []
        for column in range(first, last):
            now = column in now_columns
            gap_style = self._style("day-grid--now") if now else self._style()
            gap = NOW_LINE if now else " "
            at = 0
            for block in sorted(self.grid_layout.blocks_at(column, line), key=lambda b: b.lane):
                left, right = block.span(width - 1)
                if left > at:
                    segments.append(Segment(gap * (left - at), gap_style))
                segments.append(self._block_cells(block, line, right - left, context, top_line))
                at = right
            segments.append(Segment(gap * (width - at), gap_style))
        return _cropped(segments, skip, available, self._style())

    def _block_cells(self, block: Block, line: int, width: int, context: GridContext,
                     top_line: int) -> Segment:
        """One line of a block: the title on its first line in view, then the speakers."""
        session = block.session
        components = ["day-grid--break" if session.is_break else
                      "day-grid--block-alt" if self._alternate.get(block.id) else "day-grid--block"]
        if context.matches is not None and block.id not in context.matches:
            # Dimmed, each on its own dim background: two that meet still read as two.
            components = ["day-grid--dimmed-alt" if self._alternate.get(block.id) else "day-grid--dimmed"]
        elif context.matches is not None:
            components.append("day-grid--match")
        if block.id == self.cursor:
            components.append("day-grid--cursor" if self.has_focus else "day-grid--cursor-blurred")
        on_now = session.start_utc <= self._now(context)[2] < session.end_utc
        if on_now:
            components.append("day-grid--on-now")
        style = self._style(*components)
        shown_from = max(block.top, top_line)
        if line == shown_from:
            marks = (STAR if block.id in context.bookmarks else "") + (NOW_MARK if on_now else "")
            text = f"{marks} {shown(session.title)}" if marks else shown(session.title)
        elif line == shown_from + 1 and (people := people_label(self.agenda, session)):
            text = people
        else:
            return Segment((BREAK_FILL if session.is_break else " ") * width, style)
        return Segment(fitted(" " + text, width), style)


def _clock(minute: int) -> str:
    """'09:30' for a minute since its day's midnight; '00:30+1' past the next, '22:00-1'
    before it (a day shown far to the west)."""
    days, minute = divmod(minute, 24 * 60)
    return f"{minute // 60:02}:{minute % 60:02}" + ("+1" if days > 0 else "-1" if days < 0 else "")


def _cropped(segments: list[Segment], skip: int, width: int, style: Style) -> list[Segment]:
    """The segments from cell `skip` on, `width` cells in all."""
    strip = Strip(segments).crop(skip, skip + width)
    return list(strip.extend_cell_length(width, style))
