"""Keeping the garbage collector away from the agenda, which lives as long as the app."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived() -> Iterator[None]:
    """For objects made inside that live until the process ends (the agenda, the state).

    No cycle collection while they are made, and frozen afterwards so that no later
    collection walks them again: with 10,000 sessions a full collection costs a frame
    or more, and would land on whatever the user was doing at that moment.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


# Collection thresholds once the app has started (Python's are 700, 10, 10). Drawing
# allocates steadily; most of it dies young, but Textual's caches of drawn lines keep
# tens of thousands of objects that each full collection walks (50-80 ms with a large
# agenda): these make full collections some thirty times rarer.
RUNNING_THRESHOLDS = (2000, 10, 100)


def long_lived_from_now() -> None:
    """Everything alive now lives until the process ends: no full collection walks it
    again; and full collections, which would fall on a keystroke, become rare. Resumes
    collection if start-up paused it (see launch.py), after collecting what start-up
    left as garbage since the agenda was frozen: freezing would keep it for good."""
    if not gc.isenabled():
        gc.collect(0)  # all made since the last freeze: nothing has been collected since
    gc.freeze()
    gc.set_threshold(*RUNNING_THRESHOLDS)
    gc.enable()
