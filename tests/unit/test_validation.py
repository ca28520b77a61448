"""Agenda validation: one test per kind of problem, each naming file, TOML path and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from agenda_tui.agenda_file import load_agenda, parse_agenda
from agenda_tui.errors import InvalidFileError
from tests.conftest import TEST_DATA

TINY = (TEST_DATA / "tiny.toml").read_text(encoding="utf-8")


def problems_of(text: str, source: str = "agenda.toml") -> list[str]:
    with pytest.raises(InvalidFileError) as caught:
        parse_agenda(text, source)
    return [str(problem) for problem in caught.value.problems]


def test_tiny_fixture_is_valid():
    agenda = parse_agenda(TINY)
    assert [s.id for s in agenda.sessions] == ["opening", "late-night", "after-dst", "parallel"]


def test_malformed_toml_names_the_line():
    assert problems_of("[conference]\nid = \n") == [
        "agenda.toml:2: malformed TOML: Invalid value"
    ]


def test_unknown_speaker_id():
    text = TINY.replace('{ speaker = "grace", role = "moderator" }',
                        '{ speaker = "gracie", role = "moderator" }')
    assert problems_of(text) == [
        "agenda.toml:48: sessions[2].people[1].speaker: unknown speaker id 'gracie'"
    ]


def test_unknown_track_id():
    text = TINY.replace('track = "main"\npeople', 'track = "side"\npeople')
    assert problems_of(text) == ["agenda.toml:31: sessions[0].track: unknown track id 'side'"]


def test_duplicate_session_id():
    text = TINY.replace('id = "after-dst"', 'id = "opening"')
    assert problems_of(text) == ["agenda.toml:43: sessions[2].id: duplicate id 'opening'"]


def test_duplicate_speaker_id():
    text = TINY.replace('id = "grace"', 'id = "ada"')
    problems = problems_of(text)
    assert problems[0] == "agenda.toml:23: speakers[1].id: duplicate id 'ada'"


def test_end_before_start():
    text = TINY.replace("end = 2024-03-09T10:00:00", "end = 2024-03-09T08:00:00")
    assert problems_of(text) == [
        "agenda.toml:29: sessions[0].end: end (2024-03-09 08:00) is before start (2024-03-09 09:00)"
    ]


def test_session_outside_the_conference_dates():
    text = TINY.replace("start = 2024-03-09T09:00:00\nend = 2024-03-09T10:00:00",
                        "start = 2024-03-12T09:00:00\nend = 2024-03-12T10:00:00")
    assert problems_of(text) == [
        "agenda.toml:28: sessions[0].start: 2024-03-12 is outside the conference dates "
        "2024-03-09 to 2024-03-10"
    ]


def test_unknown_timezone_is_reported_once():
    text = TINY.replace('"America/New_York"', '"Mars/Olympus_Mons"')
    assert problems_of(text) == [
        "agenda.toml:11: conference.timezone: unknown IANA time zone 'Mars/Olympus_Mons'"
    ]


def test_wrong_type():
    text = TINY.replace('start_date = 2024-03-09', 'start_date = "soon"')
    [problem] = problems_of(text)
    assert problem.startswith("agenda.toml:9: conference.start_date: Input should be a valid date")
    assert "(got 'soon')" in problem


def test_missing_and_unknown_keys():
    text = TINY.replace('title = "Opening"\n', 'titel = "Opening"\n')
    assert problems_of(text) == [
        "agenda.toml:26: sessions[0].title: required key is missing",
        "agenda.toml:30: sessions[0].titel: unknown key",
    ]


def test_time_skipped_by_daylight_saving():
    # 02:30 on 10 March 2024 never happened in New York: clocks went 02:00 -> 03:00.
    text = TINY.replace("start = 2024-03-10T09:00:00", "start = 2024-03-10T02:30:00")
    assert problems_of(text) == [
        "agenda.toml:44: sessions[2].start: 2024-03-10 02:30 does not exist in "
        "America/New_York (the clocks skip it)"
    ]


@pytest.mark.parametrize(
    ("start_date", "end_date", "start", "end", "field"),
    [
        # A conference of a few weeks: its days on which the clocks change looked up once.
        ("2024-03-01", "2024-03-20", "2024-03-10T02:30:00", "2024-03-10T04:00:00", "start"),
        # A session on the last day that ends past the days looked up.
        ("2024-03-01", "2024-03-08", "2024-03-08T20:00:00", "2024-03-10T02:30:00", "end"),
        # A conference of a year: each day looked up as sessions ask.
        ("2024-01-01", "2024-12-31", "2024-03-10T02:30:00", "2024-03-10T04:00:00", "start"),
    ],
)
def test_a_time_the_clocks_skip_is_found_however_long_the_conference(
        start_date: str, end_date: str, start: str, end: str, field: str):
    text = (TINY.replace("start_date = 2024-03-09", f"start_date = {start_date}")
            .replace("end_date = 2024-03-10", f"end_date = {end_date}")
            .replace("start = 2024-03-10T09:00:00", f"start = {start}")
            .replace("end = 2024-03-10T10:00:00", f"end = {end}"))
    moment = (start if field == "start" else end)[:16].replace("T", " ")
    line = 44 if field == "start" else 45
    # (The other sessions may fall outside the conference's dates: not what is tested.)
    assert [problem for problem in problems_of(text) if "sessions[2]" in problem] == [
        f"agenda.toml:{line}: sessions[2].{field}: {moment} does not exist in "
        "America/New_York (the clocks skip it)"
    ]


def test_every_problem_is_reported_at_once():
    text = (TINY.replace('track = "main"\npeople', 'track = "side"\npeople')
            .replace('id = "after-dst"', 'id = "opening"')
            .replace("end = 2024-03-10T01:30:00", "end = 2024-03-10T00:00:00"))
    paths = [problem.split(": ")[1] for problem in problems_of(text)]
    assert paths == ["sessions[0].track", "sessions[1].end", "sessions[2].id"]


def test_type_errors_and_reference_errors_are_reported_together():
    text = (TINY.replace('start_date = 2024-03-09', 'start_date = "soon"')
            .replace('track = "main"\npeople', 'track = "side"\npeople')
            .replace('{ speaker = "grace", role = "moderator" }', '{ speaker = "grace", role = 7 }')
            .replace('[{ speaker = "grace", role = "speaker" }]', '[{ speaker = "gracie" }]'))
    problems = problems_of(text)
    assert [problem.split(": ")[1] for problem in problems] == [
        "conference.start_date", "sessions[0].track", "sessions[2].people[1].role",
        "sessions[3].people[0].speaker"]


def test_a_session_starting_far_from_its_day():
    text = TINY.replace("id = \"late-night\"\nday = 2024-03-09", "id = \"late-night\"\nday = 2024-03-08")
    assert "agenda.toml:37: sessions[1].start: starts on 2024-03-10, not on its day 2024-03-08 " \
        "or the night after" in problems_of(text)


def test_after_midnight_session_keeps_its_conference_day():
    agenda = parse_agenda(TINY)
    late = agenda.sessions_by_id["late-night"]
    assert late.start.date().isoformat() == "2024-03-10"
    assert late.conference_day.isoformat() == "2024-03-09"
    # Before the DST change (EST, UTC-5) and after it (EDT, UTC-4).
    assert late.start.utcoffset().total_seconds() == -5 * 3600
    assert agenda.sessions_by_id["after-dst"].start.utcoffset().total_seconds() == -4 * 3600


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "conference: required key is missing"),
        (b"\xff\xfe[conference]", "is not UTF-8 text (byte 0xff)"),
    ],
)
def test_unusable_files(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(InvalidFileError) as caught:
        load_agenda(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_a_directory_or_missing_file(tmp_path: Path):
    with pytest.raises(InvalidFileError, match="is a directory"):
        load_agenda(tmp_path)
    with pytest.raises(InvalidFileError, match="no such file"):
        load_agenda(tmp_path / "absent.toml")
