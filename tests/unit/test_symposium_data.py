"""The embedded agenda matches the source's two schedule tables, row by row."""

from __future__ import annotations

import re
from datetime import datetime, time

import pytest

from agenda_tui.model import Role, SessionKind
from agenda_tui.schedule import conference_days, people_of, sessions_on
from tests.conftest import shared_file

TIME_RANGE = re.compile(
    r"^(\d{1,2}):(\d{2})\s*(am|pm)?\s*[–-]\s*(\d{1,2}):(\d{2})\s*(am|pm)$"
)


def _clock(hour: str, minute: str, meridiem: str) -> time:
    hour_number = int(hour) % 12 + (12 if meridiem == "pm" else 0)
    return time(hour_number, int(minute))


def parse_time_range(text: str) -> tuple[time, time]:
    """'9:30–10:30 am', '11:00 am–12:00 pm', '12:00–1:30 pm' -> local times."""
    match = TIME_RANGE.match(text.strip())
    assert match, f"unrecognised time range {text!r}"
    start_h, start_m, start_mer, end_h, end_m, end_mer = match.groups()
    end = _clock(end_h, end_m, end_mer)
    start = _clock(start_h, start_m, start_mer or end_mer)
    if start > end and start_mer is None:  # '11:00–12:30 pm' style
        start = _clock(start_h, start_m, "am")
    return start, end


def source_tables() -> list[list[dict[str, str]]]:
    """The rows of 'Schedule: Day 1' and 'Schedule: Day 2' in the slides."""
    text = shared_file("seed", "symposium-slides.md").read_text(encoding="utf-8")
    tables = []
    for day in (1, 2):
        section = text.split(f"# Schedule: Day {day}", 1)[1].split("\n# ", 1)[0]
        rows = []
        for line in section.strip().splitlines():
            cells = line.split("\t")
            if len(cells) != 4 or cells[1:] == ["Speaker", "Title", "Time"]:
                continue
            label, speakers, title, when = (cell.strip() for cell in cells)
            rows.append({"label": label, "speakers": speakers, "title": title, "time": when})
        tables.append(rows)
    return tables


def expected_kind(row: dict[str, str]) -> SessionKind:
    """The judgement recorded in data/README.md: titles settle what labels leave open."""
    title = row["title"]
    if title.startswith("<i>"):
        return SessionKind.BREAK
    if title.startswith("Panel:"):
        return SessionKind.PANEL
    if row["label"] == "Fireside chat" or title.startswith("Fireside Chat"):
        return SessionKind.FIRESIDE
    return SessionKind.TALK


def test_source_has_two_tables_of_eight_rows():
    assert [len(rows) for rows in source_tables()] == [8, 8]


@pytest.mark.parametrize("day_number", [1, 2])
def test_every_row_matches(symposium, day_number):
    rows = source_tables()[day_number - 1]
    day = conference_days(symposium)[day_number - 1]
    sessions = sessions_on(symposium, day)
    assert len(sessions) == len(rows)
    for row, session in zip(rows, sessions, strict=True):
        start, end = parse_time_range(row["time"])
        assert session.start == datetime.combine(day, start, symposium.zone), row
        assert session.end == datetime.combine(day, end, symposium.zone), row
        assert session.title == re.sub(r"</?i>", "", row["title"]), row
        assert session.kind is expected_kind(row), row
        speakers = [name.strip() for name in row["speakers"].split(",") if name.strip()]
        named = [speaker.name for speaker, role in people_of(symposium, session)
                 if role is not Role.MODERATOR]
        assert sorted(named) == sorted(speakers), row


def test_dates_zone_and_venue(symposium):
    conference = symposium.conference
    assert (conference.start_date.isoformat(), conference.end_date.isoformat()) == (
        "2024-03-14", "2024-03-15")
    assert conference.timezone == "America/New_York"
    assert conference.venue == "MIT Schwarzman College of Computing"
    assert conference.sponsors == ["MIT Office of the Provost"]
    # Daylight saving time began on 10 March 2024: the symposium ran at UTC-4.
    assert symposium.sessions[0].start.utcoffset().total_seconds() == -4 * 3600


def test_closing_fireside_chat_is_virtual_and_moderated_by_jesse_thaler(symposium):
    session = symposium.sessions_by_id["d2-kaplan-fireside"]
    assert session.virtual
    assert [(s.name, s.affiliation, r) for s, r in people_of(symposium, session)] == [
        ("Jared Kaplan", "Anthropic", Role.SPEAKER),
        ("Jesse Thaler", "MIT/IAIFI", Role.MODERATOR),
    ]
    assert [s.id for s in symposium.sessions if s.virtual] == ["d2-kaplan-fireside"]


THEME_ITEM = re.compile(r"^- (.+?): \*(.+)\*$")
PERSON = re.compile(r"([^,(]+?) \(([^)]+)\)")
# The themes slide spells one name differently from the schedule table, which wins.
SPELLING = {"Anna Scaiffe": "Anna Scaife"}


def theme_items() -> list[tuple[str, list[tuple[str, str]]]]:
    """(question, [(name, affiliation), ...]) for each item of 'Broad themes and questions'."""
    text = shared_file("seed", "symposium-slides.md").read_text(encoding="utf-8")
    section = text.split("# Broad themes and questions", 1)[1].split("\n# ", 1)[0]
    items, question = [], None
    for line in section.splitlines():
        line = line.strip()
        if line.startswith("- ") and line.rstrip().endswith("*"):
            people = [(SPELLING.get(n.strip(), n.strip()), a) for n, a in PERSON.findall(
                THEME_ITEM.match(line).group(1))]
            items.append((question, people))
        elif line.startswith("- "):
            question = line[2:].strip()
    return items


def test_affiliations_match_the_themes_slide(symposium):
    by_name = {speaker.name: speaker.affiliation for speaker in symposium.speakers}
    for _, people in theme_items():
        for name, affiliation in people:
            assert by_name[name] == affiliation


def test_tracks_are_the_four_questions_with_their_talks(symposium):
    items = theme_items()
    questions = list(dict.fromkeys(question for question, _ in items))
    assert [track.question for track in symposium.tracks] == questions
    assert len(items) == 9
    track_of_question = {track.question: track.id for track in symposium.tracks}
    for question, people in items:
        names = sorted(name for name, _ in people)
        matching = [s for s in symposium.sessions
                    if sorted(p.name for p, r in people_of(symposium, s)) == names]
        assert len(matching) == 1, names
        assert matching[0].track == track_of_question[question], names


def test_no_invented_facts(symposium):
    """The source gives no rooms, bios, abstracts or session links."""
    for session in symposium.sessions:
        assert session.location is None and session.abstract is None and session.url is None
    for speaker in symposium.speakers:
        assert speaker.bio is None and speaker.links == []
