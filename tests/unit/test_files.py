"""Reading a file whole, within a size limit, even when it changes size meanwhile, and
never waiting on something that is not a regular file."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from agenda_tui import files
from agenda_tui.errors import InvalidFileError
from agenda_tui.files import read_bytes


@pytest.fixture
def stale_size(monkeypatch):
    """Make fstat() report `size`: the file as it was just before it grew."""

    def stale(size: int) -> None:
        real_fstat = os.fstat

        def fstat(descriptor):
            real = real_fstat(descriptor)
            return os.stat_result((*real[:6], size, *real[7:]))

        monkeypatch.setattr(files.os, "fstat", fstat)

    return stale


def test_a_file_is_read_whole(tmp_path: Path):
    path = tmp_path / "a.toml"
    path.write_bytes(b"x" * 5000)
    assert read_bytes(path, limit=10_000) == b"x" * 5000


def test_a_file_that_grew_after_stat_is_read_whole(tmp_path: Path, stale_size):
    path = tmp_path / "a.toml"
    path.write_bytes(b"0123456789" * 300)
    stale_size(100)
    assert read_bytes(path, limit=10_000) == b"0123456789" * 300


def test_a_file_that_grew_past_the_limit_after_stat_is_refused(tmp_path: Path, stale_size):
    path = tmp_path / "a.toml"
    path.write_bytes(b"x" * 3000)
    stale_size(100)
    with pytest.raises(InvalidFileError, match="over the limit of 2,000 bytes"):
        read_bytes(path, limit=2000)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path):
    path = tmp_path / "a.toml"
    path.write_bytes(b"x" * 3000)
    with pytest.raises(InvalidFileError, match=r"a\.toml: .*is 3,000 bytes, over the limit"):
        read_bytes(path, limit=2000)


@pytest.mark.timeout(20)
def test_a_fifo_a_device_a_socket_and_a_directory_are_refused_at_once(tmp_path: Path):
    fifo = tmp_path / "agenda.toml"
    os.mkfifo(fifo)  # no writer: an ordinary open() would wait for one for ever
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "sock"))
        for path, kind in ((fifo, "a named pipe (FIFO)"), (Path("/dev/zero"), "a device"),
                           (tmp_path / "sock", "a socket"), (tmp_path, "a directory")):
            with pytest.raises(InvalidFileError) as raised:
                read_bytes(path, limit=1000)
            assert raised.value.lines() == [f"{path}: is {kind}, not a file"]


def test_a_symlink_to_a_fifo_is_refused_too(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "link.toml").symlink_to(tmp_path / "pipe")
    with pytest.raises(InvalidFileError, match="FIFO"):
        read_bytes(tmp_path / "link.toml", limit=1000)
