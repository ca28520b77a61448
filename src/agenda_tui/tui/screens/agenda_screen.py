"""The main screen: day tabs, My schedule, Speakers and About."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from agenda_tui.diff import Change, changed_sessions
from agenda_tui.formatting import day_label
from agenda_tui.schedule import conference_days, sessions_by_day
from agenda_tui.text import shown
from agenda_tui.tui.widgets.about_view import AboutView
from agenda_tui.tui.widgets.changes_view import ChangesView
from agenda_tui.tui.widgets.day_view import DayView
from agenda_tui.tui.widgets.lazy_view import LazyView
from agenda_tui.tui.widgets.my_schedule import MySchedule
from agenda_tui.tui.widgets.speakers_view import SpeakersView


def day_tab_id(number: int) -> str:
    return f"day-{number}"


class AgendaScreen(Screen):
    AUTO_FOCUS = ""  # on_mount focuses the table: one focus change (and footer redraw), not two
    BINDINGS = [
        Binding("tab", "next_tab", "Next tab", show=False),
        Binding("shift+tab", "previous_tab", "Previous tab", show=False),
        *(Binding(str(n), f"app.day({n})", f"Day {n}", show=False) for n in range(1, 10)),
    ]

    # Why the user's changes are not being saved (None: they are); shown for as long as
    # it holds, not as a notification that times out.
    unsaved_reason: reactive[str | None] = reactive(None, init=False)

    def __init__(self) -> None:
        super().__init__()
        self._last_day_tab = day_tab_id(1)
        self._when_mounted: Callable[[Widget], object] | None = None
        self._changes: list[Change] | None = None
        self._changes_view: ChangesView | None = None
        # The layout class the first resize would give, given now: styling every widget
        # twice at start-up (before and after the class) costs as much as a frame.
        width = self.app.size.width
        self.add_class(*[name for edge, name in self.app.HORIZONTAL_BREAKPOINTS if width >= edge][-1:])

    def compose(self) -> ComposeResult:
        agenda = self.app.agenda
        self._last_day_tab = day_tab_id(self.app.first_day_number())
        by_day = sessions_by_day(agenda)
        initial = day_tab_id(self.app.first_day_number())

        def content(pane_id: str, view: Widget) -> Widget:
            # The tabs not on show are mounted just after the first frame, not before it.
            return view if pane_id == initial else LazyView(view)

        yield Header(icon="◷")
        yield Static("", id="unsaved-notice")
        with TabbedContent(id="tabs", initial=initial):
            for number, day in enumerate(conference_days(agenda), start=1):
                with TabPane(day_label(day), id=day_tab_id(number)):
                    yield content(day_tab_id(number),
                                  DayView(agenda, day, by_day.get(day, []), id=f"day-view-{number}"))
            with TabPane("My schedule", id="my-schedule"):
                yield LazyView(MySchedule(agenda, id="my-schedule-view"))
            with TabPane("Speakers", id="speakers"):
                yield LazyView(SpeakersView(agenda, id="speakers-view"))
            with TabPane("About", id="about"):
                yield LazyView(AboutView(agenda, id="about-view"))
            with TabPane("Changes", id="changes"):
                yield LazyView(ChangesView(id="changes-view"))
        yield Footer()

    def on_mount(self) -> None:
        self.watch_unsaved_reason(self.unsaved_reason)
        self.tabs.hide_tab("changes")  # shown once there are changes to show
        # Only the tab on show is filled; the others fill as they are opened.
        if (view := self.active_view) is not None:
            view.refresh_rows()
            if (session_id := self.app.now_or_next_id()) is not None:
                view.table.select_session(session_id)  # open with the cursor on what is on
            view.focus_main()

    def watch_unsaved_reason(self, reason: str | None) -> None:
        notices = self.query("#unsaved-notice").results(Static)
        if (notice := next(notices, None)) is None:
            return  # set by the app before this screen is composed: shown from on_mount
        notice.update(Text(f"Not saved: {shown(reason)}" if reason else ""))
        notice.display = reason is not None

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one(TabbedContent)

    @property
    def active_view(self):
        """The view in the tab on show (None in the moment before a lazy one is mounted)."""
        pane = self.tabs.active_pane
        view = pane.children[0] if pane and pane.children else None
        return None if isinstance(view, LazyView) else view

    @property
    def current_session_id(self) -> str | None:
        view = self.active_view
        return view.current_session_id if view is not None else None

    def show_changes(self, changes: list[Change]) -> None:
        """Fill the Changes tab and show it; found at start-up, possibly before its view
        is mounted, which then fills it (`view_mounted`)."""
        self._changes = changes
        if self._changes_view is not None:
            self._changes_view.show_changes(changes)
        self.tabs.get_tab("changes").label = f"Changes ({changed_sessions(changes)})"
        self.tabs.show_tab("changes")

    def _cycle(self, step: int) -> None:
        ids = [pane.id for pane in self.tabs.query(TabPane) if self.tabs.get_tab(pane).display]
        position = ids.index(self.tabs.active) if self.tabs.active in ids else 0
        self.show_tab(ids[(position + step) % len(ids)])

    def action_next_tab(self) -> None:
        self._cycle(1)

    def action_previous_tab(self) -> None:
        self._cycle(-1)

    def show_tab(self, tab_id: str) -> None:
        self.tabs.active = tab_id
        if (view := self.active_view) is not None:
            view.focus_main()

    @property
    def on_a_day_tab(self) -> bool:
        """Whether a day is on show (asked of the tab: its view may not be mounted yet)."""
        return self.tabs.active.startswith("day-")

    @property
    def last_day_tab(self) -> str:
        """The day tab shown most recently (where `/` searches from other tabs)."""
        return self._last_day_tab

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id.startswith("day-"):
            self._last_day_tab = event.pane.id
        if (view := self.active_view) is not None:
            self._open(view)
        if event.pane.id == "changes":
            self.app.changes_seen()

    def with_active_view(self, action: Callable[[Widget], object]) -> None:
        """Do `action` to the view of the tab on show: now, or as soon as it is mounted
        (a jump to another day or `/` in the moment after start-up)."""
        if (view := self.active_view) is not None:
            action(view)
        else:
            self._when_mounted = action

    def view_mounted(self, view: Widget) -> None:
        if isinstance(view, ChangesView):
            # Only now: in the DOM a moment earlier, it had no table to fill yet.
            self._changes_view = view
            if self._changes is not None:
                view.show_changes(self._changes)
        if view is self.active_view:  # its tab was opened before it was mounted
            self._open(view)
            action, self._when_mounted = self._when_mounted, None
            if action is not None:
                action(view)

    def _open(self, view) -> None:
        view.refresh_rows()
        if not view.has_focus_within:  # `/` from another tab has put it in the search box
            view.focus_main()
