"""The Now view on a generated agenda in six rooms (all on screen at once): its rows, as the minutes pass and
rooms, tracks and bookmarks change, are what the straightforward query over every session
finds (the view asks an index built once per agenda: room_timetable.RoomTimetable)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import tomli_w

from agenda_tui.agenda_file import load_agenda
from agenda_tui.schedule import Hidden, day_at, now_and_next_by_room, room_positions
from tests.large_agenda import agenda_data
from tests.tui.conftest import active_table, build_app, column, settled, started

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
