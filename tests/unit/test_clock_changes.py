"""The hour the clocks pass twice: instants from the file win, and survive the TOML store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agenda_tui.agenda_file import dump_agenda, parse_agenda
from agenda_tui.diff import diff_agendas
from agenda_tui.importing import import_source
from agenda_tui.schedule import conflicts, in_order, now_and_next
from tests.conftest import TEST_DATA

AUTUMN = TEST_DATA / "import" / "frab-dst-autumn.xml"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_import_keeps_each_instant_and_real_durations():
    agenda = import_source(AUTUMN).agenda
    first, second, across = (agenda.sessions_by_id[i] for i in ("first-0230", "second-0230", "across"))
    assert (first.start_utc, first.end_utc) == (utc(2024, 10, 27, 0, 30), utc(2024, 10, 27, 1, 0))
    assert (second.start_utc, second.end_utc) == (utc(2024, 10, 27, 1, 30), utc(2024, 10, 27, 2, 0))
    assert across.end_utc - across.start_utc == timedelta(hours=2)
    assert across.end.strftime("%H:%M %Z") == "02:30 CET"  # 01:30 CEST + 2 h, after the change
    assert [s.id for s in in_order(agenda.sessions)] == ["across", "first-0230", "second-0230"]


def test_the_toml_store_says_which_of_the_two_times_it_means():
    agenda = import_source(AUTUMN).agenda
    text = dump_agenda(agenda)
    assert "2024-10-27T02:30:00+01:00" in text.replace(" ", "T")  # the repeated hour keeps its offset
    again = parse_agenda(text)
    assert again == agenda
    assert [(s.start_utc, s.end_utc) for s in again.sessions] == [
        (s.start_utc, s.end_utc) for s in agenda.sessions]
    assert not diff_agendas(agenda, again)


def test_now_and_conflicts_go_by_real_time():
    agenda = import_source(AUTUMN).agenda
    # 01:45 UTC is the second 02:45 in Berlin: the winter-time session is on, not the first one.
    at = utc(2024, 10, 27, 1, 45).astimezone(agenda.zone)
    assert [s.id for s in now_and_next(agenda, at).now] == ["second-0230"]
    clashes = conflicts(agenda.sessions)
    # 'across' ends (01:30 UTC) as the second 02:30 begins: it overlaps only the first.
    assert {s.id for s in clashes["across"]} == {"first-0230"}
    assert "second-0230" not in clashes
