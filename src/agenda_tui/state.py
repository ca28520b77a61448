"""The user's own state (bookmarks, notes, settings): one TOML file per conference.

Nothing here may lose what the user did:
- every change is a read-modify-write of the file under a lock, so two running
  instances each add their change to what the other saved;
- the file is replaced atomically (temporary file, fsync, rename);
- a file that cannot be parsed is moved aside under a timestamped name and
  reported, never overwritten;
- where the directory cannot be written, the session goes on in memory with a
  warning and the file on disk is left as it was.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

import filelock
import tomli_w
from pydantic import ValidationError

from agenda_tui.atomic import atomic_write_text
from agenda_tui.model import ExportRecord, SeenAgenda, UserState

LOCK_TIMEOUT_SECONDS = 10.0


class StateStore:
    """Holds one conference's `UserState` and saves every change to it at once."""

    def __init__(self, path: Path | None, conference_id: str):
        self.path = path
        self.conference_id = conference_id
        self.warnings: list[str] = []
        self.state = UserState(conference_id=conference_id)
        if path is not None:
            self._load()

    @classmethod
    def in_memory(cls, conference_id: str) -> StateStore:
        return cls(None, conference_id)

    @property
    def persistent(self) -> bool:
        return self.path is not None

    # -- queries -------------------------------------------------------------

    def take_warnings(self) -> list[str]:
        """Warnings not yet shown to the user (each is returned once)."""
        warnings, self.warnings = self.warnings, []
        return warnings

    def is_bookmarked(self, session_id: str) -> bool:
        return session_id in self.state.bookmarks

    def note(self, session_id: str) -> str:
        return self.state.notes.get(session_id, "")

    # -- changes: each one is saved before it returns --------------------------

    def set_bookmark(self, session_id: str, bookmarked: bool) -> UserState:
        def change(state: UserState) -> None:
            marks = set(state.bookmarks)
            if bookmarked:
                marks.add(session_id)
            else:
                marks.discard(session_id)
            state.bookmarks = sorted(marks)

        return self.update(change)

    def toggle_bookmark(self, session_id: str) -> bool:
        """Flip the bookmark as this instance shows it; returns the new value."""
        bookmarked = not self.is_bookmarked(session_id)
        self.set_bookmark(session_id, bookmarked)
        return bookmarked

    def set_note(self, session_id: str, text: str) -> UserState:
        def change(state: UserState) -> None:
            if text.strip():
                state.notes[session_id] = text
            else:
                state.notes.pop(session_id, None)

        return self.update(change)

    def update_settings(self, **values: object) -> UserState:
        def change(state: UserState) -> None:
            state.settings = state.settings.model_copy(update=values)

        return self.update(change)

    def mark_seen(self, seen: SeenAgenda) -> UserState:
        def change(state: UserState) -> None:
            state.seen = seen

        return self.update(change)

    def record_exports(self, records: Mapping[str, ExportRecord]) -> UserState:
        """Remember what was exported; a record never goes back to a lower SEQUENCE."""

        def change(state: UserState) -> None:
            for session_id, record in records.items():
                known = state.exports.get(session_id)
                if known is None or record.sequence >= known.sequence:
                    state.exports[session_id] = record

        return self.update(change)

    def update(self, change: Callable[[UserState], None]) -> UserState:
        """Apply `change` to the state on disk (merged with other writers) and save it."""
        if self.path is None:
            change(self.state)
            return self.state
        try:
            with self._lock():
                state = self._read()
                change(state)
                self._write(state)
        except (OSError, filelock.Timeout) as error:
            self._fall_back_to_memory(f"could not save {self.path}: {_reason(error)}")
            change(self.state)
            return self.state
        self.state = state
        return state

    # -- the file ------------------------------------------------------------

    def _lock(self) -> filelock.BaseFileLock:
        assert self.path is not None
        return filelock.FileLock(f"{self.path}.lock", timeout=LOCK_TIMEOUT_SECONDS)

    def _load(self) -> None:
        assert self.path is not None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock():
                self.state = self._read()
        except (OSError, filelock.Timeout) as error:
            # The directory cannot be written (or locked): read what is there
            # without moving anything, and keep changes in memory.
            path = self.path
            self._fall_back_to_memory(f"cannot write to {path.parent}: {_reason(error)}")
            try:
                self.state = self._parse(path.read_text(encoding="utf-8"))
            except (FileNotFoundError, NotADirectoryError):
                pass
            except (OSError, ValueError) as read_error:
                self.warnings.append(f"could not read {path}: {_reason(read_error)}")

    def _read(self) -> UserState:
        """The state on disk; a corrupt file is moved aside. The caller holds the lock."""
        assert self.path is not None
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return UserState(conference_id=self.conference_id)
        except UnicodeDecodeError as error:
            return self._set_aside(f"not UTF-8 text ({error.reason})")
        try:
            return self._parse(text)
        except ValueError as error:
            return self._set_aside(_reason(error))

    def _parse(self, text: str) -> UserState:
        try:
            state = UserState.model_validate(tomllib.loads(text))
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"malformed TOML: {error}") from None
        except RecursionError:
            raise ValueError("malformed TOML: nested too deeply to read") from None
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"])
            raise ValueError(f"{where}: {first['msg']}") from None
        if state.conference_id != self.conference_id:
            raise ValueError(
                f"it belongs to conference {state.conference_id!r}, not {self.conference_id!r}"
            )
        return state

    def _set_aside(self, reason: str) -> UserState:
        assert self.path is not None
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
            counter += 1
        self.path.rename(target)
        self.warnings.append(
            f"{self.path} could not be read ({reason}); it was moved to {target} "
            "and this session starts with empty state"
        )
        return UserState(conference_id=self.conference_id)

    def _write(self, state: UserState) -> None:
        assert self.path is not None
        atomic_write_text(self.path, dump_state(state))

    def _fall_back_to_memory(self, why: str) -> None:
        self.warnings.append(f"{why}; changes are kept for this session only")
        self.path = None


def dump_state(state: UserState) -> str:
    return tomli_w.dumps(state.model_dump(mode="json", exclude_none=True))


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    if isinstance(error, filelock.Timeout):
        return "another instance holds the lock"
    return str(error)
