"""Agenda load and validation, import of published schedules, and iCalendar export."""

from __future__ import annotations

import inspect
import json
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.stats import timed_ms


def loader() -> tuple[Callable[[Path], object], Callable[[Path], object], bool]:
    """`load_agenda` without and with its cache; False when it has no `cache` keyword yet
    (both are then the plain load)."""
    from agenda_tui.agenda_file import load_agenda

    if "cache" in inspect.signature(load_agenda).parameters:
        return (lambda path: load_agenda(path, cache=False)), load_agenda, True
    return load_agenda, load_agenda, False


def measure_load(path: Path, runs: int, *, warm_up: bool) -> dict[str, list[float]]:
    """Milliseconds: `cold` (TOML to validated models), `warm` (the default load, its cache
    filled by an untimed load first) and `parse` (tomllib.loads of the same text: the floor)."""
    cold, warm, has_cache = loader()
    text = path.read_text(encoding="utf-8")
    parse = timed_ms(lambda: tomllib.loads(text), runs, warm_up=warm_up)
    cold_samples = timed_ms(lambda: cold(path), runs, warm_up=warm_up)
    warm_samples = timed_ms(lambda: warm(path), runs, warm_up=True) if has_cache else None
    return {"cold": cold_samples, "warm": warm_samples, "parse": parse}


def measure_import(path: Path, runs: int, *, warm_up: bool,
                   timezone: str | None = None) -> dict[str, list[float] | int]:
    """Milliseconds of `import_source` on the file, and of parsing its bytes alone
    (defusedxml's ElementTree for XML, json.loads for JSON); the session count."""
    from defusedxml import ElementTree

    from agenda_tui.importing import import_source

    data = path.read_bytes()
    parse = (lambda: json.loads(data)) if path.suffix == ".json" else (
        lambda: ElementTree.fromstring(data))
    sessions = len(import_source(path, timezone=timezone).agenda.sessions)
    return {
        "import": timed_ms(lambda: import_source(path, timezone=timezone), runs, warm_up=warm_up),
        "parse": timed_ms(parse, runs, warm_up=warm_up),
        "sessions": sessions,
    }


def measure_ics_export(agenda_path: Path, state_dir: Path, runs: int, *, count: int = 1000,
                       warm_up: bool) -> dict[str, list[float] | int]:
    """Milliseconds to produce the .ics text of `count` bookmarked sessions through
    `prepare_export`, and to build `count` minimal VEVENTs with icalendar alone."""
    from agenda_tui.agenda_file import load_agenda
    from agenda_tui.export import ExportFormat, ExportRequest, prepare_export
    from agenda_tui.state_file import StateFile

    agenda = load_agenda(agenda_path)
    step = max(1, len(agenda.sessions) // count)
    chosen = [session.id for session in agenda.sessions[::step][:count]]
    store = StateFile(state_dir / f"{agenda.conference.id}.toml", agenda.conference.id)
    store.set_bookmarks(chosen, True)
    request = ExportRequest(format=ExportFormat.ICS)
    now = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
    prepared = prepare_export(agenda, store.state, request, now=now)
    if prepared.count != len(chosen) or prepared.text.count("BEGIN:VEVENT") != len(chosen):
        raise AssertionError(f"the export holds {prepared.count} sessions, not the "
                             f"{len(chosen)} bookmarked")
    export = timed_ms(lambda: prepare_export(agenda, store.state, request, now=now), runs,
                      warm_up=warm_up)
    floor = timed_ms(lambda: minimal_calendar(len(chosen)), runs, warm_up=warm_up)
    return {"export": export, "floor": floor, "sessions": len(chosen)}


def minimal_calendar(count: int) -> bytes:
    """`count` VEVENTs with uid, dtstart, dtend and summary only: icalendar's own cost."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//agenda-tui bench//EN")
    calendar.add("version", "2.0")
    start = datetime(2025, 2, 1, 9, 0, tzinfo=UTC)
    for number in range(count):
        event = Event()
        event.add("uid", f"s{number}@bench")
        event.add("dtstart", start + timedelta(minutes=30 * number))
        event.add("dtend", start + timedelta(minutes=30 * number + 25))
        event.add("summary", f"Session {number}")
        calendar.add_component(event)
    return calendar.to_ical()
