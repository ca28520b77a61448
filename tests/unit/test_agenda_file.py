"""Agenda files: load -> save -> load gives equal models."""

from __future__ import annotations

import tomllib
from pathlib import Path

from agenda_tui.agenda_file import dump_agenda, load_agenda, save_agenda
from agenda_tui.paths import embedded_agenda_path
from tests.conftest import TEST_DATA


def test_symposium_round_trip(tmp_path: Path, symposium):
    target = tmp_path / "copy.toml"
    save_agenda(symposium, target)
    assert load_agenda(target) == symposium


def test_round_trip_keeps_after_midnight_day_and_dst_offsets(tmp_path: Path):
    agenda = load_agenda(TEST_DATA / "tiny.toml")
    target = tmp_path / "tiny.toml"
    save_agenda(agenda, target)
    again = load_agenda(target)
    assert again == agenda
    assert [s.start.isoformat() for s in again.sessions] == [
        "2024-03-09T09:00:00-05:00", "2024-03-10T00:30:00-05:00", "2024-03-10T09:00:00-04:00",
        "2024-03-09T09:30:00-05:00"]


def test_saved_file_holds_local_wall_clock_times(symposium):
    data = tomllib.loads(dump_agenda(symposium))
    first = data["sessions"][0]
    assert first["start"].isoformat() == "2024-03-14T09:30:00"
    assert first["start"].tzinfo is None
    assert "location" not in first  # nothing written that the source does not give


def test_save_replaces_atomically_without_leftovers(tmp_path: Path, symposium):
    target = tmp_path / "agenda.toml"
    target.write_text("old")
    save_agenda(symposium, target)
    assert load_agenda(target) == symposium
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agenda.toml"]


def test_embedded_agenda_is_the_data_file():
    assert embedded_agenda_path().read_bytes() == (
        Path(__file__).resolve().parents[2] / "data" / "symposium-genai-physsci-2024.toml"
    ).read_bytes()


def test_saved_files_get_the_usual_permissions_or_keep_their_own(tmp_path: Path, symposium):
    import os

    new = tmp_path / "new.toml"
    old_umask = os.umask(0o022)
    try:
        save_agenda(symposium, new)
    finally:
        os.umask(old_umask)
    assert new.stat().st_mode & 0o777 == 0o644  # not mkstemp's private 0600
    shared = tmp_path / "shared.toml"
    shared.write_text("old")
    shared.chmod(0o664)
    save_agenda(symposium, shared)
    assert shared.stat().st_mode & 0o777 == 0o664
