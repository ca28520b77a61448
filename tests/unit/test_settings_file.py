"""The settings file shared by every conference, and the reminder keys of a conference's
state: bad values cost only themselves, unknown keys survive, nothing crashes."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agenda_tui.agenda_file import load_agenda
from agenda_tui.paths import settings_path
from agenda_tui.reminders import Reminder
from agenda_tui.settings_file import DEFAULT_REMINDER_MINUTES, SettingsFile
from agenda_tui.state_file import StateFile
from tests.conftest import TEST_DATA


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


# -- the reminder keys of a conference's state ----------------------------------------


def test_reminder_keys_of_the_state_are_saved_read_back_and_keep_unknown_keys(tmp_path: Path):
    agenda = load_agenda(TEST_DATA / "night-rooms.toml")
    path = tmp_path / "night-rooms.toml"
    path.write_text('conference_id = "night-rooms"\nschema_version = 1\nfrom_the_future = 3\n'
                    '[settings]\nreminder_minutes = 10\nnewer_setting = "x"\n')
    store = StateFile(path, "night-rooms")
    assert store.state.settings.reminder_minutes == 10
    store.set_session_reminder("talk-a", 15)
    store.set_session_reminder("talk-b", 0)
    talk = agenda.sessions_by_id["talk-a"]
    store.mark_reminded(agenda, [Reminder(talk, 15)], datetime(2024, 12, 27, 21, 45, tzinfo=UTC))
    on_disk = tomllib.loads(path.read_text())
    assert on_disk["reminders"] == {"talk-a": 15, "talk-b": 0}
    assert on_disk["reminded"] == {"talk-a": "2024-12-27T22:00:00Z"}
    assert on_disk["from_the_future"] == 3
    assert on_disk["settings"] == {"reminder_minutes": 10, "newer_setting": "x"}
    store.set_session_reminder("talk-b", None)
    again = StateFile(path, "night-rooms")
    assert again.state.reminders == {"talk-a": 15}
    assert again.state.reminded == {"talk-a": talk.start_utc}


def test_a_bad_reminder_value_in_the_state_costs_only_itself(tmp_path: Path):
    path = tmp_path / "night-rooms.toml"
    path.write_text('conference_id = "night-rooms"\nschema_version = 1\nbookmarks = ["talk-a"]\n'
                    'reminded = { talk-a = "yesterday" }\n[settings]\nreminder_minutes = "often"\n'
                    '[reminders]\ntalk-a = 10\ntalk-b = -1\n')
    store = StateFile(path, "night-rooms")
    assert store.state.bookmarks == ["talk-a"]
    assert store.state.reminders == {"talk-a": 10}
    assert store.state.reminded == {}
    assert store.state.settings.reminder_minutes is None
    [warning] = store.take_warnings()
    assert "reminders.talk-b" in warning and "settings.reminder_minutes" in warning
    assert "reminded.talk-a" in warning
