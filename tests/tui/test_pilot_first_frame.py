"""What each frame holds (issue 18): the very first frame the app paints already holds
the day's rows, not an empty table that fills a frame later; a day tab shown for the
first time paints its rows, as they are after the latest change, in the frame that
shows it; a star redraws one row."""

from __future__ import annotations

from typing import Any

from textual.geometry import Region
from textual.strip import Strip

from agenda_tui.formatting import time_range
from agenda_tui.schedule import conference_days, sessions_on
from agenda_tui.tui.app import AgendaApp
from agenda_tui.tui.widgets.day_table import DayTable
from tests.tui.conftest import EVENT_ZONE, active_table, build_app, settled, started


def record_frames(app: AgendaApp) -> list[list[str]]:
    """The screen as the terminal shows it after each paint, as lines of text. Taken
    where the app hands each paint to the terminal (a private hook: the headless driver
    writes nothing), the whole screen drawn again from what the widgets just painted."""
    frames: list[list[str]] = []
    display = app._display

    def recording(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None:
            whole = screen._compositor.render_full_update()
            frames.append(["".join(strip.text for strip in line) for line in whole.strips])

    app._display = recording  # type: ignore[method-assign]
    return frames


async def test_the_first_frame_has_the_rows(state_dir):
    app = build_app(state_dir)
    frames = record_frames(app)
    first_day = sessions_on(app.agenda, conference_days(app.agenda)[0])
    async with started(app, settle=False):
        pass
    assert frames, "no frame was painted"
    first = "\n".join(frames[0])
    assert "Title" in first  # the table's header
    for session in first_day[:5]:
        assert session.title[:20] in first
        assert time_range(session, EVENT_ZONE, "–") in first


async def test_a_day_shown_first_paints_its_rows_in_that_frame(state_dir):
    app = build_app(state_dir)
    frames = record_frames(app)
    second_day = sessions_on(app.agenda, conference_days(app.agenda)[1])
    async with started(app) as pilot:
        await settled(pilot)
        painted = len(frames)
        await pilot.press("2")
        await pilot.pause()
    shown = frames[painted:]
    assert shown, "showing day 2 painted no full frame"
    first = "\n".join(shown[0])
    assert second_day[0].title[:20] in first


async def test_a_day_shown_first_after_a_change_shows_it_in_that_frame(state_dir):
    app = build_app(state_dir)
    frames = record_frames(app)
    second_day = sessions_on(app.agenda, conference_days(app.agenda)[1])
    talk = next(s for s in second_day if not s.is_break)
    breaks = [s for s in second_day if s.is_break]
    async with started(app) as pilot:
        await settled(pilot)
        await pilot.press("h")  # breaks hidden, while day 2 is not on show
        await pilot.pause()
        painted = len(frames)
        await pilot.press("2")
        await pilot.pause()
    first = "\n".join(frames[painted])
    assert talk.title[:20] in first
    assert not [s.title for s in breaks if s.title[:20] in first]


async def test_a_star_redraws_one_row_of_the_table(state_dir, monkeypatch):
    app = build_app(state_dir)
    drawn: list[tuple[str | None, int]] = []  # the lines drawn anew, not as last drawn there
    draw = DayTable._drawn

    def counting(table: DayTable, y: int, *args) -> Strip:
        before = table._drawn_at.get(y)
        line = draw(table, y, *args)
        if table._drawn_at.get(y) is not before:
            drawn.append((table.id, y))
        return line

    async with started(app) as pilot:
        await settled(pilot)
        await pilot.press("2", "j", "j")
        await settled(pilot)
        table = active_table(app)
        refreshed: list[tuple[Region, ...]] = []
        refresh = DayTable.refresh

        def recorded(widget: DayTable, *regions: Region, **options) -> DayTable:
            refreshed.append(regions)
            return refresh(widget, *regions, **options)

        monkeypatch.setattr(DayTable, "_drawn", counting)
        monkeypatch.setattr(DayTable, "refresh", recorded)
        await pilot.press("b")
        await settled(pilot)
        assert table.sessions[table.cursor_row].id in app.bookmarks
        # The starred row alone, in the table on show; nothing in the other day's table.
        line = table.cursor_row - round(table.scroll_y) + 1
        assert drawn == [(table.id, line)]
        assert refreshed == [(Region(0, line, table.size.width, 1),)]
