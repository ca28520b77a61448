"""The detail pane beside (or below) a table: the highlighted session in full."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

# Lines kept free below a detail before it counts as filling the pane: Textual may wrap
# a line or two differently from Rich, which measures it here.
WRAP_MARGIN = 2
NOTHING_HERE = Text("No session here.", style="dim")


class DetailPane(VerticalScroll):
    """Shows the text it is given (detail_text.describe_session); None: no session."""

    can_focus = False
    _shown: Text | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="session-detail")

    def show(self, text: Text | None) -> None:
        text = NOTHING_HERE if text is None else text
        if text == self._shown:  # the same text again (typing a search): nothing to do
            return
        # The text is at least as tall as the pane (app.tcss): while the old and the new
        # text both fit in it, its size stays the same and a repaint will do, without the
        # layout of the whole screen (and the frame after it) that a new size needs.
        same_size = self._fits(self._shown) and self._fits(text)
        self._shown = text
        self.query_one("#session-detail", Static).update(text, layout=not same_size)

    def _fits(self, text: Text | None) -> bool:
        width, height = self.scrollable_content_region.size
        if text is None or not width or not height:
            return False
        return len(text.wrap(self.app.console, width)) + WRAP_MARGIN <= height
