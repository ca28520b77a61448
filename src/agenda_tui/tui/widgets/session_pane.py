"""The detail pane for the highlighted session."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from agenda_tui.model import Session


class SessionPane(VerticalScroll):
    """Title, time (event zone and the laptop's), kind, track, place, people, note."""

    can_focus = False

    def compose(self):
        yield Static(id="session-detail")

    _shown: Text | None = None

    def show_session(self, session: Session | None) -> None:
        if session is None:
            text = Text("No session here.", style="dim")
        else:
            text = self.app.describe_session(session)
        if text != self._shown:  # the same text again (typing a search) needs no new layout
            self._shown = text
            self.query_one("#session-detail", Static).update(text)
