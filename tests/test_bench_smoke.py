"""`python -m bench --quick` runs end to end and writes its results; the bare baseline and
the pseudo-terminal runner do what they say. No timing is checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# One size (the symposium) and the baseline: every kind of figure appears once.
EXPECTED = (
    "screen.symposium", "screen_cold.symposium", "first_frame.symposium", "peak_rss.symposium",
    "command.list", "command.now",
    "load.cold.symposium", "search.symposium", "search_box.symposium", "tabs.symposium", "now_open.symposium",
    "now_keys.symposium", "scroll.symposium", "bookmark.symposium", "bookmark_paint.symposium",
    "ics_export.symposium", "grid_open.symposium", "grid_toggle.symposium", "grid_keys.symposium",
    "grid_zoom.symposium",
)


def test_quick_bench_runs_and_writes_every_figure(tmp_path):
    output = tmp_path / "r.json"
    env = dict(os.environ, AGENDA_TUI_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-m", "bench", "--quick", "--output", str(output)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "first frame" in done.stdout and "Bench wall time" in done.stdout

    report = json.loads(output.read_text(encoding="utf-8"))
    assert {"machine", "options", "subjects", "results", "skipped", "wall_time_s"} <= report.keys()
    assert {"python", "textual", "platform", "cpu_count", "date"} <= report["machine"].keys()
    assert report["options"]["quick"] is True and report["options"]["runs"] == 1
    assert report["subjects"]["symposium"]["sessions"] > 0
    results = report["results"]
    assert set(EXPECTED) <= results.keys()
    for key in EXPECTED:
        figure = results[key]
        assert {"measure", "subject", "unit", "median", "baseline", "ratio", "samples"} <= figure.keys()
        assert figure["samples"] and all(sample > 0 for sample in figure["samples"]), key
        assert figure["median"] > 0 and figure["baseline"] > 0 and figure["ratio"] > 0, key
    assert results["first_frame.symposium"]["notes"]["rows_at_first_frame"] > 0
    assert {"target", "met"} <= results["screen.symposium"].keys()
    for key in ("search.symposium", "search_box.symposium", "tabs.symposium", "now_open.symposium",
                "scroll.symposium", "bookmark.symposium", "bookmark_paint.symposium"):
        assert results[key]["p95"] >= results[key]["median"] > 0, key
    assert report["wall_time_s"] > 0


def _symposium_titles_and_rows(tmp_path: Path) -> tuple[list[str], Path]:
    from agenda_tui.agenda_file import load_agenda
    from agenda_tui.paths import embedded_agenda_path
    from agenda_tui.schedule import conference_days, sessions_on
    from bench.baseline import write_rows

    agenda = load_agenda(embedded_agenda_path())
    first_day = conference_days(agenda)[0]
    return ([str(session.title) for session in sessions_on(agenda, first_day)],
            write_rows(agenda, tmp_path / "rows.json"))


def test_the_bare_baseline_shows_the_agendas_rows_in_a_terminal(tmp_path):
    """The baseline started as the bench starts it, in a 120x40 pseudo-terminal: its
    screen is complete once the first day's titles are on it; it quits on `q`."""
    from bench.terminal import CompleteScreen, start_in_terminal

    titles, rows = _symposium_titles_and_rows(tmp_path)
    env = dict(os.environ, AGENDA_TUI_HOME=str(tmp_path / "home"))
    start = start_in_terminal([sys.executable, "-m", "bench.baseline", str(rows)], env=env, cwd=REPO,
                              complete=CompleteScreen.of(titles, detail=False), timeout=120)
    screen = "\n".join(start.screen)
    assert start.complete_ms > 0
    assert sum(title[:16] in screen for title in titles) >= 3
    # Bare: the header, the day tabs, the table and the footer; no search box, no detail.
    assert "Search" not in screen and "Thu 14 Mar" in screen and "Fri 15 Mar" in screen


def test_agenda_tui_in_a_terminal_is_complete_with_its_rows_and_detail(tmp_path):
    """agenda-tui in the pseudo-terminal: the screen counts as complete only with the
    day's rows and the detail pane's heading (a title on a line of its own)."""
    from bench.terminal import CompleteScreen, start_in_terminal

    titles, _ = _symposium_titles_and_rows(tmp_path)
    complete = CompleteScreen.of(titles, detail=True)
    env = dict(os.environ, AGENDA_TUI_HOME=str(tmp_path / "home"))
    command = [str(Path(sys.executable).parent / "agenda-tui"), "--state-dir", str(tmp_path / "state"),
               "--at", "2024-03-14T10:00"]
    start = start_in_terminal(command, env=env, cwd=REPO, complete=complete, timeout=120)
    assert complete.rows_seen(start.screen) >= 3 and complete.detail_seen(start.screen)


def test_a_screen_of_rows_without_the_detail_is_not_complete():
    from bench.terminal import CompleteScreen

    complete = CompleteScreen.of(["Opening keynote on things", "Coffee Break", "Lunch Break",
                                  "Closing remarks, all"], detail=True)
    rows = [" 09:00–10:00  Opening keynote on things", " 10:00–10:30  Coffee Break",
            " 12:00–13:00  Lunch Break"]
    assert complete.rows_seen(rows) == 3 and not complete(rows)
    assert complete([*rows, "", " Opening keynote on things", " Thu 09:00–10:00"])
    assert not complete(rows[:2] + [" Opening keynote on things"])
    assert not CompleteScreen.of(["Coffee Break"], detail=False)(["Coffee Break"])  # no time: no row
