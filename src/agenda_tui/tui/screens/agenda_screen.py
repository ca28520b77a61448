"""The main screen: day tabs, My schedule, Speakers, About and Changes.

It owns the keys that act on its tabs (search, hiding rooms and tracks, export, day N,
now, bookmark and note on the highlighted session) and the state its tabs draw: what
comes down from the App (bookmarks, notes, zone, now, breaks, what is hidden), passed to
each view with `data_bind`. What the user does in a view comes up as a message (tui/messages.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, tzinfo
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.lazy import Lazy
from textual.reactive import Reactive, var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header, Input, Static, Tab, TabPane, Tabs

from agenda_tui.formatting import day_label, when
from agenda_tui.grid_layout import DEFAULT_ZOOM
from agenda_tui.model import Agenda, Session
from agenda_tui.reminders import LeadTimes
from agenda_tui.schedule import (
    Hidden,
    conference_days,
    day_at,
    room_positions,
    rooms,
    session_to_go_to,
    sessions_by_day,
)
from agenda_tui.settings_file import DEFAULT_REMINDER_MINUTES
from agenda_tui.text import shown
from agenda_tui.tui import messages
from agenda_tui.tui.backdrop import Backdrop, BackdropPane, BackdropSwitcher
from agenda_tui.tui.tabs import SessionsTab, TabView
from agenda_tui.tui.textual_private import binding_as, use_reflow_map_compositor
from agenda_tui.tui.widgets.day_grid import DayGrid
from agenda_tui.tui.widgets.day_tab import DayTab
from agenda_tui.tui.widgets.footer import KeysFooter
from agenda_tui.tui.widgets.session_detail_tab import NO_NOTES
from agenda_tui.tui.widgets.tab_bar import TabBar

if TYPE_CHECKING:
    from agenda_tui.diff import Change
    from agenda_tui.export import ExportRequest

NOW_TAB = "now"
MY_SCHEDULE_TAB = "my-schedule"
SPEAKERS_TAB = "speakers"
ABOUT_TAB = "about"
CHANGES_TAB = "changes"


DAYS_PANE = "days-pane"  # the pane of every day tab: they share one view
# The tabs after the days', with their titles.
OTHER_TABS = {NOW_TAB: "Now", MY_SCHEDULE_TAB: "My schedule", SPEAKERS_TAB: "Speakers", ABOUT_TAB: "About",
              CHANGES_TAB: "Changes"}


# The actions of the keys that act on the highlighted session.
ON_THE_HIGHLIGHTED_SESSION = frozenset({"toggle_bookmark", "edit_note", "cycle_reminder", "hide_room",
                                        "only_room", "copy_link"})


def day_tab_id(number: int) -> str:
    return f"day-{number}"


# Where a view is laid out ahead (TabView.ReadyAhead): lines below the top of its place.
BELOW_ANY_SCREEN = 10_000


def pane_id(tab_id: str) -> str:
    """The pane a tab shows: every day's tab shows the one view of the days."""
    return DAYS_PANE if tab_id.startswith("day-") else f"{tab_id}-pane"


class AgendaScreen(Backdrop, Screen[None]):
    AUTO_FOCUS = ""  # on_mount focuses the table: one focus change (and footer redraw), not two
    # Textual repaints the whole screen at each change of focus. Only the widgets whose
    # focus changed look different, and they are repainted anyway (Textual repaints a
    # widget as it gains or loses the focus; restyles it, but for the day tables and
    # grids, which draw their cursor for the focus they have).
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    BINDINGS = [
        Binding("b,space", "toggle_bookmark", "Bookmark", id="toggle-bookmark",
                tooltip="Add or remove the highlighted session"),
        # A priority binding: handled as the key arrives, before the keys typed after it
        # are sent on to the widget with the focus, which is by then the search box.
        Binding("slash", "search", "Search", key_display="/", id="search", priority=True,
                tooltip="Search every day as you type: this day's matches first"),
        # Enter in a day's search box, handled as it arrives (as `/` is): the keys typed
        # just after it go to the results, not into the box.
        Binding("enter", "leave_search", "To the results", show=False, priority=True),
        Binding("n", "now", "Now/next", id="now", tooltip="Go to the session on now, or the next one"),
        Binding("g", "toggle_grid", "Grid", show=False, id="toggle-grid",
                tooltip="This day as a timeline grid of rooms, or as a table; My schedule as a timeline"),
        Binding("w", "show_now_view", "Now in every room", show=False, id="show-now-view",
                tooltip="The Now tab: every room's session on now and its next one"),
        Binding("N", "edit_note", "Note", key_display="N", id="edit-note",
                tooltip="Write a note on the highlighted session"),
        # In the help panel and the command palette, not the footer, which 80 columns fill.
        Binding("f", "filter", "Filter", show=False, id="filter",
                tooltip="Choose the rooms and tracks the day tables show"),
        Binding("x", "hide_room", "Hide room", show=False, id="hide-room",
                tooltip="Hide the highlighted session's room from the day tables"),
        Binding("X", "only_room", "Only this room", key_display="X", show=False, id="only-room",
                tooltip="Show only the highlighted session's room in the day tables"),
        Binding("F", "show_all", "Show all", key_display="F", show=False, id="show-all",
                tooltip="Show every room and track again"),
        Binding("c", "copy_link", "Copy link", show=False, id="copy-link",
                tooltip="Copy the highlighted session's link (its web page) to the clipboard"),
        Binding("e", "export", "Export", id="export",
                tooltip="Export your schedule: iCalendar, Markdown, JSON, CSV"),
        Binding("l", "cycle_reminder", "Reminder", show=False, id="cycle-reminder",
                tooltip="This session's reminder: 5, 10, 15 min before, off, the default"),
        Binding("tab", "next_tab", "Next tab", show=False),
        Binding("shift+tab", "previous_tab", "Previous tab", show=False),
        *(Binding(str(n), f"day({n})", f"Day {n}", show=False) for n in range(1, 10)),
    ]

    # Down from the App (AgendaApp.get_default_screen binds them).
    bookmarks: var[frozenset[str]] = var(frozenset(), init=False)
    notes: var[Mapping[str, str]] = var(NO_NOTES, init=False)
    zone: var[tzinfo] = var(UTC, init=False)
    now: var[datetime] = var(datetime(2000, 1, 1, tzinfo=UTC), init=False)
    show_breaks: var[bool] = var(True, init=False)
    show_past: var[bool] = var(True, init=False)
    lead_times: var[LeadTimes] = var(LeadTimes(DEFAULT_REMINDER_MINUTES), init=False)
    # Why the user's changes are not being saved (None: they are); shown for as long as
    # it holds, not as a notification that times out.
    unsaved_reason: var[str | None] = var(None, init=False)
    # What changed since the user last looked (found just after start-up), and, for the
    # day tables' badges, how each session still in the agenda changed.
    changes: var[tuple[Change, ...]] = var((), init=False)
    hidden: var[Hidden] = var(Hidden(), init=False)
    change_kinds: var[Mapping[str, tuple[str, ...]]] = var(MappingProxyType({}), init=False)
    # Bookmarked sessions gone from the agenda, as last seen (from the App).
    gone_bookmarks: var[Mapping[str, Session]] = var(MappingProxyType({}), init=False)
    # The days shown as a timeline grid, and whether My schedule is one (from the App).
    grid_days: var[frozenset[date]] = var(frozenset(), init=False)
    my_schedule_grid: var[bool] = var(False, init=False)
    # The day grids' zoom: one for every day, so that the next day reads as this one.
    grid_zoom: var[int] = var(DEFAULT_ZOOM, init=False)

    def __init__(self, agenda: Agenda, *, local_zone: tzinfo, bookmarks: frozenset[str],
                 notes: Mapping[str, str], zone: tzinfo, now: datetime, show_breaks: bool,
                 show_past: bool, hidden: Hidden, horizontal_class: str | None = None,
                 grid_days: frozenset[date] = frozenset(), my_schedule_grid: bool = False,
                 open_tab: str | None = None, open_session: str | None = None,
                 changes: tuple[Change, ...] = (), search: str = "", grid_zoom: int = DEFAULT_ZOOM) -> None:
        """`open_tab`, `open_session`, `search`, `grid_zoom` and `changes`: where the screen
        this one replaces (with a refreshed agenda) was, the search it showed, its grids'
        scale, and what changed since the user last looked."""
        super().__init__()
        use_reflow_map_compositor(self)
        self.agenda = agenda
        self.local_zone = local_zone
        self.set_reactive(AgendaScreen.bookmarks, bookmarks)
        self.set_reactive(AgendaScreen.notes, notes)
        self.set_reactive(AgendaScreen.zone, zone)
        self.set_reactive(AgendaScreen.now, now)
        self.set_reactive(AgendaScreen.show_breaks, show_breaks)
        self.set_reactive(AgendaScreen.show_past, show_past)
        self.set_reactive(AgendaScreen.hidden, hidden)
        self.set_reactive(AgendaScreen.grid_days, grid_days)
        self.set_reactive(AgendaScreen.my_schedule_grid, my_schedule_grid)
        self.rooms = rooms(agenda)
        self.days = conference_days(agenda)
        self._views: dict[str, TabView] = {}
        self._panes_laid_out_ahead: dict[str, BackdropPane] = {}  # by tab (on_tab_view_ready_ahead)
        self._other_views_asked = False  # made just after the first frame (on_screen_resume)
        self._last_day_tab = day_tab_id(self.days.index(day_at(agenda, now)) + 1)
        self._open_tab = self._last_day_tab
        self._open_session = open_session
        self.set_reactive(AgendaScreen.grid_zoom, grid_zoom)
        self._open_search = search
        if changes:
            from agenda_tui.diff import kinds_by_session

            self.set_reactive(AgendaScreen.changes, changes)
            self.set_reactive(AgendaScreen.change_kinds, MappingProxyType(kinds_by_session(changes)))
        if open_tab is not None and self._tab_exists(open_tab):
            self._open_tab = open_tab
            if open_tab.startswith("day-"):
                self._last_day_tab = open_tab
        if horizontal_class:
            # The layout class the first resize would give: styling every widget twice at
            # start-up (before and after the class) costs as much as a frame.
            self.add_class(horizontal_class)

    def compose(self) -> ComposeResult:
        agenda = self.agenda
        session_state = _session_state()
        # One view for every day: a day tab shows its day in it, so that a day switch
        # redraws the rows, not the screen (no pane shown or hidden, no focus moved).
        self._day_view = DayTab(
            agenda, self.days[self._days_index(self._last_day_tab)], sessions_by_day(agenda),
            local_zone=self.local_zone, bookmarks=self.bookmarks, notes=self.notes, zone=self.zone,
            now=self.now, show_breaks=self.show_breaks, hidden=self.hidden, change_kinds=self.change_kinds,
            id="day-view", grid_days=self.grid_days, grid_zoom=self.grid_zoom,
        ).data_bind(*session_state, AgendaScreen.show_breaks, AgendaScreen.hidden,
                    AgendaScreen.change_kinds, AgendaScreen.grid_days, AgendaScreen.grid_zoom)
        day_tabs = [Tab(day_label(day), id=day_tab_id(number))
                    for number, day in enumerate(self.days, start=1)]
        self._views = {tab.id or "": self._day_view for tab in day_tabs}
        if self._open_tab in OTHER_TABS:
            self._views[self._open_tab] = self._make_view(self._open_tab)

        yield Header(icon="◷")
        yield Static("", id="unsaved-notice")
        yield TabBar(*day_tabs, *(Tab(title, id=tab_id) for tab_id, title in OTHER_TABS.items()),
                     active=self._open_tab, id="tabs")
        shown_first = pane_id(self._open_tab)
        with BackdropSwitcher(initial=shown_first, id="panes"):
            # The days' view is mounted just after the first frame when another tab is
            # on show; the other tabs' views are made then (making them, and importing
            # their modules, is no part of the first frame).
            yield BackdropPane("", self._day_view if shown_first == DAYS_PANE else Lazy(self._day_view),
                          id=DAYS_PANE)
            for tab_id in OTHER_TABS:
                view = self._views.get(tab_id)
                yield BackdropPane("", *([view] if view is not None else []), id=pane_id(tab_id))
        yield KeysFooter()

    def _make_view(self, tab_id: str) -> TabView:
        """The view of a tab other than a day's, bound to the screen's values."""
        agenda = self.agenda
        session_state = _session_state()
        with binding_as(self):
            if tab_id == NOW_TAB:
                from agenda_tui.tui.widgets.now_tab import NowTab

                return NowTab(
                    agenda, local_zone=self.local_zone, bookmarks=self.bookmarks, notes=self.notes,
                    zone=self.zone, now=self.now, show_breaks=self.show_breaks, hidden=self.hidden,
                    room_order=room_positions(agenda), room_names=self.rooms, id="now-view",
                ).data_bind(*session_state, AgendaScreen.show_breaks, AgendaScreen.hidden)
            if tab_id == MY_SCHEDULE_TAB:
                from agenda_tui.tui.widgets.my_schedule_tab import MyScheduleTab

                return MyScheduleTab(
                    agenda, local_zone=self.local_zone, bookmarks=self.bookmarks, notes=self.notes,
                    zone=self.zone, now=self.now, show_past=self.show_past, id="my-schedule-view",
                    my_schedule_grid=self.my_schedule_grid,
                ).data_bind(*session_state, AgendaScreen.show_past, AgendaScreen.gone_bookmarks,
                            AgendaScreen.my_schedule_grid)
            if tab_id == SPEAKERS_TAB:
                from agenda_tui.tui.widgets.speakers_tab import SpeakersTab

                return SpeakersTab(agenda, zone=self.zone, id="speakers-view").data_bind(AgendaScreen.zone)
            if tab_id == ABOUT_TAB:
                from agenda_tui.tui.widgets.about_tab import AboutTab

                return AboutTab(agenda, id="about-view")
            from agenda_tui.tui.widgets.changes_tab import ChangesTab

            return ChangesTab(bookmarks=self.bookmarks, id="changes-view").data_bind(
                AgendaScreen.bookmarks, AgendaScreen.changes)

    def _view(self, tab_id: str) -> TabView:
        """The view of a tab; made and mounted now if it was not yet (a key for it in the
        moment after the first frame)."""
        view = self._views.get(tab_id)
        if view is None:
            view = self._views[tab_id] = self._make_view(tab_id)
            self.query_one(f"#{pane_id(tab_id)}", TabPane).mount(view)
        return view

    def on_screen_resume(self) -> None:
        # Asked once this screen is the App's current one, not in on_mount: Textual runs a
        # callback after the next refresh of the current screen, which, while this one
        # replaces another (a refreshed agenda), is the other, which then goes.
        if not self._other_views_asked:
            self._other_views_asked = True
            self.call_after_refresh(self._make_the_other_views)

    def _make_the_other_views(self) -> None:
        for tab_id in OTHER_TABS:
            self._view(tab_id)

    def _tab_exists(self, tab_id: str) -> bool:
        if tab_id.startswith("day-"):
            number = tab_id.removeprefix("day-")
            return number.isdigit() and 1 <= int(number) <= len(self.days)
        return tab_id in (NOW_TAB, MY_SCHEDULE_TAB, SPEAKERS_TAB, ABOUT_TAB) or (
            tab_id == CHANGES_TAB and bool(self.changes))

    def on_mount(self) -> None:
        self.watch(self.tabs, "active", self._tab_chosen, init=False)
        self.watch_unsaved_reason(self.unsaved_reason)
        if self.changes:
            self.watch_changes(self.changes)
        else:
            self.tabs.hide(CHANGES_TAB)  # shown once there are changes to show
        view = self._views[self._open_tab]
        if self._open_search and isinstance(view, DayTab):
            view.restore_search(self._open_search)
        if self._open_session is not None:  # where the user was, in the screen this one replaces
            self.call_after_refresh(self._select_open_session, self._open_tab, self._open_session)
        elif isinstance(view, DayTab):  # open with the cursor on what is on
            session, _ = session_to_go_to(view.rows_on_show(), self.now, self.bookmarks)
            if session is not None:
                view.select_session(session.id)
        view.tab_opened()

    def _select_open_session(self, tab_id: str, session_id: str, tries: int = 5) -> None:
        """Once the view has its rows (a frame or two after it is mounted), unless the
        user has chosen another tab since."""
        view = self._views[tab_id]
        if tab_id != self._open_tab or not isinstance(view, SessionsTab):
            return
        if not view.select_session(session_id) and tries:
            self.call_after_refresh(self._select_open_session, tab_id, session_id, tries - 1)

    # -- what comes down ---------------------------------------------------------

    def watch_unsaved_reason(self, reason: str | None) -> None:
        notice = next(self.query("#unsaved-notice").results(Static), None)
        if notice is None:
            return  # set before the screen was composed: shown from on_mount
        notice.update(Text(f"Not saved: {shown(reason)}" if reason else ""))
        notice.display = reason is not None

    def watch_changes(self, changes: tuple[Change, ...]) -> None:
        """Show the Changes tab, counting the sessions changed; its view fills itself."""
        from agenda_tui.diff import changed_sessions, kinds_by_session

        self.tabs.query_one(f"#{CHANGES_TAB}", Tab).label = f"Changes ({changed_sessions(changes)})"
        self.tabs.show(CHANGES_TAB)
        self.change_kinds = MappingProxyType(kinds_by_session(changes))

    # -- the tabs ------------------------------------------------------------------

    @property
    def tabs(self) -> TabBar:
        return self.query_one("#tabs", TabBar)

    @property
    def day_view(self) -> DayTab:
        """The view every day tab shows its day in."""
        return self._day_view

    def _days_index(self, tab_id: str) -> int:
        """The day a day tab shows, as an index of `days`."""
        return int(tab_id.removeprefix("day-")) - 1

    @property
    def active_view(self) -> TabView | None:
        """The view in the tab on show (perhaps not mounted yet: see tabs.py)."""
        return self._views.get(self.tabs.active)

    @property
    def search_text(self) -> str:
        """The search the day tab on show holds ("" for none, or another tab)."""
        view = self.active_view
        return view.search_box.value if isinstance(view, DayTab) and view.composed else ""

    @property
    def current_session_id(self) -> str | None:
        view = self.active_view
        return view.current_session_id if isinstance(view, SessionsTab) else None

    def show_tab(self, tab_id: str) -> None:
        """Show the tab and open its view now, so that the frame that shows the tab shows
        it up to date and focused (opened when Textual's news of the tab came, a frame
        or two later, the tab would be painted once before its focus and once after)."""
        if self.tabs.active == tab_id:
            self._views[tab_id].tab_opened()  # shown already: it takes the focus again
        else:
            self.tabs.active = tab_id  # opened by its watcher (_tab_chosen)

    @property
    def on_a_day_tab(self) -> bool:
        return self.tabs.active.startswith("day-")

    @property
    def last_day_tab(self) -> str:
        """The day tab shown most recently (where `/` searches from other tabs)."""
        return self._last_day_tab

    def _tab_chosen(self, tab_id: str) -> None:
        """A tab was chosen (a key, `show_tab`, a click): its view is opened in the same
        step, so that the keys that follow act on it."""
        if tab_id and tab_id != self._open_tab:
            self._opened(tab_id)

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()  # news of a tab opened already (_tab_chosen)

    def _opened(self, tab_id: str) -> None:
        """The tab `tab_id` is now the one on show: its view is opened, the last one closed."""
        if tab_id in self._panes_laid_out_ahead:
            self._in_place(tab_id)
        self.query_one(ContentSwitcher).current = pane_id(tab_id)
        if tab_id.startswith("day-"):
            self._last_day_tab = tab_id
            self.day_view.show_day(self.days[self._days_index(tab_id)])
        if tab_id != self._open_tab:
            if self._views[self._open_tab] is not self._view(tab_id):
                self._views[self._open_tab].tab_closed()
            self._open_tab = tab_id
        self._view(tab_id).tab_opened()
        if tab_id == CHANGES_TAB:
            self.post_message(messages.ChangesSeen())

    def _cycle(self, step: int) -> None:
        ids = [tab.id for tab in self.tabs.query(Tab) if tab.id and tab.display]
        position = ids.index(self.tabs.active) if self.tabs.active in ids else 0
        self.show_tab(ids[(position + step) % len(ids)])

    def go_to_session(self, session_id: str) -> None:
        """Show the session's day with the cursor on it."""
        session = self.agenda.sessions_by_id.get(session_id)
        if session is None:
            return
        self.show_tab(day_tab_id(self.days.index(session.conference_day) + 1))
        self.day_view.select_session(session_id)
        if self.hidden.hides(session):
            self.notify(f"{shown(session.title)} is in a hidden room or track: "
                        "f to change, F to show all.", title="Hidden", markup=False)

    def on_go_to_session(self, message: messages.GoToSession) -> None:
        message.stop()
        self.go_to_session(message.session_id)

    def on_tab_view_ready_ahead(self, message: TabView.ReadyAhead) -> None:
        """A view not shown yet holds what it will first show: its pane is laid out and
        its lines drawn once, below the screen, so that its first showing takes one
        layout and one paint of lines drawn already, as any later one (the first sizing
        of a view asks for a second layout and a second paint, and nothing is drawn
        yet). A terminal resized since lays it out again as it opens."""
        message.stop()
        tab_id = next((tab for tab, view in self._views.items() if view is message.view), None)
        if tab_id is None or tab_id == self._open_tab or not self.is_current:
            return
        pane = self.query_one(f"#{pane_id(tab_id)}", BackdropPane)
        pane.styles.position = "absolute"
        pane.styles.offset = (0, BELOW_ANY_SCREEN)  # laid out, never drawn
        pane.display = True
        self._panes_laid_out_ahead[tab_id] = pane
        # Drawn as soon as the screen is laid out (the pane subscribes: the screen's own
        # subscription is Textual's).
        self.screen_layout_refresh_signal.subscribe(pane, lambda _: self._drawn_ahead(tab_id), immediate=True)

    def _drawn_ahead(self, tab_id: str) -> None:
        pane = self._panes_laid_out_ahead.get(tab_id)
        if pane is None:  # opened meanwhile
            return
        for widget in pane.walk_children(Widget, with_self=True):
            if widget.size:
                widget.render_lines(widget.size.region)
        self._in_place(tab_id)
        pane.display = False

    def _in_place(self, tab_id: str) -> None:
        """The pane of a view laid out ahead back where it belongs (laid out again)."""
        pane = self._panes_laid_out_ahead.pop(tab_id)
        self.screen_layout_refresh_signal.unsubscribe(pane)
        pane.styles.clear_rule("position")
        pane.styles.clear_rule("offset")
        pane.refresh(layout=True)  # (clearing a rule asks for nothing)

    def on_day_grid_zoomed(self, message: DayGrid.Zoomed) -> None:
        """A day grid's zoom keys: every day's grid takes the zoom (bound to the day tabs)."""
        message.stop()
        self.grid_zoom = message.zoom

    # -- the keys --------------------------------------------------------------------

    def action_next_tab(self) -> None:
        self._cycle(1)

    def action_previous_tab(self) -> None:
        self._cycle(-1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys for days the agenda does not have are neither listed (in `?`) nor bound.
        The keys that act on the highlighted session show as disabled (None) in a tab
        that lists none (Speakers, About): there they do nothing."""
        if action == "day" and parameters and isinstance(parameters[0], int):
            return parameters[0] <= len(self.days)
        if action == "leave_search":  # elsewhere, enter is the focused widget's
            view = self.active_view
            return isinstance(view, DayTab) and view.composed and self.focused is view.search_box
        if action in ON_THE_HIGHLIGHTED_SESSION:
            return True if isinstance(self.active_view, SessionsTab) else None
        return True

    def action_day(self, number: int) -> None:
        if number <= len(self.days):
            self.show_tab(day_tab_id(number))

    def action_show_now_view(self) -> None:
        self.show_tab(NOW_TAB)

    def action_toggle_grid(self) -> None:
        view = self.active_view
        if isinstance(view, DayTab):
            self.post_message(messages.ShowAsGrid(view.day, not view.shows_grid))
        elif self.tabs.active == MY_SCHEDULE_TAB:
            self.post_message(messages.ShowAsGrid(None, not self.my_schedule_grid))
        else:
            self.notify("g shows a day's tab, or My schedule, as a timeline.", title="Grid")

    def action_toggle_bookmark(self) -> None:
        if (session_id := self.current_session_id) is not None:
            self.post_message(messages.ToggleBookmark(session_id))

    def action_edit_note(self) -> None:
        from agenda_tui.tui.screens.note_screen import edit_note

        if (session := self.agenda.sessions_by_id.get(self.current_session_id or "")) is not None:
            edit_note(self, session, self.notes.get(session.id, ""))

    def action_cycle_reminder(self) -> None:
        if (session_id := self.current_session_id) is not None:
            self.post_message(messages.CycleReminder(session_id))

    def action_copy_link(self) -> None:
        if (session_id := self.current_session_id) is not None:
            self.post_message(messages.CopyLink(session_id))

    def action_leave_search(self) -> None:
        view = self.active_view
        if isinstance(view, DayTab):
            view.leave_search()

    def action_search(self) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction  # a "/" typed in a box (the search, the speakers' filter) is typed
        if not self.on_a_day_tab:
            self.show_tab(self.last_day_tab)
        view = self.active_view
        if isinstance(view, DayTab):
            view.open_search()

    def action_now(self) -> None:
        """To a session on now among the rows on show, or the next to start: in My
        schedule among the bookmarks; elsewhere on the day that holds now, or a later one."""
        from agenda_tui.tui.widgets.my_schedule_tab import MyScheduleTab
        from agenda_tui.tui.widgets.now_tab import NowTab

        view = self.active_view
        if isinstance(view, (MyScheduleTab, NowTab)):  # it stays in the tab
            target, on = session_to_go_to(view.rows_on_show(), self.now, self.bookmarks)
            if target is not None:
                view.select_session(target.id)
        else:
            target, on = self._now_in_the_days()
        if target is None:
            self.notify("The conference is over." if self.now > self._last_end else
                        "Nothing on now or to come among the sessions shown.", title="Now")
            return
        self.notify(f"{'On now' if on else 'Next'}: {shown(target.title)} ({when(target, self.zone)})",
                    title="Now / next", markup=False)

    def _now_in_the_days(self) -> tuple[Session | None, bool]:
        today = day_at(self.agenda, self.now)
        for day in self.days:
            if day < today:
                continue
            target, on = session_to_go_to(self.day_view.rows_on_show(day=day), self.now, self.bookmarks)
            if target is not None:
                self.go_to_session(target.id)
                return target, on
        return None, False

    @property
    def _last_end(self) -> datetime:
        timed = self.agenda.timed_sessions_in_order
        return max((s.end_utc for s in timed), default=self.now)

    # -- hiding rooms and tracks: the App holds what is hidden, and saves it ------------

    def action_filter(self) -> None:
        from agenda_tui.tui.screens.filter_screen import FilterScreen

        def chosen(hidden: Hidden | None) -> None:
            if hidden is not None:
                self.post_message(messages.SetHidden(hidden))

        self.app.push_screen(FilterScreen(self.agenda, self.hidden), chosen)

    def action_hide_room(self) -> None:
        if (room := self._room_of_current()) is not None:
            self.post_message(messages.SetHidden(self.hidden.hiding_room(room)))

    def action_only_room(self) -> None:
        if (room := self._room_of_current()) is not None:
            self.post_message(messages.SetHidden(self.hidden.only_room(room, self.rooms)))

    def action_show_all(self) -> None:
        if self.hidden:
            self.post_message(messages.SetHidden(Hidden()))
        else:
            self.notify("No room or track is hidden.", title="Hidden")

    def _room_of_current(self) -> str | None:
        """The highlighted session's room; None, said to the user, where there is none."""
        session = self.agenda.sessions_by_id.get(self.current_session_id or "")
        if session is None:
            return None
        if not session.location:
            self.notify(f"{shown(session.title)} has no room.", title="Hidden", markup=False)
            return None
        return session.location

    def action_export(self) -> None:
        from agenda_tui.tui.screens.export_screen import ExportScreen

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self.post_message(messages.ExportRequested(request))

        bookmarked = len(self.bookmarks & self.agenda.sessions_by_id.keys())
        self.app.push_screen(ExportScreen(self.agenda, bookmarked), chosen)


def _session_state() -> tuple[Reactive[Any], ...]:
    """The screen's values that every view listing sessions is bound to."""
    return (AgendaScreen.bookmarks, AgendaScreen.notes, AgendaScreen.zone, AgendaScreen.now,
            AgendaScreen.lead_times)
