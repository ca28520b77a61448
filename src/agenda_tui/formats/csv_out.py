"""Sessions as CSV: a header, then one row per session, for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Mapping

from agenda_tui.formatting import people_label, session_location, track_title
from agenda_tui.model import Agenda, Session
from agenda_tui.schedule import in_order
from agenda_tui.text import clean

COLUMNS = [
    "id", "day", "start", "end", "timezone", "kind", "title", "track", "people",
    "location", "url", "bookmarked", "note",
]

# A cell starting with one of these is a formula to a spreadsheet.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """Text as a spreadsheet shows it, never as a formula it would run."""
    text = clean(text)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def render_csv(
    agenda: Agenda,
    sessions: Iterable[Session],
    *,
    bookmarks: Collection[str] = (),
    notes: Mapping[str, str] | None = None,
) -> str:
    """Times are the conference's local wall-clock time, as `YYYY-MM-DD HH:MM`."""
    notes = notes or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for session in in_order(sessions):
        start = session.start.astimezone(agenda.zone)
        end = session.end.astimezone(agenda.zone)
        writer.writerow([
            cell(session.id),
            session.conference_day.isoformat(),
            f"{start:%Y-%m-%d %H:%M}",
            f"{end:%Y-%m-%d %H:%M}",
            agenda.conference.timezone,
            session.kind.value,
            cell(session.title),
            cell(track_title(agenda, session)),
            cell(people_label(agenda, session)),
            cell(session_location(agenda, session)),
            cell(session.url),
            "yes" if session.id in bookmarks else "no",
            cell(notes.get(session.id, "")),
        ])
    return buffer.getvalue()
