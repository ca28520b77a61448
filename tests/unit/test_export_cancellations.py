"""Cancellations reach calendars: a session exported to iCalendar that has since left the
agenda, or the bookmarks, is exported once more as cancelled, with a higher SEQUENCE."""

from __future__ import annotations

import dataclasses
import tomllib
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from export_support import NOW, agenda_of, assert_read_back, expected_instants, read_back, symposium
from pydantic import BaseModel

from agenda_tui.export import ExportRequest, Selection, export_to_file
from agenda_tui.model import Agenda
from agenda_tui.state_file import StateFile
from agenda_tui.state_model import ExportRecord

SCAIFE, LUNCH, KAPLAN = "d1-scaife-astrophysics", "d1-lunch", "d2-kaplan-fireside"


def _without(agenda: Agenda, *session_ids: str) -> Agenda:
    """The agenda as a newer version that cancelled these sessions."""
    return dataclasses.replace(agenda, sessions=[session for session in agenda.sessions
                                                  if session.id not in session_ids])


class Exporter:
    """Exports to one file, as a subscribed calendar would read it, through one state."""

    def __init__(self, tmp_path, conference_id="genai-physsci-2024"):
        self.state_file = tmp_path / "state" / f"{conference_id}.toml"
        self.store = StateFile(self.state_file, conference_id)
        self.out = tmp_path / "schedule.ics"

    def export(self, agenda: Agenda, selection=Selection.BOOKMARKED, day=None):
        self.outcome = export_to_file(agenda, self.store, ExportRequest(
            selection=selection, day=day, path=self.out), now=NOW)
        return self.events()

    def text(self) -> str:
        return self.out.read_text(encoding="utf-8")

    def events(self) -> dict[str, tuple[str, int]]:
        """{session id: (STATUS or "", SEQUENCE)} of the last export (read by both readers)."""
        read_back(self.text())
        return {str(event["UID"]).split("@")[0]: (str(event.get("STATUS", "")), int(event["SEQUENCE"]))
                for event in icalendar.Calendar.from_ical(self.text()).walk("VEVENT")}


def _bookmarks_exported(tmp_path, *session_ids: str) -> tuple[Agenda, Exporter]:
    """The symposium, with `session_ids` bookmarked and exported once."""
    agenda = symposium()
    exporter = Exporter(tmp_path)
    exporter.store.set_bookmarks(session_ids, True)
    exporter.export(agenda)
    return agenda, exporter


def test_a_bookmarked_session_cancelled_from_the_agenda_is_sent_once_as_cancelled(tmp_path):
    agenda = symposium()
    exporter = Exporter(tmp_path)
    exporter.store.set_bookmarks([SCAIFE, LUNCH], True)
    assert exporter.export(agenda) == {SCAIFE: ("", 0), LUNCH: ("", 0)}

    update = _without(agenda, LUNCH)
    assert exporter.export(update) == {SCAIFE: ("", 0), LUNCH: ("CANCELLED", 1)}
    assert exporter.outcome.count == 1 and exporter.outcome.cancelled == 1
    # The cancelled event is where the calendar has it, for both readers.
    lunch = agenda.sessions_by_id[LUNCH]
    assert_read_back(exporter.text(), expected_instants(agenda, [agenda.sessions_by_id[SCAIFE], lunch]))
    cancelled = next(event for event in icalendar.Calendar.from_ical(exporter.text()).walk("VEVENT")
                     if "STATUS" in event)
    assert str(cancelled["SUMMARY"]) == lunch.title
    assert str(cancelled["UID"]) == f"{LUNCH}@genai-physsci-2024.agenda-tui"

    # Sent once: the next export no longer carries it; another instance knows it too.
    assert exporter.export(update) == {SCAIFE: ("", 0)}
    assert StateFile(exporter.state_file, "genai-physsci-2024").state.exports[LUNCH].cancelled


def test_an_unbookmarked_session_is_cancelled_and_comes_back_higher_when_bookmarked_again(tmp_path):
    agenda, exporter = _bookmarks_exported(tmp_path, SCAIFE, LUNCH)

    exporter.store.set_bookmark(LUNCH, False)
    assert exporter.export(agenda) == {SCAIFE: ("", 0), LUNCH: ("CANCELLED", 1)}
    assert exporter.export(agenda) == {SCAIFE: ("", 0)}

    exporter.store.set_bookmark(LUNCH, True)
    assert exporter.export(agenda) == {SCAIFE: ("", 0), LUNCH: ("", 2)}
    assert_read_back(exporter.text(), expected_instants(agenda, [agenda.sessions_by_id[SCAIFE],
                                                                 agenda.sessions_by_id[LUNCH]]))


def test_a_moved_session_still_gets_a_higher_sequence(tmp_path):
    agenda, exporter = _bookmarks_exported(tmp_path, LUNCH)
    lunch = agenda.sessions_by_id[LUNCH]
    moved = dataclasses.replace(agenda, sessions=[
        dataclasses.replace(session, start=lunch.start + timedelta(hours=1),
                            end=lunch.end + timedelta(hours=1))
        if session.id == LUNCH else session for session in agenda.sessions])
    assert exporter.export(moved) == {LUNCH: ("", 1)}


def test_all_cancels_what_left_the_agenda_whichever_export_sent_it_and_nothing_else(tmp_path):
    agenda = symposium()
    exporter = Exporter(tmp_path)
    exporter.store.set_bookmarks([KAPLAN], True)
    exporter.export(agenda)                                # KAPLAN sent as a bookmark
    exporter.export(agenda, Selection.ALL)                 # every session, LUNCH among them
    exporter.store.set_bookmark(KAPLAN, False)             # un-bookmarked: still in the agenda

    events = exporter.export(_without(agenda, LUNCH, KAPLAN), Selection.ALL)
    assert events.pop(LUNCH) == ("CANCELLED", 1)
    assert events.pop(KAPLAN) == ("CANCELLED", 1)
    assert set(events.values()) == {("", 0)} and len(events) == 14

    # A cancellation is sent once, whichever kind of export sent it.
    exporter.store.set_bookmark(SCAIFE, True)
    assert exporter.export(_without(agenda, LUNCH, KAPLAN)) == {SCAIFE: ("", 0)}


def test_a_cancellation_is_sent_once_when_the_exports_take_turns(tmp_path):
    agenda, exporter = _bookmarks_exported(tmp_path, SCAIFE, LUNCH)
    exporter.store.set_bookmark(LUNCH, False)
    assert exporter.export(agenda, Selection.ALL)[LUNCH] == ("", 0)  # still in the agenda
    assert exporter.export(agenda)[LUNCH] == ("CANCELLED", 1)
    assert exporter.export(agenda, Selection.ALL)[LUNCH] == ("", 2)  # sent again: higher
    assert exporter.export(agenda) == {SCAIFE: ("", 0)}              # not cancelled twice


def test_a_bookmarks_export_leaves_alone_what_only_all_sent(tmp_path):
    agenda = symposium()
    exporter = Exporter(tmp_path)
    exporter.export(agenda, Selection.ALL)
    exporter.store.set_bookmarks([SCAIFE], True)
    assert exporter.export(agenda) == {SCAIFE: ("", 0)}


def test_with_nothing_bookmarked_every_session_is_exported_and_a_later_bookmark_cancels_the_rest(tmp_path):
    agenda = symposium()
    exporter = Exporter(tmp_path)
    assert len(exporter.export(agenda)) == 16  # nothing bookmarked: all, as before
    exporter.store.set_bookmarks([SCAIFE], True)
    events = exporter.export(agenda)
    assert events.pop(SCAIFE) == ("", 0)
    assert set(events.values()) == {("CANCELLED", 1)} and len(events) == 15


def test_a_day_export_cancels_what_left_the_agenda_from_that_day_only(tmp_path):
    agenda = symposium()
    exporter = Exporter(tmp_path)
    exporter.export(agenda, Selection.ALL)
    update = _without(agenda, LUNCH, KAPLAN)  # one of day 1, one of day 2
    events = exporter.export(update, Selection.DAY, date(2024, 3, 15))
    assert events.pop(KAPLAN) == ("CANCELLED", 1)
    assert LUNCH not in events and set(events.values()) == {("", 0)}
    events = exporter.export(update, Selection.DAY, date(2024, 3, 14))
    assert events.pop(LUNCH) == ("CANCELLED", 1)


def test_a_cancelled_all_day_session_is_cancelled_as_dates(tmp_path):
    sessions = [{"id": "expo", "all_day": True, "start": date(2024, 3, 9), "end": date(2024, 3, 11)},
                {"id": "talk", "start": datetime(2024, 3, 9, 15, tzinfo=UTC),
                 "end": datetime(2024, 3, 9, 16, tzinfo=UTC)}]
    agenda = agenda_of("America/New_York", sessions)
    exporter = Exporter(tmp_path, "zones")
    exporter.export(agenda, Selection.ALL)
    assert exporter.export(_without(agenda, "expo"), Selection.ALL)["expo"] == ("CANCELLED", 1)
    assert "DTSTART;VALUE=DATE:20240309" in exporter.text()
    assert "DTEND;VALUE=DATE:20240311" in exporter.text()
    assert_read_back(exporter.text(), expected_instants(agenda))


# -- the state it keeps ---------------------------------------------------------------------


def test_a_record_keeps_what_a_cancellation_needs_and_an_older_version_still_reads_it(tmp_path):
    agenda = symposium()
    exporter = Exporter(tmp_path)
    exporter.store.set_bookmarks([SCAIFE], True)
    exporter.export(agenda)
    data = tomllib.loads(exporter.state_file.read_text())
    record = data["exports"][SCAIFE]
    assert record["title"] == agenda.sessions_by_id[SCAIFE].title
    assert datetime.fromisoformat(record["start"]) == datetime(2024, 3, 14, 13, 30, tzinfo=UTC)
    assert record["days"] == ["2024-03-14"] and record["bookmarked"] is True
    # Keys at their default are not written: the file is read and written at every change.
    assert set(record) == {"fingerprint", "sequence", "title", "start", "end", "days", "bookmarked"}

    class OlderExportRecord(BaseModel):  # ExportRecord as the version before this one had it
        fingerprint: str
        sequence: int = 0

    assert OlderExportRecord.model_validate(record).sequence == 0


def test_records_of_an_older_version_cancel_nothing_and_break_nothing(tmp_path):
    path = tmp_path / "state" / "genai-physsci-2024.toml"
    path.parent.mkdir()
    path.write_text('schema_version = 1\nconference_id = "genai-physsci-2024"\n'
                    'bookmarks = ["d1-scaife-astrophysics"]\n'
                    '[exports.d1-lunch]\nfingerprint = "x"\nsequence = 3\n')
    exporter = Exporter(tmp_path)
    assert exporter.export(_without(symposium(), LUNCH), Selection.ALL) == {
        session.id: ("", 0) for session in _without(symposium(), LUNCH).sessions}


def test_a_sequence_out_of_rfc_5545_s_range_is_repaired(tmp_path):
    path = tmp_path / "state" / "genai-physsci-2024.toml"
    path.parent.mkdir()
    path.write_text('schema_version = 1\nconference_id = "genai-physsci-2024"\n'
                    f'[exports.d1-lunch]\nfingerprint = "moved"\nsequence = {2**64}\n'
                    '[exports.d1-scaife-astrophysics]\nfingerprint = "moved"\nsequence = -7\n')
    exporter = Exporter(tmp_path)
    assert exporter.store.take_warnings() == []
    events = exporter.export(symposium(), Selection.ALL)
    assert events[LUNCH] == ("", ExportRecord.MAX_SEQUENCE)  # as high as it goes
    assert events[SCAIFE] == ("", 1)
    assert all(0 <= sequence <= ExportRecord.MAX_SEQUENCE for _, sequence in events.values())
    assert_read_back(exporter.text(), expected_instants(symposium()))
    saved = tomllib.loads(path.read_text())["exports"]
    assert (saved[LUNCH]["sequence"], saved[SCAIFE]["sequence"]) == (ExportRecord.MAX_SEQUENCE, 1)


@pytest.mark.parametrize("record", [
    'all_day = true\ndays = [9999-12-31]',
    'start = 0001-01-01T00:00:00+05:00\nend = 0001-01-01T01:00:00+05:00',
    'start = 2024-03-14T10:00:00\nend = 2024-03-14T11:00:00',  # no offset: which instant?
])
def test_a_record_with_times_out_of_range_or_without_offset_is_set_aside_not_a_crash(tmp_path, record):
    path = tmp_path / "state" / "genai-physsci-2024.toml"
    path.parent.mkdir()
    path.write_text('schema_version = 1\nconference_id = "genai-physsci-2024"\n'
                    'bookmarks = ["d1-scaife-astrophysics"]\n'
                    f'[exports.gone]\nfingerprint = "f"\nsequence = 1\ntitle = "Gone"\n'
                    f'bookmarked = true\n{record}\n')
    exporter = Exporter(tmp_path)
    assert "exports.gone" in exporter.store.take_warnings()[0]
    events = exporter.export(symposium(), Selection.BOOKMARKED)
    assert "gone" not in events


def test_a_session_at_the_end_of_the_supported_years_exports_again_and_again(tmp_path):
    from agenda_tui.agenda_file import parse_agenda

    agenda = parse_agenda('[conference]\nid = "edge"\ntitle = "Edge"\nstart_date = 2999-12-31\n'
                          'end_date = 2999-12-31\ntimezone = "Etc/GMT+12"\n[[sessions]]\nid = "a"\n'
                          'start = 2999-12-31T23:00:00\nend = 2999-12-31T23:59:00\ntitle = "Last"\n')
    exporter = Exporter(tmp_path, conference_id="edge")
    for _ in range(3):  # in UTC it is the year 3000: recorded, read back, exported again
        assert exporter.export(agenda, Selection.ALL) == {"a": ("", 0)}
        assert exporter.store.take_warnings() == []
