"""What the day views and My schedule share: a table of sessions and a detail pane."""

from __future__ import annotations

from textual.widgets import DataTable

from agenda_tui.tui.widgets.detail_pane import DetailPane
from agenda_tui.tui.widgets.table_view import TableView


class SessionListView(TableView):
    """A table whose rows are keyed by session id (other rows by other keys) and a
    pane that follows the cursor. Subclasses fill the table in `refresh_rows`."""

    def __init__(self, *, id: str):
        super().__init__(id=id, classes="session-view")

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    @property
    def current_session_id(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key if key in self.app.agenda.sessions_by_id else None

    def refresh_detail(self) -> None:
        session_id = self.current_session_id
        self.query_one(DetailPane).show_session(
            self.app.agenda.sessions_by_id.get(session_id) if session_id else None)

    def select_session(self, session_id: str) -> bool:
        table = self.table
        if session_id not in table.rows:
            return False
        table.move_cursor(row=table.get_row_index(session_id))
        table.focus()
        return True

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.refresh_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value in self.app.agenda.sessions_by_id:
            self.app.open_session(event.row_key.value)
