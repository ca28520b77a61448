"""AgendaApp: a minimal list of the sessions (the full UI grows from here)."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

from agenda_tui.clock import Clock
from agenda_tui.formatting import people_label, time_range
from agenda_tui.model import Agenda
from agenda_tui.schedule import in_order
from agenda_tui.state import StateStore
from agenda_tui.text import clean


class AgendaApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, agenda: Agenda, store: StateStore, clock: Clock):
        super().__init__()
        self.agenda = agenda
        self.store = store
        self.clock = clock
        self.title = clean(agenda.conference.title)

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Day", "Time", "Kind", "Title", "People")
        for session in in_order(self.agenda.sessions):
            table.add_row(
                Text(session.conference_day.strftime("%a %-d %b")),
                Text(time_range(session)),
                Text(session.kind.value),
                Text(clean(session.title)),
                Text(people_label(self.agenda, session)),
                key=session.id,
            )


def make_app(agenda: Agenda, store: StateStore, clock: Clock) -> AgendaApp:
    return AgendaApp(agenda, store, clock)
