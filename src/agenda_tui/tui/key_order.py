"""Keys handled in the order typed (`KeysInOrder`, a mixin of the App).

Textual handles a key in two places. The App looks at it first, for a priority binding
(`/`, enter in the search box), which it runs at once; any other key it sends on to the
widget with the focus, whose turn may come after the App has looked at the next keys.
The key then climbs back to the App, where the bindings of the widget focused *then* and
of its parents are looked up. So in a burst (a paste, `tmux send-keys`, a fast typist on
a busy machine) a priority key overtook the keys before it (`1/hogg` opened the search
on the day shown before the 1), and a key sent on after a key that moved the focus went
to the widget that had lost it (`w2`: the 2 went to the day's table, then hidden).

`KeysInOrder` holds each key that arrives while the key before it may still be on its
way (sent to the focused widget, and neither back at the App nor stopped on the way),
and hands the held keys to Textual one at a time, each once the key before it is done:
each key acts on what the keys before it left. Only then is the widget asked to say when
it has handled the key before: keys typed apart cost nothing more. A key that never
comes back while others wait behind it (its widget removed on the way, or a widget above
that one stopping it) holds them for at most LOST_KEY_SECONDS.
"""

from __future__ import annotations

from collections import deque
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events

from agenda_tui.tui.textual_private import key_stopped

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.timer import Timer

    _AppMixin = App[None]
else:
    _AppMixin = object

LOST_KEY_SECONDS = 1.0


class KeysInOrder(_AppMixin):
    """Named before App among the App's bases."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The last key sent to a widget, and the widget, while it may be on its way.
        self._on_its_way: tuple[events.Key, MessagePump] | None = None
        self._asked_about: events.Key | None = None
        # The keys that arrived while the one before them was on its way, in order.
        self.keys_held: deque[events.Key] = deque()
        self._lost_key_timer: Timer | None = None

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key):
            await super().on_event(event)
        elif event.is_forwarded:  # back from the widget it was sent to, for the bindings
            await super().on_event(event)
            self._key_done(event)
        elif self._may_be_on_its_way() or self.keys_held:
            self.keys_held.append(event)
            self._ask_when_handled()
        else:
            await self._handle(event)

    def _may_be_on_its_way(self) -> bool:
        """Whether the last key sent on may still be on its way: not back at the App
        (`_key_done`), nor stopped where it was handled."""
        if self._on_its_way is not None and key_stopped(self._on_its_way[0]):
            self._on_its_way = None
        return self._on_its_way is not None

    async def _handle(self, key: events.Key) -> None:
        """Textual's handling of a key as it arrives: a priority binding, or sent on to
        the focused widget (the screen, if none)."""
        await super().on_event(key)
        if key.is_forwarded:
            self._on_its_way = (key, self.focused or self.screen)  # as App.on_event chose
        else:
            self._hand_on_next_soon()

    def _ask_when_handled(self) -> None:
        """Ask the widget the key on its way was sent to to say, in its turn, whether it
        stopped the key there; and give up on the key after LOST_KEY_SECONDS."""
        if self._on_its_way is None:
            return  # held behind others, to be handed on in turn
        key, sent_to = self._on_its_way
        if self._asked_about is not key:
            self._asked_about = key
            if not sent_to.call_later(self._handled_where_sent, key):
                self._key_done(key)  # sent to a widget closing: it is not coming back
                return
        if self._lost_key_timer is None:
            self._lost_key_timer = self.set_timer(LOST_KEY_SECONDS, partial(self._lost, key))

    def _handled_where_sent(self, key: events.Key) -> None:
        """In the turn of the widget the key was sent to, after it handled the key: if it
        stopped the key there, the key is done; otherwise it is climbing to the App."""
        if key_stopped(key):
            self.call_later(self._key_done, key)

    def _key_done(self, key: events.Key) -> None:
        if self._on_its_way is None or key is not self._on_its_way[0]:
            return  # done already (back at the App, or given up on)
        self._on_its_way = None
        if self._lost_key_timer is not None:
            self._lost_key_timer.stop()
            self._lost_key_timer = None
        self._hand_on_next_soon()

    def _hand_on_next_soon(self) -> None:
        """The next key held is handled in a turn of the App's own, after what the keys
        before it asked of the App (Textual moves the focus in such a turn)."""
        if self.keys_held:
            self.call_later(self._hand_on_next)

    async def _hand_on_next(self) -> None:
        if self.keys_held and not self._may_be_on_its_way():
            await self._handle(self.keys_held.popleft())
            if self.keys_held:
                self._ask_when_handled()

    def _lost(self, key: events.Key) -> None:
        self._lost_key_timer = None
        self._key_done(key)
