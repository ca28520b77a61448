"""Sessions as CSV: a header, then one row per session, for spreadsheets.

Every field is quoted, and no cell can become a formula: not in a spreadsheet that
splits lines on "," as written, nor in one that splits them on ";" (the default in
German and French locales), which cuts quoted fields apart wherever they hold a ";".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Mapping

from agenda_tui.formats.wall_clock import wall_clock
from agenda_tui.formatting import people_label, session_location, track_title
from agenda_tui.model import Agenda, Session
from agenda_tui.schedule import in_order
from agenda_tui.text import clean

COLUMNS = [
    "id", "day", "start", "end", "timezone", "kind", "title", "track", "people",
    "location", "url", "bookmarked", "note", "all_day",
]

# Where a spreadsheet may start a cell within a field: at its start, or after a "," or a
# ";" (either may be the delimiter), past white space and quotes; and the characters that
# make a cell a formula there.
_FORMULA_AT_CELL_START = re.compile(r'(^|[,;])([\s"]*)(?=[=+\-@\t\r])')


def cell(text: str | None) -> str:
    """Text as a spreadsheet shows it, never as a formula it would run: a "'" goes before
    each place where a cell could start with "=", "+", "-", "@", a tab or a CR."""
    return _FORMULA_AT_CELL_START.sub(r"\1\2'", clean(text))


def _times(session: Session, agenda: Agenda) -> tuple[str, str]:
    if session.all_day:
        return session.days[0].isoformat(), session.days[-1].isoformat()
    pattern = "%Y-%m-%d %H:%M"
    return (wall_clock(session.start, agenda.zone, pattern),
            wall_clock(session.end, agenda.zone, pattern))


def render_csv(
    agenda: Agenda,
    sessions: Iterable[Session],
    *,
    bookmarks: Collection[str] = (),
    notes: Mapping[str, str] | None = None,
) -> str:
    """Times are the conference's local wall-clock time, `YYYY-MM-DD HH:MM`, with the UTC
    offset after it where the clocks show that time twice; an all-day session gives its
    first and last days, and yes under `all_day`."""
    notes = notes or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    for session in in_order(sessions):
        start, end = _times(session, agenda)
        writer.writerow([cell(text) for text in (
            session.id,
            session.conference_day.isoformat(),
            start,
            end,
            agenda.conference.timezone,
            session.kind.value,
            session.title,
            track_title(agenda, session),
            people_label(agenda, session),
            session_location(agenda, session),
            session.url,
            "yes" if session.id in bookmarks else "no",
            notes.get(session.id, ""),
            "yes" if session.all_day else "no",
        )])
    return buffer.getvalue()
