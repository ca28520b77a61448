"""One search across every day, from any day's tab: this day's matches first, each
result's day shown, the keys acting on the highlighted result, and keys typed in one
burst after "/" all landing in the search box. On a hand-written agenda
(tests/data/search-days.toml), the symposium, and FOSDEM 2025 (../shared/data)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from textual import events
from textual._context import active_message_pump
from textual.app import App
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static

from agenda_tui.tui.screens.note_screen import NoteScreen
from agenda_tui.tui.screens.session_screen import SessionScreen
from agenda_tui.tui.screens.speaker_screen import SpeakerScreen
from tests.conftest import TEST_DATA
from tests.tui.conftest import active_table, build_app, column, notifications, restyled, settled, started

BRUSSELS = ZoneInfo("Europe/Brussels")
SEARCH_DAYS = TEST_DATA / "search-days.toml"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 2, day, hour, minute, tzinfo=BRUSSELS)


def typed_key(app: App[object], char: str) -> events.Key:
    """The Key event for `char` as the terminal's driver makes it: sent by the App."""
    key = {"/": "slash", " ": "space", "\r": "enter"}.get(char, char)
    return events.Key(key, char).set_sender(app)


def burst(app: App[object], keys: str) -> None:
    """Keys arriving all at once, as from a fast typist or `tmux send-keys`: each is
    queued before the app has handled the one before (Pilot.press waits in between)."""
    for char in keys:
        app.post_message(typed_key(app, char))


def rows(app) -> list[str]:
    return [session.id for session in active_table(app).sessions]


def search_status(app) -> str:
    return app.main.active_view.query_one(".search-status", Static).render().plain


def search_box(app) -> Input:
    return app.main.active_view.search_box


async def test_latest_first_keeps_this_days_matches_first_each_day_from_its_latest(state_dir):
    app = build_app(state_dir, agenda_path=SEARCH_DAYS, at=at(2, 10))
    async with started(app) as pilot:
        burst(app, "/rust")
        await settled(pilot)
        best_first = rows(app)
        assert best_first == ["sun-rust", "sun-rost", "sat-rust", "sat-night", "sat-trust"]
        table = active_table(app)
        time_x = table.render_line(0).text.index(" Time") + 2
        await pilot.click(table, offset=(time_x, 0))  # latest first
        await settled(pilot)
        # Sunday's still first; each day's from its latest (the night session, after
        # midnight, is Saturday's latest), not the list turned upside down.
        assert rows(app) == ["sun-rust", "sun-rost", "sat-night", "sat-trust", "sat-rust"]
        assert column(table, "Day") == ["Sun 2", "Sun 2", "Sat 1", "Sat 1", "Sat 1"]
        assert search_status(app).startswith("2 matches on Sun 2 Feb · 3 more on other days")
        await pilot.click(table, offset=(time_x, 0))  # and back: the search's own order
        await settled(pilot)
        assert rows(app) == best_first


async def test_a_search_lists_this_days_matches_first_then_the_other_days(state_dir):
    app = build_app(state_dir, agenda_path=SEARCH_DAYS, at=at(2, 10))
    async with started(app) as pilot:
        assert app.main.tabs.active == "day-2"  # Sunday
        burst(app, "/rust")
        await settled(pilot)
        # Sunday's: the word, then a typo; then Saturday's: the word and a word starting
        # with it in time order (the night session is listed under Saturday), then a word
        # holding it. Monday has none.
        assert rows(app) == ["sun-rust", "sun-rost", "sat-rust", "sat-night", "sat-trust"]
        assert column(active_table(app), "Day") == ["Sun 2", "Sun 2", "Sat 1", "Sat 1", "Sat 1"]
        assert search_status(app).startswith("2 matches on Sun 2 Feb · 3 more on other days")
        # n, among the rows on show: nothing of Sunday's on now at 10:00; the next is at 14:00.
        await pilot.press("enter", "j")  # from the box to the results, down to the typo
        assert active_table(app).current_session_id == "sun-rost"
        await pilot.press("n")
        await pilot.pause()
        assert active_table(app).current_session_id == "sun-rust"
        assert search_box(app).value == "rust"

        # A session all weekend is listed once, under the day on show.
        search_box(app).value = "hackerspace"
        await pilot.pause()
        assert rows(app) == ["weekend"]
        assert column(active_table(app), "Day") == ["Sun 2"]
        await pilot.press("1", "slash", *"hackerspace")
        await pilot.pause()
        assert column(active_table(app), "Day") == ["Sat 1"]


async def test_a_search_that_finds_nothing_anywhere_says_so(state_dir):
    app = build_app(state_dir, agenda_path=SEARCH_DAYS, at=at(1, 10))
    async with started(app) as pilot:
        burst(app, "/qqqzzz")
        await settled(pilot)
        assert rows(app) == []
        assert search_status(app).startswith("No matches on any day  (")


async def test_keys_act_on_a_result_from_another_day(state_dir):
    app = build_app(state_dir, agenda_path=SEARCH_DAYS, at=at(1, 10))
    async with started(app) as pilot:
        saturday = rows(app)
        await pilot.press("slash", *"kaplan", "enter")
        await pilot.pause()
        assert rows(app) == ["mon-kaplan"]
        assert column(active_table(app), "Day") == ["Mon 3"]
        assert search_status(app).startswith("No matches on Sat 1 Feb · 1 on other days")
        assert app.focused is active_table(app)

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.id == "mon-kaplan"
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("b")
        await pilot.pause()
        assert "mon-kaplan" in app.bookmarks
        assert column(active_table(app), "★") == ["★"]
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.session_title == "Closing keynote"
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("escape")  # clears the search: the day's own rows again
        await pilot.pause()
        assert rows(app) == saturday
        assert "Day" not in active_table(app).column_labels
        assert not app.main.active_view.query_one(".search-status").display


async def test_keys_typed_in_a_burst_after_slash_all_go_to_the_search_box(app):
    async with started(app) as pilot:
        assert app.main.tabs.active == "day-1"
        burst(app, "/kaplan")  # its n would be Now, were it sent to the table
        await settled(pilot)
        assert search_box(app).value == "kaplan"
        assert notifications(app) == []
        assert app.main.tabs.active == "day-1"
        # The talk is on Friday: Thursday says so rather than "No sessions to show".
        assert column(active_table(app), "Title") == [
            "Fireside Chat: Jared Kaplan, Anthropic (Virtual) Moderated by Jesse Thaler"]
        assert column(active_table(app), "Day") == ["Fri 15"]
        assert search_status(app).startswith("No matches on Thu 14 Mar · 1 on other days")
        assert search_status(app).endswith("(enter: results, escape: clear)")

        # From another tab, with keys that are global ones elsewhere (h: breaks, e: export,
        # t: zone, n: now, 2: Friday).
        await pilot.press("escape")
        app.main.show_tab("speakers")
        await settled(pilot)
        breaks, zone = app.show_breaks, app.display_zone
        burst(app, "/the hen2")
        await settled(pilot)
        assert app.main.tabs.active == "day-1"
        assert search_box(app).value == "the hen2"
        assert (app.show_breaks, app.display_zone) == (breaks, zone)
        assert len(app.screen_stack) == 1
        assert notifications(app) == []


async def test_keys_typed_in_a_burst_after_enter_go_to_the_results(app):
    """Enter in the search box moves to the results as it arrives: the keys queued just
    after it move the cursor there, rather than being typed into the box."""
    async with started(app) as pilot:
        burst(app, "/model\rjj")
        await settled(pilot)
        view = app.main.active_view
        assert view.search_box.value == "model" and view.searching
        assert app.focused is active_table(app) and active_table(app).cursor_row == 2
        await pilot.press("enter")  # on the results, enter opens the session
        await settled(pilot)
        assert isinstance(app.screen, SessionScreen)


async def test_slash_typed_in_the_search_box_is_a_character(state_dir):
    app = build_app(state_dir, agenda_path=SEARCH_DAYS, at=at(1, 10))
    async with started(app) as pilot:
        await pilot.press("slash", *"a/b")
        await pilot.pause()
        assert search_box(app).value == "a/b"


async def test_fosdem_search_looks_in_abstracts_and_across_days(fosdem, state_dir):
    app = build_app(state_dir, agenda=fosdem, at=at(1, 10))
    saying_it = {s.id for s in fosdem.sessions if "garbage collector" in (s.abstract or "").lower()}
    async with started(app, (160, 45)) as pilot:
        burst(app, "/garbage collector")
        await settled(pilot)
        assert search_box(app).value == "garbage collector"
        found = [s.id for s in active_table(app).sessions]
        assert saying_it <= set(found)
        days = column(active_table(app), "Day")
        here = days.count("Sat 1")
        assert days == ["Sat 1"] * here + ["Sun 2"] * (len(days) - here)  # Saturday's first
        assert search_status(app).startswith(f"{here} match")
        assert f"· {len(days) - here} more on other days" in search_status(app)

        search_box(app).value = "postgres"
        await pilot.pause()
        titles = column(active_table(app), "Title")
        assert "Tuning Postgres for Analytics" in titles
        assert not any("CitrineOS" in title for title in titles)


# ---- The speakers list and its filter box ----


def speaker_ids(app) -> list[str | None]:
    options = app.main.query_one("#speaker-list", OptionList)
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


async def test_typing_a_name_in_the_speakers_list_filters_it_and_fires_no_key(app):
    async with started(app) as pilot:
        app.main.show_tab("speakers")
        await settled(pilot)
        speakers = app.main.query_one("#speaker-list", OptionList)
        assert app.focused is speakers
        breaks, zone = app.show_breaks, app.display_zone
        # t (zone), h (breaks), e (export), N (note), b (bookmark) and n (now) elsewhere.
        await pilot.press(*"thaler")
        await pilot.pause()
        box = app.main.query_one("#speaker-filter", Input)
        assert app.focused is box and box.value == "thaler"
        assert speaker_ids(app) == ["jesse-thaler"]
        assert "Jesse Thaler" in app.main.query_one("#speaker-detail", Static).render().plain
        assert (app.show_breaks, app.display_zone, len(app.screen_stack)) == (breaks, zone, 1)
        assert notifications(app) == []

        # In the box j and k are letters; in the list they move.
        await pilot.press("escape")
        await pilot.pause()
        assert box.value == "" and len(speaker_ids(app)) == 13 and app.focused is speakers
        await pilot.press("j", "j", "k")
        assert speakers.highlighted == 1
        await pilot.press("m", "slash")  # m: a letter, to the box; there "/" is typed too
        assert box.value == "m/" and app.main.tabs.active == "speakers"
        await pilot.press("backspace", *"it", "down")  # then down to the list
        await pilot.pause()
        assert box.value == "mit"
        assert app.focused is speakers
        await pilot.press("tab")  # still the tabs' key from the list
        assert app.main.tabs.active == "about"
        app.main.show_tab("speakers")
        await pilot.press("escape")
        await pilot.pause()
        box.focus()
        await pilot.pause()
        await pilot.press(*"jk")
        assert box.value == "jk"
        assert speaker_ids(app) == []

        # Enter in the box opens the highlighted speaker.
        box.value = "kaplan"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SpeakerScreen)
        assert app.screen.speaker.id == "jared-kaplan"


async def test_fosdem_speakers_filter_in_one_burst(fosdem, state_dir):
    app = build_app(state_dir, agenda=fosdem, at=at(1, 10))
    async with started(app, (160, 45)) as pilot:
        app.main.show_tab("speakers")
        await settled(pilot)
        assert len(speaker_ids(app)) == 992
        breaks, zone = app.show_breaks, app.display_zone
        burst(app, "reinhold")  # reached the list before the focus moved to the box
        await settled(pilot)
        assert app.main.query_one("#speaker-filter", Input).value == "reinhold"
        names = [fosdem.speakers_by_id[i].name for i in speaker_ids(app)]
        assert names == ["Mark Reinhold"]
        assert (app.show_breaks, app.display_zone, len(app.screen_stack)) == (breaks, zone, 1)


async def test_the_count_line_opens_with_the_box_and_keystrokes_lay_nothing_out(state_dir, monkeypatch):
    """The line under the box shows the day's rows from "/" on, then the matches: the
    first keystroke and the last backspace change its text, not the screen's layout, and
    neither does the table as its rows change (only a scrollbar shown or hidden would)."""
    from textual.widget import Widget

    app = build_app(state_dir, agenda_path=SEARCH_DAYS, at=at(2, 10))
    async with started(app) as pilot:
        status = app.main.active_view.query_one(".search-status", Static)
        assert not status.display
        await pilot.press("slash")
        await settled(pilot)
        assert status.display
        assert search_status(app) == f"{len(rows(app))} sessions on Sun 2 Feb · type to search every day"
        laid_out: list[str] = []
        real_refresh = Widget.refresh

        def refresh(widget, *regions, layout=False, **options):
            if layout and not isinstance(widget, Input):  # Textual's box lays itself out
                laid_out.append(type(widget).__name__)
            return real_refresh(widget, *regions, layout=layout, **options)

        monkeypatch.setattr(Widget, "refresh", refresh)
        shown_before = rows(app)
        for key in "rust":
            await pilot.press(key)
        await settled(pilot)
        assert rows(app) != shown_before and search_status(app).startswith("2 matches on Sun 2 Feb")
        for _ in "rust":
            await pilot.press("backspace")
        await settled(pilot)
        assert rows(app) == shown_before and search_status(app).endswith("type to search every day")
        assert laid_out == []
        await pilot.press("escape")
        await settled(pilot)
        assert not status.display


async def test_a_backspace_shows_the_earlier_results_again_without_searching(state_dir, monkeypatch):
    """Each query's results are kept for the search's scope: backspacing to a query typed
    before shows the same rows, and the index is not asked again; hiding a room (a new
    scope) asks it again."""
    app = build_app(state_dir, agenda_path=SEARCH_DAYS, at=at(2, 10))
    async with started(app) as pilot:
        view = app.main.active_view
        asked: list[str] = []
        real_by_tier = view.index.by_tier

        def by_tier(sessions, query):
            asked.append(query)
            return real_by_tier(sessions, query)

        monkeypatch.setattr(view.index, "by_tier", by_tier)
        await pilot.press("slash", *"rust")
        await settled(pilot)
        typed = {query: None for query in asked}
        shown: dict[str, list[str]] = {}
        for query in ("rus", "ru", "r"):
            await pilot.press("backspace")
            await settled(pilot)
            shown[query] = rows(app)
        assert list(typed) == ["r", "ru", "rus", "rust"] and len(asked) == 4  # none again
        await pilot.press("escape")  # the box emptied: nothing kept
        await pilot.press("slash", "r")
        await settled(pilot)
        assert asked[4:] == ["r"] and rows(app) == shown["r"]
        for query, seen in shown.items():
            view._searched = None  # a fresh scope: searched anew
            assert [session.id for session in view.search(query).rows] == seen
        assert len(asked) == 8


async def test_the_count_line_of_a_grid_counts_the_blocks_it_draws(state_dir):
    """An all-day session is listed in the table, not drawn in the grid: the line under
    the box counts what each shows."""
    app = build_app(state_dir, agenda_path=SEARCH_DAYS, at=at(1, 10))
    async with started(app) as pilot:
        view = app.main.active_view
        all_day = sum(session.all_day for session in view.rows_on_show())
        assert all_day  # the weekend-long session
        await pilot.press("slash")
        await settled(pilot)
        assert search_status(app) == f"{len(rows(app))} sessions on Sat 1 Feb · type to search every day"
        await pilot.press("escape", "g", "slash")
        await settled(pilot)
        assert view.shows_grid
        drawn = len(view.grid.grid_layout.blocks)
        assert drawn == len(rows(app)) - all_day
        assert search_status(app) == f"{drawn} sessions on Sat 1 Feb · type to search every day"


async def test_keys_typed_in_a_burst_act_in_order_before_a_day_key(app):
    """b then 2 in one burst bookmarks the session highlighted on the day shown, then
    shows day 2: a day key does not overtake the keys typed ahead of it."""
    async with started(app) as pilot:
        thursday = app.main.current_session_id
        burst(app, "b2")
        await settled(pilot)
        assert app.bookmarks == frozenset({thursday})
        assert app.main.tabs.active == "day-2"
        burst(app, "g1")
        await settled(pilot)
        assert app.main.tabs.active == "day-1"
        assert app.grid_days == frozenset({app.main.days[1]})  # Friday's grid, where g was typed


async def test_the_count_line_too_long_for_the_width_ends_in_an_ellipsis(app):
    async with started(app, (60, 24)) as pilot:
        await pilot.press("slash", *"model")
        await settled(pilot)
        status = app.main.active_view.query_one(".search-status", Static)
        line = status.render_line(0).text.rstrip()
        assert search_status(app).startswith(line.removesuffix("…").strip())
        assert line.endswith("…") and len(line) <= 60


async def test_the_search_box_shows_and_hides_without_restyling_the_day_view(app):
    """"/" shows the box and the line under it; escape hides them. Neither works out the
    styles of the rest of the view again (its table, grid, detail pane), as a class set
    on the view did at each of these keys."""
    async with started(app) as pilot:
        await settled(pilot)
        view = app.main.active_view
        status = view.query_one(".search-status", Static)
        split = view.query_one(".split")  # the table and the detail pane
        split_height = split.region.height
        for key, shown in (("slash", True), ("escape", False), ("slash", True), ("escape", False)):
            with restyled(app) as nodes:
                await pilot.press(key)
                await settled(pilot)
            assert view.searching is shown, key
            assert (view.search_box.region.height > 0, status.region.height == 1) == (shown, shown), key
            # The table and the pane give the box and its line their room: 3 + 1 lines.
            assert split.region.height == split_height - (4 if shown else 0), key
            assert not [node for node in nodes if view in node.ancestors_with_self
                        and node not in (view.search_box, status)], key


async def test_the_index_is_made_in_steps_after_start_and_the_first_slash_makes_none_of_it(
        state_dir, monkeypatch):
    """At 100,000 sessions the index is a second's work, which the first `/` waited for,
    and what the search looks through a tenth of one or more."""
    from agenda_tui.agenda_file import agenda_from_data
    from agenda_tui.search import SESSIONS_A_STEP, Programme, SearchIndex
    from tests.large_agenda import agenda_data

    agenda = agenda_from_data(agenda_data(2_000, rooms=20), "<generated>")
    steps_taken: list[int] = []
    preparing = SearchIndex.preparing

    def counted(index: SearchIndex):
        for step in preparing(index):
            steps_taken.append(1)
            yield step

    monkeypatch.setattr(SearchIndex, "preparing", counted)
    app = build_app(state_dir, agenda=agenda, at=at(1, 10))
    async with started(app) as pilot:  # settled: the index made
        view = app.main.active_view
        assert view.index.ready
        # Built and its words gathered, a few hundred sessions a step.
        assert len(steps_taken) >= 2 * len(agenda.sessions) // SESSIONS_A_STEP
        # The first `/` makes none of it: no text, no word gathered; nor what the search
        # looks through (every day's sessions in one list, each one's place in it).
        texts, covered = len(view.index._texts), len(view.index._covered)
        cover = SearchIndex._cover
        covering: list[int] = []
        monkeypatch.setattr(SearchIndex, "_cover", lambda index, positions: covering.extend(
            at for at in positions if at not in index._covered) or cover(index, positions))
        scope = view.index._scope_given
        monkeypatch.setattr(Programme, "in_steps", classmethod(
            lambda cls, *args: covering.append(-1) or iter(())))
        assert view.zone in view._every_day_marks  # whether its times carry "+1"
        monkeypatch.setattr("agenda_tui.tui.widgets.day_tab.any_day_marks",
                            lambda *args: covering.append(-2) or False)
        await pilot.press("slash")
        assert view.searching and not covering and view.index._scope_given is scope is not None
        assert (len(view.index._texts), len(view.index._covered)) == (texts, covered) == (
            len(agenda.sessions), len(agenda.sessions))
        await pilot.press(*"quantum")
        await settled(pilot)
        assert not covering
        assert rows(app) and len(rows(app)) == len(view.index.filter(agenda.sessions, "quantum"))


async def test_the_search_box_shown_and_hidden_lays_out_no_map_of_the_screen_within_a_layout(
        state_dir, monkeypatch):
    """The layout sets a scrollbar's reactives as it arranges its view. The bar, asking
    for a repaint, looked its size up in a map of the whole screen, which Textual then
    arranged afresh in the middle of its own arrangement (textual_private.CellScrollBar)."""
    from textual._compositor import Compositor

    arrange_root = Compositor._arrange_root
    depth: list[int] = [0]
    nested: list[int] = []

    def arranging(compositor: Compositor, *args: object, **options: object) -> object:
        nested.extend([1] if depth[0] else [])
        depth[0] += 1
        try:
            return arrange_root(compositor, *args, **options)
        finally:
            depth[0] -= 1

    from agenda_tui.agenda_file import agenda_from_data
    from tests.large_agenda import agenda_data

    agenda = agenda_from_data(agenda_data(500, rooms=20), "<generated>")  # rows to scroll
    app = build_app(state_dir, agenda=agenda, at=at(1, 10))
    async with started(app) as pilot:
        await settled(pilot)
        assert active_table(app).vertical_scrollbar.display
        monkeypatch.setattr(Compositor, "_arrange_root", arranging)
        for key in ("slash", "escape", "slash", "escape"):
            await pilot.press(key)
            await settled(pilot)
        assert not nested, f"{len(nested)} maps of the screen arranged within a layout"


async def test_what_is_shown_changed_and_back_while_the_search_is_made_leaves_it_as_shown(state_dir):
    """Breaks or rooms hidden and shown again between the steps that make what the search
    looks through: each step filters as it began, so what is kept is what is shown (a
    review found a room hidden for some of the steps missing from the search after)."""
    from agenda_tui.agenda_file import agenda_from_data
    from agenda_tui.search import Programme
    from tests.large_agenda import agenda_data

    agenda = agenda_from_data(agenda_data(2_000, rooms=20), "<generated>")
    app = build_app(state_dir, agenda=agenda, at=at(1, 10))
    async with started(app) as pilot:
        view = app.main.active_view
        view.index.prepare()
        view._programme = view._searched = None  # as at start: the index made, not the rest
        shown_at_first = view.hidden
        assert "Room 1" not in shown_at_first.rooms
        steps = view._search_prepared_in_steps()
        next(steps)  # the first day's first sessions, filtered
        view.hidden = shown_at_first.hiding_room("Room 1")
        for _ in range(10):
            next(steps)
        view.hidden = shown_at_first
        for _ in steps:
            pass
        expected = Programme.of({day: view._shown(sessions) for day, sessions in view.programme.items()})
        assert view._programme is not None and view._programme[1] == expected
        await pilot.press("slash", *"quantum")
        await settled(pilot)
        assert set(rows(app)) == {session.id for session in view.index.filter(expected.sessions, "quantum")}


async def test_typo_matching_is_loaded_after_the_first_frame_off_the_ui_thread(app, monkeypatch):
    """rapidfuzz's imports (25 ms) would otherwise come with the first word long enough
    for a typo, as it is typed (tests/unit/test_search.py)."""
    import threading

    from textual.screen import Screen

    from agenda_tui.tui.widgets import day_tab
    from tests.tui.conftest import counting

    paints: list[int] = []
    monkeypatch.setattr(Screen, "_compositor_refresh", counting(Screen._compositor_refresh, paints))
    loaded: list[tuple[bool, int]] = []  # on the UI thread, paints before
    monkeypatch.setattr(day_tab, "load_typo_matching", lambda: loaded.append(
        (threading.current_thread() is threading.main_thread(), len(paints))))
    async with started(app) as pilot:
        await settled(pilot)
        assert len(loaded) == 1
        on_ui_thread, painted_before = loaded[0]
        assert not on_ui_thread and painted_before >= 1


async def test_a_day_key_then_slash_in_one_burst_searches_from_that_day(app):
    """1 then "/hogg" in one burst, from Friday: the search opens on Thursday, which the
    1 showed, with the rest typed into the box ("/" does not overtake the day key)."""
    async with started(app) as pilot:
        await pilot.press("2")
        await settled(pilot)
        burst(app, "1/hogg")
        await settled(pilot)
        assert app.main.tabs.active == "day-1"
        assert search_box(app).value == "hogg" and app.focused is search_box(app)


@pytest.mark.parametrize(("first", "then"), [("1/", "hogg"), ("1", "/hogg")])
async def test_keys_arriving_as_the_key_before_climbs_back_wait_for_it(state_dir, first, then):
    """The rest of the burst arrives as the screen passes the 1 back to the App (which
    the screen marks stopped, the App having sent it): it waits for the 1's day."""
    app = build_app(state_dir)
    arrived: list[str] = []

    def arrive_as_the_screen_passes_the_1_on(message: Message) -> None:
        if (isinstance(message, events.Key) and message.key == "1" and not arrived
                and isinstance(active_message_pump.get(None), Screen)):
            arrived.append(then)
            burst(app, then)

    async with started(app, message_hook=arrive_as_the_screen_passes_the_1_on) as pilot:
        await pilot.press("2")
        await settled(pilot)
        burst(app, first)
        await settled(pilot)
        assert arrived == [then]
        assert app.main.tabs.active == "day-1"
        assert search_box(app).value == "hogg" and app.focused is search_box(app)
        assert not app.keys_held
        await pilot.press("escape", "2")  # the keys that follow are not held
        await settled(pilot)
        assert app.main.tabs.active == "day-2" and not app.keys_held


async def test_a_paste_keeps_its_place_among_the_keys(app):
    async with started(app) as pilot:
        await pilot.press("2")
        await settled(pilot)
        burst(app, "1/h")
        app.post_message(events.Paste("og"))
        burst(app, "g")
        await settled(pilot)
        assert app.main.tabs.active == "day-1" and search_box(app).value == "hogg"


async def test_keys_in_one_burst_act_in_the_order_typed(app):
    """Each key acts on what the keys before it left: the cursor moved, then the session
    it reached bookmarked; Now opened, then escape and a day; a search typed and left for
    its results, then the cursor moved among them and a bookmark set there."""
    async with started(app) as pilot:
        table = active_table(app)
        second = table.sessions[1].id
        burst(app, "jb")
        await settled(pilot)
        assert app.bookmarks == frozenset({second})
        burst(app, "w2/model\rjb")
        await settled(pilot)
        assert app.main.tabs.active == "day-2"
        view = app.main.active_view
        assert view.search_box.value == "model" and app.focused is active_table(app)
        assert active_table(app).cursor_row == 1
        assert app.bookmarks == frozenset({second, active_table(app).sessions[1].id})
