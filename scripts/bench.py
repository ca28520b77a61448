"""Benchmarks: medians over repeated runs, and ratios against the symposium measured in
the same run (machines here are noisy, so absolute times mean little on their own).

Run: `make bench`. The large agenda is FOSDEM 2025 (943 sessions, 29 rooms) from
../shared/data when present, else a generated agenda of the same size.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from agenda_tui.clock import Clock
from agenda_tui.model import Agenda
from agenda_tui.paths import embedded_agenda_path
from agenda_tui.schedule import conference_days, sessions_on
from agenda_tui.search import SearchIndex
from agenda_tui.state import StateStore
from agenda_tui.store import agenda_from_data, load_agenda, save_agenda
from agenda_tui.tui.app import make_app

REPO = Path(__file__).resolve().parents[1]
FOSDEM = REPO.parent / "shared" / "data" / "fosdem-2025-schedule.xml"
RUNS = 7


def median_seconds(work: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def generated(sessions: int = 943, rooms: int = 29) -> Agenda:
    data = {
        "conference": {"id": "generated", "title": "Generated", "start_date": "2025-02-01",
                       "end_date": "2025-02-02", "timezone": "Europe/Brussels"},
        "speakers": [{"id": f"p{n}", "name": f"Person {n}"} for n in range(sessions)],
        "sessions": [],
    }
    start = datetime(2025, 2, 1, 9, 0)
    for n in range(sessions):
        begin = start + timedelta(days=n % 2, minutes=30 * ((n // 2) // rooms))
        data["sessions"].append({
            "id": f"s{n}", "title": f"Session {n} about rust and python", "location": f"Room {n % rooms}",
            "start": begin, "end": begin + timedelta(minutes=25),
            "people": [{"speaker": f"p{n}"}],
        })
    return agenda_from_data(data, "<generated>")


def large_agenda() -> tuple[str, Agenda]:
    if FOSDEM.is_file():
        from agenda_tui.importing import import_source

        return "FOSDEM 2025", import_source(FOSDEM).agenda
    return "generated (943 sessions)", generated()


async def tui_start_and_search(agenda: Agenda, state_dir: Path) -> tuple[float, float]:
    """Seconds to a mounted app with its day tables filled; seconds for one search keystroke."""
    store = StateStore(state_dir / f"{agenda.conference.id}.toml", agenda.conference.id)
    first_day = conference_days(agenda)[0]
    app = make_app(agenda, store, Clock(sessions_on(agenda, first_day)[0].start, frozen=True))
    started = time.perf_counter()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        ready = time.perf_counter() - started
        view = app.main.active_view
        view.search_box.value = "rust"
        keystroke = median_seconds(view.refresh_rows, runs=5)
    return ready, keystroke


def measure(agenda: Agenda) -> dict[str, float]:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "agenda.toml"
        save_agenda(agenda, path)
        results["load agenda TOML"] = median_seconds(lambda: load_agenda(path))
        results["build search index"] = median_seconds(lambda: SearchIndex(agenda))
        index = SearchIndex(agenda)
        results["search 'pyhton' (typo)"] = median_seconds(lambda: index.filter(agenda.sessions, "pyhton"))
        tui = [asyncio.run(tui_start_and_search(agenda, Path(folder))) for _ in range(3)]
        results["TUI start, tables filled"] = statistics.median(ready for ready, _ in tui)
        results["TUI search keystroke"] = statistics.median(keystroke for _, keystroke in tui)
    return results


def main() -> int:
    baseline = load_agenda(embedded_agenda_path())
    name, large = large_agenda()
    small_results = measure(baseline)
    large_results = measure(large)
    print(f"Medians of {RUNS} runs (TUI: 3 starts). Baseline: the symposium "
          f"({len(baseline.sessions)} sessions); large: {name} ({len(large.sessions)} sessions).")
    print(f"{'measure':<28}{'baseline':>12}{'large':>12}{'ratio':>9}")
    for key, small in small_results.items():
        big = large_results[key]
        print(f"{key:<28}{small * 1000:>10.1f}ms{big * 1000:>10.1f}ms{big / small:>8.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
