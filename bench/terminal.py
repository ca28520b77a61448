"""Starts in a real pseudo-terminal: the time until the first complete screen.

The child runs in a new pseudo-terminal of 120×40 (set with TIOCSWINSZ, and COLUMNS /
LINES), with TERM=xterm-256color, its standard input, output and error on the terminal,
as in a user's terminal. Everything it writes is fed to `pyte`, a terminal emulator, so
the parent knows what is on screen after each read. The time runs from just before the
child is spawned until the bytes that make the emulated screen complete (see
`CompleteScreen`) arrived: a thread reads the terminal as the child writes and notes
when each piece came, because pyte, written in Python, takes milliseconds over each
4 KB that a terminal draws in a fraction of one (timed after pyte, a screen of more bytes
would count pyte's reading of them as the app's time). Then the child is sent `q` and
waited for (and killed if it does not quit: it is ours).
"""

from __future__ import annotations

import fcntl
import os
import queue
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

COLUMNS, LINES = 120, 40
QUIT_TIMEOUT_SECONDS = 30.0
TITLE_PREFIX = 16  # characters of a title that any column shows
ROWS_WANTED = 3
_TIME = re.compile(r"\d\d:\d\d")


class TerminalError(RuntimeError):
    """The child did not show a complete screen, or died."""


def _key(title: str) -> str:
    return " ".join(title.split())[:TITLE_PREFIX]


@dataclass
class CompleteScreen:
    """When a screen is complete, decided from the emulated screen's lines.

    Rows: at least three (or all, if fewer) of the day's session titles on table lines
    (lines that hold a time). Detail (when `detail`): a line that begins with one of the
    day's titles and holds no time: the detail pane's heading, which a table row is not."""

    titles: frozenset[str]
    detail: bool

    @classmethod
    def of(cls, titles: Iterable[str], *, detail: bool) -> CompleteScreen:
        keys = frozenset(key for key in map(_key, titles) if key)
        if not keys:
            raise TerminalError("no session titles to look for on screen")
        return cls(keys, detail)

    def rows_seen(self, lines: list[str]) -> int:
        seen = {key for line in lines if _TIME.search(line) for key in self.titles if key in line}
        return len(seen)

    def detail_seen(self, lines: list[str]) -> bool:
        for line in lines:
            text = line.strip()
            if text and not _TIME.search(text) and _key(text) in self.titles:
                return True
        return False

    def __call__(self, lines: list[str]) -> bool:
        if self.rows_seen(lines) < min(ROWS_WANTED, len(self.titles)):
            return False
        return not self.detail or self.detail_seen(lines)


@dataclass
class TerminalStart:
    complete_ms: float
    screen: list[str]


def start_in_terminal(command: list[str], *, env: dict[str, str], cwd: Path,
                      complete: Callable[[list[str]], bool], timeout: float,
                      quit_key: bytes = b"q") -> TerminalStart:
    """Spawn `command` in a new 120×40 pseudo-terminal; milliseconds from just before the
    spawn until the bytes after which `complete(screen lines)` holds arrived; then quit it
    and wait for it."""
    import pyte

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    child_env = dict(env, TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
    screen = pyte.Screen(COLUMNS, LINES)
    stream = pyte.ByteStream(screen)
    pieces: queue.SimpleQueue[tuple[float, bytes]] = queue.SimpleQueue()
    reader = threading.Thread(target=_read_until_closed, args=(master, pieces), daemon=True)
    switch_interval = sys.getswitchinterval()
    # The reader takes the interpreter from pyte's feeding as soon as a piece comes.
    sys.setswitchinterval(0.0002)
    started = time.perf_counter()
    try:
        process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, cwd=cwd,
                                   env=child_env, start_new_session=True, close_fds=True)
    except BaseException:
        sys.setswitchinterval(switch_interval)
        os.close(master)
        raise
    finally:
        os.close(slave)
    reader.start()
    completed: float | None = None
    try:
        deadline = started + timeout
        while completed is None:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TerminalError(f"no complete screen within {timeout:g} s; the screen:\n"
                                    + _shown(screen.display))
            try:
                arrived, data = pieces.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                if process.poll() is not None:
                    raise TerminalError(f"exited with {process.returncode} before a complete "
                                        "screen; the screen:\n" + _shown(screen.display)) from None
                continue
            if not data:  # the child closed the terminal (it exited)
                process.wait(timeout=5)
                raise TerminalError(f"exited with {process.returncode} before a complete screen; "
                                    "the screen:\n" + _shown(screen.display))
            stream.feed(data)
            if complete(screen.display):
                completed = arrived
        sys.setswitchinterval(switch_interval)
        lines = list(screen.display)
        os.write(master, quit_key)
        _wait_for_exit(process, QUIT_TIMEOUT_SECONDS)  # the reader drops what it writes meanwhile
        return TerminalStart((completed - started) * 1000, lines)
    finally:
        sys.setswitchinterval(switch_interval)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait()
        reader.join(timeout=5)  # the terminal's other end closed with the child: it ends
        if not reader.is_alive():  # else something still holds the terminal: the reader
            os.close(master)       # keeps its descriptor rather than read another's


def _read_until_closed(master: int, pieces: queue.SimpleQueue[tuple[float, bytes]]) -> None:
    """Each piece the child writes, with when it came; b"" once the terminal closed."""
    while True:
        try:
            data = os.read(master, 1 << 16)
        except OSError:  # EIO: no process has the terminal open any more
            data = b""
        pieces.put((time.perf_counter(), data))
        if not data:
            return


def _wait_for_exit(process: subprocess.Popen[bytes], timeout: float) -> None:
    """Kill the child if it has not quit within `timeout`."""
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _shown(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip("\n")
