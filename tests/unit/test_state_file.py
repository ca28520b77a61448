"""The user's state file: saved at every change, merged between writers, never lost."""

from __future__ import annotations

import errno
import multiprocessing
import os
import stat
import tomllib
from pathlib import Path

import filelock
import pytest

from agenda_tui import state_file as state_module
from agenda_tui.state_file import StateFile
from agenda_tui.state_model import DisplayZone


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "conf.toml"


def test_every_change_is_saved_and_read_back(path: Path):
    store = StateFile(path, "conf")
    store.set_bookmark("b", True)
    store.set_bookmark("a", True)
    store.set_note("a", "Ask about [bold]priors[/]\nsecond line")
    store.update_settings(theme="gruvbox", display_zone=DisplayZone.LOCAL)

    on_disk = tomllib.loads(path.read_text(encoding="utf-8"))
    assert on_disk["bookmarks"] == ["a", "b"]
    assert on_disk["notes"] == {"a": "Ask about [bold]priors[/]\nsecond line"}

    again = StateFile(path, "conf")
    assert again.state == store.state
    assert again.state.settings.display_zone is DisplayZone.LOCAL
    assert again.take_warnings() == []


def test_toggle_and_empty_note_removes_it(path: Path):
    store = StateFile(path, "conf")
    assert store.toggle_bookmark("a") is True
    assert store.toggle_bookmark("a") is False
    store.set_note("a", "x")
    store.set_note("a", "   ")
    assert StateFile(path, "conf").state.notes == {}
    assert StateFile(path, "conf").state.bookmarks == []


def test_two_instances_keep_each_others_changes(path: Path):
    first = StateFile(path, "conf")
    second = StateFile(path, "conf")  # loaded before `first` changes anything
    first.set_bookmark("talk-1", True)
    second.set_bookmark("talk-2", True)
    first.set_note("talk-1", "from the first")
    second.set_note("talk-2", "from the second")
    second.set_bookmark("talk-1", False)  # an explicit removal wins over nothing

    final = StateFile(path, "conf").state
    assert final.bookmarks == ["talk-2"]
    assert final.notes == {"talk-1": "from the first", "talk-2": "from the second"}
    # Each instance sees the other's changes as of its own last write.
    assert first.state.bookmarks == ["talk-1", "talk-2"]
    assert second.state.bookmarks == ["talk-2"]


def _bookmark_many(path: str, prefix: str, count: int) -> None:
    store = StateFile(Path(path), "conf")
    for number in range(count):
        store.set_bookmark(f"{prefix}-{number}", True)


def test_two_processes_writing_at_once_lose_nothing(path: Path):
    StateFile(path, "conf")  # creates the directory
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_bookmark_many, args=(str(path), name, 100))
               for name in ("left", "right")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    bookmarks = StateFile(path, "conf").state.bookmarks
    assert len(bookmarks) == 200
    assert {f"left-{n}" for n in range(100)} | {f"right-{n}" for n in range(100)} == set(bookmarks)


@pytest.mark.parametrize(
    "content",
    [b"bookmarks = [", b"\xff\xfe\x00garbage", b'conference_id = "other-conf"\n',
     b'[conference]\nid = "conf"\n', b'conference_id = "conf"\nn = ' + b"9" * 5000 + b"\n"],
    ids=["malformed", "not-utf8", "other-conference", "an-agenda", "huge-integer"],
)
def test_corrupt_file_is_moved_aside_and_reported(path: Path, content: bytes):
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    store = StateFile(path, "conf")

    [aside] = list(path.parent.glob("conf.toml.corrupt-*"))
    assert aside.read_bytes() == content  # kept exactly as it was
    [warning] = store.take_warnings()
    assert str(path) in warning and str(aside) in warning
    assert store.state.bookmarks == [] and not path.exists()

    store.set_bookmark("a", True)  # the session goes on, saving to a fresh file
    assert StateFile(path, "conf").state.bookmarks == ["a"]
    assert aside.read_bytes() == content


@pytest.mark.parametrize("conference", ["", "conference_id = 12\n", "conference_id = []\n"],
                         ids=["missing", "a-number", "a-list"])
def test_a_state_file_naming_no_conference_costs_only_that_key(path: Path, conference: str):
    """The file is where this conference's state is kept: its bookmarks and notes stay."""
    path.parent.mkdir(parents=True)
    text = (f'schema_version = 1\n{conference}bookmarks = ["b", "a"]\nnotes = {{ a = "precious" }}\n'
            '[newer]\nkeep = "me"\n')
    path.write_text(text)
    store = StateFile(path, "conf")
    [warning] = store.take_warnings()
    assert "conference_id:" in warning and "'conf'" in warning and "moved" not in warning
    assert store.state.bookmarks == ["a", "b"] and store.state.notes == {"a": "precious"}
    assert list(path.parent.glob("conf.toml.corrupt-*")) == [] and path.read_text() == text
    store.set_bookmark("c", True)  # the file is written naming its conference; the rest stays
    written = tomllib.loads(path.read_text())
    assert written["conference_id"] == "conf" and written["newer"] == {"keep": "me"}
    assert written["bookmarks"] == ["a", "b", "c"] and written["notes"] == {"a": "precious"}
    again = StateFile(path, "conf")
    assert again.take_warnings() == [] and again.state.bookmarks == ["a", "b", "c"]


def test_unwritable_directory_gives_an_in_memory_session(tmp_path: Path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the state directory should be")
    store = StateFile(blocker / "conf.toml", "conf")
    [warning] = store.take_warnings()
    assert "changes are kept for this session only" in warning
    assert store.toggle_bookmark("a") is True
    assert store.is_bookmarked("a")
    assert blocker.read_text() == "a file where the state directory should be"


def test_full_disk_keeps_the_old_file_intact_and_saves_later(path: Path, monkeypatch):
    store = StateFile(path, "conf")
    store.set_bookmark("saved", True)
    before = path.read_bytes()

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(state_module, "atomic_write_text", no_space)
        store.set_bookmark("unsaved", True)
        store.set_note("saved", "also unsaved")
        [warning] = store.take_warnings()  # said once, not once per change
        assert "No space left on device" in warning
        assert store.state.bookmarks == ["saved", "unsaved"]  # still shown for this session
        assert path.read_bytes() == before
        assert not list(path.parent.glob(".conf.toml.*.tmp"))

    store.set_bookmark("later", True)  # the disk has room again: everything kept is saved
    [recovered] = store.take_warnings()
    assert "again" in recovered
    again = StateFile(path, "conf").state
    assert again.bookmarks == ["later", "saved", "unsaved"]
    assert again.notes == {"saved": "also unsaved"}


def test_a_lock_held_too_long_delays_the_save_but_loses_nothing(path: Path, monkeypatch):
    store = StateFile(path, "conf")
    monkeypatch.setattr(state_module, "LOCK_TIMEOUT_SECONDS", 0.05)
    holder = filelock.FileLock(f"{path}.lock")
    with holder:
        store.set_bookmark("while-locked", True)
    assert "could not save" in store.take_warnings()[0]
    store.set_bookmark("after", True)
    assert StateFile(path, "conf").state.bookmarks == ["after", "while-locked"]


def test_a_directory_where_the_state_file_should_be_is_moved_aside(path: Path):
    path.mkdir(parents=True)
    store = StateFile(path, "conf")
    [aside] = list(path.parent.glob("conf.toml.corrupt-*"))
    assert aside.is_dir()
    assert str(aside) in store.take_warnings()[0]
    store.set_bookmark("a", True)
    assert StateFile(path, "conf").state.bookmarks == ["a"]


def test_start_up_reads_a_sound_file_without_taking_the_lock(path: Path, monkeypatch):
    StateFile(path, "conf").set_bookmark("a", True)

    def no_lock(self):
        raise AssertionError("the lock was taken to read a sound file")

    monkeypatch.setattr(StateFile, "_lock", no_lock)
    store = StateFile(path, "conf")
    assert store.state.bookmarks == ["a"] and store.take_warnings() == []


def test_an_instance_starting_while_another_holds_the_lock_opens_at_once_and_saves_later(
        path: Path, monkeypatch):
    StateFile(path, "conf").set_bookmark("a", True)
    monkeypatch.setattr(state_module, "LOCK_TIMEOUT_SECONDS", 0.05)
    with filelock.FileLock(f"{path}.lock"):
        store = StateFile(path, "conf")
        assert store.state.bookmarks == ["a"]
        assert store.take_warnings() == []  # not a read-only session
        store.set_bookmark("b", True)  # waits for the lock in vain: kept for later
        assert "another instance holds the lock" in store.take_warnings()[0]
    store.set_bookmark("c", True)
    assert StateFile(path, "conf").state.bookmarks == ["a", "b", "c"]


def test_a_lock_file_that_cannot_be_created_gives_a_read_only_session(path: Path, monkeypatch):
    StateFile(path, "conf").set_bookmark("a", True)
    before = path.read_bytes()
    real_open = os.open

    def refuse_lock_files(name, flags, *args, **kwargs):
        if str(name).endswith(".lock"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(name, flags, *args, **kwargs)

    Path(f"{path}.lock").unlink(missing_ok=True)  # so that start-up must create it
    monkeypatch.setattr(os, "open", refuse_lock_files)
    store = StateFile(path, "conf")
    monkeypatch.undo()
    [warning] = store.take_warnings()
    assert "Permission denied" in warning and "for this session only" in warning
    assert store.state.bookmarks == ["a"] and not store.saved
    store.set_bookmark("b", True)
    assert path.read_bytes() == before


def test_the_lock_file_is_created_as_filelock_would_create_it(path: Path):
    old_umask = os.umask(0o002)
    try:
        StateFile(path, "conf")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(Path(f"{path}.lock").stat().st_mode) == 0o664


def test_a_link_into_a_missing_folder_is_named_as_the_folder_that_cannot_be_written(path: Path):
    """The warning names where the link leads, not the link's own folder (which exists)."""
    path.parent.mkdir(parents=True)
    missing = path.parent.parent / "gone" / "conf.toml"
    path.symlink_to(missing)
    store = StateFile(path, "conf")
    [warning] = store.take_warnings()
    assert f"cannot write to {missing.parent}:" in warning
    assert not missing.parent.exists()
