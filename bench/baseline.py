"""The baseline: the bare Textual app users compare agenda-tui against (issue 18).

A Header, a TabbedContent with one TabPane per day, each holding a DataTable with that
day's rows, and a Footer; nothing more. The digit keys switch days (as in agenda-tui).
It holds the same rows as the agenda it stands beside, but none of the agenda machinery:
the bench's parent works the rows out once (`write_rows`) into a small JSON file that
the baseline reads with `json.load`. The day on show is filled before the first frame,
each other day when its tab is first shown (as a bare app would, lest a large agenda's
other days hold up its keys for seconds after the first frame).

`python -m bench.baseline ROWS.json` runs it in the terminal (the pseudo-terminal
starts); `BaselineApp(rows_path)` is used headless. Without a rows file its tables are
empty (the interactions' search figure types into `SearchBaselineApp`'s box).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, TabbedContent, TabPane

COLUMNS = ("Time", "Title", "Room")
EMPTY_DAYS = 5


def day_rows(agenda: Any) -> list[dict[str, object]]:
    """Each conference day's label and rows (time, title, room), as the baseline shows them."""
    from agenda_tui.schedule import conference_days, sessions_on

    days = []
    for day in conference_days(agenda):
        rows = [(f"{session.start:%H:%M}–{session.end:%H:%M}", str(session.title),
                 str(session.location or "")) for session in sessions_on(agenda, day)]
        days.append({"label": f"{day:%a %d %b}", "rows": rows})
    return days


def write_rows(agenda: Any, path: Path) -> Path:
    path.write_text(json.dumps({"days": day_rows(agenda)}, ensure_ascii=False), encoding="utf-8")
    return path


class BaselineApp(App[None]):
    BINDINGS = [("q", "quit", "Quit"),
                *(Binding(str(n), f"day({n})", f"Day {n}", show=False) for n in range(1, 10))]

    def __init__(self, rows_path: Path | None = None) -> None:
        super().__init__()
        if rows_path is not None:
            self.days: list[dict[str, Any]] = json.loads(rows_path.read_text(encoding="utf-8"))["days"]
        else:
            self.days = [{"label": f"Day {n}", "rows": []} for n in range(1, EMPTY_DAYS + 1)]

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent():
            for number, day in enumerate(self.days, start=1):
                with TabPane(day["label"], id=f"day-{number}"):
                    yield DataTable(cursor_type="row", id=f"table-{number}")
        yield Footer()

    def on_mount(self) -> None:
        for number in range(1, len(self.days) + 1):
            self.query_one(f"#table-{number}", DataTable).add_columns(*COLUMNS)
        self._fill(1)

    def _fill(self, number: int) -> None:
        table = self.query_one(f"#table-{number}", DataTable)
        rows = self.days[number - 1]["rows"]
        if rows and not table.row_count:
            table.add_rows(rows)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane_id = event.pane.id or ""
        if pane_id.startswith("day-"):
            self._fill(int(pane_id.removeprefix("day-")))

    def action_day(self, number: int) -> None:
        """Show the day and focus its table, as agenda-tui does (a focused widget left
        behind in a hidden pane would pull its tab back)."""
        if number > len(self.days):
            return
        self.query_one(TabbedContent).active = f"day-{number}"
        self.query_one(f"#table-{number}", DataTable).focus()

    @property
    def active_day(self) -> int | None:
        active = self.query_one(TabbedContent).active
        return int(active.removeprefix("day-")) if active.startswith("day-") else None


class SearchBaselineApp(BaselineApp):
    """The baseline with a search box above the tabs: what typing into a Textual Input
    costs, and showing the box (`/`, focused) and hiding it (escape, the day's table
    focused again), for the search figures' baselines only (the start-up figures use
    BaselineApp)."""

    BINDINGS = [Binding("slash", "open_search", "Search"), Binding("escape", "close_search", "Close")]

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Search", id="search")
        yield from super().compose()

    def action_open_search(self) -> None:
        box = self.query_one("#search", Input)
        box.display = True
        box.focus()

    def action_close_search(self) -> None:
        self.query_one("#search", Input).display = False
        day = self.active_day
        if day is not None:
            self.query_one(f"#table-{day}", DataTable).focus()

    @property
    def search_box_shown(self) -> bool:
        return self.query_one("#search", Input).display


if __name__ == "__main__":
    BaselineApp(Path(sys.argv[1]) if len(sys.argv) > 1 else None).run()
