"""Input built to crash the app, through the command line: a zone name that is a folder
of the tz database or too long for a file name, a year far out, a number past Python's
digit limit, a FIFO, a data directory that cannot be written, standard output that
cannot be written, a home that does not exist. Each is one line and exit 2 (or, for a
reader gone away, a quiet exit 0), never a traceback, and changes no stored data."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agenda_tui import atomic
from agenda_tui.paths import installed_agenda_path, state_file
from tests.cli_support import assert_user_error, run
from tests.conftest import TEST_DATA

TINY = TEST_DATA / "tiny.toml"
FRAB_SMALL = TEST_DATA / "import" / "frab-small.xml"
SYMPOSIUM = "genai-physsci-2024"


def tiny_with(tmp_path: Path, old: str, new: str) -> Path:
    text = TINY.read_text()
    assert old in text
    path = tmp_path / "hostile.toml"
    path.write_text(text.replace(old, new, 1))
    return path


@pytest.mark.parametrize("zone", ["Europe", "America", "Etc", "x" * 300, "Europe/" + "y" * 300,
                                  "localtime", "zone.tab", "../../etc/passwd"])
@pytest.mark.parametrize("command", [["validate", "FILE"], ["list", "--agenda", "FILE"]])
def test_a_zone_that_is_no_zone_is_one_line(capsys, tmp_path, zone, command):
    path = tiny_with(tmp_path, 'timezone = "America/New_York"', f'timezone = "{zone}"')
    code, _, err = run(capsys, *[str(path) if part == "FILE" else part for part in command])
    assert_user_error(code, err, "conference.timezone", "unknown IANA time zone")


@pytest.mark.parametrize("old, new, where", [
    ("start_date = 2024-03-09", "start_date = 9999-12-31", "conference.start_date"),
    ("end = 2024-03-09T10:00:00", "end = 9999-12-31T23:59:59", "sessions[0].end"),
    ("start = 2024-03-09T09:00:00", "start = 0001-01-01T00:00:00", "sessions[0].start"),
])
def test_a_year_out_of_range_is_one_line_per_place(capsys, tmp_path, old, new, where):
    code, _, err = run(capsys, "validate", str(tiny_with(tmp_path, old, new)))
    assert code == 2 and "Traceback" not in err
    assert any(where in line and "outside the years" in line for line in err.splitlines()), err


def test_a_number_past_the_digit_limit_is_one_line_naming_its_line(capsys, tmp_path):
    path = tiny_with(tmp_path, 'venue = "Hall A"', f"venue = {'9' * 5000}")
    code, _, err = run(capsys, "validate", str(path))
    assert_user_error(code, err, f"{path}:8:", "too long")


@pytest.mark.timeout(30)
@pytest.mark.parametrize("command", [["validate", "FIFO"], ["list", "--agenda", "FIFO"],
                                     ["import", "FIFO"], ["diff", "FIFO", str(TINY)]])
def test_a_fifo_given_as_a_file_is_refused_at_once(capsys, tmp_path, command):
    fifo = tmp_path / "schedule.toml"
    os.mkfifo(fifo)
    code, _, err = run(capsys, *[str(fifo) if part == "FIFO" else part for part in command])
    assert_user_error(code, err, "named pipe")


@pytest.mark.timeout(30)
def test_a_fifo_at_the_state_path_hangs_no_command(capsys, isolated_home):
    path = state_file(SYMPOSIUM)
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    code, out, err = run(capsys, "list")
    assert code == 0 and "Foundation Models" in out and "named pipe" in err


def test_bookmark_add_on_a_newer_state_exits_2_and_changes_nothing(capsys, isolated_home):
    path = state_file(SYMPOSIUM)
    path.parent.mkdir(parents=True)
    text = f'schema_version = 2\nconference_id = "{SYMPOSIUM}"\nbookmarks = ["x"]\n[tags]\nx = 1\n'
    path.write_text(text)
    code, _, err = run(capsys, "bookmark", "add", "d1-scaife-astrophysics")
    assert code == 2 and "newer version" in err and "nothing was changed" in err
    assert path.read_text() == text


def test_install_where_a_file_stands_for_the_agendas_folder_is_one_line(capsys, isolated_home):
    (isolated_home / "agendas").write_text("not a folder")
    code, _, err = run(capsys, "import", str(FRAB_SMALL), "--install")
    assert_user_error(code, err, "cannot write", "agendas")
    assert (isolated_home / "agendas").read_text() == "not a folder"


@pytest.mark.parametrize("failure", [errno.ENOSPC, errno.EROFS, errno.EIO])
def test_a_failed_install_leaves_the_installed_agenda_as_it_was(capsys, isolated_home,
                                                                  monkeypatch, failure):
    assert run(capsys, "import", str(FRAB_SMALL), "--install")[0] == 0
    [installed] = list((isolated_home / "agendas").iterdir())
    before = installed.read_bytes()
    real_fsync = os.fsync

    def full(descriptor):
        real_fsync(descriptor)
        raise OSError(failure, os.strerror(failure))

    monkeypatch.setattr(atomic.os, "fsync", full)
    code, _, err = run(capsys, "import", str(FRAB_SMALL), "--install")
    assert_user_error(code, err, str(installed), os.strerror(failure))
    assert installed.read_bytes() == before
    assert sorted(p.name for p in installed.parent.iterdir()) == [installed.name]  # no .tmp


@pytest.mark.parametrize("variable, args", [
    ("AGENDA_TUI_HOME", ["list"]),
    (None, ["list", "--state-dir", "~nosuchuser-agenda/state"]),
    (None, ["list", "--agenda", "~nosuchuser-agenda/agenda.toml"]),
    (None, ["validate", "~nosuchuser-agenda/agenda.toml"]),
])
def test_a_home_that_does_not_exist_is_one_line(capsys, monkeypatch, variable, args):
    if variable:
        monkeypatch.setenv(variable, "~nosuchuser-agenda/data")
    code, _, err = run(capsys, *args)
    assert_user_error(code, err, "nosuchuser-agenda")


def agenda_tui(*args: str, stdout, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agenda_tui", *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=60,
                          env={**os.environ, "AGENDA_TUI_HOME": str(home)})


@pytest.mark.slow
@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["now", "--at", "2024-03-14T10:15"],
                                  ["validate", str(TINY)], ["export", "--all", "-o", "-"]])
def test_a_full_output_is_one_line_and_exit_2(tmp_path, args):
    with open("/dev/full", "w") as full:
        result = agenda_tui(*args, stdout=full, home=tmp_path)
    assert_user_error(result.returncode, result.stderr, "cannot write the output",
                      "No space left on device")
    for state in (tmp_path / "state").glob("*.toml"):
        assert "exports" not in state.read_text(), "an export not written was recorded"


@pytest.fixture(scope="module")
def large_agenda(tmp_path_factory) -> Path:
    """An agenda whose every output is far more than a pipe holds (64 KiB)."""
    from tests.large_agenda import write_agenda

    return write_agenda(tmp_path_factory.mktemp("large") / "large.toml", 1500)


@pytest.mark.slow
@pytest.mark.parametrize("args", [["list"], ["export", "--all", "-o", "-"], ["list", "--json"],
                                  ["export", "--all", "--format", "csv", "-o", "-"]])
def test_a_reader_that_goes_away_ends_the_command_quietly_and_records_nothing(
        tmp_path, large_agenda, args):
    process = subprocess.Popen([sys.executable, "-m", "agenda_tui", *args, "--agenda", str(large_agenda)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "AGENDA_TUI_HOME": str(tmp_path)})
    assert process.stdout.readline()  # `| head -1`
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert b"Traceback" not in err and b"Exception ignored" not in err and b"Exported" not in err, err
    for state in (tmp_path / "state").glob("*.toml"):
        assert "exports" not in state.read_text(), "an export cut short was recorded"


def test_an_installed_agenda_of_an_upper_case_id_is_found_under_its_new_name(capsys, isolated_home):
    legacy = isolated_home / "agendas" / "TinyConf.toml"
    legacy.parent.mkdir()
    legacy.write_text(TINY.read_text().replace('id = "tiny-conf"', 'id = "TinyConf"'))
    code, out, _ = run(capsys, "list", "--agenda", "TinyConf")
    assert code == 0 and "Opening" in out
    assert installed_agenda_path("TinyConf").is_file() and not legacy.exists()


@pytest.mark.parametrize("args, expected", [
    (["export", "--remind", "-5"], "--remind"),
    (["export", "--format", "pdf"], "--format"),
    (["list", "--day"], "--day"),
    (["import"], "SOURCE"),
    (["bookmark", "nosuch"], "nosuch"),
])
def test_a_usage_error_is_one_line_too(capsys, args, expected):
    code, _, err = run(capsys, *args)
    assert_user_error(code, err, expected)
