"""The main screen's footer: the keys that apply, drawn as one line of text.

Textual's Footer is a row of widgets, one for each key, built again at each change of
focus. On the main screen the keys change as the search box opens and closes, and the
keys shown again were each styled, measured, laid out and drawn again, and told of
their new place: more work than the rest of that frame. Here the keys are one line,
drawn again, in the frame that changes them, only when the keys that apply change: no
widget is mounted, hidden, shown or laid out for it.

It looks and answers as Textual's Footer does (its styles and the theme's footer
colours): a click on a key runs it, a disabled key rings the bell, the pointer over a
key lights it and shows its tooltip, the wheel scrolls keys that overflow the width,
and the command palette's key stands at the right end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import ActiveBinding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

BindingsMap: TypeAlias = dict[str, ActiveBinding]  # a screen's active_bindings

SCROLL_STEP = 4  # columns a turn of the wheel moves keys wider than the footer
EDGE = "▏"  # before the command palette's key: Textual's `vkey` border


@dataclass(frozen=True, slots=True)
class ShownKey:
    """What the footer shows of a key and what a click on it does."""

    key: str
    key_display: str
    description: str
    disabled: bool
    tooltip: str


@dataclass(frozen=True, slots=True)
class ShownKeys:
    """The keys that apply, in order, one for each action, and the command palette's."""

    keys: tuple[ShownKey, ...]
    palette: ShownKey | None


def shown_keys(screen: Screen[object], *, with_palette: bool = True) -> ShownKeys:
    """What Textual's Footer shows of `screen`'s active bindings: the first key of each
    action shown, and the command palette's key where the app has one."""
    app = screen.app
    bindings: BindingsMap = screen.active_bindings  # (each read asks every binding's check_action)
    first_of_action: dict[str, ShownKey] = {}
    for _, binding, enabled, tooltip in bindings.values():
        if binding.show:
            first_of_action.setdefault(binding.action, ShownKey(
                binding.key, app.get_key_display(binding), binding.description, not enabled, tooltip))
    palette = None
    entry = bindings.get(app.COMMAND_PALETTE_BINDING)
    if with_palette and app.ENABLE_COMMAND_PALETTE and entry is not None:
        _, binding, enabled, _ = entry
        palette = ShownKey(binding.key, app.get_key_display(binding), binding.description,
                           not enabled, binding.tooltip or binding.description)
    return ShownKeys(tuple(first_of_action.values()), palette)


class KeysFooter(Widget, can_focus=False):
    """The keys that apply on the screen, with what each does, on one line."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer-key--key",  # the key, as Textual's FooterKey styles it
        "footer-key--description",  # what it does
        "keys-footer--item",  # under each key and its description
        "keys-footer--hover",  # the key under the pointer
        "keys-footer--disabled",  # a key that does nothing now
        "keys-footer--edge",  # the line before the command palette's key
    }

    shown: reactive[ShownKeys] = reactive(ShownKeys((), None), layout=False)
    hovered: reactive[str | None] = reactive(None)  # the key under the pointer
    scrolled: reactive[int] = reactive(0)  # columns of keys scrolled past, where they overflow

    def __init__(self, *, show_command_palette: bool = True, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.show_command_palette = show_command_palette
        self._drawn: list[tuple[int, int, ShownKey]] = []  # each key's columns as last drawn (end excluded)

    def on_mount(self) -> None:
        # Told at once (immediate), not after the messages waiting: the keys change in
        # the frame that shows or hides the search box.
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed, immediate=True)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.shown = shown_keys(screen, with_palette=self.show_command_palette)

    # -- drawing -------------------------------------------------------------------

    def render(self) -> Text:
        width = self.size.width
        palette = self._palette_text()
        room = max(0, width - palette.cell_len)
        keys, spans = self._keys_text()
        overflow = max(0, keys.cell_len - room)
        scrolled = min(self.scrolled, overflow)
        shown = keys[scrolled:]
        shown.truncate(room)
        line = Text(no_wrap=True, end="")
        line.append_text(shown)
        line.append(" " * (room - shown.cell_len))
        line.append_text(palette)
        self._drawn = [(max(0, start - scrolled), min(room, end - scrolled), key) for start, end, key in spans
                       if end > scrolled and start - scrolled < room]
        if self.shown.palette is not None:
            self._drawn.append((room, width, self.shown.palette))
        return line

    def _under(self, key: ShownKey) -> Style:
        """The style under a key's cells, lit under the pointer; whole, not partial, as
        its colour may be see-through (blended over the footer's)."""
        return self.get_component_rich_style(
            "keys-footer--hover" if key.key == self.hovered else "keys-footer--item")

    def _key_texts(self, key: ShownKey, *, compact: bool) -> tuple[Text, Text]:
        """The key and what it does, each in its style, as a FooterKey draws them
        (`compact`: as Textual's Footer draws its command palette's key)."""
        under = self._under(key)
        if key.disabled:
            under += self.get_component_rich_style("keys-footer--disabled", partial=True)
        key_style = under + self.get_component_rich_style("footer-key--key", partial=True)
        description_style = under + self.get_component_rich_style("footer-key--description", partial=True)
        if compact:
            return (Text(key.key_display, key_style),
                    Text(f" {key.description}" if key.description else "", description_style))
        key_padding = self.get_component_styles("footer-key--key").padding
        description_padding = self.get_component_styles("footer-key--description").padding
        description = (" " * description_padding.left + key.description + " " * description_padding.right
                       if key.description else "")
        return (Text(" " * key_padding.left + key.key_display + " " * key_padding.right, key_style),
                Text(description, description_style))

    def _keys_text(self) -> tuple[Text, list[tuple[int, int, ShownKey]]]:
        text = Text(no_wrap=True, end="")
        spans = []
        for key in self.shown.keys:
            start = text.cell_len
            text.append_text(Text.assemble(*self._key_texts(key, compact=False)))
            spans.append((start, text.cell_len, key))
        return text, spans

    def _palette_text(self) -> Text:
        palette = self.shown.palette
        text = Text(no_wrap=True, end="")
        if palette is None:
            return text
        under = self._under(palette)
        text.append(EDGE, self.get_component_rich_style("keys-footer--edge") + Style(bgcolor=under.bgcolor))
        text.append_text(Text.assemble(*self._key_texts(palette, compact=True)))
        text.append(" ", under)
        return text

    # -- the mouse -----------------------------------------------------------------

    def _key_at(self, x: int) -> ShownKey | None:
        for start, end, key in self._drawn:
            if start <= x < end:
                return key
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        self.hovered = key.key if key is not None else None
        self.tooltip = (key.tooltip or None) if key is not None else None

    def on_leave(self, event: events.Leave) -> None:
        self.hovered = None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.disabled:
            self.app.bell()
        else:
            self.app.simulate_key(key.key)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll(SCROLL_STEP, event)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll(-SCROLL_STEP, event)

    def _scroll(self, columns: int, event: events.MouseEvent) -> None:
        palette = self._palette_text().cell_len
        overflow = max(0, self._keys_text()[0].cell_len - max(0, self.size.width - palette))
        scrolled = max(0, min(overflow, self.scrolled + columns))
        if scrolled != self.scrolled:
            self.scrolled = scrolled
            event.stop()
            event.prevent_default()
