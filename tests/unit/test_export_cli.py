"""`agenda-tui export` on the command line: outputs, messages and errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import icalendar
import pytest
from export_support import DATA, read_back

from agenda_tui.cli import main


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Keep the user's state and home directory out of the tests."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("AGENDA_TUI_HOME", str(tmp_path / "data"))
    return home


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", *args])
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def bookmark(capsys, *session_ids: str) -> None:
    with pytest.raises(SystemExit):
        main(["bookmark", "add", *session_ids])
    capsys.readouterr()


def uids(text: str) -> list[str]:
    read_back(text)  # both readers agree on every instant
    return [str(event["UID"]).split("@")[0]
            for event in icalendar.Calendar.from_ical(text).walk("VEVENT")]


def test_default_is_bookmarked_ics_in_home(capsys, isolated):
    bookmark(capsys, "d1-scaife-astrophysics", "d2-han-big-vs-small")
    code, out, err = run(capsys)
    target = isolated / "genai-physsci-2024-schedule.ics"
    assert code == 0, err
    assert (out, err.splitlines()[-1]) == ("", f"Wrote 2 sessions to {target} (ics).")
    assert uids(target.read_text(encoding="utf-8")) == ["d1-scaife-astrophysics",
                                                        "d2-han-big-vs-small"]


def test_without_bookmarks_everything_is_exported_with_a_note(capsys, isolated):
    code, out, err = run(capsys)
    assert code == 0
    assert "no sessions are bookmarked, so all 16 sessions are exported" in err
    assert "Wrote 16 sessions" in err
    assert len(uids((isolated / "genai-physsci-2024-schedule.ics").read_text())) == 16


def test_format_from_suffix_and_day_selection(capsys, tmp_path):
    target = tmp_path / "day2.csv"
    code, out, err = run(capsys, "--day", "2", "-o", str(target))
    assert code == 0
    assert (out, err.splitlines()[-1]) == ("", f"Wrote 8 sessions to {target} (csv).")
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert {row["day"] for row in rows} == {"2024-03-15"}


def test_explicit_format_wins_over_the_suffix(capsys, tmp_path):
    target = tmp_path / "schedule.txt"
    code, _, _ = run(capsys, "--all", "--format", "json", "-o", str(target))
    assert code == 0
    assert len(json.loads(target.read_text())["sessions"]) == 16


def test_dash_writes_to_standard_output(capsys, isolated):
    code, out, err = run(capsys, "--all", "--format", "md", "-o", "-")
    assert code == 0
    assert out.startswith("# Symposium on the Impact of Generative AI in the Physical Sciences\n")
    assert "Exported 16 sessions (md)." in err
    assert list(isolated.iterdir()) == []


def test_remind_adds_an_alarm_to_each_event(capsys):
    code, out, _ = run(capsys, "--all", "--remind", "10", "-o", "-", "--at", "2024-03-01T09:00")
    assert code == 0
    events = icalendar.Calendar.from_ical(out).walk("VEVENT")
    assert len(events) == 16
    assert all(len(event.walk("VALARM")) == 1 for event in events)
    # --at fixes the moment: it is the DTSTAMP (2024-03-01 09:00 EST is 14:00 UTC).
    assert "DTSTAMP:20240301T140000Z" in out


def test_other_agendas_work_too(capsys):
    code, out, _ = run(capsys, "--agenda", str(DATA / "export-tricky.toml"), "--all", "-o", "-")
    assert code == 0
    assert uids(out) == ["s1-commas", "s2-long", "s3-control"]


def test_sequence_is_remembered_between_runs(capsys, tmp_path):
    target = tmp_path / "s.ics"
    assert run(capsys, "--all", "-o", str(target))[0] == 0
    state = (tmp_path / "data" / "state" / "genai-physsci-2024.toml").read_text()
    assert "[exports.d1-scaife-astrophysics]" in state
    assert "sequence = 0" in state


def test_a_cancellation_is_counted_in_the_message(capsys, tmp_path):
    target = tmp_path / "s.ics"
    bookmark(capsys, "d1-scaife-astrophysics", "d2-han-big-vs-small")
    assert run(capsys, "-o", str(target))[0] == 0
    with pytest.raises(SystemExit):
        main(["bookmark", "remove", "d2-han-big-vs-small"])
    capsys.readouterr()
    code, out, err = run(capsys, "-o", str(target))
    assert (code, out, err.splitlines()[-1]) == (
        0, "", f"Wrote 1 session and 1 cancellation to {target} (ics).")
    code, _, err = run(capsys, "-o", "-")
    assert "Exported 1 session (ics)." in err  # sent once


def _export_to(stdout, tmp_path) -> Path:
    """`agenda-tui export -o -` in a child process writing to `stdout`; its state file."""
    state = tmp_path / "state"
    bookmarked = subprocess.run(
        [sys.executable, "-m", "agenda_tui", "bookmark", "add", "d1-lunch", "--state-dir", str(state)],
        capture_output=True, check=False)
    assert bookmarked.returncode == 0, bookmarked.stderr
    subprocess.run([sys.executable, "-m", "agenda_tui", "export", "-o", "-", "--state-dir", str(state)],
                   stdout=stdout, stderr=subprocess.DEVNULL, check=False, timeout=60)
    return state / "genai-physsci-2024.toml"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_an_export_to_standard_output_that_cannot_be_written_is_not_recorded(tmp_path):
    with open("/dev/full", "w") as full:
        state_file = _export_to(full, tmp_path)
    assert tomllib.loads(state_file.read_text()).get("exports", {}) == {}


def test_an_export_to_a_closed_pipe_is_not_recorded(tmp_path):
    reading, writing = os.pipe()
    os.close(reading)
    try:
        state_file = _export_to(writing, tmp_path)
    finally:
        os.close(writing)
    assert tomllib.loads(state_file.read_text()).get("exports", {}) == {}


def test_an_export_to_standard_output_that_is_read_is_recorded(tmp_path):
    state_file = _export_to(subprocess.DEVNULL, tmp_path)
    assert tomllib.loads(state_file.read_text())["exports"]["d1-lunch"]["sequence"] == 0


# -- errors -------------------------------------------------------------------------


def _leftovers(directory) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


def test_a_directory_as_output_is_a_one_line_error(capsys, tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    code, out, err = run(capsys, "--all", "-o", str(target))
    assert code == 2
    assert out == ""
    assert err == f"agenda-tui: error: cannot write {target}: it is a directory\n"
    assert _leftovers(target) == []
    assert _leftovers(tmp_path) == ["data", "home", "out"]


def test_a_missing_directory_is_a_one_line_error(capsys, tmp_path):
    code, _, err = run(capsys, "-o", str(tmp_path / "nowhere" / "s.ics"))
    assert code == 2
    assert err.count("\n") == 1 and "no such directory" in err
    assert not (tmp_path / "nowhere").exists()


def test_a_file_as_the_parent_directory_is_a_one_line_error(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("keep me")
    code, _, err = run(capsys, "-o", str(blocker / "s.ics"))
    assert code == 2
    assert err == f"agenda-tui: error: cannot write {blocker / 's.ics'}: {blocker} is not a directory\n"
    assert blocker.read_text() == "keep me"


def test_a_device_is_not_replaced(capsys):
    code, _, err = run(capsys, "-o", "/dev/null")
    assert code == 2
    assert err == "agenda-tui: error: cannot write /dev/null: not a regular file\n"
    assert not os.path.isfile("/dev/null")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_directory_is_a_one_line_error_and_leaves_nothing(capsys, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, _, err = run(capsys, "-o", str(locked / "s.ics"))
    finally:
        locked.chmod(0o700)
    assert code == 2
    assert err.startswith(f"agenda-tui: error: cannot write {locked / 's.ics'}: ")
    assert err.count("\n") == 1
    assert _leftovers(locked) == []


def test_permission_denied_is_a_one_line_error(capsys, tmp_path, monkeypatch):
    # What an unwritable directory does to a non-root user, whoever runs the tests.
    import tempfile

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    code, out, err = run(capsys, "-o", str(tmp_path / "s.ics"))
    assert (code, out) == (2, "")
    assert err == f"agenda-tui: error: cannot write {tmp_path / 's.ics'}: Permission denied\n"
    assert _leftovers(tmp_path) == ["data", "home"]


def test_a_failed_write_leaves_no_partial_file_and_keeps_the_old_one(capsys, tmp_path, monkeypatch):
    # Whatever fails mid-write (here: the disk is full), the old file stays whole
    # and no temporary file is left beside it.
    target = tmp_path / "s.ics"
    target.write_text("old export")

    def full_disk(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    code, _, err = run(capsys, "--all", "-o", str(target))
    assert code == 2
    assert err == f"agenda-tui: error: cannot write {target}: No space left on device\n"
    assert target.read_text() == "old export"
    assert _leftovers(tmp_path) == ["data", "home", "s.ics"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--all", "--day", "1"], "give at most one of --bookmarked, --all and --day"),
        (["--bookmarked", "--all"], "give at most one of --bookmarked, --all and --day"),
        (["--day", "3"], "--day 3: the conference has days 1 to 2"),
        (["--remind", "-5"], "--remind"),
        (["--format", "pdf"], "--format"),
    ],
)
def test_bad_options_exit_2(capsys, args, message):
    code, out, err = run(capsys, *args, "-o", "-")
    assert code == 2
    assert out == ""
    assert message in err
