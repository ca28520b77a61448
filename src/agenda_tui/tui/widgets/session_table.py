"""A DataTable of sessions: time, bookmark star, kind, title, people, track."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from agenda_tui.formatting import kind_label, people_label, time_range
from agenda_tui.model import Agenda, Session, utc
from agenda_tui.schedule import in_order
from agenda_tui.text import shown
from agenda_tui.tui.view import NOW_MARK, STAR

FIXED_COLUMNS = (("time", "Time", 12), ("star", STAR, 1), ("kind", "Kind", 8))
CELL_PADDING = 2  # DataTable pads each cell by one column on either side


def column_widths(table_width: int, *, rooms: bool, tracks: bool) -> list[tuple[str, str, int]]:
    """Fixed columns, then the title, then as many of room, people and track as fit.

    Narrow tables show the title alone: the detail pane beside or below says the rest.
    """
    fixed = sum(width for *_, width in FIXED_COLUMNS) + CELL_PADDING * len(FIXED_COLUMNS)
    spare = max(0, table_width - fixed - 2)  # 2: the vertical scrollbar
    optional = [("room", "Room", 0.2)] if rooms else []
    optional.append(("people", "People", 0.3))
    if tracks:
        optional.append(("track", "Track", 0.18))
    # Extra columns once the title can keep about 40 cells beside them.
    chosen = optional[: sum(spare >= needed for needed in (60, 85, 115))]
    shares = {key: share for key, _, share in chosen}
    title = spare - sum(int(spare * share) for share in shares.values())
    columns = [*FIXED_COLUMNS, ("title", "Title", max(16, title - CELL_PADDING))]
    columns += [(key, label, int(spare * share) - CELL_PADDING) for key, label, share in chosen]
    return columns


class SessionTable(DataTable):
    """Rows keyed by session id; breaks dimmed; the session on now marked."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, agenda: Agenda, *, id: str | None = None):
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.agenda = agenda
        self.sessions: list[Session] = []
        self._descending = False
        self._shown: dict | None = None
        self._widths: list[tuple[str, str, int]] = []
        self._has_rooms = any(session.location for session in agenda.sessions)

    def on_mount(self) -> None:
        self._fit_columns()

    def on_resize(self) -> None:
        current = self.current_session_id  # refitting the columns clears the rows
        if self._fit_columns() and self._shown is not None:
            self.show(self.sessions, **self._shown)
            if current is not None:
                self.select_session(current)

    def _fit_columns(self) -> bool:
        widths = column_widths(self.size.width or 80, rooms=self._has_rooms,
                               tracks=bool(self.agenda.tracks))
        if widths == self._widths:
            return False
        self._widths = widths
        self.clear(columns=True)
        for key, label, width in widths:
            self.add_column(label, key=key, width=width)
        return True

    def show(self, sessions: Iterable[Session], *, zone: tzinfo, now: datetime,
             bookmarks: set[str]) -> None:
        """Replace the rows, keeping the cursor on the same session where it stays."""
        current = self.current_session_id
        self._shown = {"zone": zone, "now": now, "bookmarks": bookmarks}
        self.sessions = in_order(sessions)[:: -1 if self._descending else 1]
        self.clear()
        for session in self.sessions:
            self.add_row(*self._cells(session, zone, now, session.id in bookmarks), key=session.id)
        if current is not None:
            self.select_session(current)

    def _cells(self, session: Session, zone: tzinfo, now: datetime, bookmarked: bool) -> list[Text]:
        style = "dim" if session.is_break else ""
        on_now = session.start_utc <= utc(now) < session.end_utc
        time_text = f"{NOW_MARK if on_now else ' '}{time_range(session, zone, '–')}"
        track = self.agenda.tracks_by_id.get(session.track) if session.track else None
        cells = {
            "time": Text(time_text, style="bold" if on_now else style),
            "star": Text(STAR if bookmarked else " ", style="bold yellow"),
            "kind": Text(kind_label(session), style=style),
            "title": Text(shown(session.title), style=style),
            "room": Text(shown(session.location), style=style),
            "people": Text(people_label(self.agenda, session), style=style),
            "track": Text(shown(track.title) if track else "", style=style),
        }
        return [cells[key] for key, *_ in self._widths]

    def set_star(self, session_id: str, bookmarked: bool) -> None:
        if session_id in self.rows:
            self.update_cell(session_id, "star", Text(STAR if bookmarked else " ", style="bold yellow"))

    @property
    def current_session_id(self) -> str | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def select_session(self, session_id: str) -> bool:
        if session_id not in self.rows:
            return False
        self.move_cursor(row=self.get_row_index(session_id))
        return True

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """Clicking the Time header flips between earliest and latest first."""
        event.stop()
        if event.column_key.value == "time" and self._shown is not None:
            self._descending = not self._descending
            self.show(self.sessions, **self._shown)
