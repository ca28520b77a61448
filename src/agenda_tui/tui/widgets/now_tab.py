"""The Now view: in every room, the session on now and the next one; bookmarked first."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, tzinfo

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container
from textual.reactive import var
from textual.widgets import Static

from agenda_tui.formatting import clock, people_label, plural
from agenda_tui.model import Agenda, Session
from agenda_tui.schedule import (
    Hidden,
    RoomNowNext,
    day_at,
    now_and_next_by_room,
)
from agenda_tui.text import shown
from agenda_tui.tui.detail_text import NOW_MARK, STAR
from agenda_tui.tui.widgets.detail_pane import DetailPane
from agenda_tui.tui.widgets.row_table import RowTable
from agenda_tui.tui.widgets.session_rows_tab import Columns, SessionRowsTab, with_title_and_people

NO_ROOM = "(no room)"


def now_columns(table_width: int, longest_room: int) -> Columns:
    """Room and when first, so they stay in view; people when there is room."""
    room = min(longest_room, 16 if table_width < 100 else 30)
    fixed = [("room", "Room", max(4, room)), ("when", "When", 13), ("star", STAR, 1)]
    return with_title_and_people(fixed, table_width)


class NowTab(SessionRowsTab):
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

    def compose(self) -> ComposeResult:
        yield Static("", id="now-summary")
        with Container(classes="split"):
            yield RowTable(id="now-table")
            yield DetailPane(classes="detail")

    def view_mounted(self) -> None:
        for name in ("bookmarks", "zone", "now", "show_breaks", "hidden"):
            self.watch(self, name, self._rows_changed, init=False)

    def column_widths(self, table_width: int) -> Columns:
        return now_columns(table_width, self._longest_room)

    def _rows_changed(self) -> None:
        if self.is_open:
            self.refresh_rows()

    def show_opened(self) -> None:
        self.refresh_rows()
        self.focus_now(self.table)

    def rows_on_show(self) -> list[Session]:
        """The sessions the view lists, rooms in its order."""
        return [session for room in self._rooms() for session in room.sessions]

    def _rooms(self) -> list[RoomNowNext]:
        sessions = self.agenda.timed_sessions_in_order
        if not self.show_breaks:
            sessions = [session for session in sessions if not session.is_break]
        now = self.now
        return now_and_next_by_room(self.hidden.apply(sessions), now, day_at(self.agenda, now),
                                    self.bookmarks, self._room_order)

    def refresh_rows(self) -> None:
        if not self.composed:
            return
        if not self._widths:
            self.on_resize()
            return
        zone, now, bookmarks = self.zone, self.now, self.bookmarks
        drawn_from = (zone, now.replace(second=0, microsecond=0), bookmarks, self.show_breaks,
                      self.hidden, tuple(self._widths))
        if drawn_from == self._drawn_from:
            return
        self._drawn_from = drawn_from
        current = self.current_session_id
        rooms = self._rooms()
        table = self.table
        keys = [key for key, *_ in self._widths]
        table.clear()
        today = now.astimezone(zone).date()
        for room in rooms:
            label = (self.agenda.conference.venue or "") if self._venue_only else (room.room or NO_ROOM)
            for position, session in enumerate(room.sessions):
                on_now = session is room.now
                cells = {
                    "room": Text(shown(label) if position == 0 else "", style="bold"),
                    "when": _when(session, on_now, zone, today),
                    "star": Text(STAR if session.id in bookmarks else " ", style="bold yellow"),
                    "title": Text(shown(session.title), style="" if on_now else "dim"),
                    "people": Text(people_label(self.agenda, session), style="" if on_now else "dim"),
                }
                table.add_row(*(cells[key] for key in keys), key=session.id)
        rooms_on_now = sum(room.now is not None for room in rooms)
        if not rooms:
            summary = "Nothing on now or to come among the sessions shown."
        else:
            summary = f"{plural(rooms_on_now, 'room')} with a session on now"
            coming = len(rooms) - rooms_on_now
            if coming:
                summary += f", {coming} more with one to come"
        if hidden := self._hidden_summary(self.hidden):
            summary += f" · {hidden} · f change · F show all"
        self.query_one("#now-summary", Static).update(Text(summary))
        if current and current in table.rows:
            table.move_cursor(row=table.get_row_index(current), animate=False)
        self.show_detail()


def _when(session: Session, on_now: bool, zone: tzinfo, today: date) -> Text:
    """'▶ until 11:40' for what is on; 'next 12:00', or 'Sun 10:00' on a later day."""
    if on_now:
        return Text(f"{NOW_MARK} until {clock(session.end, zone)}", style="bold")
    start = session.start.astimezone(zone)
    return Text(f"  {'next' if start.date() == today else f'{start:%a}'} {clock(start)}", style="dim")
