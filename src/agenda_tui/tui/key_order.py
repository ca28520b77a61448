"""Keys handled in the order typed (`KeysInOrder`, a mixin of the App).

Textual handles a key in two places. The App looks at it first, for a priority binding
(`/`, enter in the search box), which it runs at once; any other key it sends on to the
widget with the focus, whose turn may come after the App has looked at the next keys.
The key then climbs back to the App, where the bindings of the widget focused *then* and
of its parents are looked up. So in a burst (a paste, `tmux send-keys`, a fast typist on
a busy machine) a priority key overtook the keys before it (`1/hogg` opened the search
on the day shown before the 1), and a key sent on after a key that moved the focus went
to the widget that had lost it (`w2`: the 2 went to the day's table, then hidden). A
paste is sent to the focused widget too, and is kept in its place among the keys.

`KeysInOrder` holds each key (or paste) that arrives while the one before it is on its
way (sent to the focused widget, and neither back at the App nor stopped by that
widget), and hands the held ones to Textual one at a time, each in a turn of the App's
own once the one before is done: after the focus that one moved. The widget a key was
sent to is asked, in its turn after the key, whether it stopped the key there: Textual's
mark of a key stopped is no sign that it is done elsewhere (the screen marks each key
from the terminal so, passing it on to the App that sent it). A key that never comes
back (its widget removed on the way, or a widget above that one stopping it) holds the
keys after it until LOST_KEY_SECONDS after it was sent, at most.

What a key sets off in messages between widgets is not waited for: `enter` on a row
opens the session's screen once the table's message has climbed to the App, and a key
typed just after it may act on the day's table first.
"""

from __future__ import annotations

import time
from collections import deque
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events

from agenda_tui.tui.textual_private import key_stopped

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    _AppMixin = App[None]
else:
    _AppMixin = object

LOST_KEY_SECONDS = 1.0

Typed = events.Key | events.Paste


class KeysInOrder(_AppMixin):
    """Named before App among the App's bases."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._on_its_way: Typed | None = None
        self._sent_at = 0.0  # when the key on its way was sent on (time.monotonic)
        # The keys and pastes that arrived while the one before them was on its way.
        self.keys_held: deque[Typed] = deque()
        self._lost_key_timer: Timer | None = None

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, Typed):
            await super().on_event(event)
        elif event.is_forwarded:  # back from the widget it was sent to, for the bindings
            await super().on_event(event)
            self._done(event)
        elif self._waiting():
            self.keys_held.append(event)
            self._give_up_in_time()
        else:
            await self._handle(event)

    def _waiting(self) -> bool:
        """Whether a key arriving now waits: behind keys held, or behind a key on its
        way for less than LOST_KEY_SECONDS (one lost with nothing behind it is given up
        on here, when the next key comes)."""
        if (self._on_its_way is not None and not self.keys_held
                and time.monotonic() - self._sent_at >= LOST_KEY_SECONDS):
            self._done(self._on_its_way)
        return self._on_its_way is not None or bool(self.keys_held)

    async def _handle(self, typed: Typed) -> None:
        """Textual's handling of a key as it arrives (a priority binding, or sent on to
        the focused widget, or the screen if none: App.on_event), the widget sent it then
        asked to say whether it stopped it there."""
        await super().on_event(typed)
        if not typed.is_forwarded:
            self._hand_on_next_soon()
            return
        self._on_its_way, self._sent_at = typed, time.monotonic()
        sent_to = self.focused or self.screen  # as App.on_event chose it
        if not sent_to.call_later(self._handled_where_sent, typed):
            self._done(typed)  # sent to a widget closing: it is not coming back

    def _handled_where_sent(self, typed: Typed) -> None:
        """In the turn of the widget the key was sent to, after it handled the key: if
        the key was stopped, it is done (one the screen passed on to the App is there
        already, ahead of this); otherwise it is climbing to the App."""
        if key_stopped(typed):
            self.call_later(self._done, typed)

    def _done(self, typed: Typed) -> None:
        if typed is not self._on_its_way:
            return  # done already (back at the App, or given up on)
        self._on_its_way = None
        if self._lost_key_timer is not None:
            self._lost_key_timer.stop()
            self._lost_key_timer = None
        self._hand_on_next_soon()

    def _hand_on_next_soon(self) -> None:
        """The next one held is handled in a turn of the App's own, after what the keys
        before it asked of the App (Textual moves the focus in such a turn)."""
        if self.keys_held:
            self.call_later(self._hand_on_next)

    async def _hand_on_next(self) -> None:
        if self.keys_held and self._on_its_way is None:
            await self._handle(self.keys_held.popleft())
            self._give_up_in_time()

    def _give_up_in_time(self) -> None:
        """Hand on the ones held if the key on its way is not done LOST_KEY_SECONDS
        after it was sent."""
        if self._lost_key_timer is None and self._on_its_way is not None and self.keys_held:
            left = max(0.0, self._sent_at + LOST_KEY_SECONDS - time.monotonic())
            self._lost_key_timer = self.set_timer(left, partial(self._lost, self._on_its_way))

    def _lost(self, typed: Typed) -> None:
        self._lost_key_timer = None
        self._done(typed)
