"""Checked agendas kept as plain data, so that opening one neither reads its TOML again
nor loads pydantic.

Reading TOML and checking it is most of the time it takes to open an agenda. After an
agenda file has been read and checked in full, the result is kept, as `marshal` data
of plain tuples, under a key made of the file's bytes and of the code that checked
it: the same key later proves that this exact file passed every check with this exact
code, and the objects are rebuilt straight from their fields (`agenda_codec`).

The checks are not made again: the SHA-256 stored with the body proves that it is what
this code wrote, and it wrote only agendas that had passed them all.

The cache is derived data. Anything wrong with it (missing, unreadable, not a regular
file, a body that does not match its checksum, data of another shape, a directory that
cannot be written) means the agenda is read from its TOML as if there were no cache;
nothing here ever raises.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import sys
import time
from functools import lru_cache
from pathlib import Path

from agenda_tui import __version__, cache_files, model
from agenda_tui.agenda_codec import agenda_from_fields, agenda_to_fields
from agenda_tui.model import SCHEMA_VERSION, Agenda
from agenda_tui.paths import cache_dir

# Bump when the layout of a cache file changes.
CACHE_FORMAT = "agenda-cache/4"
# How many cached agendas to keep; the least recently used go first. Each conference
# has two (its agenda, and the copy last seen), and most are small.
MAX_CACHED_FILES = 24
# A cache file is a few times the size of its TOML at most (see store.MAX_AGENDA_BYTES).
MAX_CACHE_FILE_BYTES = 256 * 1024 * 1024
SUFFIX = ".agenda"
_OLD_SUFFIX = ".json"  # the validated JSON of versions before the plain data


def folder() -> Path:
    return cache_dir() / "agendas"


@lru_cache(maxsize=1)
def _code_stamp() -> bytes:
    """What changes when the code that validates an agenda changes."""
    # Python's own version too: the id rule is `str.isprintable`, of its Unicode version.
    parts = [CACHE_FORMAT, __version__, str(SCHEMA_VERSION), str(marshal.version), sys.version]
    here = Path(model.__file__ or "")
    # What checks it, and what writes and reads the cache; pydantic by its folders (an
    # upgrade replaces their files), as its version is not known without importing it.
    checkers = [here.with_name(name) for name in (
        "model.py", "limits.py", "agenda_schema.py", "agenda_file.py", "agenda_checks.py",
        "agenda_codec.py", "zones.py")]
    for package in ("pydantic", "pydantic_core"):
        with contextlib.suppress(ImportError, ValueError):
            spec = importlib.util.find_spec(package)
            checkers.append(Path(spec.origin).parent if spec and spec.origin else Path("?"))
    for path in checkers:
        try:
            status = path.stat()
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
    except (OSError, ValueError):
        return None
    # The body: the agenda's fields as marshal data (`agenda_codec`), the sessions' time
    # order with them, so that opening the agenda need not sort it again.
    if (body := cache_files.read_body(path, MAX_CACHE_FILE_BYTES)) is None:
        return None
    try:
        agenda = agenda_from_fields(marshal.loads(body))
    except Exception:  # data of another shape than this code would write
        cache_files.remove(path)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept the longest
    return agenda


def write(key: str, agenda: Agenda) -> None:
    """Keep `agenda` under `key`; never raises."""
    with contextlib.suppress(Exception):
        directory = folder()
        directory.mkdir(parents=True, exist_ok=True)
        cache_files.write_body(path_for(key), marshal.dumps(agenda_to_fields(agenda)))
        prune(directory)


def prune(directory: Path, keep: int = MAX_CACHED_FILES) -> None:
    """Drop all but the `keep` most recently used cache files, an older version's files,
    and forgotten temporary files."""
    entries = []
    now = time.time()
    for entry in os.scandir(directory):
        with contextlib.suppress(OSError):
            mtime = entry.stat(follow_symlinks=False).st_mtime
            if entry.name.endswith(SUFFIX) and not entry.name.startswith("."):
                entries.append((mtime, entry.path))
            elif (entry.name.endswith(_OLD_SUFFIX)  # an older version's cache
                  or cache_files.is_forgotten_temporary(entry.name, mtime, now)):
                os.unlink(entry.path)
    entries.sort(reverse=True)
    for _, path in entries[keep:]:
        with contextlib.suppress(OSError):
            os.unlink(path)
