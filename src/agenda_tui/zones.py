"""IANA time zones by name, where the name comes from a file someone else wrote.

`ZoneInfo(name)` opens a file under the tz database named by `name`, so a hostile
name reaches the file system: `Europe` is a directory (IsADirectoryError), a name
of 300 characters is too long for a file name (OSError), `zone.tab` is a file that
is not a zone (ValueError), and `localtime` is whatever this machine is set to.
`zone_named` turns every such name into None before it is opened.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from zoneinfo import ZoneInfo

# The longest IANA name is 32 characters (America/Argentina/ComodRivadavia).
MAX_ZONE_NAME = 64
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+){0,3}")
# Names that load but are no place: this machine's setting, tzdata's placeholder, and
# the copies of every zone under posix/ and right/ (the latter counting leap seconds,
# which calendar programs do not know).
_NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})
_COPIES = ("posix/", "right/")


def rules_stamp(name: str) -> str:
    """What changes when the rules of the zone `name` change: the size and time of the
    file zoneinfo reads them from (the system's zone data first, then the tzdata
    package's, as zoneinfo looks), or "" where no file is found."""
    import zoneinfo
    from importlib.util import find_spec

    folders = [Path(folder) for folder in zoneinfo.TZPATH]
    with contextlib.suppress(ImportError, ValueError):
        if (spec := find_spec("tzdata")) is not None and spec.origin:
            folders.append(Path(spec.origin).parent / "zoneinfo")
    for folder in folders:
        with contextlib.suppress(OSError, ValueError):
            status = (folder / name).stat()
            return f"{folder / name}:{status.st_size}:{status.st_mtime_ns}"
    return ""


def zone_named(name: str | None) -> ZoneInfo | None:
    """The IANA zone called `name` (surrounding space ignored), or None for anything else."""
    if not isinstance(name, str):
        return None
    name = name.strip()
    if (len(name) > MAX_ZONE_NAME or not _ZONE_NAME.fullmatch(name) or name in _NOT_PLACES
            or name.startswith(_COPIES)):
        return None
    try:
        return ZoneInfo(name)
    except (OSError, ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return None
