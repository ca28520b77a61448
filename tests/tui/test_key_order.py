"""KeysInOrder: keys arriving in one burst are handled one at a time, in the order typed,
whether a key is taken by a priority binding, by the focused widget, or by a binding
looked up as it climbs back to the App; a key that never comes back holds the next ones
up for a moment only. (The main screen's bursts: tests/tui/test_pilot_search.py.)"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.widget import Widget
from textual.widgets import Input

from agenda_tui.tui import key_order
from agenda_tui.tui.key_order import KeysInOrder, Typed
from tests.tui.conftest import settled


class _Box(Widget, can_focus=True):
    BINDINGS = [Binding("x", "mark('x')")]

    def action_mark(self, what: str) -> None:
        self.app.marks.append(f"{self.id}:{what}")  # type: ignore[attr-defined]


class _Swallower(Container):
    """A container that stops every key climbing through it (none of the main screen's
    do): the keys of the box in it never come back to the App, nor are they stopped
    where they were sent."""

    def on_key(self, event: events.Key) -> None:
        event.stop()


class _BurstApp(KeysInOrder, App[None]):
    BINDINGS = [
        Binding("ctrl+f", "focus_next_box", priority=True),  # acts as it arrives
        Binding("g", "focus_next_box"),  # acts when back from the focused widget
        Binding("m", "mark", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[str] = []

    def compose(self) -> ComposeResult:
        yield _Box(id="first")
        yield _Box(id="second")
        yield Input(id="box")
        with _Swallower():
            yield _Box(id="swallowed")

    def on_mount(self) -> None:
        self.query_one("#first").focus()

    def action_mark(self) -> None:
        self.marks.append("app:m")

    def action_focus_next_box(self) -> None:
        order = ["first", "second", "box", "first"]
        self.query_one(f"#{order[order.index(self.focused.id) + 1]}").focus()  # type: ignore[union-attr]


def burst(app: App[object], keys: list[str]) -> None:
    """Keys as the terminal's driver sends them (from the App), all at once."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None).set_sender(app))


async def test_a_burst_is_handled_in_the_order_typed():
    app = _BurstApp()
    async with app.run_test() as pilot:
        # x on the first box, then g (which climbs back to the App) to the second, x
        # there, then ctrl+f (a priority binding) to the input, which takes what follows
        # as text (a g too), until ctrl+f moves on to the first box.
        burst(app, ["x", "g", "x", "ctrl+f", "a", "g", "ctrl+f", "x"])
        await settled(pilot)
        assert app.marks == ["first:x", "second:x", "first:x"]
        assert app.query_one(Input).value == "ag"
        assert not app.keys_held


async def test_without_keys_in_order_the_same_burst_is_handled_out_of_order(monkeypatch):
    """The control: Textual's own handling of the same burst, which the mixin changes."""
    monkeypatch.setattr(_BurstApp, "on_event", App.on_event)
    app = _BurstApp()
    async with app.run_test() as pilot:
        burst(app, ["x", "g", "x", "ctrl+f", "a", "g", "ctrl+f", "x"])
        await settled(pilot)
        assert (app.marks, app.query_one(Input).value) != (["first:x", "second:x", "first:x"], "ag")


class _RecordingDeque(deque[Typed]):
    def __init__(self) -> None:
        super().__init__()
        self.ever: list[str] = []

    def append(self, typed: Typed) -> None:
        self.ever.append(getattr(typed, "key", "paste"))
        super().append(typed)


async def lost_key_then_m(pilot) -> None:
    """q typed on the box whose keys are stopped above it, never to come back; then m."""
    pilot.app.query_one("#swallowed").focus()
    await pilot.pause()
    burst(pilot.app, ["q", "m"])


async def test_a_key_that_never_comes_back_holds_the_next_ones(monkeypatch):
    monkeypatch.setattr(key_order, "LOST_KEY_SECONDS", 60.0)
    app = _BurstApp()
    async with app.run_test() as pilot:
        await lost_key_then_m(pilot)
        for _ in range(3):
            await pilot.pause()
        assert [key.key for key in app.keys_held] == ["m"] and app.marks == []


async def until(pilot, condition: Callable[[], bool]) -> None:
    """Pause until `condition` holds, however loaded the machine (a few seconds at most)."""
    for _ in range(300):
        if condition():
            return
        await pilot.pause(0.01)
    assert condition()


async def test_a_key_that_never_comes_back_holds_them_for_a_moment_only(monkeypatch):
    monkeypatch.setattr(key_order, "LOST_KEY_SECONDS", 0.05)
    app = _BurstApp()
    async with app.run_test() as pilot:
        await lost_key_then_m(pilot)
        await until(pilot, lambda: app.marks == ["app:m"])
        assert not app.keys_held
        burst(app, ["q"])  # lost again, with no key behind it
        await pilot.pause(0.1)  # longer than LOST_KEY_SECONDS
        app.keys_held = held = _RecordingDeque()
        burst(app, ["m"])  # the next key, typed later, does not wait for it
        await until(pilot, lambda: app.marks == ["app:m", "app:m"])
        assert held.ever == []


async def test_keys_typed_apart_are_held_by_none():
    """Each typed once the one before has acted."""
    app = _BurstApp()
    async with app.run_test() as pilot:
        app.keys_held = held = _RecordingDeque()
        for key, acted in [("x", lambda: app.marks == ["first:x"]),
                           ("g", lambda: app.focused is app.query_one("#second")),
                           ("x", lambda: app.marks == ["first:x", "second:x"]),
                           ("ctrl+f", lambda: app.focused is app.query_one(Input)),
                           ("a", lambda: app.query_one(Input).value == "a")]:
            burst(app, [key])
            await until(pilot, acted)
        assert held.ever == []
