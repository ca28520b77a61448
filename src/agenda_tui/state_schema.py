"""The state file's schema as pydantic models: the checker for every file the plain
reader (`state_data.checked_state`) is not sure of, and the source of each problem's
message. Imported only then: a good state file is read without pydantic.

The models hold the same fields, with the same names, as `state_model`'s dataclasses
(the names show in messages: "a valid dictionary or instance of Settings"); `plain`
turns a validated one into those. Dumped (`model_dump(mode="json", exclude_none=True)`),
they write what `state_data.as_written` writes: that was the writer before it, and the
tests hold the two to each other.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    Field,
    SerializerFunctionWrapHandler,
    StrictBool,
    StrictInt,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_serializer,
)

from agenda_tui import state_model
from agenda_tui.limits import SCHEMA_VERSION
from agenda_tui.model import supported_instant, supported_year
from agenda_tui.settings_file import (
    DEFAULT_REFRESH_MINUTES,
    DEFAULT_REMINDER_MINUTES,
    MAX_REFRESH_MINUTES,
)
from agenda_tui.state_document import Place, UnusableState
from agenda_tui.state_model import MAX_REMINDER_MINUTES, DisplayZone

SupportedDate = Annotated[date, AfterValidator(supported_year)]
# An instant with its UTC offset, of a time in the supported years (a state file's record).
SupportedInstant = Annotated[AwareDatetime, AfterValidator(supported_instant)]

ReminderMinutes = Annotated[StrictInt, Field(ge=0, le=MAX_REMINDER_MINUTES)]


class Settings(BaseModel):
    theme: str | None = None
    display_zone: DisplayZone = DisplayZone.EVENT
    show_breaks: StrictBool = True
    show_past: StrictBool = True
    my_schedule_grid: StrictBool = False
    reminder_minutes: ReminderMinutes | None = None


class SeenAgenda(BaseModel):
    version: str = ""
    kept_gone: list[str] = Field(default_factory=list)


class Hiding(BaseModel):
    rooms: list[str] = Field(default_factory=list)
    tracks: list[str] = Field(default_factory=list)

    @field_validator("rooms", "tracks")
    @classmethod
    def _unique_sorted(cls, value: list[str]) -> list[str]:
        return sorted(set(value))


class ExportRecord(BaseModel):
    MAX_SEQUENCE: ClassVar[int] = state_model.ExportRecord.MAX_SEQUENCE

    fingerprint: str
    sequence: int = 0
    title: str | None = None
    start: SupportedInstant | None = None
    end: SupportedInstant | None = None
    all_day: bool = False
    days: list[SupportedDate] = Field(default_factory=list)
    bookmarked: bool = False
    cancelled: bool = False

    @field_validator("sequence")
    @classmethod
    def _in_rfc_range(cls, value: int) -> int:
        return min(max(value, 0), cls.MAX_SEQUENCE)

    @model_serializer(mode="wrap")
    def _without_defaults(self, write: SerializerFunctionWrapHandler) -> dict[str, object]:
        """As `state_data.as_written` writes it (a test holds the two to each other)."""
        return {key: value for key, value in write(self).items()
                if key in ("fingerprint", "sequence") or value not in (None, False, [])}


class UserState(BaseModel):
    schema_version: Annotated[StrictInt, Field(ge=1)] = SCHEMA_VERSION
    conference_id: str
    bookmarks: list[str] = Field(default_factory=list)
    notes: dict[str, str] = Field(default_factory=dict)
    settings: Settings = Field(default_factory=Settings)
    seen: SeenAgenda = Field(default_factory=SeenAgenda)
    exports: dict[str, ExportRecord] = Field(default_factory=dict)
    reminders: dict[str, ReminderMinutes] = Field(default_factory=dict)
    reminded: dict[str, SupportedInstant] = Field(default_factory=dict)
    hidden: Hiding = Field(default_factory=Hiding)
    grid_days: list[SupportedDate] = Field(default_factory=list)

    @field_validator("bookmarks")
    @classmethod
    def _unique_sorted(cls, value: list[str]) -> list[str]:
        return sorted(set(value))

    @field_validator("grid_days")
    @classmethod
    def _unique_days(cls, value: list[date]) -> list[date]:
        return sorted(set(value))


class GlobalSettings(BaseModel):
    """`settings_file.GlobalSettings`' schema."""

    reminder_minutes: ReminderMinutes = DEFAULT_REMINDER_MINUTES
    refresh_minutes: Annotated[StrictInt, Field(ge=0, le=MAX_REFRESH_MINUTES)] = DEFAULT_REFRESH_MINUTES
    offline: StrictBool = False


def settings_problems(raw: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Of a settings file's keys, the values that validate, and a line for each that does
    not ("reminder_minutes: Input should be less than or equal to 1440 (got 5000)")."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name in GlobalSettings.model_fields:
        if name not in raw:
            continue
        try:
            values[name] = getattr(GlobalSettings.model_validate({name: raw[name]}), name)
        except ValidationError as error:
            message = error.errors(include_url=False)[0]["msg"]
            quoted = repr(raw[name])
            quoted = quoted if len(quoted) <= 60 else quoted[:57] + "..."
            problems.append(f"{name}: {message} (got {quoted})")
    return values, problems


def plain(state: UserState) -> state_model.UserState:
    """The validated state as the dataclasses the app holds."""
    return state_model.UserState(
        schema_version=state.schema_version,
        conference_id=state.conference_id,
        bookmarks=state.bookmarks,
        notes=state.notes,
        settings=state_model.Settings(**dict(state.settings)),
        seen=state_model.SeenAgenda(**dict(state.seen)),
        exports={key: state_model.ExportRecord(**dict(record))
                 for key, record in state.exports.items()},
        reminders=state.reminders,
        reminded=state.reminded,
        hidden=state_model.Hiding(**dict(state.hidden)),
        grid_days=state.grid_days,
    )


def validated(raw: dict[str, Any]) -> tuple[state_model.UserState, list[tuple[Place, str]]]:
    """The state in `raw` (a state file's table, this conference's), made of every part
    that validates, and each part that does not: its place, and a line saying why
    ("settings.display_zone: ... (got 'venue')"). UnusableState when nothing can be used."""
    try:
        return plain(UserState.model_validate(raw)), []
    except ValidationError:
        pass  # some part is bad: keep every other one
    unusable: list[tuple[Place, str]] = []
    values = {name: value for name in UserState.model_fields
              if (value := _usable(UserState, name, raw, (name,), unusable)) is not _UNUSABLE}
    while True:  # what is left validates part by part; should a whole still not, drop it
        try:
            return plain(UserState.model_validate(values)), unusable
        except ValidationError as error:
            detail = error.errors(include_url=False)[0]
            name = str(detail["loc"][0]) if detail["loc"] else ""
            if name not in values or name == "conference_id":
                raise UnusableState(f"{name}: {detail['msg']}") from None
            unusable.append(((name,), _first(error, (name,), values.pop(name))))


_UNUSABLE = object()


def _usable(model: type[BaseModel], name: str, raw: dict[str, Any], place: Place,
            unusable: list[tuple[Place, str]]) -> Any:
    """The part of `raw[name]` that validates as field `name` of `model`, or _UNUSABLE:
    a nested model key by key, a mapping entry by entry, a list item by item."""
    if name not in raw:
        return _UNUSABLE
    value = raw[name]
    field = model.model_fields[name]
    annotation: Any = field.annotation  # a field type (FieldInfo allows None)
    # With its constraints: pydantic keeps StrictBool's strictness, or a field's bounds, apart.
    checked: Any = Annotated[(annotation, *field.metadata)] if field.metadata else annotation
    try:
        TypeAdapter(checked).validate_python(value)
        return value
    except ValidationError as error:
        whole_problem = _first(error, place, value)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, dict):
        return {key: part for key in annotation.model_fields
                if (part := _usable(annotation, key, value, (*place, key), unusable)) is not _UNUSABLE}
    item, container = _item_type(annotation)
    if item is not None and isinstance(value, container):
        adapter = TypeAdapter(item)
        entries = value.items() if isinstance(value, dict) else enumerate(value)
        kept: dict[Any, Any] = {}
        for key, part in entries:
            try:
                kept[key] = adapter.validate_python(part)
            except ValidationError as error:
                unusable.append(((*place, key), _first(error, (*place, key), part)))
        return kept if isinstance(value, dict) else list(kept.values())
    unusable.append((place, whole_problem))
    return _UNUSABLE


def _label(place: Place) -> str:
    """('notes', 'a b', 3) -> 'notes."a b"[3]'"""
    text = ""
    for part in place:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + _key(part)
    return text


def _item_type(annotation: Any) -> tuple[Any, type[Any]]:
    """The type of the items of a `list[X]` or the values of a `dict[str, X]`, and which
    of the two it is; (None, NoneType) for anything else."""
    arguments: tuple[Any, ...] = getattr(annotation, "__args__", ())
    origin = getattr(annotation, "__origin__", None)
    if origin is list and len(arguments) == 1:
        return arguments[0], list
    if origin is dict and len(arguments) == 2:
        return arguments[1], dict
    return None, type(None)


def _key(key: str) -> str:
    bare = key.replace("_", "").replace("-", "").isalnum() and key.isascii()
    return key if bare else '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _first(error: ValidationError, place: Place, value: Any) -> str:
    detail = error.errors(include_url=False)[0]
    where = _label(place)
    inner = "".join(f".{part}" if isinstance(part, str) else f"[{part}]" for part in detail["loc"])
    quoted = repr(value)
    quoted = quoted if len(quoted) <= 60 else quoted[:57] + "..."
    return f"{where}{inner}: {detail['msg'].removeprefix('Value error, ')} (got {quoted})"
