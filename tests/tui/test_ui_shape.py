"""The UI's shape (docs/architecture.md): views get their data as attributes and report
up with messages; the palette's commands are the bindings themselves."""

from __future__ import annotations

import re
from pathlib import Path

from textual.app import SystemCommand

from agenda_tui.tui.app import AgendaApp
from agenda_tui.tui.screens.agenda_screen import AgendaScreen
from agenda_tui.tui.tabs import SessionsTab, TabView
from tests.tui.conftest import settled, started

TUI = Path(__file__).resolve().parents[2] / "src" / "agenda_tui" / "tui"
# What a view or a screen may ask of the App: Textual's app-wide services, never data.
APP_WIDE = {"push_screen", "notify", "console"}
# The footer, as Textual's FooterKey does: a click on a key runs it, or rings the bell.
APP_WIDE_IN = {"footer.py": {"simulate_key", "bell"}}


def test_no_view_or_screen_reaches_into_the_app_for_data():
    reaching = []
    for path in sorted((TUI / "widgets").glob("*.py")) + sorted((TUI / "screens").glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for name in re.findall(r"\bself\.app\.(\w+)", line):
                if name not in APP_WIDE | APP_WIDE_IN.get(path.name, set()):
                    reaching.append(f"{path.relative_to(TUI)}:{number}: self.app.{name}")
            if re.search(r"\bself\.app\b(?!\.)", line):
                reaching.append(f"{path.relative_to(TUI)}:{number}: self.app itself")
    assert not reaching, "views reach into the App:\n" + "\n".join(reaching)


async def test_every_tab_holds_a_tab_view_and_the_session_tabs_say_where_the_cursor_is(app):
    async with started(app):
        views = app.main._views
        assert set(views) == {"day-1", "day-2", "now", "my-schedule", "speakers", "about", "changes"}
        assert all(isinstance(view, TabView) for view in views.values())
        listing = {tab for tab, view in views.items() if isinstance(view, SessionsTab)}
        assert listing == {"day-1", "day-2", "now", "my-schedule", "changes"}


async def test_a_star_reaches_every_tab_through_the_one_bound_value(app):
    async with started(app) as pilot:
        await pilot.press("b")
        await pilot.pause()
        expected = frozenset({"d1-scaife-astrophysics"})
        assert app.bookmarks == expected
        assert app.main.bookmarks == expected
        for view in app.main._views.values():
            if hasattr(view, "bookmarks"):
                assert view.bookmarks == expected, view.id


async def test_the_palette_offers_each_described_key_of_the_main_screen_and_the_app(app):
    async with started(app):
        commands = {command.title: command.help
                    for command in app.get_system_commands(app.main) if isinstance(command, SystemCommand)}
    described = [binding for binding in [*AgendaScreen.BINDINGS, *AgendaApp.BINDINGS]
                 if getattr(binding, "tooltip", "")]
    assert {binding.description for binding in described} <= set(commands)
    assert commands["Bookmark"] == "Add or remove the highlighted session (b, space)"
    assert commands["Search"] == "Search every day as you type: this day's matches first (/)"


async def test_each_tab_keeps_its_widgets_own_styles_and_keys(app):
    """A tab view is the widget it is named after (its first base): the About tab scrolls
    as a VerticalScroll does, with the focus and the keys."""
    async with started(app) as pilot:
        app.main.show_tab("about")
        await settled(pilot)
        about = app.main.active_view
        assert app.focused is about
        assert about.max_scroll_y > 0 and about.show_vertical_scrollbar
        await pilot.press("end")
        await settled(pilot)
        assert about.scroll_y == about.max_scroll_y


def test_the_clock_ticks_just_after_each_minute_begins():
    from datetime import UTC, datetime

    import pytest

    from agenda_tui.tui.app import REMINDER_CHECK_SECONDS, seconds_to_next_tick

    assert seconds_to_next_tick(datetime(2024, 3, 14, 10, 0, 50, tzinfo=UTC)) == pytest.approx(10.05)
    assert seconds_to_next_tick(datetime(2024, 3, 14, 10, 0, 59, 990000, tzinfo=UTC)) < 0.1
    assert seconds_to_next_tick(datetime(2024, 3, 14, 10, 0, 1, tzinfo=UTC)) == REMINDER_CHECK_SECONDS


async def test_the_palette_keeps_the_names_users_search_for(app):
    async with started(app):
        titles = {command.title for command in app.get_system_commands(app.main)}
    assert {"Time zone", "Breaks", "Filter", "Now/next", "Export", "Note"} <= titles


async def test_a_tab_not_on_show_catches_up_with_a_change_when_shown(app):
    from tests.tui.conftest import active_table, column

    async with started(app) as pilot:
        await pilot.press("2")
        await settled(pilot)
        assert "Coffee Break" in column(active_table(app), "Title")
        await pilot.press("1", "h", "2")  # breaks hidden while day 2 was not on show
        await settled(pilot)
        assert app.main.tabs.active == "day-2"
        assert "Coffee Break" not in column(active_table(app), "Title")
