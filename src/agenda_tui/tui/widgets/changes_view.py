"""The Changes tab: what changed in the agenda since the user last looked."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from agenda_tui.diff import Change, changed_sessions
from agenda_tui.formatting import plural
from agenda_tui.text import shown
from agenda_tui.tui.detail_text import STAR
from agenda_tui.tui.widgets.table_view import TableView

KIND_STYLES = {"added": "green", "cancelled": "bold red", "moved": "yellow", "retitled": "cyan"}


class ChangesView(TableView):
    """One row per change; bookmarked sessions first and starred. Enter goes to the session."""

    def __init__(self, *, id: str):
        super().__init__(id=id, classes="session-view")
        self.changes: list[Change] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="changes-summary")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="changes-table")

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    @property
    def current_session_id(self) -> str | None:
        if not self.table.row_count:
            return None
        change = self.changes[self.table.cursor_row]
        return None if change.kind == "cancelled" else change.session.id

    def on_mount(self) -> None:
        for key, label, width in (("star", STAR, 1), ("kind", "Change", 9), ("title", "Title", 48),
                                  ("detail", "Detail", 60)):
            self.table.add_column(label, key=key, width=width)

    def show_changes(self, changes: list[Change]) -> None:
        self.changes = changes
        self.table.clear()
        for number, change in enumerate(changes):
            self.table.add_row(
                Text(STAR if change.bookmarked else " ", style="bold yellow"),
                Text(change.kind, style=KIND_STYLES[change.kind]),
                Text(shown(change.session.title)),
                Text(shown(change.detail)),
                key=str(number),
            )
        mine = changed_sessions(changes, bookmarked_only=True)
        summary = (f"{plural(len(changes), 'change')} to {plural(changed_sessions(changes), 'session')}"
                   " since you last looked")
        if mine:
            summary += f", {mine} of them bookmarked ({STAR})"
        self.query_one("#changes-summary", Static).update(Text(summary + ". Now marked as seen."))

    def refresh_rows(self) -> None:
        """Stars follow the bookmarks as they change."""
        bookmarks = self.app.bookmarks
        for number, change in enumerate(self.changes):
            if str(number) in self.table.rows:
                self.table.update_cell(str(number), "star", Text(
                    STAR if change.session.id in bookmarks else " ", style="bold yellow"))

    def select_session(self, session_id: str) -> bool:
        return False

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if (session_id := self.current_session_id) is not None:
            self.app.go_to_session(session_id)
