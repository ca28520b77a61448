"""The Changes tab: what changed in the agenda since the user last looked.

Every change is shown in full at any width: the title and the detail share the width
left, and wrap onto more lines where they need them; a move that does not fit on one
line puts where it was and where it is now on lines of their own.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container
from textual.reactive import var
from textual.widgets import DataTable, Static

from agenda_tui.diff import Change, changed_sessions
from agenda_tui.formatting import plural
from agenda_tui.text import shown
from agenda_tui.tui import messages
from agenda_tui.tui.backdrop import Backdrop
from agenda_tui.tui.detail_text import STAR
from agenda_tui.tui.tabs import SessionsTab
from agenda_tui.tui.widgets.row_table import RowTable

KIND_STYLES = {"added": "green", "cancelled": "bold red", "moved": "yellow", "retitled": "cyan"}
CELL_PADDING = 2
SCROLLBAR = 2


def changes_columns(table_width: int) -> list[tuple[str, str, int]]:
    """The star and the kind of change, then the title and the detail in what is left."""
    fixed = [("star", STAR, 1), ("kind", "Change", 9)]
    spare = table_width - sum(width + CELL_PADDING for *_, width in fixed) - 2 * CELL_PADDING - SCROLLBAR
    spare = max(30, spare)
    title = max(12, min(48, int(spare * 0.4)))
    return [*fixed, ("title", "Title", title), ("detail", "Detail", spare - title)]


def detail_text(change: Change, width: int) -> Text:
    """The change's detail; a move's two places on lines of their own when one line of
    `width` cannot hold both, so that where it is now is never cut off."""
    if change.kind == "moved" and cell_len(change.detail) > width:
        return Text(f"{shown(change.moved_from)} →\n{shown(change.moved_to)}")
    return Text(shown(change.detail))


class ChangesTab(Backdrop, Container, SessionsTab):
    """One row per change; bookmarked sessions first and starred. Enter goes to the session."""

    changes: var[tuple[Change, ...]] = var((), init=False)
    bookmarks: var[frozenset[str]] = var(frozenset(), init=False)
    _widths: list[tuple[str, str, int]] = []

    def __init__(self, *, bookmarks: frozenset[str], id: str):
        super().__init__(id=id)
        self.set_reactive(ChangesTab.bookmarks, bookmarks)

    def compose(self) -> ComposeResult:
        yield Static("", id="changes-summary")
        yield RowTable(id="changes-table")

    @property
    def table(self) -> RowTable:
        return self.query_one(RowTable)

    def view_mounted(self) -> None:
        self.on_resize()

    def on_resize(self) -> None:
        widths = changes_columns(self.table.size.width or self.size.width or 80)
        if widths != self._widths:
            self._widths = widths
            self.table.clear(columns=True)
            for key, label, width in widths:
                self.table.add_column(label, key=key, width=width)
            self.watch_changes()

    def watch_changes(self) -> None:
        if not self.composed or not self._widths:
            return  # view_mounted fills it
        changes, bookmarks = self.changes, self.bookmarks
        detail_width = self._widths[-1][2]
        table = self.table
        cursor = table.cursor_row
        table.clear()
        for number, change in enumerate(changes):
            table.add_row(
                Text(STAR if change.session.id in bookmarks else " ", style="bold yellow"),
                Text(change.kind, style=KIND_STYLES[change.kind]),
                Text(shown(change.session.title)),
                detail_text(change, detail_width),
                key=str(number), height=None,
            )
        if changes:
            table.move_cursor(row=min(cursor, len(changes) - 1))
        mine = changed_sessions(changes, bookmarked_only=True)
        summary = (f"{plural(len(changes), 'change')} to {plural(changed_sessions(changes), 'session')}"
                   " since you last looked")
        if mine:
            summary += f", {mine} of them bookmarked ({STAR})"
        self.query_one("#changes-summary", Static).update(Text(
            summary + ". Now marked as seen: the badges in the day tables go at the next start."))

    def watch_bookmarks(self) -> None:
        """Stars follow the bookmarks as they change."""
        if not self.composed:
            return
        bookmarks, table = self.bookmarks, self.table
        for number, change in enumerate(self.changes):
            if str(number) in table.rows:
                table.update_cell(str(number), "star", Text(
                    STAR if change.session.id in bookmarks else " ", style="bold yellow"))

    # -- what the screen asks (tabs.TabView, tabs.SessionsTab) ----------------------------------

    def show_opened(self) -> None:
        self.focus_now(self.table)

    @property
    def current_session_id(self) -> str | None:
        if not self.composed or not self.table.row_count:
            return None
        change = self.changes[self.table.cursor_row]
        return None if change.kind == "cancelled" else change.session.id

    def select_session(self, session_id: str) -> bool:
        return False

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if (session_id := self.current_session_id) is not None:
            self.post_message(messages.GoToSession(session_id))
