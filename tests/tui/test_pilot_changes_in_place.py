"""Changes in place: badges in the day tables, the Changes tab in full at any width, and
bookmarks whose sessions were cancelled, struck through in My schedule."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agenda_tui.agenda_file import load_agenda
from agenda_tui.formats.frab_xml import parse_frab_xml
from agenda_tui.model import Agenda
from agenda_tui.state_file import StateFile
from agenda_tui.tui.widgets.detail_pane import DetailPane
from tests.conftest import TEST_DATA, shared_data
from tests.tui.conftest import active_table, build_app, cell, column, settled, started

BERLIN = ZoneInfo("Europe/Berlin")
BRUSSELS = ZoneInfo("Europe/Brussels")
BEFORE = TEST_DATA / "changes-before.toml"
AFTER = TEST_DATA / "changes-after.toml"
MORNING = datetime(2025, 2, 1, 8, 0, tzinfo=BERLIN)


async def first_run(state_dir, agenda: Agenda, bookmarks: list[str]) -> None:
    """The user bookmarks sessions and sees the agenda as it was."""
    StateFile(state_dir / f"{agenda.conference.id}.toml", agenda.conference.id).set_bookmarks(bookmarks, True)
    app = build_app(state_dir, agenda=agenda, at=MORNING)
    async with started(app) as pilot:
        await settled(pilot)
        await app.saver.drain()


def shown_lines(table) -> str:
    """What a table shows on screen, line by line, as plain text."""
    return "\n".join("".join(segment.text for segment in table.render_line(y))
                     for y in range(table.size.height))


async def show(app, pilot, tab_id: str):
    app.main.show_tab(tab_id)
    await settled(pilot)
    return app.main.active_view


# -- badges --------------------------------------------------------------------------


async def test_sessions_changed_since_last_look_carry_a_badge_in_words(state_dir):
    await first_run(state_dir, load_agenda(BEFORE), ["gc-talk", "rust-talk"])
    app = build_app(state_dir, agenda_path=AFTER, at=MORNING)
    async with started(app) as pilot:
        await settled(pilot)
        titles = column(active_table(app), "Title")
        assert titles == ["Keynote", "RENAMED Lightning talks, round one", "MOVED Rust in the kernel",
                          "Night hacking"]
        assert "MOVED Rust in the kernel" in shown_lines(active_table(app))
        await show(app, pilot, "day-2")
        assert column(active_table(app), "Title") == ["Day two opening", "NEW A talk added late"]

        # Seen in the Changes tab: the badges stay for the rest of this run ...
        await show(app, pilot, "changes")
        await app.saver.drain()
        await show(app, pilot, "day-1")
        assert cell(active_table(app), 2, "Title") == "MOVED Rust in the kernel"

    # ... and are gone at the next start.
    again = build_app(state_dir, agenda_path=AFTER, at=MORNING)
    async with started(again) as pilot:
        await settled(pilot)
        assert column(active_table(again), "Title") == [
            "Keynote", "Lightning talks, round one", "Rust in the kernel", "Night hacking"]


async def test_badges_stay_until_the_changes_are_seen(state_dir):
    await first_run(state_dir, load_agenda(BEFORE), [])
    for _ in range(2):  # two starts without opening the Changes tab
        app = build_app(state_dir, agenda_path=AFTER, at=MORNING)
        async with started(app) as pilot:
            await settled(pilot)
            assert cell(active_table(app), 1, "Title") == "RENAMED Lightning talks, round one"
            await app.saver.drain()


async def test_a_badge_keeps_to_its_own_style_and_the_title_to_its_own(state_dir):
    await first_run(state_dir, load_agenda(BEFORE), [])
    app = build_app(state_dir, agenda_path=AFTER, at=MORNING)
    async with started(app) as pilot:
        await settled(pilot)
        table = active_table(app)
        title = table.get_row_at(2)[column_index(table, "Title")]
        [badge_span] = title.spans
        assert title.plain[badge_span.start:badge_span.end] == "MOVED"
        assert "reverse" in str(badge_span.style)


def column_index(table, label: str) -> int:
    return table.column_labels.index(label)


# -- the Changes tab at any width ---------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_changes_tab_shows_where_a_session_moved_from_and_to_in_full(state_dir, size):
    await first_run(state_dir, load_agenda(BEFORE), ["rust-talk"])
    app = build_app(state_dir, agenda_path=AFTER, at=MORNING)
    async with started(app, size) as pilot:
        await settled(pilot)
        view = await show(app, pilot, "changes")
        table = view.table
        assert column(table, "Change")[0] == "moved"
        on_screen = shown_lines(table)
        assert "Sat 1 Feb 10:00–10:45, Room 1 →" in on_screen
        assert "Sat 1 Feb 11:00–11:45, Room 2" in on_screen
        assert "was Sat 1 Feb 14:00–15:00, Room 1" in on_screen
        assert "was “Lightning talks”" in on_screen
        # Nothing runs off the right edge: the columns fit the table.
        widths = sum(c.get_render_width(table) for c in table.ordered_columns)
        assert widths <= table.scrollable_content_region.width


# -- bookmarks whose sessions were cancelled --------------------------------------------


async def test_a_cancelled_bookmark_is_struck_through_across_restarts_and_b_removes_it(state_dir):
    await first_run(state_dir, load_agenda(BEFORE), ["gc-talk", "keynote"])
    for run in range(3):  # 1: the change found, then seen; 2, 3: later starts
        app = build_app(state_dir, agenda_path=AFTER, at=MORNING)
        async with started(app) as pilot:
            await settled(pilot)
            assert app.main.tabs.get_tab("changes").display == (run == 0)
            mine = await show(app, pilot, "my-schedule")
            table = mine.table
            [row] = [n for n, title in enumerate(column(table, "Title")) if "Garbage" in title]
            assert cell(table, row, "Title") == "CANCELLED Garbage collectors in depth"
            assert (cell(table, row, "Day"), cell(table, row, "Time").strip()) == ("Sat 1 Feb", "14:00–15:00")
            assert cell(table, row, "Room") == "Room 1"
            title = table.get_row_at(row)[column_index_of(table, "Title")]
            assert any("strike" in str(span.style) for span in title.spans)
            summary = str(mine.query_one("#my-schedule-summary").render())
            assert "1 cancelled since you bookmarked it, struck through below" in summary
            assert "gc-talk" not in summary  # no raw id
            if run == 0:
                await show(app, pilot, "changes")  # seen: the copy last seen is replaced
                await show(app, pilot, "my-schedule")
            await app.saver.drain()

    app = build_app(state_dir, agenda_path=AFTER, at=MORNING)
    async with started(app) as pilot:
        await settled(pilot)
        mine = await show(app, pilot, "my-schedule")
        mine.table.move_cursor(row=column(mine.table, "Title").index("CANCELLED Garbage collectors in depth"))
        await pilot.pause()
        detail = mine.query_one(DetailPane).text.plain
        assert "Cancelled" in detail and "Location: Room 1" in detail
        await pilot.press("b")
        await settled(pilot)
        await app.saver.drain()
        assert app.bookmarks == {"keynote"}
        assert not any("Garbage" in title for title in column(mine.table, "Title"))
        assert "cancelled" not in str(mine.query_one("#my-schedule-summary").render())
    assert StateFile(state_dir / "changes-demo.toml", "changes-demo").state.bookmarks == ["keynote"]


def column_index_of(table, label: str) -> int:
    return [c.label.plain for c in table.ordered_columns].index(label)


# -- a real schedule ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fosdem() -> Agenda:
    path = shared_data("fosdem-2025-schedule.xml")
    return parse_frab_xml(path.read_bytes(), path.name)


def fosdem_update(fosdem: Agenda) -> tuple[Agenda, dict[str, str]]:
    """FOSDEM 2025 as a later copy might have it: of four Saturday talks, one cancelled,
    one an hour later, one retitled; and one talk added."""
    saturday = [s for s in fosdem.sessions_in_order
                if s.conference_day.day == 1 and s.start.hour == 11 and s.location][:3]
    gone, moved, retitled = saturday
    hour = timedelta(hours=1)
    added = dataclasses.replace(moved, id="late-addition", title="A talk added late")
    sessions = []
    for session in fosdem.sessions:
        if session.id == gone.id:
            continue
        if session.id == moved.id:
            session = dataclasses.replace(session, start=session.start + hour, end=session.end + hour)
        if session.id == retitled.id:
            session = dataclasses.replace(session, title="A better title")
        sessions.append(session)
    ids = {"gone": gone.id, "moved": moved.id, "retitled": retitled.id}
    return dataclasses.replace(fosdem, sessions=[*sessions, added]), ids


async def test_fosdem_changes_in_place(state_dir, fosdem):
    updated, ids = fosdem_update(fosdem)
    gone = fosdem.sessions_by_id[ids["gone"]]
    await first_run(state_dir, fosdem, [ids["gone"], ids["moved"]])
    for run in range(2):
        app = build_app(state_dir, agenda=updated, at=datetime(2025, 2, 1, 10, 0, tzinfo=BRUSSELS))
        async with started(app, (80, 24)) as pilot:
            await settled(pilot)
            table = active_table(app)
            titles = dict(zip((s.id for s in table.sessions), column(table, "Title"), strict=True))
            if run == 0:
                assert titles[ids["moved"]].startswith("MOVED ")
                assert titles[ids["retitled"]] == "RENAMED A better title"
                assert titles["late-addition"] == "NEW A talk added late"
                changes = await show(app, pilot, "changes")
                moved = updated.sessions_by_id[ids["moved"]]
                assert f"{moved.start:%H:%M}–{moved.end:%H:%M}" in shown_lines(changes.table)
            else:
                assert not any(title.startswith(("MOVED", "NEW", "RENAMED")) for title in titles.values())
            mine = await show(app, pilot, "my-schedule")
            assert f"CANCELLED {gone.title}" in column(mine.table, "Title")
            await app.saver.drain()
