"""The reminder keys of a conference's state: saved and read back, unknown keys kept,
a bad value costs only itself."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

from agenda_tui.agenda_file import load_agenda
from agenda_tui.reminders import Reminder
from agenda_tui.state_file import StateFile
from tests.conftest import TEST_DATA


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
