"""The user's own state for one conference, as plain dataclasses: what the state file holds.

The state file is read at every start, so nothing here imports pydantic. A file is checked
by plain code where every value is one it is sure of (`state_data.checked_state`), and by
pydantic where it is not (`state_schema`), which validates into these classes by the rule
each field names (`Rule`, as the agenda's do: `agenda_schema.RULES` says each to pydantic).
Construction applies the rules that keep a state tidy (sorted, unique bookmarks; a SEQUENCE
brought into range), and checks no types: code that builds a state from its own values is
trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Annotated, ClassVar

from agenda_tui.limits import SCHEMA_VERSION
from agenda_tui.model import Rule, SupportedDate

# How long before a session starts its reminder is shown, in minutes; 0: no reminder.
MAX_REMINDER_MINUTES = 24 * 60

# The rules of the file's values (see the module's docstring).
Flag = Annotated[bool, Rule("flag")]  # true or false: not "no", which is some other program's
ReminderMinutes = Annotated[int, Rule("reminder minutes")]  # 0 to MAX_REMINDER_MINUTES
Instant = Annotated[datetime, Rule("instant")]  # with its UTC offset, in the supported years
StateVersion = Annotated[int, Rule("state version")]


class DisplayZone(StrEnum):
    EVENT = "event"
    LOCAL = "local"


@dataclass(slots=True, kw_only=True)
class Settings:
    theme: str | None = None
    display_zone: DisplayZone = DisplayZone.EVENT
    show_breaks: Flag = True
    show_past: Flag = True  # My schedule's sessions that have ended
    my_schedule_grid: Flag = False  # My schedule as a timeline, a column a day (g)
    reminder_minutes: ReminderMinutes | None = None  # None: the settings file's, for every conference


@dataclass(slots=True, kw_only=True)
class SeenAgenda:
    """Which version of the agenda the user last saw; the copy itself is kept beside
    the state file (see `state.StateFile.seen_agenda`)."""

    version: str = ""
    # Sessions the copy keeps although the agenda seen no longer had them: bookmarked
    # sessions that had gone, kept for their last known title, time and room. Their
    # going was seen already, so it is not a change since.
    kept_gone: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Hiding:
    """The rooms (by name) and tracks (by id) hidden from the day tables: `[hidden]` in
    the state file (see `schedule.Hidden`, the value the UI holds)."""

    rooms: list[str] = field(default_factory=list)
    tracks: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rooms = sorted(set(self.rooms))
        self.tracks = sorted(set(self.tracks))


@dataclass(slots=True, kw_only=True)
class ExportRecord:
    """One session as last exported to iCalendar: what it was, and its SEQUENCE then.

    The state file grows by adding keys: every key after `sequence` may be absent (a file
    written before it existed, or one at its default, which is not written), and an older
    version reads past those it does not know. They hold what a cancellation needs once
    the session has gone from the agenda.
    """

    MAX_SEQUENCE: ClassVar[int] = 2**31 - 1  # RFC 5545's range for SEQUENCE (an INTEGER)

    fingerprint: str
    sequence: int = 0
    title: str | None = None
    start: Instant | None = None  # in UTC
    end: Instant | None = None
    all_day: bool = False
    days: list[SupportedDate] = field(default_factory=list)  # the programme's days it was listed on
    bookmarked: bool = False  # sent by an export of the bookmarks, which must cancel it when it leaves them
    cancelled: bool = False  # sent as cancelled: never again, unless it comes back

    def __post_init__(self) -> None:
        # A SEQUENCE out of range (an edited or corrupted file) is brought back into it.
        self.sequence = min(max(self.sequence, 0), self.MAX_SEQUENCE)
        self.days = list(self.days)

    @property
    def cancellable(self) -> bool:
        """Whether the record says enough to cancel the session (older ones have no times)."""
        times = bool(self.days) if self.all_day else self.start is not None and self.end is not None
        return times and self.title is not None


@dataclass(slots=True, kw_only=True)
class UserState:
    """Everything the user owns for one conference. Stored as one TOML file."""

    schema_version: StateVersion = SCHEMA_VERSION
    conference_id: str
    bookmarks: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    seen: SeenAgenda = field(default_factory=SeenAgenda)
    exports: dict[str, ExportRecord] = field(default_factory=dict)
    # Reminders: a session's own lead time, over the default; and the reminders shown,
    # each with the start it was for (a session moved since is reminded again).
    reminders: dict[str, ReminderMinutes] = field(default_factory=dict)
    reminded: dict[str, Instant] = field(default_factory=dict)
    # Rooms and tracks hidden from the day tables; absent in files before it.
    hidden: Hiding = field(default_factory=Hiding)
    # The days shown as a timeline grid rather than a table (g); absent in files before it.
    grid_days: list[SupportedDate] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.bookmarks = sorted(set(self.bookmarks))
        self.grid_days = sorted(set(self.grid_days))
        # The caller's tables are its own (as pydantic, which copied them, left them).
        self.notes = dict(self.notes)
        self.exports = dict(self.exports)
        self.reminders = dict(self.reminders)
        self.reminded = dict(self.reminded)
