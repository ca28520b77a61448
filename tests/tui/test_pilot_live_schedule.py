"""A schedule that has a URL, in the app: `r`, the background refresh on the app's clock,
the age in the header, and one notification that counts only the user's bookmarks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agenda_tui.agenda_file import load_agenda
from agenda_tui.agenda_source import read_record, record_path, write_record
from agenda_tui.fetch import FetchLimits
from agenda_tui.paths import agendas_dir, installed_agenda_path, settings_path
from agenda_tui.state_file import StateFile
from agenda_tui.tui.screens.agenda_screen import CHANGES_TAB, MY_SCHEDULE_TAB
from agenda_tui.tui.screens.session_screen import SessionScreen
from tests.cli_support import run
from tests.schedule_server import FRAB_V1, KEYNOTE, PANEL, SOLDERING, Route, frab_v2
from tests.tui.conftest import SteppedClock, build_app, notifications, settled, started

ID = "tinyconf-2024"
BERLIN = ZoneInfo("Europe/Berlin")
SATURDAY_MORNING = datetime(2024, 3, 9, 9, 0, tzinfo=BERLIN)
FETCHED = datetime(2024, 3, 9, 7, 42, tzinfo=UTC)  # 08:42 in Berlin
FAST = FetchLimits(connect_seconds=2, total_seconds=5)


@pytest.fixture
def installed(schedule_server, capsys) -> str:
    """Tiny Conference installed from its URL, its copy fetched at 08:42 on its first day."""
    url = schedule_server.url("/schedule.xml")
    schedule_server.routes["/schedule.xml"] = Route(FRAB_V1, etag='"v1"')
    code, _, err = run(capsys, "import", url, "--install")
    assert code == 0, err
    record = read_record(record_path(ID))
    assert record is not None
    write_record(record_path(ID), replace(record, fetched_at=FETCHED))
    return url


def live_app(state_dir: Path, *, at: datetime = SATURDAY_MORNING, clock=None, bookmarks=(), **options):
    """The app on the installed agenda as `agenda-tui --agenda tinyconf-2024` opens it,
    after the user has looked at it once (so that changes since are shown)."""
    agenda = load_agenda(installed_agenda_path(ID))
    store = StateFile(state_dir / f"{ID}.toml", ID)
    store.mark_seen(agenda)
    store.set_bookmarks(bookmarks, True)
    options.setdefault("fetch_limits", FAST)
    return build_app(state_dir, agenda=agenda, at=at, clock=clock, source=read_record(record_path(ID)),
                     **options)


def requests(server) -> int:
    return len(server.requests_to("/schedule.xml"))


def texts(app) -> list[str]:
    return [notification.message for notification in notifications(app)]


def agenda_files() -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(agendas_dir().iterdir())
            if not path.name.endswith(".lock")}


async def test_the_header_says_how_old_the_copy_is(installed, schedule_server, state_dir):
    app = live_app(state_dir, at=datetime(2024, 3, 20, 9, 0, tzinfo=BERLIN))  # after: no refresh
    async with started(app):
        assert app.sub_title == "Wed 09:00 CET · schedule of 9 Mar 08:42"
    app = live_app(state_dir)
    async with started(app) as pilot:
        await settled(pilot)
        assert app.sub_title == "Sat 09:00 CET · schedule of 08:42"  # unchanged: still the copy of 08:42


async def test_at_start_during_the_conference_a_changed_schedule_replaces_the_copy(
        installed, schedule_server, state_dir):
    schedule_server.routes["/schedule.xml"] = Route(frab_v2(), etag='"v2"')
    app = live_app(state_dir, bookmarks=[SOLDERING, PANEL])
    async with started(app) as pilot:
        await settled(pilot)
        assert requests(schedule_server) == 2  # the import's and the app's
        assert app.agenda.sessions_by_id[KEYNOTE].title == "Opening Keynote: Why Tiny"
        assert app.main.agenda is app.agenda
        # One notification, counting the bookmarks only (the retitled keynote is not one).
        assert [t for t in texts(app) if "changed" in t] == [
            "2 of your bookmarked sessions changed: see the Changes tab."]
        assert str(app.main.tabs.get_tab(CHANGES_TAB).label) == "Changes (3)"
        # When it was fetched: the real time, in the record and the header, not the app's clock.
        record = read_record(record_path(ID))
        assert record is not None and record.fetched_at is not None
        assert abs(record.fetched_at - datetime.now(UTC)).total_seconds() < 600
        fetched = record.fetched_at.astimezone(BERLIN)
        assert app.sub_title == f"Sat 09:00 CET · schedule of {fetched.day} {fetched:%b %Y %H:%M}"
        assert PANEL in app.gone_bookmarks
        # Installed for the next start, with what identifies it.
        assert load_agenda(installed_agenda_path(ID)).sessions_by_id[KEYNOTE].title.endswith("Why Tiny")
        record = read_record(record_path(ID))
        assert record is not None and record.etag == '"v2"'


async def test_changes_to_no_bookmark_stay_quiet_and_show_in_the_changes_tab(
        installed, schedule_server, state_dir):
    schedule_server.routes["/schedule.xml"] = Route(frab_v2())
    app = live_app(state_dir)
    async with started(app) as pilot:
        await settled(pilot)
        assert app.agenda.sessions_by_id[KEYNOTE].title.endswith("Why Tiny")
        assert not [t for t in texts(app) if "changed" in t]
        assert app.main.tabs.get_tab(CHANGES_TAB).display


async def test_r_refreshes_and_says_unchanged_and_writes_nothing(installed, schedule_server, state_dir):
    app = live_app(state_dir, at=datetime(2024, 4, 1, 9, 0, tzinfo=BERLIN))  # long after: only `r`
    async with started(app) as pilot:
        await settled(pilot)
        assert requests(schedule_server) == 1
        before = agenda_files()
        await pilot.press("r")
        await settled(pilot)
        assert requests(schedule_server) == 2
        assert "The schedule is unchanged." in texts(app)
        assert agenda_files() == before


async def test_a_failed_refresh_keeps_the_copy_and_warns_quietly(installed, schedule_server, state_dir):
    schedule_server.routes["/schedule.xml"] = Route(b"<html><body>Bad gateway</body></html>", status=502)
    app = live_app(state_dir)
    async with started(app) as pilot:
        await settled(pilot)
        before = agenda_files()
        agenda = app.agenda
        failed = [n for n in notifications(app) if n.title == "Refresh failed: your copy is kept"]
        assert len(failed) == 1 and failed[0].severity == "warning"
        assert failed[0].message == "The server answered 502 Bad Gateway"
        await pilot.press("r")
        await settled(pilot)
        assert len([n for n in notifications(app) if n.title.startswith("Refresh failed")]) == 2
        assert app.agenda is agenda and agenda_files() == before
        await pilot.press("j", "b")  # the app goes on
        await settled(pilot)
        assert app.bookmarks


async def test_the_background_refresh_follows_the_app_clock(installed, schedule_server, state_dir):
    clock = SteppedClock(SATURDAY_MORNING)
    app = live_app(state_dir, clock=clock)
    async with started(app) as pilot:
        await settled(pilot)
        assert requests(schedule_server) == 2  # at start
        clock.advance(minutes=29)
        app.tick()
        await settled(pilot)
        assert requests(schedule_server) == 2
        clock.advance(minutes=1)
        app.tick()
        await settled(pilot)
        assert requests(schedule_server) == 3
        assert schedule_server.requests_to("/schedule.xml")[-1]["if-none-match"] == '"v1"'
        # Quiet: an unchanged schedule says nothing.
        assert not [n for n in notifications(app) if n.title in ("Refresh", "Schedule updated")]
        clock.advance(days=3)  # two days after the conference: no more refreshes
        app.tick()
        await settled(pilot)
        assert requests(schedule_server) == 3


async def test_an_interval_of_zero_turns_off_only_the_automatic_refresh(
        installed, schedule_server, state_dir):
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("refresh_minutes = 0\n")
    clock = SteppedClock(SATURDAY_MORNING)
    app = live_app(state_dir, clock=clock)
    async with started(app) as pilot:
        await settled(pilot)
        clock.advance(hours=2)
        app.tick()
        await settled(pilot)
        assert requests(schedule_server) == 1
        await pilot.press("r")
        await settled(pilot)
        assert requests(schedule_server) == 2


async def test_offline_the_app_connects_to_nothing(installed, schedule_server, state_dir, offline):
    clock = SteppedClock(SATURDAY_MORNING)
    app = live_app(state_dir, clock=clock, offline=True)
    async with started(app) as pilot:
        await settled(pilot)
        clock.advance(hours=1)
        app.tick()
        await pilot.press("r")
        await settled(pilot)
        assert any(t.startswith("Offline") for t in texts(app))
    assert offline == []


async def test_r_on_an_agenda_without_a_url_says_so_and_connects_to_nothing(state_dir, offline):
    app = build_app(state_dir)
    async with started(app) as pilot:
        await pilot.press("r")
        await settled(pilot)
        assert any("not imported from a URL" in t for t in texts(app))
    assert offline == []


async def test_the_refreshed_agenda_opens_where_the_user_was(installed, schedule_server, state_dir):
    app = live_app(state_dir, at=datetime(2024, 4, 1, 9, 0, tzinfo=BERLIN), bookmarks=[KEYNOTE, SOLDERING])
    async with started(app) as pilot:
        await settled(pilot)
        app.main.show_tab(MY_SCHEDULE_TAB)
        await settled(pilot)
        app.main.active_view.select_session(SOLDERING)
        schedule_server.routes["/schedule.xml"] = Route(frab_v2())
        await pilot.press("r")
        await settled(pilot)
        assert app.main.agenda.sessions_by_id[KEYNOTE].title.endswith("Why Tiny")
        assert app.main.tabs.active == MY_SCHEDULE_TAB
        assert app.main.current_session_id == SOLDERING


async def test_a_screen_open_over_the_main_one_is_left_alone_until_it_closes(
        installed, schedule_server, state_dir):
    app = live_app(state_dir, at=datetime(2024, 4, 1, 9, 0, tzinfo=BERLIN))
    async with started(app) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, SessionScreen)
        old_main = app.main
        schedule_server.routes["/schedule.xml"] = Route(frab_v2())
        app.action_refresh()  # as the background refresh does, while the user reads a session
        await settled(pilot)
        assert app.agenda.sessions_by_id[KEYNOTE].title.endswith("Why Tiny")
        assert isinstance(app.screen, SessionScreen) and app.main is old_main
        await pilot.press("escape")
        await settled(pilot)
        assert app.main is not old_main and app.main.agenda.sessions_by_id[KEYNOTE].title.endswith("Why Tiny")


@pytest.mark.parametrize("case", ["after the conference", "refresh_minutes = 0"])
async def test_nothing_connects_when_no_refresh_is_due(installed, state_dir, offline, case):
    # `offline` comes after `installed`: the import fetched; from here nothing may connect.
    at = SATURDAY_MORNING
    if case == "after the conference":
        at = datetime(2024, 3, 12, 9, 0, tzinfo=BERLIN)  # two days after its last day
    else:
        settings_path().parent.mkdir(parents=True, exist_ok=True)
        settings_path().write_text("refresh_minutes = 0\n")
    clock = SteppedClock(at)
    app = live_app(state_dir, clock=clock)
    async with started(app) as pilot:
        await settled(pilot)
        for _ in range(3):
            clock.advance(minutes=45)
            app.tick()
            await settled(pilot)
        await pilot.press("j", "b", "w", "slash", *"panel", "escape")
        await settled(pilot)
    assert offline == []


async def test_a_search_being_typed_is_not_swept_away(installed, schedule_server, state_dir):
    app = live_app(state_dir, at=datetime(2024, 4, 1, 9, 0, tzinfo=BERLIN))
    async with started(app) as pilot:
        await settled(pilot)
        await pilot.press("slash", *"sold")
        await settled(pilot)
        old_main = app.main
        schedule_server.routes["/schedule.xml"] = Route(frab_v2())
        app.action_refresh()
        await settled(pilot)
        assert app.main is old_main and app.focused is not None and app.focused.id.endswith("-search")
        await pilot.press(*"er")  # typed into the box, not `r`
        assert app.focused.value == "solder"
        await pilot.press("escape", "escape")
        app.tick()
        await settled(pilot)
        assert app.main is not old_main and app.main.agenda.sessions_by_id[KEYNOTE].title.endswith("Why Tiny")


async def test_the_search_on_show_is_kept_when_a_new_copy_comes(installed, schedule_server, state_dir):
    app = live_app(state_dir, at=datetime(2024, 4, 1, 9, 0, tzinfo=BERLIN))
    async with started(app) as pilot:
        await settled(pilot)
        await pilot.press("slash", *"keynote", "enter")
        await settled(pilot)
        assert [s.title for s in app.main.active_view.rows_on_show()] == ["Opening Keynote"]
        schedule_server.routes["/schedule.xml"] = Route(frab_v2())
        await pilot.press("r")
        await settled(pilot)
        view = app.main.active_view
        assert view.search_box.value == "keynote"
        assert [s.title for s in view.rows_on_show()] == ["Opening Keynote: Why Tiny"]  # the new copy's


async def test_a_refresh_that_breaks_unexpectedly_does_not_stop_the_next(
        installed, schedule_server, state_dir, monkeypatch):
    from agenda_tui import refresh

    real = refresh.refresh_installed
    calls = []

    def breaks_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise KeyError("something nobody foresaw")
        return real(*args, **kwargs)

    monkeypatch.setattr(refresh, "refresh_installed", breaks_once)
    app = live_app(state_dir, at=datetime(2024, 4, 1, 9, 0, tzinfo=BERLIN))
    async with started(app) as pilot:
        await settled(pilot)
        await pilot.press("r")
        await settled(pilot)
        assert [n.title for n in notifications(app)].count("Refresh failed: your copy is kept") == 1
        await pilot.press("r")
        await settled(pilot)
        assert len(calls) == 2 and "The schedule is unchanged." in texts(app)


async def test_quitting_does_not_wait_for_a_fetch_under_way(installed, schedule_server, state_dir):
    import threading

    schedule_server.routes["/schedule.xml"] = Route(FRAB_V1 * 8, chunk_seconds=0.5)  # ten seconds
    app = live_app(state_dir, fetch_limits=FetchLimits(connect_seconds=2, total_seconds=60))
    async with started(app) as pilot:
        await pilot.pause()
        for _ in range(50):
            if any(t.name == "agenda-tui-refresh" for t in threading.enumerate()):
                break
            await pilot.pause(0.05)
        fetching = [t for t in threading.enumerate() if t.name == "agenda-tui-refresh"]
        assert fetching and all(t.daemon for t in fetching)
    assert any(t.is_alive() for t in fetching)  # the app ended while it still fetched


async def test_a_day_shown_as_a_grid_stays_a_grid_on_its_block(installed, schedule_server, state_dir):
    from agenda_tui.tui.widgets.day_grid import DayGrid

    app = live_app(state_dir, at=datetime(2024, 4, 1, 9, 0, tzinfo=BERLIN))
    async with started(app) as pilot:
        await settled(pilot)
        await pilot.press("g", "plus")  # zoomed in
        await settled(pilot)
        zoom = app.main.grid_zoom
        from agenda_tui.grid_layout import DEFAULT_ZOOM

        assert zoom != DEFAULT_ZOOM
        app.main.active_view.select_session(SOLDERING)
        await settled(pilot)
        assert app.main.current_session_id == SOLDERING
        schedule_server.routes["/schedule.xml"] = Route(frab_v2())
        await pilot.press("r")
        await settled(pilot)
        view = app.main.active_view
        assert view.shows_grid and view.query_one(DayGrid).display
        assert app.main.current_session_id == SOLDERING and app.main.grid_zoom == zoom
        assert app.agenda.sessions_by_id[SOLDERING].start.hour == 16  # moved, in the new copy
