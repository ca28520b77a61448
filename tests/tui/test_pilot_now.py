"""`n` and the day the app opens on, at a multi-room conference whose nights run past
midnight: a hand-written agenda (tests/data/night-rooms.toml), and 38C3."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from agenda_tui.model import utc
from agenda_tui.schedule import Hidden
from tests.conftest import TEST_DATA
from tests.tui.conftest import active_table, build_app, settled, started

BERLIN = ZoneInfo("Europe/Berlin")
NIGHT = TEST_DATA / "night-rooms.toml"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 12, day, hour, minute, tzinfo=BERLIN)


async def test_after_midnight_the_app_opens_on_the_night_s_day_at_what_comes_next(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(28, 0, 30))
    async with started(app):
        assert app.main.tabs.active == "day-1"
        assert active_table(app).current_session_id == "night"


async def test_n_goes_to_the_talk_just_begun_not_the_day_long_workshop(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(app) as pilot:
        assert active_table(app).current_session_id in {"talk-a", "talk-b"}
        await pilot.press("end", "n")
        await settled(pilot)
        assert active_table(app).current_session_id in {"talk-a", "talk-b"}


async def test_n_keeps_to_the_rooms_not_hidden(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(app) as pilot:
        app.hidden = Hidden(rooms=frozenset({"Hall A"}))
        await settled(pilot)
        await pilot.press("end")
        assert active_table(app).current_session_id == "night"
        await pilot.press("n")
        await settled(pilot)
        assert active_table(app).current_session_id == "talk-b"


async def test_n_in_my_schedule_stays_there(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(app) as pilot:
        await pilot.press("2", "j", "b", "1", "b")  # Morning talk in B, and a late talk
        await settled(pilot)
        app.main.show_tab("my-schedule")
        await settled(pilot)
        view = app.main.active_view
        assert view.select_session("morning-b")
        await pilot.press("n")
        await settled(pilot)
        assert app.main.tabs.active == "my-schedule"
        assert view.current_session_id in {"talk-a", "talk-b"}


async def test_38c3_at_half_past_one_opens_on_friday_with_a_session_on(state_dir, ccc):
    app = build_app(state_dir, agenda=ccc, at=at(28, 1, 30))
    async with started(app):
        assert app.main.tabs.active == "day-1"
        session = ccc.sessions_by_id[active_table(app).current_session_id]
        assert session.start_utc <= utc(at(28, 1, 30)) < session.end_utc


async def test_38c3_n_at_half_past_eleven_picks_what_started_last(state_dir, ccc):
    moment = at(27, 23, 30)
    app = build_app(state_dir, agenda=ccc, at=moment)
    async with started(app) as pilot:
        await pilot.press("home", "n")
        await settled(pilot)
        table = active_table(app)
        chosen = ccc.sessions_by_id[table.current_session_id]
        on_now = [s for s in table.sessions if not s.all_day and s.start_utc <= utc(moment) < s.end_utc]
        assert chosen in on_now
        assert chosen.start_utc == max(s.start_utc for s in on_now if not s.is_break)
        assert chosen.start_utc >= utc(at(27, 22, 0))  # not the 12-hour soldering from noon
