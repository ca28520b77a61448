"""Interactions in the running app, headless through `App.run_test`: per key, the time
from posting the key until the app has handled it, plus the paint that shows the result.

Textual paints on a 60 Hz timer: after a key has been handled the screen waits up to
16.7 ms for the next tick before painting. That idle wait is the same for every Textual
app and is not work, so it is left out of each sample and reported on its own
(`idle_ms`). Pilot's `press` is not used to time keys: it sleeps at least three times
20 ms waiting for the process to look idle, which would swamp a 16 ms budget; keys are
posted to the app as the terminal driver posts them.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from textual import events
from textual.app import App

SIZE = (160, 45)
SETTLE_TIMEOUT_SECONDS = 30.0
PAINT_TIMEOUT_SECONDS = 1.0
QUERY = "machine learning"
BOOKMARK_TOGGLES = 20  # per run; even, so each run leaves the bookmark as it found it
NOW_KEYS = ["down"] * 10 + ["up"] * 10


class InteractionError(AssertionError):
    """The app did not do what the keys asked: the timings would mean nothing."""


@dataclass
class KeyTiming:
    """One sample. `work_ms`: key to handled, plus the paints it caused (idle waits for
    the paint timer left out); `idle_ms`: those waits; `paints`: how many, taking
    `paint_ms` of the work; `handled_ms`: key to first quiet, before any paint."""

    work_ms: float
    idle_ms: float
    paints: int
    paint_ms: float = 0.0
    handled_ms: float = 0.0


@dataclass
class Series:
    """The samples of one interaction; `floor_ms` replaces key timings for measures whose
    baseline is not an app (the disk's durable write)."""

    timings: list[KeyTiming] = field(default_factory=list)
    floor_ms: list[float] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)

    @property
    def samples(self) -> list[float]:
        return self.floor_ms or [timing.work_ms for timing in self.timings]

    @property
    def idle(self) -> list[float]:
        return [timing.idle_ms for timing in self.timings]


# -- watching the app ---------------------------------------------------------------


class PaintRecorder:
    """Wraps the screen's `_refresh_layout` and `_compositor_refresh` (on the instance) to
    record each paint's start and end; a paint that follows a layout starts with it.
    The headless driver skips turning the frame into terminal output; the wrapped
    `App._display` does that work too (and drops the text), as a terminal would need it."""

    def __init__(self, app: App, screen) -> None:
        self.app = app
        self.screen = screen
        self.paints: list[tuple[float, float]] = []
        self.calls = 0
        self._depth = 0
        self._start = 0.0
        self._painted = False
        self._event = asyncio.Event()
        self._wrapped: list[tuple[object, str]] = []
        self._wrap(screen, "_refresh_layout", painting=False)
        self._wrap(screen, "_compositor_refresh", painting=True)
        original_display = app._display

        def display(screen, renderable) -> None:
            if renderable is not None and hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)
            original_display(screen, renderable)

        app._display = display
        self._wrapped.append((app, "_display"))

    def _wrap(self, target, name: str, *, painting: bool) -> None:
        original = getattr(target, name)

        def wrapper(*args, **kwargs):
            if self._depth == 0:
                self._start = time.perf_counter()
            self._depth += 1
            try:
                return original(*args, **kwargs)
            finally:
                self._depth -= 1
                if painting:
                    self.calls += 1
                    self._painted = True
                if self._depth == 0 and self._painted:
                    self._painted = False
                    self.paints.append((self._start, time.perf_counter()))
                    self._event.set()

        setattr(target, name, wrapper)
        self._wrapped.append((target, name))

    async def next_paint(self, count: int, timeout: float) -> tuple[float, float] | None:
        """The first paint after the first `count`, waiting up to `timeout` for it."""
        deadline = time.perf_counter() + timeout
        while len(self.paints) <= count:
            self._event.clear()
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return None
            try:
                await asyncio.wait_for(self._event.wait(), remaining)
            except TimeoutError:
                return None
        return self.paints[count]

    def close(self) -> None:
        for target, name in self._wrapped:
            vars(target).pop(name, None)


class Probe:
    """Posts keys to an app and times them until the app is settled again."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.recorder = PaintRecorder(app, app.screen)

    def _pumps(self) -> list:
        nodes = getattr(self.app, "_registry", None)
        if nodes is None:
            nodes = self.app.screen.walk_children(with_self=True)
        return [self.app, *nodes]

    def _paint_pending(self) -> bool:
        screen = self.recorder.screen
        return bool(getattr(screen, "_dirty_widgets", None)
                    or getattr(screen, "_layout_required", False)
                    or getattr(screen, "_repaint_required", False)
                    or getattr(screen, "_scroll_required", False)
                    or getattr(screen, "_recompose_required", False))

    def _workers_running(self) -> bool:
        return any(not worker.is_finished for worker in self.app.workers)

    async def until_quiet(self, deadline: float) -> float:
        """When every message queue of the app and its widgets was first seen empty (twice
        in a row, with no worker running): the key and what it set off have been handled."""
        quiet_since: float | None = None
        pumps = self._pumps()  # widgets mounted meanwhile are awaited by busy parents
        while True:
            now = time.perf_counter()
            if now > deadline:
                raise InteractionError(f"the app was still busy {SETTLE_TIMEOUT_SECONDS:g} s "
                                       "after a key")
            busy = any(pump._message_queue.qsize() or getattr(pump, "_next_callbacks", None)
                       for pump in pumps)
            if busy:
                quiet_since = None
                await asyncio.sleep(0)
            elif self._workers_running():
                quiet_since = None
                await asyncio.sleep(0.0005)  # a thread at work: let it have the GIL
            elif quiet_since is None:
                quiet_since = now
                await asyncio.sleep(0)
            else:
                return quiet_since

    async def settle(self, started: float) -> KeyTiming:
        """Wait until the app is quiet with nothing left to paint; time since `started`
        less the idle waits for the paint timer."""
        deadline = started + SETTLE_TIMEOUT_SECONDS
        first = len(self.recorder.paints)
        idle = 0.0
        handled: float | None = None
        while True:
            quiet_at = await self.until_quiet(deadline)
            handled = quiet_at if handled is None else handled
            if not self._paint_pending():
                paints = self.recorder.paints[first:]
                finished = max(quiet_at, paints[-1][1] if paints else quiet_at)
                return KeyTiming((finished - started - idle) * 1000, idle * 1000, len(paints),
                                 sum(end - start for start, end in paints) * 1000,
                                 (handled - started) * 1000)
            paint = await self.recorder.next_paint(len(self.recorder.paints), PAINT_TIMEOUT_SECONDS)
            if paint is None:
                raise InteractionError(f"the screen had changes to paint and did not paint "
                                       f"them within {PAINT_TIMEOUT_SECONDS:g} s")
            idle += max(0.0, paint[0] - quiet_at)

    async def press(self, key: str) -> KeyTiming:
        started = time.perf_counter()
        self.app.post_message(key_event(key))
        return await self.settle(started)

    async def act(self, action: Callable[[], object]) -> KeyTiming:
        started = time.perf_counter()
        action()
        return await self.settle(started)

    def close(self) -> None:
        self.recorder.close()


def key_event(key: str) -> events.Key:
    """The Key event a terminal would send for `key` ("a", " ", "backspace", "slash"), made
    as `Pilot.press` makes it."""
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


FIRST_KEY_AFTER_SECONDS = 1.5


async def quiet_start(app: App, pilot) -> None:
    """After start-up: background work done, no animations, no blinking cursors, and the
    second that a person takes before the first key (the app settles its memory then)."""
    from textual.widgets import Input

    await pilot.pause(FIRST_KEY_AFTER_SECONDS)
    await app.workers.wait_for_complete()
    saver = getattr(app, "saver", None)
    if saver is not None:
        await saver.drain()
    for box in app.query(Input):
        box.cursor_blink = False
    await pilot.pause()


# -- agenda-tui -------------------------------------------------------------------------


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise InteractionError(message)


def _current_session(app) -> str | None:
    """The session under the cursor, where the screen says (None: not known here)."""
    return getattr(app.main, "current_session_id", None)


def _day_rows(app, number: int) -> int:
    from agenda_tui.schedule import conference_days, sessions_on

    day = conference_days(app.agenda)[number - 1]
    return sum(1 for s in sessions_on(app.agenda, day) if app.show_breaks or not s.is_break)


def _expected_matches(app, query: str) -> int | None:
    """What the day on show should list for `query` (the matches of every day), computed
    without the UI (None when the search module's interface is not the one known here)."""
    try:
        from agenda_tui.search import SearchIndex

        sessions = [s for s in app.agenda.sessions if app.show_breaks or not s.is_break]
        return len(SearchIndex(app.agenda).filter(sessions, query))
    except Exception:  # noqa: BLE001 - a colleague's new interface: check less, not fail
        return None


def _make_app_as_the_cli_does(make_app, *args):
    """`owns_process=True` where the code under test has it (not before it)."""
    try:
        return make_app(*args, owns_process=True)
    except TypeError:
        return make_app(*args)


def _long_lived():
    """agenda_tui.collector.long_lived where the code under test has it (memory.long_lived
    before it was named so; nothing before that)."""
    try:
        from agenda_tui.collector import long_lived
    except ImportError:
        try:
            from agenda_tui.memory import long_lived
        except ImportError:
            return contextlib.nullcontext()
    return long_lived()


async def agenda_interactions(agenda_path: Path, state_dir: Path, at: datetime, runs: int,
                              progress: Callable[[str], None]) -> dict[str, Series]:
    """Search, day tabs, scrolling and bookmarking in agenda-tui on the agenda at `agenda_path`."""
    from agenda_tui.agenda_file import load_agenda
    from agenda_tui.atomic import atomic_write_bytes
    from agenda_tui.clock import Clock
    from agenda_tui.schedule import conference_days, sessions_on
    from agenda_tui.state_file import StateFile
    from agenda_tui.tui.app import make_app

    with _long_lived():  # as `agenda-tui` opens an agenda
        agenda = load_agenda(agenda_path)
        store = StateFile(state_dir / f"{agenda.conference.id}.toml", agenda.conference.id)
    app = _make_app_as_the_cli_does(make_app, agenda, store, Clock(at))  # time runs, as with --at
    app.animation_level = "none"
    days = conference_days(agenda)
    biggest = max(range(1, len(days) + 1), key=lambda n: len(sessions_on(agenda, days[n - 1])))
    series = {name: Series() for name in ("search", "search_box", "tabs", "now_open", "now_keys", "scroll",
                                          "bookmark",
                                          "bookmark_paint", "bookmark_floor")}
    async with app.run_test(size=SIZE) as pilot:
        await quiet_start(app, pilot)
        probe = Probe(app)
        try:
            # (a) search: "/" then the query one key at a time, then backspace it all away,
            # then escape. "/" and escape are a series of their own: each shows or hides
            # the search box and changes the footer's keys.
            progress(f"interactions: search, {len(agenda.sessions)} sessions")
            full = app.main.active_view.table.row_count
            expected = _expected_matches(app, QUERY)
            for _ in range(runs):
                series["search_box"].timings.append(await probe.press("slash"))
                _check(app.main.active_view.search_box.display, "/ did not show the search box")
                for char in QUERY:
                    series["search"].timings.append(await probe.press(char))
                filtered = app.main.active_view.table.row_count
                if expected is not None:
                    _check(filtered == expected, f"searching {QUERY!r} shows {filtered} rows; "
                                                 f"the search index finds {expected}")
                else:
                    _check(filtered < full, f"searching {QUERY!r} left all {full} rows")
                for _ in QUERY:
                    series["search"].timings.append(await probe.press("backspace"))
                restored = app.main.active_view.table.row_count
                _check(restored == full, f"after clearing the search {restored} rows, not {full}")
                # Escape empties the box too: the next run types anew.
                series["search_box"].timings.append(await probe.press("escape"))
                _check(not app.main.active_view.search_box.display, "escape did not hide the search box")
            series["search"].checks.append(
                f"{full} rows → {filtered} for {QUERY!r}"
                + (" (= the search index's count)" if expected is not None else "") + f" → {full}")
            series["search_box"].checks.append("/ showed the search box and escape hid it")

            # (b) day tabs: the digit keys, cycling through the days.
            progress("interactions: day tabs")
            order = [*range(2, len(days) + 1), 1] if len(days) > 1 else [1]
            for _ in range(runs):
                for number in order:
                    series["tabs"].timings.append(await probe.press(str(number)))
                    shown, wanted = app.main.active_view.table.row_count, _day_rows(app, number)
                    _check(shown == wanted, f"day {number} shows {shown} rows, not {wanted}")
            series["tabs"].checks.append(f"each of {len(order)} days showed its own sessions")

            # (b2) the Now view: `w` from the first day's tab, then down and up in it.
            progress("interactions: the Now view")
            for _ in range(runs):
                await probe.press("1")
                series["now_open"].timings.append(await probe.press("w"))
                now_view = app.main.active_view
                _check(app.main.tabs.active == "now" and now_view.table.row_count > 0,
                       "w did not show the Now view with sessions in it")
                for key in NOW_KEYS:
                    series["now_keys"].timings.append(await probe.press(key))
            series["now_open"].checks.append(f"the Now view listed {now_view.table.row_count} rows")
            await probe.press("1")

            # (c) scrolling on the biggest day: page down, line down, end, home.
            progress(f"interactions: scrolling day {biggest}")
            await probe.press(str(biggest))
            app.main.active_view.table.focus()
            await probe.settle(time.perf_counter())
            for _ in range(runs):
                for key in ["pagedown"] * 20 + ["down"] * 20 + ["end"]:
                    series["scroll"].timings.append(await probe.press(key))
                at_end = _current_session(app)
                series["scroll"].timings.append(await probe.press("home"))
                _check(at_end is None or at_end != _current_session(app),
                       "end and home left the cursor on the same session")
            series["scroll"].checks.append(f"day {biggest}: {_day_rows(app, biggest)} rows; "
                                           "end and home reach different sessions")

            # (d) bookmark toggles, each until the durable write is done; after each, the
            # floor: the same file rewritten durably by atomic_write_bytes, interleaved so
            # that both meet the disk in the same mood.
            progress("interactions: bookmark toggles")
            before = set(store.state.bookmarks)
            for run in range(runs):
                for toggle in range(BOOKMARK_TOGGLES):
                    paints_before = len(probe.recorder.paints)
                    started = time.perf_counter()
                    app.post_message(key_event("b"))
                    handled = await probe.until_quiet(started + SETTLE_TIMEOUT_SECONDS)
                    await app.saver.drain()
                    done = time.perf_counter()
                    series["bookmark"].timings.append(
                        KeyTiming((done - started) * 1000, 0.0, 0, handled_ms=(handled - started) * 1000))
                    if run == 0 and toggle == 0:
                        on_disk = StateFile(store.path, agenda.conference.id).state.bookmarks
                        _check(set(on_disk) != before, "the bookmark did not reach the state file")
                    await probe.settle(time.perf_counter())  # the star's paint
                    # Key to paint: handled, plus the paints that followed (whenever the
                    # paint timer let them run: the idle wait is left out, as for keys).
                    paint_ms = sum(end - start for start, end in probe.recorder.paints[paints_before:]) * 1000
                    series["bookmark_paint"].timings.append(
                        KeyTiming((handled - started) * 1000 + paint_ms, 0.0,
                                  len(probe.recorder.paints) - paints_before, paint_ms,
                                  (handled - started) * 1000))
                    state_bytes = store.path.read_bytes()
                    started = time.perf_counter()
                    atomic_write_bytes(store.path, state_bytes)
                    series["bookmark_floor"].floor_ms.append((time.perf_counter() - started) * 1000)
            series["bookmark"].checks.append("the first toggle was read back from the state file")
        finally:
            probe.close()
    return series


# -- the timeline grid ----------------------------------------------------------------

# Keys in the grid: across the rooms and back, down and up a room, pages, j and k, and a
# zoom out and in (each needs the whole day laid out at another zoom: timed apart).
GRID_KEYS = (["right"] * 8 + ["down"] * 10 + ["left"] * 8 + ["up"] * 10 + ["pagedown"] * 3
             + ["pageup"] * 3 + ["j", "k"] * 4 + ["minus", "plus"])
ZOOM_KEYS = ("minus", "plus")
# The same number of keys in the day table, whose cursor moves only up and down.
TABLE_KEYS = [{"right": "down", "left": "up", "minus": "down", "plus": "up"}.get(key, key)
              for key in GRID_KEYS]


async def grid_interactions(agenda_path: Path, state_dir: Path, at: datetime, runs: int,
                            progress: Callable[[str], None]) -> dict[str, Series]:
    """The busiest day opened as a timeline grid against the same day opened as a table
    (each from another day's tab), `g` from table to grid against back, and keys in the
    grid against keys in the table."""
    from agenda_tui.agenda_file import load_agenda
    from agenda_tui.clock import Clock
    from agenda_tui.schedule import conference_days, sessions_on
    from agenda_tui.state_file import StateFile
    from agenda_tui.tui.app import make_app

    with _long_lived():
        agenda = load_agenda(agenda_path)
        store = StateFile(state_dir / f"{agenda.conference.id}.toml", agenda.conference.id)
    app = _make_app_as_the_cli_does(make_app, agenda, store, Clock(at))
    app.animation_level = "none"
    days = conference_days(agenda)
    busiest = max(range(1, len(days) + 1), key=lambda n: len(sessions_on(agenda, days[n - 1])))
    other = next((n for n in range(1, len(days) + 1) if n != busiest), None)
    names = ("grid_open", "table_open", "grid_toggle", "table_toggle", "grid_keys", "table_keys", "grid_zoom")
    series = {name: Series() for name in names}

    def view():
        return app.main.active_view

    async def open_day(name: str) -> None:
        if other is not None:
            await probe.press(str(other))
            series[name].timings.append(await probe.press(str(busiest)))

    async with app.run_test(size=SIZE) as pilot:
        await quiet_start(app, pilot)
        probe = Probe(app)
        try:
            progress(f"interactions: the grid, day {busiest} of {agenda.conference.title}")
            await probe.press(str(busiest))
            for _ in range(runs):
                await open_day("table_open")
                _check(not view().shows_grid and view().table.row_count > 0,
                       f"day {busiest} did not open as a table")
                for key in TABLE_KEYS:
                    series["table_keys"].timings.append(await probe.press(key))
                series["grid_toggle"].timings.append(await probe.press("g"))
                grid = view().grid
                _check(view().shows_grid and grid.display and len(grid.grid_layout.blocks) > 0,
                       f"g did not show day {busiest} as a grid")
                await open_day("grid_open")
                _check(view().shows_grid and grid.has_focus, f"day {busiest} did not open as its grid")
                visited = {grid.current_session_id}
                for key in GRID_KEYS:
                    timed = series["grid_zoom" if key in ZOOM_KEYS else "grid_keys"]
                    timed.timings.append(await probe.press(key))
                    visited.add(grid.current_session_id)
                _check(len(visited) > min(10, len(grid.grid_layout.blocks) // 2),
                       f"the keys visited {len(visited)} blocks of the grid")
                series["table_toggle"].timings.append(await probe.press("g"))
                _check(not view().shows_grid, "g did not bring the table back")
            rooms = len(view().grid.grid_layout.columns)
            series["grid_keys"].checks.append(
                f"day {busiest}: {len(view().grid.grid_layout.blocks)} blocks in {rooms} columns; "
                f"the keys visited {len(visited)} blocks")
        finally:
            probe.close()
    return series


# -- the baseline ---------------------------------------------------------------------


async def baseline_interactions(runs: int, days: int, progress: Callable[[str], None],
                                rows_file: Path | None = None) -> dict[str, Series]:
    """The same keys in the bare baseline holding the same rows (`rows_file`), with a search
    box (bench.baseline.SearchBaselineApp): typing in the box, its day tabs, scrolling its
    first day's table, `/` and escape showing and hiding the box."""
    from bench.baseline import SearchBaselineApp

    app = SearchBaselineApp(rows_file)
    app.animation_level = "none"
    series = {name: Series() for name in ("search", "tabs", "scroll", "search_box")}
    progress("interactions: the baseline app")
    async with app.run_test(size=SIZE) as pilot:
        await quiet_start(app, pilot)
        probe = Probe(app)
        try:
            app.query_one("#search").focus()
            await probe.settle(time.perf_counter())
            for _ in range(runs):
                for char in QUERY:
                    series["search"].timings.append(await probe.press(char))
                for _ in QUERY:
                    series["search"].timings.append(await probe.press("backspace"))
            app.query_one("#table-1").focus()  # digits typed into the search box stay there
            await probe.settle(time.perf_counter())
            order = [*range(2, days + 1), 1] if days > 1 else [1]
            for number in order:  # untimed: each day's table filled once (the bare app's load)
                await probe.press(str(number))
            for _ in range(runs):
                for number in order:
                    series["tabs"].timings.append(await probe.press(str(number)))
                    _check(app.active_day == number, f"the baseline did not show day {number}")
            app.query_one("#table-1").focus()
            await probe.settle(time.perf_counter())
            for _ in range(runs):
                for key in ["pagedown"] * 20 + ["down"] * 20 + ["end", "home"]:
                    series["scroll"].timings.append(await probe.press(key))
            await probe.press("escape")  # untimed: the box hidden, as agenda-tui's is at first
            for _ in range(runs):
                series["search_box"].timings.append(await probe.press("slash"))
                _check(app.search_box_shown, "/ did not show the baseline's search box")
                series["search_box"].timings.append(await probe.press("escape"))
                _check(not app.search_box_shown, "escape did not hide the baseline's search box")
        finally:
            probe.close()
    return series
