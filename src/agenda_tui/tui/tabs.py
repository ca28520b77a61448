"""What the main screen asks of the view in each tab: one interface for every tab.

Every tab's view is a `TabView`: its tab can be opened, which brings it up to date and
focuses it, and closed. Views that list sessions are `SessionsTab`s: they also say which
session the cursor is on and move it to a session.

The screen keeps the views, so it can ask these of a view not mounted yet (every tab
but the one on show is made and mounted just after the first frame): the view keeps
what was asked and does it once mounted, in `view_mounted` (and only what still holds
then: a tab closed meanwhile is not focused).

A view names the widget it is first (`class SessionDetailTab(Backdrop, Container,
SessionsTab)`: Backdrop, a mixin, is not a widget): Textual takes a widget's default
styles from its first base class that is a widget.
"""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget


class TabView(Widget):
    """The view in one tab of the main screen."""

    class ReadyAhead(Message):
        """Posted by a view not yet shown once it holds what it will first show: the
        screen lays its pane out and draws it off screen, so that its first showing is
        as quick as any later one."""

        def __init__(self, view: TabView) -> None:
            super().__init__()
            self.view = view

    _mounted_view = False
    _open = False

    @property
    def composed(self) -> bool:
        """Whether its widgets are all there to be asked: from the start of its on_mount.
        (Textual's `is_mounted` turns true only after every on_mount handler has run, and
        a view's own children exist before theirs do.)"""
        return self._mounted_view

    @property
    def is_open(self) -> bool:
        """Whether its tab is the one on show."""
        return self._open

    def on_mount(self) -> None:
        self._mounted_view = True
        self.view_mounted()
        if self._open:  # opened before it was mounted, and not closed since
            self.show_opened()

    def view_mounted(self) -> None:
        """Start its work: every widget of it is there now. (Subclasses that have work
        to start override this, not on_mount.)"""

    def tab_opened(self) -> None:
        """Its tab has just been shown."""
        self._open = True
        if self.composed:
            self.show_opened()

    def tab_closed(self) -> None:
        """Another tab has been shown: what was asked for its showing no longer holds."""
        self._open = False

    def show_opened(self) -> None:
        """Bring what it shows up to date and take the focus (the view is mounted)."""
        raise NotImplementedError

    def focus_now(self, widget: Widget) -> None:
        """Give `widget` the focus in this step, not after the messages waiting (as
        `Widget.focus` does): the frame that shows the tab then shows its focus too,
        rather than a frame without it and one more after."""
        self.screen.set_focus(widget)


class SessionsTab(TabView):
    """A tab that lists sessions."""

    @property
    def current_session_id(self) -> str | None:
        """The session under the cursor (None: no session there, or not mounted yet)."""
        raise NotImplementedError

    def select_session(self, session_id: str) -> bool:
        """Put the cursor on the session, showing it if the search hid it; whether it is
        listed."""
        raise NotImplementedError
