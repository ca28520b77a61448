"""The app that is the program settles its memory once started; an app in a test does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from agenda_tui.agenda_file import load_agenda
from agenda_tui.clock import Clock
from agenda_tui.paths import embedded_agenda_path
from agenda_tui.state_file import StateFile
from agenda_tui.tui import app as app_module
from tests.tui.conftest import DURING_DAY_ONE, LAPTOP_ZONE, started


@pytest.mark.parametrize("owns_process", [True, False])
async def test_memory_is_settled_only_by_the_app_that_owns_the_process(
        owns_process: bool, tmp_path: Path, monkeypatch):
    settled = []
    monkeypatch.setattr(app_module, "long_lived_from_now", lambda: settled.append(True))
    agenda = load_agenda(embedded_agenda_path())
    store = StateFile(tmp_path / "state.toml", agenda.conference.id)
    app = app_module.make_app(agenda, store, Clock(DURING_DAY_ONE, frozen=True), LAPTOP_ZONE,
                              owns_process=owns_process)
    async with started(app) as pilot:
        assert settled == []  # not before the start-up is over
        await pilot.pause(app_module.STARTED_SECONDS + 0.5)
        assert settled == ([True] if owns_process else [])
