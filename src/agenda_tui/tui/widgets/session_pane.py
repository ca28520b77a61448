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

    def show_session(self, session: Session | None) -> None:
        detail = self.query_one("#session-detail", Static)
        if session is None:
            detail.update(Text("No session here.", style="dim"))
            return
        detail.update(self.app.describe_session(session))
