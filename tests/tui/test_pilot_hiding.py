"""Hiding rooms and tracks, through the keys a user presses: the `f` dialog, `x` (hide
this room), `X` (only this room), `F` (show all), on the main screen and the session
screen; what is hidden is said on screen, remembered across a restart, and never hides
a bookmarked session from My schedule, reminders or exports. On a hand-written agenda
(tests/data/night-rooms.toml) and on FOSDEM 2025."""

from __future__ import annotations

import io
import itertools
import tomllib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Button, SelectionList, Static

from agenda_tui.export import ExportFormat, ExportRequest
from agenda_tui.schedule import Hidden, conference_days, session_to_go_to, sessions_on
from agenda_tui.tui import messages
from agenda_tui.tui.app import AgendaApp
from agenda_tui.tui.screens.filter_screen import FilterScreen
from agenda_tui.tui.screens.session_screen import SessionScreen
from agenda_tui.tui.widgets.day_tab import DayTab
from tests.conftest import TEST_DATA
from tests.tui.conftest import active_table, build_app, notifications, settled, started

BERLIN = ZoneInfo("Europe/Berlin")
BRUSSELS = ZoneInfo("Europe/Brussels")
NIGHT = TEST_DATA / "night-rooms.toml"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 12, day, hour, minute, tzinfo=BERLIN)


def rooms_on_show(app: AgendaApp) -> set[str | None]:
    return {session.location for session in active_table(app).sessions}


def status(app: AgendaApp) -> str:
    """The line at the top of the day tab on show ("" when it is not shown)."""
    view = app.main.active_view
    assert isinstance(view, DayTab)
    return view.query_one(".filter-status", Static).render().plain if view.has_class("-filtered") else ""


def saved_hidden(state_dir: Path, conference_id: str) -> dict:
    text = (state_dir / f"{conference_id}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text).get("hidden", {})


def last_message(app: AgendaApp) -> str:
    return notifications(app)[-1].message


async def test_x_hides_the_highlighted_sessions_room_on_every_day_and_n_keeps_out(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(app) as pilot:
        assert app.main.active_view.select_session("talk-a")
        await pilot.press("x")
        await settled(pilot)
        assert app.hidden == Hidden(rooms=frozenset({"Hall A"}))
        assert rooms_on_show(app) == {"Hall B"}
        assert status(app).startswith("Room Hall A hidden · 2 sessions not shown")
        assert "Room Hall A hidden" in last_message(app)
        await pilot.press("home", "n")
        await settled(pilot)
        assert active_table(app).current_session_id == "talk-b"
        await pilot.press("2")
        await settled(pilot)
        assert [s.id for s in active_table(app).sessions] == ["morning-b"]
        assert status(app).startswith("Room Hall A hidden · 1 session not shown")
        await app.saver.drain()
    assert saved_hidden(state_dir, "night-rooms") == {"rooms": ["Hall A"], "tracks": []}

    again = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(again) as pilot:
        assert again.hidden == Hidden(rooms=frozenset({"Hall A"}))
        assert rooms_on_show(again) == {"Hall B"}
        assert status(again).startswith("Room Hall A hidden")
        assert active_table(again).current_session_id == "talk-b"  # opens on what is on, not hidden


async def test_capital_x_shows_only_this_room_and_capital_f_shows_everything(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(28, 10, 45))
    async with started(app) as pilot:
        assert app.main.active_view.select_session("morning-b")
        await pilot.press("X")
        await settled(pilot)
        assert app.hidden.rooms == {"Hall A"}
        assert [s.id for s in active_table(app).sessions] == ["morning-b"]
        await pilot.press("F")
        await settled(pilot)
        assert app.hidden == Hidden()
        assert [s.id for s in active_table(app).sessions] == ["morning-a", "morning-b"]
        assert status(app) == ""
        assert last_message(app) == "Every room and track is shown."
        await pilot.press("F")
        await settled(pilot)
        assert last_message(app) == "No room or track is hidden."
        await app.saver.drain()
    assert saved_hidden(state_dir, "night-rooms") == {"rooms": [], "tracks": []}


async def test_the_line_of_what_is_hidden_sits_above_the_search_box_whole(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(28, 10, 45))
    async with started(app) as pilot:
        assert app.main.active_view.select_session("morning-b")
        await pilot.press("x", "slash")
        await settled(pilot)
        view = app.main.active_view
        lines = [view.query_one(".filter-status", Static), view.search_box,
                 view.query_one(".search-status", Static), view.table]
        regions = [widget.region for widget in lines]
        assert all(region.height for region in regions) and view.search_box.region.height == 3
        # Top down, one after another: none drawn over another (the box's border included).
        assert [region.y for region in regions] == sorted(region.y for region in regions)
        assert all(upper.bottom <= lower.y for upper, lower in itertools.pairwise(regions))


async def test_x_and_capital_x_on_the_session_screen(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(app) as pilot:
        assert app.main.active_view.select_session("talk-b")
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("X")
        await settled(pilot)
        assert app.hidden.rooms == {"Hall A"}
        await pilot.press("x")  # now Hall B as well
        await settled(pilot)
        assert app.hidden.rooms == {"Hall A", "Hall B"}
        await pilot.press("escape")
        await settled(pilot)
        assert active_table(app).row_count == 0
        assert app.main.active_view.current_session_id is None


async def test_an_empty_day_says_why_and_n_says_nothing_is_shown(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(app) as pilot:
        app.hidden = Hidden(rooms=frozenset({"Hall A", "Hall B"}))
        await settled(pilot)
        table = active_table(app)
        drawn = [table.render_line(y).text.strip() for y in range(1, 3)]
        assert drawn == ["All 4 sessions of this day are in hidden rooms or tracks (all 2 rooms hidden).",
                         "f to choose what to show, F to show everything."]
        assert status(app).startswith("All 2 rooms hidden · 4 sessions not shown")
        await pilot.press("n")
        await settled(pilot)
        assert last_message(app) == "Nothing on now or to come among the sessions shown."

        app.hidden = Hidden(rooms=frozenset({"Hall A"}))
        await pilot.press("slash", *"late")
        await settled(pilot)
        assert [s.id for s in table.sessions] == ["talk-b"]
        await pilot.press(*["backspace"] * 4, *"soldering")  # only the workshop, in Hall A
        await settled(pilot)
        drawn = [table.render_line(y).text.strip() for y in range(1, 3)]
        assert drawn == ["No sessions to show.",
                         "1 session in hidden rooms or tracks would match: F to show all."]

        # The search looks at every day, and so does the count of what hiding keeps out.
        app.hidden = Hidden(rooms=frozenset({"Hall A", "Hall B"}))
        await pilot.press(*["backspace"] * 9, *"morning")  # two talks, both on the second day
        await settled(pilot)
        drawn = [table.render_line(y).text.strip() for y in range(1, 3)]
        assert drawn == ["No sessions to show.",
                         "2 sessions in hidden rooms or tracks would match: F to show all."]


async def test_the_dialog_hides_the_rooms_unticked_and_show_all_brings_them_back(state_dir):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(app, (80, 24)) as pilot:
        await pilot.press("f")
        await settled(pilot)
        assert isinstance(app.screen, FilterScreen)
        rooms_list = app.screen.query_one("#filter-rooms", SelectionList)
        assert app.focused is rooms_list
        assert rooms_list.selected == ["Hall A", "Hall B"]  # every room ticked: shown
        assert app.screen.query_one("#filter-tracks-heading").render().plain == (
            "Tracks: none in this programme")
        await pilot.press("space", "enter")  # untick Hall A, apply
        await settled(pilot)
        assert app.screen is app.main
        assert rooms_on_show(app) == {"Hall B"}

        await pilot.press("f")
        await settled(pilot)
        assert app.screen.query_one("#filter-rooms", SelectionList).selected == ["Hall B"]
        assert app.screen.query_one("#filter-rooms-heading").render().plain == "Rooms: 1 of 2 shown"
        await pilot.press("escape")  # cancelled: nothing changes
        await settled(pilot)
        assert app.hidden.rooms == {"Hall A"}

        await pilot.press("f")
        await settled(pilot)
        await pilot.click("#show-all")
        await settled(pilot)
        assert app.hidden == Hidden()
        assert rooms_on_show(app) == {"Hall A", "Hall B"}


async def test_a_bookmarked_session_in_a_hidden_room_stays_in_my_schedule_reminders_and_exports(
        state_dir, tmp_path):
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 22, 50))
    async with started(app) as pilot:
        assert app.main.active_view.select_session("talk-a")
        await pilot.press("b", "x")
        await settled(pilot)
        assert "talk-a" not in active_table(app)
        app.main.show_tab("my-schedule")
        await settled(pilot)
        assert app.main.active_view.select_session("talk-a")
        assert app.main.active_view.current_session_id == "talk-a"

        path = tmp_path / "mine.md"
        app.main.post_message(messages.ExportRequested(ExportRequest(format=ExportFormat.MD, path=path)))
        await settled(pilot)
        await app.saver.drain()
        assert "Late talk in A" in path.read_text(encoding="utf-8")

        app.go_to_session("talk-a")  # from a speaker or the palette: says why it is not there
        await settled(pilot)
        assert "Late talk in A is in a hidden room or track" in last_message(app)

    soon = build_app(state_dir, agenda_path=NIGHT, at=at(27, 22, 56))
    async with started(soon):
        assert soon.hidden.rooms == {"Hall A"}
        assert any("Late talk in A" in notice.message and notice.title != "Hidden"
                   for notice in notifications(soon))


@pytest.mark.parametrize("theme", ["textual-dark", "ansi-dark"])
async def test_an_unticked_box_is_empty_and_a_ticked_one_holds_an_x(state_dir, theme):
    """Told apart by the mark, not by two shades of it (an ANSI theme draws both alike)."""
    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(app, (80, 24)) as pilot:
        app.theme = theme
        await pilot.press("f")
        await settled(pilot)
        rooms_list = app.screen.query_one("#filter-rooms", SelectionList)
        await pilot.press("space", "down")  # Hall A unticked, the cursor on Hall B (ticked)
        await settled(pilot)
        for line, ticked in ((0, False), (1, True), (0, False)):
            box = [segment.text for segment in rooms_list.render_line(line)][:3]
            assert box == ["▐", "X" if ticked else " ", "▌"], (line, box)
            await pilot.press("up")  # and with the cursor on the unticked one
            await settled(pilot)


async def test_tracks_are_hidden_from_the_keyboard(app):
    """The symposium names no rooms: the dialog opens on its tracks."""
    async with started(app, (80, 24)) as pilot:
        await pilot.press("f")
        await settled(pilot)
        tracks = app.screen.query_one("#filter-tracks", SelectionList)
        assert app.focused is tracks
        assert app.screen.query_one("#filter-rooms-heading").render().plain == "Rooms: none in this programme"
        await pilot.press("u", "j", "space", "enter")  # untick all, tick the second, apply
        await settled(pilot)
        assert app.hidden.tracks == {track.id for track in app.agenda.tracks} - {"synergies"}
        titles = [s.title for s in active_table(app).sessions if not s.is_break]
        assert titles == ["Physics-Motivated Approaches to Model Design: Deep Learning",
                          "Foundation Models beyond Physics: Successes in Molecular Biology"]
        assert status(app).startswith("Only track Synergies and differences")
        await pilot.press("f")
        await settled(pilot)
        await pilot.press("a")  # tick all
        await pilot.click("#apply")
        await settled(pilot)
        assert app.hidden == Hidden()


async def test_keys_for_hiding_are_in_the_palette_and_the_help(app):
    from rich.console import Console

    async with started(app) as pilot:
        commands = {command.title: command.help for command in app.get_system_commands(app.main)}
        await pilot.press("question_mark")
        await settled(pilot)
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(app.screen.query_one("HelpPanel BindingsTable", Static).render())
        help_lines = [" ".join(line.split()) for line in console.export_text().splitlines()]
    for line in ("x Hide room", "X Only this room", "F Show all", "f Filter"):
        assert any(help_line.startswith(line) for help_line in help_lines), line
    assert commands["Hide room"] == "Hide the highlighted session's room from the day tables (x)"
    assert commands["Only this room"] == "Show only the highlighted session's room in the day tables (X)"
    assert commands["Show all"] == "Show every room and track again (F)"
    assert commands["Filter"] == "Choose the rooms and tracks the day tables show (f)"


# -- FOSDEM 2025: 29 rooms (the `fosdem` fixture: tests/conftest.py) -----------------------


async def test_fosdem_two_rooms_hidden_in_the_dialog_vanish_and_n_never_lands_there(fosdem, state_dir):
    moment = datetime(2025, 2, 1, 11, 10, tzinfo=BRUSSELS)
    saturday, sunday = conference_days(fosdem)
    # The two rooms `n` would go to first: hidden, it must go to a third.
    first, _ = session_to_go_to(sessions_on(fosdem, saturday), moment)
    assert first is not None and first.location
    second, _ = session_to_go_to(Hidden(rooms=frozenset({first.location})).apply(
        sessions_on(fosdem, saturday)), moment)
    assert second is not None and second.location
    hidden_rooms = {first.location, second.location}

    app = build_app(state_dir, agenda=fosdem, at=moment)
    async with started(app, (160, 45)) as pilot:
        await pilot.press("f")
        await settled(pilot)
        rooms_list = app.screen.query_one("#filter-rooms", SelectionList)
        for room in hidden_rooms:
            rooms_list.deselect(room)
        await pilot.pause()
        assert app.screen.query_one("#filter-rooms-heading").render().plain == "Rooms: 27 of 29 shown"
        await pilot.click("#apply")
        await settled(pilot)
        assert app.hidden.rooms == hidden_rooms
        for key, day in (("1", saturday), ("2", sunday)):
            await pilot.press(key)
            await settled(pilot)
            assert [s.id for s in active_table(app).sessions] == [
                s.id for s in sessions_on(fosdem, day) if s.location not in hidden_rooms]
            assert status(app).startswith("Rooms ")
        await pilot.press("1", "end", "n")
        await settled(pilot)
        landed = fosdem.sessions_by_id[active_table(app).current_session_id]
        assert landed.location not in hidden_rooms
        third, on = session_to_go_to(Hidden(rooms=frozenset(hidden_rooms)).apply(
            sessions_on(fosdem, saturday)), moment)
        assert landed == third and on

        await pilot.press("X")  # only the room of the session n found
        await settled(pilot)
        assert rooms_on_show(app) == {landed.location}
        assert status(app).startswith(f"Only room {landed.location} · ")
        await app.saver.drain()

    again = build_app(state_dir, agenda=fosdem, at=moment)
    async with started(again, (160, 45)):
        assert rooms_on_show(again) == {landed.location}


async def test_fosdem_x_keeps_the_cursor_at_its_time(fosdem, state_dir):
    """Hiding the highlighted session's room leaves the cursor at that time of the day
    (on the first session from then on), not at the day's first session."""
    app = build_app(state_dir, agenda=fosdem, at=datetime(2025, 2, 1, 11, 10, tzinfo=BRUSSELS))
    async with started(app) as pilot:
        table = active_table(app)
        await pilot.press("home", *["j"] * 40)
        await settled(pilot)
        was_on = app.agenda.sessions_by_id[table.current_session_id]
        assert table.cursor_row == 40
        await pilot.press("x")
        await settled(pilot)
        now_on = app.agenda.sessions_by_id[table.current_session_id]
        assert now_on.location != was_on.location
        assert now_on.start_utc >= was_on.start_utc
        earlier = table.sessions[table.cursor_row - 1]
        assert earlier.start_utc < was_on.start_utc  # the first from then on


async def test_fosdem_dialog_fits_at_80_columns(fosdem, state_dir):
    app = build_app(state_dir, agenda=fosdem, at=datetime(2025, 2, 1, 11, 10, tzinfo=BRUSSELS))
    async with started(app, (80, 24)) as pilot:
        await pilot.press("f")
        await settled(pilot)
        dialog = app.screen.query_one("#filter-dialog")
        assert dialog.max_scroll_y == 0  # the buttons are in view, the lists scroll
        for button in app.screen.query(Button):
            assert button.region.bottom <= 24
        assert app.screen.query_one("#filter-rooms", SelectionList).max_scroll_y > 0


def test_snapshot_of_a_hidden_room_and_the_dialog_at_80x24(snap_compare, state_dir):
    """The line that says what is hidden, behind the dialog with one room unticked."""
    async def hide_and_open(pilot):
        await pilot.pause()
        pilot.app.main.active_view.select_session("talk-a")
        await pilot.press("x")
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.press("f")
        await pilot.pause()

    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    assert snap_compare(app, terminal_size=(80, 24), run_before=hide_and_open)


async def test_the_now_tab_leaves_out_hidden_rooms_and_says_so(state_dir):
    from tests.tui.conftest import column

    app = build_app(state_dir, agenda_path=NIGHT, at=at(27, 23, 30))
    async with started(app) as pilot:
        await pilot.press("w")
        await settled(pilot)
        assert column(active_table(app), "Room") == ["Hall A", "Hall B", ""]
        await pilot.press("x")  # on Hall A's talk, the first row
        await settled(pilot)
        assert app.hidden.rooms == {"Hall A"}
        assert column(active_table(app), "Title") == ["Late talk in B", "Night session"]
        summary = app.main.query_one("#now-summary", Static).render().plain
        assert summary.startswith("1 room with a session on now · room Hall A hidden · f change")
