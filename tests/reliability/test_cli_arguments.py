"""Bad command-line arguments: exit status 2, one line, nothing half-written, nothing
changed. (Unknown ids, --at 'tomorrow', a directory, a missing directory or a device as
the export path are in tests/unit/test_cli.py and test_export_cli.py.)"""

from __future__ import annotations

import os
import stat

import pytest

from agenda_tui import atomic
from agenda_tui.state_file import StateFile
from tests.cli_support import assert_user_error, run
from tests.conftest import TEST_DATA

FRAB_SMALL = TEST_DATA / "import" / "frab-small.xml"


@pytest.mark.parametrize("at", [
    "2024-02-30T10:00", "2024-03-14T25:00", "2024-03-14T10:15[America/New_York]", "",
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "9999-12-31T23:59",
    "2024-03-14T10:15\x1b[2J",
])
@pytest.mark.parametrize("command", [["list"], ["now"], ["export", "-o", "OUT"],
                                     ["bookmark", "add", "d1-scaife-astrophysics"]])
def test_a_bad_at_is_one_line_exit_2_and_changes_nothing(capsys, tmp_path, at, command):
    out_file = tmp_path / "out.ics"
    state_dir = tmp_path / "state"
    args = [str(out_file) if part == "OUT" else part for part in command]
    code, out, err = run(capsys, *args, "--at", at, "--state-dir", str(state_dir))
    assert_user_error(code, err, "--at")
    assert "\x1b" not in err
    assert not out_file.exists()
    for state_file in state_dir.glob("*.toml"):  # loading may create it, empty
        assert StateFile(state_file, "genai-physsci-2024").state.bookmarks == []


@pytest.mark.parametrize("day", ["²", "0", "-1", "1.5", "99999999999999999999", "2024-02-30", " "])
@pytest.mark.parametrize("command", [["list"], ["export", "-o", "-"]])
def test_a_bad_day_is_one_line_exit_2(capsys, day, command):
    code, out, err = run(capsys, *command, "--day", day)
    assert_user_error(code, err, "--day")
    assert out == ""


def test_import_to_a_pipe_refuses_and_leaves_it_alone(capsys, tmp_path):
    """As root, renaming over -o /dev/null would replace the device: a FIFO stands in."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, out, err = run(capsys, "import", str(FRAB_SMALL), "-o", str(fifo))
    assert_user_error(code, err, "not a regular file")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_to_a_pipe_refuses_and_leaves_it_alone(capsys, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, out, err = run(capsys, "export", "--all", "-o", str(fifo))
    assert_user_error(code, err, "not a regular file")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize("errno_name", ["EACCES", "ENOSPC", "EROFS"])
def test_import_to_an_unwritable_place_is_one_line_and_leaves_nothing(capsys, tmp_path, monkeypatch,
                                                                      errno_name):
    import errno

    target = tmp_path / "out" / "agenda.toml"
    target.parent.mkdir()
    real_replace = os.replace

    def failing_replace(source, destination):
        raise OSError(getattr(errno, errno_name), os.strerror(getattr(errno, errno_name)))

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    code, out, err = run(capsys, "import", str(FRAB_SMALL), "-o", str(target))
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert_user_error(code, err, f"cannot write {target}", os.strerror(getattr(errno, errno_name)))
    assert not target.exists()
    assert list(target.parent.iterdir()) == []  # the temporary file is gone too


def test_import_over_an_existing_file_keeps_it_when_the_write_fails(capsys, tmp_path, monkeypatch):
    target = tmp_path / "agenda.toml"
    target.write_text("old content")
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space")))
    code, _, err = run(capsys, "import", str(FRAB_SMALL), "-o", str(target))
    assert_user_error(code, err, "cannot write")
    assert target.read_text() == "old content"
    assert [path.name for path in tmp_path.iterdir()] == ["agenda.toml"]


@pytest.mark.parametrize("ids", [["nope"], ["d1-scaife-astrophysics", "nope"],
                                 ["d1-scaife-astrophysics\n"], ["\u202e"]])
def test_bookmark_remove_unknown_ids_changes_nothing(capsys, tmp_path, ids):
    state_dir = tmp_path / "state"
    run(capsys, "bookmark", "add", "d1-scaife-astrophysics", "--state-dir", str(state_dir))
    [state_file] = state_dir.glob("*.toml")
    before = state_file.read_bytes()
    code, out, err = run(capsys, "bookmark", "remove", *ids, "--state-dir", str(state_dir))
    assert code == 2 and "unknown session id" in err and out == ""
    assert all(len(line.splitlines()) == 1 for line in err.splitlines())
    assert state_file.read_bytes() == before
