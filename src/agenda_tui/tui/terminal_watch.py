"""When the terminal goes away under the app: save what is pending, then end.

A closed terminal window or a dropped ssh connection sends SIGHUP, but not always to
this process (under `make run`, make gets it and the app is left with a dead
terminal). Either way Textual's input thread then reads end-of-file in a loop, and its
output thread dies on the first write, after which drawing blocks for good. Nothing can
be shown any more, so there is no clean Textual exit to wait for: the changes still
being saved are waited for, and the process ends.
"""

from __future__ import annotations

import os
import signal
import sys
import termios
from collections.abc import Callable

CHECK_SECONDS = 1.0
SAVE_WAIT_SECONDS = 10.0


def terminal_fd() -> int | None:
    """The terminal the app reads from, or None when there is none (headless, a pipe)."""
    try:
        descriptor = sys.__stdin__.fileno() if sys.__stdin__ else -1
        termios.tcgetattr(descriptor)
    except (OSError, ValueError, termios.error):
        return None
    return descriptor


def terminal_gone(descriptor: int) -> bool:
    """A terminal that has hung up answers every request with EIO."""
    try:
        termios.tcgetattr(descriptor)
    except (OSError, termios.error):
        return True
    return False


def end_process(wait_for_saves: Callable[[float], object],
                number: int = signal.SIGHUP) -> None:
    """Wait (boundedly) for the pending saves, then end at once, with the status a shell
    gives a process ended by signal `number`: at exit, Python and Textual would try to
    restore a terminal that is no longer there."""
    try:
        wait_for_saves(SAVE_WAIT_SECONDS)
    finally:
        os._exit(128 + number)


def on_hang_up(handler: Callable[[int], None]) -> None:
    """Call `handler` with the signal's number on SIGHUP and SIGTERM, even while the main
    thread is blocked (a plain signal handler runs between two waits on a lock; the event
    loop's would not)."""
    for number in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(number, lambda number, _frame: handler(number))
