"""Everything works with no network at all: the app, import, export and every command."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path

import icalendar
import pytest
from textual.widgets import Input

from agenda_tui.errors import AgendaError
from agenda_tui.importing import import_source
from agenda_tui.tui.screens.export_screen import ExportScreen
from agenda_tui.tui.screens.session_screen import SessionScreen
from tests.cli_support import run
from tests.conftest import TEST_DATA
from tests.reliability.support import NetworkUsed
from tests.tui.conftest import build_app, settled, started

IMPORTS = [("frab-small.xml", None), ("schedule-small.json", None),
           ("feed-small.ics", None), ("feed-utc-no-zone.ics", "Europe/Lisbon")]


def test_the_guard_refuses_the_network(offline):
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.org", 80))
    with pytest.raises(NetworkUsed):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises((NetworkUsed, OSError)):
        urllib.request.urlopen("http://example.org", timeout=1)
    offline.clear()


def test_every_command_works_offline(offline, capsys, tmp_path: Path):
    state = ["--state-dir", str(tmp_path / "state")]
    at = ["--at", "2024-03-14T10:15"]
    commands = [
        ["list", *at], ["list", "--day", "2", "--json"], ["now", *at], ["now", "--json", *at],
        ["bookmark", "add", "d1-scaife-astrophysics", "d1-batzner-deep-learning"],
        ["bookmark", "remove", "d1-batzner-deep-learning"], ["bookmark", "list"],
        ["list", "--bookmarked"], ["validate", str(TEST_DATA / "tiny.toml")], ["locate"],
        *(["export", "--format", format, "-o", str(tmp_path / f"mine.{format}")]
          for format in ("ics", "md", "json", "csv")),
        ["export", "--all", "--remind", "10", "-o", "-"],
    ]
    for command in commands:
        code, _, err = run(capsys, *command, *state)
        assert code == 0, (command, err)
    calendar = icalendar.Calendar.from_ical((tmp_path / "mine.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) == 1
    for name, zone in IMPORTS:
        extra = ["--timezone", zone] if zone else []
        code, _, err = run(capsys, "import", str(TEST_DATA / "import" / name), "--install", *extra)
        assert code == 0, (name, err)
    code, out, _ = run(capsys, "agendas")
    assert code == 0 and out
    # Nothing installed from a URL: `update` has nothing to fetch, and says so.
    code, _, err = run(capsys, "update")
    assert code == 0 and "No installed agenda has a URL" in err
    code, _, err = run(capsys, "diff", str(TEST_DATA / "import" / "frab-small.xml"),
                       str(TEST_DATA / "import" / "frab-small.xml"))
    assert code == 0, err
    assert offline == []


def test_imports_never_fetch_what_a_file_points_at(offline):
    for name, zone in IMPORTS:
        assert import_source(TEST_DATA / "import" / name, timezone=zone).agenda.sessions
    for document in (
        b'<?xml version="1.0"?><!DOCTYPE schedule SYSTEM "http://evil.example/s.dtd"><schedule/>',
        b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY e SYSTEM "http://evil.example/e">]>'
        b"<schedule>&e;</schedule>",
    ):
        with pytest.raises(AgendaError):
            import_source(document, format="frab")
    # Links in a feed are kept as text, never followed.
    feed = (TEST_DATA / "import" / "feed-small.ics").read_bytes().replace(
        b"URL:https://pyday.example/talk-1", b"URL:http://127.0.0.1:9/x\r\nATTACH:http://evil.example/a")
    assert import_source(feed).agenda.sessions
    assert offline == []


async def test_the_app_works_offline(offline, tmp_path: Path):
    app = build_app(tmp_path / "state")
    target = tmp_path / "mine.md"
    async with started(app) as pilot:
        await pilot.press("b", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        # to My schedule: in Speakers, e would be typed in its filter box
        await pilot.press("escape", "slash", *"kaplan", "enter", "n", "t", "2", "tab", "tab")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export")
        await settled(pilot)
        await app.saver.drain()
    assert "Foundation Models in Physics" in target.read_text(encoding="utf-8")
    assert offline == []
