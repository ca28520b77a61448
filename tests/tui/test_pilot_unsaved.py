"""A state file this version must not rewrite: the app works in memory and says so on
screen for as long as it runs; the file stays as it was."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tests.tui.conftest import active_table, build_app, started

SYMPOSIUM = "genai-physsci-2024"


async def test_a_newer_state_is_used_in_memory_with_a_notice_that_stays(state_dir: Path):
    state_dir.mkdir(parents=True)
    path = state_dir / f"{SYMPOSIUM}.toml"
    text = f'schema_version = 7\nconference_id = "{SYMPOSIUM}"\nbookmarks = []\n[future]\nx = 1\n'
    path.write_text(text)
    app = build_app(state_dir)
    async with started(app) as pilot:
        notice = app.screen.query_one("#unsaved-notice", Static)
        assert notice.display and "newer version" in str(notice.render())
        session_id = active_table(app).current_session_id
        await pilot.press("b")
        await app.saver.drain()
        await pilot.pause()
        assert session_id in app.bookmarks  # the change works, in memory
        await pilot.pause(0.5)
        assert notice.display  # still there: not a notification that times out
    assert path.read_text() == text


async def test_no_notice_while_changes_are_saved(state_dir: Path):
    app = build_app(state_dir)
    async with started(app) as pilot:
        await pilot.press("b")
        await app.saver.drain()
        await pilot.pause()
        assert not app.screen.query_one("#unsaved-notice", Static).display
