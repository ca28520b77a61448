"""Hiding rooms and tracks: the value the UI holds (schedule.Hidden), its summary, and
`[hidden]` in the state file, as this version, an older one and a newer one leave it."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from agenda_tui.agenda_file import load_agenda
from agenda_tui.formatting import hidden_summary
from agenda_tui.model import Agenda, Session
from agenda_tui.schedule import Hidden, rooms, sessions_by_day
from agenda_tui.state_file import StateFile
from tests.conftest import TEST_DATA

NIGHT = TEST_DATA / "night-rooms.toml"


@pytest.fixture(scope="module")
def night() -> Agenda:
    return load_agenda(NIGHT)


def ids(sessions: list[Session]) -> list[str]:
    return [session.id for session in sessions]


def test_hiding_a_room_leaves_out_its_sessions_and_keeps_the_order(night: Agenda):
    ordered = night.sessions_in_order
    hidden = Hidden(rooms=frozenset({"Hall A"}))
    assert ids(hidden.apply(ordered)) == ["talk-b", "night", "morning-b"]
    assert hidden.hides(night.sessions_by_id["workshop"])
    assert not hidden.hides(night.sessions_by_id["talk-b"])
    assert ids(Hidden().apply(ordered)) == ids(ordered)
    assert not Hidden() and hidden


def test_hiding_a_track_and_sessions_without_room_or_track(symposium: Agenda):
    """The symposium names no rooms: hiding a room hides nothing; a break has no track
    and stays when every track is hidden."""
    every_track = frozenset(track.id for track in symposium.tracks)
    ordered = symposium.sessions_in_order
    assert Hidden(rooms=frozenset({""})).apply(ordered) == ordered
    kept = Hidden(tracks=every_track).apply(ordered)
    assert kept and all(session.track is None for session in kept)
    one = Hidden(tracks=frozenset({"synergies"})).apply(ordered)
    assert [s for s in ordered if s not in one] == [s for s in ordered if s.track == "synergies"]


def test_hide_this_room_and_only_this_room_are_new_values(night: Agenda):
    hidden = Hidden(tracks=frozenset({"t"}))
    assert hidden.hiding_room("Hall A") == Hidden(rooms=frozenset({"Hall A"}), tracks=frozenset({"t"}))
    only_b = hidden.only_room("Hall B", rooms(night))
    assert only_b == Hidden(rooms=frozenset({"Hall A"}), tracks=frozenset({"t"}))
    assert hidden == Hidden(tracks=frozenset({"t"}))  # unchanged: frozen, replaced
    with pytest.raises(AttributeError):
        hidden.rooms = frozenset()  # type: ignore[misc]


def test_the_summary_says_what_is_hidden_in_a_few_words(night: Agenda, symposium: Agenda):
    assert hidden_summary(Hidden(), night) == ""
    assert hidden_summary(Hidden(rooms=frozenset({"Hall A"})), night) == "room Hall A hidden"
    assert hidden_summary(Hidden(rooms=frozenset({"Hall A", "Hall B"})), night) == "all 2 rooms hidden"
    assert hidden_summary(Hidden(rooms=frozenset({"Gone"})), night) == ""  # not in this agenda
    tracks = [track.id for track in symposium.tracks]
    assert hidden_summary(Hidden(tracks=frozenset(tracks[:2])), symposium) == (
        f"tracks {symposium.tracks[0].title} and {symposium.tracks[1].title} hidden")
    assert hidden_summary(Hidden(tracks=frozenset(tracks[1:])), symposium) == (
        f"only track {symposium.tracks[0].title}")


def test_the_summary_of_many_rooms_counts_them(night: Agenda):
    wide = dataclasses.replace(night, sessions=[
        dataclasses.replace(session, location=f"Room {n}") for n, session in enumerate(night.sessions)])
    names = rooms(wide)
    assert hidden_summary(Hidden(rooms=frozenset(names[:3])), wide) == "3 rooms hidden"
    assert hidden_summary(Hidden(rooms=frozenset(names[1:])), wide) == "only room Room 0"


def test_hidden_sessions_by_day_never_include_what_is_shown(night: Agenda):
    hidden = Hidden(rooms=frozenset({"Hall B"}))
    for sessions in sessions_by_day(night).values():
        assert all(session.location == "Hall A" for session in hidden.apply(sessions))


# -- the state file ------------------------------------------------------------------


@pytest.fixture
def path(tmp_path: Path) -> Path:
    directory = tmp_path / "state"
    directory.mkdir()
    return directory / "conf.toml"


def on_disk(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_hidden_rooms_and_tracks_are_saved_and_read_back(path: Path):
    store = StateFile(path, "conf")
    store.set_hidden(["Hall B", "Hall A", "Hall A"], ["rust"])
    assert on_disk(path)["hidden"] == {"rooms": ["Hall A", "Hall B"], "tracks": ["rust"]}
    again = StateFile(path, "conf")
    assert again.state.hidden.rooms == ["Hall A", "Hall B"]
    assert again.state.hidden.tracks == ["rust"]
    again.set_hidden([], [])
    assert StateFile(path, "conf").state.hidden.rooms == []


def test_a_file_from_before_hiding_reads_with_nothing_hidden_and_gains_no_key(path: Path):
    path.write_text('schema_version = 1\nconference_id = "conf"\nbookmarks = ["a"]\n')
    store = StateFile(path, "conf")
    assert store.state.hidden.rooms == [] and store.state.hidden.tracks == []
    assert store.take_warnings() == []
    store.set_bookmark("b", True)
    assert "hidden" not in on_disk(path)


NEWER = """\
schema_version = 1
conference_id = "conf"
bookmarks = ["a"]
grid = "compact"

[hidden]
rooms = ["Hall A"]
tracks = ["rust"]
days = ["2024-12-28"]
"""


def test_a_newer_versions_keys_beside_hidden_survive_a_change_of_it(path: Path):
    path.write_text(NEWER)
    store = StateFile(path, "conf")
    assert store.state.hidden.rooms == ["Hall A"]
    assert store.take_warnings() == []
    store.set_hidden(["Hall A", "Hall B"], [])
    written = on_disk(path)
    assert written["hidden"] == {"rooms": ["Hall A", "Hall B"], "tracks": [], "days": ["2024-12-28"]}
    assert written["grid"] == "compact" and written["bookmarks"] == ["a"]


@pytest.mark.parametrize("bad, field, rooms_kept, tracks_kept", [
    ('hidden = "Hall A"', "hidden", [], []),
    ('hidden = ["Hall A"]', "hidden", [], []),
    ('[hidden]\nrooms = "Hall A"\ntracks = ["rust"]', "hidden.rooms", [], ["rust"]),
    ('[hidden]\nrooms = ["Hall A", 5, "Hall B"]\ntracks = ["rust"]', "hidden.rooms[1]",
     ["Hall A", "Hall B"], ["rust"]),
    ('[hidden]\nrooms = ["Hall A"]\ntracks = { rust = true }', "hidden.tracks", ["Hall A"], []),
])
def test_a_bad_hidden_value_costs_only_itself(path: Path, bad: str, field: str, rooms_kept, tracks_kept):
    text = f'conference_id = "conf"\nbookmarks = ["a"]\n{bad}\n[settings]\nshow_breaks = false\n'
    path.write_text(text)
    store = StateFile(path, "conf")
    assert store.state.bookmarks == ["a"] and store.state.settings.show_breaks is False
    assert store.state.hidden.rooms == rooms_kept and store.state.hidden.tracks == tracks_kept
    [warning] = store.take_warnings()
    assert f"{field}:" in warning and str(path) in warning
    store.set_bookmark("b", True)  # another change leaves the bad value as the user wrote it
    assert on_disk(path)["hidden"] == tomllib.loads(bad)["hidden"]
    store.set_hidden(["Hall C"], ["go"])  # a change of it replaces it
    assert on_disk(path)["hidden"] == {"rooms": ["Hall C"], "tracks": ["go"]}
    assert StateFile(path, "conf").take_warnings() == []
