"""Agenda files: read and validate (TOML, then pydantic through agenda_schema), write (tomli-w).

Every problem in a file is reported at once, each naming the file, the TOML
path (`sessions[3].end`) and, where it can be found, the line.
"""

from __future__ import annotations

import contextlib
import re
import shlex
import sys
import tomllib
from collections import Counter
from datetime import UTC
from pathlib import Path
from typing import Any, TypeVar

from agenda_tui import agenda_cache, collector, toml_text
from agenda_tui.agenda_checks import consistency_problems_of
from agenda_tui.atomic import atomic_write_text
from agenda_tui.errors import InvalidFileError, Problem, number_too_long
from agenda_tui.files import read_bytes
from agenda_tui.model import (
    Agenda,
    Conference,
    Session,
    Speaker,
    Track,
    plain_data,
    repeated_wall_clock,
)

# A generous bound on what an agenda file may be; the largest real schedules
# (FOSDEM, the CCC congress) come to about 2 MB as TOML.
MAX_AGENDA_BYTES = 64 * 1024 * 1024

T = TypeVar("T", Track, Speaker, Session)
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)$")


def toml_path(loc: tuple[str | int, ...]) -> str:
    """('sessions', 3, 'end') -> 'sessions[3].end'"""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class _LineIndex:
    """Where each table and key of a TOML text starts, by TOML path.

    tomllib gives no positions, so this reads the text line by line: enough to
    point at `[[sessions]]` number 4 or the `end =` line inside it.
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_\-\.\"' ]+?)\s*=")

    def __init__(self, text: str):
        self.lines: dict[tuple[str | int, ...], int] = {}
        counts: Counter[tuple[str | int, ...]] = Counter()
        table: tuple[str | int, ...] = ()
        depth = 0  # brackets still open from a multi-line array or inline table
        for number, line in enumerate(text.splitlines(), start=1):
            if depth > 0:
                depth += line.count("[") + line.count("{") - line.count("]") - line.count("}")
                continue
            if header := self._HEADER.match(line):
                names = tuple(self._split(header.group(2)))
                if header.group(1) == "[[":
                    index = counts[names]
                    counts[names] += 1
                    table = (*names, index)
                else:
                    table = names
                self.lines.setdefault(table, number)
            elif key := self._KEY.match(line):
                path = (*table, *self._split(key.group(1)))
                self.lines.setdefault(path, number)
                rest = line[key.end():]
                depth = rest.count("[") + rest.count("{") - rest.count("]") - rest.count("}")

    @staticmethod
    def _split(dotted: str) -> list[str]:
        return [part.strip().strip("\"'") for part in dotted.split(".")]

    def line_of(self, loc: tuple[str | int, ...]) -> int | None:
        for end in range(len(loc), 0, -1):
            if (line := self.lines.get(tuple(loc[:end]))) is not None:
                return line
        return None


def read_text(path: Path, limit: int = MAX_AGENDA_BYTES) -> str:
    """A file's text, or InvalidFileError saying plainly why it cannot be read."""
    return _decode(read_bytes(path, limit), path)


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")  # Notepad starts UTF-8 files with a byte-order mark
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidFileError.single(
            path, f"is not UTF-8 text (byte 0x{data[error.start]:02x})", line=line
        ) from None


def parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return toml_text.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        line = None
        if position := _TOML_POSITION.search(message):
            line = int(position.group(1))
            message = message[: position.start()].strip()
        raise InvalidFileError.single(source, f"malformed TOML: {message}", line=line) from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise InvalidFileError.single(source, "malformed TOML: nested too deeply to read") from None
    except ValueError as error:  # int() refuses more digits than sys.get_int_max_str_digits()
        line = _line_of_long_number(text)
        reason = number_too_long() if "digits" in str(error) else str(error)
        raise InvalidFileError.single(source, f"malformed TOML: {reason}", line=line) from None


def _line_of_long_number(text: str) -> int | None:
    if match := re.search(f"[0-9_]{{{sys.get_int_max_str_digits() + 1},}}", text):
        return text.count("\n", 0, match.start()) + 1
    return None


def _valid_items(model: type[T], items: Any, zone: Any) -> list[tuple[int, T]]:
    """The items of a list that validate on their own, with their positions."""
    from agenda_tui.agenda_schema import ValidationError, validated

    valid = []
    for position, raw in enumerate(items if isinstance(items, list) else []):
        with contextlib.suppress(ValidationError):
            valid.append((position, validated(model, raw, zone)))
    return valid


def agenda_from_data(data: dict[str, Any], source: str, text: str = "") -> Agenda:
    """Validate parsed TOML; InvalidFileError lists every problem found, in file order."""
    from agenda_tui.agenda_schema import ValidationError, pydantic_problems, validated

    conference = None
    if isinstance(raw_conference := data.get("conference"), dict):
        with contextlib.suppress(ValidationError):  # reported below, with everything else
            conference = validated(Conference, raw_conference)
    # Without a valid zone, times are read as UTC so that the zone is reported
    # once rather than once per session.
    zone = conference.zone if conference else UTC
    try:
        agenda = validated(Agenda, data, zone)
    except ValidationError as error:
        agenda = None
        problems = pydantic_problems(error)
        parts = (_valid_items(Track, data.get("tracks"), zone),
                 _valid_items(Speaker, data.get("speakers"), zone),
                 _valid_items(Session, data.get("sessions"), zone))
    else:
        assert agenda is not None  # validated (mypy does not follow it from try to else)
        problems = []
        parts = (list(enumerate(agenda.tracks)), list(enumerate(agenda.speakers)),
                 list(enumerate(agenda.sessions)))
    problems += consistency_problems_of(conference, *parts)
    if problems:
        # Line numbers are only for the error message: the text is indexed only now.
        index = _LineIndex(text)
        located = [Problem(source, message, toml_path(loc), index.line_of(loc))
                   for loc, message in problems]
        raise InvalidFileError(sorted(located, key=lambda p: (p.line is None, p.line or 0)))
    assert agenda is not None
    return agenda


def parse_agenda(text: str, source: str = "<agenda>") -> Agenda:
    with collector.paused():  # hundreds of thousands of objects, no cycles (collector.py)
        return agenda_from_data(parse_toml(text, source), source, text)


# What a published schedule starts with (after a byte-order mark and blank space), none of
# which can start a TOML file; and the suffixes such files go by.
_SCHEDULE_STARTS = ((b"<", "an XML file (a frab schedule.xml?)"),
                    (b"{", "a JSON file (a schedule.json?)"),
                    (b"BEGIN:VCALENDAR", "an iCalendar file"))
_SCHEDULE_SUFFIXES = {".xml": "an XML file (a frab schedule.xml?)",
                      ".json": "a JSON file (a schedule.json?)",
                      ".ics": "an iCalendar file", ".ical": "an iCalendar file",
                      ".ifb": "an iCalendar file"}
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def schedule_kind(data: bytes) -> str | None:
    """What published schedule these bytes look like ('an XML file...'), or None, by the
    first bytes that are not blank (in UTF-8 or UTF-16)."""
    head = data[:256]
    for bom in _BOMS:
        head = head.removeprefix(bom)
    if head[:1] == b"\0" or head[1:2] == b"\0":  # UTF-16 without its mark, or with it
        head = head.replace(b"\0", b"")
    head = head.lstrip(b" \t\r\n")
    for start, kind in _SCHEDULE_STARTS:
        if head[:len(start)].upper() == start:
            return kind
    return None


def _not_an_agenda(path: Path, kind: str) -> InvalidFileError:
    return InvalidFileError.single(
        path, f"is {kind}, not an agenda: turn it into one with "
              f"`agenda-tui import {shlex.quote(str(path))}`")


def load_agenda(path: Path, *, cache: bool = True) -> Agenda:
    """Read and check an agenda file; InvalidFileError lists every problem in it.

    A file that passed every check before, unchanged and under the same code, is read
    back from the agenda cache instead.
    `cache=False` always reads and checks the TOML, and leaves the cache alone.
    """
    data = read_bytes(path, MAX_AGENDA_BYTES)
    if (kind := schedule_kind(data)) is not None:
        raise _not_an_agenda(path, kind)
    if not cache:
        return _parse_file(data, path)
    key = agenda_cache.key_for(data)
    del data  # not held while the cache is read: it would add megabytes to the peak memory
    if (cached := agenda_cache.read(key)) is not None:
        return cached
    data = read_bytes(path, MAX_AGENDA_BYTES)
    agenda = _parse_file(data, path)
    agenda_cache.write(agenda_cache.key_for(data), agenda)  # the file may have changed meanwhile
    return agenda


def _parse_file(data: bytes, path: Path) -> Agenda:
    """The agenda in a file's bytes; a file named like a schedule (`x.json`) that is not
    an agenda says to import it rather than what is wrong with it as TOML."""
    try:
        return parse_agenda(_decode(data, path), str(path))
    except InvalidFileError:
        if (kind := _SCHEDULE_SUFFIXES.get(path.suffix.lower())) is not None:
            raise _not_an_agenda(path, kind) from None
        raise


def agenda_to_data(agenda: Agenda) -> dict[str, Any]:
    """The TOML document for an agenda: local wall-clock times, no empty keys."""
    data = plain_data(agenda)
    for session in data["sessions"]:
        # Written only when true: a version that knows no all-day sessions refuses the key.
        if session.pop("all_day"):
            session["all_day"] = True
            session["start"], session["end"] = session["start"].date(), session["end"].date()
            continue
        for field in ("start", "end"):
            local = session[field].astimezone(agenda.zone)
            # A time the clocks pass twice keeps its UTC offset, to say which of the two.
            session[field] = local if repeated_wall_clock(local) else local.replace(tzinfo=None)
    document: dict[str, Any] = _without_empty(data)
    return document


def _without_empty(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_empty(item) for key, item in value.items()
                if item not in ([], {}, None)}
    if isinstance(value, list):
        return [_without_empty(item) for item in value]
    if hasattr(value, "value") and isinstance(value.value, str):  # StrEnum
        return value.value
    return value


def dump_agenda(agenda: Agenda) -> str:
    import tomli_w  # only where an agenda is written

    return tomli_w.dumps(agenda_to_data(agenda))


def save_agenda(agenda: Agenda, path: Path) -> None:
    atomic_write_text(path, dump_agenda(agenda))
