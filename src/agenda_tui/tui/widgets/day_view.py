"""One conference day: a search box, the session table and the detail pane."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.widgets import Input, Static

from agenda_tui.model import Agenda, Session
from agenda_tui.schedule import SessionFilter
from agenda_tui.search import SearchIndex
from agenda_tui.text import shown
from agenda_tui.tui.widgets.day_table import DayTable
from agenda_tui.tui.widgets.detail_pane import DetailPane
from agenda_tui.tui.widgets.session_list_view import SessionListView


class DayView(SessionListView):
    """The sessions of one day, filtered by the search box as the user types."""

    BINDINGS = [Binding("escape", "clear_search", "Clear search", show=False)]

    def __init__(self, agenda: Agenda, day: date, sessions: list[Session], *, id: str):
        super().__init__(id=id)
        self.agenda = agenda
        self.day = day
        self.sessions = sessions
        self._index: SearchIndex | None = None

    @property
    def index(self) -> SearchIndex:
        """Built at the first search of this day, not at start-up."""
        if self._index is None:
            self._index = SearchIndex(self.agenda, self.sessions)
        return self._index

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Search title, people, affiliation, track…  (escape clears)",
                    classes="search", id=f"{self.id}-search")
        yield Static("", classes="filter-status")
        with Container(classes="split"):
            yield DayTable(self.agenda, id=f"{self.id}-table")
            yield DetailPane(classes="detail")

    @property
    def table(self) -> DayTable:
        return self.query_one(DayTable)

    @property
    def search_box(self) -> Input:
        return self.query_one(Input)

    def refresh_rows(self) -> None:
        app = self.app
        shown = [s for s in self.sessions if app.show_breaks or not s.is_break]
        shown = app.session_filter.apply(shown)
        if query := self.search_box.value.strip():
            shown = self.index.filter(shown, query)
        self._show_filter(app.session_filter, len(shown))
        self.table.show(shown, zone=app.display_zone_info, now=app.now(), bookmarks=app.bookmarks)
        self.refresh_detail()

    def _show_filter(self, session_filter: SessionFilter, count: int) -> None:
        self.set_class(bool(session_filter), "-filtered")
        if session_filter:
            parts = []
            if session_filter.room:
                parts.append(f"room {shown(session_filter.room)}")
            if session_filter.track and (track := self.agenda.tracks_by_id.get(session_filter.track)):
                parts.append(f"track {shown(track.title)}")
            self.query_one(".filter-status", Static).update(
                Text(f"Showing {count} session(s) in " + " and ".join(parts) + "  (f to change)"))

    def set_star(self, session_id: str, bookmarked: bool) -> None:
        self.table.set_star(session_id, bookmarked)  # one cell, not the whole table
        if session_id == self.current_session_id:
            self.refresh_detail()

    def open_search(self) -> None:
        self.add_class("-searching")
        self.search_box.focus()
        self.index.prepare()  # here, so that the first keystroke does not wait for it

    def close_search(self) -> None:
        self.search_box.value = ""
        self.remove_class("-searching")
        self.table.focus()

    @property
    def current_session_id(self) -> str | None:
        return self.table.current_session_id

    def select_session(self, session_id: str) -> bool:
        if session_id not in self.table and session_id in self.agenda.sessions_by_id:
            # Hidden by the search or by hiding breaks: show everything again.
            if self.search_box.value:
                self.search_box.value = ""  # which refreshes the rows (on_mount)
            else:
                self.refresh_rows()
        found = self.table.select_session(session_id)
        if found:
            self.table.focus()
        return found

    def on_day_table_highlighted(self, event: DayTable.Highlighted) -> None:
        event.stop()
        self.refresh_detail()

    def on_day_table_selected(self, event: DayTable.Selected) -> None:
        event.stop()
        self.app.open_session(event.session_id)

    def on_mount(self) -> None:
        # Watched, not left to Input.Changed: that message arrives a step later, and
        # Textual's paint timer may fire in between (the box painted, then the table).
        self.watch(self.search_box, "value", self._search_changed, init=False)

    def _search_changed(self) -> None:
        self.refresh_rows()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # handled as the value changes (on_mount)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def action_clear_search(self) -> None:
        self.close_search()

