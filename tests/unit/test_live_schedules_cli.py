"""`import URL --install`, `update` and `--offline`, against a real server on 127.0.0.1."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from agenda_tui.agenda_file import load_agenda
from agenda_tui.agenda_source import read_record, record_path
from agenda_tui.paths import agendas_dir, installed_agenda_path, settings_path
from tests.cli_support import assert_user_error, run
from tests.conftest import TEST_DATA
from tests.schedule_server import (
    FRAB_V1,
    KEYNOTE,
    PANEL,
    SOLDERING,
    Route,
    frab_panel_broken,
    frab_v2,
    frab_v2_soldering_broken,
)

ID = "tinyconf-2024"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` but the derived caches: its bytes and when it was last written."""
    return {str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*"))
            if path.is_file() and not path.name.endswith(".lock") and "cache" not in path.parts}


@pytest.fixture
def installed(schedule_server, capsys, tmp_path) -> str:
    """The small frab schedule installed from its URL; the URL."""
    url = schedule_server.url("/schedule.xml")
    schedule_server.routes["/schedule.xml"] = Route(FRAB_V1, etag='"v1"')
    code, out, err = run(capsys, "import", url, "--install", "--state-dir", str(tmp_path / "state"))
    assert code == 0, err
    assert out == ""
    return url


def test_import_url_install_remembers_the_url_beside_the_agenda(installed, capsys):
    agenda = load_agenda(installed_agenda_path(ID))
    assert len(agenda.sessions) == 5
    record = read_record(record_path(ID))
    assert record is not None and record.url == installed and record.etag == '"v1"'
    assert record.body_hash and record.fetched_at is not None and record.fetched_at.tzinfo
    assert record_path(ID).parent == installed_agenda_path(ID).parent
    assert "127.0.0.1" not in installed_agenda_path(ID).read_text(encoding="utf-8")
    code, out, _ = run(capsys, "agendas")
    assert code == 0 and out.count(ID) == 1  # the record is not listed as an agenda
    assert f"5 sessions  from {installed}, fetched " in out


def test_import_url_to_standard_output_records_nothing(schedule_server, capsys):
    schedule_server.routes["/s.xml"] = Route(FRAB_V1)
    code, out, err = run(capsys, "import", schedule_server.url("/s.xml"))
    assert code == 0, err
    assert 'title = "Opening Keynote"' in out
    assert not agendas_dir().exists()


def test_update_of_a_current_copy_says_unchanged_and_writes_nothing(installed, capsys, isolated_home):
    before = snapshot(isolated_home)
    code, out, err = run(capsys, "update")
    assert code == 0, err
    assert out.startswith(f"{ID}: unchanged")
    assert snapshot(isolated_home) == before


def test_update_reports_the_changes_bookmarks_first_and_keeps_bookmarks_and_notes(
        installed, schedule_server, capsys, tmp_path):
    state = ["--state-dir", str(tmp_path / "state")]
    assert run(capsys, "bookmark", "add", SOLDERING, PANEL, "--agenda", ID, *state)[0] == 0
    schedule_server.routes["/schedule.xml"] = Route(frab_v2(), etag='"v2"')
    code, out, err = run(capsys, "update", ID, *state)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"{ID}: 0 added, 1 cancelled, 1 moved, 1 retitled; 2 bookmarked sessions among them"
    marked = [line for line in lines[1:] if line.startswith("★")]
    assert [line.split()[2] for line in marked] == ["cancelled", "moved"]
    assert lines[1].startswith("★") and "Closing Panel" in lines[1]
    assert "Soldering for Beginners" in lines[2] and "-> Sat 9 Mar 16:00" in lines[3]
    assert "Opening Keynote" in lines[-1] and not lines[-1].startswith("★")
    agenda = load_agenda(installed_agenda_path(ID))
    assert agenda.sessions_by_id[KEYNOTE].title == "Opening Keynote: Why Tiny"
    assert PANEL not in agenda.sessions_by_id
    record = read_record(record_path(ID))
    assert record is not None and record.etag == '"v2"'
    code, out, _ = run(capsys, "bookmark", "list", "--agenda", ID, *state)
    assert SOLDERING in out and PANEL in out  # both bookmarks kept
    # Never opened in the app: the copy installed before is what the user knew of the
    # cancelled panel, its title and time kept.
    assert f"{PANEL}  2024-03-10 Sun  15:00-15:50" in out
    assert "Closing Panel  (cancelled; as last seen)" in out
    # The server now says 304 to the new ETag.
    code, out, _ = run(capsys, "update", ID, *state)
    assert code == 0 and out.startswith(f"{ID}: unchanged")
    assert schedule_server.requests_to("/schedule.xml")[-1]["if-none-match"] == '"v2"'


def test_a_broken_event_is_not_taken_for_a_cancelled_one(installed, schedule_server, capsys):
    schedule_server.routes["/schedule.xml"] = Route(frab_panel_broken())
    code, out, err = run(capsys, "update")
    assert code == 0, err
    assert "0 cancelled" in out and "Closing Panel" not in out
    assert "skipped: date: bad date-time" in err
    assert "1 session missing from the new copy is kept as it was" in err
    agenda = load_agenda(installed_agenda_path(ID))
    assert agenda.sessions_by_id[PANEL].title == "Closing Panel"
    assert agenda.sessions_by_id[KEYNOTE].title == "Opening Keynote: Why Tiny"


def test_a_real_cancellation_is_reported_beside_a_broken_event(installed, schedule_server, capsys):
    schedule_server.routes["/schedule.xml"] = Route(frab_v2_soldering_broken())
    code, out, err = run(capsys, "update")
    assert code == 0, err
    assert "1 cancelled" in out and "Closing Panel" in out
    assert "1 session missing from the new copy is kept as it was" in err
    agenda = load_agenda(installed_agenda_path(ID))
    assert PANEL not in agenda.sessions_by_id
    assert agenda.sessions_by_id[SOLDERING].start.hour == 14  # as it was


def test_an_etag_that_cannot_be_sent_back_breaks_nothing(schedule_server, capsys):
    schedule_server.routes["/s.xml"] = Route(FRAB_V1, etag='"café"')
    assert run(capsys, "import", schedule_server.url("/s.xml"), "--install")[0] == 0
    for _ in range(2):
        code, out, err = run(capsys, "update")
        assert code == 0 and out.startswith(f"{ID}: unchanged"), err


def test_install_waits_for_a_refresh_in_progress(installed, schedule_server, capsys, monkeypatch,
                                                  isolated_home):
    """Another process refreshing the agenda holds its lock: import --install does not
    write under it (here it gives up, as the lock is not released in time)."""
    import subprocess
    import sys

    from agenda_tui import refresh

    monkeypatch.setattr(refresh, "LOCK_SECONDS", 0.2)
    lock = isolated_home / "cache" / "locks" / f"{ID}.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import filelock, sys, time; lock = filelock.FileLock(sys.argv[1]); "
         "lock.acquire(); print('held', flush=True); time.sleep(60)", str(lock)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        before = snapshot(agendas_dir())
        code, _, err = run(capsys, "import", str(TEST_DATA / "import" / "frab-small.xml"), "--install")
        assert_user_error(code, err, f"{ID}: another refresh or install of it is still running")
        code, _, err = run(capsys, "update")
        assert_user_error(code, err, f"{ID}: another refresh or install of it is still running")
        assert snapshot(agendas_dir()) == before
    finally:
        holder.kill()
        holder.wait()


def test_update_agenda_id_refreshes_that_one(installed, schedule_server, capsys):
    code, _, err = run(capsys, "import", str(TEST_DATA / "import" / "schedule-small.json"), "--install")
    assert code == 0, err
    code, out, err = run(capsys, "update", "--agenda", ID)
    assert code == 0 and out.startswith(f"{ID}: unchanged"), err
    code, _, err = run(capsys, "update", "--agenda", "minicamp23")
    assert_user_error(code, err, "minicamp23: was not imported from a URL")


def test_a_record_whose_url_holds_a_password_is_for_its_owner_only(schedule_server, capsys):
    url = schedule_server.url("/s.xml").replace("http://", "http://ada:s3cret@")
    schedule_server.routes["/s.xml"] = Route(FRAB_V1)
    code, _, err = run(capsys, "import", url, "--install")
    assert code == 0 and "s3cret" not in err, err
    assert record_path(ID).stat().st_mode & 0o077 == 0
    code, out, err = run(capsys, "agendas")
    assert "s3cret" not in out + err and "ada:***@" in out


def test_a_feed_that_renames_its_conference_keeps_the_installed_id(installed, schedule_server, capsys):
    renamed = FRAB_V1.replace(b"<acronym>TinyConf 2024</acronym>", b"<acronym>TinyConf 2024b</acronym>")
    schedule_server.routes["/schedule.xml"] = Route(renamed)
    code, out, err = run(capsys, "update")
    assert code == 0, err
    assert "the feed now calls the conference 'tinyconf-2024b'; it stays installed as 'tinyconf-2024'" in err
    assert load_agenda(installed_agenda_path(ID)).conference.id == ID
    assert not installed_agenda_path("tinyconf-2024b").exists()


@pytest.mark.parametrize(("route", "options", "expected"), [
    (Route(b"<!DOCTYPE html><html><body>Maintenance</body></html>"), [], "sent a web page (HTML)"),
    (Route(b"\n<html><head><title>Wi-Fi login</title></head></html>"), [], "sent a web page (HTML)"),
    (Route(b"Service temporarily down"), [], "not a schedule: "),
    (Route(b"<html><body>Oops</body></html>", status=503), [], "the server answered 503"),
    (Route(b"Bad gateway", status=502), [], "the server answered 502"),
    (Route(FRAB_V1 * 3, chunk_seconds=1.0), ["--timeout", "1"], "no complete answer within 1 s"),
    (Route(FRAB_V1.replace(b"</schedule>", b"<!--" + b"x" * 11_000_000 + b"--></schedule>")), [],
     "larger than 10,485,760 bytes"),
    (Route(frab_v2(), drop_after=2000), [], "broke off before the end"),
    (Route(b"<schedule>" + b" " * 30_000_000, gzip=True), [], "larger than 10,485,760 bytes"),
    (Route(frab_v2(), drop_after=2000, length=False), [], "not a schedule"),
    (Route(location="file:///etc/passwd"), [], "only http and https"),
])
def test_a_failed_update_keeps_the_last_good_copy(installed, schedule_server, capsys, isolated_home,
                                                  route, options, expected):
    before = snapshot(isolated_home)
    schedule_server.routes["/schedule.xml"] = route
    code, out, err = run(capsys, "update", *options)
    assert_user_error(code, err, f"{ID}: ", expected)
    assert out == ""
    assert snapshot(isolated_home) == before


def test_update_fails_for_each_agenda_it_cannot_refresh_and_does_the_others(
        installed, schedule_server, capsys):
    code, _, err = run(capsys, "import", str(TEST_DATA / "import" / "schedule-small.json"), "--install")
    assert code == 0, err
    schedule_server.routes["/schedule.xml"] = Route(frab_v2())
    code, out, err = run(capsys, "update", "no-such-conference", ID, "minicamp23")
    assert code == 2
    errors = err.strip().splitlines()
    assert len(errors) == 2 and all(line.startswith("agenda-tui: error: ") for line in errors)
    assert "no-such-conference: no such installed agenda" in errors[0]
    assert "was not imported from a URL" in errors[1]
    assert out.startswith(f"{ID}: 0 added, 1 cancelled")


def test_update_without_ids_refreshes_only_the_agendas_with_a_url(installed, capsys):
    code, _, err = run(capsys, "import", str(TEST_DATA / "import" / "schedule-small.json"), "--install")
    assert code == 0, err
    code, out, err = run(capsys, "update")
    assert code == 0, err
    assert out.splitlines() == [line for line in out.splitlines() if line.startswith(ID)]


def test_importing_a_file_over_it_stops_following_the_url(installed, capsys):
    code, _, err = run(capsys, "import", str(TEST_DATA / "import" / "frab-small.xml"), "--install")
    assert code == 0, err
    assert f"it no longer follows {installed}" in err
    assert not record_path(ID).exists()


def test_a_record_keeps_the_keys_a_newer_version_wrote(installed, schedule_server, capsys):
    path = record_path(ID)
    path.write_text(json.dumps({**json.loads(path.read_text()), "mirror": "https://m.example/s.xml"}))
    schedule_server.routes["/schedule.xml"] = Route(frab_v2())
    assert run(capsys, "update")[0] == 0
    assert json.loads(path.read_text())["mirror"] == "https://m.example/s.xml"


def test_a_damaged_record_is_one_line_and_changes_nothing(installed, capsys, isolated_home):
    record_path(ID).write_text("{not json")
    before = snapshot(isolated_home)
    code, _, err = run(capsys, "update", ID)
    assert_user_error(code, err, str(record_path(ID)), "not a source record")
    assert snapshot(isolated_home) == before


def test_offline_connects_to_nothing(installed, capsys, offline):
    before = snapshot(agendas_dir())
    for command in (["update", "--offline"], ["--offline", "update", ID],
                    ["import", installed, "--offline"]):
        code, _, err = run(capsys, *command)
        assert_user_error(code, err, "--offline")
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("offline = true\n")
    code, _, err = run(capsys, "update")
    assert_user_error(code, err, "offline = true in")
    # Everything else still works offline, on the installed copy.
    code, out, err = run(capsys, "list", "--agenda", ID)
    assert code == 0 and "Opening Keynote" in out, err
    assert offline == []
    assert snapshot(agendas_dir()) == before


def test_an_agenda_called_update_still_opens_with_agenda(capsys, tmp_path, monkeypatch):
    tiny = (TEST_DATA / "tiny.toml").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    Path("update").write_text(tiny, encoding="utf-8")
    code, out, err = run(capsys, "list", "--agenda", "update")
    assert code == 0, err
    code2, out2, err2 = run(capsys, "--agenda", "update", "list")
    assert code2 == 0 and out2 == out, err2
    os.remove("update")
    agendas_dir().mkdir(parents=True)
    conference_id = load_agenda(TEST_DATA / "tiny.toml").conference.id
    installed_agenda_path("update").write_text(
        tiny.replace(f'id = "{conference_id}"', 'id = "update"', 1), encoding="utf-8")
    code, out3, err = run(capsys, "list", "--agenda", "update")
    assert code == 0 and out3 == out, err


def test_a_compressed_body_over_the_cap_says_one_line_and_nothing_else(schedule_server, tmp_path):
    """In a process of its own: what asyncio prints of an unfinished stream comes at exit."""
    import random
    import subprocess
    import sys

    noise = random.Random(7).randbytes(2_000_000)  # compresses badly: the body comes in many pieces
    schedule_server.routes["/big.xml"] = Route(b"<schedule>" + noise + b" " * 12_000_000, gzip=True)
    command = [sys.executable, "-m", "agenda_tui", "import", schedule_server.url("/big.xml")]
    result = subprocess.run(command, capture_output=True, text=True,
                            env={**os.environ, "AGENDA_TUI_HOME": str(tmp_path)})
    assert_user_error(result.returncode, result.stderr, "larger than 10,485,760 bytes")
