"""A corrupt, read-only or full state file: a warning, a session that goes on in memory,
the old file intact; in the data layer and in the app. Bookmarks on sessions an agenda
update removed are kept and shown, in the app and in the CLI.

Tests run as root, where chmod does not stop a write: permission errors are simulated."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from agenda_tui import state_file as state_module
from agenda_tui.cli import main
from agenda_tui.state_file import StateFile
from tests.conftest import TEST_DATA
from tests.tui.conftest import build_app, cell, column, notifications, settled, started

TINY = TEST_DATA / "tiny.toml"
SYMPOSIUM_ID = "genai-physsci-2024"


def _read_only_directory(monkeypatch) -> None:
    """The lock file cannot be created, nor the lock taken: the directory is read-only."""
    def refused(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(StateFile, "_check_writable", refused)
    monkeypatch.setattr(StateFile, "_lock", refused)


def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def _saved_state(path: Path, conference: str, *bookmarks: str) -> bytes:
    store = StateFile(path, conference)
    for bookmark in bookmarks:
        store.set_bookmark(bookmark, True)
    store.set_note(bookmarks[0], "kept")
    return path.read_bytes()


def test_a_read_only_directory_reads_the_file_warns_and_keeps_it(tmp_path: Path, monkeypatch):
    path = tmp_path / "conf.toml"
    before = _saved_state(path, "conf", "a", "b")
    _read_only_directory(monkeypatch)
    store = StateFile(path, "conf")
    [warning] = store.take_warnings()
    assert "Permission denied" in warning and "for this session only" in warning
    assert store.state.bookmarks == ["a", "b"]  # what was saved is still shown
    store.set_bookmark("c", True)
    store.set_note("a", "changed")
    assert store.state.bookmarks == ["a", "b", "c"] and store.note("a") == "changed"
    assert path.read_bytes() == before
    assert store.take_warnings() == []  # said once, not at every change


def test_permission_denied_mid_session_warns_once_and_keeps_the_file(tmp_path: Path, monkeypatch):
    path = tmp_path / "conf.toml"
    store = StateFile(path, "conf")
    store.set_bookmark("a", True)
    before = path.read_bytes()
    monkeypatch.setattr(state_module, "atomic_write_text",
                        lambda *a: (_ for _ in ()).throw(PermissionError(errno.EACCES, "Permission denied")))
    for session_id in ("b", "c", "d"):
        store.set_bookmark(session_id, True)
    [warning] = store.take_warnings()
    assert "Permission denied" in warning
    assert store.state.bookmarks == ["a", "b", "c", "d"]
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".conf.toml.*.tmp"))


async def test_the_app_warns_at_start_up_about_a_corrupt_state_file(tmp_path: Path):
    state_dir = tmp_path / "state"
    state_dir.mkdir()
    corrupt = b"bookmarks = [\x00\xff"
    (state_dir / f"{SYMPOSIUM_ID}.toml").write_bytes(corrupt)
    app = build_app(state_dir)
    async with started(app) as pilot:
        warnings = [n for n in notifications(app) if n.severity == "warning"]
        assert len(warnings) == 1 and "moved to" in warnings[0].message
        await pilot.press("b")  # the session goes on, and saves to a fresh file
        await pilot.pause()
        await app.saver.drain()
    [aside] = state_dir.glob(f"{SYMPOSIUM_ID}.toml.corrupt-*")
    assert aside.read_bytes() == corrupt
    assert len(StateFile(state_dir / f"{SYMPOSIUM_ID}.toml", SYMPOSIUM_ID).state.bookmarks) == 1


async def test_the_app_warns_at_start_up_about_a_read_only_state(tmp_path: Path, monkeypatch):
    state_dir = tmp_path / "state"
    path = state_dir / f"{SYMPOSIUM_ID}.toml"
    before = _saved_state(path, SYMPOSIUM_ID, "d1-scaife-astrophysics")
    _read_only_directory(monkeypatch)
    app = build_app(state_dir)
    async with started(app) as pilot:
        warnings = [n.message for n in notifications(app) if n.severity == "warning"]
        assert len(warnings) == 1 and "for this session only" in warnings[0]
        assert "d1-scaife-astrophysics" in app.bookmarks
        await pilot.press("j", "b")  # bookmark another: shown, kept in memory
        await pilot.pause()
        await app.saver.drain()
        await pilot.pause()
        assert len(app.bookmarks) == 2
        assert len(app.store.state.bookmarks) == 2
    assert path.read_bytes() == before


async def test_the_app_warns_when_the_disk_fills_and_goes_on(tmp_path: Path, monkeypatch):
    app = build_app(tmp_path / "state")
    path = tmp_path / "state" / f"{SYMPOSIUM_ID}.toml"
    async with started(app) as pilot:
        await pilot.press("b")
        await pilot.pause()
        await app.saver.drain()
        before = path.read_bytes()
        monkeypatch.setattr(state_module, "atomic_write_text", _no_space)
        await pilot.press("j", "b", "j", "b")
        await pilot.pause()
        await app.saver.drain()
        await pilot.pause()
        warnings = [n.message for n in notifications(app) if n.severity == "warning"]
        assert len(warnings) == 1 and "No space left on device" in warnings[0]
        assert len(app.bookmarks) == 3  # every change still shown
        table = app.main.active_view.table
        assert [cell(table, row, "★") for row in range(3)] == ["★", "★", "★"]
    assert path.read_bytes() == before


# -- orphans ------------------------------------------------------------------------


@pytest.fixture
def updated_agenda(tmp_path: Path) -> Path:
    """tiny.toml after an update that removed the session `opening`."""
    text = TINY.read_text(encoding="utf-8")
    start = text.index('[[sessions]]\nid = "opening"')
    end = text.index("[[sessions]]", start + 1)
    path = tmp_path / "tiny-v2.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return path


async def test_a_bookmark_on_a_removed_session_is_kept_and_shown(tmp_path, updated_agenda, capsys):
    state_dir = tmp_path / "state"
    _saved_state(state_dir / "tiny-conf.toml", "tiny-conf", "opening", "parallel")

    with pytest.raises(SystemExit):
        main(["bookmark", "list", "--agenda", str(updated_agenda), "--state-dir", str(state_dir)])
    out = capsys.readouterr().out
    assert "opening  (no longer in the agenda)" in out.splitlines()
    assert out.splitlines()[0].startswith("parallel  ")

    from datetime import datetime
    from zoneinfo import ZoneInfo

    app = build_app(state_dir, agenda_path=updated_agenda,
                    at=datetime(2024, 3, 9, 8, 0, tzinfo=ZoneInfo("America/New_York")))
    async with started(app) as pilot:
        app.main.show_tab("my-schedule")
        await settled(pilot)
        summary = app.main.query_one("#my-schedule-summary").render().plain
        assert "1 bookmarked session" in summary
        assert "1 cancelled since you bookmarked it, struck through below" in summary
        titles = column(app.main.query_one("#my-schedule-table"), "Title")
        assert titles[-1] == "CANCELLED opening (no longer in the agenda)"  # never seen: its id
        await pilot.press("b")  # un-bookmark the one that remains
        await pilot.pause()
        await app.saver.drain()
    # The orphan is still there for when the session comes back.
    state = StateFile(state_dir / "tiny-conf.toml", "tiny-conf").state
    assert state.bookmarks == ["opening"] and state.notes["opening"] == "kept"
