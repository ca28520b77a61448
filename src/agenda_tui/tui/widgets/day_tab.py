"""One conference day's tab: a search box, the day's table and the detail pane."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from types import MappingProxyType

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.reactive import var
from textual.widgets import Input, Static

from agenda_tui.formatting import any_day_marks
from agenda_tui.model import Agenda, Session
from agenda_tui.schedule import SessionFilter
from agenda_tui.search import SearchIndex
from agenda_tui.text import shown
from agenda_tui.tui.widgets.day_table import DayTable
from agenda_tui.tui.widgets.detail_pane import DetailPane
from agenda_tui.tui.widgets.session_detail_tab import SessionDetailTab


class DayTab(SessionDetailTab):
    """The sessions of one day, narrowed by the filter and by the search box as the
    user types; breaks shown or hidden."""

    BINDINGS = [Binding("escape", "clear_search", "Clear search", show=False)]

    show_breaks: var[bool] = var(True, init=False)
    session_filter: var[SessionFilter] = var(SessionFilter(), init=False)
    # How each session changed since the user last looked: the table's badges.
    change_kinds: var[Mapping[str, tuple[str, ...]]] = var(MappingProxyType({}), init=False)

    def __init__(self, agenda: Agenda, day: date, sessions: list[Session], *, local_zone: tzinfo,
                 bookmarks: frozenset[str], notes: Mapping[str, str], zone: tzinfo, now: datetime,
                 show_breaks: bool, session_filter: SessionFilter,
                 change_kinds: Mapping[str, tuple[str, ...]], id: str):
        super().__init__(agenda, local_zone=local_zone, bookmarks=bookmarks, notes=notes,
                         zone=zone, now=now, id=id)
        self.day = day
        self.sessions = sessions
        self.set_reactive(DayTab.show_breaks, show_breaks)
        self.set_reactive(DayTab.session_filter, session_filter)
        self.set_reactive(DayTab.change_kinds, change_kinds)
        self._index: SearchIndex | None = None
        # Asked before the view was mounted (Lazy holds it back until after the first
        # frame): done in view_mounted, and when its tab is shown.
        self._wanted_session: str | None = None
        self._search_wanted = False
        self._drawn_from: tuple[object, ...] | None = None
        self._day_marks: dict[tzinfo, bool] = {}

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

    def view_mounted(self) -> None:
        # Watched, not left to Input.Changed: that message arrives a step later, and
        # Textual's paint timer may fire in between (the box painted, then the table).
        self.watch(self.search_box, "value", self.refresh_rows, init=False)
        for name in ("zone", "now", "show_breaks", "session_filter", "change_kinds"):
            self.watch(self, name, self._rows_changed, init=False)
        self.refresh_rows()
        if self._wanted_session is not None:
            self.table.select_session(self._wanted_session)  # focused when its tab shows
            self._wanted_session = None

    @property
    def table(self) -> DayTable:
        return self.query_one(DayTable)

    @property
    def search_box(self) -> Input:
        return self.query_one(Input)

    # -- what comes down -------------------------------------------------------

    def watch_bookmarks(self, old: frozenset[str], new: frozenset[str]) -> None:
        if not self.composed:
            return
        for session_id in old ^ new:
            self.table.set_star(session_id, session_id in new)  # one row, not the table
        if self.current_session_id in old ^ new:
            self.show_detail()

    def _rows_changed(self) -> None:
        """A value the rows depend on changed. A tab not on show is brought up to date
        when it is next shown (show_opened)."""
        if self.is_open:
            self.refresh_rows()

    def refresh_rows(self) -> None:
        if not self.composed:
            return  # view_mounted fills it
        query = self.search_box.value.strip()
        # Read once: each read of a bound value goes through Textual's descriptor.
        show_breaks, session_filter, zone, now = self.show_breaks, self.session_filter, self.zone, self.now
        change_kinds = self.change_kinds
        # What the rows depend on: each value bound from the screen arrives once more
        # when the binding is made, and the rows need not be worked out again.
        drawn_from = (show_breaks, session_filter, query, zone, now.replace(second=0, microsecond=0),
                      change_kinds)
        if drawn_from == self._drawn_from:
            return
        self._drawn_from = drawn_from
        rows = self.rows_on_show(query)
        self._show_filter(len(rows))
        self.table.show(rows, zone=zone, now=now, bookmarks=self.bookmarks,
                        day_marks=self._day_marks_in(zone), change_kinds=change_kinds)
        self.show_detail()

    def _day_marks_in(self, zone: tzinfo) -> bool:
        """Whether some of the day's times carry "+1" in `zone` (worked out once a zone)."""
        if zone not in self._day_marks:
            self._day_marks[zone] = any_day_marks(self.sessions, zone)
        return self._day_marks[zone]

    def rows_on_show(self, query: str | None = None) -> list[Session]:
        """The day's sessions as the table shows them: breaks shown or not, the filter and
        the search applied (`query`: the search box's, unless given)."""
        if query is None:
            query = self.search_box.value.strip() if self.composed else ""
        rows = self.sessions if self.show_breaks else [s for s in self.sessions if not s.is_break]
        rows = self.session_filter.apply(rows)
        return self.index.filter(rows, query) if query else rows

    def _show_filter(self, count: int) -> None:
        session_filter = self.session_filter
        self.set_class(bool(session_filter), "-filtered")
        if session_filter:
            parts = []
            if session_filter.room:
                parts.append(f"room {shown(session_filter.room)}")
            if session_filter.track and (track := self.agenda.tracks_by_id.get(session_filter.track)):
                parts.append(f"track {shown(track.title)}")
            self.query_one(".filter-status", Static).update(
                Text(f"Showing {count} session(s) in " + " and ".join(parts) + "  (f to change)"))

    # -- what the screen asks (tabs.TabView, tabs.SessionsTab) ---------------------

    def show_opened(self) -> None:
        self.refresh_rows()
        if self._search_wanted:  # `/` before the view was mounted
            self._search_wanted = False
            self.open_search()
        elif not self.has_focus_within:  # `/` may have put it in the search box
            self.table.focus()

    def tab_closed(self) -> None:
        super().tab_closed()
        self._search_wanted = False

    @property
    def current_session_id(self) -> str | None:
        return self.table.current_session_id if self.composed else None

    def select_session(self, session_id: str) -> bool:
        if not self.composed:
            self._wanted_session = session_id
            return any(session.id == session_id for session in self.sessions)
        self.refresh_rows()  # a tab not on show may be behind
        if session_id not in self.table and self.search_box.value:
            # Hidden by the search: clear it (which refreshes the rows, view_mounted).
            # One hidden by the filter or by hiding breaks stays hidden.
            self.search_box.value = ""
        found = self.table.select_session(session_id)
        if found:
            self.table.focus()
        return found

    def open_search(self) -> None:
        if not self.composed:
            self._search_wanted = True
            return
        self.add_class("-searching")
        self.search_box.focus()
        self.index.prepare()  # here, so that the first keystroke does not wait for it

    def close_search(self) -> None:
        self.search_box.value = ""
        self.remove_class("-searching")
        self.table.focus()

    # -- what the user does ------------------------------------------------------

    def on_day_table_highlighted(self, event: DayTable.Highlighted) -> None:
        event.stop()
        self.show_detail()

    def on_day_table_selected(self, event: DayTable.Selected) -> None:
        event.stop()
        self.open_session(event.session_id)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # handled as the value changes (on_mount)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def action_clear_search(self) -> None:
        self.close_search()
