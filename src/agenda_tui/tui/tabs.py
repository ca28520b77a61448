"""What the main screen asks of the view in each tab: one interface for every tab.

Every tab's view is a `TabView`: it can be opened, which brings it up to date and
focuses it. Views that list sessions are also `SessionsTab`s: they say which session
the cursor is on and move it to a session.

The screen builds the views in its compose and keeps them, so it can ask these of a
view that Textual's `Lazy` has not mounted yet (every tab but the first is mounted
just after the first frame): the view keeps what was asked and does it in `on_mount`.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.widget import Widget


class TabView(Widget):
    """The view in one tab of the main screen. Named after the widget it is, so that the
    widget's styles and keys stay its own: `class DayTab(Container, TabView)` (Textual
    takes a widget's default styles from its first base class)."""

    _opened_before_mount = False

    @property
    def composed(self) -> bool:
        """Whether its widgets are there to be asked: from its on_mount on. (Textual's
        `is_mounted` becomes true only after every on_mount handler has run.)"""
        return bool(self.children)

    def tab_opened(self) -> None:
        """Its tab has just been shown."""
        if self.composed:
            self.show_opened()
        else:
            self._opened_before_mount = True

    def show_opened(self) -> None:
        """Bring what it shows up to date and take the focus (the view is mounted)."""
        raise NotImplementedError

    def on_mount(self) -> None:
        # Handlers run down the class hierarchy: a subclass's on_mount has run already.
        if self._opened_before_mount:
            self._opened_before_mount = False
            self.show_opened()


@runtime_checkable
class SessionsTab(Protocol):
    """A tab that lists sessions."""

    @property
    def current_session_id(self) -> str | None:
        """The session under the cursor (None: no session there, or not mounted yet)."""

    def select_session(self, session_id: str) -> bool:
        """Put the cursor on the session, showing it if hidden; whether it is listed."""
