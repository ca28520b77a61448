"""The timeline grid of a day, as pure geometry: rooms are columns, time runs down in
lines of a few minutes each (the zoom), each session a block whose height follows its
duration. Sessions that overlap in one room sit side by side in lanes of its column.

The grid widget (tui/widgets/day_grid.py) draws what this says and moves its cursor
with `below`, `above` and `beside`; nothing here knows about Textual.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TypeVar, cast

from agenda_tui.model import Session

# Minutes per line, from the closest view to the widest; the default shows a 30-minute
# talk in three lines (its title, its speakers, a line to spare).
ZOOM_MINUTES = (5, 10, 15, 30, 60)
DEFAULT_ZOOM = 1
# The most lines a block may be drawn below its time at a zoom the keys reach: sessions
# that follow each other each get a line of their own, the later below; wider zooms, at
# which a room of short talks would drift further and further from the clock, are refused.
MAX_DRIFT = 1
NO_ROOM = None  # the column of the sessions that name no room, after every room
NO_DAY = date(2000, 1, 1)  # the day of a timeline with nothing in it

T = TypeVar("T")


def zoomed(zoom: int, step: int) -> int:
    """The zoom level `step` levels on (+1: more minutes a line), kept in range."""
    return max(0, min(len(ZOOM_MINUTES) - 1, zoom + step))


@dataclass(frozen=True, slots=True)
class Block:
    """One session in the grid: its column (room), its lane among `lanes` side by side
    in that column, and the lines it covers, `top` to `bottom` (not included)."""

    session: Session
    column: int
    lane: int
    lanes: int
    top: int
    bottom: int
    run: int = 0  # which run of overlapping sessions of its column it is in

    @property
    def id(self) -> str:
        return self.session.id

    def covers(self, line: int) -> bool:
        return self.top <= line < self.bottom

    def span(self, width: int) -> tuple[int, int]:
        """The cells of a column `width` wide that its lane takes: left, right (not included)."""
        return self.lane * width // self.lanes, (self.lane + 1) * width // self.lanes


@dataclass
class GridLayout:
    """Where each session of a day goes. `columns`: the rooms, in the source's order, then
    `NO_ROOM` when some session names none. Time runs down by the wall clock of each
    column's day (`day`, or `days` for a timeline of days): line 0 is `first_minute`
    minutes after that day's midnight, so that the day the clocks change reads as its
    clocks do, and times past midnight run on below (24:30 and on)."""

    columns: list[str | None]
    zone: tzinfo
    day: date  # the day of a day's rooms; the first of a timeline of days
    first_minute: int  # since the midnight that starts a column's day, line 0's
    minutes: int  # per line
    lines: int
    blocks: list[Block]
    # A timeline of several days (My schedule): each column's day. Empty for one day's rooms.
    days: list[date] = field(default_factory=list)
    # The most lines a block starts below its time, after sessions shorter than a line
    # that follow each other in a room (the widget zooms out only while it is MAX_DRIFT).
    drift: int = 0
    by_column: list[list[Block]] = field(default_factory=list)  # each column's, by top then lane
    _by_id: dict[str, Block] = field(default_factory=dict)
    # Each column's blocks by the lines they cover: made for a column when first asked
    # (the grid draws the columns on screen; a big day has many more).
    _blocks_by_line: list[dict[int, list[Block]] | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self.by_column) != len(self.columns):  # (not given by the maker)
            self.by_column = [[] for _ in self.columns]
            for block in sorted(self.blocks, key=_column_order):
                self.by_column[block.column].append(block)
        if len(self._by_id) != len(self.blocks):  # (not given by the maker)
            self._by_id = {block.id: block for block in self.blocks}
        self._blocks_by_line = [None for _ in self.columns]

    def __contains__(self, session_id: object) -> bool:
        return session_id in self._by_id

    def block(self, session_id: str) -> Block | None:
        return self._by_id.get(session_id)

    def blocks_at(self, column: int, line: int) -> Sequence[Block]:
        """The blocks of a column that cover a line (one per lane at most)."""
        lines = self._blocks_by_line[column]
        if lines is None:
            lines = self._blocks_by_line[column] = {}
            for block in self.by_column[column]:
                for line_covered in range(block.top, block.bottom):
                    lines.setdefault(line_covered, []).append(block)
        return lines.get(line, ())

    def block_at(self, column: int, line: int, x: int, width: int) -> Block | None:
        """The block under cell `x` of a column `width` wide, on `line`."""
        for block in self.blocks_at(column, line):
            left, right = block.span(width)
            if left <= x < right:
                return block
        return None

    def day_of(self, column: int) -> date:
        """The day whose wall clock a column follows."""
        return self.days[column] if self.days else self.day

    def line_of(self, moment: datetime, column: int = 0) -> int:
        """The line that holds `moment` in a column (may be outside the grid)."""
        seconds = wall_seconds(moment, self.day_of(column), self.zone) - self.first_minute * 60
        return seconds // (self.minutes * 60)

    def minute_of(self, line: int) -> int:
        """When `line` starts: minutes since its day's midnight (1440 and on: past midnight)."""
        return self.first_minute + self.minutes * line

    def now_columns(self, now: datetime) -> list[int]:
        """The columns the now-line crosses: every room of a day, or the day that holds
        `now` in a timeline of days (the last whose line 0 has passed, while in the grid)."""
        if not self.blocks:
            return []
        if not self.days:
            line = self.line_of(now)
            return list(range(len(self.columns))) if 0 <= line < self.lines else []
        started = [column for column in range(len(self.columns)) if self.line_of(now, column) >= 0]
        if started and self.line_of(now, started[-1]) < self.lines:
            return [started[-1]]
        return []

    # -- moving from block to block ------------------------------------------------

    def below(self, block: Block) -> Block | None:
        """The next block down its column: in a clash, the next in its own lane; else
        the next by top, then lane."""
        column = self.by_column[block.column]
        later = column[column.index(block) + 1:]
        return next((b for b in later if b.run == block.run and b.lane == block.lane),
                    later[0] if later else None)

    def above(self, block: Block) -> Block | None:
        column = self.by_column[block.column]
        earlier = column[:column.index(block)][::-1]
        return next((b for b in earlier if b.run == block.run and b.lane == block.lane),
                    earlier[0] if earlier else None)

    def beside(self, block: Block, step: int) -> Block | None:
        """The block to the right (`step` 1) or left (-1): the next lane's block on at
        any of its lines (the one on at its first such line), else the neighbouring
        room's block at its time (the one on at its first line, else the nearest in
        time), skipping rooms with none."""
        lane = block.lane + step
        if 0 <= lane < block.lanes:
            for line in range(block.top, block.bottom):
                for other in self.blocks_at(block.column, line):
                    if other.lane == lane:
                        return other
        column = block.column + step
        while 0 <= column < len(self.columns):
            found = self.nearest(column, block.top, prefer_lane=0 if step > 0 else None)
            if found is not None:
                return found
            column += step
        return None

    def nearest(self, column: int, line: int, *, prefer_lane: int | None = None) -> Block | None:
        """The column's block on at `line` (the lane given, else the last lane), or the
        nearest to it in time, the one to come first at equal distance."""
        on = self.blocks_at(column, line)
        if on:
            if prefer_lane is not None:
                return min(on, key=lambda b: abs(b.lane - prefer_lane))
            return max(on, key=lambda b: b.lane)
        blocks = self.by_column[column]
        if not blocks:
            return None
        at = bisect_left([b.top for b in blocks], line)
        candidates = blocks[max(0, at - 1):at + 1]
        return min(candidates, key=lambda b: (min(abs(b.top - line), abs(b.bottom - 1 - line)), -b.top))

    def paged(self, block: Block, lines: int) -> Block | None:
        """The block of its column nearest `lines` lines on (down, or up when negative)
        among those strictly after it (before it): a page always moves, past a gap or a
        session longer than the page."""
        column = self.by_column[block.column]
        at = column.index(block)
        candidates = column[at + 1:] if lines > 0 else column[:at]
        line = block.top + lines
        return min(candidates, default=None,
                   key=lambda b: (_distance(b, line), b.top if lines > 0 else -b.top, b.lane))

    def first_at_or_after(self, line: int) -> Block | None:
        """The block on at `line` or starting soonest after it, in the leftmost room."""
        running = [next((block for block in column if block.bottom > line), None)
                   for column in self.by_column]
        return min((block for block in running if block is not None),
                   key=lambda block: (max(block.top, line), block.column), default=None)


def _column_order(block: Block) -> tuple[int, int, int]:
    """The order of the blocks of a column (`GridLayout.by_column`)."""
    return block.top, block.lane, block.bottom


def _distance(block: Block, line: int) -> int:
    """How many lines `block` is from `line` (0: it covers it)."""
    return 0 if block.covers(line) else min(abs(block.top - line), abs(block.bottom - 1 - line))


def layout_day(sessions: Iterable[Session], room_order: Mapping[str, int], *, minutes: int,
               day: date, zone: tzinfo) -> GridLayout:
    """The grid of `day`'s `sessions` (all-day ones left out: they are the day's setting,
    not a time), `minutes` a line. Columns: the rooms that have sessions, in
    `room_order` (rooms it lacks after it, by name), then the sessions without a room.
    Line 0 is the whole hour at or before the first start; times past midnight run on
    below, on the same day."""
    return run_steps(layout_day_in_steps(sessions, room_order, minutes=minutes, day=day, zone=zone))


# Sessions a layout made in steps works through in a step: a step is then a small part of
# a frame (but for the sort of one room's sessions, whatever their number).
SESSIONS_A_STEP = 400

LayoutSteps = Generator[None, None, GridLayout]


class StepWork:
    """The sessions worked on since a layout made in steps last yielded."""

    def __init__(self) -> None:
        self.sessions = 0

    def done(self, sessions: int = 1) -> bool:
        """Count `sessions` more; True when that makes a step's worth (and a new step begins)."""
        self.sessions += sessions
        if self.sessions < SESSIONS_A_STEP:
            return False
        self.sessions = 0
        return True


def layout_day_in_steps(sessions: Iterable[Session], room_order: Mapping[str, int], *, minutes: int,
                        day: date, zone: tzinfo) -> LayoutSteps:
    """`layout_day`, made a step at a time: each `next` does a few hundred sessions'
    work, and the layout is the generator's return value (`run_steps`). The grid makes
    a big day's layout so between keys and paints, ahead of its showing."""
    work = StepWork()
    by_column: dict[str | None, list[Session]] = {}
    for session in sessions:
        if not session.all_day:
            by_column.setdefault(session.location or NO_ROOM, []).append(session)
        if work.done():
            yield
    last = len(room_order)
    rooms = sorted((room for room in by_column if room is not None),
                   key=lambda room: (room_order.get(room, last), room))
    columns: list[str | None] = list(rooms)
    if NO_ROOM in by_column:
        columns.append(NO_ROOM)
    if not by_column:
        return GridLayout(columns, zone, day, 0, minutes, 0, [])
    # Each column's sessions with their times by the day's clock (wall_seconds).
    timed: list[list[tuple[Session, int, int]]] = []
    first_start: int | None = None
    for room in columns:
        column: list[tuple[Session, int, int]] = []
        for session in by_column[room]:
            start = wall_seconds(session.start, day, zone)
            column.append((session, start, wall_seconds(session.end, day, zone)))
            if first_start is None or start < first_start:
                first_start = start
            if work.done():
                yield
        timed.append(column)
    assert first_start is not None
    first_minute = _whole_hour(first_start)
    blocks: list[Block] = []
    by_block_column: list[list[Block]] = []
    by_id: dict[str, Block] = {}
    drift = lines = 0
    for at, column in enumerate(timed):
        timed[at] = []  # freed as it goes: a day's worth at once is a step of its own
        placed: list[Placed] = []
        for session, start, end in column:
            placed.append((session, at, *_lines(start, end, first_minute, minutes)))
            if work.done():
                yield
        column_blocks, column_drift = yield from _column_in_lanes(placed, at, work)
        blocks += column_blocks
        by_block_column.append(sorted(column_blocks, key=_column_order))
        by_id.update((block.id, block) for block in column_blocks)
        drift = max(drift, column_drift)
        lines = max(lines, max(block.bottom for block in column_blocks))
    return GridLayout(columns, zone, day, first_minute, minutes, lines, blocks, drift=drift,
                      by_column=by_block_column, _by_id=by_id)


def run_steps(steps: Generator[None, None, T]) -> T:
    """What a generator of steps returns, every step taken now."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return cast(T, done.value)


def layout_days(sessions: Iterable[Session], zone: tzinfo, *, minutes: int) -> GridLayout:
    """A timeline of several days (the bookmarks): a column for each day that has
    sessions, time of day down the side, sessions that overlap side by side in their
    day's column. Every column's line 0 is the same time of its day by the clock (in
    `zone`, the conference's); sessions after midnight run on below their day."""
    timed = [session for session in sessions if not session.all_day]
    days = sorted({session.conference_day for session in timed})
    if not timed:
        return GridLayout([], zone, NO_DAY, 0, minutes, 0, [], [])
    column_of = {day: at for at, day in enumerate(days)}
    first_minute = _whole_hour(min(wall_seconds(s.start, s.conference_day, zone) for s in timed))
    placed = []
    for session in timed:
        day = session.conference_day
        start, end = wall_seconds(session.start, day, zone), wall_seconds(session.end, day, zone)
        placed.append((session, column_of[day], *_lines(start, end, first_minute, minutes)))
    blocks, drift = _in_lanes(placed)
    return GridLayout([day.isoformat() for day in days], zone, days[0], first_minute, minutes,
                      max(block.bottom for block in blocks), blocks, days, drift)


def wall_seconds(moment: datetime, day: date, zone: tzinfo) -> int:
    """Seconds from the midnight that starts `day` to `moment`, read off the clock in
    `zone`: the day the clocks go forward an hour, 03:00 is 10800 as on any other day."""
    wall = moment.astimezone(zone)  # (itself, where it is in `zone` already)
    seconds = ((wall.toordinal() - day.toordinal()) * 86400
               + wall.hour * 3600 + wall.minute * 60 + wall.second)
    return int(seconds + wall.microsecond / 1_000_000) if wall.microsecond else seconds


def _whole_hour(seconds: int) -> int:
    """The minute of the whole hour at or before `seconds` since midnight."""
    return seconds // 3600 * 60


def _lines(start: int, end: int, first_minute: int, minutes: int) -> tuple[int, int]:
    """The lines a session covers (its start and end in `wall_seconds`), top and bottom
    (not included): to the nearest line, so that sessions that follow each other share
    none; one at least."""
    step, origin = minutes * 60, first_minute * 60
    top = (2 * (start - origin) + step) // (2 * step)
    return top, max(top + 1, (2 * (end - origin) + step) // (2 * step))


Placed = tuple[Session, int, int, int]  # a session, its column, its lines at its times


def _in_lanes(placed: list[Placed]) -> tuple[list[Block], int]:
    """Every column's blocks (`_column_in_lanes`), and the most lines one was moved down."""
    by_column: dict[int, list[Placed]] = {}
    for entry in placed:
        by_column.setdefault(entry[1], []).append(entry)
    blocks: list[Block] = []
    drift = 0
    for column, entries in by_column.items():
        column_blocks, column_drift = run_steps(_column_in_lanes(entries, column, StepWork()))
        blocks += column_blocks
        drift = max(drift, column_drift)
    return blocks, drift


def _column_in_lanes(entries: list[Placed], column: int,
                     work: StepWork) -> Generator[None, None, tuple[list[Block], int]]:
    """The blocks of a column. Sessions that overlap in time go side by side: each takes
    the first lane free at its start, and every block of a run of overlapping ones
    shares the run's number of lanes. Sessions that follow each other never share a
    lane's line: where the rounding puts the later one on the earlier one's last line,
    it starts on the line below (one line at least). Also the most lines a block was so
    moved down. Steps as `work` counts them."""
    blocks: list[Block] = []
    drift = 0
    entries.sort(key=lambda e: (e[0].start_utc, e[0].start_utc - e[0].end_utc, e[0].title, e[0].id))
    run: list[tuple[Session, int, int, int]] = []  # session, top, bottom, lane
    lane_ends: list[datetime] = []  # when each lane's last session ends
    lane_bottoms: list[int] = []  # and the line below it
    below_runs = 0  # the first line below the runs before
    runs = 0
    for session, _, top, bottom in entries:
        if run and session.start_utc >= max(lane_ends):
            blocks += yield from _run_blocks(run, column, len(lane_ends), runs, work)
            runs += 1
            below_runs = max(lane_bottoms)
            run, lane_ends, lane_bottoms = [], [], []
        lane = next((lane for lane, end in enumerate(lane_ends) if end <= session.start_utc),
                    len(lane_ends))
        free = max(below_runs, lane_bottoms[lane] if lane < len(lane_bottoms) else 0)
        if free > top:
            drift = max(drift, free - top)
            top = free
        bottom = max(bottom, top + 1)
        if lane == len(lane_ends):
            lane_ends.append(session.end_utc)
            lane_bottoms.append(bottom)
        else:
            lane_ends[lane], lane_bottoms[lane] = session.end_utc, bottom
        run.append((session, top, bottom, lane))
        if work.done():
            yield
    blocks += yield from _run_blocks(run, column, len(lane_ends), runs, work)
    return blocks, drift


def _run_blocks(run: list[tuple[Session, int, int, int]], column: int, lanes: int, number: int,
                work: StepWork) -> Generator[None, None, list[Block]]:
    blocks = []
    for session, top, bottom, lane in run:
        blocks.append(Block(session, column, lane, lanes, top, bottom, number))
        if work.done():
            yield
    return blocks


NARROWEST_COLUMN = 26  # cells: a room name and the start of a title, two rooms at 80 columns


def column_width(available: int, columns: int) -> int:
    """Cells per room column in `available` cells: every column when they fit at
    NARROWEST_COLUMN or wider (sharing the width), else as many as fit, filling it."""
    if columns <= 0:
        return max(1, available)
    if columns * NARROWEST_COLUMN <= available:
        return max(NARROWEST_COLUMN, available // columns)
    fit = max(1, available // NARROWEST_COLUMN)
    return max(1, available // fit)
