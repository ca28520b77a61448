"""The agenda and the user's state as pydantic models.

An agenda is not changed once loaded: sessions keep their UTC instants and the agenda
its lookups and time order once computed. Make a changed one with `model_copy(update=...)`,
which computes them afresh.

An agenda file stores local wall-clock times; `Agenda` turns every session's
start and end into timezone-aware datetimes in the conference's IANA zone as it
validates, so nothing past this module ever handles a naive datetime.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import cached_property, lru_cache
from typing import Annotated, ClassVar
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from agenda_tui.model_speed import CachedLookups, computed_once, share_fields_sets
from agenda_tui.zones import zone_named

SCHEMA_VERSION = 1

# The years an agenda may name. Far inside datetime's range (1 to 9999), so that a day
# after, a year after (an export's time-zone rules) or a change of zone never overflows.
SUPPORTED_YEARS = (1900, 2999)


def supported_year(value: date) -> date:
    if not SUPPORTED_YEARS[0] <= value.year <= SUPPORTED_YEARS[1]:
        raise ValueError(f"year {value.year} is outside the years an agenda may name "
                         f"({SUPPORTED_YEARS[0]} to {SUPPORTED_YEARS[1]})")
    return value


def _printable_id(value: str) -> str:
    # str.isprintable is false for every whitespace character but the ASCII space, and
    # for control, format (bidi, zero-width), separator, private-use and unassigned ones.
    if not value.isprintable() or " " in value:
        raise ValueError("an id cannot hold spaces, control, bidi or zero-width characters")
    return value


# Ids are shown and typed on the command line: nothing a terminal would act on.
Id = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_printable_id),
]
# The conference id names files on disk, so it is kept to safe file-name characters.
Slug = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$"),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    """Unknown keys are errors: a typo in an agenda file should not vanish silently.
    Frozen: an agenda is not changed once loaded (see `model_speed.share_fields_sets`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


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


class Link(Strict):
    title: Text
    url: Text


class Organizer(Strict):
    name: Text
    role: str | None = None
    affiliation: str | None = None
    links: list[Link] = Field(default_factory=list)


SupportedDate = Annotated[date, AfterValidator(supported_year)]


def supported_instant(value: datetime) -> datetime:
    """An instant in UTC of a time in the supported years: that year, or the one either
    side (23:00 on 31 December 2999 at UTC-12 is in 3000 in UTC)."""
    if not SUPPORTED_YEARS[0] - 1 <= value.year <= SUPPORTED_YEARS[1] + 1:
        supported_year(value)
    return value



class Conference(Strict):
    id: Slug
    title: Text
    venue: str | None = None
    start_date: SupportedDate
    end_date: SupportedDate
    timezone: Text
    acronym: str | None = None
    url: str | None = None
    sponsors: list[str] = Field(default_factory=list)
    supporters: list[str] = Field(default_factory=list)
    organizers: list[Organizer] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    # The rooms in the source's own order (a frab schedule's list of rooms, or the order
    # its days list them in), which no order of the sessions keeps; absent in agendas
    # written before it, and in those whose source has no rooms of its own (iCalendar).
    rooms: list[Text] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if zone_named(value) is None:
            raise ValueError(f"unknown IANA time zone {value!r}")
        return value

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Track(Strict):
    id: Id
    title: Text
    question: str | None = None
    description: str | None = None


class Speaker(Strict):
    id: Id
    name: Text
    affiliation: str | None = None
    bio: str | None = None
    links: list[Link] = Field(default_factory=list)


class Participation(Strict):
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


def _localize(value: datetime, info: ValidationInfo) -> datetime:
    """Attach the conference zone to a wall-clock time read from the file; an all-day
    session's midnight that the clocks skip becomes the first moment of its day."""
    zone = (info.context or {}).get("zone")
    supported_year(value)  # which keeps the changes of zone below from overflowing
    if value.tzinfo is not None:
        return value.astimezone(zone) if zone else value
    if zone is None:
        raise ValueError("a local time needs the conference time zone to be known")
    moment = value.replace(tzinfo=zone)
    return utc(moment).astimezone(zone) if info.data.get("all_day") else moment


def _all_day_date(value: object, info: ValidationInfo) -> object:
    """An all-day session's start and end may be given as dates: their midnights."""
    if isinstance(value, date) and not isinstance(value, datetime):
        if not info.data.get("all_day"):
            raise ValueError("a date without a time is only for an all-day session "
                             "(all_day = true)")
        return datetime.combine(value, time())
    return value


class Session(CachedLookups, Strict):
    """A session of the programme. `end` may equal `start` (a moment, as iCalendar allows).

    An all-day session runs from the midnight that starts its first day to the one that
    ends its last: it is listed on each of its days, and is never "on now".
    """

    model_config = ConfigDict(ignored_types=(computed_once,))

    id: Id
    day: SupportedDate | None = None
    all_day: bool = False
    start: datetime
    end: datetime
    kind: SessionKind = SessionKind.TALK
    title: Text
    people: list[Participation] = Field(default_factory=list)
    track: str | None = None
    virtual: bool = False
    location: str | None = None
    abstract: str | None = None
    url: str | None = None
    # The source's own short id (FOSDEM's event number, a pretalx code), which the
    # command line takes as an alias of `id`.
    source_id: Id | None = None

    _all_day_dates = field_validator("start", "end", mode="before")(_all_day_date)
    _localize_times = field_validator("start", "end")(_localize)

    @model_validator(mode="after")
    def _whole_days(self) -> Session:
        if self.all_day:
            for name, moment in (("start", self.start), ("end", self.end)):
                if moment.time() != time() and utc(moment) != day_start(moment.date(), moment.tzinfo):
                    raise ValueError(f"an all-day session's {name} is a midnight, "
                                     f"not {moment:%Y-%m-%d %H:%M}")
            if self.end.date() <= self.start.date():
                raise ValueError("an all-day session lasts at least one day")
            if self.day is not None and self.day != self.start.date():
                raise ValueError(f"an all-day session's day is the day it starts, {self.start.date()}")
        return self

    CACHED_LOOKUPS: ClassVar[tuple[str, ...]] = ("start_utc", "end_utc")

    # Sorting, now/next and conflicts compare instants many times over: convert once.
    @computed_once
    def start_utc(self) -> datetime:
        return utc(self.start)

    @computed_once
    def end_utc(self) -> datetime:
        return utc(self.end)

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


def _known_schema(version: int) -> int:
    if version > SCHEMA_VERSION:
        raise ValueError(f"the agenda is written for a newer version of agenda-tui (schema "
                         f"{version}; this version reads {SCHEMA_VERSION})")
    return version


AgendaSchema = Annotated[StrictInt, Field(ge=1), AfterValidator(_known_schema)]


class Agenda(CachedLookups, Strict):
    schema_version: AgendaSchema = SCHEMA_VERSION
    conference: Conference
    tracks: list[Track] = Field(default_factory=list)
    speakers: list[Speaker] = Field(default_factory=list)
    sessions: list[Session] = Field(default_factory=list)

    CACHED_LOOKUPS: ClassVar[tuple[str, ...]] = (
        "speakers_by_id", "tracks_by_id", "sessions_by_id", "sessions_in_order",
        "timed_sessions_in_order")

    def model_post_init(self, context: object, /) -> None:
        share_fields_sets(self.sessions)
        share_fields_sets([person for session in self.sessions for person in session.people])
        share_fields_sets(self.speakers)

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

    def adopt_time_order(self, positions: list[int]) -> None:
        """Take `sessions_in_order` from a known order (the positions of the sessions,
        as the agenda cache keeps them) rather than sorting again."""
        if sorted(positions) != list(range(len(self.sessions))):
            raise ValueError("not an order of this agenda's sessions")
        self.__dict__["sessions_in_order"] = [self.sessions[at] for at in positions]

    @property
    def zone(self) -> ZoneInfo:
        return self.conference.zone
