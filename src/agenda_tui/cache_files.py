"""Files of derived data in the cache directory: a line with the SHA-256 of the rest, then
the rest (the body).

The checksum proves that a body is whole and is what this code wrote; readers trust a
file no further. Anything wrong with one (missing, unreadable, not a regular file, too
large, truncated, not matching its checksum) reads as no file, and nothing here raises
on reading; a file that is there and broken is removed, to be written afresh. A file
that holds code is read only if it is the user's own and no one else may write to it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from io import BufferedReader
from pathlib import Path

from agenda_tui.files import NO_WAIT_READ

_CHECKSUM_LINE = 65  # SHA-256 in hex, and a newline
_FORGOTTEN_SECONDS = 3600


def read_body(path: Path, max_bytes: int, *, private: bool = False) -> bytes | None:
    """The body of the cache file at `path`, or None. `private`: None as well for a file
    that is not the user's own, that others may write, or that is reached through a
    symlink (which whoever may write to the folder could point at any file of the
    user's): for a file that holds code."""
    flags = NO_WAIT_READ | (getattr(os, "O_NOFOLLOW", 0) if private else 0)
    try:
        descriptor = os.open(path, flags)
    except (OSError, ValueError):
        return None
    try:
        handle = os.fdopen(descriptor, "rb")
    except Exception:  # a folder, say: the descriptor is still ours to close
        os.close(descriptor)
        return None
    broken = False
    try:
        with handle:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode) or (private and not is_private(status)):
                return None  # not read: a FIFO would block
            broken = True
            if status.st_size > max_bytes:
                raise ValueError("cache file too large")
            body = _checked_body(handle, status.st_size)
            broken = False
            return body
    except Exception:  # unreadable, truncated, not matching its checksum, out of memory
        if broken:
            remove(path)
        return None


def is_private(status: os.stat_result) -> bool:
    """The user's own file, which no one else may change. False on a file system without
    Unix permissions (FAT, a Windows drive under WSL), which shows every file as anyone's."""
    getuid = getattr(os, "getuid", None)  # not on Windows, where the folder is the user's own
    writable_by_others = status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return getuid is None or (status.st_uid == getuid() and not writable_by_others)


def _checked_body(handle: BufferedReader, size: int) -> bytes:
    checksum_line = handle.readline(_CHECKSUM_LINE)
    if not checksum_line.endswith(b"\n"):
        raise ValueError("no checksum line")
    # In one piece of the body's size, from the file itself rather than through the
    # reader's buffer: read() would join what it holds with the rest (two copies at once).
    raw = handle.raw
    start = handle.tell()
    raw.seek(start, os.SEEK_SET)
    body: bytes = raw.read(size - start)
    while 0 < len(body) < size - start:  # a file system that returns it in parts
        more = raw.read(size - start - len(body))
        if not more:
            break
        body += more
    if len(body) != size - start:
        raise ValueError("cache file truncated while read")
    if hashlib.sha256(body).hexdigest().encode() != checksum_line[:-1]:
        raise ValueError("cache file does not match its checksum")
    return body


def write_body(path: Path, body: bytes) -> None:
    """Write `body` with its checksum to `path` (a temporary file, then a rename); raises
    OSError."""
    import tempfile  # only where a file is written: not on a start that reads

    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(hashlib.sha256(body).hexdigest().encode() + b"\n")
            handle.write(body)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def is_forgotten_temporary(name: str, modified: float, now: float) -> bool:
    """A temporary file of write_body's that a process killed while writing left behind."""
    return name.startswith(".") and name.endswith(".tmp") and now - modified > _FORGOTTEN_SECONDS


def remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
