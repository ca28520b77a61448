"""SVG snapshots of the main views (pytest-textual-snapshot). Review changes in
snapshot_report.html before running `pytest --snapshot-update`."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from agenda_tui.agenda_file import load_agenda
from agenda_tui.state_file import StateFile
from tests.conftest import TEST_DATA
from tests.tui.conftest import EVENT_ZONE, build_app, settled


def test_day_one(snap_compare, state_dir):
    assert snap_compare(build_app(state_dir), terminal_size=(120, 40))


def test_day_two_with_a_session_highlighted(snap_compare, state_dir):
    async def highlight(pilot):
        await pilot.pause()
        await pilot.press("2", "j", "j", "j", "j")
        await pilot.pause()

    assert snap_compare(build_app(state_dir), terminal_size=(120, 40), run_before=highlight)


def test_speaker_screen(snap_compare, state_dir):
    async def open_speaker(pilot):
        await pilot.pause()
        pilot.app.open_speaker("david-hogg")
        await pilot.pause()

    assert snap_compare(build_app(state_dir), terminal_size=(120, 40), run_before=open_speaker)


def test_my_schedule_with_a_conflict(snap_compare, state_dir):
    async def bookmark_overlapping(pilot):
        await pilot.pause()
        await pilot.press("b", "j", "b", "j", "b")
        await pilot.pause()
        pilot.app.main.show_tab("my-schedule")
        await pilot.pause()

    app = build_app(state_dir, agenda_path=TEST_DATA / "tiny.toml",
                    at=datetime(2024, 3, 9, 8, 0, tzinfo=EVENT_ZONE))
    assert snap_compare(app, terminal_size=(120, 40), run_before=bookmark_overlapping)


def test_search_results(snap_compare, state_dir):
    async def search(pilot):
        await pilot.pause()
        await pilot.press("slash", *"physics-motivated")
        await pilot.pause()

    assert snap_compare(build_app(state_dir), terminal_size=(120, 40), run_before=search)


def test_narrow_80x24_layout(snap_compare, state_dir):
    assert snap_compare(build_app(state_dir), terminal_size=(80, 24))


def test_now_view_at_a_two_room_conference_at_night(snap_compare, state_dir):
    async def now_view(pilot):
        await pilot.pause()
        await pilot.press("w", "end", "b")
        await pilot.pause()

    app = build_app(state_dir, agenda_path=TEST_DATA / "night-rooms.toml",
                    at=datetime(2024, 12, 27, 23, 30, tzinfo=ZoneInfo("Europe/Berlin")))
    assert snap_compare(app, terminal_size=(120, 40), run_before=now_view)


def test_narrow_80x24_layout_with_rooms(snap_compare, state_dir):
    app = build_app(state_dir, agenda_path=TEST_DATA / "night-rooms.toml",
                    at=datetime(2024, 12, 27, 23, 30, tzinfo=ZoneInfo("Europe/Berlin")))
    assert snap_compare(app, terminal_size=(80, 24))


def test_changes_tab_80x24(snap_compare, state_dir):
    """A move shows where it was and where it is now, in full, at 80 columns."""
    seen = StateFile(state_dir / "changes-demo.toml", "changes-demo")
    seen.set_bookmarks(["gc-talk", "rust-talk"], True)
    seen.mark_seen(load_agenda(TEST_DATA / "changes-before.toml"))

    async def open_changes(pilot):
        await settled(pilot)
        pilot.app.main.show_tab("changes")
        await settled(pilot)

    app = build_app(state_dir, agenda_path=TEST_DATA / "changes-after.toml",
                    at=datetime(2025, 2, 1, 8, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_changes)


async def _grid_with_a_bookmark(pilot):
    """The day as a grid, the session on now (where the app opened) bookmarked."""
    await settled(pilot)
    await pilot.press("g")
    await settled(pilot)
    await pilot.press("b")
    await settled(pilot)


FOSDEM_SATURDAY = datetime(2025, 2, 1, 11, 5, tzinfo=ZoneInfo("Europe/Brussels"))


def test_fosdem_grid_160x45(snap_compare, state_dir, fosdem):
    app = build_app(state_dir, agenda=fosdem, at=FOSDEM_SATURDAY)
    assert snap_compare(app, terminal_size=(160, 45), run_before=_grid_with_a_bookmark)


def test_fosdem_grid_80x24(snap_compare, state_dir, fosdem):
    app = build_app(state_dir, agenda=fosdem, at=FOSDEM_SATURDAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_grid_with_a_bookmark)


def test_symposium_day_grid(snap_compare, state_dir):
    """One room: a timeline of the day, with its breaks shaded."""
    assert snap_compare(build_app(state_dir), terminal_size=(120, 40), run_before=_grid_with_a_bookmark)
