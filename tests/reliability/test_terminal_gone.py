"""Closing the terminal under a running app: what is pending is saved and the app ends,
whether the hang-up reaches it (a closed window) or not (under `make run`, make gets it)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import threading
import time
import tomllib
from pathlib import Path

import pytest

from agenda_tui.paths import state_file

SYMPOSIUM = "genai-physsci-2024"


class Screen:
    """Everything the app wrote to its terminal, read as it comes (a pty left unread
    would fill and block the app)."""

    def __init__(self, master: int):
        self.master = master
        self.output = b""
        self._closing = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self._closing.is_set():
            if not select.select([self.master], [], [], 0.05)[0]:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def close(self) -> None:
        """Close the terminal as a window closing does: the last descriptor of its master
        (a read still waiting in another thread would keep it open)."""
        self._closing.set()
        self._reader.join()
        os.close(self.master)

    def wait_for(self, text: bytes, process: subprocess.Popen, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            assert process.poll() is None, self.output[-2000:]
            assert time.monotonic() < deadline, f"{text!r} never shown: {self.output[-2000:]!r}"
            time.sleep(0.05)


def start_app(home: Path, controlling: bool) -> tuple[subprocess.Popen, Screen]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

    def own_terminal() -> None:
        os.setsid()
        if controlling:  # the terminal is this session's: its hang-up sends SIGHUP here
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    env = {**os.environ, "AGENDA_TUI_HOME": str(home), "TERM": "xterm-256color"}
    process = subprocess.Popen([sys.executable, "-m", "agenda_tui", "--at", "2024-03-14T10:15"],
                               stdin=slave, stdout=slave, stderr=slave, env=env,
                               preexec_fn=own_terminal, close_fds=True)
    os.close(slave)
    return process, Screen(master)


@pytest.mark.slow
@pytest.mark.timeout(180)
@pytest.mark.parametrize("controlling", [True, False], ids=["hang-up-signal", "no-signal"])
def test_closing_the_terminal_saves_the_pending_change_and_ends_the_app(tmp_path: Path,
                                                                        controlling: bool):
    process, screen = start_app(tmp_path, controlling)
    try:
        screen.wait_for(b"Bookmark", process)
        os.write(screen.master, b"b")
        screen.wait_for(b"Bookmarked", process)  # the key is handled: its save is under way
        screen.close()
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 128 + 1
    state = tomllib.loads(state_file(SYMPOSIUM, tmp_path / "state").read_text(encoding="utf-8"))
    assert len(state["bookmarks"]) == 1
