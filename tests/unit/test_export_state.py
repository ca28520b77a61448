"""What the user's state keeps of past iCalendar exports."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from export_support import symposium, with_session_changed

from agenda_tui.export import fingerprint, next_records
from agenda_tui.state_file import StateFile
from agenda_tui.state_model import ExportRecord


def test_a_state_file_from_before_exports_existed_still_loads(tmp_path):
    path = tmp_path / "genai-physsci-2024.toml"
    path.write_text('schema_version = 1\nconference_id = "genai-physsci-2024"\n'
                    'bookmarks = ["d1-lunch"]\n')
    store = StateFile(path, "genai-physsci-2024")
    assert store.take_warnings() == []
    assert store.state.exports == {}
    assert store.state.bookmarks == ["d1-lunch"]


def test_records_are_saved_and_never_go_back_to_a_lower_sequence(tmp_path):
    path = tmp_path / "genai-physsci-2024.toml"
    store = StateFile(path, "genai-physsci-2024")
    store.set_bookmark("d1-lunch", True)
    store.record_exports({"d1-lunch": ExportRecord(fingerprint="b", sequence=2)})
    # Another instance that had not seen the newer export records an older one.
    store.record_exports({"d1-lunch": ExportRecord(fingerprint="a", sequence=1),
                          "d2-lunch": ExportRecord(fingerprint="c", sequence=0)})
    reread = StateFile(path, "genai-physsci-2024")
    assert reread.state.exports == {
        "d1-lunch": ExportRecord(fingerprint="b", sequence=2),
        "d2-lunch": ExportRecord(fingerprint="c", sequence=0),
    }
    assert reread.state.bookmarks == ["d1-lunch"]  # nothing else was lost


def test_fingerprint_covers_time_title_and_place_only():
    agenda = symposium()
    lunch = agenda.sessions_by_id["d1-lunch"]
    base = fingerprint(agenda, lunch)
    assert fingerprint(symposium(), symposium().sessions_by_id["d1-lunch"]) == base
    for change in ({"title": "Lunch"}, {"location": "Room 1"}, {"virtual": True},
                   {"start": lunch.start.replace(minute=15)}, {"end": lunch.end.replace(minute=45)}):
        changed = with_session_changed(agenda, "d1-lunch", **change)
        assert fingerprint(changed, changed.sessions_by_id["d1-lunch"]) != base, change
    for change in ({"abstract": "Food."}, {"url": "https://example.org"}):
        changed = with_session_changed(agenda, "d1-lunch", **change)
        assert fingerprint(changed, changed.sessions_by_id["d1-lunch"]) == base, change


def test_next_records_counts_up_from_the_last_export():
    agenda = symposium()
    lunch = agenda.sessions_by_id["d1-lunch"]
    current = fingerprint(agenda, lunch)
    first = next_records(agenda, [lunch], {})["d1-lunch"]
    assert (first.fingerprint, first.sequence) == (current, 0)
    assert not first.bookmarked and not first.cancelled
    assert (first.title, first.start, first.end, first.days) == (
        "Lunch Break", lunch.start_utc, lunch.end_utc, [lunch.conference_day])
    same = {"d1-lunch": ExportRecord(fingerprint=current, sequence=4)}
    assert next_records(agenda, [lunch], same)["d1-lunch"].sequence == 4
    other = {"d1-lunch": ExportRecord(fingerprint="older", sequence=4)}
    assert next_records(agenda, [lunch], other)["d1-lunch"].sequence == 5
    # Sent again after a cancellation: higher, even unchanged.
    cancelled = {"d1-lunch": ExportRecord(fingerprint=current, sequence=4, cancelled=True)}
    assert next_records(agenda, [lunch], cancelled)["d1-lunch"].sequence == 5


def test_an_export_other_than_the_bookmarks_keeps_the_mark_of_the_last_bookmarks_export():
    agenda = symposium()
    lunch = agenda.sessions_by_id["d1-lunch"]
    marked = next_records(agenda, [lunch], {}, bookmarks_export=True)
    assert marked["d1-lunch"].bookmarked
    assert next_records(agenda, [lunch], marked)["d1-lunch"].bookmarked
    assert not next_records(agenda, [lunch], {})["d1-lunch"].bookmarked


def test_the_fingerprint_of_an_all_day_session_differs_from_the_same_midnights_timed():
    agenda = symposium()
    lunch = agenda.sessions_by_id["d1-lunch"]
    midnight = lunch.start.replace(hour=0, minute=0)
    timed = dataclasses.replace(lunch, start=midnight, end=midnight + timedelta(days=1))
    all_day = dataclasses.replace(timed, all_day=True)
    assert fingerprint(agenda, timed) != fingerprint(agenda, all_day)
