"""A start that finds its agenda in the cache and a good state file loads no validator:
pydantic is for data that enters, checked once (issue 18)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from agenda_tui.paths import embedded_agenda_path

COMMAND = """\
import sys
from agenda_tui.launch import main
try:
    main({argv!r})
except SystemExit as end:
    assert not end.code, end.code
print(sorted(name for name in sys.modules if name.split('.')[0] in ('pydantic', 'pydantic_core')),
      file=sys.stderr)
"""

# The start of both scripts below: the app on the symposium, made as `agenda-tui` makes it.
SYMPOSIUM_APP = """\
import asyncio, sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo
from agenda_tui.agenda_file import load_agenda
from agenda_tui.clock import Clock
from agenda_tui.paths import embedded_agenda_path
from agenda_tui.state_file import StateFile
from agenda_tui.tui.app import make_app

async def main():
    agenda = load_agenda(embedded_agenda_path())
    store = StateFile(Path({state_dir!r}) / "state.toml", agenda.conference.id)
    at = datetime(2024, 3, 14, 10, tzinfo=agenda.zone)
    app = make_app(agenda, store, Clock(at, frozen=True), ZoneInfo("Europe/Berlin"))
"""

APP = SYMPOSIUM_APP + """\
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query("DayTable")
        await app.saver.drain()
    print(sorted(name for name in sys.modules if name.split('.')[0] in ('pydantic', 'pydantic_core')),
          file=sys.stderr)

asyncio.run(main())
"""


def loaded_validators(script: str) -> str:
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("argv", [["list"], ["now", "--at", "2024-03-14T10:00"]])
def test_a_command_on_a_cached_agenda_loads_no_pydantic(argv, isolated_home):
    script = COMMAND.format(argv=argv)
    assert loaded_validators(script) != "[]"  # the first start checks the TOML, then caches it
    assert loaded_validators(script) == "[]"


def test_the_app_on_a_cached_agenda_loads_no_pydantic(isolated_home, tmp_path):
    from agenda_tui.agenda_file import load_agenda

    load_agenda(embedded_agenda_path())  # cached, as by a first start
    state_dir = tmp_path / "state"
    script = APP.format(state_dir=str(state_dir))
    assert loaded_validators(script) == "[]"  # its state file written, then read again:
    assert loaded_validators(script) == "[]"
    assert list(state_dir.iterdir())


FIRST_FRAME = SYMPOSIUM_APP + """\
    at_first_frame = []
    display = app._display

    def first_frame(screen, update):  # (a private hook: each update for the terminal)
        if update is not None and not at_first_frame:
            at_first_frame.extend(name for name in sys.modules if name.startswith("agenda_tui"))
        display(screen, update)

    app._display = first_frame
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.main.query("NowTab") and app.main.query("ChangesTab")  # made after it
        await app.saver.drain()
    print(sorted(at_first_frame), file=sys.stderr)

asyncio.run(main())
"""

# What the first frame does without: the other tabs' views, the screens opened on demand,
# refreshing, and what changed since the user last looked.
NOT_FOR_THE_FIRST_FRAME = {
    "agenda_tui.diff", "agenda_tui.fetch", "agenda_tui.agenda_source", "agenda_tui.refresh",
    "agenda_tui.tui.screens.session_screen", "agenda_tui.tui.widgets.now_tab",
    "agenda_tui.tui.widgets.my_schedule_tab", "agenda_tui.tui.widgets.speakers_tab",
    "agenda_tui.tui.widgets.about_tab", "agenda_tui.tui.widgets.changes_tab",
}


def test_the_first_frame_imports_only_what_it_draws(isolated_home, tmp_path):
    script = FIRST_FRAME.format(state_dir=str(tmp_path / "state"))
    loaded = set(eval(loaded_validators(script)))  # the modules loaded when the first frame was drawn
    assert "agenda_tui.tui.widgets.day_tab" in loaded
    assert loaded & NOT_FOR_THE_FIRST_FRAME == set()
