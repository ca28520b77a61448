"""The app at any size, on every tab, scrolled, searched with random text: no exception,
and at 80x24 the essential text stays on screen."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest

from agenda_tui.tui.screens.session_screen import SessionScreen
from tests.reliability.support import HOSTILE
from tests.tui.conftest import active_table, build_app, started

SIZES = [(20, 8), (24, 80), (30, 10), (40, 12), (60, 20), (80, 24), (100, 30), (120, 40),
         (160, 50), (200, 60), (250, 80), (300, 100)]
TABS = ["day-1", "day-2", "my-schedule", "speakers", "about"]
TAB_LABELS = ["Thu 14 Mar", "Fri 15 Mar", "My schedule", "Speakers", "About"]
FOOTER_KEYS = ["b Bookmark", "/ Search", "palette"]
SEARCHES = 80
SEARCH_SEED = 6


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


@pytest.mark.slow
async def test_a_dozen_sizes_switching_tabs_and_scrolling(tmp_path: Path):
    app = build_app(tmp_path / "state")
    async with started(app, (80, 24)) as pilot:
        await pilot.press("b")
        for number, (width, height) in enumerate(SIZES):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            # Two tabs at each size, in turn, so that every tab is seen at four or five sizes.
            for tab in (TABS[(2 * number) % len(TABS)], TABS[(2 * number + 1) % len(TABS)]):
                app.main.show_tab(tab)
                await pilot.pause()
                await pilot.press("pagedown", "up")  # scroll to the end of a page, and back one
            screen_text(app)  # renders at this size without error
            if number % 3 == 0:  # a dialog and the help panel at every third size
                await pilot.press("1", "j", "enter")
                await pilot.pause()
                assert isinstance(app.screen, SessionScreen), (width, height)
                await pilot.press("pagedown", "escape", "question_mark")
                await pilot.pause()
                screen_text(app)
                await pilot.press("question_mark")
        assert app.is_running


async def test_the_essentials_are_visible_at_80x24(tmp_path: Path):
    app = build_app(tmp_path / "state")
    async with started(app, (300, 100)) as pilot:
        await pilot.resize_terminal(20, 8)  # from very small back to the usual size
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        for day in ("1", "2"):
            await pilot.press(day)
            await pilot.pause()
            for _ in range(4):
                await pilot.press("j")
                await pilot.pause()
                text = screen_text(app)
                for label in TAB_LABELS + FOOTER_KEYS:
                    assert label in text, f"{label!r} is not on the 80x24 screen"
                session = app.agenda.sessions_by_id[active_table(app).current_session_id]
                title_line = next(line for line in text.splitlines() if "─" not in line
                                  and session.title[:30] in line)
                assert title_line, f"the highlighted session {session.title!r} is not shown"


def random_query(rng: random.Random) -> str:
    alphabet = string.ascii_letters + string.digits + string.punctuation + " éÅßİ★\u0301\u200b"
    if rng.random() < 0.2:
        return rng.choice(HOSTILE)
    if rng.random() < 0.1:
        return "".join(rng.choice("ab") for _ in range(rng.randint(200, 2000)))
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))


@pytest.mark.slow
async def test_random_search_text(tmp_path: Path):
    rng = random.Random(SEARCH_SEED)
    app = build_app(tmp_path / "state")
    async with started(app, (100, 30)) as pilot:
        await pilot.press("slash", *"panel")  # typed, as a user does
        await pilot.pause()
        view = app.main.active_view
        assert view.table.row_count >= 1
        for number in range(SEARCHES):
            view.search_box.value = random_query(rng)
            if number % 10 == 0:
                await pilot.press("backspace", "x", "down", "up")
            await pilot.pause()
            if number % 25 == 0:
                await pilot.press("escape", "2", "slash")
                await pilot.pause()
                view = app.main.active_view
        await pilot.press("escape")
        await pilot.pause()
        assert view.search_box.value == ""
        assert view.table.row_count == len(view.sessions)
