"""My schedule: the bookmarked sessions of every day, with conflicts and free time."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container
from textual.widgets import DataTable, Static

from agenda_tui.formatting import day_label, duration, people_label, plural, time_range
from agenda_tui.model import Session
from agenda_tui.schedule import conflicts, in_order
from agenda_tui.text import shown
from agenda_tui.tui.widgets.detail_pane import DetailPane
from agenda_tui.tui.widgets.session_detail_tab import SessionDetailTab

GAP_PREFIX = "gap:"
CONFLICT = "⚠"


def my_schedule_columns(table_width: int) -> list[tuple[str, str, int]]:
    """Day, time and the conflict mark first, so they stay in view; people when there is room."""
    fixed = [("day", "Day", 10), ("time", "Time", 14), ("flag", CONFLICT, 1)]
    spare = max(0, table_width - sum(width + 2 for *_, width in fixed) - 2)
    if spare < 60:
        return [*fixed, ("title", "Title", max(16, spare - 2))]
    people = int(spare * 0.35)
    return [*fixed, ("title", "Title", spare - people - 4), ("people", "People", people - 2)]


class MyScheduleTab(SessionDetailTab):
    """One row per bookmarked session in time order, and a row for each free gap."""

    conflicts: dict[str, list[Session]] = {}
    _widths: list[tuple[str, str, int]] = []
    _stale = False

    def compose(self) -> ComposeResult:
        yield Static("", id="my-schedule-summary")
        with Container(classes="split"):
            yield DataTable(cursor_type="row", zebra_stripes=True, id="my-schedule-table")
            yield DetailPane(classes="detail")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one(DataTable)

    def on_resize(self) -> None:
        widths = my_schedule_columns(self.table.size.width or 80)
        if widths != self._widths:
            self._widths = widths
            self.table.clear(columns=True)
            for key, label, width in widths:
                self.table.add_column(label, key=key, width=width)
            self.refresh_rows()

    # -- what comes down: the rows are the bookmarks, shown in the zone ---------------

    def watch_bookmarks(self) -> None:
        self._bookmarks_changed()

    def watch_zone(self) -> None:
        self._bookmarks_changed()

    def _bookmarks_changed(self) -> None:
        if self.composed and self.is_open:
            self.refresh_rows()
        else:  # a hidden tab is filled when it is next opened
            self._stale = True

    def show_opened(self) -> None:
        if self._stale or not self._widths:
            self.refresh_rows()
        self.table.focus()

    def refresh_rows(self) -> None:
        if not self.composed:
            return  # filled when its tab is opened
        if not self._widths:
            self.on_resize()
            return
        self._stale = False
        zone = self.zone
        current = self.current_session_id
        sessions = self.rows_on_show()
        self.conflicts = conflicts(sessions)
        table = self.table
        table.clear()
        keys = [key for key, *_ in self._widths]
        latest: Session | None = None
        for number, session in enumerate(sessions):
            same_day = latest is not None and latest.conference_day == session.conference_day
            if latest is not None and same_day and not session.all_day and session.start_utc > latest.end_utc:
                minutes = int((session.start_utc - latest.end_utc).total_seconds() // 60)
                gap = {"title": Text(f"· {duration(minutes)} free", style="dim italic")}
                table.add_row(*(gap.get(key, Text("")) for key in keys), key=f"{GAP_PREFIX}{number}")
            clash = self.conflicts.get(session.id)
            cells = {
                "day": Text(day_label(session.conference_day)),
                "time": Text(time_range(session, zone, "–")),
                "flag": Text(CONFLICT if clash else "", style="bold red"),
                "title": Text(shown(session.title)),
                "people": Text(people_label(self.agenda, session)),
            }
            table.add_row(*(cells[key] for key in keys), key=session.id)
            if session.all_day:
                continue  # the day's setting, not a time of it: free time is counted around talks
            if latest is None or not same_day or session.end_utc > latest.end_utc:
                latest = session
        self._summarize(len(sessions))
        if current and current in table.rows:
            table.move_cursor(row=table.get_row_index(current))
        self.show_detail()

    def rows_on_show(self) -> list[Session]:
        """The bookmarked sessions of the agenda, in time order."""
        by_id = self.agenda.sessions_by_id
        return in_order(by_id[i] for i in self.bookmarks if i in by_id)

    # -- what the screen asks (tabs.SessionsTab) ----------------------------------

    @property
    def current_session_id(self) -> str | None:
        if not self.composed or not self.table.row_count:
            return None
        table = self.table
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key if key in self.agenda.sessions_by_id else None  # not a free gap

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

    def _summarize(self, count: int) -> None:
        summary = plural(count, "bookmarked session")
        if self.conflicts:
            summary += f", {len(self.conflicts)} in conflict ({CONFLICT})"
        orphans = sorted(self.bookmarks - set(self.agenda.sessions_by_id))
        if orphans:
            summary += (f"; {plural(len(orphans), 'bookmark')} no longer in the agenda: "
                        + ", ".join(shown(orphan) for orphan in orphans))
        if not count:
            summary += " — press b on a session to add it here"
        self.query_one("#my-schedule-summary", Static).update(Text(summary))

