"""What the day tabs and My schedule share: a table of sessions, and a detail pane
that follows its cursor and shows the user's bookmarks and notes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from types import MappingProxyType

from textual import on
from textual.containers import Container
from textual.reactive import var
from textual.widget import Widget

from agenda_tui.formatting import hidden_summary
from agenda_tui.model import Agenda
from agenda_tui.reminders import LeadTimes
from agenda_tui.schedule import Hidden
from agenda_tui.settings_file import DEFAULT_REMINDER_MINUTES
from agenda_tui.tui import messages
from agenda_tui.tui.backdrop import Backdrop
from agenda_tui.tui.detail_text import describe_session
from agenda_tui.tui.tabs import SessionsTab
from agenda_tui.tui.widgets.day_grid import DayGrid
from agenda_tui.tui.widgets.day_table import DayTable
from agenda_tui.tui.widgets.detail_pane import DetailPane

NO_NOTES: Mapping[str, str] = MappingProxyType({})


class SessionDetailTab(Backdrop, Container, SessionsTab):
    """The state every session tab draws comes down as these attributes (bound by the
    main screen); what the user does goes up as messages (tui/messages.py).

    The values are replaced, never changed in place: Textual tells a view of a new
    value, not of a change inside one."""

    bookmarks: var[frozenset[str]] = var(frozenset(), init=False)
    notes: var[Mapping[str, str]] = var(NO_NOTES, init=False)
    zone: var[tzinfo] = var(UTC, init=False)
    now: var[datetime] = var(datetime(2000, 1, 1, tzinfo=UTC), init=False)
    lead_times: var[LeadTimes] = var(LeadTimes(DEFAULT_REMINDER_MINUTES), init=False)

    def __init__(self, agenda: Agenda, *, local_zone: tzinfo, bookmarks: frozenset[str],
                 notes: Mapping[str, str], zone: tzinfo, now: datetime, id: str):
        super().__init__(id=id)
        self.agenda = agenda
        self.local_zone = local_zone
        self.set_reactive(SessionDetailTab.bookmarks, bookmarks)
        self.set_reactive(SessionDetailTab.notes, notes)
        self.set_reactive(SessionDetailTab.zone, zone)
        self.set_reactive(SessionDetailTab.now, now)
        self._summary: tuple[Hidden, str] | None = None
        self._detail_held = 0  # above 0: the cursor's moves leave the detail pane to the holder
        self._detail_of: str | None = None  # the session the detail pane was drawn for

    def on_mount(self) -> None:
        # The detail pane follows the cursor in the step that moves it, so that the frame
        # that shows the cursor moved shows its session: the Highlighted message (still
        # handled below) arrives a frame later.
        for view in (*self.query(DayTable), *self.query(DayGrid)):
            view.cursor_moved.subscribe(self, self._cursor_moved_now, immediate=True)

    def _cursor_moved_now(self, session_id: str | None) -> None:
        if not self._detail_held:
            self.show_detail()

    @contextmanager
    def detail_held(self) -> Iterator[None]:
        """Inside, the cursor's moves do not each draw the detail pane (new rows may move
        it more than once): the holder draws it once, after."""
        self._detail_held += 1
        try:
            yield
        finally:
            self._detail_held -= 1

    def show_detail(self) -> None:
        """The detail pane follows the cursor."""
        if not self.composed:
            return
        self._detail_of = self.current_session_id
        session = self.agenda.sessions_by_id.get(self._detail_of or "")
        text = None if session is None else describe_session(
            self.agenda, session, local_zone=self.local_zone, bookmarks=self.bookmarks, notes=self.notes,
            lead_times=self.lead_times)
        self.query_one(DetailPane).show(text)

    def show_grid_or_table(self, table: Widget, grid: bool) -> None:
        """Show the grid, or `table`. Under a grid (narrow layouts) the detail pane takes
        less of the height: a class of the pane's own, as a class of the tab would restyle
        every widget in it."""
        self.query_one(DetailPane).set_class(grid, "-under-grid")
        table.display = not grid
        self.query_one(DayGrid).display = grid

    def watch_notes(self) -> None:
        self.show_detail()

    def watch_lead_times(self) -> None:
        self.show_detail()

    def _hidden_summary(self, hidden: Hidden) -> str:
        """`hidden_summary`, worked out again only when what is hidden changes."""
        if self._summary is None or self._summary[0] != hidden:
            self._summary = (hidden, hidden_summary(hidden, self.agenda) if hidden else "")
        return self._summary[1]

    # The session tables (day tabs, the Now view), a day's grid and the timeline of days
    # (My schedule) all report the same way: the detail follows the cursor, enter opens.
    @on(DayTable.Highlighted)
    @on(DayGrid.Highlighted)
    def _cursor_moved(self, event: DayTable.Highlighted | DayGrid.Highlighted) -> None:
        event.stop()
        if self.current_session_id != self._detail_of:  # else drawn already (cursor_moved)
            self.show_detail()

    @on(DayTable.Selected)
    @on(DayGrid.Selected)
    def _session_chosen(self, event: DayTable.Selected | DayGrid.Selected) -> None:
        event.stop()
        self.open_session(event.session_id)

    def open_session(self, session_id: str) -> None:
        if session_id in self.agenda.sessions_by_id:
            self.post_message(messages.OpenSession(session_id))
