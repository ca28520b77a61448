"""The days shown as a grid (`grid_days`, ISO dates) and My schedule's timeline in the state file,
as this version, an older one and a newer one leave them."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from agenda_tui.state_file import StateFile

DAY_ONE, DAY_TWO = date(2025, 3, 1), date(2025, 3, 2)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "conf.toml"


def on_disk(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_grid_days_are_saved_as_dates_and_read_back(path: Path):
    store = StateFile(path, "conf")
    store.set_grid_day(DAY_TWO, True)
    store.set_grid_day(DAY_ONE, True)
    store.set_grid_day(DAY_ONE, True)
    assert on_disk(path)["grid_days"] == ["2025-03-01", "2025-03-02"]  # as the exports' days are
    again = StateFile(path, "conf")
    assert again.state.grid_days == [DAY_ONE, DAY_TWO]
    again.set_grid_day(DAY_ONE, False)
    assert StateFile(path, "conf").state.grid_days == [DAY_TWO]


def test_my_schedule_timeline_is_a_setting(path: Path):
    StateFile(path, "conf").update_settings(my_schedule_grid=True)
    assert on_disk(path)["settings"]["my_schedule_grid"] is True
    assert StateFile(path, "conf").state.settings.my_schedule_grid is True


def test_a_file_from_before_the_grid_has_no_grid_days_and_gains_no_key(path: Path):
    path.write_text('schema_version = 1\nconference_id = "conf"\nbookmarks = ["a"]\n')
    store = StateFile(path, "conf")
    assert store.state.grid_days == [] and store.take_warnings() == []
    store.set_bookmark("b", True)
    written = on_disk(path)
    assert "grid_days" not in written and written["schema_version"] == 1
    assert written["bookmarks"] == ["a", "b"]


def test_a_bad_day_costs_only_itself_and_a_newer_versions_keys_survive(path: Path):
    path.write_text('schema_version = 1\nconference_id = "conf"\nbookmarks = ["a"]\n'
                    'grid_days = [2025-03-01, "tuesday", 2025-03-02]\ngrid_zoom = 3\n')
    store = StateFile(path, "conf")
    assert store.state.grid_days == [DAY_ONE, DAY_TWO]
    [warning] = store.take_warnings()
    assert "grid_days[1]:" in warning
    store.set_bookmark("b", True)  # leaves the list as the user wrote it
    assert on_disk(path)["grid_days"] == [DAY_ONE, "tuesday", DAY_TWO]
    store.set_grid_day(DAY_TWO, False)  # a change of it replaces it
    written = on_disk(path)
    assert written["grid_days"] == ["2025-03-01"] and written["grid_zoom"] == 3
    assert isinstance(written["bookmarks"], list)
