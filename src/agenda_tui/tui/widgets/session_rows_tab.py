"""My schedule's table: a RowTable whose row keys are session ids (other rows, such as
free time, have keys that are not), beside a detail pane; and the column widths that the
Now view's table shares."""

from __future__ import annotations

from textual.widgets import DataTable

from agenda_tui.tui.widgets.row_table import RowTable
from agenda_tui.tui.widgets.session_detail_tab import SessionDetailTab

Columns = list[tuple[str, str, int]]  # (key, label, width) of each, left to right


def with_title_and_people(fixed: Columns, table_width: int) -> Columns:
    """The fixed columns, then the title, and the people once the title keeps room."""
    spare = max(0, table_width - sum(width + 2 for *_, width in fixed) - 2)
    if spare < 60:
        return [*fixed, ("title", "Title", max(16, spare - 2))]
    people = int(spare * 0.35)
    return [*fixed, ("title", "Title", spare - people - 4), ("people", "People", people - 2)]


class SessionRowsTab(SessionDetailTab):
    _widths: Columns = []
    _table_width = 0  # the table's width when last laid out

    @property
    def table(self) -> RowTable:
        return self.query_one(RowTable)

    def column_widths(self, table_width: int) -> Columns:
        """The columns at this width."""
        raise NotImplementedError

    def refresh_rows(self) -> None:
        raise NotImplementedError

    def on_resize(self) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        """The columns for the table's width; while the table is hidden (a timeline shown
        instead), for the width it had when last shown."""
        if not self.query(RowTable):
            # Not composed yet, or going: a callback after a refresh can come after its
            # screen was replaced (a refreshed agenda's), with the widgets of that screen.
            return
        if self.table.size.width:
            self._table_width = self.table.size.width
        widths = self.column_widths(self._table_width or 80)
        if widths != self._widths:
            self._widths = widths
            current = self.current_session_id  # which clearing the columns forgets
            self.table.clear(columns=True)
            for key, label, width in widths:
                self.table.add_column(label, key=key, width=width)
            self.refresh_rows()
            if current is not None and current in self.table.rows:
                self.table.move_cursor(row=self.table.get_row_index(current), animate=False)

    # -- what the screen asks (tabs.SessionsTab) ----------------------------------

    @property
    def current_session_id(self) -> str | None:
        if not self.composed:
            return None
        key = self.table.current_key
        return key if key in self.agenda.sessions_by_id else None

    def select_session(self, session_id: str) -> bool:
        if not self.composed or session_id not in self.table.rows:
            return False
        self.table.move_cursor(row=self.table.get_row_index(session_id))
        self.table.focus()
        return True

    # -- what the user does --------------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.open_session(event.row_key.value)
