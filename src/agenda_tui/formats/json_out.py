"""Sessions as JSON-ready records: every field, ISO 8601 times with their UTC offset.

An all-day session (`"all_day": true`) runs from the midnight starting its first day to
the one ending its last, in the conference's zone."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from agenda_tui.model import Agenda, Session
from agenda_tui.schedule import people_of


def session_record(agenda: Agenda, session: Session, bookmarked: bool | None = None) -> dict[str, Any]:
    track = agenda.tracks_by_id.get(session.track) if session.track else None
    record: dict[str, Any] = {
        "id": session.id,
        "day": session.conference_day.isoformat(),
        "start": session.start.isoformat(),
        "end": session.end.isoformat(),
        "all_day": session.all_day,
        "timezone": agenda.conference.timezone,
        "kind": session.kind.value,
        "title": session.title,
        "track": {"id": track.id, "title": track.title, "question": track.question} if track else None,
        "location": session.location or ("Virtual" if session.virtual else agenda.conference.venue),
        "virtual": session.virtual,
        "room": session.location,
        "people": [
            {
                "id": speaker.id,
                "name": speaker.name,
                "role": role.value,
                "affiliation": speaker.affiliation,
            }
            for speaker, role in people_of(agenda, session)
        ],
        "abstract": session.abstract,
        "url": session.url,
        "source_id": session.source_id,
    }
    if bookmarked is not None:
        record["bookmarked"] = bookmarked
    return record


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


# Characters a terminal would act on or hide (DEL, C1 controls such as CSI, bidi
# overrides, zero-width spaces): JSON keeps every character of the data, these as \u
# escapes. The zero-width joiner and non-joiner are part of the text (text.py): as they are.
_INVISIBLE = re.compile("[\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff]")


def dumps(value: Any) -> str:
    """Readable JSON (non-ASCII letters as they are), safe to print on a terminal."""
    return _INVISIBLE.sub(_escape, json.dumps(value, indent=2, ensure_ascii=False))


def render_json(
    agenda: Agenda,
    sessions: Iterable[Session],
    *,
    bookmarks: Collection[str] = (),
    notes: Mapping[str, str] | None = None,
) -> str:
    """An exported schedule: the conference, then every field of each session and the user's note."""
    notes = notes or {}
    conference = agenda.conference
    records = []
    for session in sessions:
        record = session_record(agenda, session, session.id in bookmarks)
        record["note"] = notes.get(session.id) or None
        records.append(record)
    return dumps({
        "conference": {
            "id": conference.id,
            "title": conference.title,
            "venue": conference.venue,
            "timezone": conference.timezone,
            "start_date": conference.start_date.isoformat(),
            "end_date": conference.end_date.isoformat(),
            "url": conference.url,
        },
        "sessions": records,
    }) + "\n"
