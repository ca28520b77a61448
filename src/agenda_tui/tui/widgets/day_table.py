"""The sessions of a day as a table: time, bookmark star, kind, title, room, people, track;
and, for search results from several days, the day of each. A session that changed since
the user last looked has a badge before its title.

A virtual table: it keeps the list of sessions and draws only the lines on screen, so
showing or filtering thousands of sessions costs a list assignment, not a widget per row
(Textual's DataTable measures every cell of every row it is given).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from types import MappingProxyType

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.signal import Signal
from textual.strip import Strip

from agenda_tui.formatting import kind_label, people_label, time_range
from agenda_tui.model import Agenda, Session, utc
from agenda_tui.schedule import rooms
from agenda_tui.text import shown
from agenda_tui.tui.detail_text import NOW_MARK, STAR
from agenda_tui.tui.messages import message_fields
from agenda_tui.tui.textual_private import (
    SizeHookScrollView,
    drawn_by_this_layout,
    update_scrollbars_now,
    use_plain_lines_styles_cache,
)

LATEST_FIRST_MARK = "▼"
FIXED_COLUMNS = (("time", "Time", 12), ("star", STAR, 1), ("kind", "Kind", 8))
DAY_MARK_WIDTH = 3  # " +1" after a time past midnight
NARROW_ROOM = ("room", "Room", 14)
MIN_TITLE_WITH_ROOM = 30  # narrower, and the title alone is more use than room and title
DAY_COLUMN = ("day", "Day", 6)  # "Sat 1": shown for search results, which span days
CELL_PADDING = 2  # one column of space on either side of each cell
HEADER_LINES = 1
# Lines drawn lately, kept across day switches: a screen of each of several days, or
# several screens of one.
LINES_CACHED = 600
# The badge of each kind of change (diff.kinds_by_session), in words: not by colour alone.
BADGES = {"added": "NEW", "moved": "MOVED", "retitled": "RENAMED"}
BADGE_STYLES = {"added": "bold reverse green", "moved": "bold reverse yellow",
                "retitled": "bold reverse cyan"}
NO_CHANGES: Mapping[str, tuple[str, ...]] = MappingProxyType({})


def badge(kinds: Iterable[str]) -> str:
    """'MOVED+RENAMED' for ("moved", "retitled"); '' for none."""
    return "+".join(BADGES[kind] for kind in kinds)


def column_widths(table_width: int, *, rooms: bool, tracks: bool,
                  day_marks: bool = False, days: bool = False) -> list[tuple[str, str, int]]:
    """Fixed columns (the day first, with `days`), then the title, then as many of room,
    people and track as fit.

    Narrow tables show the title alone: the detail pane beside or below says the rest;
    but where there are rooms, the room takes the place of the kind (which says "Talk"
    on almost every row): between talks, where to go is what people look for.
    """
    leading = [DAY_COLUMN, *FIXED_COLUMNS] if days else list(FIXED_COLUMNS)
    if day_marks:  # the times carry "+1": wider, so that it is not cut off
        at = 1 if days else 0
        key, label, width = leading[at]
        leading[at] = (key, label, width + DAY_MARK_WIDTH)
    fixed = sum(width for *_, width in leading) + CELL_PADDING * len(leading)
    spare = max(0, table_width - fixed - 2)  # 2: the vertical scrollbar
    optional = [("room", "Room", 0.2)] if rooms else []
    optional.append(("people", "People", 0.3))
    if tracks:
        optional.append(("track", "Track", 0.18))
    # Extra columns once the title can keep about 40 cells beside them.
    chosen = optional[: sum(spare >= needed for needed in (60, 85, 115))]
    swap_cost = NARROW_ROOM[2] - FIXED_COLUMNS[-1][2]
    if rooms and not chosen and spare - swap_cost >= MIN_TITLE_WITH_ROOM:
        leading[-1] = NARROW_ROOM
        spare -= swap_cost
    shares = {key: share for key, _, share in chosen}
    title = spare - sum(int(spare * share) for share in shares.values())
    # What is left, however little: the table does not scroll sideways, so a wider title
    # column would run off the right edge, cut there without its ellipsis.
    columns = [*leading, ("title", "Title", max(1, title - CELL_PADDING))]
    columns += [(key, label, int(spare * share) - CELL_PADDING) for key, label, share in chosen]
    return columns


NO_SESSIONS = "No sessions to show."


# A drawn line's: the columns, the session's id, the day it is listed under (search results).
_LineKey = tuple[tuple[tuple[str, str, int], ...], str, date | None]


@dataclass(frozen=True)
class RowContext:
    """What a row's cells depend on besides the session itself."""

    zone: tzinfo
    now: datetime
    bookmarks: frozenset[str]
    change_kinds: Mapping[str, tuple[str, ...]]


class DayTable(SizeHookScrollView, can_focus=True):
    """Rows are sessions; breaks dimmed; the session on now marked; a row cursor."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]
    COMPONENT_CLASSES = {
        "day-table--header",
        "day-table--even-row",
        "day-table--cursor",
        "day-table--cursor-blurred",
        "day-table--empty",
    }

    cursor_row: reactive[int] = reactive(0, always_update=False, init=False)
    rows_in_time_order = True  # a day's rows are (not the Now view's: by room)

    @message_fields
    class Highlighted(Message):
        """The cursor moved to another session (None: the table is empty)."""

        table: DayTable
        session_id: str | None

    @message_fields
    class Selected(Message):
        """Enter, or a click on the highlighted row."""

        table: DayTable
        session_id: str

    def __init__(self, agenda: Agenda, *, id: str | None = None):
        super().__init__(id=id)
        # The cursor's session, told in the step that moves the cursor (Highlighted, a
        # message, comes after the frame that shows the move).
        self.cursor_moved: Signal[str | None] = Signal(self, "cursor_moved")
        self.agenda = agenda
        self.sessions: list[Session] = []
        self._given: list[Session] = []  # the rows as given (shown so, unless latest first)
        # What an empty table says, line by line (why it is empty, where the tab knows).
        self.empty_lines: tuple[str, ...] = (NO_SESSIONS,)
        self.latest_first = False  # the Time header clicked: each day from its latest
        self._rows_context: RowContext | None = None
        self._columns: list[tuple[str, str, int]] = []
        self._columns_key: tuple[tuple[str, str, int], ...] = ()  # the columns, as a cache key
        self._day_marks = False
        self._has_rooms = len(rooms(agenda)) > 1
        self._row_of: dict[str, int] | None = None
        self._day_of: Mapping[str, date] | None = None  # each row's day, shown: search results
        # The segments of lines drawn lately, by what a line shows besides the rows'
        # context: the columns, the session, and the day it is listed under in search
        # results (an all-day session spanning days is listed under the day searched
        # from). Days differ in their columns (a day with times after midnight has a
        # wider time column), so a day switch must not throw away the other days' lines.
        # Kept as plain segments, not Strips, which each carry seven caches: every object
        # kept here is one more for each full pass of the garbage collector to walk.
        # A day's rows and a search's results are kept apart: the many lines a search
        # draws as it is typed do not push out the days' (drawn ahead: DayTab).
        self._day_lines: LRUCache[_LineKey, list[Segment]] = LRUCache(LINES_CACHED)
        self._found_lines: LRUCache[_LineKey, list[Segment]] = LRUCache(LINES_CACHED)
        # Counts each line kept or dropped: unchanged, the lines kept are the same ones.
        self.kept_lines_version = 0
        self._styles: dict[str | None, Style] = {}
        # The line last drawn at each line of the screen: what it showed (a row's segments,
        # kept above; the header's columns), its style and width, and the line.
        self._drawn_at: dict[int, tuple[object, Style, int, Strip]] = {}
        self._laid_out = Size(0, 0)
        self._cursor_scroll_owed = False  # the cursor moved while the table had no size
        self._cursor_forgotten = False
        # Its lines go through no border, padding or tint of Textual's, which a table has
        # not: at a new day, a search keystroke or a scroll, Textual's passing each line
        # through them took longer than drawing the rows. tests/tui/test_day_table_lines.py
        # compares what it draws with what Textual would.
        use_plain_lines_styles_cache(self)

    # -- rows ----------------------------------------------------------------

    def show(self, sessions: Iterable[Session], *, zone: tzinfo, now: datetime,
             bookmarks: Set[str], days: Mapping[str, date] | None = None,
             day_marks: bool = False,
             change_kinds: Mapping[str, tuple[str, ...]] = NO_CHANGES) -> None:
        """Replace the rows with `sessions`, given in time order or, with `days` (each
        session's day, by id, shown in a Day column: search results), day by day (a list
        is kept, not copied: it must not change after); keep the cursor on the same
        session where it stays, else (a day's rows, its room hidden) on the first that
        starts at or after it. `day_marks`: some of the times in `zone` carry "+1" (the
        time column widens for it). Latest first (the Time header) shows each day's rows
        from the latest, the days in the order given."""
        was_on = None if self._cursor_forgotten or not self.sessions else self.sessions[
            self._clamped(self.cursor_row)]
        self._cursor_forgotten = False
        # To the minute (sessions start and end on one): a clock read at every keystroke
        # would otherwise make every drawn line stale at every keystroke.
        context = RowContext(zone, now.replace(second=0, microsecond=0), frozenset(bookmarks), change_kinds)
        # A list is kept as it is given (the table never changes it; nor may the caller,
        # after): a search at 100,000 sessions gives a list that long at each keystroke,
        # and each copy of it is one more the garbage collector walks through.
        given = sessions if isinstance(sessions, list) else list(sessions)
        rows = _latest_first(given, days) if self.latest_first else given
        if (context == self._rows_context and days is self._day_of and day_marks == self._day_marks
                and same_sessions(rows, self.sessions)):
            return  # a search keystroke that leaves the same rows: nothing to redraw
        if context != self._rows_context:
            self._forget_lines()
            self._rows_context = context
        if (days is None) != (self._day_of is None) or day_marks != self._day_marks:
            self._day_of, self._day_marks = days, day_marks
            self._set_columns()
        self._day_of = days
        self._given, self.sessions = given, rows
        self._row_of = None  # built when asked: a search keystroke needs only the cursor's row
        self._update_virtual_size()
        row = None if was_on is None else _row_of_session(rows, was_on, self.agenda)
        by_time = days is None and self.rows_in_time_order and not self.latest_first
        if row is None and was_on is not None and by_time:
            row = next((row for row, session in enumerate(rows) if session.start_utc >= was_on.start_utc),
                       len(rows) - 1)
        self.set_reactive(DayTable.cursor_row, self._clamped(row or 0))
        self._scroll_cursor_into_view()
        self.refresh()

    def forget_cursor(self) -> None:
        """The next rows shown (another day's) start at the first: the session the cursor
        is on now is not looked for among them (at every row of a big day)."""
        self._cursor_forgotten = True

    def explain_empty(self, lines: tuple[str, ...]) -> None:
        """What to say when there is no row (text already made safe to show)."""
        if lines != self.empty_lines:
            self.empty_lines = lines
            if not self.sessions:
                self.refresh()

    @property
    def row_count(self) -> int:
        return len(self.sessions)

    def row_of(self, session_id: str) -> int | None:
        if self._row_of is None:
            self._row_of = {session.id: row for row, session in enumerate(self.sessions)}
        return self._row_of.get(session_id)

    def __contains__(self, session_id: object) -> bool:
        return isinstance(session_id, str) and self.row_of(session_id) is not None

    @property
    def current_session_id(self) -> str | None:
        if not self.sessions:
            return None
        return self.sessions[self._clamped(self.cursor_row)].id

    def select_session(self, session_id: str, *, row_hint: int | None = None) -> bool:
        """Put the cursor on the session; whether it is listed. `row_hint`: where it was
        (looked at first: finding a row by its session is a look through every row, at
        the first of a big day's)."""
        row: int | None = row_hint
        if row is None or not 0 <= row < len(self.sessions) or self.sessions[row].id != session_id:
            row = self.row_of(session_id)
        if row is None:
            return False
        self.cursor_row = row
        return True

    def set_star(self, session_id: str, bookmarked: bool) -> None:
        if self._rows_context is None:
            return
        bookmarks = set(self._rows_context.bookmarks)
        (bookmarks.add if bookmarked else bookmarks.discard)(session_id)
        self._rows_context = replace(self._rows_context, bookmarks=frozenset(bookmarks))
        for lines in (self._day_lines, self._found_lines):
            # (an LRUCache has keys, but cannot be iterated)
            for key in [key for key in lines.keys() if key[1] == session_id]:  # noqa: SIM118
                lines.discard(key)
                self.kept_lines_version += 1
        if (row := self.row_of(session_id)) is not None:
            self._refresh_row(row)

    def _forget_lines(self) -> None:
        """Drop every line kept: what each row shows has changed."""
        self._day_lines.clear()
        self._found_lines.clear()
        self.kept_lines_version += 1

    def get_row_at(self, row: int) -> list[Text]:
        """The cells of a row, as shown (before cropping to the column widths)."""
        return self._cells(self.sessions[row], self._columns)

    @property
    def column_labels(self) -> list[str]:
        return [label for _, label, _ in self._columns]

    def _cells(self, session: Session, columns: Sequence[tuple[str, str, int]]) -> list[Text]:
        """Each cell's text and style (a Rich style string), in the order of `columns`."""
        context = self._rows_context
        assert context is not None
        style = "dim" if session.is_break else ""
        on_now = not session.all_day and session.start_utc <= utc(context.now) < session.end_utc
        track = self.agenda.tracks_by_id.get(session.track) if session.track else None
        day_of = self._day_of
        cells: dict[str, Callable[[], tuple[str, str]]] = {
            "day": lambda: (_short_day(day_of[session.id]) if day_of and session.id in day_of else "", style),
            "time": lambda: (f"{NOW_MARK if on_now else ' '}{time_range(session, context.zone, '–')}",
                             "bold" if on_now else style),
            "star": lambda: (STAR if session.id in context.bookmarks else " ", "bold yellow"),
            "kind": lambda: (kind_label(session), style),
            "title": lambda: (shown(session.title), style),
            "room": lambda: (shown(session.location), style),
            "people": lambda: (people_label(self.agenda, session), style),
            "track": lambda: (shown(track.title) if track else "", style),
        }
        kinds = context.change_kinds.get(session.id)
        return [_with_badge(kinds, Text(*cells[key]())) if key == "title" and kinds else Text(*cells[key]())
                for key, *_ in columns]

    # -- geometry --------------------------------------------------------------

    def size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                     layout: bool = True) -> bool:
        """Every new size passes here, in the layout, before the frame is drawn: the
        columns are fitted to it here, so that the frame that first shows the table
        (the app's very first, or a tab's first showing) has its rows. Fitted in the
        Resize event instead, the table would be drawn empty in that frame, and filled a
        frame later; and Textual (8.2.8) sends Resize only to widgets whose region
        differs from its last map, which a region lookup after a layout change (opening
        the search box makes the table shorter) rebuilds early."""
        # Textual passes a scroll view without children the size of its viewport as its
        # virtual size. That is not the table's own (its rows), so every layout redid the
        # scrollbars and asked for a second paint after it: a keystroke in the search box
        # cost two. The scrollbars follow the table's own size where that changes (below).
        resized = super().size_updated(size, self.virtual_size, container_size, layout)
        if size != self._laid_out and size:
            self._laid_out = size
            self._set_columns()
            self._update_virtual_size()
            self._scroll_cursor_into_view()
            if layout:
                drawn_by_this_layout(self)  # (its scrollbars fitted: not a paint more)
        elif size and self._cursor_scroll_owed:
            self._scroll_to_cursor()  # shown again at its size: in the layout that shows it
            if layout:
                drawn_by_this_layout(self)
        return resized

    def _set_columns(self) -> None:
        """The columns for the table's width; a day column while the rows have days."""
        if not self._laid_out:
            return  # worked out at the first resize
        self._use_columns(self._columns_for(days=self._day_of is not None, day_marks=self._day_marks))

    def _columns_for(self, *, days: bool, day_marks: bool) -> list[tuple[str, str, int]]:
        # The width it was laid out at: while hidden (a grid day), its size is none, and
        # shown again at that width it is not laid out again.
        return column_widths(self._laid_out.width, rooms=self._has_rooms, tracks=bool(self.agenda.tracks),
                             days=days, day_marks=day_marks)

    def _use_columns(self, columns: list[tuple[str, str, int]]) -> None:
        """Draw in these columns from now on (the lines drawn in others are kept)."""
        if columns != self._columns:
            self._columns, self._columns_key = columns, tuple(columns)
            self.refresh()

    def _update_virtual_size(self) -> None:
        virtual_size = Size(self.size.width, len(self.sessions) + HEADER_LINES)
        if virtual_size == self.virtual_size:
            return
        if self.is_mounted and self.size:
            # Without a layout of the screen (each search keystroke changes the rows): the
            # scrollbars follow in this paint, and only a scrollbar shown or hidden lays out.
            self.set_reactive(ScrollView.virtual_size, virtual_size)
            update_scrollbars_now(self, virtual_size)
        else:
            self.virtual_size = virtual_size

    @property
    def _page(self) -> int:
        """Rows in view below the header."""
        return max(1, self.scrollable_content_region.height - HEADER_LINES)

    def _clamped(self, row: int) -> int:
        return max(0, min(row, len(self.sessions) - 1))

    def scroll_back(self, x: float, y: float, *, resized: bool = False) -> None:
        """Scroll to where the user left the table, then keep the cursor's row on screen
        (the rows or the size may have changed since): see `scroll_back`."""
        scroll_back(self, x, y, laid_out=bool(self.size.height or self._laid_out.height), resized=resized,
                    keep_cursor_in_view=self._scroll_to_cursor)

    def _scroll_cursor_into_view(self) -> None:
        """Now, or (before the first layout, or while hidden behind another tab, when the
        table has no size) in the layout that gives it one, before that frame is drawn.
        Left until after that frame, the first showing of another day from the Now view
        drew the day's rows where the last day was scrolled, then a frame later at its
        cursor."""
        if self.size.height:
            self._scroll_to_cursor()
        else:
            self._cursor_scroll_owed = True

    def _scroll_to_cursor(self) -> None:
        self._cursor_scroll_owed = False
        # force: Textual scrolls only while the scrollbar is shown, which a table not sized
        # yet has not decided (`_update_virtual_size` decides it once there is a size).
        # The position is still kept within the rows.
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True, force=True)
        elif self.cursor_row >= top + self._page:
            self.scroll_to(y=self.cursor_row - self._page + 1, animate=False, immediate=True, force=True)

    def _refresh_row(self, row: int) -> None:
        y = row - round(self.scroll_y) + HEADER_LINES
        if HEADER_LINES <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    # -- the cursor --------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        return self._clamped(row)

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_cursor_into_view()
        self.cursor_moved.publish(self.current_session_id)
        self.post_message(self.Highlighted(self, self.current_session_id))

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_page_up(self) -> None:
        self.cursor_row -= self._page

    def action_page_down(self) -> None:
        self.cursor_row += self._page

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = len(self.sessions) - 1

    def action_select(self) -> None:
        if (session_id := self.current_session_id) is not None:
            self.post_message(self.Selected(self, session_id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y < HEADER_LINES:
            if self._column_at(offset.x) == "time":
                self._flip_order()
            return
        row = round(self.scroll_y) + offset.y - HEADER_LINES
        if row >= len(self.sessions):
            return
        event.stop()
        if row == self.cursor_row:
            self.action_select()
        else:
            self.cursor_row = row

    def _column_at(self, x: int) -> str | None:
        left = 0
        for key, _, width in self._columns:
            left += width + CELL_PADDING
            if x < left:
                return key
        return None

    def _flip_order(self) -> None:
        """Clicking the Time header flips between earliest and latest first."""
        self.latest_first = not self.latest_first
        self.refresh(Region(0, 0, self.size.width, HEADER_LINES))  # its mark, whatever the rows
        if self._rows_context is not None:
            context = self._rows_context
            self.show(self._given, zone=context.zone, now=context.now, bookmarks=set(context.bookmarks),
                      days=self._day_of, day_marks=self._day_marks, change_kinds=context.change_kinds)

    def watch_has_focus(self, has_focus: bool) -> None:
        """Not restyled, as Textual's watcher would (the table, its scrollbars and all its
        components): none of its styles depends on the focus (no `:focus` rule, which
        would not be applied: tests/tui/test_focus_look.py), and it draws the cursor in
        the look for the focus it has. The cursor's row is repainted (Textual repaints
        the whole widget too, as it gains or loses the focus)."""
        self._refresh_row(self.cursor_row)

    def notify_style_update(self) -> None:
        """Styles changed (theme, CSS): look them up again at the next line."""
        super().notify_style_update()
        self._styles.clear()

    def _style(self, component: str | None = None) -> Style:
        """The widget's style, plus a component's; looked up once, not for every line."""
        if component not in self._styles:
            style = self.rich_style
            if component is not None:
                style += self.get_component_rich_style(component)
            self._styles[component] = style
        return self._styles[component]

    # -- drawing ---------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        in_view = self.in_view
        width = in_view.region.width
        base = self._style()
        if y < HEADER_LINES:
            header = (self._columns_key, self.latest_first)
            return self._drawn(y, header, self._style("day-table--header"), width, self._header)
        row = in_view.top + y - HEADER_LINES
        if not self.sessions:
            if HEADER_LINES <= y < HEADER_LINES + len(self.empty_lines):
                message = Strip([Segment(f" {self.empty_lines[y - HEADER_LINES]}")])
                style = self._style("day-table--empty")
                return message.apply_style(style).extend_cell_length(width, style).crop(0, width)
            return Strip.blank(width, base)
        if row >= len(self.sessions):
            return Strip.blank(width, base)
        if row == self.cursor_row:
            style = self._style("day-table--cursor" if self.has_focus else "day-table--cursor-blurred")
        elif row % 2:
            style = self._style("day-table--even-row")
        else:
            style = base
        session = self.sessions[row]
        key = (self._columns_key, session.id, None if self._day_of is None else self._day_of.get(session.id))
        kept = self._day_lines if self._day_of is None else self._found_lines
        line = kept.get(key)
        if line is None:
            line = kept[key] = self._row_line(session, self._columns)
            self.kept_lines_version += 1
        return self._drawn(y, line, style, width, lambda: line)

    def _drawn(self, y: int, shows: object, style: Style, width: int,
               draw_segments: Callable[[], list[Segment]]) -> Strip:
        """The line at `y`: as drawn there last if it showed the same (`shows`: a row's
        segments, the header's columns), in the same style and width; else drawn now,
        from the segments `draw_segments` gives."""
        drawn = self._drawn_at.get(y)
        if drawn is not None and drawn[0] == shows and drawn[1] == style and drawn[2] == width:
            return drawn[3]
        strip = self._fill(draw_segments(), style, width)
        self._drawn_at[y] = (shows, style, width, strip)
        return strip

    def _header(self) -> list[Segment]:
        # Latest first says so on the Time header (clicked to flip it).
        return self._line([Text(f"{label} {LATEST_FIRST_MARK}" if key == "time" and self.latest_first
                                else label) for key, label, _ in self._columns], self._columns)

    def draw_ahead(self, rows: Sequence[Session], *, day_marks: bool) -> Iterator[None]:
        """Draw the lines of `rows` not drawn yet, a line a step, in the columns a day's
        rows take with `day_marks` (see `show`), and keep them: the rows another day's
        tab will first show, drawn between keys, so that showing it costs no more than
        showing it again. Nothing before the table's first layout."""
        if self._rows_context is None or not self._laid_out:
            return
        columns = self._columns_for(days=False, day_marks=day_marks)
        columns_key = tuple(columns)
        for session in rows:
            key = (columns_key, session.id, None)
            if key not in self._day_lines:
                self._day_lines[key] = self._row_line(session, columns)
                self.kept_lines_version += 1
                yield

    def _row_line(self, session: Session, columns: Sequence[tuple[str, str, int]]) -> list[Segment]:
        """A session's row in `columns`, as segments."""
        return self._line(self._cells(session, columns), columns)

    def _line(self, cells: list[Text], columns: Sequence[tuple[str, str, int]]) -> list[Segment]:
        """Cells cut or padded to their columns' widths, with a space on either side.

        Built as segments straight away: Rich's Text.render would wrap and justify
        each row first, which costs more than everything else in drawing it."""
        segments: list[Segment] = []
        for cell, (_, _, width) in zip(cells, columns, strict=True):
            if cell.spans:  # a badge: a style of its own
                cut = cell.copy()
                cut.truncate(width, overflow="ellipsis", pad=True)
                segments += Text(" ", cell.style).append_text(cut).append(" ").render(self.app.console)
            else:
                segments.append(Segment(f" {fitted(cell.plain, width)} ", Style.parse(str(cell.style))))
        return segments

    def _fill(self, line: list[Segment], style: Style, width: int) -> Strip:
        """A line in the row's style, exactly `width` cells wide."""
        length = sum(column_width + CELL_PADDING for *_, column_width in self._columns)
        segments = list(Segment.apply_style(line, style))
        if length < width:
            segments.append(Segment(" " * (width - length), style))
        strip = Strip(segments, max(length, width))
        return strip.crop(0, width) if length > width else strip


def _latest_first(rows: list[Session], days: Mapping[str, date] | None) -> list[Session]:
    """`rows` (a day's in time order; with `days`, search results, day by day) from the
    latest: each day's from its latest start, the days in their order. Rows that start
    together come in reverse, as a day's list turned round has them."""
    if days is None:
        return rows[::-1]
    return [session for _, run in itertools.groupby(rows, key=lambda session: days.get(session.id))
            for session in sorted(list(run)[::-1], key=lambda session: session.start_utc, reverse=True)]


def scroll_back(view: ScrollView, x: float, y: float, *, laid_out: bool, resized: bool,
                keep_cursor_in_view: Callable[[], None]) -> None:
    """Scroll `view` (a day's table or grid) to where the user left it, then keep its
    cursor on screen. Shown in this step (hidden behind the other until now), or
    `resized` (its height changes in this step), its page is known once it is laid out:
    it is scrolled now, for the frame that shows it, and the cursor checked after that
    layout (a scroll then only if the cursor is off screen). Never `laid_out` yet, it is
    all done after its first layout."""
    if not laid_out:
        view.call_after_refresh(scroll_back, view, x, y, laid_out=True, resized=False,
                                keep_cursor_in_view=keep_cursor_in_view)
        return
    view.scroll_to(x, y, animate=False, immediate=True, force=True)
    if view.size.height and not resized:
        keep_cursor_in_view()
    else:
        view.call_after_refresh(keep_cursor_in_view)


def _row_of_session(rows: list[Session], session: Session, agenda: Agenda) -> int | None:
    """The row of `session` among `rows` (by id), None if it is not there. Looked for as
    the same object where `rows` and `session` are `agenda`'s, as a table's always are:
    reading each row's id means reading each session's memory, scattered, and at a
    search's 100,000 rows that is most of the work (bench/README.md)."""
    if agenda.sessions_by_id.get(session.id) is session:
        return next((row for row, each in enumerate(rows) if each is session), None)
    wanted = session.id
    return next((row for row, each in enumerate(rows) if each.id == wanted), None)


def same_sessions(these: list[Session], those: list[Session]) -> bool:
    """The same session objects in the same order (pydantic's == compares every field)."""
    return len(these) == len(those) and all(map(operator.is_, these, those))


def _short_day(day: date) -> str:
    return f"{day:%a} {day.day}"


def _with_badge(kinds: Sequence[str], title: Text) -> Text:
    """The title after the badge of how its session changed ('MOVED Keynote')."""
    return Text.assemble((badge(kinds), BADGE_STYLES[kinds[0]]), " ", title, style=title.style)


def fitted(text: str, width: int) -> str:
    """`text` cut to `width` cells (ending in an ellipsis) or padded to it."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, max(0, width - 1)) + "…"
    return set_cell_size(text, width)
