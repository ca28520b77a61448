"""The main screen's row of tabs: the days, Now, My schedule, Speakers, About, Changes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Tabs

from agenda_tui.tui.textual_private import move_tab_underline_now, with_kept_line_underline


class TabBar(Tabs, can_focus=False):
    """Tabs that never take the focus: it stays in the view the tab shows, where the
    keys act (a click on a tab would otherwise focus the row of tabs, after the view
    took it). The underline moves in the step that switches the tab, not a paint later,
    and keeps its line for each place (KeptLineUnderline)."""

    def compose(self) -> ComposeResult:
        yield from with_kept_line_underline(super().compose())

    def watch_active(self, previously_active: str, active: str) -> None:
        super().watch_active(previously_active, active)
        if active:
            move_tab_underline_now(self)
