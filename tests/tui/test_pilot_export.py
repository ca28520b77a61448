"""The export dialog: choices in, a file out, and the app says where and how many."""

from __future__ import annotations

from icalendar import Calendar
from textual.widgets import Input, Select

from agenda_tui.tui.screens.export_screen import ExportScreen
from tests.tui.conftest import notifications, settled, started


async def test_e_exports_bookmarks_to_ics(app, tmp_path):
    target = tmp_path / "mine.ics"
    async with started(app) as pilot:
        await pilot.press("b", "j", "j", "b", "e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-remind", Input).value = "10"
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export")
        await settled(pilot)
        calendar = Calendar.from_ical(target.read_bytes())
        events = calendar.walk("VEVENT")
        assert [str(event["SUMMARY"]) for event in events] == [
            "Foundation Models in Physics: Successes in Astrophysics",
            "Physics-Motivated Approaches to Model Design: Deep Learning"]
        assert all(event.walk("VALARM") for event in events)
        messages = [notice.message for notice in notifications(app)]
        assert f"Wrote 2 sessions to {target}" in messages


async def test_export_a_day_as_markdown_and_a_bad_path_is_reported(app, tmp_path):
    async with started(app) as pilot:
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#export-format", Select).value = "md"
        screen.query_one("#export-selection", Select).value = "day:2024-03-15"
        await pilot.pause()
        path = screen.query_one("#export-path", Input)
        assert path.value.endswith("genai-physsci-2024-schedule.md")
        path.value = str(tmp_path / "day2.md")
        await pilot.click("#export")
        await app.workers.wait_for_complete()
        text = (tmp_path / "day2.md").read_text(encoding="utf-8")
        assert "Big vs. Small Generative Models" in text
        assert "Foundation Models in Physics" not in text

        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(tmp_path)  # a directory
        await pilot.click("#export")
        await settled(pilot)
        errors = [n.message for n in notifications(app) if n.severity == "error"]
        assert len(errors) == 1 and str(tmp_path) in errors[0]


async def test_an_export_that_cannot_be_written_never_ends_the_app(app, tmp_path, monkeypatch):
    from agenda_tui import atomic

    def disk_error(*_args):
        raise OSError(5, "Input/output error")

    async with started(app) as pilot:
        for path, expected in (("~nosuchuser-agenda/mine.ics", "nosuchuser-agenda"),
                               (str(tmp_path / "mine.ics"), "Input/output error")):
            if expected.startswith("Input"):
                monkeypatch.setattr(atomic.os, "fsync", disk_error)
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one("#export-path", Input).value = path
            await pilot.click("#export")
            await settled(pilot)
            errors = [n.message for n in notifications(app) if n.severity == "error"]
            assert any(expected in error for error in errors), errors
            if isinstance(app.screen, ExportScreen):
                await pilot.press("escape")
                await pilot.pause()
        assert app.is_running and not (tmp_path / "mine.ics").exists()


async def test_a_path_typed_with_a_format_s_suffix_chooses_that_format(app, tmp_path):
    target = tmp_path / "mine.csv"
    async with started(app) as pilot:
        await pilot.press("b", "e")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.pause()
        assert app.screen.query_one("#export-format", Select).value == "csv"
        await pilot.click("#export")
        await settled(pilot)
    assert target.read_text(encoding="utf-8-sig").startswith('"id","day"')
