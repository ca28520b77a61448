"""The Now view's table: in each room, the session on now and the next one, the room's
name on its first row. A DayTable underneath: it keeps the list of rows and draws only the
lines on screen, so a thousand rooms cost a list, not a DataTable row (each of whose cells
DataTable measures) per session."""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set
from datetime import date, datetime, tzinfo
from typing import NamedTuple

from rich.text import Text

from agenda_tui.formatting import clock, people_label
from agenda_tui.model import Agenda, Session
from agenda_tui.schedule import RoomNowNext
from agenda_tui.text import shown
from agenda_tui.tui.detail_text import NOW_MARK, STAR
from agenda_tui.tui.widgets.day_table import DayTable
from agenda_tui.tui.widgets.session_rows_tab import Columns, with_title_and_people

NO_ROOM = "(no room)"


def now_columns(table_width: int, longest_room: int) -> Columns:
    """Room and when first, so they stay in view; people when there is room."""
    room = min(longest_room, 16 if table_width < 100 else 30)
    fixed = [("room", "Room", max(4, room)), ("when", "When", 13), ("star", STAR, 1)]
    return with_title_and_people(fixed, table_width)


class NowRow(NamedTuple):
    """What a session's row shows besides the session: its room's name (on the room's
    first row only) and whether it is the one on now."""

    room_label: str
    on_now: bool


class NowTable(DayTable):
    rows_in_time_order = False  # by room

    def __init__(self, agenda: Agenda, *, longest_room: int, id: str | None = None):
        super().__init__(agenda, id=id)
        self.empty_lines = ()  # the summary above says why
        self._longest_room = longest_room
        self._now_rows: dict[str, NowRow] = {}

    def show_rooms(self, rooms: Iterable[RoomNowNext], *, zone: tzinfo, now: datetime,
                   bookmarks: Set[str], venue: str | None = None) -> None:
        """One or two rows per room, in the order given; with `venue` (an agenda without
        rooms), every room is called that."""
        rows: dict[str, NowRow] = {}
        sessions: list[Session] = []
        for room in rooms:
            label = shown(venue if venue is not None else (room.room or NO_ROOM))
            for position, session in enumerate(room.sessions):
                rows[session.id] = NowRow(label if position == 0 else "", session is room.now)
                sessions.append(session)
        if rows != self._now_rows:
            self._now_rows = rows
            self._forget_lines()  # a room's first row, or the one on now, changed
            self.refresh()
        self.show(sessions, zone=zone, now=now, bookmarks=bookmarks)

    def _set_columns(self) -> None:
        if not self._laid_out:
            return  # worked out at the first resize
        self._use_columns(now_columns(self.size.width or 80, self._longest_room))

    def _cells(self, session: Session, columns: Sequence[tuple[str, str, int]]) -> list[Text]:
        context = self._rows_context
        assert context is not None
        row = self._now_rows[session.id]
        style = "" if row.on_now else "dim"
        today = context.now.astimezone(context.zone).date()
        cells = {
            "room": lambda: Text(row.room_label, style="bold"),
            "when": lambda: _when(session, row.on_now, context.zone, today),
            "star": lambda: Text(STAR if session.id in context.bookmarks else " ", style="bold yellow"),
            "title": lambda: Text(shown(session.title), style=style),
            "people": lambda: Text(people_label(self.agenda, session), style=style),
        }
        return [cells[key]() for key, *_ in columns]


def _when(session: Session, on_now: bool, zone: tzinfo, today: date) -> Text:
    """'▶ until 11:40' for what is on; 'next 12:00', or 'Sun 10:00' on a later day."""
    if on_now:
        return Text(f"{NOW_MARK} until {clock(session.end, zone)}", style="bold")
    start = session.start.astimezone(zone)
    return Text(f"  {'next' if start.date() == today else f'{start:%a}'} {clock(start)}", style="dim")
