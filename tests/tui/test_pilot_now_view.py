"""The Now view on a generated agenda in six rooms (all on screen at once): its rows, as the minutes pass and
rooms, tracks and bookmarks change, are what the straightforward query over every session
finds (the view asks an index built once per agenda: room_timetable.RoomTimetable)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import tomli_w
from textual.geometry import Region

from agenda_tui.agenda_file import load_agenda
from agenda_tui.paths import embedded_agenda_path
from agenda_tui.schedule import Hidden, day_at, now_and_next_by_room, room_positions
from agenda_tui.tui.widgets.now_table import NowTable
from tests.large_agenda import agenda_data
from tests.tui.conftest import (
    DURING_DAY_ONE,
    STEPS,
    active_table,
    build_app,
    column,
    counting,
    map_made,
    settled,
    started,
    whole_arrangements,
)

BRUSSELS = ZoneInfo("Europe/Brussels")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 2, day, hour, minute, tzinfo=BRUSSELS)


async def test_the_now_view_lists_what_every_session_read_would_give(state_dir, tmp_path):
    path = tmp_path / "generated.toml"
    path.write_bytes(tomli_w.dumps(agenda_data(600, rooms=6, tracks=8)).encode())
    agenda = load_agenda(path)
    app = build_app(state_dir, agenda=agenda, at=at(1, 10))
    order = room_positions(agenda)
    # Hiding the track of what is on in the first room, in the same minute: its next
    # session becomes the room's first row, and is drawn with the room's name.
    on_at_noon = now_and_next_by_room(agenda.timed_sessions_in_order, at(2, 12), day_at(agenda, at(2, 12)),
                                      frozenset(), order)
    tracks_on = frozenset(room.now.track for room in on_at_noon[:1] if room.now and room.now.track)
    steps = [
        (at(2, 12), Hidden(), frozenset()),
        (at(2, 12), Hidden(tracks=tracks_on), frozenset()),
        (at(1, 10), Hidden(), frozenset()),
        (at(1, 10, 1), Hidden(), frozenset({"s1", "s2"})),  # bookmarked rooms first
        (at(2, 13, 37), Hidden(rooms=frozenset({"Room 3", "Room 5"})), frozenset({"s1"})),
        (at(3, 11, 5), Hidden(tracks=frozenset({"track-1", "track-2"})), frozenset()),
        (at(1, 23), Hidden(), frozenset()),  # the day is over: the next day's first sessions
        (at(5, 23), Hidden(), frozenset()),  # the conference is over: nothing
    ]
    async with started(app, (160, 45)) as pilot:
        await pilot.press("w")
        await settled(pilot)
        assert app.main.tabs.active == "now"
        table = active_table(app)
        for moment, hidden, bookmarks in steps:
            app.now, app.hidden, app.bookmarks = moment, hidden, bookmarks
            await settled(pilot)
            rooms = now_and_next_by_room(hidden.apply(agenda.timed_sessions_in_order), moment,
                                         day_at(agenda, moment), bookmarks, order)
            shown = [table.get_row_at(row) for row in range(table.row_count)]
            assert [session.id for session in table.sessions] == [
                session.id for room in rooms for session in room.sessions], moment
            assert [cells[0].plain for cells in shown] == [
                (room.room or "(no room)") if position == 0 else ""
                for room in rooms for position, _ in enumerate(room.sessions)]
            assert [when.startswith("▶ until") for when in column(table, "When")] == [
                session is room.now for room in rooms for session in room.sessions]
            labels = [cells[0].plain for cells in shown]
            drawn = [table.render_line(line).text for line in range(1, table.size.height)]
            for label, line in zip(labels, drawn, strict=False):
                assert line[1:].startswith(label + " ") if label else not line[1:5].strip(), (line, label)
        assert table.row_count == 0


async def test_the_rows_are_worked_out_before_the_first_w_and_kept_to_the_minute(state_dir, tmp_path,
                                                                                  monkeypatch):
    """Once the index is made (just after the first frame), the closed view works out the
    rows for now, and again as the minutes pass: `w` then asks the index nothing. A
    change of bookmarks waits for the tab to open (the key that made it does not wait)."""
    from agenda_tui.room_timetable import RoomTimetable
    from agenda_tui.tui.widgets.now_tab import NowTab

    path = tmp_path / "generated.toml"
    path.write_bytes(tomli_w.dumps(agenda_data(600, rooms=6, tracks=8)).encode())
    agenda = load_agenda(path)
    app = build_app(state_dir, agenda=agenda, at=at(2, 12))
    asked: list[datetime] = []
    now_and_next = RoomTimetable.now_and_next

    def counted(timetable, moment, *args, **kwargs):
        asked.append(moment)
        return now_and_next(timetable, moment, *args, **kwargs)

    monkeypatch.setattr(RoomTimetable, "now_and_next", counted)
    async with started(app, (160, 45)) as pilot:
        await app.workers.wait_for_complete()
        await settled(pilot)
        view = app.main.query_one(NowTab)
        assert not view.is_open and asked == [at(2, 12)]
        assert [session.id for session in view.table.sessions] == [
            session.id for room in now_and_next_by_room(agenda.timed_sessions_in_order, at(2, 12),
                                                        day_at(agenda, at(2, 12)))
            for session in room.sessions]
        app.now = at(2, 12, 7)  # minutes pass, the tab closed
        await settled(pilot)
        assert asked == [at(2, 12), at(2, 12, 7)]
        bookmarked = view.table.sessions[-1]
        app.bookmarks = frozenset({bookmarked.id})  # waits for the tab
        await settled(pilot)
        assert len(asked) == 2
        await pilot.press("w")
        await settled(pilot)
        assert asked[2:] == [at(2, 12, 7)]  # for the bookmarks, once
        assert view.table.sessions[0].location == bookmarked.location  # its room first
        await pilot.press("1", "w")  # nothing changed since
        await settled(pilot)
        assert len(asked) == 3 and view.is_open


async def test_the_view_is_laid_out_and_drawn_ahead_so_the_first_w_lays_out_once(state_dir, tmp_path,
                                                                                  monkeypatch):
    """Laid out below the screen and drawn once while closed, the view's first showing is
    as any later one: one layout (a first sizing asks for a second), and no more lines
    drawn. Meanwhile the day's tab is what shows."""
    from textual.screen import Screen

    from agenda_tui.tui.screens.agenda_screen import AgendaScreen
    from agenda_tui.tui.widgets.now_tab import NowTab

    path = tmp_path / "generated.toml"
    path.write_bytes(tomli_w.dumps(agenda_data(600, rooms=6, tracks=8)).encode())
    app = build_app(state_dir, agenda=load_agenda(path), at=at(2, 12))
    places_drawn_ahead: dict[str, tuple[Region, Region]] = {}
    drawn_ahead = AgendaScreen._drawn_ahead

    def where(screen: AgendaScreen, tab_id: str) -> None:
        pane = screen._panes_laid_out_ahead[tab_id]
        places_drawn_ahead[tab_id] = (pane.region, screen.query_one(NowTable).region)
        drawn_ahead(screen, tab_id)

    monkeypatch.setattr(AgendaScreen, "_drawn_ahead", where)
    async with started(app, (160, 45)) as pilot:
        await app.workers.wait_for_complete()
        await settled(pilot)
        pane_place, table_place = places_drawn_ahead["now"]
        assert table_place.height > 10 and pane_place.y >= app.screen.size.height  # sized, out of sight
        view = app.main.query_one(NowTab)
        pane = view.parent
        assert pane is not None and not pane.display and pane.styles.position == "relative"
        assert not pane.styles.has_rule("offset") and app.main.tabs.active == "day-2"
        layouts: list[int] = []
        lines_drawn: list[int] = []
        monkeypatch.setattr(Screen, "_refresh_layout", counting(Screen._refresh_layout, layouts))
        monkeypatch.setattr(NowTable, "render_line", counting(NowTable.render_line, lines_drawn))
        arrangements = whole_arrangements(monkeypatch)  # the screen's: once a layout
        map_made(app.main)
        arrangements.clear()
        await pilot.press("w")
        await settled(pilot)
        assert view.is_open and pane.display and view.table.size.height > 10
        assert len(layouts) == len(arrangements) == 1
        first_opening = len(lines_drawn)
        await pilot.press("1")
        await settled(pilot)
        assert len(layouts) == 2
        map_made(app.main)
        layouts.clear()
        lines_drawn.clear()
        arrangements.clear()
        await pilot.press("w")
        await settled(pilot)
        assert len(layouts) == len(arrangements) == 1
        assert first_opening <= len(lines_drawn)  # no more than any later


async def test_w_while_the_view_is_laid_out_ahead_shows_it_in_place(state_dir, tmp_path):
    """`w` pressed between the view's layout ahead (below the screen) and its drawing: it
    opens where it belongs, on screen."""
    from agenda_tui.tui.widgets.now_tab import NowTab

    path = tmp_path / "generated.toml"
    path.write_bytes(tomli_w.dumps(agenda_data(600, rooms=6, tracks=8)).encode())
    app = build_app(state_dir, agenda=load_agenda(path), at=at(2, 12))
    async with started(app, (160, 45)) as pilot:
        await app.workers.wait_for_complete()
        await settled(pilot)
        view = app.main.query_one(NowTab)
        app.main.on_tab_view_ready_ahead(view.ReadyAhead(view))  # laid out below the screen,
        app.main.show_tab("now")  # and opened before the layout
        await settled(pilot)
        pane = view.parent
        assert view.is_open and pane is not None and pane.display
        assert pane.styles.position == "relative" and not pane.styles.has_rule("offset")
        screen_region = app.screen.region
        assert view.table.region.height > 10 and screen_region.contains_region(view.table.region)
        assert view.table.render_line(1).text.strip()  # a row drawn


async def test_my_schedule_is_laid_out_ahead_with_the_columns_for_its_width(state_dir):
    """Laid out ahead (as the Now view), My schedule's table has the columns for its
    width before it is first shown, not those for a table of none (80 cells) for a frame."""
    from agenda_tui.tui.widgets.my_schedule_tab import MyScheduleTab

    app = build_app(state_dir, agenda=load_agenda(embedded_agenda_path()), at=DURING_DAY_ONE)
    async with started(app, (160, 45)) as pilot:
        await settled(pilot)
        view = app.main.query_one(MyScheduleTab)
        for _ in range(STEPS):  # (its Resize comes after the layout ahead)
            if view._table_width:
                break
            await pilot.pause()
        assert not view.is_open and view._table_width > 100
        labels = [str(column.label) for column in view.table.columns.values()]
        assert "People" in labels
        app.main.show_tab("my-schedule")
        await settled(pilot)
        assert view.is_open and [str(column.label) for column in view.table.columns.values()] == labels
