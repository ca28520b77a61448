"""The user's own state for one conference, as pydantic models: what the state file holds."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    Field,
    SerializerFunctionWrapHandler,
    StrictBool,
    StrictInt,
    field_validator,
    model_serializer,
)

from agenda_tui.model import SCHEMA_VERSION, supported_instant, supported_year

SupportedDate = Annotated[date, AfterValidator(supported_year)]
# An instant with its UTC offset, of a time in the supported years (a state file's record).
SupportedInstant = Annotated[AwareDatetime, AfterValidator(supported_instant)]

# How long before a session starts its reminder is shown, in minutes; 0: no reminder.
MAX_REMINDER_MINUTES = 24 * 60
ReminderMinutes = Annotated[StrictInt, Field(ge=0, le=MAX_REMINDER_MINUTES)]


class DisplayZone(StrEnum):
    EVENT = "event"
    LOCAL = "local"


class Settings(BaseModel):
    theme: str | None = None
    display_zone: DisplayZone = DisplayZone.EVENT
    show_breaks: StrictBool = True  # strict: "no" is a value of some other program's
    show_past: StrictBool = True  # My schedule's sessions that have ended
    my_schedule_grid: StrictBool = False  # My schedule as a timeline, a column a day (g)
    reminder_minutes: ReminderMinutes | None = None  # None: the settings file's, for every conference


class SeenAgenda(BaseModel):
    """Which version of the agenda the user last saw; the copy itself is kept beside
    the state file (see `state.StateFile.seen_agenda`)."""

    version: str = ""
    # Sessions the copy keeps although the agenda seen no longer had them: bookmarked
    # sessions that had gone, kept for their last known title, time and room. Their
    # going was seen already, so it is not a change since.
    kept_gone: list[str] = Field(default_factory=list)


class Hiding(BaseModel):
    """The rooms (by name) and tracks (by id) hidden from the day tables: `[hidden]` in
    the state file (see `schedule.Hidden`, the value the UI holds)."""

    rooms: list[str] = Field(default_factory=list)
    tracks: list[str] = Field(default_factory=list)

    @field_validator("rooms", "tracks")
    @classmethod
    def _unique_sorted(cls, value: list[str]) -> list[str]:
        return sorted(set(value))


class ExportRecord(BaseModel):
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
    start: SupportedInstant | None = None  # in UTC
    end: SupportedInstant | None = None
    all_day: bool = False
    days: list[SupportedDate] = Field(default_factory=list)  # the programme's days it was listed on
    bookmarked: bool = False  # sent by an export of the bookmarks, which must cancel it when it leaves them
    cancelled: bool = False  # sent as cancelled: never again, unless it comes back

    @field_validator("sequence")
    @classmethod
    def _in_rfc_range(cls, value: int) -> int:
        """A SEQUENCE out of range (an edited or corrupted file) is brought back into it."""
        return min(max(value, 0), cls.MAX_SEQUENCE)

    @model_serializer(mode="wrap")
    def _without_defaults(self, write: SerializerFunctionWrapHandler) -> dict[str, object]:
        """Keys at their default are left out: there is a record for every session exported,
        and the state file is read and written whole at every change."""
        return {key: value for key, value in write(self).items()
                if key in ("fingerprint", "sequence") or value not in (None, False, [])}

    @property
    def cancellable(self) -> bool:
        """Whether the record says enough to cancel the session (older ones have no times)."""
        times = bool(self.days) if self.all_day else self.start is not None and self.end is not None
        return times and self.title is not None


class UserState(BaseModel):
    """Everything the user owns for one conference. Stored as one TOML file."""

    schema_version: Annotated[StrictInt, Field(ge=1)] = SCHEMA_VERSION
    conference_id: str
    bookmarks: list[str] = Field(default_factory=list)
    notes: dict[str, str] = Field(default_factory=dict)
    settings: Settings = Field(default_factory=Settings)
    seen: SeenAgenda = Field(default_factory=SeenAgenda)
    exports: dict[str, ExportRecord] = Field(default_factory=dict)
    # Reminders: a session's own lead time, over the default; and the reminders shown,
    # each with the start it was for (a session moved since is reminded again).
    reminders: dict[str, ReminderMinutes] = Field(default_factory=dict)
    reminded: dict[str, SupportedInstant] = Field(default_factory=dict)
    # Rooms and tracks hidden from the day tables; absent in files before it.
    hidden: Hiding = Field(default_factory=Hiding)
    # The days shown as a timeline grid rather than a table (g); absent in files before it.
    grid_days: list[SupportedDate] = Field(default_factory=list)

    @field_validator("bookmarks")
    @classmethod
    def _unique_sorted(cls, value: list[str]) -> list[str]:
        return sorted(set(value))

    @field_validator("grid_days")
    @classmethod
    def _unique_days(cls, value: list[date]) -> list[date]:
        return sorted(set(value))
