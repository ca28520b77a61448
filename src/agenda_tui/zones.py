"""IANA time zones by name, where the name comes from a file someone else wrote.

`ZoneInfo(name)` opens a file under the tz database named by `name`, so a hostile
name reaches the file system: `Europe` is a directory (IsADirectoryError), a name
of 300 characters is too long for a file name (OSError), `zone.tab` is a file that
is not a zone (ValueError), and `localtime` is whatever this machine is set to.
`zone_named` turns every such name into None before it is opened.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

# The longest IANA name is 32 characters (America/Argentina/ComodRivadavia).
MAX_ZONE_NAME = 64
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+){0,3}")
# Names that load but are no place: this machine's setting, tzdata's placeholder, and
# the copies of every zone under posix/ and right/ (the latter counting leap seconds,
# which calendar programs do not know).
_NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})
_COPIES = ("posix/", "right/")


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
