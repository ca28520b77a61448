"""Apps for Pilot and snapshot tests: fixed clock, fixed laptop zone, a private state file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import DataTable

from agenda_tui.agenda_file import load_agenda
from agenda_tui.clock import Clock
from agenda_tui.model import Agenda
from agenda_tui.paths import embedded_agenda_path
from agenda_tui.state_file import StateFile
from agenda_tui.tui.app import AgendaApp, make_app
from agenda_tui.tui.widgets.day_table import DayTable

# A laptop in Berlin looking at a conference in Cambridge, MA: the two zones
# differ, so "your time" shows in the detail pane and `t` changes the table.
LAPTOP_ZONE = ZoneInfo("Europe/Berlin")
EVENT_ZONE = ZoneInfo("America/New_York")
DURING_DAY_ONE = datetime(2024, 3, 14, 10, 15, tzinfo=EVENT_ZONE)


def build_app(state_dir: Path, *, at: datetime = DURING_DAY_ONE,
              agenda_path: Path | None = None, agenda: Agenda | None = None) -> AgendaApp:
    agenda = agenda or load_agenda(agenda_path or embedded_agenda_path())
    store = StateFile(state_dir / f"{agenda.conference.id}.toml", agenda.conference.id)
    return make_app(agenda, store, Clock(at, frozen=True), LAPTOP_ZONE)


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def app(state_dir: Path) -> AgendaApp:
    return build_app(state_dir)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch):
    """Blinking cursors make screenshots differ from run to run."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)
    monkeypatch.setattr(TextArea, "cursor_blink", False, raising=False)


def row_texts(table: DataTable | DayTable) -> list[list[str]]:
    return [[cell.plain for cell in table.get_row_at(index)] for index in range(table.row_count)]


def active_table(app: AgendaApp) -> DayTable:
    return app.main.active_view.table
