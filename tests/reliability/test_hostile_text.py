"""Text that looks like markup or terminal control, from an agenda or a note: shown
literally or stripped, never styled, never acted on; in the table, panes, dialogs,
notifications, the command palette, CLI output and exports."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from pathlib import Path

import icalendar
import pytest
from textual.command import CommandPalette
from textual.errors import NoWidget

from agenda_tui.agenda_file import load_agenda
from agenda_tui.export import ExportFormat, ExportRequest, Selection, prepare_export
from agenda_tui.state_file import StateFile
from agenda_tui.state_model import UserState
from agenda_tui.tui.screens.session_screen import SessionScreen
from agenda_tui.tui.screens.speaker_screen import SpeakerScreen
from tests.cli_support import run
from tests.reliability.support import (
    HOSTILE,
    LONG_WORD,
    TERMINAL_CONTROLS,
    assert_no_terminal_controls,
    hostile_agenda_data,
    write_hostile_agenda,
)
from tests.tui.conftest import build_app, column, notifications, settled, started

NOTE = "My note " + " ".join(HOSTILE)
EVIL_LINK = "https://evil.example"


@pytest.fixture
def hostile_path(tmp_path: Path) -> Path:
    return write_hostile_agenda(tmp_path)


# -- exports -----------------------------------------------------------------------


@pytest.fixture
def hostile_state(hostile_path: Path) -> UserState:
    agenda = load_agenda(hostile_path)
    ids = [session.id for session in agenda.sessions]
    return UserState(conference_id="hostile", bookmarks=ids, notes=dict.fromkeys(ids, NOTE))


@pytest.mark.parametrize("format", [ExportFormat.ICS, ExportFormat.MD, ExportFormat.CSV])
def test_text_exports_carry_no_terminal_controls(hostile_path, hostile_state, format):
    agenda = load_agenda(hostile_path)
    prepared = prepare_export(agenda, hostile_state, ExportRequest(format=format, selection=Selection.ALL))
    assert prepared.count == len(agenda.sessions)
    assert_no_terminal_controls(prepared.text, f"the {format.value} export")
    shown = prepared.text
    if format is ExportFormat.ICS:
        # What calendars show is cleaned; the X-AGENDA-TUI-* properties, which agenda-tui
        # reads back, keep the invisible characters the agenda holds (docs/calendar.md).
        events = icalendar.Calendar.from_ical(prepared.text).walk("VEVENT")
        shown = "\n".join(str(event.get(name, "")) for event in events
                          for name in ("SUMMARY", "DESCRIPTION", "LOCATION"))
        assert "\u200b" in prepared.text
    assert "\u200b" not in shown and "\ufeff" not in shown.lstrip("\ufeff")
    assert LONG_WORD in prepared.text.replace("\r\n ", "")  # long words kept whole (ics unfolded)


def test_ics_export_keeps_markup_as_plain_text(hostile_path, hostile_state):
    agenda = load_agenda(hostile_path)
    prepared = prepare_export(agenda, hostile_state, ExportRequest(format=ExportFormat.ICS,
                                                                   selection=Selection.ALL))
    calendar = icalendar.Calendar.from_ical(prepared.text)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert "T2 [@click=app.quit]quit[/]" in summaries
    assert "T3 [2J[H" in summaries  # ESC stripped, the rest shown as typed


def test_markdown_export_shows_markup_literally(hostile_path, hostile_state):
    agenda = load_agenda(hostile_path)
    text = prepare_export(agenda, hostile_state, ExportRequest(format=ExportFormat.MD,
                                                               selection=Selection.ALL)).text
    assert r"\[@click=app.quit\]quit\[/\]" in text
    assert not re.search(r"(?<!\\)\[link=", text)  # every `[` escaped as `\[`


def test_csv_export_rows_are_clean(hostile_path, hostile_state):
    agenda = load_agenda(hostile_path)
    text = prepare_export(agenda, hostile_state, ExportRequest(format=ExportFormat.CSV,
                                                               selection=Selection.ALL)).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(agenda.sessions)
    assert any(row["title"] == "T0 [bold red]styled[/]" for row in rows)
    assert all("\n" not in row["note"] for row in rows)


def test_json_export_keeps_the_original_text(hostile_path, hostile_state):
    """JSON is data for programs: every character is kept, controls as \\u escapes."""
    agenda = load_agenda(hostile_path)
    text = prepare_export(agenda, hostile_state, ExportRequest(format=ExportFormat.JSON,
                                                               selection=Selection.ALL)).text
    assert_no_terminal_controls(text, "JSON export")
    titles = {record["title"] for record in _records(json.loads(text))}
    for session in hostile_agenda_data()["sessions"]:
        assert session["title"] in titles


def _records(document) -> list[dict]:
    if isinstance(document, list):
        return document
    return document.get("sessions", [])


# -- the command line --------------------------------------------------------------


def test_cli_output_carries_no_terminal_controls(capsys, tmp_path, hostile_path):
    common = ["--agenda", str(hostile_path), "--state-dir", str(tmp_path / "state"),
              "--at", "2024-03-14T10:20"]
    commands = [
        ["list"], ["list", "--day", "1"], ["now"], ["bookmark", "add", "s-2", "s-3", "s-13"],
        ["bookmark", "list"], ["validate", str(hostile_path)], ["locate"],
        ["export", "--all", "-o", "-", "--format", "md"],
        ["export", "--all", "-o", "-", "--format", "csv"],
        ["export", "--all", "-o", "-", "--format", "ics"],
    ]
    for command in commands:
        code, out, err = run(capsys, *command, *common)
        assert code == 0, (command, err)
        assert_no_terminal_controls(out + err, f"`{' '.join(command)}`")
    code, out, _ = run(capsys, "list", *common)
    assert "[@click=app.quit]quit[/]" in out
    # JSON output keeps every character, controls as \u escapes: none reaches the terminal.
    for command in (["list", "--json"], ["now", "--json"]):
        code, out, _ = run(capsys, *command, *common)
        assert code == 0
        assert_no_terminal_controls(out, f"`{' '.join(command)}`")
        assert {record["title"] for record in _records(json.loads(out))} <= {
            session["title"] for session in hostile_agenda_data()["sessions"]}


def test_cli_errors_about_hostile_ids_are_one_clean_line(capsys, tmp_path, hostile_path):
    code, out, err = run(capsys, "bookmark", "add", "x\x1b[2J\u202e\ny", "--agenda", str(hostile_path),
                         "--state-dir", str(tmp_path / "state"))
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1
    assert_no_terminal_controls(err, "the error")


def test_a_hostile_note_in_the_state_file_is_printed_clean(capsys, tmp_path, hostile_path):
    state_dir = tmp_path / "state"
    store = StateFile(state_dir / "hostile.toml", "hostile")
    store.set_bookmark("s-0", True)
    store.set_note("s-0", NOTE)
    for format in ("md", "csv", "ics"):
        code, out, err = run(capsys, "export", "-o", "-", "--format", format,
                             "--agenda", str(hostile_path), "--state-dir", str(state_dir))
        assert code == 0, err
        assert_no_terminal_controls(out + err, f"export {format}")


# -- the terminal UI ----------------------------------------------------------------


def screen_lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def assert_screen_is_inert(app, where: str) -> str:
    """No control character on screen, no link or click action made from data."""
    strips = app.screen._compositor.render_strips()
    text = "\n".join(strip.text for strip in strips)
    assert_no_terminal_controls(text, f"the screen ({where})")
    assert "\u200b" not in text, where
    for strip in strips:
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            assert EVIL_LINK not in (style.link or ""), f"{where}: a link was made from data"
            assert "app.quit" not in str(style.meta.get("@click", "")), f"{where}: a click action"
    return text


def hostile_app(tmp_path: Path, hostile_path: Path):
    state_dir = tmp_path / "state"
    store = StateFile(state_dir / "hostile.toml", "hostile")
    store.set_bookmark("s-2", True)  # starts at 10:18, three minutes after the app's 10:15
    store.set_note("s-1", NOTE)
    return build_app(state_dir, agenda_path=hostile_path)


async def test_table_panes_and_notifications_show_hostile_text_literally(tmp_path, hostile_path):
    app = hostile_app(tmp_path, hostile_path)
    async with started(app, (160, 50)) as pilot:
        # The reminder for the bookmarked session names it, literally.
        messages = [notice.message for notice in notifications(app)]
        assert any("[@click=app.quit]quit[/]" in message for message in messages), messages
        text = assert_screen_is_inert(app, "day 1 at start")
        assert "[bold red]styled[/]" in text or "T0 [bold red]" in text
        table = app.main.active_view.table
        titles = column(table, "Title")
        assert "T2 [@click=app.quit]quit[/]" in titles
        assert "T4 [31mred[0m" in titles  # ESC stripped, the rest shown as typed
        assert not any(char in title for title in titles for char in TERMINAL_CONTROLS)
        for _ in range(table.row_count):  # every session in the pane
            await pilot.press("j")
            await pilot.pause()
            assert_screen_is_inert(app, f"row {table.cursor_row}")
        await pilot.press("n")  # now/next notification names the session on now
        await pilot.pause()
        assert_screen_is_inert(app, "now/next notification")
        # Clicking everywhere on the screen acts on nothing hidden in the text.
        for y in range(1, 50, 4):
            for x in range(5, 160, 40):
                with contextlib.suppress(NoWidget):  # a gap between widgets
                    await pilot.click(offset=(x, y))
            await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_every_tab_and_dialog_shows_hostile_text_literally(tmp_path, hostile_path):
    app = hostile_app(tmp_path, hostile_path)
    async with started(app) as pilot:
        for tab in ("my-schedule", "speakers", "about"):
            app.main.show_tab(tab)
            await settled(pilot)
            text = assert_screen_is_inert(app, tab)
            if tab == "about":
                assert "[link=https://evil.example]click me[/link]" in text
        app.main.show_tab("day-1")
        await pilot.pause()
        await pilot.press("j", "enter")  # the session with the hostile note
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert "[bold red]styled[/]" in assert_screen_is_inert(app, "session screen")
        await pilot.press("enter")  # its speaker (the people list has the focus)
        await pilot.pause()
        assert isinstance(app.screen, SpeakerScreen)
        assert_screen_is_inert(app, "speaker screen")
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("N")  # a note typed with markup and controls
        await pilot.pause()
        app.screen.query_one("#note-text").text = NOTE
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.saver.drain()
        assert "[@click=app.quit]quit[/]" in assert_screen_is_inert(app, "after the note")
        assert app.is_running


async def test_command_palette_shows_hostile_titles_literally(tmp_path, hostile_path):
    app = hostile_app(tmp_path, hostile_path)
    async with started(app) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        discovered = assert_screen_is_inert(app, "the palette's first hits")
        await pilot.press(*"click")
        await pilot.pause(0.5)
        searched = assert_screen_is_inert(app, "the palette searching")
        assert "[@click=app.quit]" in discovered + searched
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
