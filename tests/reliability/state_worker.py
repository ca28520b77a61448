"""A child process for the state tests: changes one state file through StateFile and
prints each change on standard output, flushed, only after the call has returned.

    python state_worker.py PATH crash START          bookmark s-START, s-START+1, ... forever,
                                                      each with a note, and a 300 kB note rewritten every time
    python state_worker.py PATH toggle NAME SEED     the interleaved plan of `plan(NAME)`
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from agenda_tui.state_file import StateFile

CONFERENCE = "conf"
SHARED_IDS = 60       # ids both toggling processes change
PRIVATE_IDS = 40      # ids only one of them changes
ROUNDS = 3            # each id is set this many times, the last one decides


def final_value(session_id: str) -> bool:
    """What both processes leave an id as: the expected end state does not depend on
    how their writes interleave, since they agree on every id's last value."""
    return int(session_id.rsplit("-", 1)[1]) % 3 != 1


def plan(name: str, seed: int) -> list[tuple[str, bool]]:
    """Every id set ROUNDS times (alternating, ending at `final_value`), shuffled
    between ids but in order for each id."""
    ids = [f"shared-{n}" for n in range(SHARED_IDS)] + [f"{name}-{n}" for n in range(PRIVATE_IDS)]
    queues = {}
    for session_id in ids:
        last = final_value(session_id)
        queues[session_id] = [last if (ROUNDS - 1 - k) % 2 == 0 else not last for k in range(ROUNDS)]
    rng = random.Random(seed)
    steps: list[tuple[str, bool]] = []
    pending = list(ids)
    while pending:
        session_id = rng.choice(pending)
        steps.append((session_id, queues[session_id].pop(0)))
        if not queues[session_id]:
            pending.remove(session_id)
    return steps


PADDING = 300_000  # a big note rewritten every time, so that each write takes a while


def _crash_change(state, session_id: str) -> None:
    state.bookmarks.append(session_id)
    state.notes[session_id] = f"{session_id} saved"
    state.notes["padding"] = session_id + "x" * PADDING


def crash(path: Path, start: int) -> None:
    store = StateFile(path, CONFERENCE)
    print("ready", flush=True)
    number = start
    while True:
        session_id = f"s-{number}"
        store.update(lambda state, i=session_id: _crash_change(state, i))
        print(session_id, flush=True)
        number += 1


def toggle(path: Path, name: str, seed: int) -> None:
    store = StateFile(path, CONFERENCE)
    print("ready", flush=True)
    while not path.with_name("go").exists():  # start both at the same moment
        time.sleep(0.005)
    for session_id, value in plan(name, seed):
        store.set_bookmark(session_id, value)
        print(f"{session_id} {int(value)}", flush=True)


if __name__ == "__main__":
    target, mode, *rest = sys.argv[1:]
    if mode == "crash":
        crash(Path(target), int(rest[0]))
    else:
        toggle(Path(target), rest[0], int(rest[1]))
