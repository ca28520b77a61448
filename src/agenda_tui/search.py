"""Search across sessions: case- and accent-insensitive, forgiving of small typos.

A session's text is its title, kind, place, people (name, affiliation, role), track and
abstract (which holds the description of imported schedules). A session matches a query
when every word of the query (after `normalize`) is part of a word of that text, or is
within a few typos of one of its words of about the same length (`_allowed_typos`).
How well it matches is its `Tier`: every word of the query starting a word of the text
comes first, then a word found inside a word, then a word found only with typos.

The search box asks again on every keystroke, so the work is arranged around the words
of the query rather than around sessions:

* Building keeps one normalized string per session and nothing else: its words, each
  with a space before and after, so that a word of the query starting a word of the
  text is " word" in it. ASCII text (most of it) is normalized by `str.lower` alone, and
  the people, tracks and places that sessions share are normalized once.
* Each word of the query is answered once for all the sessions being filtered, and the
  answer (their places, ascending, by how the word is found) is remembered while the
  same sessions are filtered: typing "machine learning" asks for "m", "ma", "mac"… and
  each answer only looks where the one before it found something, since a text that
  holds "mac" holds "ma". Words typed earlier keep their answers while later ones are
  typed, and a later word is looked for only where an earlier word finds something ("l"
  only among the sessions "machine" finds).
* Typos are looked up once per word of the query against the vocabulary (the distinct
  words of the sessions filtered so far, gathered at the first word long enough to
  allow a typo) by rapidfuzz, bucketed by length. Only the near words that do not
  contain the query's word can find more sessions; a session is checked for those as
  whole words only when its text holds them at all.

So a keystroke costs one new word's answer; for a query of several words, also a few
look-ups for each place the word finding the fewest finds.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import ChainMap
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from itertools import repeat
from typing import TypeAlias

from agenda_tui.grid_layout import run_steps
from agenda_tui.model import Agenda, Session

_WORD = re.compile(r"\w+")
# Answers kept per index (and answers within the places a query's first word finds): enough
# for the words of a query and all the prefixes typed on the way.
_REMEMBERED_TERMS = 64
_REMEMBERED_QUERIES = 64
# Sessions taken at each step of an index made in steps (SearchIndex.preparing): a step is
# then a few milliseconds' work, the longest a key waits for one.
SESSIONS_A_STEP = 250


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


# A word found with typos is at most this many letters longer or shorter than the query's:
# "postgres" (8 letters, two typos) would otherwise find "posts" and "progress".
NEAR_LENGTH = 1


def load_typo_matching() -> None:
    """Import what finds the words a typo away (rapidfuzz), which the first word of a
    search long enough for a typo would otherwise import as it is typed."""
    from rapidfuzz import process  # noqa: F401
    from rapidfuzz.distance import Levenshtein  # noqa: F401


class Tier(IntEnum):
    """How well a session matches a query: the lower, the better."""

    WORD = 0  # every word of the query is a word of the session's text, or starts one
    INSIDE = 1  # some word of the query is only inside a word of the text
    TYPO = 2  # some word of the query is only within typos of a word of the text


# Places in the sessions given, ascending. Tuples: a tuple of numbers is left out of the
# collector's walks after the first (Python untracks it), where a list or a set of them
# is walked again at each older collection: at 100,000 sessions the answers kept for a
# query's prefixes held half a million places, a collection over them as long as a key.
Places: TypeAlias = tuple[int, ...]
PlacesByTier: TypeAlias = tuple[Sequence[int], Sequence[int], Sequence[int]]  # (Tier order)


@dataclass(slots=True)
class _Answer:
    """The places in the sessions given (the scope) that one word of a query finds, by
    how: each ascending, a place in one of them at most. Sequences, as a search shows
    them, rather than sets: a word of one letter finds nearly every session, and sets
    of them took longer to make and then to sort than the search itself."""

    starts: Places  # a word of the text starts with it
    inside: Places  # it is in the text, inside a word only
    near: Places  # not in the text, but within typos of one of its words
    _found: Places | None = None
    _tiers: dict[int, int] | None = None

    @property
    def count(self) -> int:
        """How many places it finds."""
        return len(self.starts) + len(self.inside) + len(self.near)

    def in_text(self) -> Sequence[int]:
        """Where it is in the text (a word's start or inside one), ascending."""
        if self.starts and self.inside:
            return sorted(self.starts + self.inside)  # two ascending runs: merged, not sorted anew
        return self.starts or self.inside

    def found_places(self) -> Places:
        """Where it is found at all, ascending (made once)."""
        if self._found is None:
            in_text = self.in_text()
            self._found = tuple(sorted([*in_text, *self.near]) if self.near else in_text)
        return self._found

    def tiers(self) -> dict[int, int]:
        """The `Tier` (as a number, not the enum's member, which the collector tracks) of
        each place it finds: for a query of several words (made once). A dict of
        numbers only, which the collector never tracks."""
        if self._tiers is None:
            tiers = dict.fromkeys(self.starts, Tier.WORD.value)  # (a place is in one tier only)
            tiers.update(zip(self.inside, repeat(Tier.INSIDE.value)))
            tiers.update(zip(self.near, repeat(Tier.TYPO.value)))
            self._tiers = tiers
        return self._tiers


class SearchIndex:
    """What each session can be found by: title, people, affiliations, track, place,
    abstract. Built at its first use, so that one index can serve a whole agenda."""

    def __init__(self, agenda: Agenda, sessions: Iterable[Session] | None = None):
        self._agenda = agenda
        self._sessions = sessions
        self._built = False
        self._builder: Generator[None, None, None] | None = None  # the build, once begun
        # Each session's normalized words (" word word "), at its position; a session's
        # position by its id.
        self._position: dict[str, int] = {}
        self._texts: list[str] = []
        self._terms: dict[str, tuple[str, ...]] = {}  # a query's words, by query
        # The positions of the sessions last filtered (None: not in the index), each one's
        # text in their order, the places of each position among them, and each word of a
        # query answered for them. Answers are places in that list, not positions: the
        # places a search returns are then the answer's own, in order, not looked up one
        # by one and sorted.
        self._scope: list[int | None] = []
        self._scope_given: list[Session] | None = None  # the list they came in
        self._scope_texts: list[str] = []
        self._place_of: dict[int, int] = {}
        self._more_places_of: dict[int, list[int]] = {}  # a position given more than once
        self._answers: dict[str, _Answer] = {}
        # For a query of several words: the other words' answers, looked for only where
        # its first word (`_answers_within_of`, see by_tier) finds something.
        self._answers_within: dict[str, _Answer] = {}
        self._answers_within_of: _Answer | None = None
        self._scope_covered = False
        # The words of the texts at the positions covered so far, by length, and where each
        # is (positions); the near words found among them for a word of a query.
        self._covered: set[int] = set()
        self._by_length: dict[int, list[str]] = {}
        self._where: dict[str, list[int]] = {}
        self._near: dict[str, tuple[str, ...]] = {}

    def _build(self) -> None:
        """Every session's text, now: the whole build, or what is left of one begun in steps."""
        for _ in self._building():
            pass

    def _building(self) -> Iterator[None]:
        """The build's steps: one build, whether taken in steps or finished at once."""
        if self._builder is None:
            self._builder = self._build_steps()
        return self._builder

    def _build_steps(self) -> Generator[None, None, None]:
        agenda, sessions = self._agenda, self._sessions
        self._sessions = None
        speakers = agenda.speakers_by_id
        tracks = agenda.tracks_by_id
        # Normalized once per index: "name affiliation" of each speaker, "title question" of
        # each track (None for a missing one), each place.
        people: dict[str, str | None] = {}
        track_texts: dict[str, str | None] = {}
        places: dict[str, str] = {}
        position, texts = self._position, self._texts
        words_of = _WORD.findall

        for count, session in enumerate(agenda.sessions if sessions is None else sessions, 1):
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
            if session.abstract:
                parts.append(normalize(session.abstract))
            # Words only: a word of a query holds no punctuation, so it is in the text
            # exactly when it is in one of its words.
            text = f" {' '.join(words_of(' '.join(parts)))} "
            # A repeated id keeps its first place and its last text, as a dict would.
            if (at := position.setdefault(session.id, len(texts))) == len(texts):
                texts.append(text)
            else:
                texts[at] = text
            if count % SESSIONS_A_STEP == 0:
                yield
        self._built = True

    def prepare(self, sessions: list[Session] | None = None) -> None:
        """Do now the work of a first search (building, and gathering every word that typos
        are looked up in; with `sessions`, taking them as the ones to look through), as
        when the search box opens, so that no keystroke waits for it."""
        if not self._built:
            self._build()
        if len(self._covered) < len(self._texts):  # (looking costs a lookup a session)
            self._cover(range(len(self._texts)))
        if sessions is not None:
            self._take_scope(sessions)

    @property
    def ready(self) -> bool:
        """Whether `prepare()` would find nothing left to do (but taking a scope)."""
        return self._built and len(self._covered) == len(self._texts)

    def preparing(self) -> Iterator[None]:
        """The work of `prepare()` (but taking sessions to look through) in steps of a few
        hundred sessions, for a UI to take between keys: at 100,000 sessions it is about a
        second's work. What is left of it when a search comes is done then, at once."""
        yield from self._building()
        for start in range(0, len(self._texts), SESSIONS_A_STEP):
            if self.ready:  # a search made the rest
                return
            self._cover(range(start, min(start + SESSIONS_A_STEP, len(self._texts))))
            yield

    def matches(self, session_id: str, query: str) -> bool:
        """Every word of the query is in the session's text, or nearly is."""
        terms = self._terms_of(query)
        if not terms:
            return True
        if not self._built:
            self._build()
        at = self._position.get(session_id)
        if at is None:
            return False
        text = self._texts[at]
        if all(term in text for term in terms):
            return True
        self._cover((at,))
        words = text.split()
        return all(term in text or any(word in words for word in self._near_words(term)) for term in terms)

    def filter(self, sessions: Iterable[Session], query: str) -> list[Session]:
        """The sessions that match the query, in the order given."""
        return [session for session, _ in self.ranked(sessions, query)]

    def ranked(self, sessions: Iterable[Session], query: str) -> list[tuple[Session, Tier]]:
        """The sessions that match the query, each with how well, in the order given."""
        sessions = sessions if isinstance(sessions, list) else list(sessions)
        found = sorted((at, tier) for tier, ats in zip(Tier, self.by_tier(sessions, query), strict=True)
                       for at in ats)
        return [(sessions[at], tier) for at, tier in found]

    def by_tier(self, sessions: list[Session], query: str) -> PlacesByTier:
        """For each `Tier`, the places in `sessions` (ascending) of those that match the
        query so, as sequences to read, not change: for a query of one word, the index's
        own; for a query without words, every place (a range). A list given again unchanged,
        as at each keystroke in the search box, is not looked through again: the work is
        then the query's, not the sessions'."""
        terms = self._terms_of(query)
        if not terms:
            return range(len(sessions)), (), ()
        if not self._built:
            self._build()
        self._take_scope(sessions)
        if len(terms) == 1:
            answer = self._answer(terms[0])
            return answer.starts, answer.inside, answer.near
        # Of the words answered already, the one that finds the fewest (else the longest):
        # the others are looked for only where it finds something. As a query is typed, its
        # earlier words are answered, and a word begun after them is not looked for in
        # every text.
        answered = [term for term in terms if term in self._answers]
        first_term = (min(answered, key=lambda term: self._answers[term].count) if answered
                      else max(terms, key=len))
        first = self._answer(first_term)
        answers = [first, *(self._answer_within(term, first)
                            for term in dict.fromkeys(terms) if term != first_term)]
        # Each place the word finding the fewest finds, in the worst tier of any word there:
        # a loop over the fewest places, whichever word finds them. Of words finding as
        # many, the later in the query (as a rule, the one being typed): the others' tiers
        # are then made once for all its keystrokes.
        fewest = min(reversed(answers), key=lambda answer: answer.count)
        others = [answer.tiers().get for answer in answers if answer is not fewest]
        by_tier: tuple[list[int], list[int], list[int]] = ([], [], [])
        for tier, places in enumerate((fewest.starts, fewest.inside, fewest.near)):
            for place in places:
                worst = tier
                for tier_at in others:
                    if (found_as := tier_at(place)) is None:
                        break
                    if found_as > worst:
                        worst = found_as
                else:
                    by_tier[worst].append(place)
        word, inside, typo = by_tier
        return word, sorted(inside), sorted(typo)

    def _take_scope(self, sessions: list[Session]) -> None:
        """Look through `sessions` from now on (the answers so far were for others)."""
        for _ in self.taking_scope(sessions):
            pass

    def taking_scope(self, sessions: list[Session]) -> Iterator[None]:
        """`_take_scope` in steps of a few hundred sessions (the index built first, if need
        be), for a UI to take between keys: what it works out becomes the index's only at
        its end, and not if a search took a scope meanwhile (the one it needed)."""
        if not self._built:
            self._build()
        if sessions is self._scope_given and len(sessions) == len(self._scope):
            return
        given_before = self._scope_given
        position, texts, step = self._position, self._texts, SESSIONS_A_STEP
        places: list[int | None] = []
        for start in range(0, len(sessions), step):
            places += [position.get(session.id) for session in sessions[start:start + step]]
            yield
        if places == self._scope:
            self._scope_given = sessions
            return
        # A session not in the index has no text, which no word of a query is in. The
        # place of each position (one number each, not a list each: at 100,000 sessions,
        # that many lists would be that many objects more for the collector).
        # A position given more than once keeps its last place in `place_of`, its others
        # (ascending) in `more`.
        scope_texts: list[str] = []
        place_of: dict[int, int] = {}
        more: dict[int, list[int]] = {}
        for start in range(0, len(places), step):
            chunk = places[start:start + step]
            scope_texts += ["" if at is None else texts[at] for at in chunk]
            for place, at in enumerate(chunk, start):
                if at is not None:
                    if (before := place_of.get(at)) is not None:
                        more.setdefault(at, []).append(before)
                    place_of[at] = place
            yield
        if self._scope_given is not given_before:
            return  # a search took a scope meanwhile: the one it needs
        self._scope_given, self._scope, self._scope_texts = sessions, places, scope_texts
        self._place_of, self._more_places_of = place_of, more
        self._answers.clear()
        self._answers_within.clear()
        self._answers_within_of = None
        self._scope_covered = False

    def _terms_of(self, query: str) -> tuple[str, ...]:
        terms = self._terms.get(query)
        if terms is None:
            if len(self._terms) >= _REMEMBERED_QUERIES:
                self._terms.clear()
            terms = self._terms[query] = tuple(_WORD.findall(normalize(query)))
        return terms

    def _answer(self, term: str) -> _Answer:
        """The places in scope whose session `term` finds: starting a word of its text,
        inside one, or nearly one."""
        answers = self._answers
        return _remembered(answers, term, lambda: self._looked_for(
            term, answers, range(len(self._scope_texts)), None))

    def _answer_within(self, term: str, first: _Answer) -> _Answer:
        """`_answer`, but only at the places `first` finds."""
        if first is not self._answers_within_of:
            self._answers_within.clear()
            self._answers_within_of = first
        answers, places = self._answers_within, first.found_places()
        return _remembered(answers, term, lambda: self._looked_for(term, answers, places, places))

    def _looked_for(self, term: str, answers: Mapping[str, _Answer], places: Iterable[int],
                    within: Places | None) -> _Answer:
        """Where `term` is found among `places` (ascending; all, or those `within`), by
        how. A text that holds the term holds every start of it: it is looked for only
        where the longest start answered (in `answers`) is in the text."""
        texts = self._scope_texts
        for end in range(len(term) - 1, 0, -1):
            if (shorter := answers.get(term[:end])) is not None:
                places = shorter.in_text()
                break
        in_text = [place for place in places if term in texts[place]]
        # Those where a word starts with it, and the others, in one pass.
        starts: list[int] = []
        inside: list[int] = []
        word_start, add_start, add_inside = " " + term, starts.append, inside.append
        for place in in_text:
            (add_start if word_start in texts[place] else add_inside)(place)
        near: list[int] = []
        if _allowed_typos(term):
            if not self._scope_covered:
                self._cover(self._place_of)
                self._scope_covered = True
            if nearly_in := self._nearly_in(term):
                if within is not None:
                    nearly_in.intersection_update(within)
                near = sorted(nearly_in.difference(in_text))
        return _Answer(tuple(starts), tuple(inside), tuple(near))

    def _nearly_in(self, term: str) -> set[int]:
        """The places in scope whose text has a word within the allowed typos of `term`
        (the scope must be covered, `_cover`)."""
        where, place_of, more = self._where, self._place_of, self._more_places_of
        near: set[int] = set()  # positions in the index
        for word in self._near_words(term):
            near.update(where[word])
        places = {place_of[at] for at in near if at in place_of}
        if more:
            places.update(place for at in near for place in more.get(at, ()))
        return places

    def _near_words(self, term: str) -> tuple[str, ...]:
        """The words of the vocabulary of about the length of `term` and within its allowed
        typos, leaving out those that contain it (a text with one of those holds the term
        itself)."""
        near = self._near.get(term)
        if near is None:
            # Not when the app starts: the UI loads it after its first frame
            # (load_typo_matching); otherwise here, at the first word that may hold a typo.
            from rapidfuzz import process
            from rapidfuzz.distance import Levenshtein

            typos = _allowed_typos(term)
            near = tuple(
                word
                for length in range(len(term) - NEAR_LENGTH, len(term) + NEAR_LENGTH + 1)
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
        """Put the words of the texts at `positions` in the vocabulary, with where they are."""
        new = [at for at in positions if at not in self._covered]
        if not new:
            return
        self._covered.update(new)
        texts, where = self._texts, self._where
        added: list[str] = []
        for at in new:
            for word in set(texts[at].split()):
                if (places := where.get(word)) is None:
                    where[word] = [at]
                    added.append(word)
                else:
                    places.append(at)
        if added:
            for word in added:
                self._by_length.setdefault(len(word), []).append(word)
            self._near.clear()  # found among fewer words


def _remembered(answers: dict[str, _Answer], term: str, answer_of: Callable[[], _Answer]) -> _Answer:
    """The answer for `term` kept in `answers`, else `answer_of()`, kept: the most
    recently used last, the least recently used left out past _REMEMBERED_TERMS."""
    answer = answers.pop(term, None)
    if answer is None:
        answer = answer_of()
        if len(answers) >= _REMEMBERED_TERMS:
            del answers[next(iter(answers))]
    answers[term] = answer
    return answer


@dataclass(frozen=True)
class Programme:
    """Every day's sessions in one list, day after day, for a search from any day's tab:
    one list for every day, so that the index's answers (kept for the list they were
    given) serve each day alike, and a day's tab finds its own among them by place."""

    sessions: list[Session]
    bounds: dict[date, tuple[int, int]]  # where each day's sessions are in `sessions`
    first_day: dict[str, date]  # the first day each session is listed on
    several_days: frozenset[str]  # the sessions listed on more than one day (all-day ones)

    @classmethod
    def of(cls, days: Mapping[date, list[Session]]) -> Programme:
        """`days`: each day's sessions (in their order), days in any order."""
        return run_steps(cls.in_steps(days))

    @classmethod
    def in_steps(cls, days: Mapping[date, list[Session]]) -> Generator[None, None, Programme]:
        """`of`, in steps of a few hundred sessions, for a UI to take between keys."""
        sessions: list[Session] = []
        bounds: dict[date, tuple[int, int]] = {}
        first_day: dict[str, date] = {}
        several: set[str] = set()
        count = 0  # sessions taken, across the days
        for day in sorted(days):
            start = len(sessions)
            sessions += days[day]
            bounds[day] = (start, len(sessions))
            for session in days[day]:
                if first_day.setdefault(session.id, day) != day:
                    several.add(session.id)
                count += 1
                if count % SESSIONS_A_STEP == 0:
                    yield
        return cls(sessions, bounds, first_day, frozenset(several))

    def ordered(self, places_by_tier: Iterable[Sequence[int]], day: date) -> tuple[list[Session], int]:
        """The sessions at these places (each tier's ascending), `day`'s first, then each
        other day's in day order, each day's tiers in turn; each session once, under `day`
        if it is listed on it, else under its first day; and how many are `day`'s."""
        tiers = list(places_by_tier)
        sessions, several = self.sessions, self.several_days
        order = ([day] if day in self.bounds else []) + [other for other in self.bounds if other != day]
        rows: list[Session] = []
        listed: set[str] = set()
        on_this_day = 0
        for group, each_day in enumerate(order):
            low, high = self.bounds[each_day]
            for places in tiers:
                chosen = places[bisect_left(places, low):bisect_left(places, high)]
                if several:
                    for place in chosen:
                        session = sessions[place]
                        if session.id in several:
                            if session.id in listed:
                                continue
                            listed.add(session.id)
                        rows.append(session)
                else:
                    rows += [sessions[place] for place in chosen]
            if group == 0 and each_day == day:
                on_this_day = len(rows)
        return rows, on_this_day

    def day_of(self, day: date) -> Mapping[str, date]:
        """The day each session is listed under in a search from `day`'s tab."""
        if not self.several_days:  # (most agendas: no session on two days)
            return self.first_day
        low, high = self.bounds.get(day, (0, 0))
        here = {session.id: day for session in self.sessions[low:high] if session.id in self.several_days}
        return ChainMap(here, self.first_day) if here else self.first_day
