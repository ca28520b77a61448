"""The state file as other programs leave it: a newer version's keys, one bad value, a
byte-order mark, a symlink, a FIFO, a file too large, two ids that a file system could
confuse. Nothing the user owns is lost, and nothing waits."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agenda_tui.agenda_file import dump_agenda, load_agenda, parse_agenda, save_agenda
from agenda_tui.paths import file_stem, state_file
from agenda_tui.state_file import MAX_STATE_BYTES, StateFile
from agenda_tui.state_model import DisplayZone
from tests.conftest import TEST_DATA

NEWER = """\
schema_version = 1
conference_id = "conf"
bookmarks = ["a"]
sync = "every-hour"

[settings]
theme = "gruvbox"
display_zone = "venue"
font = "large"

[tags]
a = ["must-see", "with-alice"]

[notes]
a = "bring questions"
"""


@pytest.fixture
def path(tmp_path: Path) -> Path:
    directory = tmp_path / "state"
    directory.mkdir()
    return directory / "conf.toml"


def on_disk(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_a_newer_versions_keys_and_values_survive_a_change_in_place(path: Path):
    path.write_text(NEWER)
    store = StateFile(path, "conf")
    assert store.state.settings.display_zone is DisplayZone.EVENT  # "venue": unknown here
    [warning] = store.take_warnings()
    assert "settings.display_zone" in warning and "'venue'" in warning
    store.set_bookmark("b", True)
    written = on_disk(path)
    assert written["bookmarks"] == ["a", "b"]
    assert written["tags"] == {"a": ["must-see", "with-alice"]}
    assert written["sync"] == "every-hour"
    assert written["settings"] == {"theme": "gruvbox", "display_zone": "venue", "font": "large"}
    assert written["notes"] == {"a": "bring questions"}
    # In place: the tables keep their order in the file.
    text = path.read_text()
    assert text.index("[settings]") < text.index("[tags]") < text.index("[notes]")


def test_a_raw_value_is_replaced_only_when_the_user_changes_that_field(path: Path):
    path.write_text(NEWER)
    store = StateFile(path, "conf")
    store.update_settings(theme="dracula")
    assert on_disk(path)["settings"]["display_zone"] == "venue"
    store.update_settings(display_zone=DisplayZone.LOCAL)
    assert on_disk(path)["settings"] == {"theme": "dracula", "display_zone": "local", "font": "large"}


@pytest.mark.parametrize("bad, field, kept", [
    ('theme = 5', "settings.theme", lambda s: s.bookmarks == ["a"]),
    ('[notes]\na = 5\nb = "kept"', "notes.a", lambda s: s.notes == {"b": "kept"}),
    ('notes = "not a table"', "notes", lambda s: s.bookmarks == ["a"] and s.notes == {}),
    ('bookmarks = "a"', "bookmarks", lambda s: s.bookmarks == [] and s.settings.show_breaks is False),
    ('bookmarks = ["a", 5, "c"]', "bookmarks[1]", lambda s: s.bookmarks == ["a", "c"]),
    ('bookmarks = { s1 = true }', "bookmarks", lambda s: s.bookmarks == []),
    ('notes = ["x"]', "notes", lambda s: s.notes == {} and s.bookmarks == ["a"]),
    ('exports = [1]', "exports", lambda s: s.exports == {} and s.bookmarks == ["a"]),
    ('settings = ["x"]', "settings", lambda s: s.bookmarks == ["a"]),
])
def test_one_bad_value_costs_only_itself(path: Path, bad: str, field: str, kept):
    good = 'conference_id = "conf"\nbookmarks = ["a"]\n[settings]\nshow_breaks = false\n'
    if bad.startswith("bookmarks"):
        good = good.replace('bookmarks = ["a"]\n', "")
    if bad.startswith("settings"):
        good = good.replace("[settings]\nshow_breaks = false\n", "")
    if bad.startswith("theme"):
        good += bad + "\n"
    elif bad.startswith("["):
        good = good.replace("[settings]", bad + "\n[settings]")
    else:
        good = bad + "\n" + good
    path.write_text(good)
    store = StateFile(path, "conf")
    assert kept(store.state), store.state
    [warning] = store.take_warnings()
    assert f"{field}:" in warning and str(path) in warning
    [copy] = path.parent.glob("conf.toml.as-found-*")
    assert copy.read_text() == good and path.read_text() == good
    for session_id in ("x", "y"):  # each session changes the file; the bad value stays
        StateFile(path, "conf").set_bookmark(session_id, True)
    assert len(list(path.parent.glob("conf.toml.as-found-*"))) == 1
    assert copy.read_text() == good


@pytest.mark.parametrize("bad, problem", [
    ('show_past = "no"', "settings.show_past: Input should be a valid boolean (got 'no')"),
    ("reminder_minutes = 5000",
     "settings.reminder_minutes: Input should be less than or equal to 1440 (got 5000)"),
    ("my_schedule_grid = 1", "settings.my_schedule_grid: Input should be a valid boolean (got 1)"),
])
def test_a_strict_setting_of_the_wrong_kind_costs_only_itself(path: Path, bad: str, problem: str):
    """Its type is checked strictly (`"no"`, `1`) or with bounds: that check holds for the
    one key, and every other setting in the table is used."""
    path.write_text(f'conference_id = "conf"\n[settings]\nshow_breaks = false\n{bad}\n'
                    'theme = "dracula"\n')
    store = StateFile(path, "conf")
    settings = store.state.settings
    assert settings.show_breaks is False and settings.theme == "dracula"
    assert (settings.show_past, settings.reminder_minutes, settings.my_schedule_grid) == (True, None, False)
    [warning] = store.take_warnings()
    assert f": {problem}: that value is ignored" in warning


def test_a_bad_value_inside_a_record_is_quoted_itself_not_its_record(path: Path):
    path.write_text('conference_id = "conf"\n[exports.s1]\nfingerprint = "f"\nsequence = 3\n'
                    'title = "A long title that would fill the line"\nstart = 2025-02-01T10:00:00\n')
    store = StateFile(path, "conf")
    [warning] = store.take_warnings()
    assert "exports.s1.start: Input should have timezone info (got datetime.datetime(2025, 2, 1, 10, 0))" \
        in warning and "A long title" not in warning


def test_a_schema_version_that_is_text_costs_only_itself(path: Path):
    path.write_text('schema_version = "1"\nconference_id = "conf"\nbookmarks = ["a"]\n')
    store = StateFile(path, "conf")
    assert store.state.bookmarks == ["a"] and store.state.schema_version == 1
    [warning] = store.take_warnings()
    assert ": schema_version: Input should be a valid integer (got '1'): that value" in warning


def test_a_newer_schema_is_opened_read_only_and_never_rewritten(path: Path):
    text = NEWER.replace("schema_version = 1", "schema_version = 2")
    path.write_text(text)
    store = StateFile(path, "conf")
    assert store.state.bookmarks == ["a"] and store.note("a") == "bring questions"
    [warning] = store.take_warnings()
    assert "newer version" in warning and "for this session only" in warning
    store.set_bookmark("b", True)
    assert store.is_bookmarked("b") and not store.saved
    assert "newer version" in store.unsaved_reason
    assert path.read_text() == text


def test_a_byte_order_mark_is_accepted_in_state_and_agenda_files(path: Path, tmp_path: Path):
    path.write_bytes(b"\xef\xbb\xbf" + b'conference_id = "conf"\nbookmarks = ["a"]\n')
    store = StateFile(path, "conf")
    assert store.state.bookmarks == ["a"] and store.take_warnings() == []
    agenda = tmp_path / "notepad.toml"
    agenda.write_bytes(b"\xef\xbb\xbf" + (TEST_DATA / "tiny.toml").read_bytes())
    assert load_agenda(agenda).conference.id == "tiny-conf"


def test_a_symlinked_state_file_is_updated_through_the_link(path: Path, tmp_path: Path):
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "agenda-state.toml"
    real.write_text('conference_id = "conf"\nbookmarks = ["a"]\n')
    path.symlink_to(real)
    other_link = tmp_path / "second-link.toml"
    other_link.symlink_to(real)
    store = StateFile(path, "conf")
    store.set_bookmark("b", True)
    assert path.is_symlink() and os.readlink(path) == str(real)
    assert on_disk(real)["bookmarks"] == ["a", "b"]
    # The lock belongs to the file, not to the link: two links to it share one.
    assert (dotfiles / "agenda-state.toml.lock").exists()
    assert not (path.parent / "conf.toml.lock").exists()
    StateFile(other_link, "conf").set_bookmark("c", True)
    assert StateFile(path, "conf").state.bookmarks == ["a", "b", "c"]
    assert not list(dotfiles.glob("*.tmp")) and not list(path.parent.glob("*.tmp"))


@pytest.mark.timeout(30)
def test_a_fifo_at_the_state_path_is_refused_at_once(path: Path):
    os.mkfifo(path)
    store = StateFile(path, "conf")  # an ordinary read would wait for a writer for ever
    [warning] = store.take_warnings()
    assert "named pipe" in warning
    store.set_bookmark("a", True)
    assert StateFile(path, "conf").state.bookmarks == ["a"]


@pytest.mark.timeout(30)
def test_a_symlink_to_a_fifo_or_a_device_is_read_only_and_left_alone(path: Path, tmp_path: Path):
    os.mkfifo(tmp_path / "pipe")
    path.symlink_to(tmp_path / "pipe")
    store = StateFile(path, "conf")
    assert "named pipe" in store.read_only_reason
    store.set_bookmark("a", True)
    assert path.is_symlink() and (tmp_path / "pipe").is_fifo()


def test_a_state_file_over_the_limit_is_refused_not_read(path: Path):
    with path.open("wb") as handle:
        handle.write(b'conference_id = "conf"\nbookmarks = ["a"]\n')
        handle.truncate(MAX_STATE_BYTES + 1)
    size = path.stat().st_size
    store = StateFile(path, "conf")
    assert "over the" in store.read_only_reason and store.state.bookmarks == []
    store.set_bookmark("b", True)
    assert path.stat().st_size == size and not store.saved


def test_two_conferences_never_share_a_file(tmp_path: Path):
    # Before: `demo.seen`'s state was `demo`'s copy of the agenda last seen.
    agenda = load_agenda(TEST_DATA / "tiny.toml")
    seen_owner = StateFile(state_file("demo.seen", tmp_path), "demo.seen")
    seen_owner.set_bookmark("kept", True)
    StateFile(state_file("demo", tmp_path), "demo").mark_seen(agenda)
    StateFile(state_file("Demo", tmp_path), "Demo").set_bookmark("upper", True)
    assert StateFile(state_file("demo.seen", tmp_path), "demo.seen").state.bookmarks == ["kept"]
    assert StateFile(state_file("demo", tmp_path), "demo").state.bookmarks == []
    names = [name.lower() for name in os.listdir(tmp_path)]
    assert len(names) == len(set(names))  # distinct on a file system that ignores case


_slugs = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)


@given(_slugs, _slugs)
def test_file_names_differ_for_different_ids_in_any_case(first: str, second: str):
    if first != second:
        assert file_stem(first).lower() != file_stem(second).lower()
    assert file_stem(first) == file_stem(first).lower() and "/" not in file_stem(first)


def test_files_under_the_old_names_are_moved_to_the_new_ones_at_first_use(tmp_path: Path):
    agenda = load_agenda(TEST_DATA / "tiny.toml")
    conference = "Tiny_Conf"
    (tmp_path / f"{conference}.toml").write_text(f'conference_id = "{conference}"\nbookmarks = ["a"]\n')
    save_agenda(agenda, tmp_path / f"{conference}.seen.toml")
    store = StateFile(state_file(conference, tmp_path), conference)
    assert store.state.bookmarks == ["a"]
    assert state_file(conference, tmp_path).name == "_tiny___conf.toml"
    assert not (tmp_path / f"{conference}.toml").exists()
    # The copy last seen is another conference's agenda here: it is left alone.
    assert store.seen_agenda() is None and (tmp_path / f"{conference}.seen.toml").exists()


def test_the_copy_last_seen_moves_to_its_new_name_when_it_is_this_conferences(tmp_path: Path):
    agenda = load_agenda(TEST_DATA / "tiny.toml")
    legacy = tmp_path / "tiny-conf.seen.toml"
    save_agenda(agenda, legacy)
    store = StateFile(state_file("tiny-conf", tmp_path), "tiny-conf")
    assert store.seen_agenda() == agenda
    assert not legacy.exists() and store.seen_agenda_path.is_file()


def test_an_export_to_a_symlink_replaces_the_file_it_leads_to(tmp_path: Path, capsys):
    from agenda_tui.cli import main

    synced = tmp_path / "Sync"
    synced.mkdir()
    real = synced / "conference.ics"
    real.write_text("old")
    link = tmp_path / "mine.ics"
    link.symlink_to(real)
    with pytest.raises(SystemExit) as done:
        main(["export", "--all", "-o", str(link), "--state-dir", str(tmp_path / "state")])
    assert done.value.code == 0, capsys.readouterr().err
    assert link.is_symlink() and real.read_text().startswith("BEGIN:VCALENDAR")
    assert sorted(p.name for p in synced.iterdir()) == ["conference.ics"]


def test_an_unreadable_file_under_the_old_name_is_reported_not_passed_over(tmp_path: Path):
    legacy = tmp_path / "Tiny_Conf.toml"
    legacy.write_text("bookmarks = [")  # broken, but this conference's to know about
    store = StateFile(state_file("Tiny_Conf", tmp_path), "Tiny_Conf")
    [warning] = store.take_warnings()
    assert "could not be read" in warning and "moved to" in warning
    [aside] = tmp_path.glob("_tiny___conf.toml.corrupt-*")
    assert aside.read_text() == "bookmarks = [" and not legacy.exists()


def test_another_conferences_file_under_the_old_name_is_left_alone(tmp_path: Path):
    legacy = tmp_path / "Tiny_Conf.toml"
    legacy.write_text('conference_id = "tiny_conf"\nbookmarks = ["theirs"]\n')
    store = StateFile(state_file("Tiny_Conf", tmp_path), "Tiny_Conf")
    assert store.state.bookmarks == [] and store.take_warnings() == []
    assert legacy.read_text().endswith('["theirs"]\n')


def test_a_record_that_could_not_be_used_is_replaced_whole_when_written(path: Path):
    path.write_text('conference_id = "conf"\n[exports.s1]\nfingerprint = "f"\nsequence = 7\n'
                    'title = 5\ncancelled = true\n')
    store = StateFile(path, "conf")
    assert "exports.s1" in store.take_warnings()[0]
    from agenda_tui.state_model import ExportRecord

    store.record_exports({"s1": ExportRecord(fingerprint="g", sequence=0)})
    assert on_disk(path)["exports"]["s1"] == {"fingerprint": "g", "sequence": 0}


def test_a_change_that_would_make_the_file_too_large_to_read_is_not_written(path: Path):
    store = StateFile(path, "conf")
    store.set_bookmark("a", True)
    before = path.read_bytes()
    store.set_note("a", "x" * (MAX_STATE_BYTES + 1))
    assert not store.saved and "over the" in store.take_warnings()[0]
    assert path.read_bytes() == before
    store.set_note("a", "short again")  # the next change saves, with the one kept meanwhile
    assert StateFile(path, "conf").note("a") == "short again"


@pytest.mark.parametrize("bad, field", [('show_breaks = "no"', "settings.show_breaks"),
                                        ("show_breaks = 0", "settings.show_breaks")])
def test_a_value_of_another_type_is_not_read_as_one_of_ours(path: Path, bad: str, field: str):
    text = f'conference_id = "conf"\n[settings]\n{bad}\n'
    path.write_text(text)
    store = StateFile(path, "conf")
    assert store.state.settings.show_breaks is True  # the default, not a guess
    assert f"{field}:" in store.take_warnings()[0]
    store.set_bookmark("a", True)
    assert on_disk(path)["settings"] == tomllib.loads(text)["settings"]


@pytest.mark.parametrize("version", ["0", "-1", '"1"', "1.0"])
def test_a_schema_version_that_is_no_version_is_reported(path: Path, version: str):
    path.write_text(f'schema_version = {version}\nconference_id = "conf"\nbookmarks = ["a"]\n')
    store = StateFile(path, "conf")
    assert store.state.bookmarks == ["a"] and "schema_version:" in store.take_warnings()[0]


@pytest.mark.parametrize("version, message", [("99", "newer version"), ("1.0", "valid integer"),
                                              ("0", "greater than or equal to 1")])
def test_an_agenda_of_another_schema_is_refused(tmp_path: Path, version: str, message: str):
    from agenda_tui.errors import InvalidFileError

    agenda = tmp_path / "agenda.toml"
    agenda.write_text((TEST_DATA / "tiny.toml").read_text().replace("schema_version = 1",
                                                                   f"schema_version = {version}"))
    with pytest.raises(InvalidFileError, match=message):
        load_agenda(agenda)


def test_an_old_copy_last_seen_where_another_conference_now_keeps_its_state_moves_away(tmp_path):
    # Before `seen/`, `demo` kept its copy as state/demo.seen.toml: the name that
    # conference `demo.seen`'s state file has now.
    agenda = load_agenda(TEST_DATA / "tiny.toml")
    demo = parse_agenda(dump_agenda(agenda).replace('id = "tiny-conf"', 'id = "demo"', 1))
    save_agenda(demo, tmp_path / "demo.seen.toml")
    seen_owner = StateFile(state_file("demo.seen", tmp_path), "demo.seen")
    assert seen_owner.take_warnings() == [] and not (tmp_path / "demo.seen.toml").exists()
    assert StateFile(state_file("demo", tmp_path), "demo").seen_agenda() == demo
