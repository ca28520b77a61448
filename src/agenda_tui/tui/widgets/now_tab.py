"""The Now view: in every room, the session on now and the next one; bookmarked first."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.reactive import var
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from agenda_tui.formatting import plural
from agenda_tui.model import Agenda, Session
from agenda_tui.room_timetable import RoomTimetable
from agenda_tui.schedule import Hidden, RoomNowNext, day_at
from agenda_tui.text import shown
from agenda_tui.tui.backdrop import BackdropContainer
from agenda_tui.tui.widgets.detail_pane import DetailPane
from agenda_tui.tui.widgets.now_table import NowTable
from agenda_tui.tui.widgets.session_detail_tab import SessionDetailTab


class NowTab(SessionDetailTab):
    """One or two rows per room: what is on there now, then what is next; the rooms with
    a bookmarked one first. Brought up to date each minute while on show."""

    show_breaks: var[bool] = var(True, init=False)
    # The rooms and tracks hidden, as in the day tables.
    hidden: var[Hidden] = var(Hidden(), init=False)

    def __init__(self, agenda: Agenda, *, local_zone: tzinfo, bookmarks: frozenset[str],
                 notes: Mapping[str, str], zone: tzinfo, now: datetime, show_breaks: bool,
                 hidden: Hidden, room_order: Mapping[str, int], room_names: list[str], id: str):
        """`room_order` and `room_names`: the agenda's (schedule.room_positions, rooms),
        worked out once by the screen."""
        super().__init__(agenda, local_zone=local_zone, bookmarks=bookmarks, notes=notes,
                         zone=zone, now=now, id=id)
        self.set_reactive(NowTab.show_breaks, show_breaks)
        self.set_reactive(NowTab.hidden, hidden)
        self._drawn_from: tuple[object, ...] | None = None
        self._room_order = room_order
        self._venue_only = not room_names
        self._longest_room = max(map(cell_len, map(shown, room_names or [agenda.conference.venue or ""])))
        self._timetable: RoomTimetable | None = None
        self._summary_shown = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="now-summary")
        with BackdropContainer(classes="split"):
            yield NowTable(self.agenda, longest_room=self._longest_room, id="now-table")
            yield DetailPane(classes="detail")

    def view_mounted(self) -> None:
        for name in ("bookmarks", "zone", "show_breaks", "hidden"):
            self.watch(self, name, self._rows_changed, init=False)
        self.watch(self, "now", self._time_passed, init=False)
        if not self.is_open:  # made ahead, off the UI thread, for the first `w`
            self.run_worker(self._make_timetable, thread=True, name="now-timetable", exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The index made: the rows for now are worked out before the first `w` (at
        100,000 sessions, most of what it waited for), and the screen asked to lay the
        view out and draw it ahead."""
        if event.worker.name == "now-timetable" and event.state is WorkerState.SUCCESS:
            event.stop()
            if not self.is_open:
                self.refresh_rows()
                self.post_message(self.ReadyAhead(self))

    def _make_timetable(self) -> RoomTimetable:
        timetable = self._timetable
        if timetable is None:
            timetable = self._timetable = RoomTimetable(self.agenda.timed_sessions_in_order)
        return timetable

    @property
    def table(self) -> NowTable:
        return self.query_one(NowTable)

    def _rows_changed(self) -> None:
        if self.is_open:
            self.refresh_rows()

    def _time_passed(self) -> None:
        """On show, or worked out ahead (after the index was made): kept to the minute,
        so that `w` finds them ready. (A change of bookmarks, zone or what is hidden waits
        for the tab to open: the keys that make them must not wait for these rows.)"""
        if self.is_open or self._drawn_from is not None:
            self.refresh_rows()

    def show_opened(self) -> None:
        self.refresh_rows()
        self.focus_now(self.table)

    def rows_on_show(self) -> list[Session]:
        """The sessions the view lists, rooms in its order."""
        return [session for room in self._rooms() for session in room.sessions]

    def _rooms(self) -> list[RoomNowNext]:
        now, timetable = self.now, self._make_timetable()
        return timetable.now_and_next(
            now, day_at(self.agenda, now), bookmarks=self.bookmarks,
            room_order=self._room_order, hidden=self.hidden, breaks=self.show_breaks)

    def refresh_rows(self) -> None:
        if not self.composed:
            return
        zone, now, bookmarks, hidden = self.zone, self.now, self.bookmarks, self.hidden
        drawn_from = (zone, now.replace(second=0, microsecond=0), bookmarks, self.show_breaks, hidden)
        if drawn_from == self._drawn_from:
            return
        self._drawn_from = drawn_from
        rooms = self._rooms()
        with self.detail_held():  # drawn once, below
            self.table.show_rooms(rooms, zone=zone, now=now, bookmarks=bookmarks,
                                  venue=(self.agenda.conference.venue or "") if self._venue_only else None)
        rooms_on_now = sum(room.now is not None for room in rooms)
        if not rooms:
            summary = "Nothing on now or to come among the sessions shown."
        else:
            summary = f"{plural(rooms_on_now, 'room')} with a session on now"
            coming = len(rooms) - rooms_on_now
            if coming:
                summary += f", {coming} more with one to come"
        if hidden_text := self._hidden_summary(hidden):
            summary += f" · {hidden_text} · f change · F show all"
        if summary != self._summary_shown:  # (each update lays the screen out again)
            self._summary_shown = summary
            self.query_one("#now-summary", Static).update(Text(summary))
        self.show_detail()

    # -- what the screen asks (tabs.SessionsTab) ----------------------------------

    @property
    def current_session_id(self) -> str | None:
        return self.table.current_session_id if self.composed else None

    def select_session(self, session_id: str) -> bool:
        if not self.composed or not self.table.select_session(session_id):
            return False
        self.table.focus()
        return True

