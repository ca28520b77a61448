"""Apps for Pilot and snapshot tests: fixed clock, fixed laptop zone, a private state file."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
from textual._compositor import Compositor
from textual.app import App
from textual.dom import DOMNode
from textual.geometry import Region, Size
from textual.message import Message
from textual.notifications import Notification
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable

from agenda_tui.agenda_file import load_agenda
from agenda_tui.clock import Clock
from agenda_tui.model import Agenda
from agenda_tui.paths import embedded_agenda_path
from agenda_tui.state_file import StateFile
from agenda_tui.tui.app import AgendaApp, make_app
from agenda_tui.tui.key_order import KeysInOrder
from agenda_tui.tui.screens.agenda_screen import OTHER_TABS, AgendaScreen
from agenda_tui.tui.widgets.day_tab import DayTab
from agenda_tui.tui.widgets.day_table import DayTable

# A laptop in Berlin looking at a conference in Cambridge, MA: the two zones
# differ, so "your time" shows in the detail pane and `t` changes the table.
LAPTOP_ZONE = ZoneInfo("Europe/Berlin")
EVENT_ZONE = ZoneInfo("America/New_York")
DURING_DAY_ONE = datetime(2024, 3, 14, 10, 15, tzinfo=EVENT_ZONE)


class SteppedClock(Clock):
    """A clock frozen at a moment that a test moves on: a minute passing, or a laptop
    waking up hours later."""

    def __init__(self, at: datetime):
        super().__init__(at, frozen=True)
        self.moment = at

    def now(self) -> datetime:
        return self.moment

    def advance(self, **elapsed: float) -> None:
        self.moment += timedelta(**elapsed)


def build_app(state_dir: Path, *, at: datetime = DURING_DAY_ONE,
              agenda_path: Path | None = None, agenda: Agenda | None = None,
              clock: Clock | None = None, **options: Any) -> AgendaApp:
    """The app as the CLI makes it, its state in `state_dir`, its settings file in the
    test's own AGENDA_TUI_HOME; its clock frozen at `at`, unless `clock` is given.
    `options` go to `make_app` (an agenda's source, offline, the fetch limits)."""
    agenda = agenda or load_agenda(agenda_path or embedded_agenda_path())
    store = StateFile(state_dir / f"{agenda.conference.id}.toml", agenda.conference.id)
    return make_app(agenda, store, clock or Clock(at, frozen=True), LAPTOP_ZONE, **options)


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def app(state_dir: Path) -> AgendaApp:
    return build_app(state_dir)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch):
    """Blinking cursors make screenshots differ from run to run."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)
    monkeypatch.setattr(TextArea, "cursor_blink", False, raising=False)


def row_texts(table: DataTable | DayTable) -> list[list[str]]:
    return [[cell.plain for cell in table.get_row_at(index)] for index in range(table.row_count)]


def notifications(app: App[object]) -> list[Notification]:
    """The notifications the app is showing, oldest first. Textual keeps no public list of
    them: its private one is read here, and only here."""
    return list(app._notifications)


def column_labels(table: DataTable | DayTable) -> list[str]:
    """The headers of a table's columns, left to right (which the day table shows
    depends on its width)."""
    if isinstance(table, DayTable):
        return table.column_labels
    return [column.label.plain for column in table.ordered_columns]


def _column_index(table: DataTable | DayTable, label: str) -> int:
    labels = column_labels(table)
    assert label in labels, f"no column {label!r} in {table.id or table!r}: its columns are {labels}"
    return labels.index(label)


def column(table: DataTable | DayTable, label: str) -> list[str]:
    """The plain text of the column headed `label`, row by row."""
    index = _column_index(table, label)
    return [row[index] for row in row_texts(table)]


def cell(table: DataTable | DayTable, row: int, label: str) -> str:
    """The plain text of one cell: row `row` (from 0), in the column headed `label`."""
    return table.get_row_at(row)[_column_index(table, label)].plain


def active_table(app: AgendaApp) -> DayTable:
    return app.main.active_view.table


# -- running an app in a test --------------------------------------------------------

SIZE = (120, 40)
# Each step is one `pilot.pause()`: the app handles what is pending, then goes idle. A
# step or two is the rule; a condition still unmet after this many never will be.
STEPS = 20


def _first_table_filled(app: App[object]) -> bool:
    """The main screen is mounted and the table of the tab it opened on has its columns
    (or its grid, on a day shown as one, its size)."""
    if not isinstance(app, AgendaApp) or not app.screen_stack:
        return False
    view = app.main.active_view
    if view is None or not view.composed:
        return False
    if isinstance(view, DayTab) and view.shows_grid:
        return bool(view.grid.size)
    return bool(view.table.column_labels)


def _pending(app: App[object]) -> list[str]:
    """What the app is still doing: a resize of the terminal not yet laid out, views
    not made or not mounted yet (every tab but the first is made and mounted just after
    the first frame) or widgets of theirs not mounted yet, workers running, what a day
    view's search needs in the making (after the first frame, a step at a time), keys
    typed in a burst not handed on yet (KeysInOrder)."""
    pending = [f"{type(screen).__name__} still {screen.outer_size}, the terminal {app.size}"
               for screen in app.screen_stack if screen.outer_size != app.size]
    pending += [f"{len(screen.query('Lazy'))} tab(s) not mounted yet on {type(screen).__name__}"
                for screen in app.screen_stack if screen.query("Lazy")]
    pending += [f"the {tab_id} tab's view not made yet" for screen in app.screen_stack
                if isinstance(screen, AgendaScreen) for tab_id in OTHER_TABS
                if not screen.query(f"#{tab_id}-view")]
    pending += [f"{type(widget).__name__} on {type(screen).__name__} not mounted yet"
                for screen in app.screen_stack for widget in screen.walk_children()
                if not widget.is_mounted][:1]
    pending += [f"worker {worker.name!r} running" for worker in app.workers if worker.is_running]
    pending += [f"what the search of {view.id} needs not made yet" for screen in app.screen_stack
                for view in screen.query(DayTab) if view.search_in_the_making]
    if isinstance(app, KeysInOrder) and app.keys_held:
        pending.append(f"{len(app.keys_held)} key(s) held until the one before is handled")
    return pending


async def settled(pilot: Pilot[object]) -> None:
    """Wait until the app has nothing left to do: laid out at the terminal's size, every
    lazily mounted tab's view mounted, its workers done and what they sent handled.
    Fails, saying what is still pending, if that does not happen within STEPS pauses."""
    app = pilot.app
    for _ in range(STEPS):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not _pending(app):
            return
    raise AssertionError(f"the app did not settle in {STEPS} pauses: {', '.join(_pending(app))}")


@asynccontextmanager
async def started(app: App[object], size: tuple[int, int] = SIZE, *, settle: bool = True,
                  message_hook: Callable[[Message], None] | None = None) -> AsyncIterator[Pilot[object]]:
    """Run `app` headless at `size`; with `settle`, wait until its first screen is
    settled (the main screen mounted, the table of its first tab filled) before going on.
    `settle=False` is for a test of what happens before then. `message_hook` is given
    each message as a widget (or the App) takes its turn with it: a message that climbs
    from a widget to its parents is given once for each."""
    async with app.run_test(size=size, message_hook=message_hook) as pilot:
        if settle:
            for _ in range(STEPS):
                await pilot.pause()
                if _first_table_filled(app):
                    break
            else:
                raise AssertionError(f"the app's first screen was not filled in {STEPS} pauses")
        yield pilot


T = TypeVar("T")


def counting(method: Callable[..., T], calls: list[int]) -> Callable[..., T]:
    """`method`, adding 1 to `calls` at each call (to patch a class with: paints, layouts)."""
    def counted(*args: Any, **options: Any) -> T:
        calls.append(1)
        return method(*args, **options)
    return counted


def whole_arrangements(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time a screen's compositor arranges the screen whole,
    making its map of every widget (in a layout, or when that map is next asked for)."""
    arrangements: list[int] = []
    arrange = Compositor._arrange_root

    def counted(compositor: Compositor, parent: Widget, size: Size, visible_only: bool = True) -> Any:
        if not visible_only:
            arrangements.append(1)
        return arrange(compositor, parent, size, visible_only=visible_only)

    monkeypatch.setattr(Compositor, "_arrange_root", counted)
    return arrangements


def map_made(screen: Screen[object]) -> None:
    """Has `screen` make its map of every widget now if a change since its last layout
    (a hidden widget repainted) marked it to be made again, as the first question of
    where a widget off the screen is makes it: a key's count of arrangements then starts
    from a map made."""
    hidden = next(widget for widget in screen.walk_children(Widget) if not widget.display)
    assert hidden.region == Region(0, 0, 0, 0)


@contextmanager
def restyled(app: App[object]) -> Iterator[list[DOMNode]]:
    """The nodes whose styles the app's stylesheet works out again while in the block
    (Stylesheet.update_nodes: a class or pseudo-class changed), each once per time."""
    nodes: list[DOMNode] = []
    update_nodes = app.stylesheet.update_nodes

    def counted(given: Iterable[DOMNode], animate: bool = False) -> None:
        given = list(given)
        nodes.extend(given)
        update_nodes(given, animate)

    app.stylesheet.update_nodes = counted  # type: ignore[method-assign]
    try:
        yield nodes
    finally:
        del app.stylesheet.update_nodes
