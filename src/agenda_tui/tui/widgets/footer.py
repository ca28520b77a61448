"""The footer of the main screen: Textual's, built again only when it has too few keys.

Textual's Footer builds all its keys again (some thirty widgets, each styled, then a
layout and a paint) at every change of focus, since the keys that apply may change with
it. On the main screen they seldom do: moving from one day's table to the next leaves
the footer's keys as they were, and building them again cost two paints of the whole
screen on each day-tab key. Into the search box and out of it, they do change: the keys
that apply then take the places of the keys built before, those left over hidden, in
the frame that shows the search box or hides it. Built again, the keys came two frames
later, each mounted and styled. For that, the footer is told of new keys as soon as
the screen has them, not when it has handled its messages waiting (Textual's way).

A key Textual builds is styled three times: when mounted, then by its `compact` watcher
at its default (True), then by the footer's value bound to it (False). The keys here are
built with the footer's value, so each is styled once.
"""

from __future__ import annotations

from typing import TypeAlias

from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widgets import Footer

from agenda_tui.tui.textual_private import ShownKey, preset_footer_key_compact, show_footer_keys_in_place

# What the footer shows of each key: the key, what it does, whether it is enabled now.
ShownKeys: TypeAlias = tuple[tuple[str, str, str, bool, str], ...]
BindingsMap: TypeAlias = dict[str, ActiveBinding]  # a screen's active_bindings


def shown_keys(bindings: BindingsMap) -> ShownKeys:
    """The keys a footer shows of a screen's `active_bindings`, as it shows them."""
    return tuple((binding.key, binding.action, binding.description, enabled, tooltip)
                 for _, binding, enabled, tooltip in bindings.values()
                 if binding.show)


class KeysFooter(Footer):
    """A Footer that shows other keys on the keys it has built, and is built again only
    when it has too few."""

    _shown: ShownKeys | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            self._build_again(screen)  # not built now: the next change builds it
            return
        bindings = screen.active_bindings  # (each read asks every binding's check_action)
        keys = shown_keys(bindings)
        if keys == self._shown:
            return
        self._shown = keys
        if not self._shown_in_place(screen, bindings):
            self._build_again(screen)

    def _build_again(self, screen: Screen[object]) -> None:
        """Footer's own way, in the footer's turn: told at once (on_mount), this may run
        while another widget handles a message, and the keys Footer then builds would be
        bound to that widget (`data_bind` binds to whoever is running)."""
        self.call_next(super().bindings_changed, screen)

    def _shown_in_place(self, screen: Screen[object], bindings: BindingsMap) -> bool:
        """The keys that apply now shown on the keys built before (show_footer_keys_in_place)."""
        app = screen.app
        first_of_action: dict[str, ShownKey] = {}
        for _, binding, enabled, tooltip in bindings.values():
            if binding.show:
                if binding.group is not None:
                    return False  # Textual's Footer shows a group of keys its own way
                first_of_action.setdefault(binding.action, ShownKey(
                    binding.key, app.get_key_display(binding), binding.description, binding.action,
                    not enabled, tooltip))
        palette = None
        entry = bindings.get(app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE and entry is not None:
            _, binding, enabled, _ = entry
            palette = ShownKey(binding.key, app.get_key_display(binding), binding.description,
                               binding.action, not enabled, binding.tooltip or binding.description)
        return show_footer_keys_in_place(self, list(first_of_action.values()), palette)

    def on_mount(self) -> None:
        # Textual calls Footer's on_mount after this one: it asks to be told of new keys
        # once the footer has handled the messages waiting for it, by which time the
        # screen may have been painted (escape from the search box drew the keys a frame
        # after the box was gone, and laid the screen out twice).
        self.call_next(self._told_of_new_keys_at_once)

    def _told_of_new_keys_at_once(self) -> None:
        signal = self.screen.bindings_updated_signal
        signal.unsubscribe(self)
        signal.subscribe(self, self.bindings_changed, immediate=True)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            preset_footer_key_compact(widget, self.compact)
            yield widget
