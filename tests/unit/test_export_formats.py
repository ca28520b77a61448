"""Choosing what to export, and the Markdown, JSON and CSV formats."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from export_support import BERLIN, NOW, berlin_repeated_hour, symposium, tricky, with_session_changed
from hypothesis import given, settings
from hypothesis import strategies as st

from agenda_tui.errors import AgendaError
from agenda_tui.export import (
    ExportFormat,
    ExportRequest,
    Selection,
    choose_format,
    choose_sessions,
    default_path,
    export_to_file,
    prepare_export,
)
from agenda_tui.formats.csv_out import COLUMNS
from agenda_tui.formats.wall_clock import wall_clock
from agenda_tui.state_file import StateFile
from agenda_tui.state_model import UserState
from agenda_tui.text import clean

BOOKMARKS = ["d2-kaplan-fireside", "d1-scaife-astrophysics"]


def _state(agenda, bookmarks=(), notes=None) -> UserState:
    return UserState(conference_id=agenda.conference.id, bookmarks=list(bookmarks),
                     notes=notes or {})


# -- choosing -------------------------------------------------------------------


def test_bookmarked_sessions_in_time_order():
    chosen = choose_sessions(symposium(), BOOKMARKS)
    assert [s.id for s in chosen.sessions] == ["d1-scaife-astrophysics", "d2-kaplan-fireside"]
    assert chosen.message is None


def test_no_bookmarks_falls_back_to_everything_with_a_message():
    agenda = symposium()
    chosen = choose_sessions(agenda, [])
    assert len(chosen.sessions) == 16
    assert chosen.message == "no sessions are bookmarked, so all 16 sessions are exported"
    # A bookmark on a session no longer in the agenda counts as none.
    assert len(choose_sessions(agenda, ["gone"]).sessions) == 16


def test_all_and_one_day():
    agenda = symposium()
    assert len(choose_sessions(agenda, BOOKMARKS, Selection.ALL).sessions) == 16
    day_two = choose_sessions(agenda, BOOKMARKS, Selection.DAY, date(2024, 3, 15)).sessions
    assert len(day_two) == 8
    assert {s.conference_day for s in day_two} == {date(2024, 3, 15)}
    assert day_two[0].id == "d2-panel-impacts"
    with pytest.raises(AgendaError):
        choose_sessions(agenda, BOOKMARKS, Selection.DAY)


@pytest.mark.parametrize(
    ("path", "explicit", "expected"),
    [
        (None, None, ExportFormat.ICS),
        ("x.ics", None, ExportFormat.ICS),
        ("x.MD", None, ExportFormat.MD),
        ("x.markdown", None, ExportFormat.MD),
        ("x.json", None, ExportFormat.JSON),
        ("x.csv", None, ExportFormat.CSV),
        ("x.txt", None, ExportFormat.ICS),
        ("schedule", None, ExportFormat.ICS),
        ("x.csv", "md", ExportFormat.MD),
    ],
)
def test_format_from_option_else_suffix_else_ics(path, explicit, expected):
    assert choose_format(Path(path) if path else None, explicit) is expected


def test_default_path_is_in_home(tmp_path):
    agenda = symposium()
    assert default_path(agenda, ExportFormat.ICS, tmp_path) == (
        tmp_path / "genai-physsci-2024-schedule.ics")
    assert default_path(agenda, ExportFormat.CSV, tmp_path).name == "genai-physsci-2024-schedule.csv"


@pytest.mark.parametrize("minutes", [-5, 40321, 99999999999999])
def test_reminders_outside_four_weeks_are_refused(minutes):
    agenda = symposium()
    with pytest.raises(AgendaError, match=f"reminder of {minutes} minutes: give 0 to 40320"):
        prepare_export(agenda, _state(agenda), ExportRequest(remind_minutes=minutes))


# -- Markdown ---------------------------------------------------------------------


def test_markdown_has_a_heading_per_day_and_a_table():
    agenda = symposium()
    text = prepare_export(agenda, _state(agenda), ExportRequest(
        format=ExportFormat.MD, selection=Selection.ALL)).text
    lines = text.splitlines()
    assert lines[0] == f"# {agenda.conference.title}"
    assert "## Thursday 14 March 2024" in lines
    assert "## Friday 15 March 2024" in lines
    assert lines.count("| Time | Title | People | Kind |") == 2
    assert ("| 09:30–10:30 | Foundation Models in Physics: Successes in Astrophysics "
            "| Anna Scaife (Manchester) | talk |") in lines
    panel = next(line for line in lines if "Community Perspectives" in line)
    assert "Dan Huttenlocher (MIT), Vijay Reddi (Harvard), Jesse Thaler (MIT/IAIFI)" in panel
    assert sum(1 for line in lines if line.startswith("| ") and ":" in line.split("|")[1]) == 16


def test_markdown_escapes_table_syntax_and_strips_controls():
    agenda = tricky()
    text = prepare_export(agenda, _state(agenda), ExportRequest(
        format=ExportFormat.MD, selection=Selection.ALL)).text
    assert "\x1b" not in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "–" in line]
    assert len(rows) == 3
    # Every row still has exactly five cells (with the rooms): nothing in the data broke the table.
    for row in rows:
        assert len(row.replace("\\|", "").split("|")) == 7
    assert r"backslashes \\ and" in text
    assert "李小龙 (北京大学)" in text


# -- JSON ------------------------------------------------------------------------


def test_json_has_every_field_with_utc_offsets_and_the_note():
    agenda = symposium()
    state = _state(agenda, BOOKMARKS, {"d1-scaife-astrophysics": "front row"})
    data = json.loads(prepare_export(agenda, state, ExportRequest(
        format=ExportFormat.JSON, selection=Selection.ALL)).text)
    assert data["conference"]["id"] == "genai-physsci-2024"
    assert data["conference"]["timezone"] == "America/New_York"
    assert len(data["sessions"]) == 16
    first = data["sessions"][0]
    assert first["id"] == "d1-scaife-astrophysics"
    assert first["start"] == "2024-03-14T09:30:00-04:00"
    assert first["end"] == "2024-03-14T10:30:00-04:00"
    assert datetime.fromisoformat(first["start"]).utcoffset() is not None
    assert first["note"] == "front row"
    assert first["bookmarked"] is True
    assert first["people"] == [{"id": "anna-scaife", "name": "Anna Scaife", "role": "speaker",
                                "affiliation": "Manchester"}]
    assert first["track"]["title"] == "Potential impact"
    assert {"id", "day", "start", "end", "timezone", "kind", "title", "track", "location",
            "virtual", "people", "abstract", "url", "bookmarked", "note"} <= set(first)
    assert data["sessions"][1]["bookmarked"] is False and data["sessions"][1]["note"] is None


# -- CSV ------------------------------------------------------------------------


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_csv_has_a_header_and_a_row_per_session():
    agenda = symposium()
    state = _state(agenda, BOOKMARKS, {"d2-kaplan-fireside": "=HYPERLINK(\"x\"), then: ask"})
    text = prepare_export(agenda, state, ExportRequest(format=ExportFormat.CSV)).text
    rows = _rows(text)
    assert [row["id"] for row in rows] == ["d1-scaife-astrophysics", "d2-kaplan-fireside"]
    first, fireside = rows
    assert first["start"] == "2024-03-14 09:30"
    assert first["end"] == "2024-03-14 10:30"
    assert first["timezone"] == "America/New_York"
    assert first["people"] == "Anna Scaife (Manchester)"
    assert first["bookmarked"] == "yes"
    assert fireside["location"] == "Virtual"
    # A note starting with "=" would run as a formula in a spreadsheet.
    assert fireside["note"] == "'=HYPERLINK(\"x\"), then: ask"
    assert text.splitlines()[0].startswith('"id","day","start","end","timezone","kind","title"')


def test_csv_quotes_commas_and_keeps_non_ascii():
    agenda = tricky()
    rows = _rows(prepare_export(agenda, _state(agenda), ExportRequest(
        format=ExportFormat.CSV, selection=Selection.ALL)).text)
    assert len(rows) == 3
    assert rows[0]["title"] == 'Commas, semicolons; backslashes \\ and "quotes"'
    assert rows[0]["location"] == "Room 1; Floor 2, Building A"
    assert rows[0]["people"] == (
        "José Núñez-Øster (Universität Zürich; ETH), 李小龙 (北京大学); "
        "moderator: Ana, the Moderator")
    assert "\x1b" not in rows[2]["title"]


def test_csv_file_starts_with_a_bom_for_spreadsheets(tmp_path):
    agenda = symposium()
    store = StateFile.in_memory(agenda.conference.id)
    outcome = export_to_file(agenda, store, ExportRequest(path=tmp_path / "s.csv"), now=NOW)
    assert outcome.format is ExportFormat.CSV and outcome.count == 16
    assert (tmp_path / "s.csv").read_bytes().startswith(b'\xef\xbb\xbf"id","day",')
    assert len(_rows((tmp_path / "s.csv").read_text(encoding="utf-8-sig"))) == 16


# -- CSV that meets a spreadsheet ---------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cells(text: str, delimiter: str) -> list[str]:
    """Every cell of the CSV as a spreadsheet splitting on `delimiter` would have it."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=delimiter)
    return [cell for row in reader for cell in row]


def _formulas(text: str) -> list[str]:
    """The cells that would start with a formula character (past white space and quotes),
    splitting on "," or on ";"."""
    return [cell for delimiter in ",;" for cell in _cells(text, delimiter)
            if re.sub(r'^[\s"]*', "", cell).startswith(FORMULA_STARTS)]


def _csv_with(note: str = "", **changes) -> str:
    agenda = with_session_changed(tricky(), "s1-commas", **changes)
    state = _state(agenda, notes={"s1-commas": note})
    return prepare_export(agenda, state, ExportRequest(format=ExportFormat.CSV, selection=Selection.ALL)).text


def test_no_cell_becomes_a_formula_when_a_spreadsheet_splits_on_semicolons():
    text = _csv_with(title="Coffee;=cmd|' /C calc'!A0", location='Hall; "+1 floor", @HOME',
                     url="https://example.org/?a=1;-2", note="Bring; -5 euros,=SUM(A1)")
    assert _formulas(text) == []
    row = next(row for row in _rows(text) if row["id"] == "s1-commas")
    assert row["title"] == "Coffee;'=cmd|' /C calc'!A0"  # the rest as written
    assert row["location"] == "Hall; \"'+1 floor\", '@HOME"
    assert row["note"] == "Bring; '-5 euros,'=SUM(A1)"
    assert row["url"] == "https://example.org/?a=1;'-2"


def test_every_field_is_quoted():
    lines = _csv_with(title="Plain").splitlines()
    for line in lines:
        assert line.startswith('"') and line.endswith('"')
        assert len(next(csv.reader([line]))) == len(COLUMNS)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('=+-@,; "\'\t\r\nab1\u00a0|')), max_size=30),
       st.text(alphabet=st.sampled_from(list('=+-@,; "\'ab')), max_size=12))
def test_no_text_makes_a_formula_cell_whichever_delimiter(title, note):
    title = title.strip() or "x"
    text = _csv_with(title=title, location=note or None, note=note)
    assert _formulas(text) == []
    row = next(row for row in _rows(text) if row["id"] == "s1-commas")
    assert row["title"].replace("'", "") == clean(title).replace("'", "")


# -- the repeated hour, all-day and zero-length sessions, for people ----------------------

def _repeated_hour_and_all_day():
    return berlin_repeated_hour(
        {"id": "noon", "start": datetime(2024, 10, 27, 12, 0, tzinfo=BERLIN),
         "end": datetime(2024, 10, 27, 12, 0, tzinfo=BERLIN)},
        {"id": "fair", "all_day": True, "start": date(2024, 10, 26), "end": date(2024, 10, 28)},
    )


def _export_text(agenda, export_format: ExportFormat) -> str:
    return prepare_export(agenda, _state(agenda), ExportRequest(
        format=export_format, selection=Selection.ALL)).text


def test_markdown_gives_the_utc_offset_only_where_a_time_is_ambiguous_and_says_all_day():
    lines = _export_text(_repeated_hour_and_all_day(), ExportFormat.MD).splitlines()
    saturday = lines.index("## Saturday 26 October 2024")
    sunday = lines.index("## Sunday 27 October 2024")
    assert lines[saturday + 4] == "| all day | Session 3 |  | talk |"
    assert lines[sunday + 3:sunday + 8] == [
        "| --- | --- | --- | --- |",
        "| all day | Session 3 |  | talk |",  # on each of its days, first
        "| 02:30 (UTC+02:00)–02:15 (UTC+01:00) | Session 1 |  | talk |",
        "| 02:30 (UTC+01:00)–03:30 | Session 0 |  | talk |",
        "| 12:00 | Session 2 |  | talk |",  # a moment, as everywhere else
    ]
    assert "Monday 28" not in "\n".join(lines)  # the end is the midnight after its last day


def test_csv_gives_the_utc_offset_only_where_a_time_is_ambiguous_and_days_for_all_day():
    rows = {row["id"]: row for row in _rows(_export_text(_repeated_hour_and_all_day(), ExportFormat.CSV))}
    assert (rows["second"]["start"], rows["second"]["end"]) == (
        "2024-10-27 02:30 (UTC+01:00)", "2024-10-27 03:30")
    assert (rows["across"]["start"], rows["across"]["end"]) == (
        "2024-10-27 02:30 (UTC+02:00)", "2024-10-27 02:15 (UTC+01:00)")
    assert (rows["noon"]["start"], rows["noon"]["end"]) == ("2024-10-27 12:00", "2024-10-27 12:00")
    fair = rows["fair"]
    assert (fair["start"], fair["end"], fair["all_day"]) == ("2024-10-26", "2024-10-27", "yes")
    assert {rows[key]["all_day"] for key in ("second", "across", "noon")} == {"no"}


def test_json_says_whether_a_session_is_all_day():
    sessions = json.loads(_export_text(_repeated_hour_and_all_day(), ExportFormat.JSON))["sessions"]
    assert {record["id"]: record["all_day"] for record in sessions} == {
        "second": False, "across": False, "noon": False, "fair": True}
    fair = next(record for record in sessions if record["id"] == "fair")
    assert (fair["start"], fair["end"]) == ("2024-10-26T00:00:00+02:00", "2024-10-28T00:00:00+01:00")
    # The instants of the repeated hour are exact in ISO 8601.
    second = next(record for record in sessions if record["id"] == "second")
    assert second["start"] == "2024-10-27T02:30:00+01:00"


@pytest.mark.parametrize(("zone", "wall", "shown"), [
    ("America/St_Johns", datetime(2024, 11, 3, 1, 30, fold=1), "01:30 (UTC-03:30)"),
    ("Pacific/Chatham", datetime(2024, 4, 7, 3, 15), "03:15 (UTC+13:45)"),
    ("Europe/Dublin", datetime(2024, 10, 27, 1, 30), "01:30 (UTC+01:00)"),
    ("Europe/Dublin", datetime(2024, 10, 27, 1, 30, fold=1), "01:30 (UTC+00:00)"),
    ("Europe/Dublin", datetime(2024, 10, 27, 2, 30), "02:30"),
])
def test_the_offset_is_shown_in_every_zone_s_own_form(zone, wall, shown):
    assert wall_clock(wall.replace(tzinfo=ZoneInfo(zone)), ZoneInfo(zone)) == shown
