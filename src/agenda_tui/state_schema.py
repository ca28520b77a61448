"""The state file's checker for every file the plain reader (`state_data.checked_state`)
is not sure of, and the source of each problem's message. Imported only then: a good
state file is read without pydantic.

pydantic validates into `state_model`'s dataclasses themselves, by the rule each of their
fields names (`model.Rule`, spelt out in `agenda_schema.RULES`): the fields are listed
once. A value that does not validate costs only itself (`validated`).
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any, get_type_hints

from pydantic import TypeAdapter, ValidationError

from agenda_tui import state_model
from agenda_tui.errors import quoted
from agenda_tui.settings_file import GlobalSettings
from agenda_tui.state_document import Place, UnusableState


@cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    """pydantic's validator of a type (a dataclass, or a field's type with its rule)."""
    return TypeAdapter(kind)


@cache
def _field_types(kind: type) -> dict[str, Any]:
    """A dataclass's fields, each with its type as written (its rule included)."""
    hints = get_type_hints(kind, include_extras=True)
    return {field.name: hints[field.name] for field in fields(kind)}


def settings_problems(raw: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Of a settings file's keys, the values that validate, and a line for each that does
    not ("reminder_minutes: Input should be less than or equal to 1440 (got 5000)")."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, annotation in _field_types(GlobalSettings).items():
        if name not in raw:
            continue
        try:
            values[name] = _adapter(annotation).validate_python(raw[name])
        except ValidationError as error:
            message = error.errors(include_url=False)[0]["msg"]
            problems.append(f"{name}: {message} (got {quoted(raw[name])})")
    return values, problems


def checked(raw: dict[str, Any]) -> state_model.UserState:
    """The state in `raw` if every part of it validates; ValidationError if one does not."""
    state: state_model.UserState = _adapter(state_model.UserState).validate_python(raw)
    return state


def validated(raw: dict[str, Any]) -> tuple[state_model.UserState, list[tuple[Place, str]]]:
    """The state in `raw` (a state file's table, this conference's), made of every part
    that validates, and each part that does not: its place, and a line saying why
    ("settings.display_zone: ... (got 'venue')"). UnusableState when nothing can be used."""
    try:
        return checked(raw), []
    except ValidationError:
        pass  # some part is bad: keep every other one
    unusable: list[tuple[Place, str]] = []
    values = {name: value for name in _field_types(state_model.UserState)
              if (value := _usable(state_model.UserState, name, raw, (name,), unusable)) is not _UNUSABLE}
    while True:  # what is left validates part by part; should a whole still not, drop it
        try:
            return checked(values), unusable
        except ValidationError as error:
            detail = error.errors(include_url=False)[0]
            name = str(detail["loc"][0]) if detail["loc"] else ""
            if name not in values or name == "conference_id":
                raise UnusableState(f"{name}: {detail['msg']}") from None
            unusable.append(((name,), _first(error, (name,), values.pop(name))))


_UNUSABLE = object()


def _usable(kind: type, name: str, raw: dict[str, Any], place: Place,
            unusable: list[tuple[Place, str]]) -> Any:
    """The part of `raw[name]` that validates as field `name` of dataclass `kind`, or
    _UNUSABLE: a nested dataclass key by key, a mapping entry by entry, a list item by item."""
    if name not in raw:
        return _UNUSABLE
    value = raw[name]
    annotation = _field_types(kind)[name]
    try:
        _adapter(annotation).validate_python(value)
        return value
    except ValidationError as error:
        whole_problem = _first(error, place, value)
    if isinstance(annotation, type) and is_dataclass(annotation) and isinstance(value, dict):
        return {key: part for key in _field_types(annotation)
                if (part := _usable(annotation, key, value, (*place, key), unusable)) is not _UNUSABLE}
    item, container = _item_type(annotation)
    if item is not None and isinstance(value, container):
        adapter = _adapter(item)
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
    about = detail.get("input", value) if inner else value  # the value the message is about
    return f"{where}{inner}: {detail['msg'].removeprefix('Value error, ')} (got {quoted(about)})"
