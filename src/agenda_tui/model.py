"""The agenda as plain, frozen objects: what every list, search and frame reads.

An agenda is not changed once loaded: sessions keep their UTC instants and the agenda
its lookups and time order once computed. Make a changed one with `dataclasses.replace`,
which computes them afresh.

Nothing here imports pydantic: a start that reads the agenda cache never loads it.
Where an agenda enters (a TOML file, an import), `agenda_schema` checks it with
pydantic and builds these objects. A field's rule (`Id`, `Text`, `LocalTime`, ...) is
named here, beside the field, and spelled out for pydantic in `agenda_schema`.

An agenda file stores local wall-clock times; validation turns every session's
start and end into timezone-aware datetimes in the conference's IANA zone, so nothing
past the schema ever handles a naive datetime.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Annotated, Any, Final
from zoneinfo import ZoneInfo

# Re-exported: the agenda's modules take them from here.
from agenda_tui.limits import SCHEMA_VERSION as SCHEMA_VERSION
from agenda_tui.limits import SUPPORTED_YEARS as SUPPORTED_YEARS

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema


def supported_year(value: date) -> date:
    if not SUPPORTED_YEARS[0] <= value.year <= SUPPORTED_YEARS[1]:
        raise ValueError(f"year {value.year} is outside the years an agenda may name "
                         f"({SUPPORTED_YEARS[0]} to {SUPPORTED_YEARS[1]})")
    return value


def supported_instant(value: datetime) -> datetime:
    """An instant in UTC of a time in the supported years: that year, or the one either
    side (23:00 on 31 December 2999 at UTC-12 is in 3000 in UTC)."""
    if not SUPPORTED_YEARS[0] - 1 <= value.year <= SUPPORTED_YEARS[1] + 1:
        supported_year(value)
    return value


class Rule:
    """What a field's value must be, by name; `agenda_schema.RULES` says it to pydantic,
    which asks for it only when it builds a validator."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"Rule({self.name!r})"

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from agenda_tui.agenda_schema import rule_schema

        return rule_schema(self.name, source, handler)


# Ids are shown and typed on the command line: nothing a terminal would act on.
Id = Annotated[str, Rule("id")]
# The conference id names files on disk, so it is kept to safe file-name characters.
Slug = Annotated[str, Rule("slug")]
Text = Annotated[str, Rule("text")]  # stripped, not empty
SupportedDate = Annotated[date, Rule("date")]
ZoneName = Annotated[str, Rule("zone")]
# A session's start or end: a wall-clock time in the file, made aware in the conference's zone.
LocalTime = Annotated[datetime, Rule("local time")]
AgendaSchema = Annotated[int, Rule("schema version")]

# Unknown keys are errors: a typo in an agenda file should not vanish silently. Read by
# pydantic (a dataclass's `__pydantic_config__`), so a plain dict rather than its ConfigDict.
STRICT: Final[Any] = {"extra": "forbid"}


class SessionKind(StrEnum):
    TALK = "talk"
    PANEL = "panel"
    FIRESIDE = "fireside"
    BREAK = "break"
    WORKSHOP = "workshop"
    OTHER = "other"


class Role(StrEnum):
    SPEAKER = "speaker"
    PANELIST = "panelist"
    MODERATOR = "moderator"


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    __pydantic_config__ = STRICT

    title: Text
    url: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class Organizer:
    __pydantic_config__ = STRICT

    name: Text
    role: str | None = None
    affiliation: str | None = None
    links: list[Link] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Conference:
    __pydantic_config__ = STRICT

    id: Slug
    title: Text
    venue: str | None = None
    start_date: SupportedDate
    end_date: SupportedDate
    timezone: ZoneName
    acronym: str | None = None
    url: str | None = None
    sponsors: list[str] = field(default_factory=list)
    supporters: list[str] = field(default_factory=list)
    organizers: list[Organizer] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    # The rooms in the source's own order (a frab schedule's list of rooms, or the order
    # its days list them in), which no order of the sessions keeps; absent in agendas
    # written before it, and in those whose source has no rooms of its own (iCalendar).
    rooms: list[Text] = field(default_factory=list)

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True, slots=True, kw_only=True)
class Track:
    __pydantic_config__ = STRICT

    id: Id
    title: Text
    question: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Speaker:
    __pydantic_config__ = STRICT

    id: Id
    name: Text
    affiliation: str | None = None
    bio: str | None = None
    links: list[Link] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class Participation:
    __pydantic_config__ = STRICT

    speaker: Id
    role: Role = Role.SPEAKER


def utc(moment: datetime) -> datetime:
    """The same instant in UTC. Aware datetimes that share a tzinfo compare and subtract
    by wall-clock time, which is wrong across the hour repeated when clocks go back:
    compare and measure in UTC."""
    return moment.astimezone(UTC)


def day_start(day: date, zone: tzinfo | None) -> datetime:
    """The first moment of `day` in `zone`, in UTC: midnight, or where the clocks skip
    midnight, the moment they skip to (what fold=0 means for a skipped time, PEP 495)."""
    return utc(datetime.combine(day, time(), tzinfo=zone))


def after(moment: datetime, elapsed: timedelta) -> datetime:
    """`moment` plus real elapsed time, in `moment`'s zone (across a clock change too)."""
    return (utc(moment) + elapsed).astimezone(moment.tzinfo)


def repeated_wall_clock(moment: datetime) -> bool:
    """True for a wall-clock time that happens twice (the hour repeated when clocks go back)."""
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()


def skipped_by_clock_change(moment: datetime) -> bool:
    """True for a wall-clock time that never happened (the hour skipped when clocks go forward)."""
    if moment.tzinfo is not None and not offset_changes_on(moment.tzinfo, moment.date()):
        return False  # only a day on which the clocks change can skip a time
    round_trip = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return round_trip.replace(tzinfo=None) != moment.replace(tzinfo=None)


@lru_cache(maxsize=4096)
def offset_changes_on(zone: tzinfo, day: date) -> bool:
    """Whether `zone`'s UTC offset may change on the wall-clock day `day`.

    Looks at the offset hour by hour, in UTC, from two hours before the day's first
    moment to two hours after its last (tzdata has no change undone within the hour).
    True when unsure (at the ends of datetime's range), so callers then check in full.
    """
    try:
        first = datetime.combine(day, time(), tzinfo=zone).astimezone(UTC) - timedelta(hours=2)
        last = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone).astimezone(UTC)
        hours = int((last - first) / timedelta(hours=1)) + 3
        offsets = {(first + timedelta(hours=n)).astimezone(zone).utcoffset() for n in range(hours)}
    except (OverflowError, ValueError):
        return True
    return len(offsets) > 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Session:
    """A session of the programme. `end` may equal `start` (a moment, as iCalendar allows).

    An all-day session runs from the midnight that starts its first day to the one that
    ends its last: it is listed on each of its days, and is never "on now".
    """

    __pydantic_config__ = STRICT

    id: Id
    day: SupportedDate | None = None
    all_day: bool = False
    start: LocalTime
    end: LocalTime
    kind: SessionKind = SessionKind.TALK
    title: Text
    people: list[Participation] = field(default_factory=list)
    track: str | None = None
    virtual: bool = False
    location: str | None = None
    abstract: str | None = None
    url: str | None = None
    # The source's own short id (FOSDEM's event number, a pretalx code), which the
    # command line takes as an alias of `id`.
    source_id: Id | None = None
    # Sorting, now/next and conflicts compare instants many times over: converted once.
    start_utc: datetime = field(init=False, repr=False, compare=False)
    end_utc: datetime = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_field = object.__setattr__  # frozen: the dataclass's own way to set a field
        set_field(self, "start_utc", self.start.astimezone(UTC))
        set_field(self, "end_utc", self.end.astimezone(UTC))
        if self.all_day:
            self._check_whole_days()

    def _check_whole_days(self) -> None:
        for name, moment in (("start", self.start), ("end", self.end)):
            if moment.time() != time() and utc(moment) != day_start(moment.date(), moment.tzinfo):
                raise ValueError(f"an all-day session's {name} is a midnight, "
                                 f"not {moment:%Y-%m-%d %H:%M}")
        if self.end.date() <= self.start.date():
            raise ValueError("an all-day session lasts at least one day")
        if self.day is not None and self.day != self.start.date():
            raise ValueError(f"an all-day session's day is the day it starts, {self.start.date()}")

    @property
    def conference_day(self) -> date:
        """The day the programme lists the session under (after midnight: the day before;
        all day: its first day)."""
        return self.day or self.start.date()

    @property
    def days(self) -> list[date]:
        """Every day the programme lists the session under: one, or each of an all-day
        session's days."""
        first = self.conference_day
        if not self.all_day:
            return [first]
        return [first + timedelta(days=n) for n in range((self.end.date() - first).days)]

    @property
    def is_break(self) -> bool:
        return self.kind is SessionKind.BREAK


def time_order(session: Session) -> tuple[datetime, datetime, str]:
    """The order of every list of sessions: by start, then end, then title."""
    return session.start_utc, session.end_utc, session.title


@dataclass(frozen=True, kw_only=True)
class Agenda:
    __pydantic_config__ = STRICT

    schema_version: AgendaSchema = SCHEMA_VERSION
    conference: Conference
    tracks: list[Track] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)

    @cached_property
    def speakers_by_id(self) -> dict[str, Speaker]:
        return {speaker.id: speaker for speaker in self.speakers}

    @cached_property
    def tracks_by_id(self) -> dict[str, Track]:
        return {track.id: track for track in self.tracks}

    @cached_property
    def sessions_by_id(self) -> dict[str, Session]:
        return {session.id: session for session in self.sessions}

    @cached_property
    def sessions_in_order(self) -> list[Session]:
        return sorted(self.sessions, key=time_order)

    @cached_property
    def timed_sessions_in_order(self) -> list[Session]:
        """`sessions_in_order` without the all-day sessions."""
        ordered = self.sessions_in_order
        if not any(session.all_day for session in ordered):
            return ordered
        return [session for session in ordered if not session.all_day]

    @cached_property
    def last_end_by_day(self) -> dict[date, datetime]:
        """When each conference day's last timed session ends (UTC): the night a day
        holds (`schedule.day_at`)."""
        ends: dict[date, datetime] = {}
        for session in self.timed_sessions_in_order:
            day = session.conference_day
            if (end := ends.get(day)) is None or session.end_utc > end:
                ends[day] = session.end_utc
        return ends

    def adopt_time_order(self, positions: list[int]) -> None:
        """Take `sessions_in_order` from a known order (the positions of the sessions,
        as the agenda cache keeps them) rather than sorting again."""
        if sorted(positions) != list(range(len(self.sessions))):
            raise ValueError("not an order of this agenda's sessions")
        self.__dict__["sessions_in_order"] = [self.sessions[at] for at in positions]

    @property
    def zone(self) -> ZoneInfo:
        return self.conference.zone


def plain_data(value: Any, *, json_ready: bool = False) -> Any:
    """An agenda's object as plain data (dicts of its fields, lists, strings, numbers),
    leaving out fields that are None and the values computed from the others; with
    `json_ready`, dates and times as ISO 8601 text."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, list):
        return [plain_data(item, json_ready=json_ready) for item in value]
    if isinstance(value, date):  # a datetime too
        return value.isoformat() if json_ready else value
    if is_dataclass(value):
        return {spec.name: plain_data(item, json_ready=json_ready) for spec in fields(value)
                if spec.init and (item := getattr(value, spec.name)) is not None}
    return value
