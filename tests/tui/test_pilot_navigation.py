"""Keys and mouse on the main screen: tabs, table movement, details, speakers, now/next."""

from __future__ import annotations

import io
from datetime import date, datetime

from rich.console import Console
from textual.widgets import ContentSwitcher, HelpPanel, OptionList, SelectionList, Static, Tab, Tabs

from agenda_tui.tui.screens.session_screen import SessionScreen
from agenda_tui.tui.screens.speaker_screen import SpeakerScreen
from agenda_tui.tui.widgets.detail_pane import DetailPane
from tests.tui.conftest import EVENT_ZONE, active_table, build_app, cell, column, row_texts, settled, started


async def test_opens_on_the_day_of_now_with_every_session(app):
    async with started(app):
        assert app.main.tabs.active == "day-1"
        table = active_table(app)
        assert len(row_texts(table)) == 8
        assert cell(table, 0, "Time") == "▶09:30–10:30"  # on now at 10:15
        assert cell(table, 0, "Title") == "Foundation Models in Physics: Successes in Astrophysics"
        assert cell(table, 1, "Kind") == "Break"


async def test_digit_keys_and_tab_move_between_tabs(app):
    async with started(app) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert app.main.tabs.active == "day-2"
        assert cell(active_table(app), 0, "Title") == "Panel: Potential impacts of generative AI in physics"
        await pilot.press("tab")
        assert app.main.tabs.active == "now"
        await pilot.press("tab")
        assert app.main.tabs.active == "my-schedule"
        await pilot.press("tab", "tab", "tab")
        assert app.main.tabs.active == "day-1"
        await pilot.press("shift+tab")
        assert app.main.tabs.active == "about"
        await pilot.press("1")
        assert app.main.tabs.active == "day-1"


async def test_each_day_keeps_its_own_search_cursor_and_scroll(app):
    """Every day tab shows its day in one view: switching redraws that view's rows and
    moves neither the focus nor a pane; each day comes back as it was left."""
    async with started(app, size=(100, 16)) as pilot:
        table = active_table(app)
        switcher = app.main.query_one("#panes", ContentSwitcher)
        await pilot.press("end", "up", "up", "up", "up")  # Thursday, scrolled down to its last sessions
        await settled(pilot)
        thursday_last, thursday_scroll = table.current_session_id, table.scroll_y
        assert thursday_scroll > 0
        await pilot.press("2")
        await settled(pilot)
        assert active_table(app) is table and app.focused is table and switcher.current == "days-pane"
        # A day shown for the first time: from its first session, at the top.
        assert (table.cursor_row, table.scroll_y) == (0, 0)
        assert cell(table, 0, "Title") == "Panel: Potential impacts of generative AI in physics"
        await pilot.press("slash", *"kaplan", "enter")  # a search on Friday
        await settled(pilot)
        friday_rows = column(table, "Title")
        assert app.focused is table and len(friday_rows) == 1

        looked_up: list[str] = []
        row_of = table.row_of
        table.row_of = lambda session_id: looked_up.append(session_id) or row_of(session_id)  # type: ignore[method-assign]
        await pilot.press("1")
        await settled(pilot)
        assert looked_up == []  # the cursor's row found where it was left, not looked for
        view = app.main.active_view
        assert not view.searching and view.search_box.value == ""
        assert "Day" not in table.column_labels and len(row_texts(table)) == 8
        assert (table.current_session_id, table.scroll_y) == (thursday_last, thursday_scroll)
        assert app.focused is table

        await pilot.press("2")  # Friday's search, as left
        await settled(pilot)
        assert view.searching and view.search_box.value == "kaplan"
        assert column(table, "Title") == friday_rows and app.focused is table
        await pilot.press("escape")  # clears Friday's search only
        await settled(pilot)
        assert view.search_box.value == "" and len(row_texts(table)) > 1


async def test_a_day_comes_back_with_its_sessions_detail_in_every_frame(app):
    """The frame that shows a day come back to shows the detail of the session its
    cursor is back on, not the day's first session's for a frame: from a table day to a
    grid day and back."""
    details: list[str] = []
    display = app._display

    def recording(screen, update) -> None:  # each update handed to the terminal
        display(screen, update)
        pane = app.main.active_view.query_one(DetailPane)
        details.append(pane.text.plain.splitlines()[0])

    app._display = recording  # type: ignore[method-assign]
    async with started(app, size=(120, 40)) as pilot:
        await pilot.press("j", "j", "2", "j", "g")  # Thursday's third session; Friday's second, as a grid
        await settled(pilot)
        friday = app.agenda.sessions_by_id[app.main.current_session_id].title
        await pilot.press("1")
        await settled(pilot)
        thursday = app.agenda.sessions_by_id[app.main.current_session_id].title
        assert thursday == column(active_table(app), "Title")[2]
        for key, title in [("2", friday), ("1", thursday)]:
            details.clear()
            await pilot.press(key)
            await settled(pilot)
            assert details and set(details) == {title}, key


async def test_the_frame_that_shows_the_cursor_moved_shows_its_session(app):
    """The detail pane follows the cursor in the step that moves it: no frame shows the
    cursor on one session and the detail of the one before (table and grid)."""
    frames: list[tuple[str | None, str]] = []
    display = app._display

    def recording(screen, update) -> None:  # each update handed to the terminal
        display(screen, update)
        view = app.main.active_view
        frames.append((view.current_session_id, view.query_one(DetailPane).text.plain.splitlines()[0]))

    app._display = recording  # type: ignore[method-assign]
    async with started(app, size=(120, 40)) as pilot:
        for keys in (["j"], ["j"], ["end"], ["home"], ["g"], ["j"], ["j"]):
            frames.clear()
            await pilot.press(*keys)
            await settled(pilot)
            shown = [(app.agenda.sessions_by_id[session_id].title, detail) for session_id, detail in frames]
            assert shown and all(title == detail for title, detail in shown), (keys, shown)


async def test_a_day_comes_back_scrolled_as_left_after_days_of_other_heights(app):
    """The table shared by the days is shorter while a day's search line shows: a day
    come back to after a searched day and a grid day is scrolled as it was left, its
    cursor on the row it was on screen, not scrolled by the search line's height."""
    async with started(app, size=(100, 16)) as pilot:
        table = active_table(app)
        page = table.scrollable_content_region.height - 1
        await pilot.press(*["j"] * (page - 1))  # Thursday: the last row on screen, unscrolled
        await settled(pilot)
        left = (table.cursor_row, table.scroll_y)
        assert left == (page - 1, 0)
        await pilot.press("2", "slash", *"panel", "enter")  # Friday searched: a shorter table
        await settled(pilot)
        await pilot.press("g")  # and shown as a grid
        await settled(pilot)
        await pilot.press("1")
        await settled(pilot)
        assert (table.cursor_row, table.scroll_y) == left
        await pilot.press("2", "g", "1")  # and from Friday's table, searched
        await settled(pilot)
        assert (table.cursor_row, table.scroll_y) == left


async def test_a_day_without_a_search_takes_the_focus_from_the_search_box(app):
    async with started(app) as pilot:
        await pilot.press("slash", *"model")
        await settled(pilot)
        view = app.main.active_view
        assert app.focused is view.search_box
        await pilot.press("tab")  # to Friday, the box still focused: Friday has no search
        await settled(pilot)
        assert app.main.tabs.active == "day-2"
        assert not view.searching and app.focused is active_table(app)
        await pilot.press("slash", *"kaplan")  # typing in Friday's box
        await pilot.press("shift+tab")  # back to Thursday's search, typed so far
        await settled(pilot)
        assert view.search_box.value == "model" and view.searching
        assert app.focused is active_table(app)  # the keys act on the rows, as on any switch


async def test_tabs_opened_before_their_views_are_mounted_are_filled(app, state_dir):
    async with started(app, settle=False) as pilot:
        await pilot.press("2")  # at once: day 2 is mounted only after the first frame
        await pilot.pause()
        assert app.main.tabs.active == "day-2"
        assert cell(active_table(app), 0, "Title") == "Panel: Potential impacts of generative AI in physics"
        assert app.focused is active_table(app)
    again = build_app(state_dir)
    async with started(again, settle=False) as pilot:
        again.main.show_tab("speakers")
        await pilot.pause()
        assert again.main.query_one("#speaker-list", OptionList).option_count == 13


async def test_a_jump_or_a_search_before_the_days_view_is_mounted_is_not_lost(app):
    async with started(app, settle=False) as pilot:
        app.go_to_session("d2-han-big-vs-small")  # at once: day 2 is not mounted yet
        await settled(pilot)
        assert app.main.tabs.active == "day-2"
        assert active_table(app).current_session_id == "d2-han-big-vs-small"
    again = build_app(app.store.path.parent)
    async with started(again, settle=False) as pilot:
        again.main.action_day(2)
        again.main.action_search()  # in the same moment: the search box is not there yet
        await pilot.pause()
        await pilot.press(*"izmailov")
        await pilot.pause()
        assert column(active_table(again), "Title") == [
            "Panel: Potential impacts of generative AI in physics"]


async def test_slash_from_another_tab_types_into_the_day_search(app):
    async with started(app) as pilot:
        app.main.show_tab("speakers")
        await pilot.pause()
        await pilot.press("slash", *"hogg")  # "h" would hide the breaks if the table had focus
        await pilot.pause()
        assert app.main.tabs.active == "day-1"
        assert column(active_table(app), "Title") == [
            "Physics-Motivated Approaches to Model Design: Observations and Data Analysis",
            "Panel: Potential impacts of generative AI in physics"]  # on Friday, listed after
        assert column(active_table(app), "Day") == ["Thu 14", "Fri 15"]


async def test_arrows_and_j_k_move_and_the_pane_follows(app):
    async with started(app) as pilot:
        table = active_table(app)
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("down", "k", "up")
        assert table.cursor_row == 1
        await pilot.press("j")
        await pilot.pause()
        text = app.main.active_view.query_one(DetailPane).text.plain
        assert "Physics-Motivated Approaches to Model Design: Deep Learning" in text
        assert "Thu 14 Mar 11:00–12:00 EDT" in text
        assert "Your time: Thu 14 Mar 16:00–17:00 CET" in text
        assert "Simon Batzner — speaker, Google" in text


async def test_enter_opens_session_then_speaker_then_jumps_to_their_other_session(app):
    async with started(app) as pilot:
        await pilot.press("j", "j", "j", "j", "j", "j")  # 15:00 David Hogg
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.id == "d1-hogg-observations"
        await pilot.press("enter")  # the people list has the focus
        await pilot.pause()
        assert isinstance(app.screen, SpeakerScreen)
        assert app.screen.speaker.name == "David Hogg"
        sessions = app.screen.query_one(OptionList)
        assert [sessions.get_option_at_index(i).id for i in range(sessions.option_count)] == [
            "d1-hogg-observations", "d2-panel-impacts"]
        await pilot.press("down", "enter")
        await settled(pilot)
        assert len(app.screen_stack) == 1
        assert app.main.tabs.active == "day-2"
        assert active_table(app).current_session_id == "d2-panel-impacts"


async def test_escape_closes_the_session_screen(app):
    async with started(app) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == 1


async def test_n_jumps_to_the_session_on_now(state_dir):
    app = build_app(state_dir, at=datetime(2024, 3, 15, 13, 45, tzinfo=EVENT_ZONE))
    async with started(app) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert app.main.tabs.active == "day-1"
        await pilot.press("n")
        await settled(pilot)
        assert app.main.tabs.active == "day-2"
        assert active_table(app).current_session_id == "d2-arrestad-hardware"
        assert cell(active_table(app), 4, "Time") == "▶13:30–14:30"


async def test_n_before_the_conference_goes_to_the_first_session(state_dir):
    app = build_app(state_dir, at=datetime(2024, 3, 1, 12, 0, tzinfo=EVENT_ZONE))
    async with started(app) as pilot:
        await pilot.press("2", "n")
        await settled(pilot)
        assert app.main.tabs.active == "day-1"
        assert active_table(app).current_session_id == "d1-scaife-astrophysics"


async def test_t_toggles_the_display_zone_and_remembers_it(app, state_dir):
    async with started(app) as pilot:
        await pilot.press("t")
        await pilot.pause()
        # 09:30 EDT is 14:30 in Berlin (CET: Europe changes its clocks later than the US).
        assert cell(active_table(app), 0, "Time") == "▶14:30–15:30"
        await app.saver.drain()
    again = build_app(state_dir)
    async with started(again) as pilot:
        assert cell(active_table(again), 0, "Time") == "▶14:30–15:30"
        await pilot.press("t")
        await pilot.pause()
        assert cell(active_table(again), 0, "Time") == "▶09:30–10:30"


async def test_h_hides_and_shows_breaks(app):
    async with started(app) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert column(active_table(app), "Kind") == ["Talk"] * 4 + ["Panel"]
        await pilot.press("h")
        assert len(row_texts(active_table(app))) == 8


async def test_question_mark_shows_help_and_q_quits(app):
    async with started(app) as pilot:
        for closing_key in ("question_mark", "escape"):  # escape closes it too
            await pilot.press("question_mark")
            await pilot.pause()
            assert app.screen.query(HelpPanel)
            await pilot.press(closing_key)
            await pilot.pause()
            assert not app.screen.query(HelpPanel), closing_key
        # While the panel is closed, escape is the search box's.
        await pilot.press("slash", "k", "escape")
        await settled(pilot)
        assert not app.main.active_view.searching and not app.screen.query(HelpPanel)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_help_lists_the_days_the_agenda_has_and_no_others(app):
    async with started(app) as pilot:
        bound = app.main.active_bindings
        assert {"1", "2"} <= bound.keys()
        assert not {"3", "4", "9"} & bound.keys()
        await pilot.press("question_mark")
        await pilot.pause()
        panel = app.screen.query_one(HelpPanel)
        console = Console(width=60, record=True, file=io.StringIO())
        for table in panel.query("BindingsTable"):
            console.print(table.render())
        shown = console.export_text()
        assert "Day 2" in shown and "Day 3" not in shown
        await pilot.press("3")  # no third day: nothing happens
        assert app.main.tabs.active == "day-1"


async def test_mouse_selects_tabs_and_rows(app):
    async with started(app) as pilot:
        await pilot.click("#day-2")
        await settled(pilot)
        assert app.main.tabs.active == "day-2"
        table = active_table(app)
        assert app.focused is table  # not the row of tabs: the keys act on the rows
        await pilot.press("down")
        assert table.cursor_row == 1
        await pilot.click(table, offset=(20, 3))  # header row, then rows 0, 1, 2
        await pilot.pause()
        assert table.current_session_id == "d2-han-big-vs-small"
        await pilot.click("#now")
        await settled(pilot)
        assert app.focused is app.main.active_view.query_one("NowTable")


async def test_a_tab_chosen_is_shown_in_the_same_step(app):
    """The keys that follow a click on a tab act on the tab chosen, even before Textual's
    news of it arrives."""
    async with started(app) as pilot:
        app.main.tabs.active = "day-2"  # as a click does
        assert app.main.current_session_id == "d2-panel-impacts"
        app.main.action_toggle_grid()
        await settled(pilot)
        assert app.grid_days == frozenset({date(2024, 3, 15)})


async def test_command_palette_jumps_to_a_session(app):
    async with started(app) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Natural Science")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settled(pilot)
        assert app.main.tabs.active == "day-2"
        assert active_table(app).current_session_id == "d2-tanaka-natural-science"


async def test_theme_is_remembered_between_runs(app, state_dir):
    async with started(app, (80, 24)) as pilot:
        app.theme = "gruvbox"
        await pilot.pause()
        await app.saver.drain()
    again = build_app(state_dir)
    assert again.theme == "gruvbox"


async def test_speakers_tab_lists_everyone_and_enter_opens_a_speaker(app):
    async with started(app) as pilot:
        app.main.show_tab("speakers")
        await settled(pilot)
        options = app.main.query_one("#speaker-list", OptionList)
        assert options.option_count == 13
        first = options.get_option_at_index(0)
        assert first.id == "thea-arrestad"  # ordered by family name
        detail = app.main.query_one("#speaker-detail", Static).render().plain
        assert "Thea Arrestad" in detail and "Physics-Motivated Approaches to Hardware Design" in detail
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SpeakerScreen)


async def test_about_tab_shows_the_conference(app):
    async with started(app) as pilot:
        app.main.show_tab("about")
        await pilot.pause()
        text = app.main.query_one("#about-text", Static).render().plain
        for expected in ("MIT Schwarzman College of Computing", "Thursday 14 – Friday 15 March 2024",
                         "What are the synergies and differences from other fields?",
                         "Phiala Shanahan — Associate Professor, MIT/IAIFI",
                         "MIT Office of the Provost", "a3d3.ai",
                         "https://iaifi.org/summer-workshop.html"):
            assert expected in text


async def test_f_hides_tracks_on_every_day(app):
    """A session with no track (a break, the fireside chat) is not hidden by a track."""
    def in_tracks() -> list[str]:
        return [session.title for session in active_table(app).sessions if session.track]

    async with started(app) as pilot:
        await pilot.press("f")
        await pilot.pause()
        tracks = app.screen.query_one("#filter-tracks", SelectionList)
        for track in app.agenda.tracks:
            if track.id != "synergies":
                tracks.deselect(track.id)
        await pilot.click("#apply")
        await pilot.pause()
        assert in_tracks() == [
            "Physics-Motivated Approaches to Model Design: Deep Learning",
            "Foundation Models beyond Physics: Successes in Molecular Biology"]
        status = app.main.active_view.query_one(".filter-status", Static).render().plain
        assert status.startswith("Only track Synergies and differences")
        await pilot.press("2")
        await pilot.pause()
        assert in_tracks() == ["Big vs. Small Generative Models"]


async def test_palette_lists_the_app_keys(app):
    async with started(app) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Bookmark")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        await app.saver.drain()
        assert app.bookmarks == {"d1-scaife-astrophysics"}


async def test_mouse_opens_a_session_and_a_speaker(app):
    async with started(app) as pilot:
        table = active_table(app)
        await pilot.click(table, offset=(20, 3))  # highlight the 11:00 talk
        await pilot.click(table, offset=(20, 3))  # a second click selects it
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.id == "d1-batzner-deep-learning"
        await pilot.click("#session-people", offset=(4, 1))
        await pilot.pause()
        assert isinstance(app.screen, SpeakerScreen)
        assert app.screen.speaker.id == "simon-batzner"


async def test_opens_with_the_cursor_on_the_session_on_now(state_dir):
    app = build_app(state_dir, at=datetime(2024, 3, 15, 15, 20, tzinfo=EVENT_ZONE))
    async with started(app):
        assert app.main.tabs.active == "day-2"
        assert active_table(app).current_session_id == "d2-tanaka-natural-science"


async def test_clicking_the_time_header_sorts_latest_first_and_back(app):
    async with started(app) as pilot:
        table = active_table(app)
        first = column(table, "Time")
        assert "Time ▼" not in table.render_line(0).text
        await pilot.click(table, offset=(3, 0))  # the Time header
        await pilot.pause()
        assert column(table, "Time") == first[::-1]
        assert "Time ▼" in table.render_line(0).text  # the header says the order
        await pilot.press("2")  # each day has its own order: Friday's is as it was
        await settled(pilot)
        friday = column(table, "Time")
        assert friday == sorted(friday)
        assert "Time ▼" not in table.render_line(0).text
        await pilot.press("1")
        await settled(pilot)
        assert column(table, "Time") == first[::-1]
        await pilot.click(table, offset=(3, 0))
        await pilot.pause()
        assert column(table, "Time") == first
        assert "Time ▼" not in table.render_line(0).text


async def test_a_tab_left_before_it_was_mounted_does_not_take_the_focus_back(app):
    """`2` then `1` in the moment after start-up: day 2's view mounts after the user has
    gone back to day 1, and must not pull the focus (and the tab) back to it."""
    async with started(app, settle=False) as pilot:
        app.main.action_day(2)  # in the same moment: day 2 is not mounted yet
        app.main.action_search()
        app.main.action_day(1)
        await settled(pilot)
        assert app.main.tabs.active == "day-1"
        assert app.focused is active_table(app)


async def test_news_of_a_tab_left_since_does_not_open_it_again(app):
    """Textual's news that day 2 was activated may arrive after the user went back to
    day 1 (on a loaded machine): day 2 must not take the tab back."""
    async with started(app) as pilot:
        tabs = app.main.tabs
        stale = Tabs.TabActivated(tabs, tabs.query_one("#day-2", Tab))
        app.main.post_message(stale)
        await settled(pilot)
        assert tabs.active == "day-1"
        assert app.focused is active_table(app)


async def test_keys_on_a_tab_being_mounted_do_nothing_rather_than_fail(app):
    async with started(app, settle=False) as pilot:
        app.main.action_day(2)
        for _ in range(5):  # each step of day 2's mounting
            app.main.action_toggle_bookmark()
            app.main.action_edit_note()
            await pilot.pause()
        await settled(pilot)
        assert app.is_running
        assert app.main.tabs.active == "day-2"


async def test_n_on_the_session_screen_closes_it_and_goes_to_what_is_on(app):
    async with started(app) as pilot:
        await pilot.press("2", "enter")
        await settled(pilot)
        assert app.screen is not app.main
        await pilot.press("n")
        await settled(pilot)
        assert app.screen is app.main
        assert app.main.tabs.active == "day-1"
        assert active_table(app).current_session_id == "d1-scaife-astrophysics"


async def test_keys_on_the_highlighted_session_show_disabled_where_none_is_listed(app):
    """Disabled in the About tab; in the Speakers tab, where each letter types a name
    into the filter, their letter keys are not listed at all (the list takes them)."""
    def listed(action: str) -> bool | None:
        """Whether the key of `action` is enabled; None where it is not listed."""
        bindings = app.main.active_bindings.values()
        return next((on for _, binding, on, _ in bindings if binding.action == action), None)

    async with started(app) as pilot:
        assert listed("toggle_bookmark") and listed("edit_note")
        app.main.show_tab("about")
        await settled(pilot)
        assert listed("toggle_bookmark") is False and listed("edit_note") is False
        assert listed("export")
        app.main.show_tab("speakers")
        await settled(pilot)
        assert listed("edit_note") is None and listed("export") is None
        assert listed("toggle_bookmark") is False  # by its other key, space, which no name holds
        assert listed("search") and listed("toggle_help")
        app.main.show_tab("day-2")
        await settled(pilot)
        assert listed("toggle_bookmark") and listed("edit_note")


async def test_a_day_first_shown_from_another_tab_is_drawn_at_its_cursor_in_one_frame(state_dir, monkeypatch):
    """From the Now view (the days' table hidden, with no size), a day not shown before
    opens at its first row in the frame that shows it. The cursor's scroll waited for
    that frame: the day's rows were drawn where the day left was scrolled, then again a
    frame later at the top."""
    from textual.screen import Screen

    from agenda_tui.agenda_file import agenda_from_data
    from tests.large_agenda import agenda_data

    app = build_app(state_dir, agenda=agenda_from_data(agenda_data(1000), "<generated>"),
                    at=datetime(2025, 2, 3, 12, 0, tzinfo=EVENT_ZONE))
    async with started(app, size=(120, 30)) as pilot:
        await settled(pilot)
        table = active_table(app)
        await pilot.press("end")  # the third day, scrolled to its end
        await settled(pilot)
        assert table.scroll_y > 0
        await pilot.press("w")
        await settled(pilot)
        scrolled_at_paints: list[float] = []
        paint = Screen._compositor_refresh

        def painted(screen: Screen[object]) -> None:
            scrolled_at_paints.append(table.scroll_y)
            paint(screen)

        monkeypatch.setattr(Screen, "_compositor_refresh", painted)
        await pilot.press("1")
        await settled(pilot)
        assert app.main.tabs.active == "day-1" and table.cursor_row == 0
        assert scrolled_at_paints == [0]
