"""RowTable: Textual's DataTable with a row cursor that moves as the day tables' does."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable


class RowTable(DataTable[Text]):
    """A row-cursor table where j, k, Home, End, PgUp and PgDn move as in the day tables
    (DataTable's own Home and End move between columns)."""

    BINDINGS = [
        Binding("k", "cursor_up", "Up", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("home", "first_row", "First", show=False),
        Binding("end", "last_row", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None):
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)

    def action_first_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_last_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)

    @property
    def current_key(self) -> str | None:
        """The key of the row under the cursor (None: the table is empty)."""
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
