"""A bookmark whose session has gone from the agenda keeps its last known title, time and
room, from the copy of the agenda last seen, however often the agenda is seen since; and
it can be listed and removed from the command line."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from agenda_tui.agenda_file import load_agenda
from agenda_tui.diff import changes_for_people, diff_agendas, kinds_by_session
from agenda_tui.formats.frab_xml import parse_frab_xml
from agenda_tui.model import Agenda
from agenda_tui.paths import state_file
from agenda_tui.state_file import StateFile
from tests.cli_support import assert_user_error, run
from tests.conftest import TEST_DATA, shared_data

BEFORE = TEST_DATA / "changes-before.toml"
AFTER = TEST_DATA / "changes-after.toml"
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def before() -> Agenda:
    return load_agenda(BEFORE)


@pytest.fixture
def after() -> Agenda:
    return load_agenda(AFTER)


def store_at(tmp_path) -> StateFile:
    """The state file as a new run of the app finds it."""
    return StateFile(state_file("changes-demo", tmp_path), "changes-demo")


def retitled(agenda: Agenda, session_id: str, title: str) -> Agenda:
    return dataclasses.replace(agenda, sessions=[
        dataclasses.replace(s, title=title) if s.id == session_id else s for s in agenda.sessions])


def test_the_fixture_pair_has_one_change_of_each_kind(before, after):
    changes = changes_for_people(diff_agendas(before, after), set())
    assert sorted((c.kind, c.session.id) for c in changes) == [
        ("added", "late-addition"), ("cancelled", "gc-talk"), ("moved", "rust-talk"),
        ("retitled", "lightning")]
    assert kinds_by_session(changes) == {
        "late-addition": ("added",), "rust-talk": ("moved",), "lightning": ("retitled",)}


def test_a_move_says_where_from_and_where_to(before, after):
    [move] = [c for c in changes_for_people(diff_agendas(before, after), set()) if c.kind == "moved"]
    assert move.moved_from == "Sat 1 Feb 10:00–10:45, Room 1"
    assert move.moved_to == "Sat 1 Feb 11:00–11:45, Room 2"
    assert move.detail == f"{move.moved_from} → {move.moved_to}"


def test_a_session_both_moved_and_retitled_has_both_kinds_in_order(before):
    moved = dataclasses.replace(before, sessions=[
        dataclasses.replace(s, title="New", location="Room 9") if s.id == "keynote" else s
        for s in before.sessions])
    changes = changes_for_people(diff_agendas(before, moved), set())
    assert kinds_by_session(changes) == {"keynote": ("moved", "retitled")}


def test_a_cancelled_bookmark_keeps_its_last_known_session_across_restarts(tmp_path, before, after):
    first = store_at(tmp_path)
    first.set_bookmarks(["gc-talk", "rust-talk"], True)
    first.mark_seen(before)  # the first run saw the agenda before the change

    # The next run: the agenda changed; gc-talk is reported cancelled, and known.
    second = store_at(tmp_path)
    diff = second.changes_since_seen(after)
    assert diff is not None and [s.id for s in diff.removed] == ["gc-talk"]
    [(gone_id, gone)] = second.gone_bookmarks(after).items()
    assert gone_id == "gc-talk" and gone.title == "Garbage collectors in depth"
    assert gone.start == datetime(2025, 2, 1, 14, 0, tzinfo=BERLIN) and gone.location == "Room 1"
    second.mark_seen(after)  # the user opened the Changes tab
    assert second.state.seen.kept_gone == ["gc-talk"]

    # Two more runs on the same agenda: nothing new to report, the session still known.
    for _ in range(2):
        again = store_at(tmp_path)
        assert not again.changes_since_seen(after)
        assert again.gone_bookmarks(after)["gc-talk"].title == "Garbage collectors in depth"
        again.mark_seen(after)

    # Another update (a retitle): the cancellation seen before is not reported again,
    # and seeing that update keeps the cancelled session still.
    later = retitled(after, "keynote", "Opening keynote")
    fourth = store_at(tmp_path)
    diff = fourth.changes_since_seen(later)
    assert diff is not None and not diff.removed and [r.id for r in diff.retitled] == ["keynote"]
    fourth.mark_seen(later)
    fifth = store_at(tmp_path)
    assert not fifth.changes_since_seen(later)
    assert list(fifth.gone_bookmarks(later)) == ["gc-talk"]


def test_a_gone_session_no_longer_bookmarked_is_not_kept(tmp_path, before, after):
    store = store_at(tmp_path)
    store.set_bookmark("gc-talk", True)
    store.mark_seen(before)
    store.mark_seen(after)
    assert "gc-talk" in store_at(tmp_path).seen_agenda().sessions_by_id
    store.set_bookmark("gc-talk", False)
    store.mark_seen(after)
    again = store_at(tmp_path)
    assert again.state.seen.kept_gone == []
    assert "gc-talk" not in again.seen_agenda().sessions_by_id
    assert again.gone_bookmarks(after) == {}


def test_a_cancelled_session_that_comes_back_is_reported_added(tmp_path, before, after):
    store = store_at(tmp_path)
    store.set_bookmark("gc-talk", True)
    store.mark_seen(before)
    store.mark_seen(after)
    back = dataclasses.replace(after, sessions=[*after.sessions, before.sessions_by_id["gc-talk"]])
    diff = store_at(tmp_path).changes_since_seen(back)
    assert diff is not None and [s.id for s in diff.added] == ["gc-talk"] and not diff.removed


def test_a_kept_session_outside_the_new_dates_still_loads(tmp_path, before):
    """The conference shrank to its first day; the cancelled day-two session is kept."""
    store = store_at(tmp_path)
    store.set_bookmark("day-two", True)
    store.mark_seen(before)
    conference = dataclasses.replace(before.conference, end_date=date(2025, 2, 1))
    shorter = dataclasses.replace(before, conference=conference,
                                  sessions=[s for s in before.sessions if s.id != "day-two"])
    store.mark_seen(shorter)
    again = store_at(tmp_path)
    assert again.take_warnings() == []
    assert again.gone_bookmarks(shorter)["day-two"].title == "Day two opening"
    assert not again.changes_since_seen(shorter)
    assert again.take_warnings() == []


def test_a_bookmark_never_seen_has_no_last_known_session(tmp_path, after):
    store = store_at(tmp_path)
    store.set_bookmark("never-seen", True)
    store.mark_seen(after)
    assert store_at(tmp_path).gone_bookmarks(after) == {}


def test_the_state_file_only_gains_a_key(tmp_path, before, after):
    store = store_at(tmp_path)
    store.set_bookmark("gc-talk", True)
    store.mark_seen(before)
    store.mark_seen(after)
    text = store.path.read_text()
    assert 'kept_gone = [\n    "gc-talk",\n]' in text or 'kept_gone = ["gc-talk"]' in text
    assert 'bookmarks = [\n    "gc-talk",\n]' in text or 'bookmarks = ["gc-talk"]' in text


# -- the command line ------------------------------------------------------------


def cli_state(tmp_path, before) -> str:
    """A state where gc-talk and rust-talk are bookmarked and the agenda before was seen."""
    store = StateFile(tmp_path / "changes-demo.toml", "changes-demo")
    store.set_bookmarks(["gc-talk", "rust-talk"], True)
    store.mark_seen(before)
    return str(tmp_path)


def test_bookmark_list_shows_a_cancelled_session_as_last_seen(capsys, tmp_path, before):
    state = cli_state(tmp_path, before)
    code, out, err = run(capsys, "bookmark", "list", "--agenda", str(AFTER), "--state-dir", state)
    assert code == 0, err
    assert out.splitlines() == [
        "rust-talk  2025-02-01 Sat  11:00-11:45     Room 2     talk      Rust in the kernel  — Lin Ostrowski",
        "gc-talk  2025-02-01 Sat  14:00-15:00     Room 1     talk      Garbage collectors in depth  "
        "(cancelled; as last seen)",
    ]
    assert "bookmark remove ID" in err


def test_bookmark_remove_takes_a_cancelled_session(capsys, tmp_path, before):
    state = cli_state(tmp_path, before)
    code, out, err = run(capsys, "bookmark", "remove", "gc-talk", "--agenda", str(AFTER),
                         "--state-dir", state)
    assert code == 0, err
    assert out == "Removed the bookmark on gc-talk: Garbage collectors in depth (cancelled)\n"
    assert StateFile(tmp_path / "changes-demo.toml", "changes-demo").state.bookmarks == ["rust-talk"]
    # Not a bookmark any more: the id is unknown again, and adding it is still refused.
    code, _, err = run(capsys, "bookmark", "remove", "gc-talk", "--agenda", str(AFTER),
                       "--state-dir", state)
    assert_user_error(code, err, "unknown session id 'gc-talk'")


def test_bookmark_add_refuses_a_cancelled_session(capsys, tmp_path, before):
    state = cli_state(tmp_path, before)
    code, _, err = run(capsys, "bookmark", "add", "gc-talk", "--agenda", str(AFTER), "--state-dir", state)
    assert_user_error(code, err, "unknown session id 'gc-talk'")


def test_a_bookmark_never_seen_is_listed_and_removed_by_id(capsys, tmp_path, after):
    store = StateFile(tmp_path / "changes-demo.toml", "changes-demo")
    store.set_bookmarks(["ghost"], True)
    code, out, _ = run(capsys, "bookmark", "list", "--agenda", str(AFTER), "--state-dir", str(tmp_path))
    assert out == "ghost  (no longer in the agenda)\n"
    code, out, _ = run(capsys, "bookmark", "remove", "ghost", "--agenda", str(AFTER),
                       "--state-dir", str(tmp_path))
    assert code == 0 and out == "Removed the bookmark on ghost (no longer in the agenda)\n"


# -- a real schedule -------------------------------------------------------------------


def test_fosdem_a_cancelled_bookmark_survives_seeing_the_agenda_twice(tmp_path):
    path = shared_data("fosdem-2025-schedule.xml")
    fosdem = parse_frab_xml(path.read_bytes(), path.name)
    gone, moved, *_ = fosdem.sessions_in_order[400:402]
    updated = dataclasses.replace(fosdem, sessions=[
        dataclasses.replace(s, location="K.1.105 (La Fontaine)") if s.id == moved.id else s
        for s in fosdem.sessions if s.id != gone.id])
    conference = fosdem.conference.id
    store = StateFile(state_file(conference, tmp_path), conference)
    store.set_bookmarks([gone.id, moved.id], True)
    store.mark_seen(fosdem)
    for _ in range(2):  # seen, then seen again in the next run
        store = StateFile(state_file(conference, tmp_path), conference)
        known = store.gone_bookmarks(updated)[gone.id]
        assert (known.title, known.start, known.location) == (gone.title, gone.start, gone.location)
        store.mark_seen(updated)
    again = StateFile(state_file(conference, tmp_path), conference)
    assert not again.changes_since_seen(updated)
    assert list(again.gone_bookmarks(updated)) == [gone.id]


def test_bookmark_list_says_when_the_copy_last_seen_cannot_be_read(capsys, tmp_path, before):
    state = cli_state(tmp_path, before)
    (tmp_path / "seen" / "changes-demo.toml").write_text("not [ toml")
    code, out, err = run(capsys, "bookmark", "list", "--agenda", str(AFTER), "--state-dir", state)
    assert code == 0
    assert "gc-talk  (no longer in the agenda)" in out
    assert "could not be read" in err


def test_bookmark_remove_takes_a_cancelled_and_a_live_session_together(capsys, tmp_path, before):
    """The live one's id goes through the source-alias lookup; the cancelled one's does not."""
    state = cli_state(tmp_path, before)
    code, out, err = run(capsys, "bookmark", "remove", "gc-talk", "rust-talk", "--agenda", str(AFTER),
                         "--state-dir", state)
    assert code == 0, err
    assert StateFile(tmp_path / "changes-demo.toml", "changes-demo").state.bookmarks == []
