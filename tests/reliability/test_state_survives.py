"""The user's state survives processes killed mid-write and processes writing at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from agenda_tui.state_model import UserState as PlainState
from agenda_tui.state_schema import checked
from tests.reliability import state_worker

WORKER = Path(state_worker.__file__)
KILLS = 30


def start_worker(*args: str) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, str(WORKER), *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "ready\n", process.stderr.read()
    return process


def read_state(path: Path) -> PlainState:
    """The file as another program finds it: it must parse and validate, as it is."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return checked(raw)


@pytest.mark.slow
@pytest.mark.timeout(300)  # a hang guard, far above any real run
def test_sigkill_at_random_moments_never_loses_a_saved_change(tmp_path: Path):
    path = tmp_path / "conf.toml"
    rng = random.Random(os.environ.get("AGENDA_TUI_KILL_SEED", "6"))
    reported: list[str] = []
    for _kill in range(KILLS):
        worker = start_worker(str(path), "crash", str(len(reported)))
        # Killed after the writes it reports, however slow the machine, then at a random
        # moment of the next one (or of the one after).
        for _write in range(rng.randint(1, 3)):
            line = worker.stdout.readline()
            assert line.endswith("\n"), worker.stderr.read()
            reported.append(line.strip())
        time.sleep(rng.uniform(0, 0.03))
        worker.send_signal(signal.SIGKILL)
        output, _ = worker.communicate(timeout=10)
        assert worker.returncode == -signal.SIGKILL
        # Only whole lines: each was printed after its change was saved.
        reported += [line for line in output.split("\n")[:-1] if line]
        state = read_state(path)
        missing = [session_id for session_id in reported if session_id not in state.bookmarks]
        assert not missing, f"after kill {_kill + 1}: saved but lost: {missing[:5]}"
        assert all(state.notes[session_id].startswith(session_id) for session_id in reported)
        # Nothing more than what was reported, or one change in flight when it was killed.
        assert len(state.bookmarks) - len(reported) in (0, 1)
    mid_write = len(list(tmp_path.glob(".conf.toml.*.tmp")))  # killed between mkstemp and rename
    print(f"{KILLS} kills, {len(reported)} saved changes checked, {mid_write} kills mid-write")
    # Leftover temporary files from killed writes do not stop the next session.
    from agenda_tui.state_file import StateFile

    store = StateFile(path, "conf")
    assert store.take_warnings() == []
    assert set(reported) <= set(store.state.bookmarks)


@pytest.mark.slow
def test_two_processes_toggling_overlapping_bookmarks_lose_nothing(tmp_path: Path):
    path = tmp_path / "conf.toml"
    workers = [start_worker(str(path), "toggle", name, str(seed))
               for name, seed in (("left", 1), ("right", 2))]
    path.with_name("go").touch()
    outputs = [worker.communicate(timeout=120) for worker in workers]
    for worker, (_, errors) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, errors

    steps = {name: state_worker.plan(name, seed) for name, seed in (("left", 1), ("right", 2))}
    for (name, planned), (output, _) in zip(steps.items(), outputs, strict=True):
        done = [line.split() for line in output.splitlines()]
        assert len(done) == len(planned), f"{name} reported {len(done)} of {len(planned)} changes"
    expected = {session_id for plan in steps.values() for session_id, _ in plan
                if state_worker.final_value(session_id)}
    final = set(read_state(path).bookmarks)
    assert final == expected, (f"lost: {sorted(expected - final)[:5]}, "
                               f"resurrected: {sorted(final - expected)[:5]}")
    # 2 x (60 shared + 40 own ids) x 3 rounds = 600 saved changes, interleaved.
    assert sum(len(plan) for plan in steps.values()) == 600
