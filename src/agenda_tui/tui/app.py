"""AgendaApp: the terminal UI over an agenda, the user's state and a clock."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from tzlocal import get_localzone

from agenda_tui.clock import Clock
from agenda_tui.collector import long_lived_from_now
from agenda_tui.diff import Change, changed_sessions, changes_for_people
from agenda_tui.errors import AgendaError
from agenda_tui.files import reason
from agenda_tui.formatting import plural, when
from agenda_tui.model import Agenda, DisplayZone, Session, Speaker, utc
from agenda_tui.schedule import SessionFilter, conference_days, conflicts, now_and_next
from agenda_tui.state_file import StateFile
from agenda_tui.text import shown
from agenda_tui.tui import terminal_watch
from agenda_tui.tui.commands import AgendaCommands
from agenda_tui.tui.detail_text import session_detail, speaker_detail
from agenda_tui.tui.saver import StateSaved, StateSaver
from agenda_tui.tui.screens.agenda_screen import AgendaScreen, day_tab_id
from agenda_tui.tui.screens.session_screen import SessionScreen

if TYPE_CHECKING:
    from agenda_tui.export import ExportRequest

# Screens that open on demand are imported where they open: start-up does not pay for them.

REMINDER_LEAD = timedelta(minutes=5)
STARTED_SECONDS = 1.0  # after the first frame, when the tabs behind it have been mounted
REMINDER_CHECK_SECONDS = 15


class AgendaApp(App[None]):
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {AgendaCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]
    BINDINGS = [
        Binding("b,space", "toggle_bookmark", "Bookmark", id="toggle-bookmark"),
        Binding("slash", "search", "Search", key_display="/", id="search"),
        Binding("n", "now", "Now/next", id="now"),
        Binding("N", "edit_note", "Note", key_display="N", id="edit-note"),
        # In the help panel and the command palette, not the footer, which 80 columns fill.
        Binding("t", "toggle_zone", "Event/laptop zone", show=False, id="toggle-zone"),
        Binding("h", "toggle_breaks", "Hide/show breaks", show=False, id="toggle-breaks"),
        Binding("f", "filter", "Filter by room/track", show=False, id="filter"),
        Binding("e", "export", "Export", id="export"),
        Binding("question_mark", "toggle_help", "Help", key_display="?", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, agenda: Agenda, store: StateFile, clock: Clock,
                 local_zone: tzinfo | None = None, *, owns_process: bool = False):
        super().__init__()
        self.owns_process = owns_process
        self.agenda = agenda
        self.store = store
        self.clock = clock
        self.local_zone = local_zone or get_localzone()
        settings = store.state.settings
        self.bookmarks: set[str] = set(store.state.bookmarks)
        self.notes: dict[str, str] = dict(store.state.notes)
        self.display_zone = settings.display_zone
        self.show_breaks = settings.show_breaks
        self.reminded: set[str] = set()
        self.session_filter = SessionFilter()
        self._on_now: set[str] = set()
        self.saver = StateSaver(self)
        self.title = shown(agenda.conference.title)
        if settings.theme and settings.theme in self.available_themes:
            self.theme = settings.theme

    # -- what the views ask of the app ---------------------------------------

    def get_default_screen(self) -> AgendaScreen:
        return AgendaScreen()

    @property
    def main(self) -> AgendaScreen:
        return self.screen_stack[0]

    @property
    def display_zone_info(self) -> tzinfo:
        return self.local_zone if self.display_zone is DisplayZone.LOCAL else self.agenda.zone

    def now(self) -> datetime:
        return self.clock.now().astimezone(self.agenda.zone)

    def describe_session(self, session: Session) -> Text:
        bookmarked = session.id in self.bookmarks
        clashes = []
        if bookmarked:
            mine = [self.agenda.sessions_by_id[i] for i in self.bookmarks if i in self.agenda.sessions_by_id]
            clashes = conflicts(mine).get(session.id, [])
        return session_detail(self.agenda, session, event_zone=self.agenda.zone,
                              local_zone=self.local_zone, bookmarked=bookmarked,
                              note=self.notes.get(session.id, ""), conflicts=clashes)

    def describe_speaker(self, speaker: Speaker, with_sessions: bool = True) -> Text:
        return speaker_detail(self.agenda, speaker, self.display_zone_info, with_sessions)

    # -- start-up and the clock ----------------------------------------------

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._show_state_news()
        self.update_clock()
        self.set_interval(REMINDER_CHECK_SECONDS, self.tick)
        self.check_reminders()
        if self.owns_process and not self.is_headless:
            self._watch_terminal()

    def _watch_terminal(self) -> None:
        """Save and end when the terminal goes away (see terminal_watch)."""
        descriptor = terminal_watch.terminal_fd()
        if descriptor is None:
            return

        def gone(number: int = signal.SIGHUP) -> None:
            terminal_watch.end_process(self.saver.wait, number)

        terminal_watch.on_hang_up(gone)
        self.set_interval(terminal_watch.CHECK_SECONDS,
                          lambda: gone() if terminal_watch.terminal_gone(descriptor) else None)

    def on_ready(self) -> None:
        """After the first frame: its thread would otherwise compete with drawing it."""
        self.look_for_changes()
        if self.owns_process:
            # Once the start-up is over, what it made lives as long as the app: keep
            # it out of the garbage collector's full passes, which otherwise fall on a
            # keystroke now and then (20-40 ms with a large agenda). Not in a process
            # that runs many apps (the tests), where it would keep their garbage.
            self.set_timer(STARTED_SECONDS, long_lived_from_now)

    @work(thread=True, exclusive=True, group="changes")
    def look_for_changes(self) -> None:
        """Compare the agenda with the copy the user last saw (reading it can take a moment)."""
        diff = self.store.changes_since_seen(self.agenda)
        if diff is None:  # the first look at this agenda: nothing to report
            self.saver.submit(lambda: self.store.mark_seen(self.agenda))
            return
        changes = changes_for_people(diff, set(self.bookmarks))
        if changes:
            self.call_from_thread(self._announce_changes, changes)

    def _announce_changes(self, changes: list[Change]) -> None:
        self.main.show_changes(changes)
        mine = changed_sessions(changes, bookmarked_only=True)
        if mine:
            message = (f"{plural(mine, 'of your bookmarked session')} changed "
                       "since you last looked: see the Changes tab.")
        else:
            message = (f"The agenda changed since you last looked "
                       f"({plural(changed_sessions(changes), 'session')} changed): "
                       "see the Changes tab.")
        self.notify(message, title="Agenda updated", severity="warning", markup=False, timeout=20)

    def changes_seen(self) -> None:
        """Opening the Changes tab marks the changes as seen."""
        self.saver.submit(lambda: self.store.mark_seen(self.agenda))

    def first_day_number(self) -> int:
        """The day to open on: today's, during the conference; otherwise the first."""
        days = conference_days(self.agenda)
        today = self.now().date()
        return days.index(today) + 1 if today in days else 1

    def tick(self) -> None:
        self.update_clock()
        self.check_reminders()
        on_now = {s.id for s in now_and_next(self.agenda, self.now()).now}
        if on_now != self._on_now:  # move the ▶ mark to what is on now
            self._on_now = on_now
            self._refresh_views()

    def format_title(self, title: str, sub_title: str) -> Content:
        """Shorten the title rather than the clock when the terminal is narrow."""
        room = max(10, self.size.width - 22 - len(sub_title) - 3)  # 22: icon and margins
        if len(title) > room:
            title = title[: room - 1].rstrip() + "…"
        return super().format_title(title, sub_title)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if screen is not self.main:
            return
        for title, help_text, action in (
            ("Bookmark", "Add or remove the highlighted session (b, space)", self.action_toggle_bookmark),
            ("Now / next", "Go to the session on now, or the next one (n)", self.action_now),
            ("Search", "Search this day as you type (/)", self.action_search),
            ("Note", "Write a note on the highlighted session (N)", self.action_edit_note),
            ("Export", "Export your schedule: iCalendar, Markdown, JSON, CSV (e)", self.action_export),
            ("Time zone", "Show times in the event's zone or your laptop's (t)", self.action_toggle_zone),
            ("Breaks", "Hide or show breaks (h)", self.action_toggle_breaks),
            ("Filter", "Show only one room and/or track (f)", self.action_filter),
        ):
            yield SystemCommand(title, help_text, action)

    def update_clock(self) -> None:
        zone = self.display_zone_info
        now = self.now().astimezone(zone)
        self.sub_title = f"{now:%a %H:%M %Z}"

    def check_reminders(self) -> None:
        now = self.now()
        for session_id in sorted(self.bookmarks - self.reminded):
            session = self.agenda.sessions_by_id.get(session_id)
            if (session and not session.all_day
                    and utc(now) < session.start_utc <= utc(now) + REMINDER_LEAD):
                self.reminded.add(session_id)
                minutes = max(1, round((session.start_utc - utc(now)).total_seconds() / 60))
                self.notify(f"{shown(session.title)} starts in {minutes} min "
                            f"({when(session, self.display_zone_info)})",
                            title="Starting soon", markup=False, timeout=30)

    # -- actions ---------------------------------------------------------------

    def _current_session_id(self) -> str | None:
        screen = self.screen
        return getattr(screen, "current_session_id", None)

    def _refresh_views(self) -> None:
        """Refresh the tab on show; the others refresh when they are opened."""
        if (view := self.main.active_view) is not None:
            view.refresh_rows()
        if isinstance(self.screen, SessionScreen):
            self.screen.refresh_detail()

    def action_toggle_bookmark(self) -> None:
        session_id = self._current_session_id()
        if session_id is None:
            return
        bookmarked = session_id not in self.bookmarks
        if bookmarked:
            self.bookmarks.add(session_id)
        else:
            self.bookmarks.discard(session_id)
        self.saver.submit(lambda: self.store.set_bookmark(session_id, bookmarked))
        for view in self.main.query(".session-view"):
            view.set_star(session_id, bookmarked)
        if isinstance(self.screen, SessionScreen):
            self.screen.refresh_detail()

    def action_search(self) -> None:
        if self.screen is not self.main:
            return
        if not self.main.on_a_day_tab:
            self.main.show_tab(self.main.last_day_tab)
        self.main.with_active_view(lambda view: view.open_search())

    def action_day(self, number: int) -> None:
        if self.screen is self.main and number <= len(conference_days(self.agenda)):
            self.main.show_tab(day_tab_id(number))

    def _now_or_next(self) -> tuple[Session | None, bool]:
        """The session on now (a talk rather than a break), else the next; and whether it is on."""
        answer = now_and_next(self.agenda, self.now())
        on_now = [s for s in answer.now if not s.is_break] or answer.now
        if on_now:
            return on_now[0], True
        return (answer.next[0], False) if answer.next else (None, False)

    def now_or_next_id(self) -> str | None:
        return session.id if (session := self._now_or_next()[0]) else None

    def action_now(self) -> None:
        target, on = self._now_or_next()
        if target is None:
            self.notify("The conference is over.", title="Now")
            return
        label = "On now" if on else "Next"
        self.go_to_session(target.id)
        self.notify(f"{label}: {shown(target.title)} ({when(target, self.display_zone_info)})",
                    title="Now / next", markup=False)

    def action_toggle_zone(self) -> None:
        self.display_zone = (DisplayZone.EVENT if self.display_zone is DisplayZone.LOCAL
                             else DisplayZone.LOCAL)
        self.saver.submit(lambda zone=self.display_zone: self.store.update_settings(display_zone=zone))
        self.update_clock()
        self._refresh_views()
        whose = "your laptop's" if self.display_zone is DisplayZone.LOCAL else "the event's"
        self.notify(f"Times are now shown in {self.display_zone_info} ({whose} zone)",
                    title="Time zone", markup=False)

    def action_toggle_breaks(self) -> None:
        self.show_breaks = not self.show_breaks
        self.saver.submit(lambda shown=self.show_breaks: self.store.update_settings(show_breaks=shown))
        self._refresh_views()

    def action_filter(self) -> None:
        if self.screen is not self.main:
            return
        from agenda_tui.tui.screens.filter_screen import FilterScreen

        def chosen(new_filter: SessionFilter | None) -> None:
            if new_filter is not None:
                self.session_filter = new_filter
                self._refresh_views()

        self.push_screen(FilterScreen(self.agenda, self.session_filter), chosen)

    def action_edit_note(self) -> None:
        session_id = self._current_session_id()
        if session_id is None or session_id not in self.agenda.sessions_by_id:
            return
        session = self.agenda.sessions_by_id[session_id]
        from agenda_tui.tui.screens.note_screen import NoteScreen

        def save(text: str | None) -> None:
            if text is None:
                return
            if text.strip():
                self.notes[session_id] = text
            else:
                self.notes.pop(session_id, None)
            self.saver.submit(lambda: self.store.set_note(session_id, text))
            self._refresh_views()

        self.push_screen(NoteScreen(session.title, self.notes.get(session_id, "")), save)

    def action_export(self) -> None:
        if self.screen is not self.main:
            return
        from agenda_tui.tui.screens.export_screen import ExportScreen

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self.run_export(request)

        self.push_screen(ExportScreen(len(self.bookmarks & set(self.agenda.sessions_by_id))), chosen)

    @work(exclusive=True, group="export")
    async def run_export(self, request: ExportRequest) -> None:
        """Write the export on the saver's thread, after every bookmark change before it."""
        from agenda_tui.export import export_to_file

        now = self.clock.now()
        try:
            outcome = await asyncio.wrap_future(self.saver.submit(
                lambda: export_to_file(self.agenda, self.store, request, now=now)))
        except AgendaError as error:
            self.notify(str(error), title="Export failed", severity="error", markup=False, timeout=15)
            return
        except (OSError, ValueError, OverflowError) as error:  # never the end of the app
            self.notify(f"Could not export: {reason(error)}", title="Export failed",
                        severity="error", markup=False, timeout=15)
            return
        if outcome.message:
            self.notify(outcome.message, title="Export", markup=False)
        what = plural(outcome.count, "session")
        if outcome.cancelled:
            what += f" and {plural(outcome.cancelled, 'cancellation')}"
        self.notify(f"Wrote {what} to {outcome.path}", title="Export",
                    markup=False, timeout=15)

    def action_toggle_help(self) -> None:
        from textual.widgets import HelpPanel

        if self.screen.query(HelpPanel):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    # -- navigation ------------------------------------------------------------

    def open_session(self, session_id: str) -> None:
        if session := self.agenda.sessions_by_id.get(session_id):
            self.push_screen(SessionScreen(session))

    def open_speaker(self, speaker_id: str) -> None:
        if speaker := self.agenda.speakers_by_id.get(speaker_id):
            from agenda_tui.tui.screens.speaker_screen import SpeakerScreen

            self.push_screen(SpeakerScreen(speaker),
                             lambda chosen: self.go_to_session(chosen) if chosen else None)

    def go_to_session(self, session_id: str) -> None:
        session = self.agenda.sessions_by_id.get(session_id)
        if session is None:
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        number = conference_days(self.agenda).index(session.conference_day) + 1
        self.main.show_tab(day_tab_id(number))
        self.call_after_refresh(self.main.with_active_view,
                                lambda view: view.select_session(session_id))

    # -- saving ----------------------------------------------------------------

    def _remember_theme(self, theme) -> None:
        self.saver.submit(lambda: self.store.update_settings(theme=theme.name))

    def _show_state_news(self) -> None:
        """The store's warnings, once each; and why changes are not saved, while it holds."""
        for warning in self.store.take_warnings():
            self.notify(warning, title="State", severity="warning", markup=False, timeout=15)
        self.main.unsaved_reason = self.store.unsaved_reason

    def on_state_saved(self, message: StateSaved) -> None:
        self._show_state_news()
        if self.saver.pending == 0:
            # Pick up what another running instance saved meanwhile.
            state = self.store.state
            if set(state.bookmarks) != self.bookmarks or state.notes != self.notes:
                self.bookmarks = set(state.bookmarks)
                self.notes = dict(state.notes)
                self._refresh_views()

    async def on_unmount(self) -> None:
        await self.saver.drain()
        self.saver.close()


def make_app(agenda: Agenda, store: StateFile, clock: Clock,
             local_zone: tzinfo | None = None, *, owns_process: bool = False) -> AgendaApp:
    """The one factory for the CLI, the tests and the screenshots. `owns_process`: the
    app is the program (the CLI), not one of many apps in a process."""
    return AgendaApp(agenda, store, clock, local_zone, owns_process=owns_process)
