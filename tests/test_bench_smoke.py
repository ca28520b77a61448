"""`python -m bench --quick` runs end to end and writes its results; no timing is checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# One size (the symposium) and the baseline: every kind of figure appears once.
EXPECTED = (
    "first_frame.baseline", "first_frame.symposium", "peak_rss.baseline", "peak_rss.symposium",
    "load.cold.symposium", "search.symposium", "tabs.symposium", "scroll.symposium",
    "bookmark.symposium", "ics_export.symposium", "grid_open.symposium", "grid_toggle.symposium",
    "grid_keys.symposium",
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
    for key in ("search.symposium", "tabs.symposium", "scroll.symposium", "bookmark.symposium"):
        assert results[key]["p95"] >= results[key]["median"] > 0, key
    assert report["wall_time_s"] > 0
