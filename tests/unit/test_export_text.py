"""Text in every export keeps its joiners (emoji sequences, Persian and Indic spelling) and
loses only what reorders or hides it: bidi controls."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import icalendar
import pytest
from export_support import NOW, agenda_of, vobject_calendar

from agenda_tui.export import ExportFormat, ExportRequest, Selection, prepare_export
from agenda_tui.state_model import UserState

FLAGS = "🏳️\u200d⚧️🏴\u200d☠️"                     # 38C3: trans flag, pirate flag
PERSIAN = "می\u200cخواهم"                            # ZWNJ inside a Persian word
HINDI = "क्\u200dष"                                   # ZWJ in Devanagari
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200e", "\u200f"]
TITLE = f"{FLAGS} {PERSIAN} {HINDI} \u202eevil\u202c \u2066isolate\u2069"
SHOWN = f"{FLAGS} {PERSIAN} {HINDI} evil isolate"


def _agenda():
    return agenda_of(
        "Europe/Berlin",
        [{"id": "s", "title": TITLE, "location": f"Saal {FLAGS}", "abstract": f"{PERSIAN}\n{FLAGS}",
          "start": datetime(2024, 12, 27, 10, tzinfo=UTC), "end": datetime(2024, 12, 27, 11, tzinfo=UTC),
          "people": [{"speaker": "p"}]}],
        speakers=[{"id": "p", "name": f"{PERSIAN} \u202e{HINDI}"}],
        title=f"38C3 {FLAGS}", venue=f"CCH {PERSIAN}",
    )


def _export(export_format: ExportFormat) -> str:
    agenda = _agenda()
    state = UserState(conference_id=agenda.conference.id, notes={"s": f"note {FLAGS}\u202e"})
    return prepare_export(agenda, state, ExportRequest(format=export_format, selection=Selection.ALL),
                          now=NOW).text


@pytest.mark.parametrize("export_format", list(ExportFormat))
def test_every_export_keeps_joiners_and_strips_bidi_controls(export_format):
    text = _export(export_format)
    unfolded = text.replace("\r\n ", "")
    for kept in (FLAGS, PERSIAN, HINDI):
        assert kept in unfolded, (export_format, kept)
    assert not [control for control in BIDI if control in text], export_format


def test_csv_and_markdown_cells_are_the_text_without_its_bidi_controls():
    rows = list(csv.DictReader(io.StringIO(_export(ExportFormat.CSV))))
    assert rows[0]["title"] == SHOWN
    assert rows[0]["location"] == f"Saal {FLAGS}"
    assert rows[0]["note"] == f"note {FLAGS}"
    assert f"| {SHOWN} |" in _export(ExportFormat.MD)


def test_json_keeps_the_text_whole_and_bidi_controls_only_as_escapes():
    text = _export(ExportFormat.JSON)
    assert "\\u202e" in text
    (session,) = json.loads(text)["sessions"]
    assert session["title"] == TITLE


def test_both_ical_readers_read_the_joined_text_back():
    text = _export(ExportFormat.ICS)
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(event["SUMMARY"]) == SHOWN
    assert str(event["LOCATION"]) == f"Saal {FLAGS}"
    assert f"{PERSIAN}\n{FLAGS}" in str(event["DESCRIPTION"])
    parsed = vobject_calendar(text).vevent
    assert parsed.summary.value == SHOWN
    assert parsed.contents["x-agenda-tui-abstract"][0].value == f"{PERSIAN}\n{FLAGS}"
