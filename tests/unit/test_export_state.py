"""What the user's state keeps of past iCalendar exports."""

from __future__ import annotations

from export_support import symposium, with_session_changed

from agenda_tui.export import fingerprint, next_records
from agenda_tui.model import ExportRecord
from agenda_tui.state import StateStore


def test_a_state_file_from_before_exports_existed_still_loads(tmp_path):
    path = tmp_path / "genai-physsci-2024.toml"
    path.write_text('schema_version = 1\nconference_id = "genai-physsci-2024"\n'
                    'bookmarks = ["d1-lunch"]\n')
    store = StateStore(path, "genai-physsci-2024")
    assert store.take_warnings() == []
    assert store.state.exports == {}
    assert store.state.bookmarks == ["d1-lunch"]


def test_records_are_saved_and_never_go_back_to_a_lower_sequence(tmp_path):
    path = tmp_path / "genai-physsci-2024.toml"
    store = StateStore(path, "genai-physsci-2024")
    store.set_bookmark("d1-lunch", True)
    store.record_exports({"d1-lunch": ExportRecord(fingerprint="b", sequence=2)})
    # Another instance that had not seen the newer export records an older one.
    store.record_exports({"d1-lunch": ExportRecord(fingerprint="a", sequence=1),
                          "d2-lunch": ExportRecord(fingerprint="c", sequence=0)})
    reread = StateStore(path, "genai-physsci-2024")
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
    assert next_records(agenda, [lunch], {}) == {"d1-lunch": ExportRecord(fingerprint=current)}
    same = {"d1-lunch": ExportRecord(fingerprint=current, sequence=4)}
    assert next_records(agenda, [lunch], same)["d1-lunch"].sequence == 4
    other = {"d1-lunch": ExportRecord(fingerprint="older", sequence=4)}
    assert next_records(agenda, [lunch], other)["d1-lunch"] == ExportRecord(
        fingerprint=current, sequence=5)
