"""`agenda-tui bookmark import`: bookmarks and notes from our own iCalendar or JSON export."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from agenda_tui.agenda_file import save_agenda
from agenda_tui.bookmark_import import merged_note, read_bookmarks
from agenda_tui.formats.json_out import render_json
from agenda_tui.importing import import_source
from agenda_tui.paths import state_file
from agenda_tui.state_file import StateFile
from tests.cli_support import run

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
OWN_ICS = DATA / "own-export.ics"
CONFERENCE = "roundtrip-2024"


@pytest.fixture
def agenda_path(tmp_path) -> Path:
    """The agenda the export came from (read back from it), as a file to open."""
    path = tmp_path / "roundtrip.toml"
    save_agenda(import_source(OWN_ICS).agenda, path)
    return path


def bookmark_import(capsys, agenda_path: Path, file: Path) -> tuple[int, str, str]:
    return run(capsys, "bookmark", "import", str(file), "--agenda", str(agenda_path))


def state() -> StateFile:
    return StateFile(state_file(CONFERENCE), CONFERENCE)


def json_export(tmp_path: Path, bookmarks: set[str], notes: dict[str, str],
                conference_id: str = CONFERENCE, extra: tuple[str, ...] = ()) -> Path:
    agenda = import_source(OWN_ICS).agenda
    document = json.loads(render_json(agenda, agenda.sessions, bookmarks=bookmarks, notes=notes))
    document["conference"]["id"] = conference_id
    document["sessions"] += [{"id": session_id, "bookmarked": True, "note": None}
                             for session_id in extra]
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_our_ics_export_brings_its_bookmarks_and_notes_and_a_second_import_changes_nothing(
        capsys, agenda_path):
    code, out, err = bookmark_import(capsys, agenda_path, OWN_ICS)
    assert (code, err) == (0, "")
    assert out == f"Imported 2 bookmarks from {OWN_ICS}: 2 new, 1 note added or merged\n"
    saved = state().state
    # The gong has a note but no bookmark: `bookmark import` brings bookmarks.
    assert (saved.bookmarks, saved.notes) == (["expo", "keynote"], {"keynote": "sit near the front"})
    file_before = state_file(CONFERENCE).read_bytes()
    code, out, _ = bookmark_import(capsys, agenda_path, OWN_ICS)
    assert (code, out) == (0, f"Imported 2 bookmarks from {OWN_ICS}: 0 new, 0 notes added or merged\n")
    assert state_file(CONFERENCE).read_bytes() == file_before


def test_an_existing_different_note_is_kept_and_the_imported_one_added_below(capsys, agenda_path):
    state().set_note("keynote", "ask about the engine")
    state().set_bookmark("gong", True)
    assert bookmark_import(capsys, agenda_path, OWN_ICS)[0] == 0
    assert bookmark_import(capsys, agenda_path, OWN_ICS)[0] == 0  # idempotent
    saved = state().state
    assert saved.notes == {"keynote": "ask about the engine\n\nsit near the front"}
    assert saved.bookmarks == ["expo", "gong", "keynote"]


def test_our_json_export_and_sessions_the_agenda_does_not_have(capsys, agenda_path, tmp_path):
    export = json_export(tmp_path, {"panel", "gong"}, {"gong": "earplugs", "keynote": "not bookmarked"},
                         extra=("gone-1", "gone-2"))
    code, out, err = bookmark_import(capsys, agenda_path, export)
    assert code == 0
    assert err == (f"agenda-tui: warning: 2 bookmarked sessions of {export} not in this agenda, "
                   "not imported: gone-1, gone-2\n")
    assert out == f"Imported 2 bookmarks from {export}: 2 new, 1 note added or merged\n"
    saved = state().state
    assert (saved.bookmarks, saved.notes) == (["gong", "panel"], {"gong": "earplugs"})


@pytest.mark.parametrize("kind", ["json", "ics"])
def test_an_export_of_another_conference_is_refused_naming_both(capsys, agenda_path, tmp_path, kind):
    if kind == "json":
        export = json_export(tmp_path, {"panel"}, {}, conference_id="fosdem-2025")
    else:
        export = tmp_path / "other.ics"
        export.write_bytes(OWN_ICS.read_bytes().replace(b'{"id":"roundtrip-2024"', b'{"id":"fosdem-2025"'))
    code, out, err = bookmark_import(capsys, agenda_path, export)
    assert (code, out) == (2, "")
    assert err == (f"agenda-tui: error: {export} is an export of conference 'fosdem-2025', not of "
                   f"'{CONFERENCE}'; open that conference with --agenda\n")
    assert not state_file(CONFERENCE).exists()


@pytest.mark.parametrize("content", [b"id,title\n", b"[1, 2]", b'{"sessions": 3}', b"{" * 100_000,
                                     b'{"conference": {"id": "x"}, "sessions": [' + b"7" * 5000 + b"]}",
                                     b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", b"\xff\xfe"])
def test_a_file_that_is_not_our_export_is_one_line(capsys, agenda_path, tmp_path, content):
    path = tmp_path / "not-ours"
    path.write_bytes(content)
    code, _, err = bookmark_import(capsys, agenda_path, path)
    assert code == 2
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_a_state_that_cannot_be_saved_exits_2(capsys, agenda_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("agenda_tui.state_file.atomic_write_text", full)
    code, out, err = bookmark_import(capsys, agenda_path, OWN_ICS)
    assert code == 2 and out == ""
    assert "No space left on device" in err
    assert err.splitlines()[-1] == ("agenda-tui: error: nothing was changed: the bookmarks could "
                                    "not be saved (see above)")


def test_read_bookmarks_of_the_ics_export():
    exported = read_bookmarks(OWN_ICS)
    assert exported.conference_id == CONFERENCE
    assert exported.bookmarks == [("keynote", "sit near the front"), ("expo", None)]


@pytest.mark.parametrize(("existing", "imported", "merged"), [
    (None, "new", "new"),
    ("", "new", "new"),
    ("mine", None, "mine"),
    ("mine", "  ", "mine"),
    ("same", "same", "same"),
    ("mine", "theirs", "mine\n\ntheirs"),
    ("mine\n\ntheirs", "theirs", "mine\n\ntheirs"),
    ("theirs\n\nmine", "theirs", "theirs\n\nmine"),
    ("a\n\ntheirs\n\nb", "theirs", "a\n\ntheirs\n\nb"),
    ("look", "ok", "look\n\nok"),  # a word inside the note is not the note
    ("mine", "bell\x07 \u202eevil", "mine\n\nbell evil"),
    ("bring\tcash", "bring\tcash", "bring\tcash"),
    ("one\r\ntwo", "one\ntwo", "one\r\ntwo"),
    ("zero\u200bwidth", "zero\u200bwidth", "zero\u200bwidth"),
])
def test_merged_note(existing, imported, merged):
    assert merged_note(existing, imported) == merged
    assert merged_note(merged, imported) == merged


@pytest.mark.parametrize("export_format", ["json", "ics"])
def test_importing_our_own_export_back_leaves_a_note_with_tabs_and_line_ends_alone(
        capsys, tmp_path, export_format):
    state_dir = tmp_path / "state"
    note = "bring\tcash\r\nand a zero\u200bwidth space"
    store = StateFile(state_file("genai-physsci-2024", state_dir), "genai-physsci-2024")
    store.set_bookmark("d1-lunch", True)
    store.set_note("d1-lunch", note)
    exported = tmp_path / f"mine.{export_format}"
    assert run(capsys, "export", "-o", str(exported), "--state-dir", str(state_dir))[0] == 0
    before = store.path.read_bytes()
    for _ in range(2):
        code, _, err = run(capsys, "bookmark", "import", str(exported), "--state-dir", str(state_dir))
        assert code == 0, err
    assert StateFile(store.path, "genai-physsci-2024").note("d1-lunch") == note
    assert store.path.read_bytes() == before
