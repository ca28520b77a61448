"""The user's state file as a document: what this version understands of it, and how a
change is written back without losing what it does not.

The file may have been written by a newer version (keys and tables this one does not
know, a `display_zone` it has no value for), or edited by hand (one value of the wrong
type). So:
- `parse_state` keeps the whole document as read (`StateDocument.raw`) beside the
  `UserState` made of every part that validates; a part that does not (one setting, one
  note, the bookmark list) falls back to its default, with a problem that names it;
- `write_back` applies to the document only the parts a change made different, so every
  key it does not know, and every raw value the user did not change, is written back as
  it was, in place.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import tomli_w
from pydantic import BaseModel, TypeAdapter, ValidationError

from agenda_tui import toml_text
from agenda_tui.errors import number_too_long
from agenda_tui.model import SCHEMA_VERSION
from agenda_tui.state_model import UserState

BYTE_ORDER_MARK = "\ufeff"  # Notepad starts UTF-8 files with it


class UnusableState(ValueError):
    """The file as a whole is not a state file for this conference (not TOML, another
    conference's, not a table): nothing in it can be used."""


class OtherConference(UnusableState):
    """A valid state file, but another conference's."""


@dataclass
class StateDocument:
    raw: dict[str, Any] = field(default_factory=dict)
    state: UserState | None = None
    # Each part that could not be used: its place, and a line saying why
    # ("settings.display_zone: ... (got 'venue')").
    unusable: list[tuple[Place, str]] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [problem for _, problem in self.unusable]

    @property
    def schema_version(self) -> int:
        version = self.raw.get("schema_version", SCHEMA_VERSION)
        return version if isinstance(version, int) and not isinstance(version, bool) else SCHEMA_VERSION

    @property
    def newer(self) -> bool:
        """Written by a version whose state this one cannot write without loss."""
        return self.schema_version > SCHEMA_VERSION


def empty_document(conference_id: str) -> StateDocument:
    return StateDocument({}, UserState(conference_id=conference_id))


def parse_state(text: str, conference_id: str) -> StateDocument:
    """The state in `text`; UnusableState when nothing of it can be used."""
    try:
        raw = toml_text.loads(text.removeprefix(BYTE_ORDER_MARK))
    except tomllib.TOMLDecodeError as error:
        raise UnusableState(f"malformed TOML: {error}") from None
    except RecursionError:
        raise UnusableState("malformed TOML: nested too deeply to read") from None
    except ValueError:  # an integer past Python's 4,300-digit conversion limit
        raise UnusableState(f"malformed TOML: {number_too_long()}") from None
    owner = raw.get("conference_id")
    if owner != conference_id:
        if not isinstance(owner, str):
            raise UnusableState("it names no conference (conference_id)")
        raise OtherConference(f"it belongs to conference {owner!r}, not {conference_id!r}")
    try:
        return StateDocument(raw, UserState.model_validate(raw))
    except ValidationError:
        pass  # some part is bad: keep every other one
    unusable: list[tuple[Place, str]] = []
    values = {name: value for name in UserState.model_fields
              if (value := _usable(UserState, name, raw, (name,), unusable)) is not _UNUSABLE}
    while True:  # what is left validates part by part; should a whole still not, drop it
        try:
            return StateDocument(raw, UserState.model_validate(values), unusable)
        except ValidationError as error:
            detail = error.errors(include_url=False)[0]
            name = str(detail["loc"][0]) if detail["loc"] else ""
            if name not in values or name == "conference_id":
                raise UnusableState(f"{name}: {detail['msg']}") from None
            unusable.append(((name,), _first(error, (name,), values.pop(name))))


_UNUSABLE = object()
Place = tuple[str | int, ...]


def _usable(model: type[BaseModel], name: str, raw: dict[str, Any], place: Place,
            unusable: list[tuple[Place, str]]) -> Any:
    """The part of `raw[name]` that validates as field `name` of `model`, or _UNUSABLE:
    a nested model key by key, a mapping entry by entry, a list item by item."""
    if name not in raw:
        return _UNUSABLE
    value = raw[name]
    annotation: Any = model.model_fields[name].annotation  # a field type (FieldInfo allows None)
    try:
        TypeAdapter(annotation).validate_python(value)
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


# -- writing back -------------------------------------------------------------


def write_back(document: StateDocument,
               changes: Iterable[Callable[[UserState], None]]) -> tuple[UserState, dict[str, Any]]:
    """The state after `changes`, and the document to write: `document.raw` with what the
    changes made different set, and what validation repaired (a SEQUENCE out of range, an
    unsorted bookmark list) written as repaired; everything else as it was read."""
    assert document.state is not None
    after_state = document.state.model_copy(deep=True)
    for change in changes:
        change(after_state)
    unusable = {place for place, _ in document.unusable}
    merged = _merged(document.raw, _as_written(document.state), _as_written(after_state),
                     (), unusable)
    return after_state, merged


def _as_written(state: UserState) -> dict[str, Any]:
    return state.model_dump(mode="json", exclude_none=True)


_ALWAYS_NAMED = frozenset({"schema_version", "conference_id"})


def _merged(raw: dict[str, Any], before: dict[str, Any], after: dict[str, Any], place: Place,
            unusable: set[Place]) -> dict[str, Any]:
    """`raw`, with each key set to `after`'s value where that differs from what `raw` says,
    except where `raw` says something this version could not use and nothing changed it.

    Tables are merged key by key, so a newer version's key inside `[settings]` stays; a
    table this version could not use at all (an export record) is replaced whole when it
    is written, so that none of its old keys outlives it. A default nobody changed is not
    added. The schema and the conference are always named.
    """
    merged = dict(raw)
    for key, new in after.items():
        old = before.get(key, _UNUSABLE)
        here = (*place, key)
        if key not in raw:
            if old != new or (not place and key in _ALWAYS_NAMED):
                merged[key] = new
            continue
        kept = raw[key]
        if kept == new:
            continue
        if isinstance(new, dict) and isinstance(kept, dict) and here not in unusable:
            merged[key] = _merged(kept, old if isinstance(old, dict) else {}, new, here, unusable)
        elif old != new or not any(bad[:len(here)] == here for bad in unusable):
            merged[key] = new
    for key in before.keys() - after.keys():
        merged.pop(key, None)  # removed by the change: a note deleted, say
    return merged


def dump_document(document: dict[str, Any]) -> str:
    return tomli_w.dumps(document)
