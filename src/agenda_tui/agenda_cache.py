"""Validated agendas kept as JSON, so a large agenda opens without reading its TOML again.

tomllib is most of the time it takes to open a large agenda. After an agenda file has
been read and checked in full, the result is kept as pydantic JSON under a key made
of the file's bytes and of the code that checked it: the same key later proves that
this exact file passed every check with this exact code, and the JSON is read back
through pydantic's own fast path (`Agenda.model_validate_json`).

The cache is derived data. Anything wrong with it (missing, unreadable, not a regular
file, a body that does not match the checksum stored with it, failing validation or
the checks across the agenda that the TOML passed, a directory that cannot be written)
means the agenda is read from its TOML as if there were no cache; nothing here ever
raises.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
import time
from functools import lru_cache
from io import BufferedReader
from pathlib import Path

import pydantic_core

from agenda_tui import __version__, model
from agenda_tui.agenda_checks import consistency_problems
from agenda_tui.files import NO_WAIT_READ
from agenda_tui.model import SCHEMA_VERSION, Agenda
from agenda_tui.paths import cache_dir
from agenda_tui.zones import zone_named

# Bump when the layout of a cache file changes.
CACHE_FORMAT = "agenda-cache/3"
# Smaller files (the embedded symposium) read fast enough: they never touch the cache.
MIN_CACHED_BYTES = 64 * 1024
# How many cached agendas to keep; the least recently used go first.
MAX_CACHED_FILES = 8
# A cache file is a few times the size of its TOML at most (see store.MAX_AGENDA_BYTES).
MAX_CACHE_FILE_BYTES = 256 * 1024 * 1024
SUFFIX = ".json"
# IANA zone names are short (the longest is 32 characters).
_MAX_ZONE_LINE = 256
_STALE_TEMPORARY_SECONDS = 3600


def folder() -> Path:
    return cache_dir() / "agendas"


@lru_cache(maxsize=1)
def _code_stamp() -> bytes:
    """What changes when the code that validates an agenda changes."""
    parts = [CACHE_FORMAT, __version__, str(SCHEMA_VERSION), pydantic_core.__version__]
    here = Path(model.__file__ or "")
    # What checks it:
    for name in ("model.py", "model_speed.py", "agenda_file.py", "agenda_checks.py", "zones.py"):
        try:
            status = here.with_name(name).stat()
            parts.append(f"{status.st_size}:{status.st_mtime_ns}")
        except OSError:
            parts.append("?")
    return "\0".join(parts).encode()


def key_for(data: bytes) -> str:
    """The cache key for an agenda file's bytes, under the current code."""
    digest = hashlib.sha256(data)
    digest.update(b"\0")
    digest.update(_code_stamp())
    return digest.hexdigest()


def path_for(key: str) -> Path:
    return folder() / f"{key}{SUFFIX}"


def read(key: str) -> Agenda | None:
    """The agenda cached under `key`, or None; a cache file that cannot be used is removed."""
    try:
        path = path_for(key)
        descriptor = os.open(path, NO_WAIT_READ)
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # a FIFO would block the read
            os.close(descriptor)
            raise OSError("not a regular file")
        handle = os.fdopen(descriptor, "rb")
    except (OSError, ValueError):
        return None
    try:
        with handle:
            agenda = _decode(handle)
    except Exception:  # unreadable, corrupt, truncated, or not what this code would write
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept the longest
    return agenda


def _decode(handle: BufferedReader) -> Agenda:
    """First line: the conference's IANA zone; second: the sessions' time order (their
    positions, comma-separated), so that opening the agenda need not sort it again;
    third: the SHA-256 of the rest; then the agenda as pydantic JSON.

    Read line by line, never as one piece to split: each part of a 10,000-session
    agenda would be a copy of megabytes, and the copies would add to the peak memory.
    """
    size = os.fstat(handle.fileno()).st_size
    if size > MAX_CACHE_FILE_BYTES:
        raise ValueError("cache file too large")
    zone_line = handle.readline(_MAX_ZONE_LINE)
    order_line = handle.readline(MAX_CACHE_FILE_BYTES)
    checksum_line = handle.readline(_MAX_ZONE_LINE)
    if not (zone_line.endswith(b"\n") and order_line.endswith(b"\n")
            and checksum_line.endswith(b"\n")):
        raise ValueError("no zone, order or checksum line")
    zone = zone_named(zone_line[:-1].decode("ascii"))
    if zone is None:
        raise ValueError("not a time zone")
    # In one piece of the body's size, from the file itself rather than through the
    # reader's buffer: read() would join what it holds with the rest (two copies at
    # once), and pydantic would copy a bytearray filled by readinto().
    start = handle.tell()
    handle.raw.seek(start, os.SEEK_SET)
    body = handle.raw.read(size - start)
    while 0 < len(body) < size - start:  # a file system that returns it in parts
        more = handle.raw.read(size - start - len(body))
        if not more:
            break
        body += more
    if len(body) != size - start:
        raise ValueError("cache file truncated while read")
    if _checksum(order_line, body) != checksum_line[:-1]:
        raise ValueError("cache file does not match its checksum")
    agenda = Agenda.model_validate_json(body, context={"zone": zone})
    if agenda.conference.timezone != zone.key:
        raise ValueError("zone line does not match the agenda")
    if consistency_problems(agenda):
        raise ValueError("cached agenda fails the checks its TOML passed")
    positions = order_line[:-1]
    order = [int(position) for position in positions.split(b",")] if positions else []
    agenda.adopt_time_order(order)  # refuses anything but a permutation of the sessions
    return agenda


def _checksum(order_line: bytes, body: bytes) -> bytes:
    digest = hashlib.sha256(order_line)
    digest.update(body)  # not `order_line + body`: a copy of megabytes
    return digest.hexdigest().encode()


def write(key: str, agenda: Agenda) -> None:
    """Keep `agenda` under `key` (temporary file, then rename); never raises."""
    with contextlib.suppress(Exception):
        directory = folder()
        directory.mkdir(parents=True, exist_ok=True)
        position = {id(session): at for at, session in enumerate(agenda.sessions)}
        order = ",".join(str(position[id(session)]) for session in agenda.sessions_in_order)
        order_line = order.encode("ascii") + b"\n"
        body = agenda.model_dump_json().encode()
        checksum = _checksum(order_line, body)
        payload = b"".join((agenda.conference.timezone.encode("ascii"), b"\n", order_line,
                            checksum, b"\n", body))
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(payload)
            os.replace(temporary, path_for(key))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        prune(directory)


def prune(directory: Path, keep: int = MAX_CACHED_FILES) -> None:
    """Drop all but the `keep` most recently used cache files, and forgotten temporary files."""
    entries = []
    now = time.time()
    for entry in os.scandir(directory):
        with contextlib.suppress(OSError):
            mtime = entry.stat(follow_symlinks=False).st_mtime
            if entry.name.endswith(SUFFIX) and not entry.name.startswith("."):
                entries.append((mtime, entry.path))
            elif entry.name.endswith(".tmp") and now - mtime > _STALE_TEMPORARY_SECONDS:
                os.unlink(entry.path)
    entries.sort(reverse=True)
    for _, path in entries[keep:]:
        with contextlib.suppress(OSError):
            os.unlink(path)
