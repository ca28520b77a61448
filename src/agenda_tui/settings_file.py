"""Settings that hold for every conference: one TOML file in the user config directory
(`paths.settings_path`). A conference's own state (`state_model.Settings`) can override them.

The file is the user's to edit:
- a missing file means the defaults, and is created at the first change;
- a value that cannot be used costs only itself: one warning naming the file, the key and
  the problem, and the default holds for that key;
- keys this version does not know, and values it cannot use but nobody changed, are
  written back as they were;
- a file that is not TOML (or not a file) is never overwritten: the change holds for
  this session only, and the warning says so.
Writes are atomic (`atomic.py`), under a lock shared with other running instances.
"""

from __future__ import annotations

import errno
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Annotated, Any

import tomli_w

from agenda_tui import toml_text
from agenda_tui.atomic import atomic_write_text, write_target
from agenda_tui.errors import InvalidFileError
from agenda_tui.files import read_bytes, reason
from agenda_tui.model import Rule
from agenda_tui.state_model import MAX_REMINDER_MINUTES, Flag, ReminderMinutes

DEFAULT_REMINDER_MINUTES = 5
DEFAULT_REFRESH_MINUTES = 30
MAX_SETTINGS_BYTES = 1024 * 1024
LOCK_TIMEOUT_SECONDS = 10.0
BYTE_ORDER_MARK = "\ufeff"
MAX_REFRESH_MINUTES = 24 * 60


@dataclass(frozen=True, slots=True, kw_only=True)
class GlobalSettings:
    """The file's settings (checked by `parse_settings`; by the rules of their fields,
    `state_schema.settings_problems`, where it is not sure)."""

    reminder_minutes: ReminderMinutes = DEFAULT_REMINDER_MINUTES  # 0: no reminders
    # How often the app refreshes an agenda that has a URL, during its conference; 0: only
    # when asked (`r`, `agenda-tui update`).
    refresh_minutes: Annotated[int, Rule("refresh minutes")] = DEFAULT_REFRESH_MINUTES
    offline: Flag = False  # true: never connect, as with --offline


class _Unusable(Exception):
    """The file as a whole cannot be read as settings: not TOML, not a table, not a file."""


class SettingsFile:
    """The settings shared by every conference, read once at start and saved at each change."""

    def __init__(self, path: Path | None):
        self.path = path
        self.settings = GlobalSettings()
        self.warnings: list[str] = []
        if path is not None:
            self._load()

    @classmethod
    def in_memory(cls) -> SettingsFile:
        return cls(None)

    def take_warnings(self) -> list[str]:
        """Warnings not yet shown to the user (each is returned once)."""
        warnings, self.warnings = self.warnings, []
        return warnings

    def _load(self) -> None:
        try:
            raw = self._read_raw()
        except _Unusable as why:
            self.warnings.append(f"{self.path}: {why}; the default settings hold, and the file "
                                 "is not rewritten")
            return
        self.settings, problems = parse_settings(raw)
        for problem in problems:
            self.warnings.append(f"{self.path}: {problem}; the default holds for it")

    def update(self, **values: object) -> GlobalSettings:
        """Set these settings (already valid) and write them to the file, keeping every
        other key in it as it is now. A failure to write is a warning, never an error:
        the change holds for this session."""
        self.settings = replace(self.settings, **values)  # type: ignore[arg-type]
        if self.path is None:
            return self.settings
        written = {field.name: getattr(self.settings, field.name)
                   for field in fields(GlobalSettings) if field.name in values}
        try:
            with self._lock():
                try:
                    raw = self._read_raw()
                except _Unusable as why:
                    self.warnings.append(f"{self.path} is not written ({why}): the change holds "
                                         "for this session only")
                    return self.settings
                raw.update(written)
                atomic_write_text(self.path, tomli_w.dumps(raw))
        except OSError as error:
            self.warnings.append(f"could not save {self.path}: {reason(error)}; the change holds "
                                 "for this session only")
        return self.settings

    @contextmanager
    def _lock(self) -> Iterator[None]:
        import filelock

        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with filelock.FileLock(f"{write_target(self.path)}.lock", timeout=LOCK_TIMEOUT_SECONDS):
                yield
        except filelock.Timeout:
            raise OSError(errno.EAGAIN, "another instance holds the lock") from None

    def _read_raw(self) -> dict[str, Any]:
        """The file's table; {} when there is no file."""
        assert self.path is not None
        if not self.path.exists() and not self.path.is_symlink():
            return {}
        try:
            text = read_bytes(self.path, MAX_SETTINGS_BYTES).decode("utf-8")
        except InvalidFileError as error:
            raise _Unusable(error.lines()[0].removeprefix(f"{self.path}: ")) from None
        except UnicodeDecodeError:
            raise _Unusable("not UTF-8 text") from None
        try:
            return toml_text.loads(text.removeprefix(BYTE_ORDER_MARK))
        except tomllib.TOMLDecodeError as error:
            raise _Unusable(f"malformed TOML: {error}") from None
        except (RecursionError, ValueError):
            raise _Unusable("malformed TOML") from None


def parse_settings(raw: dict[str, Any]) -> tuple[GlobalSettings, list[str]]:
    """The settings in `raw`, each key that validates; and a line for each that does not
    ("reminder_minutes: Input should be less than or equal to 1440 (got 5000)").

    A value of exactly the type a good file holds, in range, is taken as it is; pydantic
    (`state_schema.settings_problems`) is imported only to say what is wrong with one that
    is not."""
    values: dict[str, Any] = {}
    doubtful: list[str] = []
    for name, value in raw.items():
        match name:
            case "reminder_minutes" | "refresh_minutes":
                limit = MAX_REMINDER_MINUTES if name == "reminder_minutes" else MAX_REFRESH_MINUTES
                sure = type(value) is int and 0 <= value <= limit
            case "offline":
                sure = type(value) is bool
            case _:
                continue
        if sure:
            values[name] = value
        else:
            doubtful.append(name)
    problems: list[str] = []
    if doubtful:
        from agenda_tui.state_schema import settings_problems

        checked, problems = settings_problems({name: raw[name] for name in doubtful})
        values |= checked
    return GlobalSettings(**values), problems
