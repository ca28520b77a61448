"""Export of the personal schedule: what to export, in which format, and where.

The CLI's `export` command and the TUI's export dialog are two faces over this
module: they collect an `ExportRequest` and call `prepare_export` (pure: it
reads the agenda and the user's state and returns the text) and then
`write_export` (an atomic write) and `StateFile.record_exports`, or
`export_to_file`, which does all three.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path

from agenda_tui.atomic import atomic_write_text
from agenda_tui.errors import AgendaError
from agenda_tui.formats.csv_out import render_csv
from agenda_tui.formats.ical_out import render_ics
from agenda_tui.formats.json_out import render_json
from agenda_tui.formats.markdown import render_markdown
from agenda_tui.formatting import session_location
from agenda_tui.model import Agenda, Session
from agenda_tui.paths import expand
from agenda_tui.schedule import in_order, sessions_on
from agenda_tui.state_file import StateFile
from agenda_tui.state_model import ExportRecord, UserState
from agenda_tui.text import clean

MAX_REMIND_MINUTES = 4 * 7 * 24 * 60


class ExportFormat(StrEnum):
    ICS = "ics"
    MD = "md"
    JSON = "json"
    CSV = "csv"


class Selection(StrEnum):
    BOOKMARKED = "bookmarked"
    ALL = "all"
    DAY = "day"


SUFFIXES: dict[str, ExportFormat] = {
    ".ics": ExportFormat.ICS,
    ".ical": ExportFormat.ICS,
    ".ifb": ExportFormat.ICS,
    ".md": ExportFormat.MD,
    ".markdown": ExportFormat.MD,
    ".json": ExportFormat.JSON,
    ".csv": ExportFormat.CSV,
}


class ExportError(AgendaError):
    """The export could not be written; nothing was left behind."""


@dataclass(frozen=True)
class ExportRequest:
    """What the user asked for. `format` None: from the path's suffix, else ics."""

    format: ExportFormat | None = None
    selection: Selection = Selection.BOOKMARKED
    day: date | None = None
    remind_minutes: int | None = None
    path: Path | None = None


@dataclass(frozen=True)
class Chosen:
    """The sessions to export, and a message when the choice was not the one asked for."""

    sessions: list[Session]
    message: str | None = None


@dataclass(frozen=True)
class PreparedExport:
    format: ExportFormat
    text: str
    sessions: list[Session]
    message: str | None = None
    # iCalendar only: what to remember so that the next export can raise SEQUENCE and
    # cancel what leaves the agenda or the bookmarks.
    records: dict[str, ExportRecord] = field(default_factory=dict)
    cancelled: list[str] = field(default_factory=list)  # the ids sent as cancelled

    @property
    def count(self) -> int:
        return len(self.sessions)


@dataclass(frozen=True)
class ExportOutcome:
    path: Path
    format: ExportFormat
    count: int
    message: str | None = None
    cancelled: int = 0


# -- choosing ---------------------------------------------------------------


def choose_format(path: Path | None, explicit: ExportFormat | str | None = None) -> ExportFormat:
    """The explicit format, else the one the path's suffix names, else iCalendar."""
    if explicit:
        return ExportFormat(explicit)
    if path is not None and (known := SUFFIXES.get(Path(path).suffix.lower())):
        return known
    return ExportFormat.ICS


def choose_sessions(
    agenda: Agenda,
    bookmarks: Iterable[str],
    selection: Selection = Selection.BOOKMARKED,
    day: date | None = None,
) -> Chosen:
    """The sessions a selection names, in time order.

    Bookmarked, when nothing is bookmarked, gives every session with a message
    saying so: an empty calendar file helps nobody.
    """
    if selection is Selection.DAY:
        if day is None:
            raise AgendaError("a day export needs the day")
        return Chosen(sessions_on(agenda, day))
    if selection is Selection.ALL:
        return Chosen(in_order(agenda.sessions))
    marked = set(bookmarks)
    sessions = in_order(session for session in agenda.sessions if session.id in marked)
    if sessions:
        return Chosen(sessions)
    everything = in_order(agenda.sessions)
    return Chosen(
        everything,
        f"no sessions are bookmarked, so all {len(everything)} sessions are exported",
    )


def default_path(agenda: Agenda, export_format: ExportFormat, home: Path | None = None) -> Path:
    """`~/<conference-id>-schedule.<ext>`"""
    return (home or Path.home()) / f"{agenda.conference.id}-schedule.{export_format.value}"


# -- iCalendar SEQUENCE and cancellations ------------------------------------------


def fingerprint(agenda: Agenda, session: Session) -> str:
    """What a calendar client must update when it changes: time, title, place."""
    parts = [
        session.start.astimezone(UTC).isoformat(),
        session.end.astimezone(UTC).isoformat(),
        clean(session.title),
        session_location(agenda, session),
    ]
    if session.all_day:  # only then, so that the fingerprints of timed sessions stay as they were
        parts.append("all day")
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()[:32]


def _next_sequence(sequence: int) -> int:
    return min(sequence + 1, ExportRecord.MAX_SEQUENCE)


def next_records(
    agenda: Agenda,
    sessions: Iterable[Session],
    previous: Mapping[str, ExportRecord],
    *,
    bookmarks_export: bool = False,
) -> dict[str, ExportRecord]:
    """Each session's record for this export: SEQUENCE goes up by one when it changed or
    comes back after a cancellation. `bookmarks_export`: these are the bookmarks."""
    records = {}
    for session in sessions:
        current = fingerprint(agenda, session)
        known = previous.get(session.id)
        if known is None:
            sequence = 0
        elif known.fingerprint == current and not known.cancelled:
            sequence = known.sequence
        else:
            sequence = _next_sequence(known.sequence)
        records[session.id] = ExportRecord(
            fingerprint=current,
            sequence=sequence,
            title=clean(session.title),
            start=session.start_utc,
            end=session.end_utc,
            all_day=session.all_day,
            days=session.days,
            # Another kind of export leaves the mark of the last bookmarks export as it was.
            bookmarked=bookmarks_export or (known is not None and known.bookmarked),
        )
    return records


def due_cancellations(
    agenda: Agenda,
    previous: Mapping[str, ExportRecord],
    exported: Collection[str],
    selection: Selection,
    day: date | None = None,
) -> dict[str, ExportRecord]:
    """The sessions this export cancels, each with the record to keep of it (SEQUENCE one
    higher, marked cancelled). Of those sent before, not yet cancelled and not in this
    export (`exported`):
    - a bookmarks export cancels those a bookmarks export sent: cancelled from the agenda,
      or no longer bookmarked;
    - an `--all` export cancels those that left the agenda, whichever export sent them;
    - a `--day` export, those that left the agenda and were last sent on that day.
    """
    due = {}
    for session_id, record in previous.items():
        if record.cancelled or session_id in exported:
            continue
        if not record.cancellable:
            continue  # recorded before records held times: nothing to cancel it with
        gone = session_id not in agenda.sessions_by_id
        if selection is Selection.BOOKMARKED:
            wanted = record.bookmarked
        elif selection is Selection.DAY:
            wanted = gone and day in record.days
        else:
            wanted = gone
        if wanted:
            # Cancelled by a bookmarks export, it is no longer among the bookmarks sent, so
            # that being sent again by another export does not make it due here again.
            bookmarked = record.bookmarked and selection is not Selection.BOOKMARKED
            due[session_id] = replace(record, sequence=_next_sequence(record.sequence),
                                      cancelled=True, bookmarked=bookmarked)
    return due


# -- rendering ----------------------------------------------------------------


def render(
    agenda: Agenda,
    sessions: list[Session],
    export_format: ExportFormat,
    *,
    state: UserState | None = None,
    sequences: Mapping[str, int] | None = None,
    cancelled: Mapping[str, ExportRecord] | None = None,
    whole_agenda: bool = False,
    remind_minutes: int | None = None,
    now: datetime | None = None,
) -> str:
    notes = state.notes if state else {}
    bookmarks = set(state.bookmarks) if state else set()
    match export_format:
        case ExportFormat.ICS:
            return render_ics(agenda, sessions, notes=notes, bookmarks=bookmarks,
                              sequences=sequences, cancelled=cancelled,
                              whole_agenda=whole_agenda, remind_minutes=remind_minutes, now=now)
        case ExportFormat.MD:
            return render_markdown(agenda, sessions)
        case ExportFormat.JSON:
            return render_json(agenda, sessions, bookmarks=bookmarks, notes=notes)
        case ExportFormat.CSV:
            return render_csv(agenda, sessions, bookmarks=bookmarks, notes=notes)
    raise ValueError(f"unknown export format {export_format!r}")


def prepare_export(
    agenda: Agenda,
    state: UserState,
    request: ExportRequest,
    now: datetime | None = None,
) -> PreparedExport:
    """The export's text and what it covers; nothing is written."""
    minutes = request.remind_minutes
    if minutes is not None and not 0 <= minutes <= MAX_REMIND_MINUTES:
        raise AgendaError(f"reminder of {minutes} minutes: give 0 to {MAX_REMIND_MINUTES} "
                          "(four weeks) minutes before the start")
    export_format = choose_format(request.path, request.format)
    chosen = choose_sessions(agenda, state.bookmarks, request.selection, request.day)
    records: dict[str, ExportRecord] = {}
    cancelled: dict[str, ExportRecord] = {}
    if export_format is ExportFormat.ICS:
        # With nothing bookmarked, the bookmarks export is every session (see
        # choose_sessions), and those are what the next one cancels when it has fewer.
        records = next_records(agenda, chosen.sessions, state.exports,
                               bookmarks_export=request.selection is Selection.BOOKMARKED)
        cancelled = due_cancellations(agenda, state.exports, records, request.selection,
                                      request.day)
        records |= cancelled
    sequences = {session_id: record.sequence for session_id, record in records.items()}
    text = render(agenda, chosen.sessions, export_format, state=state, sequences=sequences,
                  cancelled=cancelled, whole_agenda=request.selection is Selection.ALL,
                  remind_minutes=request.remind_minutes, now=now)
    return PreparedExport(export_format, text, chosen.sessions, chosen.message, records,
                          sorted(cancelled))


# -- writing ------------------------------------------------------------------


def write_export(path: Path, text: str) -> None:
    """Replace `path` atomically; ExportError (one line) when it cannot be written."""
    path = expand(path)
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a directory")
    if path.exists() and not path.is_file():
        # A device or a pipe: renaming over it would replace it (for "-", see the CLI).
        raise ExportError(f"cannot write {path}: not a regular file")
    if not path.parent.exists():
        raise ExportError(f"cannot write {path}: no such directory {path.parent}")
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: {path.parent} is not a directory")
    try:
        atomic_write_text(path, text)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExportError(f"cannot write {path}: {reason}") from None


def export_to_file(
    agenda: Agenda,
    store: StateFile,
    request: ExportRequest,
    now: datetime | None = None,
    home: Path | None = None,
) -> ExportOutcome:
    """Prepare, write (to `request.path`, else the default path) and remember an export."""
    prepared = prepare_export(agenda, store.state, request, now)
    path = expand(request.path or default_path(agenda, prepared.format, home))
    write_export(path, file_text(prepared))
    if prepared.records:
        store.record_exports(prepared.records)
    return ExportOutcome(path, prepared.format, prepared.count, prepared.message,
                         len(prepared.cancelled))


def file_text(prepared: PreparedExport) -> str:
    """The text as saved to a file: CSV starts with a BOM so spreadsheets read it as UTF-8."""
    if prepared.format is ExportFormat.CSV:
        return "\ufeff" + prepared.text
    return prepared.text
