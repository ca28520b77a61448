"""Search across sessions: case- and accent-insensitive, forgiving of small typos.

A session matches a query when every word of the query (after `normalize`) is part of
the session's text, or is within a few typos of one of its words (`_allowed_typos`).

The search box asks again on every keystroke, so the work is arranged around the words
of the query rather than around sessions:

* Building keeps one normalized string per session and nothing else; ASCII text (most
  of it) is normalized by `str.lower` alone, and the people, tracks and places that
  sessions share are normalized once.
* Each word of the query is answered once for all the sessions being filtered, and the
  answer (a set of positions) is remembered while the same sessions are filtered:
  typing "machine learning" asks for "m", "ma", "mac"… and each answer only looks
  where the one before it found something, since a text that holds "mac" holds "ma".
  Words typed earlier keep their answers while later ones are typed.
* Typos are looked up once per word of the query against the vocabulary (the distinct
  words of the sessions filtered so far, gathered at the first word long enough to
  allow a typo) by rapidfuzz, bucketed by length. Only the near words that do not
  contain the query's word can find more sessions; a session is checked for those as
  whole words only when its text holds them at all.

So a keystroke costs one new word's answer, plus one dictionary and one set lookup per
session shown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import cast

from agenda_tui.model import Agenda, Session

_WORD = re.compile(r"\w+")
# Answers kept per index: enough for the words of a query and all the prefixes typed on the way.
_REMEMBERED_TERMS = 64
_REMEMBERED_QUERIES = 64


class _WithoutMarks(dict[int, int | None]):
    """A `str.translate` table that drops combining marks, filled in as characters come."""

    def __missing__(self, code: int) -> int | None:
        kept = self[code] = None if unicodedata.combining(chr(code)) else code
        return kept


_WITHOUT_MARKS = _WithoutMarks()


def normalize(text: str) -> str:
    """'Aarrestad' and 'ÅARRESTAD' both become 'aarrestad'.

    NFKD, without combining marks, casefolded. Every step works one character at a time,
    so normalizing parts and joining them equals normalizing the joined text.
    """
    if text.isascii():
        # NFKD leaves ASCII as it is, no ASCII character combines, and casefold is lower.
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed.lower()
    return decomposed.translate(_WITHOUT_MARKS).casefold()


def _allowed_typos(word: str) -> int:
    if len(word) >= 8:
        return 2
    if len(word) >= 4:
        return 1
    return 0


class SearchIndex:
    """What each session can be found by: title, people, affiliations, track, place."""

    def __init__(self, agenda: Agenda, sessions: Iterable[Session] | None = None):
        # Each session's normalized text, at its position; a session's position by its id.
        self._position: dict[str, int] = {}
        self._texts: list[str] = []
        self._terms: dict[str, tuple[str, ...]] = {}  # a query's words, by query
        # The positions of the sessions last filtered (None: not in the index), the distinct
        # ones, and each word of a query answered for them: the positions it finds.
        self._scope: list[int | None] = []
        self._in_scope: list[int] = []
        self._answers: dict[str, set[int]] = {}
        self._scope_covered = False
        # The words of the texts at the positions covered so far, by length; the near words
        # found in them for a word of a query; and the words of each text checked for one.
        self._covered: set[int] = set()
        self._vocabulary: set[str] = set()
        self._by_length: dict[int, list[str]] = {}
        self._near: dict[str, tuple[str, ...]] = {}
        self._words_at: dict[int, frozenset[str]] = {}

        speakers = agenda.speakers_by_id
        tracks = agenda.tracks_by_id
        # Normalized once per index: "name affiliation" of each speaker, "title question" of
        # each track (None for a missing one), each place.
        people: dict[str, str | None] = {}
        track_texts: dict[str, str | None] = {}
        places: dict[str, str] = {}
        position, texts = self._position, self._texts

        for session in agenda.sessions if sessions is None else sessions:
            title = session.title
            title = title.lower() if title.isascii() else normalize(title)
            place = session.location or ""
            if (place_text := places.get(place)) is None:
                place_text = places[place] = normalize(place)
            # Kinds and roles are lowercase ASCII words: their own normalized text.
            parts = [title, session.kind, place_text]
            for person in session.people:
                if (person_text := people.get(person.speaker, "")) == "":
                    speaker = speakers.get(person.speaker)
                    person_text = people[person.speaker] = (
                        None if speaker is None else normalize(f"{speaker.name} {speaker.affiliation or ''}")
                    )
                if person_text is not None:
                    parts += (person_text, person.role)
            if session.track:
                if (track_text := track_texts.get(session.track, "")) == "":
                    track = tracks.get(session.track)
                    track_text = track_texts[session.track] = (
                        None if track is None else normalize(f"{track.title} {track.question or ''}")
                    )
                if track_text is not None:
                    parts.append(track_text)
            # A repeated id keeps its first place and its last text, as a dict would.
            if (at := position.setdefault(session.id, len(texts))) == len(texts):
                texts.append(" ".join(parts))
            else:
                texts[at] = " ".join(parts)

    def prepare(self) -> None:
        """Do now the work of a first search (gathering every word that typos are looked
        up in), as when the search box opens, so that no keystroke waits for it."""
        self._cover(range(len(self._texts)))

    def matches(self, session_id: str, query: str) -> bool:
        """Every word of the query is in the session's text, or nearly is."""
        terms = self._terms_of(query)
        if not terms:
            return True
        at = self._position.get(session_id)
        if at is None:
            return False
        text = self._texts[at]
        if all(term in text for term in terms):
            return True
        self._cover((at,))
        return all(term in text or self._nearly_in(term, (at,)) for term in terms)

    def filter(self, sessions: Iterable[Session], query: str) -> list[Session]:
        """The sessions that match the query, in the order given."""
        terms = self._terms_of(query)
        if not terms:
            return list(sessions)
        sessions = list(sessions)
        position = self._position
        places = [position.get(session.id) for session in sessions]
        if places != self._scope:
            # Other sessions than last time: the answers were only for those.
            self._scope = places
            self._in_scope = list(cast("set[int]", set(places).difference((None,))))
            self._answers.clear()
            self._scope_covered = False
        answers = sorted(map(self._answer, terms), key=len)
        found = answers[0].intersection(*answers[1:]) if len(answers) > 1 else answers[0]
        return [session for session, at in zip(sessions, places, strict=True) if at in found]

    def _terms_of(self, query: str) -> tuple[str, ...]:
        terms = self._terms.get(query)
        if terms is None:
            if len(self._terms) >= _REMEMBERED_QUERIES:
                self._terms.clear()
            terms = self._terms[query] = tuple(_WORD.findall(normalize(query)))
        return terms

    def _answer(self, term: str) -> set[int]:
        """The positions in scope whose session `term` finds: in its text, or nearly."""
        answers = self._answers
        found = answers.pop(term, None)
        if found is None:
            # A text that holds the term holds every start of it: look only where the
            # longest start already answered found something (typos included, harmlessly).
            candidates: Iterable[int] = self._in_scope
            for end in range(len(term) - 1, 0, -1):
                if (shorter := answers.get(term[:end])) is not None:
                    candidates = shorter
                    break
            texts = self._texts
            found = {at for at in candidates if term in texts[at]}
            if _allowed_typos(term):
                if not self._scope_covered:
                    self._cover(self._in_scope)
                    self._scope_covered = True
                found.update(self._nearly_in(term, [at for at in self._in_scope if at not in found]))
            if len(answers) >= _REMEMBERED_TERMS:
                del answers[next(iter(answers))]
        answers[term] = found  # the most recently used last
        return found

    def _nearly_in(self, term: str, positions: Sequence[int]) -> list[int]:
        """Those of `positions` whose text has a word within the allowed typos of `term`.

        The words of their texts must be in the vocabulary (`_cover`).
        """
        if not _allowed_typos(term) or not positions:
            return []
        texts, words_at = self._texts, self._words_at
        found: list[int] = []
        for word in self._near_words(term):
            # Only a text that holds the word can hold it as a whole word.
            holding = [at for at in positions if word in texts[at]]
            for at in holding:
                if (words := words_at.get(at)) is None:
                    words = words_at[at] = frozenset(_WORD.findall(texts[at]))
                if word in words:
                    found.append(at)
            if holding and found:
                done = set(found)
                positions = [at for at in positions if at not in done]
        return found

    def _near_words(self, term: str) -> tuple[str, ...]:
        """The words of the vocabulary within the allowed typos of `term`, leaving out those that
        contain it (a text with one of those holds the term itself)."""
        near = self._near.get(term)
        if near is None:
            # Loaded at the first word that may hold a typo, not when the app starts.
            from rapidfuzz import process
            from rapidfuzz.distance import Levenshtein

            typos = _allowed_typos(term)
            near = tuple(
                word
                for length in range(len(term) - typos, len(term) + typos + 1)
                if (bucket := self._by_length.get(length))
                for word, _, _ in process.extract(
                    term, bucket, scorer=Levenshtein.distance, processor=None,
                    score_cutoff=typos, limit=None,
                )
                if term not in word
            )
            if len(self._near) >= _REMEMBERED_TERMS:
                del self._near[next(iter(self._near))]
            self._near[term] = near
        return near

    def _cover(self, positions: Iterable[int]) -> None:
        """Put the words of the texts at `positions` in the vocabulary."""
        new = [at for at in positions if at not in self._covered]
        if not new:
            return
        self._covered.update(new)
        words: set[str] = set()
        for token in set("\n".join(self._texts[at] for at in new).split()):
            if token.isalnum():
                words.add(token)
            else:
                words.update(_WORD.findall(token))
        words -= self._vocabulary
        if words:
            self._vocabulary |= words
            for word in words:
                self._by_length.setdefault(len(word), []).append(word)
            self._near.clear()  # found in a smaller vocabulary
