"""During the event: the Now view, My schedule around now, the room in the narrow day
table, and the keys every table shares. On a hand-written agenda with two rooms and a
night (tests/data/night-rooms.toml), on 38C3 and on FOSDEM 2025."""

from __future__ import annotations

import tomllib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Static

from agenda_tui.model import utc
from agenda_tui.tui.screens.session_screen import SessionScreen
from tests.conftest import TEST_DATA
from tests.tui.conftest import active_table, build_app, cell, column, column_labels, settled, started

BERLIN = ZoneInfo("Europe/Berlin")
BRUSSELS = ZoneInfo("Europe/Brussels")
NIGHT = TEST_DATA / "night-rooms.toml"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 12, day, hour, minute, tzinfo=BERLIN)


def summary(app, view_id: str) -> str:
    return app.main.query_one(f"#{view_id}", Static).render().plain


def bookmark(app, *session_ids: str) -> None:
    """As if bookmarked in an earlier run: saved, and what the app shows."""
    app.store.set_bookmarks(session_ids, True)
    app.bookmarks = frozenset(session_ids)


# -- the Now view ----------------------------------------------------------------------

async def test_w_shows_every_room_now_and_next_and_enter_opens_one(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(app) as pilot:
        await pilot.press("w")
        await settled(pilot)
        assert app.main.tabs.active == "now"
        table = active_table(app)
        assert column(table, "Room") == ["Hall A", "Hall B", ""]
        assert column(table, "Title") == ["Late talk in A", "Late talk in B", "Night session"]
        assert column(table, "When") == ["▶ until 23:45", "▶ until 23:45", "  Sat 01:00"]
        assert summary(app, "now-summary").startswith("2 rooms with a session on now")
        await pilot.press("j", "enter")
        await settled(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.id == "talk-b"


async def test_the_now_view_puts_bookmarks_first_and_stars_them(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(app) as pilot:
        await pilot.press("w", "end", "b")  # the night session, in Hall B
        await settled(pilot)
        table = active_table(app)
        assert column(table, "Room") == ["Hall B", "", "Hall A"]
        assert column(table, "★") == [" ", "★", " "]
        assert app.bookmarks == frozenset({"night"})


async def test_the_now_view_follows_the_clock_each_minute(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(app) as pilot:
        await pilot.press("w")
        await settled(pilot)
        app.now = at(28, 1, 30)  # what the minute's tick sets
        await settled(pilot)
        table = active_table(app)
        assert column(table, "Title") == ["Night session"]
        assert column(table, "When") == ["▶ until 03:00"]
        app.now = at(28, 3, 30)
        await settled(pilot)
        assert column(table, "Title") == ["Morning talk in A", "Morning talk in B"]
        assert summary(app, "now-summary").startswith("0 rooms with a session on now, 2 more")


async def test_n_in_the_now_view_stays_there(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(app) as pilot:
        await pilot.press("w", "end", "n")
        await settled(pilot)
        assert app.main.tabs.active == "now"
        assert app.main.current_session_id in {"talk-a", "talk-b"}


async def test_38c3_now_view_lists_each_room_once_main_halls_first(state_dir, ccc):
    moment = at(28, 11, 20)
    app = build_app(state_dir, agenda=ccc, at=moment)
    async with started(app) as pilot:
        await pilot.press("w")
        await settled(pilot)
        table = active_table(app)
        rooms = [room for room in column(table, "Room") if room]
        assert rooms[:3] == ["Saal 1", "Saal GLITCH", "Saal ZIGZAG"]
        assert len(rooms) == len(set(rooms))
        on_now = {s.location for s in ccc.timed_sessions_in_order
                  if s.start_utc <= utc(moment) < s.end_utc}
        marked = [room for room, when in zip(column(table, "Room"), column(table, "When"), strict=True)
                  if when.startswith("▶")]
        assert set(marked) == on_now


async def test_fosdem_now_view_at_80x24_keeps_room_and_title(state_dir, fosdem):
    moment = datetime(2025, 2, 1, 11, 10, tzinfo=BRUSSELS)
    app = build_app(state_dir, agenda=fosdem, at=moment)
    async with started(app, size=(80, 24)) as pilot:
        await pilot.press("w")
        await settled(pilot)
        table = active_table(app)
        assert column_labels(table)[:4] == ["Room", "When", "★", "Title"]
        rooms = [room for room in column(table, "Room") if room]
        on_now = {s.location for s in fosdem.timed_sessions_in_order
                  if s.start_utc <= utc(moment) < s.end_utc}
        assert on_now <= set(rooms)
        assert len(rooms) == len(set(rooms))


# -- My schedule during the event --------------------------------------------------------

async def test_my_schedule_marks_now_dims_the_past_and_opens_on_what_is_next(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(28, 0, 30))
    async with started(app) as pilot:
        bookmark(app, "talk-a", "night", "morning-b")
        app.main.show_tab("my-schedule")
        await settled(pilot)
        table = active_table(app)
        assert column(table, "Title") == [
            "Late talk in A", "── sessions to come ──", "· 1 h 15 min free", "Night session",
            "Morning talk in B"]
        assert column(table, "Room") == ["Hall A", "", "", "Hall B", "Hall B"]
        assert cell(table, 1, "Time") == "▶ now 00:30"
        assert table.get_row_at(0)[0].style == "dim"  # over
        assert table.get_row_at(3)[0].style == ""
        assert app.main.current_session_id == "night"  # the next to start


async def test_p_hides_past_sessions_and_is_remembered(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(28, 2, 0))
    async with started(app) as pilot:
        bookmark(app, "talk-a", "night", "morning-b")
        app.main.show_tab("my-schedule")
        await settled(pilot)
        await pilot.press("p")
        await settled(pilot)
        table = active_table(app)
        assert column(table, "Title") == ["Night session", "── sessions to come ──", "Morning talk in B"]
        assert cell(table, 0, "Time").startswith("▶01:00")
        assert "1 past hidden (p shows them)" in summary(app, "my-schedule-summary")
        await app.saver.drain()
    saved = tomllib.loads((state_dir / "night-rooms.toml").read_text(encoding="utf-8"))
    assert saved["settings"]["show_past"] is False
    again = build_app(state_dir, agenda_path=NIGHT, at=at(28, 2, 0))
    async with started(again) as pilot:
        again.main.show_tab("my-schedule")
        await settled(pilot)
        assert "Late talk in A" not in column(active_table(again), "Title")


async def test_my_schedule_groups_conflicts_into_slots(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(20, 9, 0))
    async with started(app) as pilot:
        bookmark(app, "talk-a", "talk-b", "morning-a", "morning-b", "night")
        app.main.show_tab("my-schedule")
        await settled(pilot)
        table = active_table(app)
        flags = dict(zip(column(table, "Title"), column(table, "⚠"), strict=True))
        assert flags["Late talk in A"] == flags["Late talk in B"] == "⚠1"
        assert flags["Morning talk in A"] == flags["Morning talk in B"] == "⚠2"
        assert flags["Night session"] == ""
        assert "2 time slots where you must choose" in summary(app, "my-schedule-summary")


async def test_j_k_home_and_end_move_in_my_schedule(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(20, 9, 0))
    async with started(app) as pilot:
        bookmark(app, "talk-a", "night", "morning-b")
        app.main.show_tab("my-schedule")
        await settled(pilot)
        await pilot.press("end")
        assert app.main.current_session_id == "morning-b"
        await pilot.press("home")
        assert app.main.current_session_id == "talk-a"
        await pilot.press("j", "j")
        assert app.main.current_session_id == "night"  # past the free time between
        await pilot.press("k", "k")
        assert app.main.current_session_id == "talk-a"


# -- rooms where attendees look ----------------------------------------------------------

async def test_at_80_columns_the_day_table_keeps_the_room_and_drops_the_kind(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(app, size=(80, 24)):
        table = active_table(app)
        assert table.column_labels == ["Time", "★", "Room", "Title"]
        assert "Hall B" in column(table, "Room")
    symposium = build_app(state_dir / "symposium")  # one room: the kind stays
    async with started(symposium, size=(80, 24)):
        assert active_table(symposium).column_labels == ["Time", "★", "Kind", "Title"]


async def test_fosdem_day_table_at_80_columns_shows_rooms(state_dir, fosdem):
    app = build_app(state_dir, agenda=fosdem, at=datetime(2025, 2, 1, 11, 10, tzinfo=BRUSSELS))
    async with started(app, size=(80, 24)):
        table = active_table(app)
        assert "Kind" not in table.column_labels
        session = fosdem.sessions_by_id[table.current_session_id]
        assert cell(table, table.cursor_row, "Room") == session.location


def test_now_view_key_does_not_take_a_reserved_key():
    from agenda_tui.tui.screens.agenda_screen import AgendaScreen
    keys = {key for binding in AgendaScreen.BINDINGS for key in binding.key.split(",")}
    assert "w" in keys
    assert "r" not in keys
    # g is the timeline grid's (issue 17), and no other binding's
    assert [binding.action for binding in AgendaScreen.BINDINGS if "g" in binding.key.split(",")] == [
        "toggle_grid"]


async def test_j_k_home_and_end_move_in_the_now_view(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(app) as pilot:
        await pilot.press("w", "end")
        assert app.main.current_session_id == "night"
        await pilot.press("home", "j")
        assert app.main.current_session_id == "talk-b"
        await pilot.press("k")
        assert app.main.current_session_id == "talk-a"


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_time_past_midnight_shows_its_plus_one_in_the_day_table(state_dir, size):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(app, size) as pilot:
        table = active_table(app)
        row = table.row_of("night")
        assert "01:00–03:00 +1" in table.render_line(row + 1).text  # under the header
        await pilot.press("2")
        await settled(pilot)
        table = active_table(app)
        assert table.render_line(1).text.startswith("  10:00–11:00  ")  # no room kept for a mark
