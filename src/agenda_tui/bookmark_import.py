"""Bookmarks and notes from one of our own exports, to merge into the user's state.

`read_bookmarks` reads agenda-tui's iCalendar export (X-AGENDA-TUI-CONFERENCE,
X-AGENDA-TUI-BOOKMARKED, X-AGENDA-TUI-NOTE; see `formats.ical_in`) or its JSON
export (`formats.json_out.render_json`: `conference.id`, `sessions[].id`,
`.bookmarked`, `.note`). `merge_into` is the change to apply to the state: it
adds the bookmarks and brings each note along, and applying it twice changes
nothing the second time. Nothing here touches a file but the one it reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from agenda_tui.errors import InvalidFileError, integer_or_text
from agenda_tui.files import read_bytes
from agenda_tui.state_model import UserState
from agenda_tui.text import as_data, clean_block

# An export of the largest real agendas with every note is a few megabytes.
MAX_EXPORT_BYTES = 64 * 1024 * 1024


@dataclass
class ExportedBookmarks:
    conference_id: str
    bookmarks: list[tuple[str, str | None]] = field(default_factory=list)  # (session id, note)


def read_bookmarks(path: Path, name: str | None = None) -> ExportedBookmarks:
    """The conference and the bookmarked sessions (with their notes) of an export."""
    source = name or str(path)
    data = read_bytes(path, MAX_EXPORT_BYTES, source)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return _from_json(data, source)
    if head.upper().startswith(b"BEGIN:VCALENDAR"):
        return _from_ical(data, source)
    raise InvalidFileError.single(source, "not an agenda-tui export: neither its iCalendar "
                                          "(BEGIN:VCALENDAR) nor its JSON ({...})")


def _from_json(data: bytes, source: str) -> ExportedBookmarks:
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_int=integer_or_text)
    except RecursionError:
        raise InvalidFileError.single(source, "malformed JSON: nested too deeply to read") from None
    except ValueError as error:  # JSONDecodeError, bad UTF-8
        raise InvalidFileError.single(source, f"malformed JSON: {error}") from None
    conference = document.get("conference") if isinstance(document, dict) else None
    conference_id = conference.get("id") if isinstance(conference, dict) else None
    sessions = document.get("sessions") if isinstance(document, dict) else None
    if not isinstance(conference_id, str) or not isinstance(sessions, list):
        raise InvalidFileError.single(source, "not an agenda-tui JSON export: it needs "
                                              "conference.id and a list of sessions")
    found = ExportedBookmarks(conference_id)
    for index, session in enumerate(sessions):
        if not isinstance(session, dict) or not isinstance(session.get("id"), str):
            raise InvalidFileError.single(source, "a session without an id", f"sessions[{index}]")
        if session.get("bookmarked") is True:
            note = session.get("note")
            found.bookmarks.append((session["id"], note if isinstance(note, str) else None))
    return found


def _from_ical(data: bytes, source: str) -> ExportedBookmarks:
    from agenda_tui.formats.ical_in import (
        is_bookmarked,
        note_of,
        own_conference,
        own_session_id,
        read_calendar,
    )

    try:
        calendar = read_calendar(data, source)
        conference = own_conference(calendar)
        events = calendar.walk("VEVENT")
    except RecursionError:
        raise InvalidFileError.single(source, "malformed iCalendar: nested too deeply to read") from None
    if conference is None:
        raise InvalidFileError.single(source, "not an agenda-tui iCalendar export: it has no "
                                              "X-AGENDA-TUI-CONFERENCE that agenda-tui can read")
    found = ExportedBookmarks(conference["id"])
    for event in events:
        if is_bookmarked(event):
            found.bookmarks.append((own_session_id(event, conference["id"]), note_of(event)))
    return found


def merged_note(existing: str | None, imported: str | None) -> str:
    """The note to keep: the imported one where there is none; else the existing one,
    with the imported one added below it unless it is already there."""
    mine, theirs = existing or "", as_data(imported).strip()
    # Compared as shown: an export writes the text as data, a tab or CRLF and all.
    if not theirs or _holds(clean_block(mine), clean_block(theirs)):
        return mine
    if not mine.strip():
        return theirs
    return f"{mine.rstrip()}\n\n{theirs}"


def _holds(note: str, part: str) -> bool:
    """Whether `part` is the note or one of the paragraphs it was merged as."""
    return note == part or note.startswith(f"{part}\n\n") or note.endswith(f"\n\n{part}") \
        or f"\n\n{part}\n\n" in note


def merge_into(state: UserState, bookmarks: Iterable[tuple[str, str | None]]) -> None:
    """Add the bookmarks and merge their notes into `state` (a `StateFile.update` change)."""
    wanted = list(bookmarks)
    state.bookmarks = sorted(set(state.bookmarks) | {session_id for session_id, _ in wanted})
    for session_id, note in wanted:
        merged = merged_note(state.notes.get(session_id), note)
        if merged.strip():
            state.notes[session_id] = merged
