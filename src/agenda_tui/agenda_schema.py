"""The rules an agenda's fields follow, for pydantic: where an agenda enters the app.

The objects themselves are plain dataclasses (model.py) that name each field's rule
(`Rule("id")`); this module spells the rules out for pydantic and validates data into
those objects through TypeAdapters. It is imported only where data is checked (reading
an agenda's TOML, importing a schedule), never by a start that reads the agenda cache.
The user's state (state_model.py) names its fields' rules the same way, spelt out here too.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    Field,
    GetCoreSchemaHandler,
    Strict,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)
from pydantic_core import CoreSchema

from agenda_tui.errors import quoted
from agenda_tui.model import SCHEMA_VERSION, SUPPORTED_YEARS, supported_instant, supported_year, utc
from agenda_tui.settings_file import MAX_REFRESH_MINUTES
from agenda_tui.state_model import MAX_REMINDER_MINUTES
from agenda_tui.zones import zone_named

__all__ = ["ValidationError", "first_problem", "pydantic_problems", "rule_schema", "validated"]

T = TypeVar("T")


def _printable_id(value: str) -> str:
    # str.isprintable is false for every whitespace character but the ASCII space, and
    # for control, format (bidi, zero-width), separator, private-use and unassigned ones.
    if not value.isprintable() or " " in value:
        raise ValueError("an id cannot hold spaces, control, bidi or zero-width characters")
    return value


def _known_zone(value: str) -> str:
    if zone_named(value) is None:
        raise ValueError(f"unknown IANA time zone {value!r}")
    return value


def _known_schema(version: int) -> int:
    if version > SCHEMA_VERSION:
        raise ValueError(f"the agenda is written for a newer version of agenda-tui (schema "
                         f"{version}; this version reads {SCHEMA_VERSION})")
    return version


def _local_time(value: object, check: ValidatorFunctionWrapHandler, info: ValidationInfo) -> datetime:
    """A wall-clock time read from the file, checked, with the conference zone attached.

    An all-day session's start and end may be given as dates: their midnights; and its
    midnight that the clocks skip becomes the first moment of its day. One call per time
    (not a call before pydantic's own check and one after): ten thousand sessions have
    twenty thousand of them.
    """
    all_day = info.data.get("all_day")
    if isinstance(value, date) and not isinstance(value, datetime):
        if not all_day:
            raise ValueError("a date without a time is only for an all-day session "
                             "(all_day = true)")
        value = datetime.combine(value, time())
    moment: datetime = check(value)
    zone = (info.context or {}).get("zone")
    # Which keeps the changes of zone below from overflowing; the years compared here
    # rather than in a call per time.
    if not SUPPORTED_YEARS[0] <= moment.year <= SUPPORTED_YEARS[1]:
        supported_year(moment)
    if moment.tzinfo is not None:
        return moment.astimezone(zone) if zone else moment
    if zone is None:
        raise ValueError("a local time needs the conference time zone to be known")
    # moment.replace(tzinfo=zone), in a quarter of its time (fold and all: time() keeps it).
    moment = datetime.combine(moment, moment.time(), zone)
    return utc(moment).astimezone(zone) if all_day else moment


_TEXT = StringConstraints(strip_whitespace=True, min_length=1)

# What each `model.Rule` means.
RULES: dict[str, tuple[Any, ...]] = {
    "id": (StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
           AfterValidator(_printable_id)),
    "slug": (StringConstraints(strip_whitespace=True, max_length=100,
                               pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$"),),
    "text": (_TEXT,),
    "date": (AfterValidator(supported_year),),
    "zone": (_TEXT, AfterValidator(_known_zone)),
    "local time": (WrapValidator(_local_time),),
    "schema version": (Strict(), Field(ge=1), AfterValidator(_known_schema)),
    # The user's state (a file of a newer version may say a newer version: it is read).
    "state version": (Strict(), Field(ge=1)),
    "flag": (Strict(),),
    "reminder minutes": (Strict(), Field(ge=0, le=MAX_REMINDER_MINUTES)),
    "refresh minutes": (Strict(), Field(ge=0, le=MAX_REFRESH_MINUTES)),
    "instant": (AfterValidator(supported_instant),),
}
# The rules whose values are of a stricter type than the field's own.
RULE_TYPES: dict[str, Any] = {"instant": AwareDatetime}


def rule_schema(name: str, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
    """The schema of a field of type `source` that follows rule `name`."""
    return handler(Annotated[(RULE_TYPES.get(name, source), *RULES[name])])


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}  # built on first use: each takes a while


def validated(kind: type[T], data: Any, zone: Any = None) -> T:
    """`data` checked and made into a `kind` (a model dataclass); ValidationError lists
    what is wrong. `zone` is the conference's, for wall-clock times."""
    if (adapter := _ADAPTERS.get(kind)) is None:
        adapter = _ADAPTERS[kind] = TypeAdapter(kind)
    checked: T = adapter.validate_python(data, context={"zone": zone})
    return checked


def pydantic_problems(error: ValidationError) -> list[tuple[tuple[str | int, ...], str]]:
    """Each problem pydantic found: its place (a path of keys and positions) and what it
    is, in the words an agenda's author reads."""
    problems = []
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        message = detail["msg"]
        kind = detail["type"]
        if kind in ("extra_forbidden", "unexpected_keyword_argument"):
            message = "unknown key"
        elif kind in ("missing", "missing_keyword_argument"):
            message = "required key is missing"
        elif kind == "value_error":
            message = message.removeprefix("Value error, ")
        elif kind.endswith("_type") or kind.endswith("_parsing"):
            message = f"{message} (got {quoted(detail.get('input'))})"
        problems.append((loc, message))
    return problems


def first_problem(error: ValidationError) -> str:
    """The first problem's message as pydantic words it."""
    message: str = error.errors(include_url=False)[0]["msg"]
    return message

