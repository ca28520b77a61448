"""What the terminal shows is what the app has drawn: after tab switches, focus moves,
searches and grids, the screen a terminal holds (every update the app sent it, one on
top of another) equals the whole screen drawn afresh.

The main screen is not repainted whole at each change of focus (AgendaScreen.focused),
and a day switch redraws only the shared day view and the tabs' underline: a region left
out of an update would stay stale on the user's terminal, which a test of the widgets
alone would not see.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pyte
import pytest
from rich.console import Console

from agenda_tui.tui.app import AgendaApp
from tests.tui.conftest import build_app, settled, started

BRUSSELS = ZoneInfo("Europe/Brussels")
Cell = tuple[str, str, str, bool, bool]


def _console(width: int, height: int) -> Console:
    return Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=width,
                   height=height, legacy_windows=False)


def _cells(screen: pyte.Screen) -> list[list[Cell]]:
    return [[(char.data, char.fg, char.bg, char.bold, char.reverse)
             for char in (screen.buffer[y][x] for x in range(screen.columns))]
            for y in range(screen.lines)]


class Terminal:
    """A terminal emulator fed every update the app hands its terminal (a private hook:
    the headless driver writes nothing)."""

    def __init__(self, app: AgendaApp, size: tuple[int, int]) -> None:
        self.size = size
        self.screen = pyte.Screen(*size)
        self.stream = pyte.Stream(self.screen)
        self.console = _console(*size)
        self.app = app
        display = app._display

        def recording(screen: Any, update: Any) -> None:
            display(screen, update)
            if update is not None:
                self.stream.feed(update.render_segments(self.console))

        app._display = recording  # type: ignore[method-assign]

    def mismatches(self) -> list[int]:
        """The lines where the terminal differs from the whole screen drawn now."""
        fresh = pyte.Screen(*self.size)
        whole = self.app.screen._compositor.render_full_update()
        pyte.Stream(fresh).feed(whole.render_segments(self.console))
        shown, drawn = _cells(self.screen), _cells(fresh)
        return [y for y in range(len(shown)) if shown[y] != drawn[y]]


KEYS = [
    "2", "1", "w", "1", "m", "2", "slash", "q", "u", "enter", "1", "g", "j", "j", "2", "1", "g",
    "tab", "tab", "tab", "4", "1", "slash", "escape", "w", "j", "2",
]


@pytest.mark.parametrize("size", [(160, 45), (80, 24)], ids=["160x45", "80x24"])
async def test_the_terminal_shows_what_was_drawn_after_every_key(state_dir, fosdem, size):
    app = build_app(state_dir, agenda=fosdem, at=datetime(2025, 2, 1, 11, 10, tzinfo=BRUSSELS))
    terminal = Terminal(app, size)
    async with started(app, size) as pilot:
        await settled(pilot)
        for step, key in enumerate(KEYS):
            await pilot.press(key)
            await settled(pilot)
            assert terminal.mismatches() == [], f"stale lines after {KEYS[: step + 1]}"


async def test_the_time_header_shows_the_order_however_few_the_rows(state_dir):
    """Clicking the Time header repaints its mark even when the order of the rows cannot
    change (one row here): the terminal shows "Time ▼" while the table is latest first."""
    app = build_app(state_dir)
    size = (120, 40)
    terminal = Terminal(app, size)
    async with started(app, size) as pilot:
        await pilot.press("slash", *"kaplan", "enter")  # one row
        await settled(pilot)
        table = app.main.active_view.table
        time_header = (table.render_line(0).text.index("Time") + 1, 0)
        for latest_first in (True, False, True):
            await pilot.click(table, offset=time_header)
            await settled(pilot)
            header = next(line for line in terminal.screen.display if " Time" in line)
            assert table.latest_first is latest_first
            assert ("Time ▼" in header) is latest_first, header
