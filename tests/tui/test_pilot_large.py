"""Real published schedules open in the TUI; tabs, search and hiding rooms work at
a thousand sessions and dozens of rooms."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import SelectionList

from agenda_tui.importing import import_source
from agenda_tui.schedule import conference_days, rooms, sessions_on
from agenda_tui.search import SearchIndex
from agenda_tui.tui.screens.filter_screen import FilterScreen
from tests.conftest import shared_file
from tests.tui.conftest import active_table, build_app, row_texts, started

BRUSSELS = ZoneInfo("Europe/Brussels")


async def test_fosdem_days_search_and_room_filter(fosdem, state_dir):
    app = build_app(state_dir, agenda=fosdem, at=datetime(2025, 2, 1, 10, 0, tzinfo=BRUSSELS))
    saturday, sunday = conference_days(fosdem)
    async with started(app, (160, 45)) as pilot:
        assert len(row_texts(active_table(app))) == len(sessions_on(fosdem, saturday))
        await pilot.press("2")
        await pilot.pause()
        assert active_table(app).row_count == len(sessions_on(fosdem, sunday))
        assert "Room" in active_table(app).column_labels

        await pilot.press("slash", *"rust")
        await pilot.pause()
        table = active_table(app)
        found = [session.id for session in table.sessions]
        # Every day's matches, Sunday's first.
        assert sorted(found) == sorted(s.id for s in SearchIndex(fosdem).filter(fosdem.sessions, "rust"))
        on_sunday = {s.id for s in sessions_on(fosdem, sunday)}
        here = len(on_sunday.intersection(found))
        assert set(found[:here]) <= on_sunday
        assert 0 < here < len(on_sunday) / 2 and here < len(found)
        await pilot.press("escape")

        room = rooms(fosdem)[0]
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        room_list = app.screen.query_one("#filter-rooms", SelectionList)
        room_list.deselect_all()
        room_list.select(room)
        await pilot.click("#apply")
        await pilot.pause()
        expected = [s.id for s in sessions_on(fosdem, sunday) if s.location == room]
        table = active_table(app)
        assert [session.id for session in table.sessions] == expected
        assert app.main.active_view.has_class("-filtered")

        await pilot.press("f")
        await pilot.pause()
        await pilot.click("#show-all")
        await pilot.pause()
        assert active_table(app).row_count == len(sessions_on(fosdem, sunday))


@pytest.mark.parametrize(("name", "zone"), [
    ("38c3-schedule.xml", None),
    ("rc3-2020-pretalx-schedule.json", "Europe/Berlin"),
    ("pyconuk-2015-schedule.ics", "Europe/London"),
])
async def test_other_real_schedules_open(name, zone, state_dir):
    agenda = import_source(shared_file("data", name), timezone=zone).agenda
    first = sessions_on(agenda, conference_days(agenda)[0])
    app = build_app(state_dir, agenda=agenda, at=first[0].start)
    async with started(app) as pilot:
        assert active_table(app).row_count == len(first)
        await pilot.press("n")
        await pilot.pause()
        assert active_table(app).current_session_id in {s.id for s in first}
