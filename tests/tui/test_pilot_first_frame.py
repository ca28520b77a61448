"""What the user sees first: the very first frame the app paints already holds the day's
rows (issue 18), not an empty table that fills a frame later; and a day tab shown for
the first time paints its rows in the frame that shows it."""

from __future__ import annotations

from typing import Any

from agenda_tui.formatting import time_range
from agenda_tui.schedule import conference_days, sessions_on
from agenda_tui.tui.app import AgendaApp
from tests.tui.conftest import EVENT_ZONE, build_app, settled, started


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
