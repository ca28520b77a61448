"""The view of the day tabs: a search box, a day's table or its timeline grid (`g`), and
the detail pane. Every day tab shows its day in this one view (`show_day`), which keeps
each day's search, table or grid, and cursor as the user left them.

The search looks through every day: its results are this day's matches first, then the
other days' in day order, each day's best matches first (search.Tier) and in time order
within that; a Day column shows each result's day, a line above says how many are on
this day and how many on others. The grid shows the whole day and dims what the search
does not match on it.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from time import perf_counter
from types import MappingProxyType

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Input, Static

from agenda_tui.formatting import any_day_marks, any_day_marks_in_steps, day_label, plural
from agenda_tui.grid_layout import DEFAULT_ZOOM, run_steps
from agenda_tui.model import Agenda, Session
from agenda_tui.schedule import Hidden, room_positions
from agenda_tui.search import SESSIONS_A_STEP, Programme, SearchIndex, load_typo_matching
from agenda_tui.tui.backdrop import BackdropContainer
from agenda_tui.tui.widgets.day_grid import AHEAD_STEP_SECONDS, DayGrid
from agenda_tui.tui.widgets.day_table import LINES_CACHED, NO_SESSIONS, DayTable
from agenda_tui.tui.widgets.detail_pane import DetailPane
from agenda_tui.tui.widgets.session_detail_tab import SessionDetailTab


@dataclass(frozen=True)
class _SearchScope:
    """What the search looks through from one day, breaks and hidden rooms left out: every
    day's sessions (the programme, the same from every day); its results list this day's
    first, then each other day's in day order, each session once."""

    programme: Programme
    day_of: Mapping[str, date]  # the day each is listed under, seen from this day
    # The results of the query shown and of each query it begins with: a backspace shows
    # them again without looking, which at a letter or two means most sessions. Only
    # those, so that what is kept is one query's worth; none once the box is emptied.
    found: dict[str, SearchResults] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchResults:
    """The rows a search shows, and how many of them are this day's."""

    rows: list[Session]
    on_this_day: int

    @property
    def on_other_days(self) -> int:
        return len(self.rows) - self.on_this_day


@dataclass
class LeftDay:
    """How the user left a day: where to find it again on coming back."""

    search: str | None = None  # the search open on it (None: none)
    session_id: str | None = None  # the session under the cursor
    row: int | None = None  # its row in the table
    scroll: tuple[float, float] = (0, 0)  # how far its table or grid was scrolled
    latest_first: bool = False  # its table's order (the Time header)


# The time a tick of the timers that work ahead between keys (what a search needs, the
# other days' first lines: DayTab._steps_between_keys) takes steps for: the longest a key
# waits for it, but for the step in hand.
STEPS_A_TICK_SECONDS = 0.002
# How long a day stays on show before the work for its next keys starts (DayTab._work_ahead_soon).
WORK_AHEAD_AFTER_SECONDS = 0.2


class DayTab(SessionDetailTab):
    """The sessions of a day, without the hidden rooms and tracks, narrowed by the search
    box as the user types; breaks shown or hidden. A line at the top says what is hidden,
    and an empty table says why it is empty."""

    BINDINGS = [Binding("escape", "clear_search", "Clear search", show=False)]

    show_breaks: var[bool] = var(True, init=False)
    hidden: var[Hidden] = var(Hidden(), init=False)
    # How each session changed since the user last looked: the table's badges.
    change_kinds: var[Mapping[str, tuple[str, ...]]] = var(MappingProxyType({}), init=False)
    # The days shown as a timeline grid rather than a table (the App holds and saves it).
    grid_days: var[frozenset[date]] = var(frozenset(), init=False)
    # The grid's zoom, the same for every day (the screen holds it; the zoom keys change it).
    grid_zoom: var[int] = var(DEFAULT_ZOOM, init=False)

    def __init__(self, agenda: Agenda, day: date, programme: Mapping[date, list[Session]], *,
                 local_zone: tzinfo, bookmarks: frozenset[str], notes: Mapping[str, str], zone: tzinfo,
                 now: datetime, show_breaks: bool, hidden: Hidden,
                 change_kinds: Mapping[str, tuple[str, ...]], id: str,
                 grid_days: frozenset[date] = frozenset(), grid_zoom: int = DEFAULT_ZOOM):
        """`programme`: every day's sessions, by day (the search looks through them all);
        `day`: the one shown first."""
        super().__init__(agenda, local_zone=local_zone, bookmarks=bookmarks, notes=notes,
                         zone=zone, now=now, id=id)
        self.programme = programme
        self.day = day
        self.sessions = programme.get(day, [])
        self.set_reactive(DayTab.show_breaks, show_breaks)
        self.set_reactive(DayTab.hidden, hidden)
        self.set_reactive(DayTab.change_kinds, change_kinds)
        self.set_reactive(DayTab.grid_days, grid_days)
        self.set_reactive(DayTab.grid_zoom, grid_zoom)
        self.room_order = room_positions(agenda)
        self.index = SearchIndex(agenda)  # made after the first frame (view_mounted)
        self._searched: tuple[tuple[bool, Hidden, date], _SearchScope] | None = None
        self.search_in_the_making = False  # what a search needs, made between keys
        # What the search looks through with breaks shown or not and what is hidden:
        # worked out once for every day (the search spans every day).
        self._programme: tuple[tuple[bool, Hidden], Programme] | None = None
        self._left_days: dict[date, LeftDay] = {}
        # Asked before the view was mounted (Lazy holds it back until after the first
        # frame): done in view_mounted, and when its tab is shown.
        self._wanted_session: str | None = None
        self._search_wanted = False
        self._wanted_search = ""  # a search to show (restore_search)
        self._drawn_from: tuple[object, ...] | None = None
        # Whether some times carry "+1" in a zone: on a day (by day and zone), and on
        # every day (by zone: a search shows every day's).
        self._day_marks: dict[tuple[date, tzinfo], bool] = {}
        self._every_day_marks: dict[tzinfo, bool] = {}
        self._work_ahead_timer: Timer | None = None  # _work_ahead_soon
        self._drawing_ahead_timer: Timer | None = None  # the other days' first lines (_draw_other_days_ahead)
        self._drawn_ahead_with: tuple[object, ...] | None = None  # what they were last drawn for

    def compose(self) -> ComposeResult:
        # Top down, each shown only when it has something to say: what is hidden, the
        # search box, what it found.
        yield Static("", classes="filter-status")
        yield Input(placeholder="Search every day: title, people, track, room, abstract…  (escape clears)",
                    classes="search", id=f"{self.id}-search")
        yield Static("", classes="search-status")
        with BackdropContainer(classes="split"):
            yield DayTable(self.agenda, id=f"{self.id}-table")
            yield DayGrid.of_rooms(self.agenda, self.day, self.room_order, id=f"{self.id}-grid",
                                   zoom=self.grid_zoom)
            yield DetailPane(classes="detail")

    def view_mounted(self) -> None:
        if self._wanted_search:
            self.restore_search(self._wanted_search)
        # Watched, not left to Input.Changed: that message arrives a step later, and
        # Textual's paint timer may fire in between (the box painted, then the table).
        self.watch(self.search_box, "value", self.refresh_rows, init=False)
        for name in ("zone", "now", "show_breaks", "hidden", "change_kinds"):
            self.watch(self, name, self._rows_changed, init=False)
        self.show_grid_or_table(self.table, self.shows_grid)
        self.refresh_rows()
        if self._wanted_session is not None:
            self.sessions_view.select_session(self._wanted_session)  # focused when its tab shows
            self._wanted_session = None
        self.search_in_the_making = True  # from the first frame on (_prepare_index_ahead)
        self.call_after_refresh(self._prepare_index_ahead)

    def _prepare_index_ahead(self) -> None:
        """What a search needs, made a step at each tick of a timer (between keys and
        paints), so that the first `/` does not wait for it: at 100,000 sessions it is
        over a second's work. A search before it is made finishes what it needs at once."""
        # Off the UI thread, after the first frame: its imports hold the GIL only by turns.
        self.run_worker(load_typo_matching, thread=True, name="typo-matching", exit_on_error=False)

        def made() -> None:
            self.search_in_the_making = False

        self._steps_between_keys(self._search_prepared_in_steps(), made)

    def _steps_between_keys(self, steps: Iterator[None], finished: Callable[[], None] | None = None) -> Timer:
        """Take `steps` at each tick of a timer (between keys and paints), for up to
        STEPS_A_TICK_SECONDS a tick, until they are all taken; then call `finished`."""
        done = object()

        def step() -> None:
            # Steps until the tick's time is up: a tick comes less often than its
            # interval, and one step a tick made the whole a matter of many seconds.
            until = perf_counter() + STEPS_A_TICK_SECONDS
            while perf_counter() < until:
                if next(steps, done) is done:
                    timer.stop()
                    if finished is not None:
                        finished()
                    return

        timer = self.set_interval(AHEAD_STEP_SECONDS, step)
        return timer

    def _search_prepared_in_steps(self) -> Iterator[None]:
        """The index; what a search looks through, as breaks and what is hidden are now
        (every day's sessions in one list, and each one's place in it); whether their
        times carry "+1". Each is kept only if what it was made for still holds."""
        yield from self.index.preparing()
        programme = yield from self._programme_as_shown()
        if programme is None:
            return  # what is shown changed meanwhile: the `/` makes it
        yield from self.index.taking_scope(programme.sessions)
        zone = self.zone
        marks = yield from any_day_marks_in_steps(self.agenda.sessions, zone, step=SESSIONS_A_STEP)
        self._every_day_marks.setdefault(zone, marks)

    def _programme_as_shown(self) -> Generator[None, None, Programme | None]:
        """Every day's sessions as now shown (breaks, what is hidden) in one list: the one
        kept, else made in steps and kept. None if what is shown changed between its
        steps (whoever asks next makes it)."""
        key = (self.show_breaks, self.hidden)
        if self._programme is None or self._programme[0] != key:
            programme = yield from self._programme_made(key)
            if key != (self.show_breaks, self.hidden):
                return None
            if self._programme is None or self._programme[0] != key:  # (no search made it meanwhile)
                # Only the latest is kept: each is the whole agenda's sessions again.
                self._programme = (key, programme)
        return self._programme[1]

    def _programme_made(self, key: tuple[bool, Hidden]) -> Generator[None, None, Programme]:
        """Every day's sessions as `key` shows them (breaks shown, what is hidden) in one
        list, in steps of a few hundred sessions. As `key` says, whatever is shown when
        a step comes: it may change between steps."""
        shown: dict[date, list[Session]] = {}
        for day, sessions in self.programme.items():
            rows: list[Session] = []
            for start in range(0, len(sessions), SESSIONS_A_STEP):
                rows += self._shown(sessions[start:start + SESSIONS_A_STEP], key)
                yield
            shown[day] = rows
        return (yield from Programme.in_steps(shown))

    def _prepare_search(self) -> None:
        """The index, what this day's search looks through, and whether its results' times
        carry "+1": each made once (until the day, or what is shown of it, changes)."""
        self.index.prepare(self._search_scope(self.day).programme.sessions)
        self._day_marks_in(self.zone, every_day=True)

    @property
    def table(self) -> DayTable:
        return self.query_one(DayTable)

    @property
    def grid(self) -> DayGrid:
        return self.query_one(DayGrid)

    @property
    def shows_grid(self) -> bool:
        """Whether the day is shown as a grid (`g`), rather than as a table."""
        return self.day in self.grid_days

    @property
    def sessions_view(self) -> DayTable | DayGrid:
        """The table or the grid, whichever is shown."""
        return self.grid if self.shows_grid else self.table

    @property
    def search_box(self) -> Input:
        return self.query_one(Input)

    @property
    def searching(self) -> bool:
        """Whether the search box is open (it may be empty)."""
        return self.composed and self.search_box.display

    def _show_search_box(self, shown: bool) -> None:
        """The search box and the line under it, shown or hidden. By their `display`, not
        by a class on this view, which would work out the styles of everything in it again
        (its table, grid and detail pane) at each `/` and escape."""
        self.search_box.display = shown
        self.query_one(".search-status", Static).display = shown

    def watch_grid_zoom(self, zoom: int) -> None:
        if self.composed:
            self.grid.set_zoom(zoom)

    def watch_grid_days(self, old: frozenset[date], new: frozenset[date]) -> None:
        if not self.composed or (self.day in old) == (self.day in new):
            return
        shown_before = self.grid if self.day in old else self.table
        current = shown_before.current_session_id
        focused = shown_before.has_focus
        self.show_grid_or_table(self.table, self.shows_grid)
        self._drawn_from = None
        with self.detail_held():
            self._show_rows()
            if current is not None:
                self.sessions_view.select_session(current)
        if focused or self.is_open:
            self.sessions_view.focus()
        self.show_detail()

    # -- what comes down -------------------------------------------------------

    def watch_bookmarks(self, old: frozenset[str], new: frozenset[str]) -> None:
        if not self.composed:
            return
        for session_id in old ^ new:
            self.table.set_star(session_id, session_id in new)  # one row, not the table
            self.grid.set_star(session_id, session_id in new)
        if self.current_session_id in old ^ new:
            self.show_detail()

    def _rows_changed(self) -> None:
        """A value the rows depend on changed. A tab not on show is brought up to date
        when it is next shown (show_opened)."""
        if self.is_open:
            self.refresh_rows()

    def refresh_rows(self) -> None:
        with self.detail_held():
            changed = self._show_rows()
        if changed:
            self.show_detail()

    def _show_rows(self) -> bool:
        """The rows for the day, search, filters and zone; whether they changed (the
        detail pane is the caller's to bring up to date)."""
        if not self.composed:
            return False  # view_mounted fills it
        query = self.search_box.value.strip()
        # Read once: each read of a bound value goes through Textual's descriptor.
        show_breaks, hidden, zone, now = self.show_breaks, self.hidden, self.zone, self.now
        change_kinds = self.change_kinds
        # What the rows depend on: each value bound from the screen arrives once more
        # when the binding is made, and the rows need not be worked out again.
        grid = self.shows_grid
        drawn_from = (self.day, show_breaks, hidden, query, zone, now.replace(second=0, microsecond=0),
                      change_kinds, grid)
        if drawn_from == self._drawn_from:
            return False
        self._drawn_from = drawn_from
        day = self.sessions if show_breaks else [s for s in self.sessions if not s.is_break]
        if not query and self._searched is not None:
            self._searched[1].found.clear()
        if grid:
            rows = hidden.apply(day)
            found = self.search(query) if query else None
            matches = None if found is None else {session.id for session in found.rows[:found.on_this_day]}
            self.grid.show(rows, zone=zone, now=now, bookmarks=self.bookmarks, matches=matches)
            self._show_search(found, len(self.grid.grid_layout.blocks))  # as drawn
            self._show_hidden(hidden, day, rows, "")
        elif query:
            found = self.search(query)
            self._show_search(found)
            self._show_hidden(hidden, day, found.rows, query)
            self.table.show(found.rows, zone=zone, now=now, bookmarks=self.bookmarks,
                            days=self._search_scope(self.day).day_of,
                            day_marks=self._day_marks_in(zone, every_day=True), change_kinds=change_kinds)
        else:
            rows = hidden.apply(day)
            self._show_search(None, len(rows))
            self._show_hidden(hidden, day, rows, query)
            self.table.show(rows, zone=zone, now=now, bookmarks=self.bookmarks,
                            day_marks=self._day_marks_in(zone), change_kinds=change_kinds)
        self._work_ahead_soon()  # (the lines drawn ahead may be gone: a new minute, zone, badge)
        return True

    def _work_ahead_soon(self) -> None:
        """Once the day has been on show for WORK_AHEAD_AFTER_SECONDS (not for each day
        flipped past on the way to another): its grid laid out for a `g`, and the lines
        the other days will first show drawn, each a step at a time between keys."""
        if self._work_ahead_timer is not None:
            self._work_ahead_timer.stop()
        self._work_ahead_timer = self.set_timer(WORK_AHEAD_AFTER_SECONDS, self._work_ahead)

    @property
    def working_ahead(self) -> bool:
        """Whether the work for the next keys waits for the day to stay on show, or is
        in the making (the grid's layouts, the other days' first lines)."""
        return (self._work_ahead_timer is not None or self._drawing_ahead_timer is not None
                or (self.composed and self.grid.layouts_in_the_making > 0))

    def _work_ahead(self) -> None:
        self._work_ahead_timer = None
        if not self.is_open or self.shows_grid:
            return  # the tab's next showing starts it again
        self.grid.lay_out_ahead(self._shown(self.sessions), self.zone)
        self._draw_other_days_ahead()

    def _draw_other_days_ahead(self) -> None:
        """The lines the other days' tables will first show, drawn between keys (anew, if
        they were being drawn: what they show may have changed). Not again while the
        table keeps the same lines as when they were last drawn, for the same days."""
        started_with = self._other_days_drawn_with()
        if started_with == self._drawn_ahead_with:
            return
        self._stop_drawing_ahead()

        def drawn() -> None:
            self._drawing_ahead_timer = None
            ended_with = self._other_days_drawn_with()
            # (what they depend on, but for the lines kept, which the drawing changed)
            if ended_with[1:] == started_with[1:]:
                self._drawn_ahead_with = ended_with

        self._drawing_ahead_timer = self._steps_between_keys(self._other_days_drawn(), drawn)

    def _stop_drawing_ahead(self) -> None:
        if self._drawing_ahead_timer is not None:
            self._drawing_ahead_timer.stop()
            self._drawing_ahead_timer = None

    def _other_days_drawn_with(self) -> tuple[object, ...]:
        """What the other days' first lines depend on, the lines the table keeps first
        (the rows' context is in them: the table drops its lines when that changes)."""
        return (self.table.kept_lines_version, self.day, self.show_breaks, self.hidden, self.zone,
                self.grid_days, self.table.size.width, self._rows_in_view_without_search(),
                dict(self._left_days))

    def _rows_in_view_without_search(self) -> int:
        """The lines of the table on a day shown without the search box (the day on
        show's, and the search box's and its status line's if they are shown)."""
        height = self.table.size.height
        if self.searching:
            height += self.search_box.outer_size.height + self.query_one(".search-status").outer_size.height
        return height

    def on_resize(self) -> None:
        self._work_ahead_soon()  # (the other days' lines in columns for the new width)

    def _other_days_drawn(self) -> Iterator[None]:
        """Each other day's first screen of rows, as it was left (or from its start),
        drawn by the table in that day's columns: the nearest days first, while they
        take at most half the lines the table keeps. Days shown as a grid, or left with
        a search typed, are left to their first showing."""
        zone, page = self.zone, self._rows_in_view_without_search()  # (and a line more)
        budget = LINES_CACHED // 2
        for day in sorted(self.programme, key=lambda day: abs(day - self.day)):
            left = self._left_days.get(day, LeftDay())
            if day == self.day or day in self.grid_days or (left.search or "").strip():
                continue
            if budget < page:
                return
            budget -= page
            sessions = self.programme[day]
            top = round(left.scroll[1])
            ordered = sessions[::-1] if left.latest_first else sessions
            rows: list[Session] = []
            for start in range(0, len(ordered), SESSIONS_A_STEP):
                if len(rows) >= top + page:
                    break
                rows += self._shown(ordered[start:start + SESSIONS_A_STEP])
                yield
            if (day, zone) not in self._day_marks:
                marks = yield from any_day_marks_in_steps(sessions, zone, step=SESSIONS_A_STEP)
                self._day_marks.setdefault((day, zone), marks)
            yield from self.table.draw_ahead(rows[top:top + page], day_marks=self._day_marks[day, zone])

    def _day_marks_in(self, zone: tzinfo, *, every_day: bool = False) -> bool:
        """Whether some of the day's times (or of every day's, which a search shows) carry
        "+1" in `zone`: worked out once a zone."""
        if every_day:
            if zone not in self._every_day_marks:
                self._every_day_marks[zone] = any_day_marks(self.agenda.sessions, zone)
            return self._every_day_marks[zone]
        if (self.day, zone) not in self._day_marks:
            self._day_marks[self.day, zone] = any_day_marks(self.sessions, zone)
        return self._day_marks[self.day, zone]

    def rows_on_show(self, query: str | None = None, *, day: date | None = None) -> list[Session]:
        """A day's sessions (the day on show, unless given) as its table shows them:
        breaks shown or not, the hidden rooms and tracks left out, the search applied
        (`query`: the day's own, unless given). While searching the table also lists
        other days' matches below these (`search`). The grid shows the whole day, its
        timed sessions, whatever the search."""
        if day is None:
            day = self.day
        if query is None:
            query = (self._search_on(day) or "").strip()
        sessions = self.programme.get(day, [])
        if day in self.grid_days:
            return [session for session in self._shown(sessions) if not session.all_day]
        if query:
            found = self.search(query, day=day)
            return found.rows[:found.on_this_day]
        return self._shown(sessions)

    def _search_on(self, day: date) -> str | None:
        """The search open on `day`, as typed so far (None: none)."""
        if day != self.day:
            left = self._left_days.get(day)
            return left.search if left is not None else None
        if not self.composed:
            return self._wanted_search or None
        return self.search_box.value if self.searching else None

    def _shown(self, sessions: list[Session], shown: tuple[bool, Hidden] | None = None) -> list[Session]:
        """The sessions with breaks shown or not and what is hidden left out: as now, or
        as `shown` says (breaks shown, what is hidden)."""
        show_breaks, hidden = shown or (self.show_breaks, self.hidden)
        rows = sessions if show_breaks else [s for s in sessions if not s.is_break]
        return hidden.apply(rows)

    def search(self, query: str, *, day: date | None = None) -> SearchResults:
        """The sessions of every day that match `query`: the day's first (the day on show,
        unless given), then each other day's in order; within a day the best matches
        first, in time order."""
        if day is None:
            day = self.day
        scope = self._search_scope(day)
        if (remembered := scope.found.get(query)) is not None:
            return remembered
        programme = scope.programme
        rows, on_this_day = programme.ordered(self.index.by_tier(programme.sessions, query), day)
        for other in [other for other in scope.found if not query.startswith(other)]:
            del scope.found[other]
        # Never changed from here on: the table keeps the list it is shown (DayTable.show).
        found = scope.found[query] = SearchResults(rows, on_this_day)
        return found

    def _search_scope(self, day: date) -> _SearchScope:
        """Worked out again when the day, breaks or what is hidden change (the programme
        only for the last two: it is every day's)."""
        key = (self.show_breaks, self.hidden)
        if self._searched is None or self._searched[0] != (*key, day):
            programme = run_steps(self._programme_as_shown())
            assert programme is not None  # made at once: what is shown cannot change meanwhile
            self._searched = ((*key, day), _SearchScope(programme, programme.day_of(day)))
        return self._searched[1]

    def _show_search(self, found: SearchResults | None, rows_shown: int = 0) -> None:
        """How many matches are on this day and how many on others; with no query yet,
        the `rows_shown`. The line shows with the search box, not at the
        first keystroke, which would lay the screen out again."""
        status = self.query_one(".search-status", Static)
        if found is None:
            here = f"{plural(rows_shown, 'session')} on {day_label(self.day)} · type to search every day"
        else:
            count = found.on_this_day
            if not found.rows and len(self.programme) > 1:
                here = "No matches on any day"
            else:
                here = f"{count or 'No'} match{'' if count == 1 else 'es'} on {day_label(self.day)}"
                if len(self.programme) > 1:
                    here += (f" · {found.on_other_days} more on other days" if found.on_this_day
                             else f" · {found.on_other_days} on other days")
            # A grid lists no results: it dims what does not match, and enter goes to a
            # match; the other days' are in the table (g), which lists every day's.
            if not self.shows_grid:
                here += "  (enter: results, escape: clear)"
            elif found.on_other_days:  # (short: the line is cut at 80 columns)
                here += "  (enter, then g: all days)"
            else:
                here += "  (enter: to a match, escape: clear)"
        status.update(Text(here), layout=False)  # one line, whatever it says

    def _show_hidden(self, hidden: Hidden, day: list[Session], rows: list[Session], query: str) -> None:
        """What is hidden, on the line at the top; and why the table is empty, in it.
        `day`: the day's sessions with breaks shown or not, before hiding."""
        summary = self._hidden_summary(hidden)
        self.set_class(bool(summary), "-filtered")
        hidden_here = [session for session in day if hidden.hides(session)] if summary else []
        if summary:
            self.query_one(".filter-status", Static).update(Text(
                f"{summary[:1].upper()}{summary[1:]} · {plural(len(hidden_here), 'session')} not shown"
                " · f change · F show all"))
        if rows:
            return
        if query:
            # on any day, as the search is; asked session by session, which leaves the
            # shared index's scope (and what it remembers of it) as the search left it
            missed = sum(1 for session in self.agenda.sessions
                         if hidden.hides(session) and self.index.matches(session.id, query)) if summary else 0
            lines: tuple[str, ...] = (NO_SESSIONS,)
            if missed:
                lines += (f"{plural(missed, 'session')} in hidden rooms or tracks would match: "
                          "F to show all.",)
        elif day and summary:
            lines = (f"All {plural(len(day), 'session')} of this day are in hidden rooms or tracks "
                     f"({summary}).", "f to choose what to show, F to show everything.")
        else:
            lines = (NO_SESSIONS,)
        self.sessions_view.explain_empty(lines)

    # -- what the screen asks (tabs.TabView, tabs.SessionsTab) ---------------------

    def show_day(self, day: date) -> None:
        """Show `day` (its tab was chosen) as the user left it: its search, its table or
        grid, its cursor and scroll; a day not shown before from its start."""
        if day == self.day:
            return
        self._search_wanted = False  # a `/` for the day left
        if not self.composed:  # view_mounted shows it, and the search wanted for its day
            self._left_days[self.day] = LeftDay(self._wanted_search or None)
            self.day, self.sessions = day, self.programme.get(day, [])
            self._wanted_search = self._left_days.pop(day, LeftDay()).search or ""
            self._wanted_session = None
            return
        view = self.sessions_view
        self._left_days[self.day] = LeftDay(self._search_on(self.day), view.current_session_id,
                                            self.table.cursor_row, (view.scroll_x, view.scroll_y),
                                            self.table.latest_first)
        focus_was_here = self.has_focus_within
        left = self._left_days.pop(day, LeftDay())
        self.day, self.sessions = day, self.programme.get(day, [])
        self.table.latest_first = left.latest_first
        # The search line, shown or hidden, changes the height the rows have.
        resized = self.searching != (left.search is not None)
        with self.detail_held():
            self.table.forget_cursor()
            self.grid.show_day(day)
            self.show_grid_or_table(self.table, self.shows_grid)
            self._show_search_box(left.search is not None)
            self.search_box.value = left.search or ""  # (its watcher shows the rows)
            self._show_rows()
            view = self.sessions_view
            if left.session_id is not None and (
                    self.table.select_session(left.session_id, row_hint=left.row) if view is self.table
                    else view.select_session(left.session_id)):
                view.scroll_back(*left.scroll, resized=resized)
            else:
                view.action_first()
        # The detail of the session the cursor is back on, once, in the frame that shows
        # the day.
        self.show_detail()
        if focus_was_here:
            self.focus_now(view)

    def show_opened(self) -> None:
        self.refresh_rows()
        self._work_ahead_soon()
        if self._search_wanted:  # `/` before the view was mounted
            self._search_wanted = False
            self.open_search()
        elif not self.has_focus_within:  # `/` may have put it in the search box
            self.focus_now(self.sessions_view)

    def tab_closed(self) -> None:
        super().tab_closed()
        self._stop_drawing_ahead()  # (drawn when its tab is shown again, if need be)
        self._search_wanted = False

    @property
    def current_session_id(self) -> str | None:
        return self.sessions_view.current_session_id if self.composed else None

    def select_session(self, session_id: str) -> bool:
        if not self.composed:
            self._wanted_session = session_id
            return any(session.id == session_id for session in self.sessions)
        self.refresh_rows()  # a tab not on show may be behind
        if self.shows_grid:
            found = self.grid.select_session(session_id)
            if found:
                self.grid.focus()
            return found
        if session_id not in self.table and self.search_box.value:
            # Hidden by the search: clear it (which refreshes the rows, view_mounted).
            # One in a hidden room or track, or a break while breaks are hidden, stays hidden.
            self.search_box.value = ""
        found = self.table.select_session(session_id)
        if found:
            self.table.focus()
        return found

    def open_search(self) -> None:
        if not self.composed:
            self._search_wanted = True
            return
        self._show_search_box(True)
        # Now, not after the messages waiting (as Widget.focus would): the keys typed
        # just after "/" go to the widget with the focus when they arrive.
        self.focus_now(self.search_box)
        self._prepare_search()  # here, so that the first keystroke does not wait for it

    def restore_search(self, query: str) -> None:
        """Show the search `query` (carried over from the screen of an agenda's previous copy)."""
        if not self.composed:
            self._wanted_search = query
            return
        self._wanted_search = ""
        self._show_search_box(True)
        self.search_box.value = query

    def close_search(self) -> None:
        self.search_box.value = ""
        self._show_search_box(False)
        self.focus_now(self.sessions_view)

    # -- what the user does ------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # handled as the value changes (on_mount)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.leave_search()

    def leave_search(self) -> None:
        """From the search box to the results (enter), the search kept: in the grid, to a
        match. The focus moves in this step, so the keys typed next go to the results."""
        if self.shows_grid:
            self.grid.to_match()
        self.focus_now(self.sessions_view)

    def action_clear_search(self) -> None:
        self.close_search()
