"""The user's state as plain data, both ways, without pydantic (the state is read at every
start, and pydantic costs more to import than the rest of the start-up's reading):

- `checked_state`: the `UserState` a file's table holds, when plain code is sure of every
  value in it: each of exactly the type the file format gives for a good file, in range,
  with the schema's rules applied (sorted unique bookmarks, a SEQUENCE brought into range).
  Anything else (a wrong type, a value pydantic would convert or refuse, a missing key) is
  None: the caller then checks it with the schema (`state_schema`), which alone says what
  is wrong, and keeps every part that is right. So whichever path a file takes, the state
  is the one the schema would give (`tests/unit/test_state_fast_path.py` checks).
- `as_written`: the table a state is written as, as pydantic models dumped it before (JSON
  values, no None, an export record without its defaults): files written then and now
  are alike byte for byte (`tests/unit/test_state_fast_path.py` holds it to such files).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, NoReturn

from agenda_tui.limits import SUPPORTED_YEARS
from agenda_tui.state_model import (
    MAX_REMINDER_MINUTES,
    DisplayZone,
    ExportRecord,
    Hiding,
    SeenAgenda,
    Settings,
    UserState,
)

# As written: 2025-02-01, and 2025-02-01T09:30:00Z or 2025-02-01T10:00:00.5+01:00.
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_INSTANT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
                      r"(?:\.([0-9]{1,6}))?(?:(Z)|([+-])([01][0-9]|2[0-3]):([0-5][0-9]))")
_ZONES = {zone.value: zone for zone in DisplayZone}


class _NotSure(Exception):
    """A value plain code does not vouch for: the schema decides."""


def checked_state(raw: dict[str, Any]) -> UserState | None:
    """The state `raw` holds if plain code is sure of all of it, else None."""
    try:
        return _state(raw)
    except _NotSure:
        return None


def _not_sure() -> NoReturn:
    raise _NotSure


def _state(raw: dict[str, Any]) -> UserState:
    state = UserState(conference_id=_text(raw["conference_id"]) if "conference_id" in raw
                      else _not_sure())
    for name, value in raw.items():
        match name:
            case "schema_version":
                if type(value) is not int or value < 1:
                    _not_sure()
                state.schema_version = value
            case "bookmarks":
                state.bookmarks = sorted(set(_texts(value)))
            case "notes":
                state.notes = {key: _text(note) for key, note in _table(value).items()}
            case "settings":
                state.settings = _settings(_table(value))
            case "seen":
                seen = _table(value)
                state.seen = SeenAgenda(version=_text(seen.get("version", "")),
                                        kept_gone=_texts(seen.get("kept_gone", [])))
            case "exports":
                state.exports = {key: _record(_table(record))
                                 for key, record in _table(value).items()}
            case "reminders":
                state.reminders = {key: _minutes(minutes) for key, minutes in _table(value).items()}
            case "reminded":
                state.reminded = {key: _instant(start) for key, start in _table(value).items()}
            case "hidden":
                hidden = _table(value)
                state.hidden = Hiding(rooms=_texts(hidden.get("rooms", [])),
                                      tracks=_texts(hidden.get("tracks", [])))
            case "grid_days":
                state.grid_days = sorted(set(_dates(value)))
    return state


def _settings(raw: dict[str, Any]) -> Settings:
    settings = Settings()
    for name, value in raw.items():
        match name:
            case "theme":
                settings.theme = _text(value)
            case "display_zone":
                settings.display_zone = _ZONES[value] if type(value) is str and value in _ZONES \
                    else _not_sure()
            case "show_breaks":
                settings.show_breaks = _flag(value)
            case "show_past":
                settings.show_past = _flag(value)
            case "my_schedule_grid":
                settings.my_schedule_grid = _flag(value)
            case "reminder_minutes":
                settings.reminder_minutes = _minutes(value)
    return settings


def _record(raw: dict[str, Any]) -> ExportRecord:
    if "fingerprint" not in raw:
        _not_sure()
    sequence = raw.get("sequence", 0)
    if type(sequence) is not int:
        _not_sure()
    title, start, end = raw.get("title"), raw.get("start"), raw.get("end")
    return ExportRecord(
        fingerprint=_text(raw["fingerprint"]),
        sequence=sequence,
        title=None if title is None else _text(title),
        start=None if start is None else _instant(start),
        end=None if end is None else _instant(end),
        all_day=_flag(raw.get("all_day", False)),
        days=_dates(raw.get("days", [])),
        bookmarked=_flag(raw.get("bookmarked", False)),
        cancelled=_flag(raw.get("cancelled", False)),
    )


def _table(value: object) -> dict[str, Any]:
    return value if type(value) is dict else _not_sure()


def _text(value: object) -> str:
    return value if type(value) is str else _not_sure()


def _texts(value: object) -> list[str]:
    if type(value) is not list or not all(type(item) is str for item in value):
        _not_sure()
    return list(value)


def _flag(value: object) -> bool:
    return value if type(value) is bool else _not_sure()


def _minutes(value: object) -> int:
    return value if type(value) is int and 0 <= value <= MAX_REMINDER_MINUTES else _not_sure()


def _dates(value: object) -> list[date]:
    return [_date(item) for item in value] if type(value) is list else _not_sure()


def _date(value: object) -> date:
    if type(value) is date:
        day = value
    elif type(value) is str and (match := _DATE.fullmatch(value)):
        try:
            day = date(*map(int, match.groups()))
        except ValueError:
            _not_sure()
    else:
        _not_sure()
    if not SUPPORTED_YEARS[0] <= day.year <= SUPPORTED_YEARS[1]:
        _not_sure()
    return day


def _instant(value: object) -> datetime:
    if type(value) is datetime and value.tzinfo is not None and value.utcoffset() is not None:
        instant = value
    elif type(value) is str and (match := _INSTANT.fullmatch(value)):
        year, month, day, hour, minute, second, fraction, utc, sign, hours, minutes = match.groups()
        if utc:
            zone = UTC
        else:
            offset = timedelta(hours=int(hours), minutes=int(minutes))
            zone = timezone(-offset if sign == "-" else offset)
        try:
            instant = datetime(int(year), int(month), int(day), int(hour), int(minute),
                               int(second), int((fraction or "").ljust(6, "0")), zone)
        except ValueError:
            _not_sure()
    else:
        _not_sure()
    # The year either side too: 23:00 on 31 December 2999 at UTC-12 is in 3000 in UTC.
    if not SUPPORTED_YEARS[0] - 1 <= instant.year <= SUPPORTED_YEARS[1] + 1:
        _not_sure()
    return instant


# -- writing ------------------------------------------------------------------


def as_written(state: UserState) -> dict[str, Any]:
    """The table `state` is written as, key for key and in order as the schema wrote it."""
    settings = state.settings
    written_settings: dict[str, Any] = {} if settings.theme is None else {"theme": settings.theme}
    written_settings |= {"display_zone": str(settings.display_zone),
                         "show_breaks": settings.show_breaks, "show_past": settings.show_past,
                         "my_schedule_grid": settings.my_schedule_grid}
    if settings.reminder_minutes is not None:
        written_settings["reminder_minutes"] = settings.reminder_minutes
    return {
        "schema_version": state.schema_version,
        "conference_id": state.conference_id,
        "bookmarks": list(state.bookmarks),
        "notes": dict(state.notes),
        "settings": written_settings,
        "seen": {"version": state.seen.version, "kept_gone": list(state.seen.kept_gone)},
        "exports": {key: _record_written(record) for key, record in state.exports.items()},
        "reminders": dict(state.reminders),
        "reminded": {key: instant_text(start) for key, start in state.reminded.items()},
        "hidden": {"rooms": list(state.hidden.rooms), "tracks": list(state.hidden.tracks)},
        "grid_days": [day.isoformat() for day in state.grid_days],
    }


def _record_written(record: ExportRecord) -> dict[str, Any]:
    """Keys at their default are left out: there is a record for every session exported,
    and the state file is read and written whole at every change."""
    written: dict[str, Any] = {"fingerprint": record.fingerprint, "sequence": record.sequence}
    if record.title is not None:
        written["title"] = record.title
    if record.start is not None:
        written["start"] = instant_text(record.start)
    if record.end is not None:
        written["end"] = instant_text(record.end)
    if record.all_day:
        written["all_day"] = True
    if record.days:
        written["days"] = [day.isoformat() for day in record.days]
    if record.bookmarked:
        written["bookmarked"] = True
    if record.cancelled:
        written["cancelled"] = True
    return written


def instant_text(instant: datetime) -> str:
    """An instant as pydantic writes it in JSON: 2025-02-01T09:30:00Z, or with its offset."""
    offset = instant.utcoffset()
    if offset is None or offset % timedelta(minutes=1):
        # Naive, or an offset with seconds (a zone's mean solar time): pydantic's own way.
        from pydantic import TypeAdapter

        text: str = TypeAdapter(datetime).dump_python(instant, mode="json")
        return text
    written = instant.replace(tzinfo=None).isoformat()
    if not offset:
        return f"{written}Z"
    minutes = abs(offset) // timedelta(minutes=1)
    return f"{written}{'-' if offset < timedelta(0) else '+'}{minutes // 60:02}:{minutes % 60:02}"
