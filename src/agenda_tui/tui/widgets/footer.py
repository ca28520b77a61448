"""The footer of the main screen: Textual's, built again only when the keys it shows change.

Textual's Footer builds all its keys again (some thirty widgets, each styled, then a
layout and a paint) at every change of focus, since the keys that apply may change with
it. On the main screen they seldom do: moving from one day's table to the next leaves
the footer's keys as they were, and building them again cost two paints of the whole
screen on each day-tab key. Into the search box and out of it, they do change.

A key Textual builds is styled three times: when mounted, then by its `compact` watcher
at its default (True), then by the footer's value bound to it (False). The keys here are
built with the footer's value, so each is styled once.
"""

from __future__ import annotations

from typing import TypeAlias

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from agenda_tui.tui.textual_private import preset_footer_key_compact

# What the footer shows of each key: the key, what it does, whether it is enabled now.
ShownKeys: TypeAlias = tuple[tuple[str, str, str, bool, str], ...]


def shown_keys(screen: Screen[object]) -> ShownKeys:
    """The keys a footer on `screen` shows, as it shows them."""
    return tuple((binding.key, binding.action, binding.description, enabled, tooltip)
                 for _, binding, enabled, tooltip in screen.active_bindings.values()
                 if binding.show)


class KeysFooter(Footer):
    """A Footer that is built again only when the keys it shows change."""

    _shown: ShownKeys | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)  # not built now: the next change builds it
            return
        keys = shown_keys(screen)
        if keys == self._shown:
            return
        self._shown = keys
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            preset_footer_key_compact(widget, self.compact)
            yield widget
