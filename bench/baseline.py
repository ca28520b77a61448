"""The baseline: a bare Textual app with the widgets agenda-tui shows, and no data.

Day tabs each with a search box, a session table and a detail pane; My schedule,
Speakers and About tabs; header and footer; the digit keys switch days, as in agenda-tui.
Its start-up, memory and key handling are what Textual itself costs; agenda-tui's
figures are read as ratios to it.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Input, OptionList, Static, TabbedContent, TabPane

DAYS = 5
COLUMNS = ("Time", "★", "Kind", "Title", "Room", "People", "Track")


class BaselineApp(App[None]):
    BINDINGS = [("b", "bookmark", "Bookmark"), ("q", "quit", "Quit"),
                *(Binding(str(n), f"day({n})", f"Day {n}", show=False) for n in range(1, DAYS + 1))]

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent():
            for day in range(1, DAYS + 1):
                with TabPane(f"Day {day}", id=f"day-{day}"):
                    yield Input(placeholder="Search", id=f"search-{day}")
                    with Container():
                        yield DataTable(cursor_type="row", zebra_stripes=True, id=f"table-{day}")
                        with VerticalScroll():
                            yield Static("")
            with TabPane("My schedule", id="my-schedule"):
                yield DataTable(cursor_type="row")
            with TabPane("Speakers", id="speakers"):
                yield OptionList()
            with TabPane("About", id="about"):
                yield Static("")
        yield Footer()

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.add_columns(*COLUMNS)

    def action_day(self, number: int) -> None:
        """Show the day and focus its table, as agenda-tui does (a focused widget left
        behind in a hidden pane would pull its tab back)."""
        self.query_one(TabbedContent).active = f"day-{number}"
        self.query_one(f"#table-{number}", DataTable).focus()

    @property
    def active_day(self) -> int | None:
        active = self.query_one(TabbedContent).active
        return int(active.removeprefix("day-")) if active.startswith("day-") else None

    def action_bookmark(self) -> None:
        """The baseline's bookmark: nothing to store."""
