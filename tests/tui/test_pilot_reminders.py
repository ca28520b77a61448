"""Reminders in the app, with a clock the tests move: the lead time chosen with `l` and
`L`, a reminder that names the room, shown once across restarts, missed ones shown once
at start and after the laptop slept. On tests/data/night-rooms.toml and on 38C3."""

from __future__ import annotations

import io
import tomllib
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.console import Console

from agenda_tui.model import Agenda, utc
from agenda_tui.paths import settings_path
from agenda_tui.state_file import StateFile
from agenda_tui.tui import messages
from agenda_tui.tui.app import AgendaApp
from agenda_tui.tui.screens.session_screen import SessionScreen
from agenda_tui.tui.widgets.detail_pane import DetailPane
from tests.conftest import TEST_DATA
from tests.tui.conftest import SteppedClock, build_app, notifications, settled, started

BERLIN = ZoneInfo("Europe/Berlin")
NIGHT = TEST_DATA / "night-rooms.toml"
REMINDER_TITLES = ("Starting soon", "Missed reminder")


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2024, 12, day, hour, minute, second, tzinfo=BERLIN)


def reminders_shown(app: AgendaApp) -> list[str]:
    """The text of each reminder notification, oldest first."""
    return [n.message for n in notifications(app)
            if n.title in REMINDER_TITLES or n.title.endswith("reminders")]


def bookmark(state_dir: Path, conference_id: str, *session_ids: str) -> None:
    StateFile(state_dir / f"{conference_id}.toml", conference_id).set_bookmarks(session_ids, True)


def detail_text(app: AgendaApp) -> str:
    return app.main.active_view.query_one(DetailPane).text.plain


# -- night-rooms --------------------------------------------------------------------


async def test_l_sets_ten_minutes_and_the_reminder_fires_ten_minutes_before(state_dir):
    bookmark(state_dir, "night-rooms", "talk-a")
    clock = SteppedClock(at(27, 22, 40))
    app = build_app(state_dir, agenda_path=NIGHT, clock=clock)
    async with started(app) as pilot:
        app.main.go_to_session("talk-a")
        await settled(pilot)
        assert "Reminder:" not in detail_text(app)
        await pilot.press("l", "l")  # the default, then 5, then 10 minutes
        await settled(pilot)
        assert "Reminder: 10 min before" in detail_text(app)
        clock.advance(minutes=9, seconds=59)  # 22:49:59
        app.tick()
        await settled(pilot)
        assert reminders_shown(app) == []
        clock.advance(seconds=1)
        app.tick()
        await settled(pilot)
        assert reminders_shown(app) == ["Late talk in A starts in 10 min, Hall A (23:00–23:45)"]
        clock.advance(minutes=1)
        app.tick()
        await settled(pilot)
        assert len(reminders_shown(app)) == 1
    state = tomllib.loads((state_dir / "night-rooms.toml").read_text())
    assert state["reminders"] == {"talk-a": 10}
    assert state["reminded"] == {"talk-a": "2024-12-27T22:00:00Z"}

    again = build_app(state_dir, agenda_path=NIGHT, at=at(27, 22, 52))
    async with started(again) as pilot:
        again.tick()
        await settled(pilot)
        assert reminders_shown(again) == []  # shown before the restart: not again
        assert again.lead_times.of("talk-a") == 10


async def test_a_reminder_missed_while_closed_is_shown_once_at_start(state_dir):
    bookmark(state_dir, "night-rooms", "talk-b", "night", "morning-a")
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 10))
    async with started(app) as pilot:
        await settled(pilot)
        assert reminders_shown(app) == ["Late talk in B began 10 min ago, Hall B (23:00–23:45)"]
        assert [n.title for n in notifications(app) if "Late talk" in n.message] == ["Missed reminder"]
        app.tick()
        await settled(pilot)
        assert len(reminders_shown(app)) == 1
    again = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 20))
    async with started(again) as pilot:
        await settled(pilot)
        assert reminders_shown(again) == []


async def test_several_missed_reminders_are_one_notification(state_dir):
    bookmark(state_dir, "night-rooms", "workshop", "talk-a", "talk-b", "night")
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 10))
    async with started(app) as pilot:
        await settled(pilot)
        [notice] = [n for n in notifications(app) if n.title.endswith("reminders")]
        assert notice.title == "3 missed reminders"
        assert notice.message.splitlines() == [
            "• 12:00 Soldering all day began 11 h 10 min ago, Hall A (12:00–00:00)",
            "• 23:00 Late talk in A began 10 min ago, Hall A (23:00–23:45)",
            "• 23:00 Late talk in B began 10 min ago, Hall B (23:00–23:45)",
        ]


async def test_after_sleeping_two_hours_only_sessions_not_ended_are_reminded_once(state_dir):
    bookmark(state_dir, "night-rooms", "talk-a", "talk-b", "night", "morning-a")
    clock = SteppedClock(at(27, 22, 50))
    app = build_app(state_dir, agenda_path=NIGHT, clock=clock)
    async with started(app) as pilot:
        await settled(pilot)
        assert reminders_shown(app) == []
        clock.advance(hours=2)  # 00:50: both late talks came and went while it slept
        app.tick()
        await settled(pilot)
        assert reminders_shown(app) == []  # the night session's reminder is at 00:55
        app.main.go_to_session("night")
        await settled(pilot)
        await pilot.press("l", "l", "l")  # 5, 10, 15 minutes: due since 00:45
        await settled(pilot)
        assert reminders_shown(app) == ["Night session starts in 10 min, Hall B (01:00–03:00 +1)"]
        clock.advance(hours=2)  # asleep again, past the night session's end
        app.tick()
        await settled(pilot)
        assert len(reminders_shown(app)) == 1


async def test_waking_up_shows_a_reminder_missed_in_sleep_once(state_dir):
    bookmark(state_dir, "night-rooms", "talk-a", "night")
    clock = SteppedClock(at(27, 22, 30))
    app = build_app(state_dir, agenda_path=NIGHT, clock=clock)
    async with started(app) as pilot:
        await settled(pilot)
        clock.advance(hours=2, minutes=30)  # 01:00: talk-a is over, the night session begins
        app.tick()
        await settled(pilot)
        assert reminders_shown(app) == ["Night session starts now, Hall B (01:00–03:00 +1)"]
        [notice] = [n for n in notifications(app) if "Night session" in n.message]
        assert notice.title == "Missed reminder"
        clock.advance(seconds=15)
        app.tick()
        await settled(pilot)
        assert len(reminders_shown(app)) == 1


async def test_capital_l_sets_the_default_in_the_settings_file_and_off_silences(state_dir):
    bookmark(state_dir, "night-rooms", "talk-a")
    clock = SteppedClock(at(27, 22, 40))
    app = build_app(state_dir, agenda_path=NIGHT, clock=clock)
    async with started(app) as pilot:
        await pilot.press("L", "L", "L")  # 10, 15, off
        await settled(pilot)
        assert tomllib.loads(settings_path().read_text()) == {"reminder_minutes": 0}
        clock.advance(minutes=16)  # 22:56
        app.tick()
        await settled(pilot)
        assert reminders_shown(app) == []
        await pilot.press("L")  # 5 minutes: due since 22:55
        await settled(pilot)
        assert reminders_shown(app) == ["Late talk in A starts in 4 min, Hall A (23:00–23:45)"]
    assert tomllib.loads(settings_path().read_text()) == {"reminder_minutes": 5}


async def test_a_bad_settings_file_is_one_warning_and_the_app_runs(state_dir):
    settings_path().parent.mkdir(parents=True)
    settings_path().write_text('reminder_minutes = "soon"\nkept = true\n')
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 22, 40))
    async with started(app) as pilot:
        await settled(pilot)
        [warning] = [n.message for n in notifications(app) if n.title == "Settings"]
        assert warning == (f"{settings_path()}: reminder_minutes: Input should be a valid "
                           "integer (got 'soon'); the default holds for it")
        assert app.lead_times.default == 5
        await pilot.press("L")
        await settled(pilot)
    assert tomllib.loads(settings_path().read_text()) == {"reminder_minutes": 10, "kept": True}


# -- 38C3 -----------------------------------------------------------------------------


def _in_rooms(agenda: Agenda, after: datetime, count: int) -> list[str]:
    """The first `count` timed sessions with a room that start after `after`, each at a
    different time."""
    chosen: list[str] = []
    starts: set[datetime] = set()
    for session in agenda.timed_sessions_in_order:
        if session.start_utc > utc(after) and session.location and session.start_utc not in starts:
            chosen.append(session.id)
            starts.add(session.start_utc)
            if len(chosen) == count:
                break
    return chosen


async def test_38c3_l_in_the_session_screen_and_no_repeat_after_a_restart(state_dir, ccc):
    start = at(28, 10, 30)
    [session_id] = _in_rooms(ccc, start + timedelta(minutes=30), 1)
    session = ccc.sessions_by_id[session_id]
    bookmark(state_dir, ccc.conference.id, session_id)
    clock = SteppedClock(start)
    app = build_app(state_dir, agenda=ccc, clock=clock)
    async with started(app) as pilot:
        app.post_message(messages.OpenSession(session_id))
        await settled(pilot)
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("l", "l")
        await settled(pilot)
        detail = str(app.screen.query_one("#session-screen-detail").render())
        assert "Reminder: 10 min before" in detail
        clock.moment = session.start - timedelta(minutes=10, seconds=1)
        app.tick()
        await settled(pilot)
        assert reminders_shown(app) == []
        clock.advance(seconds=1)
        app.tick()
        await settled(pilot)
        [text] = reminders_shown(app)
        assert text.startswith(f"{session.title} starts in 10 min, {session.location} (")
    again = build_app(state_dir, agenda=ccc, at=session.start - timedelta(minutes=5))
    async with started(again) as pilot:
        await settled(pilot)
        assert reminders_shown(again) == []


async def test_38c3_sleep_reminds_only_of_sessions_not_ended(state_dir, ccc):
    start = at(28, 10, 30)
    sessions = ccc.sessions_by_id
    chosen = _in_rooms(ccc, start, 40)
    wake = utc(start + timedelta(hours=2))
    # One that ends while the laptop sleeps, and one on when it wakes.
    ended = next(i for i in chosen if sessions[i].end_utc < wake)
    on = next(i for i in chosen if sessions[i].start_utc < wake < sessions[i].end_utc)
    bookmark(state_dir, ccc.conference.id, ended, on)
    clock = SteppedClock(start)
    app = build_app(state_dir, agenda=ccc, clock=clock)
    async with started(app) as pilot:
        await settled(pilot)
        assert reminders_shown(app) == []
        clock.moment = wake
        app.tick()
        await settled(pilot)
        [text] = reminders_shown(app)
        assert text.startswith(f"{sessions[on].title} began ")
        assert f", {sessions[on].location} (" in text
        assert sessions[ended].title not in text
        clock.advance(seconds=15)
        app.tick()
        await settled(pilot)
        assert len(reminders_shown(app)) == 1


async def test_bookmarking_a_session_already_on_raises_no_missed_reminder(state_dir):
    clock = SteppedClock(at(27, 23, 10))
    app = build_app(state_dir, agenda_path=NIGHT, clock=clock)
    async with started(app) as pilot:
        app.main.go_to_session("talk-b")
        await settled(pilot)
        await pilot.press("b")
        await settled(pilot)
        clock.advance(seconds=15)
        app.tick()
        await settled(pilot)
        assert app.bookmarks == {"talk-b"}
        assert reminders_shown(app) == []
    again = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 11))
    async with started(again) as pilot:
        await settled(pilot)
        assert reminders_shown(again) == []


async def test_the_keys_are_in_the_palette_and_the_help(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 22, 40))
    async with started(app) as pilot:
        commands = {command.title: command.help for command in app.get_system_commands(app.main)}
        assert commands["Reminder"].endswith("(l)")
        assert commands["Reminders"].endswith("(L)")
        await pilot.press("question_mark")
        await settled(pilot)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.screen.query_one("BindingsTable").render())  # the help panel's table
        lines = console.export_text().splitlines()
        assert any(line.split()[:3] == ["l", "Reminder", "This"] for line in lines), lines
        assert any(line.split()[:3] == ["L", "Reminders", "Reminders"] for line in lines), lines
