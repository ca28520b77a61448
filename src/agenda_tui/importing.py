"""Import a published schedule (frab XML, schedule.json, iCalendar) as an Agenda.

`import_source` reads a file, standard input (`-`) or bytes, refuses anything
over `max_size` before parsing it, finds the format from the content when
asked to (`auto`), and returns the agenda with any warnings. Every failure is
an `InvalidFileError` with one `Problem` per problem; nothing is written here.

A published feed keeps its good events when some are broken: each day or event
skipped is one warning naming its place, and `strict` refuses the file instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import BinaryIO

from agenda_tui.errors import InvalidFileError
from agenda_tui.files import DEFAULT_MAX_SIZE, read_bytes
from agenda_tui.formats._common import RAISE_LIMIT, check_size
from agenda_tui.model import Agenda
from agenda_tui.paths import expand

FORMATS = ("frab", "json", "ics")
FORMAT_NAMES = {"frab": "frab schedule.xml", "json": "schedule.json", "ics": "iCalendar"}


@dataclass
class ImportResult:
    agenda: Agenda
    format: str
    source: str
    warnings: list[str] = field(default_factory=list)


def detect_format(data: bytes, source: str = "<input>") -> str:
    """'frab', 'json' or 'ics', from the first bytes; InvalidFileError when it is none of them."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        lowered = head.lower()
        if b"<schedule" in lowered or lowered.startswith((b"<?xml", b"<!doctype")):
            return "frab"
    elif head.startswith(b"{"):
        return "json"
    elif head.upper().startswith(b"BEGIN:VCALENDAR"):
        return "ics"
    raise InvalidFileError.single(
        source, "cannot tell the format: not frab XML (<schedule>), schedule.json ({...}) "
                "or iCalendar (BEGIN:VCALENDAR); name it with --format")


def read_source(source: str | Path, max_size: int = DEFAULT_MAX_SIZE,
                stdin: BinaryIO | None = None) -> tuple[bytes, str]:
    """The bytes of a file or of standard input (`-`), at most `max_size` of them."""
    if str(source) == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_size + 1)
        check_size(len(data), "<stdin>", max_size)
        return data, "<stdin>"
    name = str(source)
    data = read_bytes(expand(source), max_size, name, RAISE_LIMIT)
    return data, name


def _parser(format: str) -> Callable[..., Agenda]:
    # Each format's library loads only when that format is read.
    if format == "frab":
        from agenda_tui.formats.frab_xml import parse_frab_xml

        return parse_frab_xml
    if format == "json":
        from agenda_tui.formats.schedule_json import parse_schedule_json

        return parse_schedule_json
    if format == "ics":
        from agenda_tui.formats.ical_in import parse_ical

        return parse_ical
    raise InvalidFileError.single("--format", f"unknown format {format!r} "
                                              f"(auto, {', '.join(FORMATS)})")


def import_source(source: str | Path | bytes, format: str = "auto", timezone: str | None = None,
                  max_size: int = DEFAULT_MAX_SIZE, name: str | None = None, strict: bool = False,
                  span: tuple[date | None, date | None] = (None, None)) -> ImportResult:
    """Read and convert a schedule: a path, `-` for standard input, or the bytes themselves.

    `timezone` is the conference's IANA zone for sources that name none;
    `name` is how bytes are called in messages; `strict` refuses the file for any
    problem rather than skipping what it is confined to; `span` (first and last day)
    is where an iCalendar feed's repeating events are expanded, instead of the days
    of its single events.
    """
    if isinstance(source, bytes):
        data, label = source, name or "<input>"
        check_size(len(data), label, max_size)
    else:
        data, label = read_source(source, max_size)
        label = name or label
    chosen = detect_format(data, label) if format == "auto" else format
    parse = _parser(chosen)
    warnings: list[str] = []
    if span != (None, None):
        if chosen != "ics":
            warnings.append(f"--from and --until are for the repeating events of an iCalendar "
                            f"feed; a {FORMAT_NAMES[chosen]} has none")
        else:
            parse = partial(parse, span=span)
    try:
        agenda = parse(data, label, timezone=timezone, max_size=max_size, warnings=warnings,
                       strict=strict)
    except RecursionError:
        # json.loads, ElementTree's itertext and icalendar's walk recurse once per level.
        raise InvalidFileError.single(label, f"refused: the {FORMAT_NAMES[chosen]} is nested "
                                             "too deeply to read") from None
    except (OSError, ValueError, OverflowError) as error:
        # What no reader foresaw (a value past a library's range, a name that reached
        # the file system) is still a message about this file, not a traceback.
        raise InvalidFileError.single(label, f"cannot be read as {FORMAT_NAMES[chosen]}: "
                                             f"{error}") from None
    return ImportResult(agenda=agenda, format=chosen, source=label, warnings=warnings)
