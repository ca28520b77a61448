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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from rich.cells import cell_len
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
    pointer_x: reactive[int | None] = reactive(None)  # the pointer's column, while over the footer
    scrolled: reactive[int] = reactive(0)  # columns of keys scrolled past, where they overflow

    def __init__(self, *, show_command_palette: bool = True, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.show_command_palette = show_command_palette

    def on_mount(self) -> None:
        # Told at once (immediate), not after the messages waiting: the keys change in
        # the frame that shows or hides the search box.
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed, immediate=True)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.shown = shown_keys(screen, with_palette=self.show_command_palette)

    def watch_shown(self) -> None:
        self.scrolled = 0  # other keys: from the first, as Textual's Footer built anew
        self._pointed_at_changed()

    def watch_pointer_x(self) -> None:
        self._pointed_at_changed()

    def on_resize(self) -> None:
        self.scrolled = min(self.scrolled, self._placed().overflow)

    # -- where each key goes ---------------------------------------------------------

    def _placed(self) -> _Placed:
        """Where each key is on the line at the footer's width, scrolled as it is."""
        width = self.size.width
        palette = self.shown.palette
        palette_texts = self._texts([palette], compact=True)[0] if palette else None
        # The palette's key: a line before it and a space after it.
        palette_width = sum(map(cell_len, palette_texts)) + 2 if palette_texts else 0
        room = max(0, width - palette_width)
        texts = self._texts(self.shown.keys, compact=False)
        spans = []
        end = 0
        for key, key_texts in zip(self.shown.keys, texts, strict=True):
            start, end = end, end + sum(map(cell_len, key_texts))
            spans.append((start, end, key))
        overflow = max(0, end - room)
        scrolled = min(self.scrolled, overflow)
        on_line = [(max(0, start - scrolled), min(room, end - scrolled), key) for start, end, key in spans
                   if end > scrolled and start - scrolled < room]
        if palette is not None:
            on_line.append((room, width, palette))
        return _Placed(tuple(on_line), room, scrolled, overflow, tuple(texts), palette_texts)

    def _key_at(self, x: int | None, placed: _Placed | None = None) -> ShownKey | None:
        if x is None:
            return None
        for start, end, key in (placed or self._placed()).spans:
            if start <= x < end:
                return key
        return None

    def _texts(self, keys: Sequence[ShownKey], *, compact: bool) -> list[tuple[str, str]]:
        """Each key and what it does, padded as a FooterKey draws them (`compact`: as
        Textual's Footer draws its command palette's key)."""
        if compact:
            return [(key.key_display, f" {key.description}" if key.description else "") for key in keys]
        key_padding = self.get_component_styles("footer-key--key").padding
        description_padding = self.get_component_styles("footer-key--description").padding
        return [(" " * key_padding.left + key.key_display + " " * key_padding.right,
                 " " * description_padding.left + key.description + " " * description_padding.right
                 if key.description else "") for key in keys]

    # -- drawing -------------------------------------------------------------------

    def render(self) -> Text:
        placed = self._placed()
        lit = self._key_at(self.pointer_x, placed)
        keys = Text(no_wrap=True, end="")
        for key, texts in zip(self.shown.keys, placed.texts, strict=True):
            keys.append_text(self._key_text(key, texts, lit=key is lit))
        line = _cells_from(keys, placed.scrolled)
        line.truncate(placed.room)
        line.append(" " * (placed.room - line.cell_len))
        if (palette := self.shown.palette) is not None and placed.palette_texts is not None:
            under = self._under(palette, lit=palette is lit)
            edge = self.get_component_rich_style("keys-footer--edge") + Style(bgcolor=under.bgcolor)
            line.append(EDGE, edge)
            line.append_text(self._key_text(palette, placed.palette_texts, lit=palette is lit))
            line.append(" ", under)
        return line

    def _under(self, key: ShownKey, *, lit: bool) -> Style:
        """The style under a key's cells, lit under the pointer; whole, not partial, as
        its colour may be see-through (blended over the footer's)."""
        return self.get_component_rich_style("keys-footer--hover" if lit else "keys-footer--item")

    def _key_text(self, key: ShownKey, texts: tuple[str, str], *, lit: bool) -> Text:
        """`texts` (the key and what it does, padded) in the key's styles."""
        under = self._under(key, lit=lit)
        if key.disabled:
            under += self.get_component_rich_style("keys-footer--disabled", partial=True)
        key_text, description = texts
        return Text.assemble(
            (key_text, under + self.get_component_rich_style("footer-key--key", partial=True)),
            (description, under + self.get_component_rich_style("footer-key--description", partial=True)),
            no_wrap=True, end="")

    # -- the mouse -----------------------------------------------------------------

    def _pointed_at_changed(self) -> None:
        """The key under the pointer (a move, or other keys under a still pointer): its
        tooltip, and the pointer's shape."""
        key = self._key_at(self.pointer_x)
        tooltip = (key.tooltip or None) if key is not None else None
        if tooltip != self.tooltip:
            self.tooltip = tooltip
        self.set_class(key is not None, "-over-key")

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.pointer_x = event.x

    def on_leave(self, event: events.Leave) -> None:
        self.pointer_x = None

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

    def on_mouse_scroll_right(self, event: events.MouseScrollRight) -> None:
        self._scroll(SCROLL_STEP, event)

    def on_mouse_scroll_left(self, event: events.MouseScrollLeft) -> None:
        self._scroll(-SCROLL_STEP, event)

    def _scroll(self, columns: int, event: events.MouseEvent) -> None:
        placed = self._placed()
        scrolled = max(0, min(placed.overflow, placed.scrolled + columns))
        if scrolled != placed.scrolled:
            self.scrolled = scrolled
            event.stop()
            event.prevent_default()


@dataclass(frozen=True, slots=True)
class _Placed:
    """The keys on the line: each one's columns (end excluded; the command palette's
    last), the columns for the other keys, how far they are scrolled and can be, and
    their texts, worked out once for the line."""

    spans: tuple[tuple[int, int, ShownKey], ...]
    room: int
    scrolled: int
    overflow: int
    texts: tuple[tuple[str, str], ...]  # each key's and its description's, padded, in order
    palette_texts: tuple[str, str] | None


def _cells_from(text: Text, column: int) -> Text:
    """`text` from its cell `column` on (a character two cells wide that the column
    cuts is left out, its second cell shown blank)."""
    cells = 0
    for index, character in enumerate(text.plain):
        if cells >= column:
            return Text(" " * (cells - column), end="", no_wrap=True).append_text(text[index:])
        cells += cell_len(character)
    return Text(" " * max(0, cells - column), end="", no_wrap=True)
