"""`agenda-tui import`, `agendas` and `diff`; installing updates keeps bookmarks and notes."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from agenda_tui.agenda_file import load_agenda, parse_agenda
from agenda_tui.errors import InvalidFileError
from agenda_tui.importing import detect_format, import_source
from agenda_tui.paths import state_file
from agenda_tui.state_file import StateFile
from tests.cli_support import run
from tests.conftest import shared_data

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
SMALL = DATA / "frab-small.xml"
KEYNOTE = "3f1e0a6c-0000-4000-8000-000000000001"
LUNCH = "3f1e0a6c-0000-4000-8000-000000000004"




@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    """Keep every test out of the real user data directory."""
    folder = tmp_path / "home"
    monkeypatch.setenv("AGENDA_TUI_HOME", str(folder))
    return folder


# -- import ---------------------------------------------------------------------


def test_import_to_a_file(capsys, tmp_path):
    target = tmp_path / "tiny.toml"
    code, out, err = run(capsys, "import", str(SMALL), "-o", str(target))
    assert code == 0
    assert out == ""
    assert err.startswith("Imported 5 sessions of 'Tiny Conference' (id tinyconf-2024, "
                          "2024-03-09 to 2024-03-10, Europe/Berlin) from frab schedule.xml in ")
    assert load_agenda(target) == import_source(SMALL).agenda


@pytest.mark.parametrize("where, message", [
    ("missing/tiny.toml", "does not exist"),
    ("~nosuchuser-agenda/tiny.toml", "no user 'nosuchuser-agenda'"),
    (".", "is a directory"),
])
def test_import_to_a_place_that_cannot_be_is_refused_before_anything_is_read(
        capsys, tmp_path, monkeypatch, where, message):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "import", str(SMALL), "-o", where)
    assert code == 2 and message in err and len(err.splitlines()) == 1, err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_import_to_standard_output(capsys):
    code, out, _ = run(capsys, "import", str(SMALL))
    assert code == 0
    assert parse_agenda(out) == import_source(SMALL).agenda


def test_import_from_standard_input(capsys, tmp_path, monkeypatch):
    data = (DATA / "schedule-small.json").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, _, err = run(capsys, "import", "-", "-o", str(tmp_path / "camp.toml"))
    assert code == 0, err
    assert "from schedule.json" in err
    assert load_agenda(tmp_path / "camp.toml").conference.id == "minicamp23"


def test_import_needs_a_zone_when_the_source_has_none(capsys, tmp_path):
    target = tmp_path / "old.toml"
    code, _out, err = run(capsys, "import", str(DATA / "frab-no-zone.xml"), "-o", str(target))
    assert code == 2
    assert err.splitlines() == [
        (f"{DATA / 'frab-no-zone.xml'}: schedule/conference/time_zone_name: the file names no "
        "time zone (time_zone_name); give the conference's zone with --timezone ZONE "
        "(an IANA name such as Europe/Brussels)")]
    assert not target.exists()
    code, _, _ = run(capsys, "import", str(DATA / "frab-no-zone.xml"), "-o", str(target),
                     "--timezone", "Europe/Brussels")
    assert code == 0
    assert load_agenda(target).conference.timezone == "Europe/Brussels"


@pytest.mark.parametrize(("name", "problems"), [
    ("frab-malformed.xml", 7),
    ("schedule-malformed.json", 4),
    ("feed-malformed.ics", 5),
    ("billion-laughs.xml", 1),
    ("external-entity.xml", 1),
    ("not-well-formed.xml", 1),
])
def test_bad_input_gives_one_line_per_problem_exit_2_and_writes_nothing(capsys, tmp_path, home,
                                                                       name, problems):
    target = tmp_path / "out.toml"
    code, out, err = run(capsys, "import", str(DATA / name), "-o", str(target), "--install",
                         "--strict")
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == problems
    assert all(line.startswith(str(DATA / name)) for line in err.splitlines())
    assert "Traceback" not in err
    assert not target.exists()
    assert not (home / "agendas").exists()


def test_size_limit_and_max_size(capsys, tmp_path):
    size = SMALL.stat().st_size
    code, _, err = run(capsys, "import", str(SMALL), "--max-size", "1000", "-o", str(tmp_path / "a"))
    assert code == 2
    assert err == (f"{SMALL}: is {size:,} bytes, over the limit of 1,000 bytes "
                   "(raise it with --max-size BYTES)\n")
    code, _, _ = run(capsys, "import", str(SMALL), "--max-size", str(size), "-o", str(tmp_path / "a"))
    assert code == 0


def test_a_wrong_format_is_an_error_not_a_crash(capsys):
    code, _, err = run(capsys, "import", str(SMALL), "--format", "json")
    assert code == 2
    assert "malformed JSON" in err


def test_missing_source(capsys):
    code, _, err = run(capsys, "import", "/no/such/schedule.xml")
    assert (code, err) == (2, "/no/such/schedule.xml: no such file\n")


@pytest.mark.parametrize(("name", "expected"), [
    ("frab-small.xml", "frab"), ("billion-laughs.xml", "frab"), ("schedule-small.json", "json"),
    ("feed-small.ics", "ics"),
])
def test_detect_format(name, expected):
    assert detect_format((DATA / name).read_bytes()) == expected


def test_detect_format_refuses_what_it_cannot_tell():
    with pytest.raises(InvalidFileError, match="cannot tell the format.*--format"):
        detect_format(b"id,title\n1,talk\n", "sessions.csv")


# -- install, agendas, updates ------------------------------------------------------------


def test_install_then_open_by_id_and_list(capsys, home):
    code, _, err = run(capsys, "import", str(SMALL), "--install")
    assert code == 0
    assert "Installed as tinyconf-2024" in err
    assert (home / "agendas" / "tinyconf-2024.toml").is_file()
    code, out, _ = run(capsys, "list", "--agenda", "tinyconf-2024")
    assert code == 0
    assert "Opening Keynote" in out
    run(capsys, "import", str(DATA / "schedule-small.json"), "--install")
    code, out, _ = run(capsys, "agendas")
    assert code == 0
    assert out.splitlines() == [
        "minicamp23  Mini Camp  2023-08-15 to 2023-08-16  3 sessions",
        "tinyconf-2024  Tiny Conference  2024-03-09 to 2024-03-10  5 sessions",
    ]


def test_installing_another_conference_under_an_id_in_use_says_so(capsys, home, tmp_path):
    assert run(capsys, "import", str(SMALL), "--install")[0] == 0
    other = tmp_path / "other.xml"
    other.write_bytes(SMALL.read_bytes().replace(b"<title>Tiny Conference</title>",
                                                 b"<title>Another Conference</title>", 1))
    code, _, err = run(capsys, "import", str(other), "--install")
    assert code == 0
    assert ("tinyconf-2024 was 'Tiny Conference', and is now 'Another Conference'" in err)
    code, _, err = run(capsys, "import", str(other), "--install")  # the same again: quiet
    assert "was '" not in err


def test_agendas_when_none_is_installed(capsys, home):
    code, out, err = run(capsys, "agendas")
    assert (code, out) == (0, "")
    assert "No agendas installed" in err


def _next_version(tmp_path: Path) -> Path:
    """frab-small.xml as republished: the keynote half an hour later, the lunch cancelled."""
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("<date>2024-03-09T10:00:00+01:00</date>\n        <start>10:00</start>",
                        "<date>2024-03-09T10:30:00+01:00</date>\n        <start>10:30</start>")
    start = text.index(f'<event guid="{LUNCH}"')
    end = text.index("</event>", start) + len("</event>")
    path = tmp_path / "frab-small-v2.xml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return path


def test_an_update_replaces_the_agenda_and_keeps_bookmarks_and_notes(capsys, tmp_path, home):
    assert run(capsys, "import", str(SMALL), "--install")[0] == 0
    assert run(capsys, "bookmark", "add", "--agenda", "tinyconf-2024", KEYNOTE, LUNCH)[0] == 0
    store = StateFile(state_file("tinyconf-2024"), "tinyconf-2024")
    store.set_note(KEYNOTE, "sit near the front")

    code, _, err = run(capsys, "import", str(_next_version(tmp_path)), "--install")
    assert code == 0
    assert ("Updated tinyconf-2024 (" in err
            and "0 added, 1 removed, 1 moved, 0 retitled; bookmarks and notes are kept" in err)

    agenda = load_agenda(home / "agendas" / "tinyconf-2024.toml")
    assert LUNCH not in agenda.sessions_by_id
    assert agenda.sessions_by_id[KEYNOTE].start.hour == 10
    assert agenda.sessions_by_id[KEYNOTE].start.minute == 30
    state = StateFile(state_file("tinyconf-2024"), "tinyconf-2024").state
    assert state.bookmarks == sorted([KEYNOTE, LUNCH])
    assert state.notes == {KEYNOTE: "sit near the front"}
    code, out, _ = run(capsys, "bookmark", "list", "--agenda", "tinyconf-2024")
    assert code == 0
    assert out.splitlines()[0].startswith(f"{KEYNOTE}  2024-03-09 Sat  10:30-11:15")
    assert out.splitlines()[1] == f"{LUNCH}  (no longer in the agenda)"


# -- diff -------------------------------------------------------------------------------


def test_diff_text_and_json(capsys, tmp_path):
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    run(capsys, "import", str(SMALL), "-o", str(old))
    run(capsys, "import", str(_next_version(tmp_path)), "-o", str(new))
    code, out, err = run(capsys, "diff", str(old), str(new))
    assert code == 0
    assert out.splitlines() == [
        f"- removed   Sun 10 Mar 12:30-13:00  Lunch Break  [Hall A]  ({LUNCH})",
        f"~ moved     Sat 9 Mar 10:00-10:45  Opening Keynote  [Hall A]  ({KEYNOTE})",
        "         -> Sat 9 Mar 10:30-11:15  [Hall A]  (time)",
    ]
    assert err == "0 added, 1 removed, 1 moved, 0 retitled\n"
    code, out, _ = run(capsys, "diff", str(old), str(new), "--json")
    record = json.loads(out)
    assert [m["id"] for m in record["moved"]] == [KEYNOTE]
    assert [r["id"] for r in record["removed"]] == [LUNCH]
    assert record["added"] == record["retitled"] == []


def test_diff_an_installed_agenda_against_a_published_schedule(capsys, tmp_path):
    run(capsys, "import", str(SMALL), "--install")
    code, out, _ = run(capsys, "diff", "tinyconf-2024", str(_next_version(tmp_path)), "--json")
    assert code == 0
    assert [r["id"] for r in json.loads(out)["removed"]] == [LUNCH]
    code, _, err = run(capsys, "diff", "tinyconf-2024", "tinyconf-2024")
    assert (code, err) == (0, "No changes.\n")


def test_diff_of_a_missing_agenda(capsys):
    code, _, err = run(capsys, "diff", "nope", "nada")
    assert code == 2
    assert err == "nope: no such agenda file or installed conference\n"


# -- the real schedules, end to end ---------------------------------------------------


@pytest.mark.parametrize(("name", "extra", "sessions"), [
    ("fosdem-2025-schedule.xml", [], 943),
    ("38c3-schedule.xml", [], 1007),
    ("rc3-2020-pretalx-schedule.json", ["--timezone", "Europe/Berlin"], 48),
    ("pyconuk-2015-schedule.ics", ["--timezone", "Europe/London"], 162),
])
def test_real_schedules_install_and_open(capsys, home, name, extra, sessions):
    """Speed is measured by `make bench`, not here: this machine's timings are noise."""
    path = shared_data(name)
    code, _, err = run(capsys, "import", str(path), "--install", *extra)
    assert code == 0, err
    agenda = import_source(path, timezone=extra[1] if extra else None).agenda
    installed = load_agenda(home / "agendas" / f"{agenda.conference.id}.toml")
    assert installed == agenda
    assert len(installed.sessions) == sessions
    code, _out, _ = run(capsys, "validate", str(home / "agendas" / f"{agenda.conference.id}.toml"))
    assert code == 0


def test_diff_tells_agenda_files_from_schedules_by_content(capsys, tmp_path):
    agenda_file, schedule_file = tmp_path / "agenda", tmp_path / "schedule"
    run(capsys, "import", str(SMALL), "-o", str(agenda_file))
    schedule_file.write_bytes(SMALL.read_bytes())
    code, out, err = run(capsys, "diff", str(agenda_file), str(schedule_file))
    assert (code, out, err) == (0, "", "No changes.\n")


def test_diff_a_schedule_of_a_named_format_against_an_installed_agenda(capsys, home):
    code, _, err = run(capsys, "import", str(SMALL), "--install")
    assert code == 0, err
    installed = next((home / "agendas").glob("*.toml")).stem
    code, out, err = run(capsys, "diff", str(SMALL), installed, "--format", "frab")
    assert (code, out, err) == (0, "", "No changes.\n")


# -- skipped events, --strict, --from/--until ------------------------------------------


@pytest.mark.parametrize(("name", "sessions", "skipped"), [
    ("frab-one-broken.xml", 2, 2), ("schedule-one-broken.json", 1, 5), ("feed-one-broken.ics", 2, 5)])
def test_broken_events_are_warnings_exit_0_and_strict_refuses(capsys, tmp_path, name, sessions, skipped):
    target = tmp_path / "out.toml"
    code, _, err = run(capsys, "import", str(DATA / name), "-o", str(target))
    assert code == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("agenda-tui: warning: ")]
    assert len(warnings) == skipped
    assert all(f"{DATA / name}" in line and ": skipped: " in line for line in warnings)
    assert len(load_agenda(target).sessions) == sessions
    target.unlink()
    code, _, err = run(capsys, "import", str(DATA / name), "-o", str(target), "--strict")
    assert code == 2
    assert len(err.splitlines()) == skipped and "warning" not in err
    assert not target.exists()


def test_diff_honours_strict(capsys, tmp_path):
    broken = DATA / "frab-one-broken.xml"
    code, _, err = run(capsys, "diff", str(broken), str(broken))
    assert (code, err.splitlines()[-1]) == (0, "No changes.")
    assert sum("skipped" in line for line in err.splitlines()) == 4  # each file's two
    code, _, err = run(capsys, "diff", str(broken), str(broken), "--strict")
    assert code == 2 and len(err.splitlines()) == 2


def test_from_and_until(capsys, tmp_path):
    target = tmp_path / "sprint.toml"
    code, _, err = run(capsys, "import", str(DATA / "feed-recurring.ics"), "-o", str(target),
                       "--from", "2024-03-26", "--until", "2024-04-09")
    assert code == 0, err
    assert load_agenda(target).conference.end_date.isoformat() == "2024-04-09"
    for bad in (["--from", "2024-02-30"], ["--from", "9999-01-01"],
                ["--from", "2024-04-10", "--until", "2024-04-09"]):
        code, _, err = run(capsys, "import", str(DATA / "feed-recurring.ics"), *bad)
        assert code == 2 and "Traceback" not in err, err
    code, _, err = run(capsys, "import", str(SMALL), "--from", "2024-03-09", "-o", str(target))
    assert code == 0 and "--from and --until are for the repeating events" in err


@pytest.mark.parametrize("zone", ["Europe", "America", "Z" * 300])
def test_a_timezone_argument_that_is_no_zone_is_one_line(capsys, zone):
    code, _, err = run(capsys, "import", str(DATA / "frab-no-zone.xml"), "--timezone", zone)
    assert code == 2
    assert err.splitlines() == [f"{DATA / 'frab-no-zone.xml'}: --timezone: unknown IANA time zone {zone!r}"]


@pytest.mark.parametrize("error", [OverflowError("date value out of range"),
                                   ValueError("year 10000 is out of range"),
                                   IsADirectoryError(21, "Is a directory")])
def test_an_error_no_reader_foresaw_becomes_one_line_naming_the_file(monkeypatch, error):
    import agenda_tui.formats.frab_xml as frab_xml

    def fails(*args, **kwargs):
        raise error

    monkeypatch.setattr(frab_xml, "build_agenda", fails)
    with pytest.raises(InvalidFileError) as caught:
        import_source(SMALL)
    assert caught.value.lines() == [f"{SMALL}: cannot be read as frab schedule.xml: {error}"]
