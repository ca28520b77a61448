"""One headless start-up, in a child process:
`python -m bench.first_frame (baseline ROWS.json | ARGV...)`.

The parent passes `BENCH_SPAWNED_NS`, its `time.monotonic_ns()` just before starting
this process, so the time reported runs from process start (interpreter and imports
included) to the first frame that shows rows: Textual's `Ready` event (sent once the
first frame has been composited) if the table on show had its rows then, else the first
frame output after they arrived (`empty_first_frame` is then true: the user saw a frame
without them). ARGV is an agenda-tui command line, run through the installed command's
entry point (`agenda_tui.launch.main`) with only `App.run` swapped for a headless
`run_test`. Prints one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import sys
import time

SIZE = (160, 45)
ROWS_TIMEOUT_SECONDS = 120.0
SETTLE_SECONDS = 1.5


def main(argv: list[str]) -> None:
    if argv[:1] != ["baseline"]:
        # As the installed command does before its first import (this module imports
        # Textual before calling it): collection paused, dataclasses' methods from the cache.
        from agenda_tui.launch import prepare_process

        prepare_process()
    from textual import events
    from textual.app import App

    ready: dict[str, float | int | bool] = {}
    _app: App | None = None

    def elapsed_ms() -> float:
        return (time.monotonic_ns() - int(os.environ["BENCH_SPAWNED_NS"])) / 1e6

    def on_message(message) -> None:
        if isinstance(message, events.Ready) and "ready_ms" not in ready:
            ready["ready_ms"] = elapsed_ms()
            ready["rows"] = _rows_on_screen(_app)
            ready["empty_first_frame"] = not ready["rows"]
            if ready["rows"]:
                ready["first_frame_ms"] = ready["ready_ms"]

    def headless_run(self: App, *args, **kwargs) -> None:
        nonlocal _app
        _app = self
        original_display = self._display

        def display(screen, renderable) -> None:
            original_display(screen, renderable)
            if "ready_ms" in ready and "first_frame_ms" not in ready:
                rows = _rows_on_screen(self)
                if rows:
                    ready["first_frame_ms"], ready["rows"] = elapsed_ms(), rows

        self._display = display

        async def run() -> None:
            async with self.run_test(size=SIZE, message_hook=on_message) as pilot:
                deadline = time.monotonic() + ROWS_TIMEOUT_SECONDS
                await pilot.pause()
                while "first_frame_ms" not in ready and time.monotonic() < deadline:
                    await pilot.pause(0.01)
                # What follows the first frame (the other tabs mounted, background work,
                # the search index made a step at a time) is let finish before quitting:
                # the peak memory is a settled app's.
                await pilot.pause(SETTLE_SECONDS)
                while _search_in_the_making(self) and time.monotonic() < deadline:
                    await pilot.pause(0.05)
                await self.workers.wait_for_complete()
                await pilot.pause()

        asyncio.run(run())

    App.run = headless_run
    if argv[:1] == ["baseline"]:
        from pathlib import Path

        from bench.baseline import BaselineApp

        BaselineApp(Path(argv[1]) if len(argv) > 1 else None).run()
    else:
        from agenda_tui.launch import main as cli_main

        try:
            cli_main(argv)
        except SystemExit as exit:
            if exit.code:
                raise
    ready["peak_rss_mb"] = _peak_rss_mb()
    print(json.dumps(ready))


def _search_in_the_making(app) -> bool:
    """Whether a day view of agenda-tui's is still making what its search needs (the
    bare baseline has no day view)."""
    return any(view.search_in_the_making for view in app.screen.query("DayTab"))


def _peak_rss_mb() -> float:
    """This process's peak resident memory, in MiB.

    Linux's VmHWM belongs to the address space `exec` made for this program; `ru_maxrss`
    would not do: Linux carries the peak of the process that spawned this one across
    exec (the bench's own, with agendas loaded, when spawned with vfork)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def _rows_on_screen(app) -> int:
    """Rows in the session table on show at the first frame: proof the frame held the agenda.

    agenda-tui says which day view is on show (its table may be any widget with a
    `row_count`); elsewhere (the baseline), the DataTables on screen."""
    from textual.widgets import DataTable

    view = getattr(getattr(app, "main", None), "active_view", None)
    if view is not None:
        return view.table.row_count
    tables = [table for table in app.screen.query(DataTable) if table.display and table.region]
    return sum(table.row_count for table in tables)


if __name__ == "__main__":
    main(sys.argv[1:])
