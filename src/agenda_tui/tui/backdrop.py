"""`Backdrop`: the containers of the main screen, drawn as their background in one step,
and keeping the news of a change of focus to themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.containers import Container
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import ContentSwitcher, TabPane

# A mixin of widgets: a Widget to the type checker, nothing at run time (see Backdrop).
if TYPE_CHECKING:
    _WidgetMixin = Widget
else:
    _WidgetMixin = object


class Backdrop(_WidgetMixin):
    """A container whose lines are all alike: of the lines asked, it draws the first as
    Textual draws a line, and gives that one for every line.

    Textual paints a region by drawing every widget in it, back to front, containers
    included, and each line of a container took the same steps as a line of text
    (its styles, the app's line filters): as a tab opened, most of the lines drawn were
    the screen's, the switcher's, the pane's and the view's, all hidden by the widgets in
    front of them. Textual's own `Widget.BLANK` draws one blank strip too, but not as its
    styles would (without the app's line filters: NO_COLOR's, the ANSI themes').

    The lines are alike while what the container renders is Textual's blank background
    and no border or outline is drawn around it; otherwise (a keyline, an empty pane,
    which shows its name, a translucent screen, a border) each line is drawn as Textual
    draws it. tests/tui/test_backdrop.py compares, for every Backdrop on the screen, in
    several themes, sizes and crops and with NO_COLOR, what it draws with what Textual
    would. A mixin named first among the bases: Textual takes a widget's default styles
    from its first base that is a widget, the container named after it.
    """

    def render_lines(self, crop: Region) -> list[Strip]:
        if crop.height <= 1 or not self._lines_alike():
            return super().render_lines(crop)
        [line] = super().render_lines(Region(crop.x, crop.y, crop.width, 1))
        return [line] * crop.height

    def _lines_alike(self) -> bool:
        """Whether it renders Textual's blank background (the conditions of Widget.render
        and Screen.render, which are not called: a screen's takes from a stack of the
        compositor's), with no border or outline drawn."""
        styles = self.styles
        if isinstance(self, Screen):
            blank = styles.background.a == 1  # else the screen below, or the App's background
        else:
            keyline = str(styles.keyline[0])
            blank = self.is_container and not (styles.layout and keyline != "none")
        return blank and not any(edge not in ("", "none") for edge, _ in (*styles.border, *styles.outline))

    # A widget that gains or loses the focus tells its parent, and the news climbs to the
    # App one container at a time (and a TabPane adds its own, for a TabbedContent). No
    # container here listens: Textual restyles the focused widget's ancestors from the
    # screen, not from these events. Each container's turn cost as much as a widget's
    # paint, and the five or six turns of each event came after the paint of the view
    # that took the focus (`w`, `/`, escape), before the next key.
    def _on_descendant_focus(self, event: events.DescendantFocus) -> None:
        event.prevent_default()
        event.stop()

    def _on_descendant_blur(self, event: events.DescendantBlur) -> None:
        event.prevent_default()
        event.stop()


class BackdropContainer(Backdrop, Container):
    """A `Container` drawn as its background (see Backdrop)."""


class BackdropSwitcher(Backdrop, ContentSwitcher):
    """A `ContentSwitcher` drawn as its background (see Backdrop)."""


class BackdropPane(Backdrop, TabPane):
    """A `TabPane` drawn as its background (see Backdrop)."""
