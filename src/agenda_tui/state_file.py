"""The user's own state (bookmarks, notes, settings): one TOML file per conference.

Nothing here may lose what the user did, nor what another version of the app wrote:
- every change is a read-modify-write of the file under a lock, so two running
  instances each add their change to what the other saved;
- the file is replaced atomically (temporary file, fsync, rename), so reading it needs
  no lock: start-up reads it without one; a symlinked file is replaced where the link
  leads, and the link stays;
- what this version does not know (a newer version's keys, a value it has no meaning
  for) is written back as it was (`state_document`); one bad value costs only itself,
  and a copy of the file as found is kept beside it;
- a file written by a newer schema, or too large to be a state file, is never
  rewritten: the session keeps its changes in memory and says so (`read_only_reason`);
- a file that cannot be used at all is moved aside under a timestamped name and
  reported, never overwritten;
- where the directory cannot be written, the session goes on in memory with a
  warning and the file on disk is left as it was;
- nothing at the state path can make a read wait: a FIFO or a device is refused at once.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import stat
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from copy import deepcopy
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agenda_tui.agenda_file import load_agenda, save_agenda
from agenda_tui.atomic import atomic_write_text, write_target
from agenda_tui.errors import InvalidFileError
from agenda_tui.files import kind_of, read_bytes, reason
from agenda_tui.limits import SCHEMA_VERSION
from agenda_tui.model import Agenda, Session
from agenda_tui.paths import file_stem
from agenda_tui.reminders import Reminder, reminded_after
from agenda_tui.state_data import as_written
from agenda_tui.state_document import (
    OtherConference,
    StateDocument,
    UnusableState,
    dump_document,
    empty_document,
    parse_state,
    write_back,
)
from agenda_tui.state_model import ExportRecord, Hiding, SeenAgenda, UserState

if TYPE_CHECKING:
    from agenda_tui.diff import AgendaDiff

LOCK_TIMEOUT_SECONDS = 10.0
# A state file holds bookmarks and notes: even years of notes are far below this.
MAX_STATE_BYTES = 16 * 1024 * 1024


class LockHeldError(OSError):
    """Another instance held the state file's lock longer than LOCK_TIMEOUT_SECONDS."""


class _SetAside(Exception):
    """The file at the state path cannot be used at all: move it aside (under the lock)."""


class _ReadOnly(Exception):
    """The file must not be rewritten by this version (newer, too large, not a file);
    `document` is what can still be shown of it."""

    def __init__(self, why: str, document: StateDocument | None = None):
        super().__init__(why)
        self.document = document


class StateFile:
    """Holds one conference's `UserState` and saves every change to it at once."""

    def __init__(self, path: Path | None, conference_id: str):
        self.path = path
        self.conference_id = conference_id
        self.warnings: list[str] = []
        self.state = UserState(conference_id=conference_id)
        # Why changes are not saved, for as long as this session lasts (None: they are).
        self.read_only_reason: str | None = None
        # The copy of the agenda last seen, once read or written here: read at most once,
        # by whichever of the changes check and the saver's thread asks first.
        self._seen_copy: Agenda | None = None
        self._seen_known = False
        self._seen_lock = threading.Lock()
        self._unsaved: list[Callable[[UserState], None]] = []
        self._failing: str | None = None
        if path is not None:
            self._load()

    @classmethod
    def in_memory(cls, conference_id: str) -> StateFile:
        return cls(None, conference_id)

    # -- queries -------------------------------------------------------------

    def take_warnings(self) -> list[str]:
        """Warnings not yet shown to the user (each is returned once)."""
        warnings, self.warnings = self.warnings, []
        return warnings

    @property
    def saved(self) -> bool:
        """Whether every change made so far is on disk: False after a save that failed
        (kept to retry), or when the file cannot be written at all."""
        return not self._unsaved and self.read_only_reason is None

    @property
    def unsaved_reason(self) -> str | None:
        """Why changes are not on disk now, to keep on screen: for the whole session
        (`read_only_reason`), or until a save works again."""
        if self.read_only_reason is not None:
            return self.read_only_reason
        if self._unsaved and self._failing:
            return f"could not save {self.path}: {self._failing}; changes are kept until it works"
        return None

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
            state.settings = replace(state.settings, **values)  # type: ignore[arg-type]

        return self.update(change)

    # -- reminders ---------------------------------------------------------------

    def set_session_reminder(self, session_id: str, minutes: int | None) -> UserState:
        """The session's own lead time; None: back to the default."""
        def change(state: UserState) -> None:
            if minutes is None:
                state.reminders.pop(session_id, None)
            else:
                state.reminders[session_id] = minutes

        return self.update(change)

    def mark_reminded(self, agenda: Agenda, shown: Iterable[Reminder], now: datetime) -> UserState:
        """Remember the reminders shown, so that no restart shows them again; forget
        those whose sessions are long over (`reminders.reminded_after`)."""
        shown = list(shown)

        def change(state: UserState) -> None:
            state.reminded = reminded_after(agenda, state.reminded, shown, now)

        return self.update(change)

    # -- hiding rooms and tracks -----------------------------------------------------

    def set_hidden(self, rooms: Iterable[str], tracks: Iterable[str]) -> UserState:
        """Hide these rooms and tracks from the day tables (and no others)."""
        hidden = Hiding(rooms=list(rooms), tracks=list(tracks))

        def change(state: UserState) -> None:
            state.hidden = deepcopy(hidden)

        return self.update(change)

    def set_grid_day(self, day: date, grid: bool) -> UserState:
        """Show the day as a timeline grid (`grid`), or as a table."""
        def change(state: UserState) -> None:
            days = set(state.grid_days)
            state.grid_days = sorted(days | {day} if grid else days - {day})

        return self.update(change)

    @property
    def seen_agenda_path(self) -> Path | None:
        """The copy of the agenda last seen: in `seen/` beside the state file, so that no
        conference's state and another's copy share a name (`demo.seen` and `demo`)."""
        return self.path.parent / "seen" / self.path.name if self.path else None

    def seen_agenda(self) -> Agenda | None:
        """The agenda as the user last saw it, or None if never (or if its copy is unusable).
        It may hold bookmarked sessions the agenda seen no longer had (`state.seen.kept_gone`)."""
        with self._seen_lock:
            if not self._seen_known:
                self._seen_copy = self._read_seen_agenda()
                self._seen_known = True
            return self._seen_copy

    def _read_seen_agenda(self) -> Agenda | None:
        path = self.seen_agenda_path
        if path is None:
            return None
        if not path.exists():
            return self._legacy_seen_agenda()
        try:
            return load_agenda(path)
        except InvalidFileError as error:
            self.warnings.append(f"the copy of the agenda last seen could not be read "
                                 f"({error.lines()[0]}); changes are counted from now on")
            return None

    def _legacy_seen_agenda(self) -> Agenda | None:
        """The copy as versions before `seen/` kept it (`<id>.seen.toml` beside the state),
        moved to its new name, if it is this conference's agenda (the name could also be
        another conference's state file)."""
        assert self.path is not None and self.seen_agenda_path is not None
        legacy = self.path.with_name(f"{self.conference_id}.seen.toml")
        try:
            agenda = load_agenda(legacy, cache=False)
        except InvalidFileError:
            return None
        if agenda.conference.id != self.conference_id:
            return None
        with suppress(OSError):
            self.seen_agenda_path.parent.mkdir(exist_ok=True)
            os.replace(legacy, self.seen_agenda_path)
        return agenda

    def changes_since_seen(self, agenda: Agenda) -> AgendaDiff | None:
        """What changed since the user last looked; None the first time (nothing to compare).

        The copy last seen is read only when the versions differ, so an unchanged
        agenda costs no second parse at start-up.
        """
        # Here, not at the top: the first frame does without the diff (it comes after).
        from agenda_tui.diff import AgendaDiff, agenda_version, diff_agendas

        if self.state.seen.version == agenda_version(agenda):
            return AgendaDiff()
        seen = self.seen_agenda()
        if seen is None:
            return None
        kept_gone = set(self.state.seen.kept_gone)
        if kept_gone:  # gone before the user last looked: not a change since
            seen = dataclasses.replace(
                seen, sessions=[session for session in seen.sessions if session.id not in kept_gone])
        return diff_agendas(seen, agenda)

    def gone_bookmarks(self, agenda: Agenda) -> dict[str, Session]:
        """The bookmarked sessions `agenda` no longer has (cancelled, or withdrawn), as the
        user last saw them (`diff.last_known`), in time order. A bookmark the user never
        saw in any copy of the agenda has no last known session, and is not here."""
        from agenda_tui.diff import last_known

        gone = set(self.state.bookmarks) - agenda.sessions_by_id.keys()
        if not gone:
            return {}  # the copy last seen is not read
        seen = self.seen_agenda()
        if seen is None:
            return {}
        return {session.id: last_known(session) for session in seen.sessions_in_order
                if session.id in gone}

    def mark_seen(self, agenda: Agenda) -> UserState:
        """Remember `agenda` as seen: a copy beside the state file, its version in the state.

        The copy also keeps, from the copy it replaces, each bookmarked session that
        `agenda` no longer has: a bookmark keeps its session's last known title, time and
        room for as long as it is a bookmark, however often the agenda is seen since."""
        from agenda_tui.diff import agenda_version, kept_sessions, with_kept_sessions

        gone = set(self.state.bookmarks) - agenda.sessions_by_id.keys()
        kept = kept_sessions(self.seen_agenda(), agenda, gone) if gone else []
        copy = with_kept_sessions(agenda, kept)
        if (path := self.seen_agenda_path) is not None and self.read_only_reason is None:
            try:
                path.parent.mkdir(exist_ok=True)
                save_agenda(copy, path)
            except OSError as error:
                self.warnings.append(f"could not save {path}: {reason(error)}; "
                                     "the agenda will count as unseen next time")
        with self._seen_lock:
            self._seen_copy, self._seen_known = copy, True
        kept_gone = sorted(session.id for session in kept)

        def change(state: UserState) -> None:
            state.seen = SeenAgenda(version=agenda_version(agenda), kept_gone=kept_gone)

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
        A read-only state keeps every change in memory only.
        """
        change(self.state)
        if self.path is None:
            return self.state
        self._unsaved.append(change)
        if self.read_only_reason is not None:
            return self.state
        try:
            with self._lock():
                document = self._read_document(set_aside=True)
                state, written = write_back(document, self._unsaved)
                self._write(written)
        except _ReadOnly as why:  # a newer version wrote the file meanwhile, say
            self._become_read_only(str(why))
            return self.state
        except OSError as error:  # LockHeldError included
            if not self._failing:
                self.warnings.append(f"could not save {self.path}: {reason(error)}; changes are "
                                     "kept for this session and saved when that works again")
            self._failing = reason(error)
            return self.state
        if self._failing:
            self.warnings.append(f"saved to {self.path} again, with the changes kept meanwhile")
        self._failing = None
        self._unsaved.clear()
        self.state = state
        return state

    # -- the file ------------------------------------------------------------

    @property
    def target(self) -> Path:
        """The file the state is written to: the state path, or where its symlink leads."""
        assert self.path is not None
        return write_target(self.path)

    @contextmanager
    def _lock(self) -> Iterator[None]:
        """The state file's lock, for every change: keyed on the file a symlink leads to,
        so that two links to one file share it. filelock is imported at the first
        change: start-up reads without it (`_load`)."""
        import filelock

        try:
            with filelock.FileLock(f"{self.target}.lock", timeout=LOCK_TIMEOUT_SECONDS):
                yield
        except filelock.Timeout:
            raise LockHeldError(errno.EAGAIN, "another instance holds the lock") from None

    def _check_writable(self) -> None:
        """OSError unless changes can be saved: the lock file can be created, as the
        lock itself would create it."""
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)  # as filelock opens it
        os.close(os.open(f"{self.target}.lock", flags, 0o666))

    def _load(self) -> None:
        """Read the state without taking the lock: the file is only ever replaced whole,
        so what is read is all old or all new. Only a file to be moved aside takes it."""
        assert self.path is not None
        path = self.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._adopt_legacy_name()
            try:
                document = self._read_document()
            except _SetAside:
                with self._lock():
                    document = self._read_document(set_aside=True)
            self._check_writable()
        except _ReadOnly as why:
            self._become_read_only(str(why))
            if why.document is not None and why.document.state is not None:
                self.state = why.document.state
            return
        except OSError as error:
            # The directory cannot be written (or locked): read what is there
            # without moving anything, and keep changes in memory.
            # The folder that failed: where a symlink leads, it may be another than the link's.
            failed = Path(error.filename).parent if isinstance(error.filename, str) else path.parent
            self._become_read_only(f"cannot write to {failed}: {reason(error)}")
            with suppress(_SetAside, _ReadOnly, OSError):
                self.state = self._use(self._read_document())
            return
        self.state = self._use(document)

    def _use(self, document: StateDocument) -> UserState:
        """The state of a document just read; its bad parts are reported, and the file as
        found is kept aside once."""
        if document.problems:
            copy = self._keep_copy(document.problems)
            kept = f"; the file as found is kept at {copy}" if copy else ""
            self.warnings.append(
                f"{self.path}: {'; '.join(document.problems)}: "
                f"{'that value is' if len(document.problems) == 1 else 'those values are'} "
                f"ignored, each in favour of its default until changed here; every other "
                f"part is used and kept as it is{kept}")
        assert document.state is not None
        return document.state

    def _keep_copy(self, problems: list[str]) -> Path | None:
        """A copy of the state file as first found with these problems, named after them:
        the file changes at every save while a bad value stays, and one copy is enough."""
        try:
            target = self.target
            digest = hashlib.sha256("\n".join(problems).encode()).hexdigest()[:12]
            copy = target.with_name(f"{target.name}.as-found-{digest}")
            if not copy.exists():
                import shutil  # only to keep a copy of a damaged file

                shutil.copyfile(target, copy)
            return copy
        except OSError:
            return None

    def _read_document(self, *, set_aside: bool = False) -> StateDocument:
        """The state on disk. _ReadOnly for a file this version must not rewrite;
        _SetAside for one that cannot be used at all, unless `set_aside` (the caller
        holds the lock): then it is moved aside and the state starts empty."""
        assert self.path is not None
        path = self.path
        try:
            status = os.lstat(path)
        except FileNotFoundError:
            return empty_document(self.conference_id)
        if stat.S_ISLNK(status.st_mode):
            try:
                status = os.stat(path)
            except FileNotFoundError:  # a link to a file yet to be made
                return empty_document(self.conference_id)
            if not stat.S_ISREG(status.st_mode):
                # Never moved: the link is the user's, and so is what it leads to.
                raise _ReadOnly(f"{path} leads to {self.target}, which is {kind_of(status.st_mode)}, "
                                "not a file")
        if not stat.S_ISREG(status.st_mode):
            return self._unusable(f"it is {kind_of(status.st_mode)}, not a file", set_aside)
        if status.st_size > MAX_STATE_BYTES:
            raise _ReadOnly(f"{path} is {status.st_size:,} bytes, over the {MAX_STATE_BYTES:,} "
                            "bytes a state file may be; it is left as it is")
        try:
            text = self._read_text()
        except UnicodeDecodeError as error:
            return self._unusable(f"not UTF-8 text ({error.reason})", set_aside)
        except OSError as error:  # no permission to read it, say: nothing to move, or to write
            raise _ReadOnly(f"cannot read {path}: {reason(error)}") from None
        try:
            document = parse_state(text, self.conference_id)
        except UnusableState as error:
            return self._unusable(str(error), set_aside)
        if document.newer:
            raise _ReadOnly(f"{path} was written by a newer version of agenda-tui (state schema "
                            f"{document.schema_version}; this version knows {SCHEMA_VERSION}); it "
                            "is not rewritten", document)
        return document

    def _read_text(self) -> str:
        """The file's text; OSError when it cannot be read as the regular file of at most
        MAX_STATE_BYTES it was a moment ago (`files.read_bytes`, which never waits)."""
        assert self.path is not None
        try:
            return read_bytes(self.path, MAX_STATE_BYTES).decode("utf-8")
        except InvalidFileError as error:
            raise OSError(errno.EIO, error.lines()[0].removeprefix(f"{self.path}: ")) from None

    def _unusable(self, why: str, set_aside: bool) -> StateDocument:
        if not set_aside:
            raise _SetAside(why)
        if not self._adopted_as_legacy_seen_copy():
            self._set_aside(why)
        return empty_document(self.conference_id)

    def _adopted_as_legacy_seen_copy(self) -> bool:
        """Whether the file at the state path was another conference's copy of its agenda
        as last seen, named before `seen/` (conference `demo.seen`'s state is where `demo`
        kept it): then it is moved to that conference's new name, not set aside."""
        assert self.path is not None
        if not self.path.name.endswith(".seen.toml") or self.path.is_symlink():
            return False
        try:
            owner = load_agenda(self.path, cache=False).conference.id
        except InvalidFileError:
            return False
        new_name = self.path.parent / "seen" / f"{file_stem(owner)}.toml"
        if f"{owner}.seen.toml" != self.path.name or new_name.exists():
            return False
        with suppress(OSError):
            new_name.parent.mkdir(exist_ok=True)
            os.replace(self.path, new_name)
            return True
        return False

    def _set_aside(self, why: str) -> None:
        target = self.target
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        aside = target.with_name(f"{target.name}.corrupt-{stamp}")
        counter = 1
        while aside.exists():
            aside = target.with_name(f"{target.name}.corrupt-{stamp}-{counter}")
            counter += 1
        target.rename(aside)
        self.warnings.append(
            f"{self.path} could not be read ({why}); it was moved to {aside} "
            "and this session starts with empty state"
        )

    def _adopt_legacy_name(self) -> None:
        """Move the state from its name before `paths.file_stem` (`<id>.toml`), if that
        differs and the new name is free: an upgrade loses nothing. Only another
        conference's file (the old names could collide) is left where it is; one that
        cannot be read moves too, to be reported and set aside as any other would be."""
        assert self.path is not None
        legacy = self.path.with_name(f"{self.conference_id}.toml")
        if self.path.name != f"{file_stem(self.conference_id)}.toml" or legacy == self.path:
            return
        if self.path.exists() or not legacy.is_file() or legacy.stat().st_size > MAX_STATE_BYTES:
            return
        try:
            parse_state(legacy.read_bytes().decode("utf-8", "replace"), self.conference_id)
        except OtherConference:
            return
        except (UnusableState, OSError):
            pass  # moved all the same, to be reported where it is then found
        with suppress(OSError):
            os.replace(legacy, self.path)

    def _write(self, document: dict[str, Any]) -> None:
        assert self.path is not None  # only a state with a file is written
        text = dump_document(document)
        if len(text.encode("utf-8")) > MAX_STATE_BYTES:
            # Written, it could not be read again: no change would be saved after it.
            raise OSError(errno.EFBIG, f"the state would be over the {MAX_STATE_BYTES:,} "
                                       "bytes a state file may be")
        atomic_write_text(self.path, text)

    def _become_read_only(self, why: str) -> None:
        self.read_only_reason = why
        self.warnings.append(f"{why}; changes are kept for this session only")


def dump_state(state: UserState) -> str:
    """A state as a file of its own (no document to keep keys of)."""
    return dump_document(as_written(state))
