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
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

import tomli_w

from agenda_tui import toml_text
from agenda_tui.errors import number_too_long, quoted
from agenda_tui.limits import SCHEMA_VERSION
from agenda_tui.state_data import as_written, checked_state
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


# An agenda file's own tables: a file with one of them is no state file.
AGENDA_KEYS = frozenset({"conference", "sessions"})


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
    repaired: list[tuple[Place, str]] = []
    owner = raw.get("conference_id")
    if owner != conference_id:
        if isinstance(owner, str):
            raise OtherConference(f"it belongs to conference {owner!r}, not {conference_id!r}")
        if raw.keys() & AGENDA_KEYS:  # an agenda (the copy last seen, where it was once kept)
            raise UnusableState("it names no conference (conference_id)")
        # Absent, or no name: the file is where this conference's state is kept, and one
        # bad field costs only itself (an empty file is an empty state, said nothing of).
        if raw:
            got = "missing" if owner is None else f"not a name (got {quoted(owner)})"
            repaired.append((("conference_id",), f"conference_id: {got}; taken as {conference_id!r}, "
                                                  "the conference the file is kept for"))
        raw = _with_conference(raw, conference_id)
    state = checked_state(raw)
    if state is not None:
        return StateDocument(raw, state, repaired)
    from agenda_tui.state_schema import validated  # a file plain code is not sure of

    state, unusable = validated(raw)
    return StateDocument(raw, state, repaired + unusable)


def _with_conference(raw: dict[str, Any], conference_id: str) -> dict[str, Any]:
    """`raw` naming `conference_id`, where a file this version writes names it: after the
    schema version, before the rest."""
    named = {key: raw[key] for key in ("schema_version",) if key in raw}
    named["conference_id"] = conference_id
    return named | {key: value for key, value in raw.items() if key not in named}


Place = tuple[str | int, ...]
_ABSENT = object()


# -- writing back -------------------------------------------------------------


def write_back(document: StateDocument,
               changes: Iterable[Callable[[UserState], None]]) -> tuple[UserState, dict[str, Any]]:
    """The state after `changes`, and the document to write: `document.raw` with what the
    changes made different set, and what validation repaired (a SEQUENCE out of range, an
    unsorted bookmark list) written as repaired; everything else as it was read."""
    assert document.state is not None
    after_state = deepcopy(document.state)
    for change in changes:
        change(after_state)
    unusable = {place for place, _ in document.unusable}
    merged = _merged(document.raw, as_written(document.state), as_written(after_state),
                     (), unusable)
    return after_state, merged


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
        old = before.get(key, _ABSENT)
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
