"""Time to first frame and peak memory: each start-up a fresh `python -m bench.first_frame`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT_SECONDS = 180


class BenchError(RuntimeError):
    """A measurement could not be made, or did not show what it should."""


@dataclass
class Subject:
    """One thing to start: `argv` for bench.first_frame ("baseline" or an agenda-tui command line)."""

    key: str
    label: str
    argv: list[str]
    first_frame_ms: list[float] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)
    rows: int | None = None

    @property
    def is_baseline(self) -> bool:
        return self.argv == ["baseline"]


def start_once(subject: Subject, cwd: Path, env: dict[str, str]) -> dict:
    """One start-up in a child process; its JSON line (first_frame_ms, rows, peak_rss_mb)."""
    command = [sys.executable, "-m", "bench.first_frame", *subject.argv]
    child_env = dict(env)
    child_env["BENCH_SPAWNED_NS"] = str(time.monotonic_ns())
    process = subprocess.Popen(command, cwd=cwd, env=child_env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = process.communicate(timeout=START_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
        raise BenchError(f"{subject.label}: no first frame within {START_TIMEOUT_SECONDS} s "
                         f"({' '.join(command)}){_tail(stderr)}") from None
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if process.returncode != 0 or not lines:
        raise BenchError(f"{subject.label}: {' '.join(command)} exited with {process.returncode}"
                         f"{_tail(stderr)}")
    result = json.loads(lines[-1])
    if "first_frame_ms" not in result:
        raise BenchError(f"{subject.label}: the app never sent Ready (no first frame){_tail(stderr)}")
    if not subject.is_baseline and not result.get("rows"):
        raise BenchError(f"{subject.label}: the first frame showed no sessions (rows = "
                         f"{result.get('rows')}): it must show the agenda")
    return result


def measure_startups(subjects: list[Subject], runs: int, *, warm_up: bool, cwd: Path,
                     env: dict[str, str], progress: Callable[[str], None]) -> None:
    """An untimed warm-up start of each subject, then `runs` rounds, subjects interleaved
    (so a slow moment of the machine falls on all of them alike)."""
    if warm_up:
        for subject in subjects:
            progress(f"first frame: warm-up start of {subject.label}")
            start_once(subject, cwd, env)
    for round_number in range(1, runs + 1):
        progress(f"first frame: round {round_number}/{runs}")
        for subject in subjects:
            result = start_once(subject, cwd, env)
            subject.first_frame_ms.append(float(result["first_frame_ms"]))
            subject.peak_rss_mb.append(float(result["peak_rss_mb"]))
            subject.rows = int(result.get("rows") or 0)


def child_environment(home: Path) -> dict[str, str]:
    """The parent's environment with the bench's own user directory and no TEXTUAL_* settings."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("TEXTUAL")}
    env["AGENDA_TUI_HOME"] = str(home)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users run from .pyc files: so do the starts
    return env


def _tail(text: str, lines: int = 15) -> str:
    text = (text or "").strip()
    return ("\n" + "\n".join(text.splitlines()[-lines:])) if text else ""
