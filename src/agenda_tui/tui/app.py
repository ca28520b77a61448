"""AgendaApp: what is app-wide. The agenda, the user's state file and the clock; the
user's bookmarks, notes and display settings, handed down to the screens; saving,
reminders, the changes found at start-up, the theme and the terminal going away.

The main screen (screens/agenda_screen.py) owns its tabs and the keys that act on them.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import signal
import threading
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, tzinfo
from functools import partial
from types import MappingProxyType
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import Input
from tzlocal import get_localzone

from agenda_tui.clock import Clock
from agenda_tui.collector import long_lived_from_now
from agenda_tui.errors import AgendaError
from agenda_tui.files import reason
from agenda_tui.formatting import hidden_summary, plural
from agenda_tui.model import Agenda, Session
from agenda_tui.paths import settings_path
from agenda_tui.reminders import (
    LeadTimes,
    Reminder,
    lead_label,
    lead_times,
    next_lead,
    next_session_lead,
    reminder_notice,
    reminders_due,
)
from agenda_tui.schedule import Hidden
from agenda_tui.settings_file import DEFAULT_REMINDER_MINUTES, SettingsFile
from agenda_tui.state_file import StateFile
from agenda_tui.state_model import DisplayZone
from agenda_tui.text import copyable_link, shown
from agenda_tui.tui import messages, terminal_watch
from agenda_tui.tui.commands import AgendaCommands
from agenda_tui.tui.key_order import KeysInOrder
from agenda_tui.tui.saver import StateSaved, StateSaver
from agenda_tui.tui.screens.agenda_screen import AgendaScreen
from agenda_tui.tui.textual_private import (
    divide_strips_without_self_reference,
    no_layout_for_virtual_sizes,
    switch_base_screen,
)

if TYPE_CHECKING:
    from agenda_tui.agenda_source import SourceRecord
    from agenda_tui.diff import AgendaDiff, Change
    from agenda_tui.export import ExportRequest
    from agenda_tui.fetch import FetchLimits
    from agenda_tui.refresh import RefreshNews

# What the first frame does without is imported where it is first used: the screens that
# open on demand, refreshing and what changed since the user last looked (both come after
# the first frame). Start-up does not pay for them.


STARTED_SECONDS = 1.0  # after the first frame, when the tabs behind it have been mounted
REMINDER_CHECK_SECONDS = 15
MINUTE_MARGIN_SECONDS = 0.05  # a tick just after the minute begins sees the new minute


def seconds_to_next_tick(now: datetime) -> float:
    """Tick every REMINDER_CHECK_SECONDS, and just after each minute begins: sessions
    start on the minute, and `now` (the ▶ mark, `n`) must not lag behind one."""
    into_minute = now.second + now.microsecond / 1e6
    return min(REMINDER_CHECK_SECONDS, 60 + MINUTE_MARGIN_SECONDS - into_minute)


class AgendaApp(KeysInOrder, App[None]):
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {AgendaCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]
    BINDINGS = [
        # In the help panel and the command palette, not the footer, which 80 columns fill.
        Binding("t", "toggle_zone", "Time zone", show=False, id="toggle-zone",
                tooltip="Show times in the event's zone or your laptop's"),
        Binding("h", "toggle_breaks", "Breaks", show=False, id="toggle-breaks",
                tooltip="Hide or show breaks"),
        Binding("p", "toggle_past", "Past sessions", show=False, id="toggle-past",
                tooltip="Hide or show the sessions that have ended in My schedule"),
        Binding("L", "cycle_default_reminder", "Reminders", show=False, key_display="L",
                id="cycle-default-reminder",
                tooltip="Reminders of bookmarks, at every conference: 5, 10, 15 min before, off"),
        Binding("r", "refresh", "Refresh", show=False, id="refresh",
                tooltip="Fetch the schedule again from its URL"),
        Binding("question_mark", "toggle_help", "Help", key_display="?", id="help"),
        # Bound only while the help panel shows (check_action), before the focused
        # widget's escape (the day view's, which clears its search): else it is theirs.
        Binding("escape", "close_help", "Close help", show=False, priority=True, id="close-help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    # The user's state as every screen shows it: the one copy in memory. Each change
    # replaces the value (never changes it in place) and is saved by the StateSaver; the
    # screens get it through data_bind.
    bookmarks: var[frozenset[str]] = var(frozenset(), init=False)
    notes: var[Mapping[str, str]] = var(MappingProxyType({}), init=False)
    display_zone: var[DisplayZone] = var(DisplayZone.EVENT, init=False)
    zone: var[tzinfo] = var(UTC, init=False)  # what display_zone means
    show_breaks: var[bool] = var(True, init=False)
    show_past: var[bool] = var(True, init=False)
    now: var[datetime] = var(datetime(2000, 1, 1, tzinfo=UTC), init=False)  # moved by tick()
    lead_times: var[LeadTimes] = var(LeadTimes(DEFAULT_REMINDER_MINUTES), init=False)
    # The rooms and tracks hidden from the day tables and `n` (never from the bookmarks).
    hidden: var[Hidden] = var(Hidden(), init=False)
    # Bookmarked sessions gone from the agenda, as the user last saw them (found just
    # after start-up, with the changes): My schedule shows them struck through.
    gone_bookmarks: var[Mapping[str, Session]] = var(MappingProxyType({}), init=False)
    # The days shown as a timeline grid rather than a table (g), and My schedule as one.
    grid_days: var[frozenset[date]] = var(frozenset(), init=False)
    my_schedule_grid: var[bool] = var(False, init=False)

    def __init__(self, agenda: Agenda, store: StateFile, clock: Clock,
                 local_zone: tzinfo | None = None, *, settings_file: SettingsFile | None = None,
                 owns_process: bool = False, source: SourceRecord | None = None,
                 offline: bool = False, fetch_limits: FetchLimits | None = None):
        super().__init__()
        divide_strips_without_self_reference()
        no_layout_for_virtual_sizes()
        self.owns_process = owns_process
        self.agenda = agenda
        self.store = store
        self.settings_file = settings_file or SettingsFile.in_memory()
        self.clock = clock
        self.local_zone = local_zone or get_localzone()
        settings = store.state.settings
        self.set_reactive(AgendaApp.bookmarks, frozenset(store.state.bookmarks))
        self.set_reactive(AgendaApp.notes, MappingProxyType(dict(store.state.notes)))
        self.set_reactive(AgendaApp.display_zone, settings.display_zone)
        self.set_reactive(AgendaApp.zone, self._zone_of(settings.display_zone))
        self.set_reactive(AgendaApp.show_breaks, settings.show_breaks)
        self.set_reactive(AgendaApp.show_past, settings.show_past)
        self.set_reactive(AgendaApp.now, self._clock_now())
        self.set_reactive(AgendaApp.hidden, Hidden(frozenset(store.state.hidden.rooms),
                                                   frozenset(store.state.hidden.tracks)))
        self.set_reactive(AgendaApp.grid_days, frozenset(store.state.grid_days))
        self.set_reactive(AgendaApp.my_schedule_grid, settings.my_schedule_grid)
        # Reminders: the default for every conference (the settings file), and which were
        # shown, by session, with the start they were for (saved in the state).
        self.global_lead = self.settings_file.settings.reminder_minutes
        self.set_reactive(AgendaApp.lead_times, self._lead_times())
        self.reminded: Mapping[str, datetime] = MappingProxyType(dict(store.state.reminded))
        self.saver = StateSaver(self)
        # The agenda's URL and the copy held (None: not installed from a URL), and how
        # it is refreshed (refresh.py): `r`, and during the conference every few minutes.
        self.source = source
        self.offline = offline or self.settings_file.settings.offline
        self.fetch_limits = fetch_limits  # None: refresh's own
        self._refreshing = False
        self._may_refresh = False  # once the changes since last seen are found (look_for_changes)
        self._last_refresh: datetime | None = None  # by the app's clock
        self._failure_shown = False  # a background refresh's failure is shown once, until one works
        self._refreshed_changes: tuple[Change, ...] = ()  # for the screen of a refreshed agenda
        self.title = shown(agenda.conference.title)
        if settings.theme and settings.theme in self.available_themes:
            self.theme = settings.theme

    def get_default_screen(self) -> AgendaScreen:
        return self._main_screen()

    def _main_screen(self, open_tab: str | None = None, open_session: str | None = None,
                     changes: tuple[Change, ...] = (), search: str = "",
                     grid_zoom: int | None = None) -> AgendaScreen:
        width = self.size.width
        layout_class = [name for edge, name in self.HORIZONTAL_BREAKPOINTS if width >= edge][-1:]
        return AgendaScreen(
            self.agenda, local_zone=self.local_zone, bookmarks=self.bookmarks, notes=self.notes,
            zone=self.zone, now=self.now, show_breaks=self.show_breaks, show_past=self.show_past,
            hidden=self.hidden, horizontal_class=layout_class[0] if layout_class else None,
            open_tab=open_tab, open_session=open_session, changes=changes, search=search,
            **({} if grid_zoom is None else {"grid_zoom": grid_zoom}),
            grid_days=self.grid_days, my_schedule_grid=self.my_schedule_grid,
        ).data_bind(AgendaApp.bookmarks, AgendaApp.notes, AgendaApp.zone, AgendaApp.now,
                    AgendaApp.show_breaks, AgendaApp.show_past, AgendaApp.lead_times, AgendaApp.hidden,
                    AgendaApp.gone_bookmarks, AgendaApp.grid_days, AgendaApp.my_schedule_grid)

    @property
    def main(self) -> AgendaScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, AgendaScreen)
        return screen

    def _zone_of(self, display_zone: DisplayZone) -> tzinfo:
        return self.local_zone if display_zone is DisplayZone.LOCAL else self.agenda.zone

    def _clock_now(self) -> datetime:
        return self.clock.now().astimezone(self.agenda.zone)

    # -- start-up and the clock ----------------------------------------------

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self._show_state_news()
        self.update_clock()
        self._tick_on_time()
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
        self.look_for_changes()  # then refresh_when_due
        if self.owns_process:
            # Once the start-up is over, what it made lives as long as the app: keep
            # it out of the garbage collector's full passes, which otherwise fall on a
            # keystroke now and then. Not in a process that runs many apps (the tests),
            # where it would keep their garbage.
            self.set_timer(STARTED_SECONDS, long_lived_from_now)

    @work(thread=True, exclusive=True, group="changes")
    def look_for_changes(self) -> None:
        """Compare the agenda with the copy the user last saw (reading it can take a moment),
        and find there the bookmarked sessions the agenda no longer has."""
        from agenda_tui.diff import changes_for_people

        agenda = self.agenda
        diff = self.store.changes_since_seen(agenda)
        gone = self.store.gone_bookmarks(agenda)
        if gone:
            self.call_from_thread(self._show_gone_bookmarks, gone)
        if diff is None:  # the first look at this agenda: nothing to report
            self.saver.submit(lambda: self.store.mark_seen(agenda))
        elif changes := changes_for_people(diff, set(self.bookmarks)):
            self.call_from_thread(self._announce_changes, changes)
        self.call_from_thread(self._changes_looked_for)

    def _changes_looked_for(self) -> None:
        """Refreshes start now, not before: a refresh finds the changes since last seen
        anew, and its news must not cross these."""
        self._may_refresh = True
        self.refresh_when_due()

    def _show_gone_bookmarks(self, gone: dict[str, Session]) -> None:
        self.gone_bookmarks = MappingProxyType(gone)

    def _announce_changes(self, changes: list[Change]) -> None:
        from agenda_tui.diff import changed_sessions

        self.main.changes = tuple(changes)
        mine = changed_sessions(changes, bookmarked_only=True)
        if mine:
            message = (f"{_bookmarks_changed(mine)} "
                       "since you last looked: see the Changes tab.")
        else:
            message = (f"The agenda changed since you last looked "
                       f"({plural(changed_sessions(changes), 'session')} changed): "
                       "see the Changes tab.")
        self.notify(message, title="Agenda updated", severity="warning", markup=False, timeout=20)

    def on_changes_seen(self, message: messages.ChangesSeen) -> None:
        """Opening the Changes tab marks the changes as seen."""
        self.saver.submit(lambda: self.store.mark_seen(self.agenda))

    def tick(self) -> None:
        self.now = self._clock_now()
        self.update_clock()
        self.check_reminders()
        self.refresh_when_due()
        if self._refreshed_agenda_waits:
            self._show_refreshed_agenda()

    def _tick_on_time(self) -> None:
        self.set_timer(seconds_to_next_tick(self.now), self._timed_tick)

    def _timed_tick(self) -> None:
        self.tick()
        self._tick_on_time()

    def format_title(self, title: str, sub_title: str) -> Content:
        """Shorten the title rather than the clock when the terminal is narrow."""
        room = max(10, self.size.width - 22 - len(sub_title) - 3)  # 22: icon and margins
        if len(title) > room:
            title = title[: room - 1].rstrip() + "…"
        return super().format_title(title, sub_title)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own, then the keys of the main screen and the app, as they are bound."""
        yield from super().get_system_commands(screen)
        if screen is not self.main:
            return
        for node, bindings in ((screen, AgendaScreen.BINDINGS), (self, self.BINDINGS)):
            for binding in bindings:
                if isinstance(binding, Binding) and binding.tooltip:
                    keys = ", ".join(binding.key_display or key for key in binding.key.split(","))
                    yield SystemCommand(binding.description, f"{binding.tooltip} ({keys})",
                                        partial(node.run_action, binding.action))

    def update_clock(self) -> None:
        now = self.now.astimezone(self.zone)
        self.sub_title = f"{now:%a %H:%M %Z}{self._schedule_age(now)}"

    def _schedule_age(self, now: datetime) -> str:
        """How old the copy of a schedule that has a URL is: " · schedule of 10:42"."""
        if self.source is None or self.source.fetched_at is None:
            return ""
        fetched = self.source.fetched_at.astimezone(self.zone)
        if fetched.date() == now.date():
            return f" · schedule of {fetched:%H:%M}"
        year = "" if fetched.year == now.year else f" {fetched.year}"
        return f" · schedule of {fetched.day} {fetched:%b}{year} {fetched:%H:%M}"

    # -- refreshing a schedule that has a URL ------------------------------------

    def refresh_when_due(self) -> None:
        """During the conference (a day either side), every `refresh_minutes` of the
        settings, from start-up on; never offline, never for an agenda without a URL."""
        if self.source is None or self.offline or not self._may_refresh or self._refreshing:
            return
        from agenda_tui.refresh import auto_refresh_due  # after the first frame: not on the start path

        minutes = self.settings_file.settings.refresh_minutes
        if auto_refresh_due(self.agenda, self.now, self._last_refresh, minutes):
            self._start_refresh(manual=False)

    def action_refresh(self) -> None:
        """`r`: refresh now, whatever the day."""
        if self.source is None:
            self.notify("This agenda was not imported from a URL, so there is nothing to refresh it "
                        "from: import it with `agenda-tui import URL --install`.",
                        title="Refresh", markup=False)
        elif self.offline:
            self.notify("Offline (--offline, or offline = true in the settings): not refreshed.",
                        title="Refresh", markup=False)
        elif self._refreshing:
            self.notify("Already fetching the schedule.", title="Refresh")
        else:
            from agenda_tui.fetch import shown_url

            self.notify(f"Fetching {shown_url(self.source.url)}", title="Refresh", markup=False, timeout=3)
            self._start_refresh(manual=True)

    def _start_refresh(self, *, manual: bool) -> None:
        assert self.source is not None
        self._refreshing = True
        self._last_refresh = self.now
        self.fetch_schedule(self.source, manual)

    @work(group="refresh", exit_on_error=False)
    async def fetch_schedule(self, source: SourceRecord, manual: bool) -> None:
        """Fetch on a daemon thread, never waited for when the app ends (a fetch can take
        until its deadline); then, on the UI's thread, show what came of it."""
        conference_id = self.agenda.conference.id
        future: concurrent.futures.Future[RefreshNews] = concurrent.futures.Future()

        def run() -> None:
            try:
                news = self._refresh_installed(conference_id, source, frozenset(bookmarks))
            except BaseException as error:
                with contextlib.suppress(concurrent.futures.InvalidStateError):  # the app has ended
                    future.set_exception(error)
            else:
                with contextlib.suppress(concurrent.futures.InvalidStateError):
                    future.set_result(news)

        bookmarks = self.bookmarks
        threading.Thread(target=run, daemon=True, name="agenda-tui-refresh").start()
        try:
            news = await asyncio.wrap_future(future)
        except AgendaError as error:
            self._refresh_failed(error.lines()[0], manual)
        except Exception as error:  # never the end of the app, nor of the refreshes
            self._refresh_failed(f"{conference_id}: {reason(error)}", manual)
        else:
            self._refreshed(news, manual)
        finally:
            self._refreshing = False

    def _refresh_installed(self, conference_id: str, source: SourceRecord,
                           bookmarks: frozenset[str]) -> RefreshNews:
        """Off the UI's thread: fetch, and if the copy changed, install it and find what
        changed since the user last looked (as `look_for_changes` does at start-up)."""
        from agenda_tui.diff import changes_for_people, diff_agendas
        from agenda_tui.refresh import RefreshNews, refresh_installed

        # When it was fetched is the real time, kept in the record: not the pretended `--at`.
        outcome = refresh_installed(conference_id, now=datetime.now(UTC), limits=self.fetch_limits,
                                    known_hash=source.body_hash)
        if outcome.agenda is None:
            return RefreshNews(outcome)
        since_seen = self.store.changes_since_seen(outcome.agenda)
        changes = tuple(changes_for_people(since_seen, set(bookmarks))) if since_seen else ()
        return RefreshNews(outcome, diff_agendas(self.agenda, outcome.agenda), changes,
                           self.store.gone_bookmarks(outcome.agenda))

    def _refresh_failed(self, why: str, manual: bool) -> None:
        from agenda_tui.fetch import shown_url

        # Short, in a toast: which agenda and where from go without saying here.
        why = why.removeprefix(f"{self.agenda.conference.id}: ")
        if self.source is not None:
            why = why.removeprefix(f"{shown_url(self.source.url)}: ")
        why = why[:1].upper() + why[1:]
        if manual or not self._failure_shown:
            self._failure_shown = True
            self.notify(why, title="Refresh failed: your copy is kept", severity="warning",
                        markup=False, timeout=10)

    def _refreshed(self, news: RefreshNews, manual: bool) -> None:
        outcome = news.outcome
        self._failure_shown = False
        self.source = outcome.record
        from agenda_tui.formats._common import SkipWarning

        skipped = sum(isinstance(warning, SkipWarning) for warning in outcome.warnings)
        if skipped:  # each with its place: `agenda-tui update` lists them
            self.notify(f"{plural(skipped, 'event')} of the new copy could not be read and "
                        f"{'was' if skipped == 1 else 'were'} left out.", title="Refresh",
                        severity="warning", markup=False, timeout=15)
        for warning in outcome.warnings:
            if not isinstance(warning, SkipWarning):
                self.notify(warning, title="Refresh", severity="warning", markup=False, timeout=15)
        self.update_clock()
        if outcome.agenda is None:
            if manual:
                self.notify("The schedule is unchanged.", title="Refresh", markup=False)
            return
        self.agenda = outcome.agenda
        self.gone_bookmarks = MappingProxyType(news.gone)
        self._refreshed_changes = news.changes
        self._show_refreshed_agenda()
        self._announce_refresh(news.changed, manual)

    def _announce_refresh(self, diff: AgendaDiff, manual: bool) -> None:
        """One notification, counting the changes to the user's bookmarks; the other
        changes are in the Changes tab, and announced only when asked for (`r`)."""
        mine = len(diff.changed_ids() & self.bookmarks)
        if mine:
            self.notify(f"{_bookmarks_changed(mine)}: see the Changes tab.",
                        title="Schedule updated", severity="warning", markup=False, timeout=20)
        elif manual:
            changed = len(diff.changed_ids())
            self.notify(f"{plural(changed, 'session')} changed, none of them bookmarked: see the "
                        "Changes tab." if changed else "Updated; no session changed.",
                        title="Schedule updated", markup=False)

    def _screen_changed(self, screen: Screen[object]) -> None:
        if self._refreshed_agenda_waits:
            self.call_after_refresh(self._show_refreshed_agenda)

    @property
    def _refreshed_agenda_waits(self) -> bool:
        """A refreshed agenda not on the main screen yet (a screen was open over it)."""
        return bool(self.screen_stack) and self.main.agenda is not self.agenda

    def _show_refreshed_agenda(self) -> None:
        """Replace the main screen with one of the refreshed agenda, where the user was;
        not while a screen is open over it or something is being typed: later, then."""
        main = self.main
        if not self._refreshed_agenda_waits or len(self.screen_stack) > 1 or isinstance(self.focused, Input):
            return
        self.title = shown(self.agenda.conference.title)
        switch_base_screen(self, self._main_screen(main.tabs.active, main.current_session_id,
                                                   self._refreshed_changes, main.search_text,
                                                   main.grid_zoom))

    # -- reminders -------------------------------------------------------------

    def check_reminders(self) -> None:
        """Show the reminders due now, once, in one notification. At start-up and after
        the laptop slept (the tick sees the clock jump) that includes those missed
        meanwhile whose sessions have not ended (`reminders.reminders_due`)."""
        now = self.now
        due = reminders_due(self.agenda, self.bookmarks, self.lead_times, self.reminded, now)
        if not due:
            return
        self._record_reminders(due)
        title, text = reminder_notice(due, now, self.zone)
        self.notify(text, title=title, markup=False, timeout=30)

    def _record_reminders(self, shown: list[Reminder]) -> None:
        """Remember these reminders as shown, here and in the state file."""
        if not shown:
            return
        now = self.now
        self.reminded = MappingProxyType(
            {**self.reminded, **{reminder.session.id: reminder.session.start_utc for reminder in shown}})
        self.saver.submit(lambda: self.store.mark_reminded(self.agenda, shown, now))

    def _lead_times(self) -> LeadTimes:
        state = self.store.state
        return lead_times(self.global_lead, state.settings.reminder_minutes, state.reminders)

    def on_cycle_reminder(self, message: messages.CycleReminder) -> None:
        """`l`: the session's own lead time steps 5, 10, 15 min, off, the default."""
        session_id = message.session_id
        session = self.agenda.sessions_by_id.get(session_id)
        if session is None:
            return
        if session.all_day:
            self.notify("All-day sessions have no reminder.", title="Reminder", markup=False)
            return
        minutes = next_session_lead(self.lead_times.per_session.get(session_id))
        per_session = {key: value for key, value in self.lead_times.per_session.items()
                       if key != session_id}
        if minutes is not None:
            per_session[session_id] = minutes
        self.lead_times = LeadTimes(self.lead_times.default, per_session)
        self.saver.submit(lambda: self.store.set_session_reminder(session_id, minutes))
        if minutes is None:
            what = f"the default ({lead_label(self.lead_times.default)})"
        else:
            what = lead_label(minutes)
        if session_id not in self.bookmarks:
            what += "; bookmark it to be reminded"
        self.notify(f"{shown(session.title)}: {what}", title="Reminder", markup=False)
        self.check_reminders()

    def action_cycle_default_reminder(self) -> None:
        """`L`: the default lead time of every conference, in the settings file."""
        minutes = self.global_lead = next_lead(self.global_lead)
        self.saver.submit(lambda: self.settings_file.update(reminder_minutes=minutes))
        self.lead_times = self._lead_times_with(self.global_lead)
        text = (f"Reminders {lead_label(minutes)} each bookmarked session, at every conference"
                if minutes else "No reminders, at any conference")
        if (own := self.store.state.settings.reminder_minutes) is not None:
            text += f"; this conference's state sets {lead_label(own)}, which holds here"
        self.notify(text, title="Reminders", markup=False)
        self.check_reminders()

    def _lead_times_with(self, global_minutes: int) -> LeadTimes:
        return lead_times(global_minutes, self.store.state.settings.reminder_minutes,
                          self.lead_times.per_session)

    # -- the user's state: one copy, replaced on each change -------------------

    def on_toggle_bookmark(self, message: messages.ToggleBookmark) -> None:
        session_id = message.session_id
        bookmarked = session_id not in self.bookmarks
        # The durable write first: the disk's wait (fsync) runs on the saver's thread
        # while this one redraws the star, rather than after it.
        self.saver.submit(lambda: self.store.set_bookmark(session_id, bookmarked))
        self.bookmarks = self.bookmarks | {session_id} if bookmarked else self.bookmarks - {session_id}
        if bookmarked:
            # Bookmarked once its reminder's moment has passed (on now, say): the user
            # knows, and no "missed reminder" comes of it.
            self._record_reminders(reminders_due(self.agenda, {session_id}, self.lead_times,
                                                 self.reminded, self.now))

    def on_copy_link(self, message: messages.CopyLink) -> None:
        """Through the terminal (OSC 52), which cannot say whether it took it: GNOME
        Terminal and the others built on VTE, and macOS's Terminal, ignore it; tmux
        passes it on with `set-clipboard on`."""
        session = self.agenda.sessions_by_id.get(message.session_id)
        if session is None:
            return
        if (link := copyable_link(session.url)) is None:
            self.notify("This session has no link." if not (session.url or "").strip()
                        else "This session's link is not a web address (http or https) on one "
                             "line, or is too long: not copied.", title="Copy link", markup=False)
            return
        self.copy_to_clipboard(link)
        self.notify(f"{shown(link)}\n(if the terminal takes it: GNOME Terminal and macOS's "
                    "Terminal do not)", title="Link sent to the clipboard", markup=False)

    def on_write_note(self, message: messages.WriteNote) -> None:
        session_id, text = message.session_id, message.text
        notes = dict(self.notes)
        if text.strip():
            notes[session_id] = text
        else:
            notes.pop(session_id, None)
        self.notes = MappingProxyType(notes)
        self.saver.submit(lambda: self.store.set_note(session_id, text))

    def action_toggle_zone(self) -> None:
        self.display_zone = (DisplayZone.EVENT if self.display_zone is DisplayZone.LOCAL
                             else DisplayZone.LOCAL)
        display_zone = self.display_zone
        self.saver.submit(lambda: self.store.update_settings(display_zone=display_zone))
        whose = "your laptop's" if self.display_zone is DisplayZone.LOCAL else "the event's"
        self.notify(f"Times are now shown in {self.zone} ({whose} zone)",
                    title="Time zone", markup=False)

    def watch_display_zone(self, display_zone: DisplayZone) -> None:
        self.zone = self._zone_of(display_zone)
        self.update_clock()

    def action_toggle_breaks(self) -> None:
        show_breaks = self.show_breaks = not self.show_breaks
        self.saver.submit(lambda: self.store.update_settings(show_breaks=show_breaks))

    def action_toggle_past(self) -> None:
        show_past = self.show_past = not self.show_past
        self.saver.submit(lambda: self.store.update_settings(show_past=show_past))
        self.notify("Past sessions are shown in My schedule." if show_past else
                    "Past sessions are hidden in My schedule.", title="My schedule")

    def on_set_hidden(self, message: messages.SetHidden) -> None:
        hidden = message.hidden
        if hidden == self.hidden:
            return
        self.hidden = hidden
        self.saver.submit(lambda: self.store.set_hidden(sorted(hidden.rooms), sorted(hidden.tracks)))
        summary = hidden_summary(hidden, self.agenda)
        self.notify(f"{summary[:1].upper()}{summary[1:]} in the day tables: f to change, F to show all."
                    if summary else "Every room and track is shown.", title="Hidden", markup=False)

    def on_show_as_grid(self, message: messages.ShowAsGrid) -> None:
        """`g`: a day, or My schedule, as a timeline grid or as a table; remembered."""
        grid, day = message.grid, message.day
        if day is None:
            self.my_schedule_grid = grid
            self.saver.submit(lambda: self.store.update_settings(my_schedule_grid=grid))
            return
        self.grid_days = self.grid_days | {day} if grid else self.grid_days - {day}
        self.saver.submit(lambda: self.store.set_grid_day(day, grid))

    def on_export_requested(self, message: messages.ExportRequested) -> None:
        self.run_export(message.request)

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
        if self._help_shown():
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_close_help(self) -> None:
        self.action_hide_help_panel()

    def _help_shown(self) -> bool:
        from textual.widgets import HelpPanel

        # The panel is mounted on the screen itself (App.action_show_help_panel): its
        # children are looked through, not the whole screen, at each look at the keys.
        return bool(self.screen.query_children(HelpPanel))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_help":
            return self._help_shown()
        return True

    # -- screens that open on top of the main one ------------------------------

    def on_open_session(self, message: messages.OpenSession) -> None:
        from agenda_tui.tui.screens.session_screen import SessionScreen

        if session := self.agenda.sessions_by_id.get(message.session_id):
            self.push_screen(SessionScreen(
                self.agenda, session, local_zone=self.local_zone, bookmarks=self.bookmarks,
                notes=self.notes, lead_times=self.lead_times, hidden=self.hidden,
            ).data_bind(AgendaApp.bookmarks, AgendaApp.notes, AgendaApp.lead_times, AgendaApp.hidden))

    def on_open_speaker(self, message: messages.OpenSpeaker) -> None:
        self.open_speaker(message.speaker_id)

    def open_speaker(self, speaker_id: str) -> None:
        if speaker := self.agenda.speakers_by_id.get(speaker_id):
            from agenda_tui.tui.screens.speaker_screen import SpeakerScreen

            self.push_screen(SpeakerScreen(self.agenda, speaker, zone=self.zone),
                             lambda chosen: self.go_to_session(chosen) if chosen else None)

    def on_show_now(self, message: messages.ShowNow) -> None:
        """`n` on a screen over the main one: close it and go to what is on now."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.main.action_now()

    def go_to_session(self, session_id: str) -> None:
        """Close what is open over the main screen, and show the session there."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.main.go_to_session(session_id)

    # -- saving ----------------------------------------------------------------

    def _remember_theme(self, theme: Theme) -> None:
        self.saver.submit(lambda: self.store.update_settings(theme=theme.name))

    def _show_state_news(self) -> None:
        """The store's warnings, once each; and why changes are not saved, while it holds."""
        for warning in self.store.take_warnings():
            self.notify(warning, title="State", severity="warning", markup=False, timeout=15)
        for warning in self.settings_file.take_warnings():
            self.notify(warning, title="Settings", severity="warning", markup=False, timeout=15)
        if self.screen_stack:  # not once the app has closed its screens (a save that ends late)
            self.main.unsaved_reason = self.store.unsaved_reason

    def on_state_saved(self, message: StateSaved) -> None:
        self._show_state_news()
        if self.saver.pending == 0:
            # Every change made here is written: what the file holds now differs only
            # by what another running instance saved meanwhile. Take that in.
            state = self.store.state
            if frozenset(state.bookmarks) != self.bookmarks:
                self.bookmarks = frozenset(state.bookmarks)
            if state.notes != self.notes:
                self.notes = MappingProxyType(dict(state.notes))
            if state.reminded != self.reminded:
                self.reminded = MappingProxyType(dict(state.reminded))
            if (lead_times := self._lead_times()) != self.lead_times:
                self.lead_times = lead_times

    async def on_unmount(self) -> None:
        await self.saver.drain()
        self.saver.close()


def _bookmarks_changed(count: int) -> str:
    """"One of your bookmarked sessions changed", "3 of your bookmarked sessions changed"."""
    return f"{'One' if count == 1 else count} of your bookmarked sessions changed"


def make_app(agenda: Agenda, store: StateFile, clock: Clock,
             local_zone: tzinfo | None = None, *, settings_file: SettingsFile | None = None,
             owns_process: bool = False, source: SourceRecord | None = None, offline: bool = False,
             fetch_limits: FetchLimits | None = None) -> AgendaApp:
    """The one factory for the CLI, the tests and the screenshots. `owns_process`: the
    app is the program (the CLI), not one of many apps in a process. The settings shared
    by every conference are read from `paths.settings_path()` unless given."""
    if settings_file is None:
        settings_file = SettingsFile(settings_path())
    return AgendaApp(agenda, store, clock, local_zone, settings_file=settings_file,
                     owns_process=owns_process, source=source, offline=offline,
                     fetch_limits=fetch_limits)
