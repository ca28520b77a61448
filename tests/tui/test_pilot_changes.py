"""Schedule updates in the TUI: the Changes tab, the start-up notice, seen marking."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from agenda_tui.agenda_file import load_agenda, save_agenda
from agenda_tui.diff import changes_for_people, diff_agendas
from agenda_tui.state_file import StateFile
from agenda_tui.tui.messages import ToggleBookmark
from agenda_tui.tui.widgets.changes_tab import ChangesTab
from tests.conftest import TEST_DATA
from tests.tui.conftest import EVENT_ZONE, build_app, cell, column, notifications, settled, started

BEFORE = datetime(2024, 3, 9, 8, 0, tzinfo=EVENT_ZONE)


def updated_copy(tmp_path):
    """tiny.toml with 'opening' moved, 'parallel' cancelled and 'after-dst' retitled."""
    agenda = load_agenda(TEST_DATA / "tiny.toml")
    sessions = []
    for session in agenda.sessions:
        if session.id == "parallel":
            continue
        if session.id == "opening":
            session = dataclasses.replace(session, start=session.start.replace(hour=11),
                                          end=session.end.replace(hour=12))
        if session.id == "after-dst":
            session = dataclasses.replace(session, title="A new title")
        sessions.append(session)
    path = tmp_path / "tiny-v2.toml"
    save_agenda(dataclasses.replace(agenda, sessions=sessions), path)
    return path


async def test_first_run_has_no_changes_and_remembers_what_it_saw(state_dir):
    app = build_app(state_dir, agenda_path=TEST_DATA / "tiny.toml", at=BEFORE)
    async with started(app):
        await app.workers.wait_for_complete()
        await app.saver.drain()
        assert not app.main.tabs.get_tab("changes").display
    assert (state_dir / "seen" / "tiny-conf.toml").is_file()


async def test_an_update_shows_changes_bookmarks_first_and_opening_marks_them_seen(state_dir, tmp_path):
    first = build_app(state_dir, agenda_path=TEST_DATA / "tiny.toml", at=BEFORE)
    async with started(first) as pilot:
        await pilot.press("j", "b")  # bookmark the 09:30 parallel session, cancelled in v2
        await first.workers.wait_for_complete()
        await first.saver.drain()

    updated = updated_copy(tmp_path)
    app = build_app(state_dir, agenda_path=updated, at=BEFORE)
    async with started(app, (140, 40)) as pilot:
        await settled(pilot)
        tab = app.main.tabs.get_tab("changes")
        assert tab.display and tab.label.plain == "Changes (3)"
        notices = [n.message for n in notifications(app)]
        assert ("One of your bookmarked sessions changed since you last looked: "
                "see the Changes tab.") in notices

        app.main.show_tab("changes")
        await pilot.pause()
        table = app.main.query_one("#changes-table")

        def cells(row: int, *labels: str) -> list[str]:
            return [cell(table, row, label) for label in labels]

        assert cells(0, "★", "Change", "Title") == ["★", "cancelled", "A parallel session"]
        assert cell(table, 0, "Detail").startswith("was Sat 9 Mar 09:30–10:30, Room B")
        assert cells(1, "Change", "Title", "Detail") == [
            "moved", "Opening", "Sat 9 Mar 09:00–10:00 → Sat 9 Mar 11:00–12:00"]
        assert cells(2, "Change", "Title", "Detail") == [
            "retitled", "A new title", "was “[bold]Markup[/] is not styled”"]
        await app.saver.drain()

    # Seen now: the next start has nothing to report, and the orphan bookmark is kept.
    again = build_app(state_dir, agenda_path=updated, at=BEFORE)
    async with started(again) as pilot:
        await settled(pilot)
        assert not again.main.tabs.get_tab("changes").display
    assert StateFile(state_dir / "tiny-conf.toml", "tiny-conf").state.bookmarks == ["parallel"]


async def test_changes_stay_unseen_until_the_tab_is_opened(state_dir, tmp_path):
    first = build_app(state_dir, agenda_path=TEST_DATA / "tiny.toml", at=BEFORE)
    async with started(first) as pilot:
        await first.workers.wait_for_complete()
        await first.saver.drain()
    updated = updated_copy(tmp_path)
    for _ in range(2):  # twice without opening the Changes tab: reported both times
        app = build_app(state_dir, agenda_path=updated, at=BEFORE)
        async with started(app) as pilot:
            await settled(pilot)
            assert app.main.tabs.get_tab("changes").display
            await app.saver.drain()


async def test_enter_on_a_change_goes_to_the_session(state_dir, tmp_path):
    build = build_app(state_dir, agenda_path=TEST_DATA / "tiny.toml", at=BEFORE)
    async with started(build) as pilot:
        await build.workers.wait_for_complete()
        await build.saver.drain()
    app = build_app(state_dir, agenda_path=updated_copy(tmp_path), at=BEFORE)
    async with started(app) as pilot:
        await settled(pilot)
        app.main.show_tab("changes")
        await pilot.pause()
        await pilot.press("down", "enter")  # the moved Opening
        await settled(pilot)
        assert app.main.tabs.active == "day-1"
        assert app.main.active_view.current_session_id == "opening"


def tiny_update_changes(tmp_path):
    """The changes from tiny.toml to its updated copy, as the changes check finds them."""
    old = load_agenda(TEST_DATA / "tiny.toml")
    return changes_for_people(diff_agendas(old, load_agenda(updated_copy(tmp_path))), set())


async def changes_tab_kinds(app, pilot) -> list[str]:
    """Open the Changes tab once things have settled; the kinds of change it lists."""
    await settled(pilot)
    app.main.show_tab("changes")
    await pilot.pause()
    return column(app.main.query_one("#changes-table"), "Change")


async def test_changes_found_before_the_changes_view_is_mounted_fill_it(state_dir, tmp_path):
    """The Changes tab's view is mounted just after the first frame; changes that arrive
    first are kept for it."""
    changes = tiny_update_changes(tmp_path)
    app = build_app(state_dir, agenda_path=updated_copy(tmp_path), at=BEFORE)
    async with started(app, settle=False) as pilot:
        assert not app.main.query(ChangesTab)  # not mounted yet
        app.main.changes = tuple(changes)
        assert await changes_tab_kinds(app, pilot) == ["cancelled", "moved", "retitled"]


async def test_changes_found_while_the_changes_view_is_being_mounted_wait_for_it(
        state_dir, tmp_path, monkeypatch):
    """In the DOM but not yet ready (its table has no columns) when the changes arrive."""
    changes = tiny_update_changes(tmp_path)
    real_view_mounted = ChangesTab.view_mounted

    def arrive_first(view):
        view.screen.changes = tuple(changes)
        real_view_mounted(view)

    monkeypatch.setattr(ChangesTab, "view_mounted", arrive_first)
    app = build_app(state_dir, agenda_path=updated_copy(tmp_path), at=BEFORE)
    async with started(app, settle=False) as pilot:
        assert await changes_tab_kinds(app, pilot) == ["cancelled", "moved", "retitled"]


async def test_the_changes_tab_stars_the_bookmarks_as_they_are_when_it_shows(state_dir, tmp_path):
    """The changes are found on a thread, with the bookmarks of that moment; a session
    bookmarked since is starred all the same."""
    changes = tiny_update_changes(tmp_path)  # found with no bookmarks
    app = build_app(state_dir, agenda_path=updated_copy(tmp_path), at=BEFORE)
    async with started(app) as pilot:
        app.post_message(ToggleBookmark("opening"))
        await settled(pilot)
        await app.saver.drain()
        app.main.changes = tuple(changes)
        await changes_tab_kinds(app, pilot)
        table = app.main.query_one("#changes-table")
        starred = [title for title, star in zip(column(table, "Title"), column(table, "★"), strict=True)
                   if star == "★"]
        assert starred == [next(c.session.title for c in changes if c.session.id == "opening")]
