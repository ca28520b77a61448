"""The settings file shared by every conference: bad values cost only themselves, unknown
keys survive, nothing crashes."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from agenda_tui.paths import settings_path
from agenda_tui.settings_file import DEFAULT_REMINDER_MINUTES, SettingsFile


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.toml"


def test_the_settings_file_lives_under_the_home_the_tests_set(isolated_home: Path):
    assert settings_path() == isolated_home / "config" / "settings.toml"


def test_a_missing_file_means_the_defaults_and_is_created_at_the_first_change(path: Path):
    settings = SettingsFile(path)
    assert settings.settings.reminder_minutes == DEFAULT_REMINDER_MINUTES
    assert settings.take_warnings() == []
    assert not path.exists()
    settings.update(reminder_minutes=10)
    assert tomllib.loads(path.read_text()) == {"reminder_minutes": 10}
    assert SettingsFile(path).settings.reminder_minutes == 10


@pytest.mark.parametrize(("value", "problem"), [
    ('"ten"', "Input should be a valid integer (got 'ten')"),
    ("-5", "Input should be greater than or equal to 0 (got -5)"),
    ("5000", "Input should be less than or equal to 1440 (got 5000)"),
    ("true", "Input should be a valid integer (got True)"),
])
def test_a_bad_value_is_one_warning_naming_file_key_and_problem(path: Path, value: str, problem: str):
    path.parent.mkdir(parents=True)
    path.write_text(f'theme_of_tomorrow = "dark"\nreminder_minutes = {value}\n')
    settings = SettingsFile(path)
    assert settings.settings.reminder_minutes == DEFAULT_REMINDER_MINUTES
    assert settings.take_warnings() == [
        f"{path}: reminder_minutes: {problem}; the default holds for it"]


def test_unknown_keys_and_tables_survive_a_write(path: Path):
    path.parent.mkdir(parents=True)
    path.write_text('reminder_minutes = 15\nfuture = "kept"\n[later]\ncolour = "teal"\n')
    settings = SettingsFile(path)
    assert settings.settings.reminder_minutes == 15
    settings.update(reminder_minutes=0)
    assert tomllib.loads(path.read_text()) == {
        "reminder_minutes": 0, "future": "kept", "later": {"colour": "teal"}}


def test_a_write_keeps_what_was_edited_since_start(path: Path):
    settings = SettingsFile(path)
    path.parent.mkdir(parents=True)
    path.write_text('added_meanwhile = 1\n')
    settings.update(reminder_minutes=10)
    assert tomllib.loads(path.read_text()) == {"added_meanwhile": 1, "reminder_minutes": 10}


def test_a_file_that_is_not_toml_is_reported_and_never_overwritten(path: Path):
    path.parent.mkdir(parents=True)
    path.write_text("reminder_minutes = = 3\n")
    settings = SettingsFile(path)
    [warning] = settings.take_warnings()
    assert warning.startswith(f"{path}: malformed TOML")
    assert settings.settings.reminder_minutes == DEFAULT_REMINDER_MINUTES
    settings.update(reminder_minutes=10)
    assert settings.settings.reminder_minutes == 10  # for this session
    assert path.read_text() == "reminder_minutes = = 3\n"
    [warning] = settings.take_warnings()
    assert "is not written" in warning


def test_a_directory_in_place_of_the_file_is_a_warning(path: Path):
    path.mkdir(parents=True)
    settings = SettingsFile(path)
    [warning] = settings.take_warnings()
    assert "is a directory" in warning
    settings.update(reminder_minutes=10)  # no crash: a warning
    assert settings.take_warnings()
