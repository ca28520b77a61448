"""My schedule: the bookmarked sessions of every day, with conflicts, free time and now;
then the bookmarks whose sessions were cancelled, struck through. Or (`g`) a timeline of
them, a column each day, sessions that clash side by side."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from types import MappingProxyType

from rich.text import Text
from textual.app import ComposeResult
from textual.reactive import var
from textual.widgets import Static

from agenda_tui.formatting import clock, day_label, duration, people_label, plural, time_range, when
from agenda_tui.model import Agenda, Session, utc
from agenda_tui.schedule import conflict_slots, in_order, rooms, session_to_go_to
from agenda_tui.text import shown
from agenda_tui.tui.backdrop import BackdropContainer
from agenda_tui.tui.detail_text import NOW_MARK
from agenda_tui.tui.widgets.day_grid import DayGrid
from agenda_tui.tui.widgets.detail_pane import DetailPane
from agenda_tui.tui.widgets.row_table import RowTable
from agenda_tui.tui.widgets.session_rows_tab import Columns, SessionRowsTab, with_title_and_people

GAP_PREFIX = "gap:"
NOW_ROW = "now-marker"
CONFLICT = "⚠"
PAST_STYLE = "dim"
GONE_STYLE = "strike dim"


def my_schedule_columns(table_width: int, *, rooms: bool) -> Columns:
    """Day, time and the conflict mark first, so they stay in view; then the room where
    the agenda has rooms; people when there is room."""
    fixed = [("day", "Day", 10), ("time", "Time", 15), ("flag", CONFLICT, 3)]
    if rooms:
        fixed.append(("room", "Room", 12 if table_width < 100 else 18))
    return with_title_and_people(fixed, table_width)


class MyScheduleTab(SessionRowsTab):
    """One row per bookmarked session in time order, a row for each free gap, and during
    the event a row that marks now: past sessions are dimmed, or hidden."""

    show_past: var[bool] = var(True, init=False)
    # Bookmarked sessions gone from the agenda, as last seen (bound from the screen).
    gone_bookmarks: var[Mapping[str, Session]] = var(MappingProxyType({}), init=False)
    # Shown as a timeline, a column a day (g), rather than as a table.
    my_schedule_grid: var[bool] = var(False, init=False)

    def __init__(self, agenda: Agenda, *, local_zone: tzinfo, bookmarks: frozenset[str],
                 notes: Mapping[str, str], zone: tzinfo, now: datetime, show_past: bool, id: str,
                 my_schedule_grid: bool = False):
        super().__init__(agenda, local_zone=local_zone, bookmarks=bookmarks, notes=notes,
                         zone=zone, now=now, id=id)
        self.set_reactive(MyScheduleTab.show_past, show_past)
        self.set_reactive(MyScheduleTab.my_schedule_grid, my_schedule_grid)
        self.slot_of: dict[str, int] = {}
        self._stale = False
        self._opened_before = False
        self._drawn_minute: datetime | None = None
        self._has_rooms = len(rooms(agenda)) > 1

    def compose(self) -> ComposeResult:
        yield Static("", id="my-schedule-summary")
        with BackdropContainer(classes="split"):
            yield RowTable(id="my-schedule-table")
            yield DayGrid.of_days(self.agenda, id="my-schedule-grid")
            yield DetailPane(classes="detail")

    def view_mounted(self) -> None:
        self.show_grid_or_table(self.table, self.my_schedule_grid)
        if not self.is_open:  # laid out ahead: its first showing has its columns for its width
            self.post_message(self.ReadyAhead(self))

    @property
    def grid(self) -> DayGrid:
        return self.query_one(DayGrid)

    def watch_my_schedule_grid(self, grid: bool) -> None:
        if not self.composed:
            return
        current = self.current_session_id
        self.show_grid_or_table(self.table, self.my_schedule_grid)
        if not grid:  # the terminal may have been resized while the table was hidden
            self.call_after_refresh(self.fit_columns)
        self.refresh_rows()
        if current is not None:
            self.select_session(current)
        if self.is_open:
            (self.grid if grid else self.table).focus()

    def column_widths(self, table_width: int) -> Columns:
        return my_schedule_columns(table_width, rooms=self._has_rooms)

    # -- what comes down: the rows are the bookmarks, shown in the zone, around now ---

    def watch_bookmarks(self) -> None:
        self._rows_changed()

    def watch_zone(self) -> None:
        self._rows_changed()

    def watch_show_past(self) -> None:
        self._rows_changed()

    def watch_gone_bookmarks(self) -> None:
        self._rows_changed()

    def watch_now(self, now: datetime) -> None:
        if now.replace(second=0, microsecond=0) != self._drawn_minute:
            self._rows_changed()

    def _rows_changed(self) -> None:
        if self.composed and self.is_open:
            self.refresh_rows()
        else:  # a hidden tab is filled when it is next opened
            self._stale = True

    def show_opened(self) -> None:
        if self._stale or not self._widths:
            self.refresh_rows()
        if not self._opened_before:  # at first, the cursor on what is on now or next
            self._opened_before = True
            target, _ = session_to_go_to(self.rows_on_show(), self.now, self.bookmarks)
            if target is not None and target.id in self.table.rows:
                self.table.move_cursor(row=self.table.get_row_index(target.id), animate=False)
            if target is not None:
                self.grid.select_session(target.id)
        self.focus_now(self.grid if self.my_schedule_grid else self.table)

    def refresh_rows(self) -> None:
        if not self.composed:
            return  # filled when its tab is opened
        if not self._widths:
            self.on_resize()
            return
        self._stale = False
        zone, now, show_past = self.zone, self.now, self.show_past
        self._drawn_minute = now.replace(second=0, microsecond=0)
        now_utc = utc(now)
        current = self.current_session_id
        bookmarked = self.rows_on_show()
        sessions = bookmarked if show_past else [s for s in bookmarked if not _past(s, now_utc)]
        if self.my_schedule_grid:  # else laid out when it is shown (watch_my_schedule_grid)
            with self.detail_held():  # drawn once, below
                self.grid.show(sessions, zone=zone, now=now, bookmarks=self.bookmarks)
        slots = conflict_slots(bookmarked)
        self.slot_of = {session.id: number for number, slot in enumerate(slots, start=1) for session in slot}
        table = self.table
        table.clear()
        keys = [key for key, *_ in self._widths]

        def add(cells: dict[str, Text], key: str) -> None:
            table.add_row(*(cells.get(column, Text("")) for column in keys), key=key)

        timed = [session for session in bookmarked if not session.all_day]
        now_marked = not timed or not (timed[0].start_utc <= now_utc < max(s.end_utc for s in timed))
        latest: Session | None = None
        for number, session in enumerate(sessions):
            if not now_marked and not session.all_day and session.start_utc > now_utc:
                now_marked = True
                add({"day": Text(day_label(now.astimezone(zone)), style="bold"),
                     "time": Text(f"{NOW_MARK} now {clock(now, zone)}", style="bold"),
                     "title": Text("── sessions to come ──", style="bold")}, NOW_ROW)
            same_day = latest is not None and latest.conference_day == session.conference_day
            if latest is not None and same_day and not session.all_day and session.start_utc > latest.end_utc:
                minutes = int((session.start_utc - latest.end_utc).total_seconds() // 60)
                gap = Text(f"· {duration(minutes)} free", style="dim italic")
                add({"title": gap}, f"{GAP_PREFIX}{number}")
            add(self._cells(session, zone, now_utc), session.id)
            if session.all_day:
                continue  # the day's setting, not a time of it: free time is counted around talks
            if latest is None or not same_day or session.end_utc > latest.end_utc:
                latest = session
        self._add_gone_rows(keys)
        self._summarize(bookmarked, hidden_past=len(bookmarked) - len(sessions), slots=len(slots))
        if current and current in table.rows:
            table.move_cursor(row=table.get_row_index(current), animate=False)
        self.show_detail()

    def _cells(self, session: Session, zone: tzinfo, now_utc: datetime) -> dict[str, Text]:
        past = _past(session, now_utc)
        on_now = not session.all_day and session.start_utc <= now_utc < session.end_utc
        style = PAST_STYLE if past else ""
        slot = self.slot_of.get(session.id)
        times = time_range(session, zone, "–")
        return {
            "day": Text(day_label(session.conference_day), style=style),
            "time": Text(f"{NOW_MARK if on_now else ' '}{times}", style="bold" if on_now else style),
            "flag": Text(f"{CONFLICT}{slot}" if slot else "", style="bold red"),
            # Cut where the column ends, with an ellipsis that says so.
            "room": Text(shown(session.location or ""), style=style, overflow="ellipsis", no_wrap=True),
            "title": Text(shown(session.title), style=style, overflow="ellipsis", no_wrap=True),
            "people": Text(people_label(self.agenda, session), style=style, overflow="ellipsis",
                           no_wrap=True),
        }

    def rows_on_show(self) -> list[Session]:
        """The bookmarked sessions of the agenda, in time order (past ones too)."""
        by_id = self.agenda.sessions_by_id
        return in_order(by_id[i] for i in self.bookmarks if i in by_id)

    def _summarize(self, sessions: list[Session], *, hidden_past: int, slots: int) -> None:
        summary = plural(len(sessions), "bookmarked session")
        if slots:
            summary += f"; {plural(slots, 'time slot')} where you must choose ({CONFLICT})"
        if hidden_past:
            summary += f"; {hidden_past} past hidden (p shows them)"
        if gone := len(self.bookmarks - self.agenda.sessions_by_id.keys()):
            summary += (f"; {gone} cancelled since you bookmarked {'it' if gone == 1 else 'them'}, "
                        "struck through below (b removes the bookmark)")
        if not sessions and not gone:
            summary += " — press b on a session to add it here"
        self.query_one("#my-schedule-summary", Static).update(Text(summary))

    # -- bookmarks whose sessions were cancelled -------------------------------------

    @property
    def current_session_id(self) -> str | None:
        """The highlighted session's id; on a cancelled session's row, its bookmark's id
        (for `b`), though the agenda no longer has it. None on any other row."""
        if self.composed and self.my_schedule_grid:
            return self.grid.current_session_id
        key = self.table.current_key if self.composed else None
        return key if key in self.agenda.sessions_by_id or key in self.bookmarks else None

    def select_session(self, session_id: str) -> bool:
        if self.composed and self.my_schedule_grid:
            found = self.grid.select_session(session_id)
            if found:
                self.grid.focus()
            return found
        return super().select_session(session_id)

    def on_day_grid_zoomed(self, event: DayGrid.Zoomed) -> None:
        event.stop()  # the timeline of days keeps a zoom of its own

    def _add_gone_rows(self, keys: list[str]) -> None:
        """A row for each bookmark the agenda no longer has, after the others: its session
        as last seen, struck through and marked as cancelled in words; or, never seen in
        a copy of the agenda, its id."""
        gone_ids = self.bookmarks - self.agenda.sessions_by_id.keys()
        if not gone_ids:
            return
        last_known, zone = self.gone_bookmarks, self.zone
        for session in (session for session_id, session in last_known.items() if session_id in gone_ids):
            cells = {
                "day": Text(day_label(session.conference_day), style=GONE_STYLE),
                "time": Text.assemble(" ", (time_range(session, zone, "–"), GONE_STYLE)),
                "room": Text(shown(session.location or ""), style=GONE_STYLE),
                "title": Text.assemble(("CANCELLED", "bold red"), " ", (shown(session.title), "strike")),
            }
            self.table.add_row(*(cells.get(key, Text("")) for key in keys), key=session.id)
        for session_id in sorted(gone_ids - last_known.keys()):
            title = Text.assemble(("CANCELLED", "bold red"), " ", (shown(session_id), "strike"),
                                  " (no longer in the agenda)")
            self.table.add_row(*(title if key == "title" else Text("") for key in keys), key=session_id)

    def show_detail(self) -> None:
        """The detail pane follows the cursor; on a cancelled session, it says so."""
        session_id = self.current_session_id
        if not self.composed or session_id is None or session_id in self.agenda.sessions_by_id:
            super().show_detail()
            return
        self._detail_of = session_id
        text = Text()
        text.append("Cancelled: no longer in the agenda", style="bold red")
        if session := self.gone_bookmarks.get(session_id):
            text.append("\n\nAs last seen:\n")
            text.append(shown(session.title), style="bold strike")
            text.append(f"\n{when(session, self.zone)}")
            if session.location:
                text.append(f"\nLocation: {shown(session.location)}")
        else:
            text.append(f"\n\nSession id {shown(session_id)}: not in the copy of the agenda you last saw"
                        " either, so its title and time are not known.")
        text.append("\n\nPress b to remove the bookmark.")
        self.query_one(DetailPane).show(text)


def _past(session: Session, now_utc: datetime) -> bool:
    return not session.all_day and session.end_utc <= now_utc

