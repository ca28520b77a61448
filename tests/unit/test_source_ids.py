"""The source's own short ids (FOSDEM's event number, a pretalx code) as aliases of
session ids on the command line; kept by importers in `Session.source_id`, and by
agenda files, the agenda cache and iCalendar exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from agenda_tui import agenda_cache
from agenda_tui.agenda_file import dump_agenda, load_agenda, parse_agenda, save_agenda
from agenda_tui.errors import AgendaErrors
from agenda_tui.formats.frab_xml import parse_frab_xml
from agenda_tui.formats.schedule_json import parse_schedule_json
from agenda_tui.session_ids import resolve_ids
from tests.cli_support import assert_user_error, run
from tests.conftest import TEST_DATA, shared_data

IMPORT = TEST_DATA / "import"
OPENING = "270fa44c-821a-577f-8ca3-33e8d4a8c2a7"  # 38C3's opening ceremony, pretalx HQCCYH


def saved(agenda, folder: Path) -> Path:
    path = folder / f"{agenda.conference.id}.toml"
    save_agenda(agenda, path)
    return path


@pytest.fixture(scope="module")
def fosdem_file(tmp_path_factory) -> Path:
    path = shared_data("fosdem-2025-schedule.xml")
    return saved(parse_frab_xml(path.read_bytes(), path.name), tmp_path_factory.mktemp("fosdem"))


@pytest.fixture(scope="module")
def congress_file(tmp_path_factory) -> Path:
    path = shared_data("38c3-schedule.xml")
    return saved(parse_frab_xml(path.read_bytes(), path.name), tmp_path_factory.mktemp("38c3"))


# -- what the importers keep -------------------------------------------------------------

def test_frab_keeps_the_event_number_beside_the_guid():
    agenda = parse_frab_xml((IMPORT / "frab-small.xml").read_bytes())
    keynote = agenda.sessions_by_id["3f1e0a6c-0000-4000-8000-000000000001"]
    assert keynote.source_id == "101"


def test_schedule_json_prefers_the_pretalx_code_to_the_number():
    text = (IMPORT / "schedule-small.json").read_bytes()
    plain = parse_schedule_json(text)
    assert plain.sessions_by_id["22222222-0000-4000-8000-000000000001"].source_id == "1"
    coded = parse_schedule_json(text.replace(b'"id": 1,', b'"id": 1, "code": "ABC123",'))
    assert coded.sessions_by_id["22222222-0000-4000-8000-000000000001"].source_id == "ABC123"
    linked = parse_schedule_json(text.replace(b"https://camp.example/talk/1",
                                              b"https://pretalx.example/camp/talk/XYZ789/"))
    assert linked.sessions_by_id["22222222-0000-4000-8000-000000000001"].source_id == "XYZ789"


@pytest.mark.parametrize("bad", ["1\u200b".encode(), b"a b", b"9" * 201, b"\xe2\x80\xae01"])
def test_a_short_id_that_is_no_id_is_dropped_and_the_session_kept(bad):
    text = (IMPORT / "frab-small.xml").read_bytes().replace(b'id="101"', b'id="' + bad + b'"')
    warnings: list[str] = []
    agenda = parse_frab_xml(text, warnings=warnings)
    assert agenda.sessions_by_id["3f1e0a6c-0000-4000-8000-000000000001"].source_id is None
    assert warnings == []


def test_no_alias_where_the_session_id_is_the_source_s_id_already():
    text = (IMPORT / "frab-small.xml").read_bytes().replace(
        b'guid="3f1e0a6c-0000-4000-8000-000000000001" ', b"")
    assert parse_frab_xml(text).sessions_by_id["101"].source_id is None


def test_the_real_schedules(fosdem_file, congress_file):
    fosdem = load_agenda(fosdem_file)
    assert all(session.source_id and session.source_id.isdigit() for session in fosdem.sessions)
    congress = load_agenda(congress_file)
    assert congress.sessions_by_id[OPENING].source_id == "HQCCYH"
    path = shared_data("rc3-2020-pretalx-schedule.json")
    rc3 = parse_schedule_json(path.read_bytes(), timezone="Europe/Berlin")
    assert "MJA8QY" in {session.source_id for session in rc3.sessions}


# -- kept where agendas are kept ---------------------------------------------------------

def test_agenda_files_and_the_cache_keep_it(fosdem_file):
    text = fosdem_file.read_text()
    assert 'source_id = "6210"' in text
    first = load_agenda(fosdem_file)  # read from the TOML, then cached
    assert list(agenda_cache.folder().glob("*.agenda"))
    cached = load_agenda(fosdem_file)
    assert cached == first and parse_agenda(text) == first
    assert {s.id: s.source_id for s in cached.sessions} == {s.id: s.source_id for s in first.sessions}


def test_the_symposium_is_unchanged(symposium):
    assert all(session.source_id is None for session in symposium.sessions)
    assert "source_id" not in dump_agenda(symposium)


def test_a_hand_written_agenda_may_name_one_and_it_must_be_an_id(tmp_path):
    base = (TEST_DATA / "night-rooms.toml").read_text()
    agenda = parse_agenda(base.replace('id = "talk-a"\n', 'id = "talk-a"\nsource_id = "17"\n'))
    assert agenda.sessions_by_id["talk-a"].source_id == "17"
    path = tmp_path / "bad.toml"
    path.write_text(base.replace('id = "talk-a"\n', 'id = "talk-a"\nsource_id = "1 7"\n'))
    code, _, err = run_validate(path)
    assert code == 2 and "source_id" in err


def run_validate(path: Path) -> tuple[int, str, str]:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "agenda_tui", "validate", str(path)],
                          capture_output=True, text=True, check=False)
    return done.returncode, done.stdout, done.stderr


# -- the command line ----------------------------------------------------------------------

def test_bookmark_add_and_remove_by_fosdem_event_number(capsys, tmp_path, fosdem_file):
    state = str(tmp_path / "state")
    code, out, err = run(capsys, "bookmark", "add", "6210", "--agenda", str(fosdem_file),
                         "--state-dir", state)
    assert code == 0, err
    assert out.startswith("Bookmarked 852280ac-61d3-588c-b74c-8d87f9d9d2c6: ")
    code, out, _ = run(capsys, "bookmark", "list", "--agenda", str(fosdem_file), "--state-dir", state)
    assert out.split()[0] == "852280ac-61d3-588c-b74c-8d87f9d9d2c6"
    code, out, _ = run(capsys, "bookmark", "remove", "6210", "--agenda", str(fosdem_file),
                       "--state-dir", state)
    assert code == 0
    code, out, err = run(capsys, "bookmark", "list", "--agenda", str(fosdem_file), "--state-dir", state)
    assert out == ""


def test_bookmark_by_pretalx_code_at_38c3(capsys, tmp_path, congress_file):
    state = str(tmp_path / "state")
    code, out, _ = run(capsys, "bookmark", "add", "HQCCYH", "--agenda", str(congress_file),
                       "--state-dir", state)
    assert code == 0 and out == f"Bookmarked {OPENING}: 38C3: Opening Ceremony\n"


def test_a_code_that_names_several_sessions_is_an_error_that_lists_them(capsys, tmp_path, congress_file):
    # 38C3 lists the Alpaka Pub Quiz three times, each with pretalx code 878ZZE.
    state = tmp_path / "state"
    code, out, err = run(capsys, "bookmark", "add", "878ZZE", "--agenda", str(congress_file),
                         "--state-dir", str(state))
    assert_user_error(code, err, "'878ZZE'", "3 sessions", "Alpaka Pub Quiz", "Fri 27 Dec 21:00-22:30",
                      "d83f7cae-4dc5-5047-b6c6-1de951eb85ca", "e215e55f-47a0-516d-aa9b-c71dc919d650",
                      "9fb5a8dc-5538-59de-a737-a206e6e54fb3")
    assert out == ""
    code, out, _ = run(capsys, "bookmark", "list", "--agenda", str(congress_file),
                       "--state-dir", str(state))
    assert code == 0 and out == ""  # nothing was bookmarked


def test_an_exact_session_id_wins_over_an_alias(capsys, tmp_path):
    base = (TEST_DATA / "night-rooms.toml").read_text()
    # talk-b's source calls it "talk-a", the id of another session.
    text = base.replace('id = "talk-b"\n', 'id = "talk-b"\nsource_id = "talk-a"\n')
    text = text.replace('id = "night"\n', 'id = "night"\nsource_id = "N1"\n')
    path = tmp_path / "aliases.toml"
    path.write_text(text)
    agenda = load_agenda(path)
    assert resolve_ids(agenda, ["talk-a", "N1", "nope"]) == ["talk-a", "night", "nope"]
    state = str(tmp_path / "state")
    code, out, _ = run(capsys, "bookmark", "add", "talk-a", "N1", "--agenda", str(path),
                       "--state-dir", state)
    assert code == 0
    assert out.splitlines() == ["Bookmarked talk-a: Late talk in A", "Bookmarked night: Night session"]


def test_an_unknown_id_is_still_reported_as_one(capsys, tmp_path, fosdem_file):
    code, _, err = run(capsys, "bookmark", "add", "999999999", "--agenda", str(fosdem_file),
                       "--state-dir", str(tmp_path / "state"))
    assert_user_error(code, err, "unknown session id '999999999'")


def test_resolve_ids_reports_every_ambiguous_alias_at_once():
    base = (TEST_DATA / "night-rooms.toml").read_text()
    text = base.replace('id = "talk-a"\n', 'id = "talk-a"\nsource_id = "7"\n')
    text = text.replace('id = "talk-b"\n', 'id = "talk-b"\nsource_id = "7"\n')
    with pytest.raises(AgendaErrors) as caught:
        resolve_ids(parse_agenda(text), ["7", "7"])
    assert len(caught.value.lines()) == 2
    assert "talk-a (Late talk in A, Fri 27 Dec 23:00-23:45); talk-b" in caught.value.lines()[0]


def test_list_json_adds_the_source_id(capsys, fosdem_file):
    import json

    code, out, _ = run(capsys, "list", "--json", "--day", "1", "--agenda", str(fosdem_file))
    records = json.loads(out)
    assert code == 0 and all(record["source_id"].isdigit() for record in records)
    assert all(record["id"] != record["source_id"] for record in records)
