"""Bookmarks, notes, My schedule, search and reminders, through the keys a user presses."""

from __future__ import annotations

import tomllib
from datetime import datetime

from textual.widgets import Input, Static, TextArea

from agenda_tui.tui.screens.note_screen import NoteScreen
from agenda_tui.tui.widgets.detail_pane import DetailPane
from tests.conftest import TEST_DATA
from tests.tui.conftest import (
    EVENT_ZONE,
    active_table,
    build_app,
    cell,
    column,
    notifications,
    row_texts,
    settled,
    started,
)


def saved_state(state_dir) -> dict:
    return tomllib.loads((state_dir / "genai-physsci-2024.toml").read_text(encoding="utf-8"))


async def test_b_and_space_toggle_a_bookmark_saved_at_once_and_after_restart(app, state_dir):
    async with started(app) as pilot:
        await pilot.press("j", "j", "b")
        await pilot.pause()
        assert cell(active_table(app), 2, "★") == "★"
        await app.saver.drain()
        assert saved_state(state_dir)["bookmarks"] == ["d1-batzner-deep-learning"]
        await pilot.press("j", "space")
        await app.saver.drain()
        assert saved_state(state_dir)["bookmarks"] == ["d1-batzner-deep-learning", "d1-lunch"]
        await pilot.press("space")
        await app.saver.drain()
        assert saved_state(state_dir)["bookmarks"] == ["d1-batzner-deep-learning"]

    restarted = build_app(state_dir)
    async with started(restarted) as pilot:
        stars = column(active_table(restarted), "★")
        assert stars == [" ", " ", "★", " ", " ", " ", " ", " "]


async def test_bookmark_from_the_session_screen(app, state_dir):
    async with started(app) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("b")
        await app.saver.drain()
        assert saved_state(state_dir)["bookmarks"] == ["d1-scaife-astrophysics"]
        detail = app.screen.query_one("#session-screen-detail", Static).render().plain
        assert "★ Bookmarked" in detail


async def test_my_schedule_lists_bookmarks_across_days_with_gaps(app):
    async with started(app) as pilot:
        await pilot.press("b", "j", "j", "b", "2", "j", "j", "b")
        await pilot.pause()
        app.main.show_tab("my-schedule")
        await pilot.pause()
        table = app.main.query_one("#my-schedule-table")
        assert column(table, "Title") == [
            "Foundation Models in Physics: Successes in Astrophysics",
            "── sessions to come ──",  # 10:15 on day one: the first is on now
            "· 30 min free",
            "Physics-Motivated Approaches to Model Design: Deep Learning",
            "Big vs. Small Generative Models",
        ]
        assert cell(table, 4, "Day") == "Fri 15 Mar"
        summary = app.main.query_one("#my-schedule-summary", Static).render().plain
        assert summary.startswith("3 bookmarked sessions")


async def test_my_schedule_cuts_a_long_title_with_an_ellipsis(app):
    async with started(app, (80, 24)) as pilot:
        await pilot.press("b")  # Foundation Models in Physics: Successes in Astrophysics
        app.main.show_tab("my-schedule")
        await settled(pilot)
        table = app.main.query_one("#my-schedule-table")
        line = table.render_line(1).text  # the first row, under the header
        assert "Foundation Models" in line and "Astrophysics" not in line
        assert "…" in line.split("Foundation Models")[1]


async def test_my_schedule_flags_conflicts(state_dir):
    app = build_app(state_dir, agenda_path=TEST_DATA / "tiny.toml",
                    at=datetime(2024, 3, 9, 8, 0, tzinfo=EVENT_ZONE))
    async with started(app) as pilot:
        await pilot.press("b", "j", "b")  # 09:00 Opening and the 09:30 parallel session
        await pilot.pause()
        app.main.show_tab("my-schedule")
        await pilot.pause()
        table = app.main.query_one("#my-schedule-table")
        assert list(zip(column(table, "Time"), column(table, "⚠"), strict=True)) == [
            (" 09:00–10:00", "⚠1"), (" 09:30–10:30", "⚠1")]  # one slot to choose in
        summary = app.main.query_one("#my-schedule-summary", Static).render().plain
        assert "1 time slot where you must choose" in summary
        detail = app.main.query_one("#my-schedule-view DetailPane", DetailPane).text.plain
        assert "⚠ Overlaps with A parallel session (09:30–10:30)" in detail


async def test_note_is_edited_saved_and_shown(app, state_dir):
    async with started(app) as pilot:
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        app.screen.query_one(TextArea).insert("Ask about [bold]priors[/]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.saver.drain()
        assert saved_state(state_dir)["notes"] == {"d1-scaife-astrophysics": "Ask about [bold]priors[/]"}
        detail = app.main.active_view.query_one(DetailPane).text.plain
        assert "Your note\nAsk about [bold]priors[/]" in detail


async def test_a_note_shows_above_a_long_abstract_in_the_session_screen(state_dir):
    """The session screen opens with the focus on its people, and shows the first lines
    of the session: a note after a long abstract was below them, with nothing to say so
    (a user's test). The user's own words now come before the abstract."""
    from agenda_tui.agenda_file import agenda_from_data
    from agenda_tui.tui.screens.session_screen import SessionScreen
    from tests.large_agenda import agenda_data

    data = agenda_data(20)
    for session in data["sessions"]:
        session["abstract"] = "\n\n".join(f"Paragraph {n} of a long abstract." for n in range(40))
    app = build_app(state_dir, agenda=agenda_from_data(data, "<generated>"),
                    at=datetime(2025, 2, 1, 9, 5, tzinfo=EVENT_ZONE))
    async with started(app, size=(100, 40)) as pilot:
        await settled(pilot)
        await pilot.press("home", "N")
        await pilot.pause()
        app.screen.query_one(TextArea).insert("Ask about the dataset")
        await pilot.press("ctrl+s")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, SessionScreen)
        on_screen = "\n".join("".join(segment.text for segment in strip)
                               for strip in app.screen._compositor.render_strips())
        assert "Ask about the dataset" in on_screen
        assert "Paragraph 0 of" in on_screen and "Paragraph 39 of" not in on_screen


async def test_keys_typed_right_after_n_do_not_act_on_the_day_below(app):
    """N opens the note editor as its key is handled: keys typed in the same burst are
    typed into the note, in order (KeysInOrder), not taken as the main screen's keys (a
    bookmark, a day, a room hidden)."""
    from textual import events

    async with started(app) as pilot:
        for char in "Nb2x":
            app.post_message(events.Key(char, char))
        await settled(pilot)
        assert isinstance(app.screen, NoteScreen)
        assert app.bookmarks == frozenset() and not app.hidden
        assert app.main.tabs.active == "day-1"
        assert app.screen.query_one(TextArea).text == "b2x"
        app.screen.query_one(TextArea).insert(" noted")
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert app.notes == {"d1-scaife-astrophysics": "b2x noted"}


async def test_slash_searches_as_you_type_and_escape_clears(app):
    async with started(app) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press(*"hogg")
        await pilot.pause()
        assert column(active_table(app), "Title") == [
            "Physics-Motivated Approaches to Model Design: Observations and Data Analysis",
            "Panel: Potential impacts of generative AI in physics"]  # on Friday, listed after
        await pilot.press("escape")
        await pilot.pause()
        assert len(row_texts(active_table(app))) == 8


async def test_search_is_accent_case_and_typo_tolerant(app):
    async with started(app) as pilot:
        await pilot.press("2", "slash")
        await pilot.pause()
        for query, expected in (("Aarrestad", ["Physics-Motivated Approaches to Hardware Design"]),
                                ("ETH ZÜRICH", ["Physics-Motivated Approaches to Hardware Design"]),
                                # Friday's, then Thursday's.
                                ("harvard panel", ["Panel: Potential impacts of generative AI in physics",
                                                   "Panel: Community Perspectives on what is needed for "
                                                   "gen AI to fulfill its promise in physics"])):
            app.focused.value = query
            await pilot.pause()
            assert column(active_table(app), "Title") == expected, query


async def test_reminder_when_a_bookmarked_session_starts_within_five_minutes(state_dir):
    early = build_app(state_dir)
    async with started(early) as pilot:
        await pilot.press("j", "j", "b")  # 11:00 Batzner
        await early.saver.drain()
    app = build_app(state_dir, at=datetime(2024, 3, 14, 10, 57, tzinfo=EVENT_ZONE))
    async with started(app) as pilot:
        messages = [notice.message for notice in notifications(app)]
        assert any(m.startswith("Physics-Motivated Approaches to Model Design: Deep Learning "
                                "starts in 3 min") for m in messages), messages
    later = build_app(state_dir, at=datetime(2024, 3, 14, 10, 50, tzinfo=EVENT_ZONE))
    async with started(later) as pilot:
        assert not notifications(later)


async def test_markup_and_escapes_in_titles_show_literally(state_dir, tmp_path):
    hostile = tmp_path / "hostile.toml"
    hostile.write_text((TEST_DATA / "tiny.toml").read_text().replace(
        'title = "Opening"', 'title = "Open\\u001b[2J[@click=app.quit]ing[/]\\u202e"'))
    app = build_app(state_dir, agenda_path=hostile, at=datetime(2024, 3, 9, 8, 0, tzinfo=EVENT_ZONE))
    async with started(app) as pilot:
        titles = column(active_table(app), "Title")
        assert titles[0] == "Open[2J[@click=app.quit]ing[/]"
        assert titles[1:] == ["A parallel session", "Late night hacking"]
        detail = app.main.active_view.query_one(DetailPane).text.plain
        assert detail.startswith("Open[2J[@click=app.quit]ing[/]\n")
        await pilot.click(active_table(app), offset=(40, 1))  # the highlighted row: opens it
        await pilot.pause()
        assert app.is_running
        await pilot.press("escape")
        await pilot.press("2")
        await pilot.pause()
        assert cell(active_table(app), 0, "Title") == "[bold]Markup[/] is not styled"


async def test_palette_shows_markup_in_titles_literally(state_dir, tmp_path):
    hostile = tmp_path / "hostile.toml"
    hostile.write_text((TEST_DATA / "tiny.toml").read_text().replace(
        'title = "Opening"', 'title = "Opening [/] [bold]loud[/] [@click=app.quit]x[/]"'))
    app = build_app(state_dir, agenda_path=hostile, at=datetime(2024, 3, 9, 8, 0, tzinfo=EVENT_ZONE))
    async with started(app) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)  # discovery lists sessions before anything is typed
        await pilot.press(*"Opening")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settled(pilot)
        assert app.is_running
        assert active_table(app).current_session_id == "opening"


async def test_the_clock_ticking_into_the_lead_time_raises_the_reminder(state_dir):
    from agenda_tui.clock import Clock

    app = build_app(state_dir, at=datetime(2024, 3, 14, 10, 50, tzinfo=EVENT_ZONE))
    async with started(app) as pilot:
        assert active_table(app).current_session_id == "d1-coffee-am"  # on now at 10:50
        await pilot.press("j", "b")  # 11:00 Batzner, ten minutes away: no reminder yet
        await pilot.pause()
        assert not notifications(app)
        app.clock = Clock(datetime(2024, 3, 14, 10, 56, tzinfo=EVENT_ZONE), frozen=True)
        app.tick()
        app.tick()  # once only
        await pilot.pause()
        messages = [notice.message for notice in notifications(app)]
        assert len(messages) == 1 and "starts in 4 min" in messages[0]
