"""Reading a file whole, within a size limit, even when it changes size meanwhile."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agenda_tui.errors import InvalidFileError
from agenda_tui.files import read_bytes


def stale_size(path: Path, size: int) -> Path:
    """`path` whose stat() reports `size`: the file as it was just before it grew."""
    real = path.stat()

    class Grown(type(path)):
        def stat(self, **_kwargs):
            return os.stat_result((*real[:6], size, *real[7:]))

    return Grown(path)


def test_a_file_is_read_whole(tmp_path: Path):
    path = tmp_path / "a.toml"
    path.write_bytes(b"x" * 5000)
    assert read_bytes(path, limit=10_000) == b"x" * 5000


def test_a_file_that_grew_after_stat_is_read_whole(tmp_path: Path):
    path = tmp_path / "a.toml"
    path.write_bytes(b"0123456789" * 300)
    assert read_bytes(stale_size(path, 100), limit=10_000) == b"0123456789" * 300


def test_a_file_that_grew_past_the_limit_after_stat_is_refused(tmp_path: Path):
    path = tmp_path / "a.toml"
    path.write_bytes(b"x" * 3000)
    with pytest.raises(InvalidFileError, match="over the limit of 2,000 bytes"):
        read_bytes(stale_size(path, 100), limit=2000)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path):
    path = tmp_path / "a.toml"
    path.write_bytes(b"x" * 3000)
    with pytest.raises(InvalidFileError, match=r"a\.toml: .*is 3,000 bytes, over the limit"):
        read_bytes(path, limit=2000)
