"""Files of derived data in the cache directory: a line with the SHA-256 of the rest, then
the rest (the body).

The checksum proves that a body is whole and is what this code wrote; readers trust a
file no further. Anything wrong with one (missing, unreadable, not a regular file, not
the user's own, writable by others, too large, truncated, not matching its checksum)
reads as no file, and nothing here raises on reading. A file that is there, the user's
own, and broken is removed, to be written afresh.
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


def read_body(path: Path, max_bytes: int) -> bytes | None:
    """The body of the cache file at `path`, or None."""
    try:
        descriptor = os.open(path, NO_WAIT_READ)
    except (OSError, ValueError):
        return None
    try:
        status = os.fstat(descriptor)
        if not (stat.S_ISREG(status.st_mode) and _owned_by_user(status)):  # a FIFO would block the read
            os.close(descriptor)
            return None
        handle = os.fdopen(descriptor, "rb")
    except (OSError, ValueError):
        os.close(descriptor)
        return None
    try:
        with handle:
            if status.st_size > max_bytes:
                raise ValueError("cache file too large")
            return _checked_body(handle, status.st_size)
    except (OSError, ValueError):
        remove(path)
        return None


def _owned_by_user(status: os.stat_result) -> bool:
    """The user's own file, which no one else may change: what is read from it is trusted
    as far as its checksum goes (and the compiled methods' file holds code)."""
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
    """Write `body` with its checksum to `path` (a temporary file, then a rename), its
    folder made if need be; raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
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


def remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
