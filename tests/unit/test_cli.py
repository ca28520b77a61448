"""Every CLI command, through the same `main()` the installed script runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_support import run
from tests.conftest import TEST_DATA


def test_list_prints_one_line_per_session(capsys):
    code, out, err = run(capsys, "list")
    lines = out.splitlines()
    assert code == 0 and err == ""
    assert len(lines) == 16
    assert lines[0] == ("2024-03-14 Thu  09:30-10:30  talk      Foundation Models in Physics: "
                        "Successes in Astrophysics  — Anna Scaife (Manchester)")
    assert lines[-1].endswith("— Jared Kaplan (Anthropic); moderator: Jesse Thaler (MIT/IAIFI)")


@pytest.mark.parametrize("day", ["2", "2024-03-15"])
def test_list_one_day(capsys, day):
    code, out, _ = run(capsys, "list", "--day", day)
    assert code == 0
    assert len(out.splitlines()) == 8
    assert all(line.startswith("2024-03-15 Fri") for line in out.splitlines())


def test_list_json_has_every_field(capsys):
    code, out, _ = run(capsys, "list", "--json", "--day", "1")
    records = json.loads(out)
    assert code == 0 and len(records) == 8
    panel = records[-1]
    assert panel["id"] == "d1-panel-community"
    assert panel["start"] == "2024-03-14T16:00:00-04:00"
    assert panel["end"] == "2024-03-14T17:30:00-04:00"
    assert panel["kind"] == "panel"
    assert panel["track"]["id"] == "community"
    assert panel["location"] == "MIT Schwarzman College of Computing"
    assert panel["people"][2] == {"id": "jesse-thaler", "name": "Jesse Thaler",
                                  "role": "panelist", "affiliation": "MIT/IAIFI"}
    assert panel["bookmarked"] is False


def test_bookmarks_add_list_remove_and_filter(capsys, tmp_path):
    state = str(tmp_path / "state")
    assert run(capsys, "bookmark", "add", "d2-han-big-vs-small", "d1-lunch",
               "--state-dir", state)[0] == 0
    code, out, _ = run(capsys, "bookmark", "list", "--state-dir", state)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["d1-lunch", "d2-han-big-vs-small"]
    code, out, _ = run(capsys, "list", "--bookmarked", "--state-dir", state)
    assert len(out.splitlines()) == 2
    assert run(capsys, "bookmark", "remove", "d1-lunch", "--state-dir", state)[0] == 0
    code, out, _ = run(capsys, "list", "--bookmarked", "--json", "--state-dir", state)
    assert [record["id"] for record in json.loads(out)] == ["d2-han-big-vs-small"]


def test_unknown_bookmark_id_is_an_error_and_changes_nothing(capsys, tmp_path):
    state = tmp_path / "state"
    code, out, err = run(capsys, "bookmark", "add", "d1-lunch", "d1-luch", "--state-dir", str(state))
    assert code == 2
    assert err == "agenda-tui: error: unknown session id 'd1-luch' (did you mean 'd1-lunch'?)\n"
    code, out, _ = run(capsys, "bookmark", "list", "--state-dir", str(state))
    assert out == ""


def test_a_bookmark_that_cannot_be_saved_is_an_error_not_a_success(capsys, tmp_path, monkeypatch):
    import filelock

    from agenda_tui import state_file as state_module

    state = tmp_path / "state"
    assert run(capsys, "bookmark", "add", "d1-lunch", "--state-dir", str(state))[0] == 0
    [saved_file] = state.glob("*.toml")
    before = saved_file.read_bytes()
    monkeypatch.setattr(state_module, "LOCK_TIMEOUT_SECONDS", 0.05)
    with filelock.FileLock(f"{saved_file}.lock"):  # another instance, stuck while saving
        code, out, err = run(capsys, "bookmark", "add", "d2-han-big-vs-small",
                             "--state-dir", str(state))
    assert code == 2 and out == ""
    assert "another instance holds the lock" in err
    assert err.splitlines()[-1] == ("agenda-tui: error: nothing was changed: the bookmarks "
                                    "could not be saved (see above)")
    assert saved_file.read_bytes() == before


def test_now_and_next(capsys):
    code, out, _ = run(capsys, "now", "--at", "2024-03-14T10:15")
    assert code == 0
    assert out.splitlines() == [
        "At Thu 2024-03-14 10:15 EDT (America/New_York):",
        "Now:  2024-03-14 Thu  09:30-10:30  talk      Foundation Models in Physics: Successes "
        "in Astrophysics  — Anna Scaife (Manchester)  (ends in 15 min)",
        "Next: 2024-03-14 Thu  10:30-11:00  break     Coffee Break  (starts in 15 min)",
    ]


def test_now_json_with_an_offset_in_another_zone(capsys):
    # 14:15 UTC is 10:15 in Cambridge, MA (EDT).
    code, out, _ = run(capsys, "now", "--json", "--at", "2024-03-14T14:15:00+00:00")
    data = json.loads(out)
    assert data["at"] == "2024-03-14T10:15:00-04:00"
    assert [s["id"] for s in data["now"]] == ["d1-scaife-astrophysics"]
    assert [s["id"] for s in data["next"]] == ["d1-coffee-am"]


def test_now_before_and_after_the_conference(capsys):
    _, out, _ = run(capsys, "now", "--at", "2024-03-13T21:00")
    assert out.splitlines()[1:] == [
        "Now:  nothing",
        "Next: 2024-03-14 Thu  09:30-10:30  talk      Foundation Models in Physics: Successes "
        "in Astrophysics  — Anna Scaife (Manchester)  (starts in 12 h 30 min)",
    ]
    _, out, _ = run(capsys, "now", "--at", "2024-03-16T09:00")
    assert out.splitlines()[1] == "The conference is over."


def test_validate_good_and_bad(capsys, tmp_path):
    code, out, _ = run(capsys, "validate", str(TEST_DATA / "tiny.toml"))
    assert code == 0
    assert out.strip().endswith("valid agenda 'Tiny Conf': 4 sessions on 2 days, 2 speakers, 1 track")
    bad = tmp_path / "bad.toml"
    bad.write_text((TEST_DATA / "tiny.toml").read_text().replace('track = "main"\npeople',
                                                                 'track = "x"\npeople'))
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 2 and out == ""
    assert err == f"{bad}:31: sessions[0].track: unknown track id 'x'\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--at", "tomorrow"], "--at 'tomorrow': not an ISO 8601 date and time"),
        (["list", "--day", "3"], "--day 3: the conference has days 1 to 2"),
        (["list", "--day", "2024-03-20"], "--day 2024-03-20: not a day of the conference"),
        (["list", "--agenda", "/nonexistent/agenda.toml"], "/nonexistent/agenda.toml: no such agenda"),
        (["validate", "/"], "/: is a directory, not a file"),
        (["list", "--frobnicate"], "No such option '--frobnicate'"),
    ],
)
def test_user_errors_exit_2_with_one_line(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_other_agenda_and_locate(capsys, tmp_path):
    code, out, _ = run(capsys, "list", "--agenda", str(TEST_DATA / "tiny.toml"))
    assert code == 0 and len(out.splitlines()) == 4
    assert "[bold]Markup[/] is not styled" in out
    code, out, _ = run(capsys, "locate", "--state-dir", str(tmp_path))
    assert f"state:  {tmp_path / 'genai-physsci-2024.toml'}" in out.splitlines()



def test_locate_prints_the_settings_file_for_every_conference(capsys, isolated_home):
    code, out, _ = run(capsys, "locate")
    assert code == 0
    assert f"settings: {isolated_home / 'config' / 'settings.toml'}" in out.splitlines()

def test_control_characters_never_reach_the_terminal(capsys, tmp_path):
    hostile = tmp_path / "hostile.toml"
    hostile.write_text((TEST_DATA / "tiny.toml").read_text().replace(
        'title = "Opening"', 'title = "Open\\u001b[2J\\u001b]52;c;Zm9v\\u0007ing\\u202e"'))
    code, out, _ = run(capsys, "list", "--agenda", str(hostile))
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "Open[2J]52;c;Zm9ving" in out


def test_installed_script_reports_errors_without_traceback(tmp_path):
    script = Path(sys.executable).parent / "agenda-tui"
    result = subprocess.run([str(script), "validate", str(tmp_path)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == f"{tmp_path}: is a directory, not a file\n"


def test_opening_a_file_with_a_bad_at_is_one_line(tmp_path):
    script = Path(sys.executable).parent / "agenda-tui"
    result = subprocess.run([str(script), str(TEST_DATA / "tiny.toml"), "--at", "bogus"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "agenda-tui: error: --at 'bogus': not an ISO 8601 date and time "
        "(for example 2024-03-14T10:15)"]


@pytest.mark.parametrize("moment", ["0001-01-01T00:00+00:00", "9999-12-31T23:59-12:00"])
def test_at_out_of_range_is_an_error(capsys, moment):
    code, _, err = run(capsys, "now", "--at", moment)
    assert code == 2 and "give a year from 1900 to 2999" in err


def test_at_in_the_hour_skipped_by_daylight_saving(capsys):
    code, _, err = run(capsys, "now", "--at", "2024-03-10T02:30")
    assert code == 2
    assert "does not exist in America/New_York (the clocks skip it)" in err
