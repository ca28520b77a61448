"""diff_agendas and the "seen" fingerprints: every kind of change, matched by stable id."""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agenda_tui.agenda_file import agenda_from_data, agenda_to_data
from agenda_tui.diff import (
    agenda_version,
    diff_agendas,
    diff_record,
    session_fingerprint,
)
from agenda_tui.formats.frab_xml import parse_frab_xml
from agenda_tui.model import Agenda
from agenda_tui.state_file import StateFile

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
BERLIN = ZoneInfo("Europe/Berlin")

KEYNOTE = "3f1e0a6c-0000-4000-8000-000000000001"
WORKSHOP = "3f1e0a6c-0000-4000-8000-000000000003"
LUNCH = "3f1e0a6c-0000-4000-8000-000000000004"
PANEL = "3f1e0a6c-0000-4000-8000-000000000005"
LATE = "102"


@pytest.fixture
def old() -> Agenda:
    return parse_frab_xml((DATA / "frab-small.xml").read_bytes(), "frab-small.xml")


def changed(agenda: Agenda) -> Agenda:
    """The next version of the schedule: one of every kind of change."""
    data = copy.deepcopy(agenda_to_data(agenda))
    sessions = {session["id"]: session for session in data["sessions"]}
    # moved in time: half an hour later
    sessions[KEYNOTE]["start"] = datetime(2024, 3, 9, 10, 30)
    sessions[KEYNOTE]["end"] = datetime(2024, 3, 9, 11, 15)
    # moved to another room
    sessions[WORKSHOP]["location"] = "Hall A"
    # moved to the other day, and retitled
    sessions[PANEL].update(day=datetime(2024, 3, 9).date(), start=datetime(2024, 3, 9, 15, 0),
                           end=datetime(2024, 3, 9, 15, 50), title="Closing Panel (moved)")
    # retitled only
    sessions[LATE]["title"] = "Late Night Lightning Talks, extended"
    # cancelled
    del sessions[LUNCH]
    # added
    sessions["new-1"] = {"id": "new-1", "start": datetime(2024, 3, 10, 9, 0),
                         "end": datetime(2024, 3, 10, 9, 30), "title": "Breakfast Meetup",
                         "kind": "other", "location": "Hall A"}
    data["sessions"] = list(sessions.values())
    return agenda_from_data(data, "new")


def test_every_kind_of_change(old):
    new = changed(old)
    diff = diff_agendas(old, new)
    assert [s.id for s in diff.added] == ["new-1"]
    assert [s.id for s in diff.removed] == [LUNCH]
    assert [(m.id, m.what) for m in diff.moved] == [
        (KEYNOTE, ["time"]), (WORKSHOP, ["room"]), (PANEL, ["day", "time"])]
    assert [(r.id, r.old.title, r.new.title) for r in diff.retitled] == [
        (PANEL, "Closing Panel", "Closing Panel (moved)"),
        (LATE, "Late Night Lightning Talks", "Late Night Lightning Talks, extended"),
    ]
    assert diff.summary() == "1 added, 1 removed, 3 moved, 2 retitled"
    assert diff.changed_ids() == {"new-1", LUNCH, KEYNOTE, WORKSHOP, PANEL, LATE}


def test_no_changes(old):
    diff = diff_agendas(old, old)
    assert not diff
    assert diff.summary() == "0 added, 0 removed, 0 moved, 0 retitled"


def test_diff_record_for_json(old):
    record = diff_record(diff_agendas(old, changed(old)))
    assert record["added"] == [{"id": "new-1", "title": "Breakfast Meetup", "day": "2024-03-10",
                                "start": "2024-03-10T09:00:00+01:00",
                                "end": "2024-03-10T09:30:00+01:00", "location": "Hall A"}]
    assert record["removed"][0]["id"] == LUNCH
    keynote = record["moved"][0]
    assert keynote["changed"] == ["time"]
    assert keynote["from"]["start"] == "2024-03-09T10:00:00+01:00"
    assert keynote["to"]["start"] == "2024-03-09T10:30:00+01:00"
    assert record["retitled"][1] == {"id": LATE, "from": "Late Night Lightning Talks",
                                     "to": "Late Night Lightning Talks, extended"}


def test_fingerprints_change_with_time_place_and_title_only(old):
    keynote = old.sessions_by_id[KEYNOTE]
    moved = dataclasses.replace(keynote, start=datetime(2024, 3, 9, 11, 0, tzinfo=BERLIN))
    retitled = dataclasses.replace(keynote, title="Another title")
    renoted = dataclasses.replace(keynote, abstract="A longer abstract")
    assert session_fingerprint(moved) != session_fingerprint(keynote)
    assert session_fingerprint(retitled) != session_fingerprint(keynote)
    assert session_fingerprint(renoted) == session_fingerprint(keynote)


def test_the_agenda_last_seen_is_kept_beside_the_user_state(old, tmp_path):
    path = tmp_path / "state.toml"
    store = StateFile(path, old.conference.id)
    assert store.seen_agenda() is None  # never seen: nothing to compare with
    store.mark_seen(old)
    assert (tmp_path / "seen" / "state.toml").is_file()

    reloaded = StateFile(path, old.conference.id)
    assert reloaded.state.seen.version == agenda_version(old) != agenda_version(changed(old))
    assert reloaded.seen_agenda() == old
    changes = diff_agendas(reloaded.seen_agenda(), changed(old))
    assert [s.id for s in changes.added] == ["new-1"]
    assert [s.title for s in changes.removed] == [old.sessions_by_id[LUNCH].title]


def test_an_unreadable_seen_copy_is_reported_not_fatal(old, tmp_path):
    path = tmp_path / "state.toml"
    store = StateFile(path, old.conference.id)
    store.mark_seen(old)
    (tmp_path / "seen" / "state.toml").write_text("not [ toml")
    again = StateFile(path, old.conference.id)
    assert again.seen_agenda() is None
    [warning] = again.take_warnings()
    assert "could not be read" in warning and "seen/state.toml:1" in warning


def test_changes_for_people_count_sessions_once_and_label_after_midnight(old):
    from agenda_tui.diff import changed_sessions, changes_for_people

    new = changed(old)
    changes = changes_for_people(diff_agendas(old, new), {PANEL})
    panel_rows = [c for c in changes if c.session.id == PANEL]
    assert [c.kind for c in panel_rows] == ["moved", "retitled"]  # moved and retitled
    assert changed_sessions(changes, bookmarked_only=True) == 1
    assert changed_sessions(changes) == len({c.session.id for c in changes})
    without_late = dataclasses.replace(old, sessions=[x for x in old.sessions if x.id != LATE])
    [cancelled] = changes_for_people(diff_agendas(old, without_late), set())
    # Listed under Saturday, starting at 01:30 on Sunday: the programme's day, marked +1.
    assert cancelled.kind == "cancelled"
    assert cancelled.detail == "was Sat 9 Mar 01:30–02:30 +1, Hall A"


def test_an_unchanged_agenda_is_not_compared_with_its_copy(old, tmp_path):
    path = tmp_path / "state.toml"
    store = StateFile(path, old.conference.id)
    assert store.changes_since_seen(old) is None  # never seen
    store.mark_seen(old)
    (tmp_path / "seen" / "state.toml").write_text("not [ toml")  # would warn if it were read
    again = StateFile(path, old.conference.id)
    assert not again.changes_since_seen(old)
    assert again.take_warnings() == []
    assert again.changes_since_seen(changed(old)) is None  # the copy is unusable: start afresh
    assert "could not be read" in again.take_warnings()[0]
