"""What every tab built around one table shares: refreshing, stars, focus."""

from __future__ import annotations

from textual.containers import Container


class TableView(Container):
    """A tab whose main widget is `table`; subclasses fill it in `refresh_rows`."""

    @property
    def table(self):
        raise NotImplementedError

    def refresh_rows(self) -> None:
        raise NotImplementedError

    def set_star(self, session_id: str, bookmarked: bool) -> None:
        if self.is_on_screen:  # a hidden tab is refreshed when it is next opened
            self.refresh_rows()

    def focus_main(self) -> None:
        self.table.focus()
