"""The user's own state (bookmarks, notes, settings): one TOML file per conference.

Nothing here may lose what the user did:
- every change is a read-modify-write of the file under a lock, so two running
  instances each add their change to what the other saved;
- the file is replaced atomically (temporary file, fsync, rename), so reading it needs
  no lock: start-up reads it without one;
- a file that cannot be parsed is moved aside under a timestamped name and
  reported, never overwritten;
- where the directory cannot be written, the session goes on in memory with a
  warning and the file on disk is left as it was.
"""

from __future__ import annotations

import errno
import os
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import tomli_w
from pydantic import ValidationError

from agenda_tui.atomic import atomic_write_text
from agenda_tui.diff import AgendaDiff, agenda_version, diff_agendas
from agenda_tui.errors import InvalidFileError
from agenda_tui.model import Agenda, ExportRecord, SeenAgenda, UserState
from agenda_tui.store import load_agenda, save_agenda

LOCK_TIMEOUT_SECONDS = 10.0


class LockHeldError(OSError):
    """Another instance held the state file's lock longer than LOCK_TIMEOUT_SECONDS."""


class StateStore:
    """Holds one conference's `UserState` and saves every change to it at once."""

    def __init__(self, path: Path | None, conference_id: str):
        self.path = path
        self.conference_id = conference_id
        self.warnings: list[str] = []
        self.state = UserState(conference_id=conference_id)
        self._seen_in_memory: Agenda | None = None
        self._unsaved: list[Callable[[UserState], None]] = []
        self._failing = False
        self._memory_only = False
        if path is not None:
            self._load()

    @classmethod
    def in_memory(cls, conference_id: str) -> StateStore:
        return cls(None, conference_id)

    # -- queries -------------------------------------------------------------

    def take_warnings(self) -> list[str]:
        """Warnings not yet shown to the user (each is returned once)."""
        warnings, self.warnings = self.warnings, []
        return warnings

    @property
    def saved(self) -> bool:
        """Whether every change made so far is on disk: False after a save that failed
        (kept to retry), or when the file could not be written from the start."""
        return not self._unsaved and not self._memory_only

    def is_bookmarked(self, session_id: str) -> bool:
        return session_id in self.state.bookmarks

    def note(self, session_id: str) -> str:
        return self.state.notes.get(session_id, "")

    # -- changes: each one is saved before it returns --------------------------

    def set_bookmark(self, session_id: str, bookmarked: bool) -> UserState:
        return self.set_bookmarks([session_id], bookmarked)

    def set_bookmarks(self, session_ids: Iterable[str], bookmarked: bool) -> UserState:
        ids = set(session_ids)

        def change(state: UserState) -> None:
            marks = set(state.bookmarks)
            state.bookmarks = sorted(marks | ids if bookmarked else marks - ids)

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

    @property
    def seen_agenda_path(self) -> Path | None:
        return self.path.with_name(f"{self.path.stem}.seen.toml") if self.path else None

    def seen_agenda(self) -> Agenda | None:
        """The agenda as the user last saw it, or None if never (or if its copy is unusable)."""
        if self._seen_in_memory is not None or self.seen_agenda_path is None:
            return self._seen_in_memory
        path = self.seen_agenda_path
        if not path.exists():
            return None
        try:
            return load_agenda(path)
        except InvalidFileError as error:
            self.warnings.append(f"the copy of the agenda last seen could not be read "
                                 f"({error.lines()[0]}); changes are counted from now on")
            return None

    def changes_since_seen(self, agenda: Agenda) -> AgendaDiff | None:
        """What changed since the user last looked; None the first time (nothing to compare).

        The copy last seen is read only when the versions differ, so an unchanged
        agenda costs no second parse at start-up.
        """
        if self.state.seen.version == agenda_version(agenda):
            return AgendaDiff()
        seen = self.seen_agenda()
        return None if seen is None else diff_agendas(seen, agenda)

    def mark_seen(self, agenda: Agenda) -> UserState:
        """Remember `agenda` as seen: a copy beside the state file, its version in the state."""
        self._seen_in_memory = agenda if self.path is None else None
        if (path := self.seen_agenda_path) is not None:
            try:
                save_agenda(agenda, path)
            except OSError as error:
                self.warnings.append(f"could not save {path}: {_reason(error)}; "
                                     "the agenda will count as unseen next time")
                self._seen_in_memory = agenda

        def change(state: UserState) -> None:
            state.seen = SeenAgenda(version=agenda_version(agenda))

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
        """Apply `change` to the state on disk (merged with other writers) and save it.

        When saving fails (a full disk, a lock held too long), the change is kept
        in memory and saved, with any others still waiting, by the next update
        that succeeds. Changes are idempotent, so applying them again is safe.
        """
        change(self.state)
        if self.path is None:
            return self.state
        self._unsaved.append(change)
        try:
            with self._lock():
                state = self._read()
                for waiting in self._unsaved:
                    waiting(state)
                self._write(state)
        except OSError as error:  # LockHeldError included
            if not self._failing:
                self.warnings.append(f"could not save {self.path}: {_reason(error)}; changes are "
                                     "kept for this session and saved when that works again")
            self._failing = True
            return self.state
        if self._failing:
            self.warnings.append(f"saved to {self.path} again, with the changes kept meanwhile")
        self._failing = False
        self._unsaved.clear()
        self.state = state
        return state

    # -- the file ------------------------------------------------------------

    @contextmanager
    def _lock(self) -> Iterator[None]:
        """The state file's lock, for every change. filelock is imported at the first:
        start-up reads without it (`_load`)."""
        import filelock

        assert self.path is not None
        try:
            with filelock.FileLock(f"{self.path}.lock", timeout=LOCK_TIMEOUT_SECONDS):
                yield
        except filelock.Timeout:
            raise LockHeldError(errno.EAGAIN, "another instance holds the lock") from None

    def _check_writable(self) -> None:
        """OSError unless changes can be saved: the lock file can be created, as the
        lock itself would create it."""
        assert self.path is not None
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)  # as filelock opens it
        os.close(os.open(f"{self.path}.lock", flags, 0o666))

    def _load(self) -> None:
        """Read the state without taking the lock: the file is only ever replaced whole,
        so what is read is all old or all new. Only a file to be moved aside takes it."""
        assert self.path is not None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._check_writable()
            state = self._read_if_sound()
            if state is None:
                with self._lock():
                    state = self._read()  # again, under the lock, which moves it aside
            self.state = state
        except OSError as error:
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

    def _read_if_sound(self) -> UserState | None:
        """The state on disk, or None for a file that `_read` would move aside."""
        assert self.path is not None
        try:
            return self._parse(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return UserState(conference_id=self.conference_id)
        except (OSError, ValueError):  # UnicodeDecodeError is a ValueError
            return None

    def _read(self) -> UserState:
        """The state on disk; a corrupt file is moved aside. The caller holds the lock."""
        assert self.path is not None
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return UserState(conference_id=self.conference_id)
        except UnicodeDecodeError as error:
            return self._set_aside(f"not UTF-8 text ({error.reason})")
        except OSError as error:  # a directory in its place, no permission to read
            return self._set_aside(_reason(error))
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
        self._memory_only = True


def dump_state(state: UserState) -> str:
    return tomli_w.dumps(state.model_dump(mode="json", exclude_none=True))


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)
