"""Reading files the user names: bounded in size, every failure a one-line error."""

from __future__ import annotations

from pathlib import Path

from agenda_tui.errors import InvalidFileError


def check_size(size: int, name: str, limit: int, hint: str = "") -> None:
    if size > limit:
        raise InvalidFileError.single(name, f"is {size:,} bytes, over the limit of {limit:,} bytes{hint}")


def read_bytes(path: Path, limit: int, name: str | None = None, hint: str = "") -> bytes:
    """At most `limit` bytes of `path`, or InvalidFileError saying plainly why not.

    `hint` ends the message for a file over the limit (how to raise it, where one can).
    """
    name = str(path) if name is None else name
    try:
        if path.is_dir():
            raise InvalidFileError.single(name, "is a directory, not a file")
        size = path.stat().st_size
        check_size(size, name, limit, hint)
        with path.open("rb") as handle:
            # Sized to the file: read(limit) would allocate the whole limit every time.
            data = handle.read(size + 1)
            if len(data) > size:  # it has grown since stat()
                data += handle.read(limit + 1 - len(data))
    except FileNotFoundError:
        raise InvalidFileError.single(name, "no such file") from None
    except PermissionError:
        raise InvalidFileError.single(name, "permission denied") from None
    except OSError as error:
        raise InvalidFileError.single(name, f"cannot be read: {error.strerror or error}") from None
    check_size(len(data), name, limit, hint)
    return data
