"""The cycle collector from start-up to exit: every step of how agenda-tui handles it.

Start-up makes objects that live as long as the process: modules, pydantic's validators,
the agenda, the state, the widgets. Collecting cycles among them finds nothing, and a
full collection walks all of them: with 10,000 sessions it costs a frame or more, landing
on whatever the user is doing at that moment. So, in order:

1. `pause_for_start_up`: the installed command's entry point (launch.py) pauses cycle
   collection before any import.
2. `resume_for_command`: every command but the UI resumes it as soon as the command is
   known (`cli.cli`), freezing what start-up made; such a command runs and ends,
   collecting as usual.
3. `long_lived`: the UI loads the agenda and the state inside it (`cli.open_command`), no
   collection while they are made, whatever the collector's state, and freezes them after,
   so that no later collection walks them again.
4. `long_lived_from_now`: once the UI has started (`AgendaApp.on_ready`, a moment after the
   first frame), it collects what start-up left as garbage, freezes everything still alive,
   makes full collections rarer (`RUNNING_THRESHOLDS`) and resumes collection. Only in the
   app that owns the process: in a process that runs many apps (the tests) it would keep
   their garbage.

Apart from these steps, `paused` keeps collection off while an agenda is read from its
text in any command (`agenda_file.parse_agenda`): at 10,000 sessions that makes some
400,000 objects and no cycle, and the collections their number sets off would walk them
several times over to find nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def pause_for_start_up() -> None:
    """Step 1: no cycle collection until the command is known (step 2) or the UI has
    started (step 4)."""
    gc.disable()


def resume_for_command() -> None:
    """Step 2: a command other than the UI collects cycles as usual, from the objects it
    makes on. What start-up made (modules, classes, functions) is frozen first if start-up
    paused collection: otherwise the command's first collection walks all of it, every
    object made since the process began, to find next to nothing. A collector running
    already (a process that runs many commands: the tests) is left as it is."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


@contextmanager
def long_lived() -> Iterator[None]:
    """Step 3: for objects made inside that live until the process ends (the agenda, the
    state). No cycle collection while they are made, and frozen afterwards; a collector
    paused before stays paused."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """No cycle collection inside, for making many objects that hold no cycles; the
    collector is as it was after (a paused one stays paused). Nothing is frozen: what is
    made inside is collected as usual once it is garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Collection thresholds once the app has started (Python's are 700, 10, 10). Drawing
# allocates steadily; most of it dies young, but Textual's caches of drawn lines keep
# tens of thousands of objects that each full collection walks: these make full
# collections some thirty times rarer.
RUNNING_THRESHOLDS = (2000, 10, 100)


def long_lived_from_now() -> None:
    """Step 4: everything alive now lives until the process ends: no full collection walks
    it again; and full collections, which would fall on a keystroke, become rare. Resumes
    collection if start-up paused it, after collecting what start-up left as garbage since
    the agenda was frozen: freezing would keep it for good."""
    if not gc.isenabled():
        gc.collect(0)  # all made since the last freeze: nothing has been collected since
    gc.freeze()
    gc.set_threshold(*RUNNING_THRESHOLDS)
    gc.enable()
