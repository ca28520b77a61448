"""The hour the clocks pass twice: instants from the file win, and survive the TOML store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import agenda_tui.clock as clock_module
from agenda_tui.agenda_file import dump_agenda, parse_agenda
from agenda_tui.clock import Clock
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


def test_a_running_clock_started_in_the_repeated_hour_stays_in_it(monkeypatch):
    """`--at` 01:45 UTC on the night Berlin's clocks go back is 02:45 CET, the second
    02:45; as time runs, it goes on from that instant, not from the first 02:45 (CEST)."""
    berlin = ZoneInfo("Europe/Berlin")
    at = utc(2025, 10, 26, 1, 45).astimezone(berlin)
    assert at.strftime("%H:%M %Z") == "02:45 CET"
    ticks = iter([100.0, 100.0, 100.0 + 60, 100.0 + 30 * 60])
    monkeypatch.setattr(clock_module.time, "monotonic", lambda: next(ticks))
    clock = Clock(at)
    now = clock.now()
    assert now == at and now.strftime("%H:%M %Z") == "02:45 CET"
    assert clock.now().astimezone(UTC) == utc(2025, 10, 26, 1, 46)
    later = clock.now()  # half an hour on: 02:15 UTC, 03:15 CET
    assert later.astimezone(UTC) == utc(2025, 10, 26, 2, 15) and later.strftime("%H:%M %Z") == "03:15 CET"


def test_a_running_clock_crosses_the_change_by_real_time(monkeypatch):
    """Started two minutes before 03:00 CEST: two minutes later it is 02:00 CET, an
    hour earlier on the wall, not 03:00 CET (an hour later in real time)."""
    berlin = ZoneInfo("Europe/Berlin")
    at = datetime(2025, 10, 26, 2, 58, tzinfo=berlin)  # fold 0: the first 02:58, CEST
    assert at.strftime("%Z") == "CEST"
    ticks = iter([0.0, 120.0])
    monkeypatch.setattr(clock_module.time, "monotonic", lambda: next(ticks))
    now = Clock(at).now()
    assert now.astimezone(UTC) == utc(2025, 10, 26, 1, 0)
    assert now.strftime("%H:%M %Z") == "02:00 CET" and now.tzinfo is berlin


def test_a_running_clock_skips_the_hour_that_never_was(monkeypatch):
    """In spring, 01:59 CET plus two minutes is 03:01 CEST."""
    berlin = ZoneInfo("Europe/Berlin")
    ticks = iter([0.0, 120.0])
    monkeypatch.setattr(clock_module.time, "monotonic", lambda: next(ticks))
    now = Clock(datetime(2025, 3, 30, 1, 59, tzinfo=berlin)).now()
    assert now.strftime("%H:%M %Z") == "03:01 CEST"
