"""'+1' on time ranges past midnight in the UI: My schedule, and the detail pane's line
in the laptop's zone when that zone pushes a range past midnight (night-rooms.toml:
Europe/Berlin; the laptop an hour ahead, in Helsinki)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from agenda_tui.agenda_file import load_agenda
from agenda_tui.clock import Clock
from agenda_tui.state_file import StateFile
from agenda_tui.tui.app import make_app
from agenda_tui.tui.widgets.detail_pane import DetailPane
from tests.conftest import TEST_DATA
from tests.tui.conftest import column, settled, started

NIGHT = TEST_DATA / "night-rooms.toml"
BERLIN = ZoneInfo("Europe/Berlin")
HELSINKI = ZoneInfo("Europe/Helsinki")


def night_app(state_dir, bookmarks: list[str]):
    agenda = load_agenda(NIGHT)
    store = StateFile(state_dir / "night-rooms.toml", agenda.conference.id)
    store.set_bookmarks(bookmarks, True)
    return make_app(agenda, store, Clock(datetime(2024, 12, 27, 18, 0, tzinfo=BERLIN), frozen=True),
                    HELSINKI)


async def test_my_schedule_marks_the_night_and_the_laptop_zone_s_midnight(state_dir):
    app = night_app(state_dir, ["talk-a", "night"])
    async with started(app) as pilot:
        app.main.show_tab("my-schedule")
        await settled(pilot)
        table = app.main.query_one("#my-schedule-table")
        assert [t.strip() for t in column(table, "Time") if t] == ["23:00–23:45", "01:00–03:00 +1"]
        await pilot.press("t")  # the laptop's zone: 23:00 in Berlin is midnight in Helsinki
        await settled(pilot)
        assert [t.strip() for t in column(table, "Time") if t] == ["00:00–00:45 +1", "02:00–04:00 +1"]


async def test_the_detail_pane_marks_the_laptop_zone_line(state_dir):
    app = night_app(state_dir, ["talk-a"])
    async with started(app) as pilot:
        app.main.show_tab("my-schedule")
        await settled(pilot)
        detail = app.main.query_one("#my-schedule-view DetailPane", DetailPane).text.plain
        assert "Fri 27 Dec 23:00–23:45 CET" in detail
        assert "Your time: Fri 27 Dec 00:00–00:45 +1 EET" in detail
