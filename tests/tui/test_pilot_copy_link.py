"""`c` copies the highlighted session's link to the clipboard: a link that wraps in the
pane is copied whole, and a link from a feed that holds a line break or a bidi control
never reaches the clipboard (pasted into a shell, a line break runs what follows)."""

from __future__ import annotations

import dataclasses
import io

import pytest

from agenda_tui.text import copyable_link
from tests.tui.conftest import build_app, notifications, settled, started


def with_links(app_agenda, links: dict[str, str | None]):
    sessions = [dataclasses.replace(session, url=links[session.id]) if session.id in links else session
                for session in app_agenda.sessions]
    return dataclasses.replace(app_agenda, sessions=sessions)


async def press_each(pilot, *keys: str) -> None:
    """Each key, and what it sets off, before the next."""
    for key in keys:
        await pilot.press(key)
        await settled(pilot)


LONG = "https://fosdem.org/2025/schedule/event/fosdem-2025-4167-a-long-title-that-wraps-in-the-pane/"


@pytest.fixture
def linked_app(state_dir):
    from agenda_tui.agenda_file import load_agenda
    from agenda_tui.paths import embedded_agenda_path

    symposium = load_agenda(embedded_agenda_path())
    first, second, third = (session.id for session in symposium.sessions[:3])
    agenda = with_links(symposium, {first: LONG, second: None, third: "https://example.org/\nrm -rf ~"})
    return build_app(state_dir, agenda=agenda), (first, second, third)


async def test_c_copies_the_highlighted_sessions_link(linked_app):
    app, (first, _, _) = linked_app
    async with started(app, (80, 24)) as pilot:
        assert app.main.current_session_id == first
        await pilot.press("c")
        await settled(pilot)
        assert app.clipboard == LONG
        assert any(LONG in said.message and said.title == "Link sent to the clipboard"
                   for said in notifications(app))


async def test_c_on_the_session_screen(linked_app):
    app, _ = linked_app
    async with started(app) as pilot:
        await press_each(pilot, "enter", "c")
        assert app.clipboard == LONG


async def test_the_session_screens_keys_are_in_its_help(linked_app):
    """A modal screen takes none of the App's keys: `?` is its own, and lists `c` and
    the other keys its footer leaves out."""
    from rich.console import Console
    from textual.widgets import HelpPanel, Static

    app, _ = linked_app
    async with started(app) as pilot:
        await press_each(pilot, "enter", "question_mark")
        (panel,) = app.screen.query(HelpPanel)
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(panel.query_one("BindingsTable", Static).render())
        help_lines = [" ".join(line.split()) for line in console.export_text().splitlines()]
        for line in ("c Copy link", "l Reminder", "n Now/next", "? Help"):
            assert any(help_line.startswith(line) for help_line in help_lines), (line, help_lines)
        await press_each(pilot, "question_mark")
        assert not app.screen.query(HelpPanel)


async def test_no_link_and_a_link_with_a_line_break_copy_nothing_and_say_why(linked_app):
    app, (_, second, third) = linked_app
    async with started(app) as pilot:
        app.main.active_view.select_session(second)
        await settled(pilot)
        await pilot.press("c")
        await settled(pilot)
        app.main.active_view.select_session(third)
        await settled(pilot)
        await pilot.press("c")
        await settled(pilot)
        assert app.clipboard == ""
        said = [notification.message for notification in notifications(app)]
        assert any("no link" in text for text in said)
        assert any("not copied" in text for text in said)


async def test_c_typed_in_the_search_box_is_text(linked_app):
    app, _ = linked_app
    async with started(app) as pilot:
        await pilot.press("slash", "c", "a", "t")
        await settled(pilot)
        assert app.main.active_view.search_box.value == "cat"
        assert app.clipboard == ""


@pytest.mark.parametrize(("url", "copied"), [
    (None, None), ("", None), ("   ", None),
    ("  https://example.org/a  ", "https://example.org/a"),
    ("https://example.org/ä/🎉", "https://example.org/ä/🎉"),
    ("https://example.org/a b", None),
    ("https://example.org/\nrm -rf ~", None),
    ("https://example.org/\u202egnp.exe", None),  # shown reversed
    ("https://example.org/\x1b]52;c;aGk=\x07", None),
    ("HTTP://EXAMPLE.ORG/", "HTTP://EXAMPLE.ORG/"),
    ("javascript:alert(1)", None), (";curl${IFS}x|sh", None), ("example.org/a", None),
    ("https://example.org/" + "a" * 10_000, None),
])
def test_what_may_go_on_the_clipboard(url, copied):
    assert copyable_link(url) == copied
