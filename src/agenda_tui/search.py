"""Search across sessions: case- and accent-insensitive, forgiving of small typos."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from agenda_tui.model import Agenda, Session
from agenda_tui.schedule import people_of

_WORD = re.compile(r"\w+")


def normalize(text: str) -> str:
    """'Aarrestad' and 'ÅARRESTAD' both become 'aarrestad'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _allowed_typos(word: str) -> int:
    if len(word) >= 8:
        return 2
    if len(word) >= 4:
        return 1
    return 0


class SearchIndex:
    """What each session can be found by: title, people, affiliations, track, place."""

    def __init__(self, agenda: Agenda, sessions: Iterable[Session] | None = None):
        self._text: dict[str, str] = {}
        self._words: dict[str, set[str]] = {}
        for session in agenda.sessions if sessions is None else sessions:
            parts = [session.title, session.kind.value, session.location or ""]
            for speaker, role in people_of(agenda, session):
                parts += [speaker.name, speaker.affiliation or "", role.value]
            if session.track and (track := agenda.tracks_by_id.get(session.track)):
                parts += [track.title, track.question or ""]
            text = normalize(" ".join(parts))
            self._text[session.id] = text
            self._words[session.id] = set(_WORD.findall(text))

    def matches(self, session_id: str, query: str) -> bool:
        """Every word of the query is in the session's text, or nearly is."""
        text = self._text.get(session_id, "")
        for term in _WORD.findall(normalize(query)):
            if term in text:
                continue
            typos = _allowed_typos(term)
            if not typos or not any(
                Levenshtein.distance(term, word, score_cutoff=typos) <= typos
                for word in self._words.get(session_id, ())
            ):
                return False
        return True

    def filter(self, sessions: Iterable[Session], query: str) -> list[Session]:
        if not query.strip():
            return list(sessions)
        return [session for session in sessions if self.matches(session.id, query)]
