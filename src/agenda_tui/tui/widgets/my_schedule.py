"""My schedule: the bookmarked sessions of every day, with conflicts and free time."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container
from textual.widgets import DataTable, Static

from agenda_tui.formatting import people_label, plural
from agenda_tui.model import Agenda, Session
from agenda_tui.schedule import conflicts, in_order
from agenda_tui.text import clean
from agenda_tui.tui.view import time_span
from agenda_tui.tui.widgets.session_pane import SessionPane

GAP_PREFIX = "gap:"


class MySchedule(Container):
    """One row per bookmarked session in time order, and a row for each free gap."""

    def __init__(self, agenda: Agenda, *, id: str):
        super().__init__(id=id, classes="session-view")
        self.agenda = agenda
        self.conflicts: dict[str, list[Session]] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="my-schedule-summary")
        with Container(classes="split"):
            yield DataTable(cursor_type="row", zebra_stripes=True, id="my-schedule-table")
            yield SessionPane(classes="detail")

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        for key, label, width in (("day", "Day", 10), ("time", "Time", 11), ("title", "Title", 46),
                                  ("people", "People", 34), ("flag", "", 24)):
            self.table.add_column(label, key=key, width=width)

    @property
    def current_session_id(self) -> str | None:
        if not self.table.row_count:
            return None
        key = self.table.coordinate_to_cell_key(self.table.cursor_coordinate).row_key.value
        return None if key.startswith(GAP_PREFIX) else key

    def refresh_rows(self) -> None:
        app = self.app
        zone = app.display_zone_info
        current = self.current_session_id
        sessions = in_order(self.agenda.sessions_by_id[i] for i in app.bookmarks
                            if i in self.agenda.sessions_by_id)
        self.conflicts = conflicts(sessions)
        table = self.table
        table.clear()
        latest: Session | None = None
        for gap_number, session in enumerate(sessions):
            if latest and latest.conference_day == session.conference_day \
                    and session.start > latest.end:
                minutes = int((session.start - latest.end).total_seconds() // 60)
                table.add_row(Text(""), Text(""), Text(f"· {_duration(minutes)} free", style="dim italic"),
                              Text(""), Text(""), key=f"{GAP_PREFIX}{gap_number}")
            clash = self.conflicts.get(session.id)
            start = session.start.astimezone(zone)
            table.add_row(
                Text(f"{start:%a %-d %b}"),
                Text(time_span(session, zone)),
                Text(clean(session.title)),
                Text(people_label(self.agenda, session)),
                Text(f"⚠ conflict ({len(clash)})" if clash else "", style="bold red"),
                key=session.id,
            )
            latest = session if latest is None or session.end > latest.end \
                or latest.conference_day != session.conference_day else latest
        orphans = sorted(set(app.bookmarks) - set(self.agenda.sessions_by_id))
        summary = plural(len(sessions), "bookmarked session")
        if self.conflicts:
            summary += f", {len(self.conflicts)} in conflict"
        if orphans:
            summary += f"; {len(orphans)} bookmark(s) no longer in the agenda: " + ", ".join(
                clean(orphan) for orphan in orphans)
        if not sessions:
            summary += " — press b on a session to add it here"
        self.query_one("#my-schedule-summary", Static).update(Text(summary))
        if current and current in table.rows:
            table.move_cursor(row=table.get_row_index(current))
        self.refresh_detail()

    def refresh_detail(self) -> None:
        session_id = self.current_session_id
        self.query_one(SessionPane).show_session(
            self.agenda.sessions_by_id.get(session_id) if session_id else None)

    def set_star(self, session_id: str, bookmarked: bool) -> None:
        self.refresh_rows()

    def focus_main(self) -> None:
        self.table.focus()

    def select_session(self, session_id: str) -> bool:
        if session_id in self.table.rows:
            self.table.move_cursor(row=self.table.get_row_index(session_id))
            self.table.focus()
            return True
        return False

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.refresh_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if not event.row_key.value.startswith(GAP_PREFIX):
            self.app.open_session(event.row_key.value)


def _duration(minutes: int) -> str:
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    return f"{hours} h" if hours else f"{minutes} min"
