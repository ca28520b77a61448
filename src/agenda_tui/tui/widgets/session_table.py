"""The sessions of a day as a table: time, bookmark star, kind, title, room, people, track.

A virtual table: it keeps the list of sessions and draws only the lines on screen, so
showing or filtering thousands of sessions costs a list assignment, not a widget per row
(Textual's DataTable measures every cell of every row it is given).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from agenda_tui.formatting import kind_label, people_label, time_range
from agenda_tui.model import Agenda, Session, utc
from agenda_tui.text import shown
from agenda_tui.tui.view import NOW_MARK, STAR

FIXED_COLUMNS = (("time", "Time", 12), ("star", STAR, 1), ("kind", "Kind", 8))
CELL_PADDING = 2  # one column of space on either side of each cell
HEADER_LINES = 1


def column_widths(table_width: int, *, rooms: bool, tracks: bool) -> list[tuple[str, str, int]]:
    """Fixed columns, then the title, then as many of room, people and track as fit.

    Narrow tables show the title alone: the detail pane beside or below says the rest.
    """
    fixed = sum(width for *_, width in FIXED_COLUMNS) + CELL_PADDING * len(FIXED_COLUMNS)
    spare = max(0, table_width - fixed - 2)  # 2: the vertical scrollbar
    optional = [("room", "Room", 0.2)] if rooms else []
    optional.append(("people", "People", 0.3))
    if tracks:
        optional.append(("track", "Track", 0.18))
    # Extra columns once the title can keep about 40 cells beside them.
    chosen = optional[: sum(spare >= needed for needed in (60, 85, 115))]
    shares = {key: share for key, _, share in chosen}
    title = spare - sum(int(spare * share) for share in shares.values())
    columns = [*FIXED_COLUMNS, ("title", "Title", max(16, title - CELL_PADDING))]
    columns += [(key, label, int(spare * share) - CELL_PADDING) for key, label, share in chosen]
    return columns


@dataclass(frozen=True)
class RowContext:
    """What a row's cells depend on besides the session itself."""

    zone: tzinfo
    now: datetime
    bookmarks: frozenset[str]


class SessionTable(ScrollView, can_focus=True):
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
        "session-table--header",
        "session-table--even-row",
        "session-table--cursor",
        "session-table--empty",
    }

    cursor_row: reactive[int] = reactive(0, always_update=False, init=False)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another session (None: the table is empty)."""

        table: SessionTable
        session_id: str | None

    @dataclass
    class Selected(Message):
        """Enter, or a click on the highlighted row."""

        table: SessionTable
        session_id: str

    def __init__(self, agenda: Agenda, *, id: str | None = None):
        super().__init__(id=id)
        self.agenda = agenda
        self.sessions: list[Session] = []
        self._descending = False
        self._rows_context: RowContext | None = None
        self._columns: list[tuple[str, str, int]] = []
        self._has_rooms = any(session.location for session in agenda.sessions)
        self._row_of: dict[str, int] | None = None
        self._line_cache: dict[str, Strip] = {}

    # -- rows ----------------------------------------------------------------

    def show(self, sessions: Iterable[Session], *, zone: tzinfo, now: datetime,
             bookmarks: set[str]) -> None:
        """Replace the rows with `sessions`, given in time order; keep the cursor on the
        same session where it stays."""
        current = self.current_session_id
        context = RowContext(zone, now, frozenset(bookmarks))
        if context != self._rows_context:
            self._line_cache.clear()
            self._rows_context = context
        self.sessions = list(sessions)[:: -1 if self._descending else 1]
        self._row_of = None
        self._update_virtual_size()
        row = self.row_of(current) if current is not None else None
        self.set_reactive(SessionTable.cursor_row, self._clamped(row or 0))
        self._scroll_cursor_into_view()
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

    def select_session(self, session_id: str) -> bool:
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
        self._rows_context = RowContext(self._rows_context.zone, self._rows_context.now, frozenset(bookmarks))
        self._line_cache.pop(session_id, None)
        if (row := self.row_of(session_id)) is not None:
            self._refresh_row(row)

    def get_row_at(self, row: int) -> list[Text]:
        """The cells of a row, as shown (before cropping to the column widths)."""
        return self._cells(self.sessions[row])

    @property
    def column_labels(self) -> list[str]:
        return [label for _, label, _ in self._columns]

    def _cells(self, session: Session) -> list[Text]:
        context = self._rows_context
        assert context is not None
        style = "dim" if session.is_break else ""
        on_now = session.start_utc <= utc(context.now) < session.end_utc
        time_text = f"{NOW_MARK if on_now else ' '}{time_range(session, context.zone, '–')}"
        track = self.agenda.tracks_by_id.get(session.track) if session.track else None
        cells = {
            "time": lambda: Text(time_text, style="bold" if on_now else style),
            "star": lambda: Text(STAR if session.id in context.bookmarks else " ", style="bold yellow"),
            "kind": lambda: Text(kind_label(session), style=style),
            "title": lambda: Text(shown(session.title), style=style),
            "room": lambda: Text(shown(session.location), style=style),
            "people": lambda: Text(people_label(self.agenda, session), style=style),
            "track": lambda: Text(shown(track.title) if track else "", style=style),
        }
        return [cells[key]() for key, *_ in self._columns]

    # -- geometry --------------------------------------------------------------

    def on_resize(self) -> None:
        columns = column_widths(self.size.width or 80, rooms=self._has_rooms,
                                tracks=bool(self.agenda.tracks))
        if columns != self._columns:
            self._columns = columns
            self._line_cache.clear()
        self._update_virtual_size()
        self._scroll_cursor_into_view()
        self.refresh()

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.sessions) + HEADER_LINES)

    @property
    def _page(self) -> int:
        """Rows in view below the header."""
        return max(1, self.scrollable_content_region.height - HEADER_LINES)

    def _clamped(self, row: int) -> int:
        return max(0, min(row, len(self.sessions) - 1))

    def _scroll_cursor_into_view(self) -> None:
        """Now, and again once the layout is known (before the first layout, the
        page height and the furthest scroll are not)."""
        self._scroll_to_cursor()
        self.call_after_refresh(self._scroll_to_cursor)

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + self._page:
            self.scroll_to(y=self.cursor_row - self._page + 1, animate=False, immediate=True)

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
        in_time_order = self.sessions[::-1] if self._descending else self.sessions
        self._descending = not self._descending
        if self._rows_context is not None:
            context = self._rows_context
            self.show(in_time_order, zone=context.zone, now=context.now, bookmarks=set(context.bookmarks))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- drawing ---------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y < HEADER_LINES:
            style = base + self.get_component_rich_style("session-table--header")
            return _fill(self._line([Text(label) for _, label, _ in self._columns]), style, width)
        row = round(self.scroll_y) + y - HEADER_LINES
        if not self.sessions:
            if y == HEADER_LINES:
                style = base + self.get_component_rich_style("session-table--empty")
                message = Text(" No sessions to show.")
                return _fill(Strip(list(message.render(self.app.console))), style, width)
            return Strip.blank(width, base)
        if row >= len(self.sessions):
            return Strip.blank(width, base)
        style = base
        if row % 2:
            style += self.get_component_rich_style("session-table--even-row")
        if row == self.cursor_row:
            style += self.get_component_rich_style("session-table--cursor")
        session = self.sessions[row]
        line = self._line_cache.get(session.id)
        if line is None:
            line = self._line_cache[session.id] = self._line(self._cells(session))
        return _fill(line, style, width)

    def _line(self, cells: list[Text]) -> Strip:
        """Cells cut or padded to their columns' widths, with a space on either side."""
        text = Text(no_wrap=True)
        for cell, (_, _, width) in zip(cells, self._columns, strict=True):
            text.append(" ")
            text.append_text(_fitted(cell, width))
            text.append(" ")
        return Strip(list(text.render(self.app.console)), text.cell_len)


def _fill(line: Strip, style: Style, width: int) -> Strip:
    """A line in the row's style, exactly `width` cells wide."""
    return line.apply_style(style).extend_cell_length(width, style).crop(0, width)


def _fitted(cell: Text, width: int) -> Text:
    """The cell cut to `width` cells (with an ellipsis) and padded to it."""
    cell = cell.copy()
    cell.truncate(width, overflow="ellipsis", pad=True)
    return cell

