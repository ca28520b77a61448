"""Start-ups, each a new process: headless (`python -m bench.first_frame`: first frame
with rows, peak memory) and in a real pseudo-terminal (bench.terminal: the first
complete screen), warm (the bench's user directory, its caches filled) or cold (a new,
empty user directory and state folder for each sample)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT_SECONDS = 180
FRESH = "@FRESH@"  # in a cold start's command: its new, empty directory


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
    empty_first_frames: int = 0

    @property
    def is_baseline(self) -> bool:
        return self.argv[:1] == ["baseline"]


@dataclass
class TerminalSubject:
    """One thing to start in a pseudo-terminal: `command` in full; `complete` decides from
    the emulated screen when it is complete; `cold`: a new user directory each time (the
    command's FRESH stands for it)."""

    key: str
    label: str
    command: list[str]
    complete: Callable[[list[str]], bool]
    cold: bool = False
    complete_ms: list[float] = field(default_factory=list)
    last_screen: list[str] = field(default_factory=list)


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
    if "ready_ms" not in result:
        raise BenchError(f"{subject.label}: the app never sent Ready (no first frame){_tail(stderr)}")
    if "first_frame_ms" not in result or not result.get("rows"):
        raise BenchError(f"{subject.label}: no frame showed sessions (rows = "
                         f"{result.get('rows')}): it must show the agenda")
    return result


def start_in_terminal_once(subject: TerminalSubject, cwd: Path, env: dict[str, str],
                           fresh: Path) -> float:
    """One start in a pseudo-terminal: milliseconds to its complete screen."""
    from bench.terminal import TerminalError, start_in_terminal

    command, child_env = subject.command, env
    if subject.cold:
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        command = [part.replace(FRESH, str(fresh)) for part in command]
        child_env = dict(env, AGENDA_TUI_HOME=str(fresh / "home"))
    try:
        start = start_in_terminal(command, env=child_env, cwd=cwd, complete=subject.complete,
                                  timeout=START_TIMEOUT_SECONDS)
    except TerminalError as error:
        raise BenchError(f"{subject.label} in a terminal ({' '.join(command)}): {error}") from None
    finally:
        if subject.cold:
            shutil.rmtree(fresh, ignore_errors=True)
    subject.last_screen = start.screen
    return start.complete_ms


def measure_startups(subjects: list[Subject | TerminalSubject], runs: int, *, warm_up: bool,
                     cwd: Path, env: dict[str, str], fresh: Path,
                     progress: Callable[[str], None]) -> None:
    """An untimed warm-up start of each subject (it fills the caches a warm start reads),
    then `runs` rounds in which every subject starts once, in the order given (so that a
    slow moment of the machine falls on all of them alike)."""

    def start(subject: Subject | TerminalSubject) -> dict:
        if isinstance(subject, TerminalSubject):
            return {"complete_ms": start_in_terminal_once(subject, cwd, env, fresh)}
        return start_once(subject, cwd, env)

    if warm_up:
        for subject in subjects:
            if not (isinstance(subject, TerminalSubject) and subject.cold):
                progress(f"start-up: warm-up start of {subject.label}")
                start(subject)
    for round_number in range(1, runs + 1):
        progress(f"start-up: round {round_number}/{runs}")
        for subject in subjects:
            result = start(subject)
            if isinstance(subject, TerminalSubject):
                subject.complete_ms.append(float(result["complete_ms"]))
                continue
            subject.first_frame_ms.append(float(result["first_frame_ms"]))
            subject.peak_rss_mb.append(float(result["peak_rss_mb"]))
            subject.rows = int(result.get("rows") or 0)
            subject.empty_first_frames += bool(result.get("empty_first_frame"))


def child_environment(home: Path) -> dict[str, str]:
    """The parent's environment with the bench's own user directory and no TEXTUAL_* settings."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("TEXTUAL")}
    env["AGENDA_TUI_HOME"] = str(home)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users run from .pyc files: so do the starts
    return env


def _tail(text: str, lines: int = 15) -> str:
    text = (text or "").strip()
    return ("\n" + "\n".join(text.splitlines()[-lines:])) if text else ""
