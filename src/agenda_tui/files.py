"""Reading files the user names: regular files only, bounded in size, never blocking,
every failure a one-line error."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from agenda_tui.errors import InvalidFileError

# Opening never waits: a FIFO with no writer would block an ordinary open() for good,
# and a terminal must not become the controlling one.
NO_WAIT_READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(
    os, "O_CLOEXEC", 0)

# What a published schedule (to import, or fetched) may be at most by default. Real
# schedules are about 2 MB (FOSDEM, the CCC congress); this leaves room for five times
# that while refusing to read anything absurd.
DEFAULT_MAX_SIZE = 10 * 1024 * 1024


def check_size(size: int, name: str, limit: int, hint: str = "") -> None:
    if size > limit:
        raise InvalidFileError.single(name, f"is {size:,} bytes, over the limit of {limit:,} bytes{hint}")


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, for a message."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def not_a_file(name: str, mode: int) -> InvalidFileError:
    return InvalidFileError.single(name, f"is {kind_of(mode)}, not a file")


def read_bytes(path: Path, limit: int, name: str | None = None, hint: str = "") -> bytes:
    """At most `limit` bytes of the regular file `path`, or InvalidFileError saying plainly
    why not: missing, not a regular file (a directory, a FIFO, a device), too large,
    unreadable. Never blocks, whatever is at `path`.

    `hint` ends the message for a file over the limit (how to raise it, where one can).
    """
    name = str(path) if name is None else name
    try:
        # Looked at before it is opened: opening a device can have effects of its own.
        if not stat.S_ISREG(mode := os.stat(path).st_mode):
            raise not_a_file(name, mode)
        descriptor = os.open(path, NO_WAIT_READ)
    except FileNotFoundError:
        raise InvalidFileError.single(name, "no such file") from None
    except PermissionError:
        raise InvalidFileError.single(name, "permission denied") from None
    except (OSError, ValueError) as error:  # ValueError: a NUL in the name
        raise InvalidFileError.single(name, f"cannot be read: {reason(error)}") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):  # replaced since it was looked at
            raise not_a_file(name, status.st_mode)
        check_size(status.st_size, name, limit, hint)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            # Sized to the file: read(limit) would allocate the whole limit every time.
            data = handle.read(status.st_size + 1)
            if len(data) > status.st_size:  # it has grown since fstat()
                data += handle.read(limit + 1 - len(data))
    except OSError as error:
        raise InvalidFileError.single(name, f"cannot be read: {reason(error)}") from None
    finally:
        os.close(descriptor)
    check_size(len(data), name, limit, hint)
    return data


def reason(error: BaseException) -> str:
    """An error as the few words a message quotes: "No space left on device"."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)
