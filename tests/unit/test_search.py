"""Search: the precomputed index finds exactly what the straightforward search found.

`ReferenceIndex` is the implementation the index replaced, kept as the oracle: it
normalizes each session's whole text and compares every word of the query with every
word of every session. The property tests draw agendas from a few words with accents,
combining marks, digits and punctuation, and queries cut from those texts with typos
put in, then type them one character at a time as the search box does.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from agenda_tui.agenda_schema import validated
from agenda_tui.importing import import_source
from agenda_tui.model import Agenda, Role, Session, SessionKind
from agenda_tui.schedule import people_of
from agenda_tui.search import Programme, SearchIndex, Tier, normalize
from tests.conftest import shared_data

# ---- The oracle: search as it was before precomputed search keys ----

_WORD = re.compile(r"\w+")


def reference_normalize(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _reference_allowed_typos(word: str) -> int:
    if len(word) >= 8:
        return 2
    if len(word) >= 4:
        return 1
    return 0


class ReferenceIndex:
    def __init__(self, agenda: Agenda, sessions: Iterable[Session] | None = None):
        self._text: dict[str, str] = {}
        self._words: dict[str, set[str]] = {}
        for session in agenda.sessions if sessions is None else sessions:
            parts = [session.title, session.kind.value, session.location or ""]
            for speaker, role in people_of(agenda, session):
                parts += [speaker.name, speaker.affiliation or "", role.value]
            if session.track and (track := agenda.tracks_by_id.get(session.track)):
                parts += [track.title, track.question or ""]
            parts.append(session.abstract or "")
            text = reference_normalize(" ".join(parts))
            self._text[session.id] = text
            self._words[session.id] = set(_WORD.findall(text))

    def matches(self, session_id: str, query: str) -> bool:
        text = self._text.get(session_id, "")
        for term in _WORD.findall(reference_normalize(query)):
            if term in text:
                continue
            typos = _reference_allowed_typos(term)
            if not typos or not any(
                Levenshtein.distance(term, word, score_cutoff=typos) <= typos
                and abs(len(word) - len(term)) <= 1
                for word in self._words.get(session_id, ())
            ):
                return False
        return True

    def filter(self, sessions: Iterable[Session], query: str) -> list[Session]:
        if not query.strip():
            return list(sessions)
        return [session for session in sessions if self.matches(session.id, query)]

    def tier(self, session_id: str, query: str) -> Tier:
        """How a matching session matches: the worst of its words' ways."""
        words = self._words.get(session_id, set())
        worst = Tier.WORD
        for term in _WORD.findall(reference_normalize(query)):
            if any(word.startswith(term) for word in words):
                continue
            worst = max(worst, Tier.INSIDE if any(term in word for word in words) else Tier.TYPO)
        return worst


# ---- Building agendas ----

START = datetime(2025, 2, 1, 9, 0, tzinfo=UTC)


def make_agenda(sessions: list[dict], speakers: list[dict] = (), tracks: list[dict] = ()) -> Agenda:
    """An agenda of `sessions` (title, and optionally kind, location, people, track), an
    hour apart. People and tracks may name ids the agenda lacks."""
    data = {
        "conference": {"id": "test", "title": "Test", "start_date": START.date(),
                       "end_date": START.date(), "timezone": "UTC"},
        "speakers": list(speakers),
        "tracks": list(tracks),
        "sessions": [
            {"id": f"s{number}", "start": START + timedelta(hours=number),
             "end": START + timedelta(hours=number, minutes=30), **session}
            for number, session in enumerate(sessions)
        ],
    }
    return validated(Agenda, data, UTC)


def ids(sessions: Iterable[Session]) -> list[str]:
    return [session.id for session in sessions]


# ---- Strategies ----

# Letters that normalize in every way there is: accents that decompose (é, Å), letters
# that do not (Ø, ł), case folds that grow (ß, ﬁ, İ), a final sigma, a dotless i,
# combining marks on their own, digits of other scripts, CJK, and an underscore.
LETTERS = "abcdeilmnorstuyzAEINOSTZ" + "éÉüÜåÅøØłßﬁİıΣσςκ" + "\u0301\u0308\u0327" + "0123٣" + "漢字_"
SEPARATORS = [" ", "  ", "-", ": ", ", ", "'", "/", ".", " (", ") ", "\t", "—", "\u00a0"]

words = st.text(alphabet=LETTERS, min_size=1, max_size=12)


@st.composite
def texts(draw, pool: list[str]) -> str:
    """A few words of the pool (or new ones) joined by spaces and punctuation."""
    chosen = draw(st.lists(st.one_of(st.sampled_from(pool), words), min_size=1, max_size=5))
    text = chosen[0]
    for word in chosen[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + word
    return text


def nonblank(text: str) -> str:
    return text if text.strip() else "x" + text


@st.composite
def agendas(draw) -> Agenda:
    pool = draw(st.lists(words, min_size=1, max_size=8, unique=True))
    # Words that hold another: a near word may be in a text without being one of its words.
    pool += [word + draw(words) for word in draw(st.lists(st.sampled_from(pool), max_size=3))]
    speakers = [
        {"id": f"p{number}", "name": nonblank(draw(texts(pool))),
         "affiliation": draw(st.none() | texts(pool))}
        for number in range(draw(st.integers(0, 4)))
    ]
    tracks = [
        {"id": f"t{number}", "title": nonblank(draw(texts(pool))), "question": draw(st.none() | texts(pool))}
        for number in range(draw(st.integers(0, 3)))
    ]
    # Some sessions name a speaker or a track the agenda lacks: those are left out of the text.
    speaker_ids = [speaker["id"] for speaker in speakers] + ["missing-speaker"]
    track_ids = [track["id"] for track in tracks] + ["missing-track"]
    sessions = []
    for _ in range(draw(st.integers(1, 12))):
        session = {"title": nonblank(draw(texts(pool))), "kind": draw(st.sampled_from(list(SessionKind)))}
        if draw(st.booleans()):
            session["location"] = draw(texts(pool))
        people = draw(st.lists(st.sampled_from(speaker_ids), max_size=3, unique=True))
        session["people"] = [{"speaker": person, "role": draw(st.sampled_from(list(Role)))}
                             for person in people]
        if draw(st.booleans()):
            session["track"] = draw(st.sampled_from(track_ids))
        if draw(st.booleans()):
            session["abstract"] = draw(texts(pool))
        sessions.append(session)
    return make_agenda(sessions, speakers, tracks)


def with_typos(draw, text: str) -> str:
    """`text` with up to three letters dropped, doubled, swapped or replaced."""
    for _ in range(draw(st.integers(0, 3))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        edit = draw(st.sampled_from(["drop", "double", "swap", "replace"]))
        if edit == "drop" and len(text) > 1:
            text = text[:at] + text[at + 1:]
        elif edit == "double":
            text = text[:at] + text[at] + text[at:]
        elif edit == "swap" and at + 1 < len(text):
            text = text[:at] + text[at + 1] + text[at] + text[at + 2:]
        else:
            text = text[:at] + draw(st.sampled_from(LETTERS)) + text[at + 1:]
    return text


@st.composite
def queries(draw, agenda: Agenda) -> str:
    """Mostly a piece of some session's text or a few of its words, with typos, in a
    changed case or form."""
    session = draw(st.sampled_from(agenda.sessions))
    source = draw(st.sampled_from(
        [session.title, *filter(None, [session.location, session.abstract]),
         *(speaker.name for speaker, _ in people_of(agenda, session))]
    ))
    if draw(st.booleans()):
        start = draw(st.integers(0, len(source) - 1))
        query = with_typos(draw, source[start:start + draw(st.integers(1, 25))])
    else:
        chosen = draw(st.lists(st.sampled_from(_WORD.findall(source) or [source]), min_size=1, max_size=3))
        query = " ".join(with_typos(draw, word) for word in chosen)
    change = draw(st.sampled_from([str, str.upper, str.lower, str.title,
                                   lambda text: unicodedata.normalize("NFC", text),
                                   lambda text: unicodedata.normalize("NFD", text)]))
    way = draw(st.sampled_from(["as typed"] * 8 + ["among other words", "anything"]))
    if way == "anything":
        return draw(st.text(max_size=6))
    if way == "among other words":
        return draw(texts([query]))
    return change(query)


# ---- Properties ----


@settings(deadline=None, max_examples=150)
@given(st.text())
def test_normalize_matches_the_reference(text):
    assert normalize(text) == reference_normalize(text)


@settings(deadline=None, max_examples=150)
@given(st.lists(st.text(alphabet=LETTERS + "".join(SEPARATORS), max_size=12), max_size=5))
def test_normalizing_parts_equals_normalizing_the_whole(parts):
    """The index normalizes titles, people and tracks apart and joins them."""
    assert " ".join(map(normalize, parts)) == normalize(" ".join(parts))


@settings(deadline=None, max_examples=200)
@given(st.data())
def test_filter_and_matches_agree_with_the_reference_while_typing(data):
    agenda = data.draw(agendas())
    index, reference = SearchIndex(agenda), ReferenceIndex(agenda)
    if data.draw(st.booleans()):
        index.prepare()  # as when the search box opens: the answers must not change
    sessions = agenda.sessions
    # Part of the day, the day shown, another order with repeats and one the index lacks.
    outsider = dataclasses.replace(sessions[0], id="not-indexed")
    scopes = [sessions[::2], sessions, [*reversed(sessions), sessions[0], outsider]]
    for _ in range(data.draw(st.integers(1, 3))):
        query = data.draw(queries(agenda))
        scope = data.draw(st.sampled_from(scopes))
        # One keystroke at a time, as the search box asks.
        for typed in (query[:end] for end in range(1, len(query) + 1)):
            ranked = index.ranked(scope, typed)
            assert ids(session for session, _ in ranked) == ids(reference.filter(scope, typed)), typed
            if _WORD.search(reference_normalize(typed)):
                assert [tier for _, tier in ranked] == [reference.tier(s.id, typed) for s, _ in ranked], typed
        # Then the same words for fewer sessions, and for more.
        for other in scopes:
            assert ids(index.filter(other, query)) == ids(reference.filter(other, query)), query
        fresh = SearchIndex(agenda)
        for session in [*sessions, outsider]:
            expected = reference.matches(session.id, query)
            assert index.matches(session.id, query) == expected, query
            assert fresh.matches(session.id, query) == expected, query


@settings(deadline=None, max_examples=100)
@given(st.data())
def test_an_index_of_some_sessions_agrees_with_the_reference(data):
    agenda = data.draw(agendas())
    some = data.draw(st.lists(st.sampled_from(agenda.sessions), max_size=len(agenda.sessions)))
    index, reference = SearchIndex(agenda, some), ReferenceIndex(agenda, some)
    for _ in range(3):
        query = data.draw(queries(agenda))
        assert ids(index.filter(agenda.sessions, query)) == ids(reference.filter(agenda.sessions, query))
        for session in agenda.sessions:
            assert index.matches(session.id, query) == reference.matches(session.id, query)


# ---- Examples ----

SPEAKERS = [
    {"id": "ada", "name": "Ada Lovelace", "affiliation": "Analytical Engines Ltd"},
    {"id": "orsted", "name": "Hans Christian Ørsted", "affiliation": "Københavns Universitet"},
    {"id": "nusslein", "name": "Christiane Nüsslein-Volhard", "affiliation": None},
]
TRACKS = [{"id": "chem", "title": "Quantum chemistry", "question": "What can simulation predict?"}]


def example_agenda() -> Agenda:
    return make_agenda(
        [
            {"title": "Python for physicists", "people": [{"speaker": "ada"}], "location": "Room 12"},
            {"title": "Rust in production", "kind": "workshop", "location": "Room 3"},
            {"title": "Electromagnetism, revisited",
             "people": [{"speaker": "orsted", "role": "moderator"}], "track": "chem"},
            {"title": "Developmental genetics", "people": [{"speaker": "nusslein"}, {"speaker": "ada"}]},
            {"title": "Machine learning for molecules", "track": "chem"},
            {"title": "Pythonic card games"},
            {"title": "Health care records"},
        ],
        SPEAKERS, TRACKS,
    )


def found(query: str, agenda: Agenda | None = None) -> list[str]:
    agenda = agenda or example_agenda()
    return ids(SearchIndex(agenda).filter(agenda.sessions, query))


def test_typos_allowed_grow_with_the_word():
    assert found("pythn") == ["s0"]  # 5 letters: one typo; "pythonic" is three away
    assert found("pyhton") == []  # a swap is two edits
    assert found("lovelase") == ["s0", "s3"]  # 8 letters: two typos
    assert found("lvoelase") == []  # three
    assert found("rsut") == []  # 4 letters, two edits away
    assert found("rus") == ["s1"]  # in the text
    assert found("rsu") == []  # under 4 letters: no typo


def test_accents_and_case_are_ignored():
    assert found("ØRSTED") == ["s2"]
    assert found("orsted") == ["s2"]  # ø is a letter of its own: one typo away
    assert found("nusslein") == ["s3"]
    assert found("NÜSSLEIN") == ["s3"]
    assert found("Nu\u0308sslein") == ["s3"]  # a combining diaeresis
    assert found("kobenhavns") == ["s2"]


def test_each_near_word_finds_its_own_sessions():
    assert found("cart") == ["s5", "s6"]  # card, care


def test_every_word_of_the_query_must_match():
    assert found("python ada") == ["s0"]
    assert found("ada genetics") == ["s3"]
    assert found("python rust") == []
    assert found("lovelace gentics") == ["s3"]  # each word with its own typos


def test_people_tracks_places_kinds_and_roles_are_searched():
    assert found("analytical") == ["s0", "s3"]
    assert found("quantum chem") == ["s2", "s4"]
    assert found("simulation") == ["s2", "s4"]
    assert found("room 12") == ["s0"]
    assert found("workshop") == ["s1"]
    assert found("moderator") == ["s2"]


def test_a_query_without_words_returns_every_session_in_order():
    agenda = example_agenda()
    shown = [*reversed(agenda.sessions), dataclasses.replace(agenda.sessions[0], id="elsewhere")]
    index = SearchIndex(agenda)
    for query in ["", "   ", "!?", "—"]:
        assert index.filter(shown, query) == shown
        assert index.filter(iter(shown), query) == shown
        assert index.matches("elsewhere", query)


def test_filter_keeps_the_given_order_and_leaves_out_sessions_not_indexed():
    agenda = example_agenda()
    index = SearchIndex(agenda, agenda.sessions[:4])
    shown = [*reversed(agenda.sessions), agenda.sessions[0]]
    assert ids(index.filter(shown, "ada")) == ["s3", "s0", "s0"]
    assert ids(index.filter(shown, "molecules")) == []  # s4 is not in this index
    assert not index.matches("s4", "molecules")
    assert not index.matches("nowhere", "ada")


def test_answers_follow_the_sessions_asked_about():
    agenda = example_agenda()
    index = SearchIndex(agenda)
    assert ids(index.filter(agenda.sessions[:1], "lovelace")) == ["s0"]
    assert ids(index.filter(agenda.sessions, "lovelace")) == ["s0", "s3"]
    assert ids(index.filter(agenda.sessions[1:], "lovelace")) == ["s3"]
    # Words of sessions not asked about before are near words too.
    assert ids(index.filter(agenda.sessions[5:6], "cart")) == ["s5"]
    assert ids(index.filter(agenda.sessions, "cart")) == ["s5", "s6"]
    assert index.matches("s0", "lovelase") and not index.matches("s1", "lovelase")


def test_matches_alone_forgives_typos():
    agenda = example_agenda()
    index = SearchIndex(agenda)
    assert index.matches("s0", "pythn")
    assert index.matches("s5", "cart")
    assert index.matches("s6", "cart")  # after "card" came in the vocabulary for s5
    assert ids(index.filter(agenda.sessions, "cart")) == ["s5", "s6"]
    assert not index.matches("s1", "cart")


def test_kinds_and_roles_are_already_normalized():
    """The index puts them in the text as they are."""
    for value in [*SessionKind, *Role]:
        assert normalize(value) == value


def test_abstracts_are_searched():
    agenda = make_agenda([
        {"title": "Memory in managed runtimes", "abstract": "How a <b>garbage</b> collector finds roots."},
        {"title": "Garbage in the city"},
        {"title": "Collectors' fair"},
    ])
    assert found("garbage collector", agenda) == ["s0"]
    assert found("finds roots", agenda) == ["s0"]


def test_a_typo_needs_a_word_of_about_the_same_length():
    agenda = make_agenda([{"title": "Postgres at scale"}, {"title": "One year of progress"},
                          {"title": "Posts"}, {"title": "Postgis maps"}, {"title": "Posters"}])
    # Two typos from postgis and posters, one letter shorter; three from posts, four from
    # progress.
    assert found("postgres", agenda) == ["s0", "s3", "s4"]
    assert found("postgresql", agenda) == []  # two typos from postgres, but two letters longer
    assert found("postrs", agenda) == ["s2", "s4"]  # one typo from posts, and from posters


def ranked(query: str, agenda: Agenda) -> list[tuple[str, str]]:
    return [(session.id, tier.name) for session, tier in SearchIndex(agenda).ranked(agenda.sessions, query)]


def test_ranked_says_how_each_session_matches_in_the_order_given():
    agenda = make_agenda([
        {"title": "Rusty tools"},  # starts a word
        {"title": "Trust and safety"},  # inside a word
        {"title": "Rust in production"},  # the word itself
        {"title": "Rost and ridges"},  # one typo (rust: four letters)
        {"title": "Python"},
    ])
    assert ranked("rust", agenda) == [("s0", "WORD"), ("s1", "INSIDE"), ("s2", "WORD"), ("s3", "TYPO")]
    # A session takes the worst way of the query's words.
    assert ranked("rust tools", agenda) == [("s0", "WORD")]
    assert ranked("rust ools", agenda) == [("s0", "INSIDE")]
    assert ranked("rosty tools", agenda) == [("s0", "TYPO")]
    assert ranked("", agenda) == [(f"s{n}", "WORD") for n in range(5)]


# ---- FOSDEM 2025 (../shared/data) ----


def test_fosdem_garbage_collector_finds_the_talks_whose_abstracts_say_it():
    fosdem = import_source(shared_data("fosdem-2025-schedule.xml")).agenda
    saying_it = [s.id for s in fosdem.sessions if "garbage collector" in (s.abstract or "").lower()]
    assert len(saying_it) >= 2
    # Found by their abstracts: their titles do not say it.
    assert not all("garbage" in s.title.lower() for s in fosdem.sessions if s.id in saying_it)
    ranked = SearchIndex(fosdem).ranked(fosdem.sessions, "garbage collector")
    best = [session.id for session, tier in ranked if tier is Tier.WORD]
    assert set(saying_it) <= set(best)


def test_fosdem_postgres_finds_postgres_first_and_never_citrineos():
    fosdem = import_source(shared_data("fosdem-2025-schedule.xml")).agenda
    index = SearchIndex(fosdem)
    for typed in ("p", "po", "pos", "post", "postg", "postgr", "postgre", "postgres"):
        ranked = index.ranked(fosdem.sessions, typed)  # one keystroke at a time
    titles = {session.title for session, _ in ranked}
    assert not any("CitrineOS" in title for title in titles)
    assert "Tuning Postgres for Analytics" in titles
    tiers = [tier for _, tier in ranked]
    words = [session for session, tier in ranked if tier is Tier.WORD]
    assert all("postgres" in normalize(f"{s.title} {s.abstract}") for s in words)
    assert tiers.count(Tier.WORD) >= 10


class _CountedLookups(dict):
    """An index's positions by id, counting the lookups of a session's position."""

    lookups = 0

    def get(self, *args):
        self.lookups += 1
        return super().get(*args)


def test_preparing_for_the_sessions_to_search_leaves_no_lookup_to_the_first_keystroke():
    agenda = example_agenda()
    sessions = list(reversed(agenda.sessions))  # as a day tab's scope: not the agenda's order
    index, unprepared = SearchIndex(agenda), SearchIndex(agenda)
    index.prepare(sessions)
    unprepared.prepare()
    for each in (index, unprepared):
        each._position = _CountedLookups(each._position)
    assert index.by_tier(sessions, "py") == unprepared.by_tier(sessions, "py")
    assert (index._position.lookups, unprepared._position.lookups) == (0, len(sessions))
    # Another list is another scope, looked up once, and answered for itself.
    fewer = sessions[1:]
    expected = [session for session in unprepared.filter(sessions, "py") if session in fewer]
    assert index.filter(fewer, "py") == expected and expected
    assert index._position.lookups == len(fewer)


@given(st.data())
def test_the_programme_lists_a_days_matches_first_then_each_other_days_each_session_once(data):
    sessions = example_agenda().sessions
    days = [date(2025, 2, 1) + timedelta(days=n) for n in range(data.draw(st.integers(1, 4)))]
    # Each day's sessions in its own order; a session may be on several days (all-day ones).
    by_day = {day: data.draw(st.lists(st.sampled_from(sessions), unique_by=lambda s: s.id, max_size=6))
              for day in data.draw(st.permutations(days))}
    tier_of = {session.id: data.draw(st.sampled_from([None, 0, 1, 2])) for session in sessions}
    day = data.draw(st.sampled_from(days))
    programme = Programme.of(by_day)
    places_by_tier = [[place for place, session in enumerate(programme.sessions)
                       if tier_of[session.id] == tier] for tier in range(3)]
    rows, on_this_day = programme.ordered(places_by_tier, day)
    # The reference: the old scope of a day's tab, this day's sessions, then each other day's.
    expected, listed_under = [], {}
    for group, each_day in enumerate([day, *sorted(set(by_day) - {day})]):
        for tier in range(3):
            for session in by_day[each_day]:
                if tier_of[session.id] == tier and session.id not in listed_under:
                    listed_under[session.id] = each_day
                    expected.append(session.id)
        if group == 0:
            expected_here = len(expected)
    assert [session.id for session in rows] == expected
    assert on_this_day == expected_here
    day_of = programme.day_of(day)
    assert {session.id: day_of[session.id] for session in rows} == listed_under


def _index_contents(index: SearchIndex) -> tuple[object, ...]:
    return (index._position, index._texts, {word: sorted(at) for word, at in index._where.items()},
            {length: sorted(words) for length, words in index._by_length.items()})


def test_an_index_made_in_steps_is_the_index_made_at_once_a_few_hundred_sessions_a_step():
    from agenda_tui.agenda_file import agenda_from_data
    from agenda_tui.search import SESSIONS_A_STEP
    from tests.large_agenda import agenda_data

    agenda = agenda_from_data(agenda_data(1_000, rooms=10), "generated")
    at_once, in_steps = SearchIndex(agenda), SearchIndex(agenda)
    at_once.prepare()
    sessions_at_each_step = []
    for _ in in_steps.preparing():
        sessions_at_each_step.append(len(in_steps._texts) + len(in_steps._covered))
    done = [*sessions_at_each_step, 2 * len(agenda.sessions)]
    assert max(after - before for before, after in zip([0, *done], done, strict=False)) <= SESSIONS_A_STEP
    assert in_steps.ready and _index_contents(in_steps) == _index_contents(at_once)
    for query in ("machine", "lerning", "hopper quantum"):
        assert in_steps.by_tier(agenda.sessions, query) == at_once.by_tier(agenda.sessions, query)


def test_a_search_while_the_index_is_made_in_steps_finishes_it_and_the_steps_end():
    from agenda_tui.agenda_file import agenda_from_data
    from tests.large_agenda import agenda_data

    agenda = agenda_from_data(agenda_data(1_000, rooms=10), "generated")
    reference, index = SearchIndex(agenda), SearchIndex(agenda)
    steps = index.preparing()
    for _ in range(2):  # two of the build's four steps
        next(steps)
    assert not index.ready and 0 < len(index._texts) < len(agenda.sessions)
    found = index.by_tier(agenda.sessions, "quantum")
    assert found == reference.by_tier(agenda.sessions, "quantum") and found[0]
    assert len(index._texts) == len(agenda.sessions)
    assert sum(1 for _ in steps) <= 1  # the steps left end: the search made the rest
    reference.prepare()
    assert index.ready and _index_contents(index) == _index_contents(reference)


def _scope_of(index: SearchIndex) -> tuple[object, ...]:
    return (index._scope_given, index._scope, index._scope_texts, index._place_of, index._more_places_of)


def test_a_scope_taken_in_steps_is_the_scope_taken_at_once_even_with_a_search_between():
    from agenda_tui.agenda_file import agenda_from_data
    from agenda_tui.search import SESSIONS_A_STEP
    from tests.large_agenda import agenda_data

    agenda = agenda_from_data(agenda_data(1_000, rooms=10), "generated")
    # Another order than the index's, a session twice, one the index does not hold.
    stranger = dataclasses.replace(agenda.sessions[0], id="not-indexed")
    scope = [*reversed(agenda.sessions), agenda.sessions[3], stranger]
    at_once, in_steps = SearchIndex(agenda), SearchIndex(agenda)
    at_once.prepare(scope)
    in_steps.prepare()
    steps = list(in_steps.taking_scope(scope))
    assert len(steps) >= 2 * len(scope) // SESSIONS_A_STEP  # a few hundred sessions a step
    assert _scope_of(in_steps) == _scope_of(at_once) and at_once._more_places_of
    assert in_steps.by_tier(scope, "quantum") == at_once.by_tier(scope, "quantum")
    # A search between the steps takes its scope itself; the steps then leave it be.
    searched = SearchIndex(agenda)
    searched.prepare()
    steps_left = searched.taking_scope(scope)
    for _ in range(-(-len(scope) // SESSIONS_A_STEP) + 1):  # past the places, into the texts
        next(steps_left)
    found = searched.by_tier(scope, "quantum")
    answers = dict(searched._answers)
    assert sum(1 for _ in steps_left) >= 1 and answers
    assert _scope_of(searched) == _scope_of(at_once) and searched._answers == answers
    assert searched.by_tier(scope, "quantum") == found == at_once.by_tier(scope, "quantum")


def test_the_programme_made_in_steps_takes_a_few_hundred_sessions_a_step_across_short_days():
    from agenda_tui.search import SESSIONS_A_STEP

    sessions = example_agenda().sessions  # 7 a day: far fewer than a step's
    days = {date(2025, 2, 1) + timedelta(days=n): [sessions[(n + k) % 7] for k in range(7)]
            for n in range(300)}
    total = sum(len(each) for each in days.values())
    steps = Programme.in_steps(days)
    taken = 0
    while True:
        try:
            next(steps)
            taken += 1
        except StopIteration as made:
            programme = made.value
            break
    assert taken == total // SESSIONS_A_STEP
    # Day after day, each in its order; each session's first day; those on several days.
    ordered = sorted(days)
    assert programme.sessions == [session for day in ordered for session in days[day]]
    assert programme.bounds == {day: (7 * n, 7 * n + 7) for n, day in enumerate(ordered)}
    assert programme.first_day == {session.id: ordered[0] for session in sessions}
    assert programme.several_days == {session.id for session in sessions}


def test_typo_matching_loaded_ahead_is_all_a_search_with_typos_imports():
    """The UI loads it after its first frame (load_typo_matching): the first word long
    enough for a typo then imports nothing as it is typed."""
    import subprocess
    import sys

    script = """
import sys
from agenda_tui.agenda_file import load_agenda
from agenda_tui.paths import embedded_agenda_path
from agenda_tui.search import SearchIndex, load_typo_matching
agenda = load_agenda(embedded_agenda_path())
index = SearchIndex(agenda)
index.by_tier(list(agenda.sessions), "fou")  # too short for a typo
assert "rapidfuzz" not in sys.modules, "imported before it was asked for"
load_typo_matching()
before = set(sys.modules)
assert index.by_tier(list(agenda.sessions), "foundaton")[2], "the typo found nothing"
print(sorted(set(sys.modules) - before))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout


def _places_the_collector_walks(root: object) -> int:
    """How many references the cycle collector walks in the containers it tracks that are
    reachable from `root` (each container's length)."""
    import gc

    seen: set[int] = set()
    todo, walked = [root], 0
    while todo:
        each = todo.pop()
        if id(each) in seen or isinstance(each, type):
            continue
        seen.add(id(each))
        if gc.is_tracked(each) and isinstance(each, (list, tuple, set, frozenset, dict)):
            walked += len(each)
        todo += gc.get_referents(each)
    return walked


def test_the_answers_kept_while_typing_are_not_walked_by_the_cycle_collector():
    """A search keeps each word's answer (its places) while the query is typed: at
    100,000 sessions, half a million places, which each older collection walked again,
    as long as a keystroke. Kept as tuples of numbers, and a query of several words'
    tiers as dicts of numbers, Python leaves them out once seen."""
    import gc

    # Words found at a word's start, inside one ("summary", "gamma") and with typos.
    words = ["machine", "learning", "models", "summary", "gamma", "lemma"]
    agenda = make_agenda([{"title": f"{words[n % 6]} {words[n * 7 % 5]} talk {n}"} for n in range(3000)])
    sessions = list(agenda.sessions)
    index = SearchIndex(agenda)
    index.prepare(sessions)
    gc.collect()
    before = _places_the_collector_walks(index)
    query = "machne lerning modls mma"
    for end in range(1, len(query) + 1):
        index.by_tier(sessions, query[:end])
    # The answers kept are that large, and hold every tier.
    word, inside, _ = index.by_tier(sessions, "m")
    assert len(word) + len(inside) > 1000 and word and inside and index.by_tier(sessions, "machne")[2]
    gc.collect()
    assert _places_the_collector_walks(index) - before < 300
