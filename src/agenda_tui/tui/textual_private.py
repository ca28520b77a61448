"""The private members of Textual (8.2.8) that agenda-tui uses, each wrapped here and only here.

- `Widget._size_updated(size, virtual_size, container_size, layout=True)`, which
  `ScrollView` overrides: Textual's layout calls it with every new size of a widget, and
  its return value says whether to send a Resize event. `SizeHookScrollView` passes it
  on to `size_updated`, a method of its own that a subclass overrides.
- `Widget._scroll_update(virtual_size)`: fits the scrollbars to a virtual size now,
  rather than in the layout that follows the next paint (`update_scrollbars_now`).
- `textual.widgets._tabs.Underline`, the bar under a `Tabs` widget's active tab, and
  its reactives `highlight_start` and `highlight_end`: `Tabs` moves it only after the
  next paint, so every switch of tab painted twice (`move_tab_underline_now`).
- `Screen._result_callbacks` and `Screen._push_result_callback(requester, callback)`:
  `App.switch_screen` pops a result callback from the screen it replaces, which the
  app's default screen never had (`switch_base_screen`).
- `MessagePump._context()`, which makes a message pump the one running (Textual's
  context variable `active_message_pump`): `data_bind` binds a widget to the reactives
  of the pump running, which is the App when a key's action runs (`binding_as`).

An upgrade of Textual may remove or change them without notice:
tests/tui/test_textual_private.py fails, naming the member, when it does.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from textual.app import App
from textual.await_complete import AwaitComplete
from textual.geometry import Size
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import Tabs
from textual.widgets._tabs import Underline


class SizeHookScrollView(ScrollView):
    """A scroll view that sees every new size Textual gives it, in `size_updated`."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        return self.size_updated(size, virtual_size, container_size, layout)

    def size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                     layout: bool = True) -> bool:
        """Takes the new size as a scroll view does; True when a Resize event should be
        sent. Override it and call this to see each new size as it comes."""
        return super()._size_updated(size, virtual_size, container_size, layout)


def update_scrollbars_now(widget: Widget, virtual_size: Size) -> None:
    """Fit `widget`'s scrollbars to `virtual_size` in this step, not after the next paint."""
    widget._scroll_update(virtual_size)


def move_tab_underline_now(tabs: Tabs) -> None:
    """Put the underline of `tabs` under its active tab in this step, as `Tabs` puts it
    after the next paint (where it then stays)."""
    active = tabs.active_tab
    if active is None:
        return
    start, end = active.virtual_region.shrink(active.styles.gutter).column_span
    underline = tabs.query_one(Underline)
    underline.highlight_start, underline.highlight_end = start, end


def switch_base_screen(app: App[Any], screen: Screen[Any]) -> AwaitComplete:
    """Replace the one screen on the stack, the app's default screen included, with `screen`."""
    base = app.screen_stack[-1]
    if not base._result_callbacks:
        base._push_result_callback(app, None)
    return app.switch_screen(screen)


def binding_as(parent: MessagePump) -> AbstractContextManager[None]:
    """Inside, `widget.data_bind(...)` binds to `parent`'s reactives, as in its compose,
    whichever message pump runs (a view made on a key is made while the App runs it)."""
    return parent._context()
