"""Shared by the reliability tests: seed inputs, mutation strategies, and the checks
every reader's outcome must pass."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import strategies as st

from agenda_tui.errors import AgendaError
from tests.conftest import SHARED, TEST_DATA
from tests.network import NetworkUsed  # noqa: F401  (used by the tests)

IMPORT_DATA = TEST_DATA / "import"
REPO_DATA = TEST_DATA.parents[1] / "data"

# Text a terminal or a markup parser would act on, if it were passed through.
HOSTILE = [
    "[bold red]styled[/]",
    "[link=https://evil.example]click me[/link]",
    "[@click=app.quit]quit[/]",
    "\x1b[2J\x1b[H",                                   # CSI: clear the screen, cursor home
    "\x1b[31mred\x1b[0m",                              # CSI: colour
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b]52;c;ZXZpbA==\x07",                          # OSC 52: write the clipboard
    "\x1b]0;window title\x07",                         # OSC 0: set the window title
    "\u202eevil\u202c",                                # bidi override
    "\u2066isolate\u2069",                             # bidi isolate
    "zero\u200bwidth\u200d\ufeff",                      # zero-width characters, BOM
    "\x9b31m",                                         # C1 CSI
    "bell\x07",
]

# Characters that must never reach a terminal from data (ESC, C1 CSI, bidi controls).
TERMINAL_CONTROLS = ["\x1b", "\x9b", "\x07", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                     "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]

# Bytes spliced into inputs: syntax of every format, and values parsers choke on.
INTERESTING = [
    b"\x00", b"\xff", b"\xc3", b"\xef\xbb\xbf", b"\r\n", b"\n", b"\t", b"\\", b'"', b"'",
    b"<", b">", b"&", b"&amp;", b"&#0;", b"&#x1b;", b"<![CDATA[", b"]]>", b"<!--", b"-->",
    b"{", b"}", b"[", b"]", b"[[", b"]]", b",", b":", b"=", b"null", b"true", b"1e999",
    b"-1", b"99999999999999999999", b"00:00", b"99:99", b"24:00:00", b"2024-02-30",
    b"0000-01-01T00:00:00", b"9999-12-31T23:59:59+14:00", b"Z", b"+25:00",
    b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n", b"END:VCALENDAR\r\n", b"RRULE:FREQ=SECONDLY\r\n",
    b"DTSTART;TZID=Nowhere/Land:20240101T000000\r\n", b" ", b"\r\n ",
    # Zone names that reach the file system (a folder, a name too long for one), years
    # and durations past what datetime holds, an integer past int()'s 4,300 digits.
    b"Europe", b"America", b"Z" * 300, b"DTSTART;TZID=Europe:20240101T000000\r\n",
    b"X-WR-TIMEZONE:" + b"Z" * 300 + b"\r\n", b"9999", b"9999-12-31", b"99991231T230000Z",
    b"DTSTART;VALUE=DATE:99991231\r\n", b"999999999:00", b"DURATION:PT999999999999H\r\n",
    b"RRULE:FREQ=DAILY\r\n", b"RRULE:FREQ=MINUTELY;COUNT=50000\r\n",
    b"RRULE:FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=31\r\n",  # never occurs: searched to 9999
    b"RECURRENCE-ID:20240601T090000Z\r\n", b"EXDATE:20240601T090000Z\r\n",
    b"DTSTART;VALUE=DATE:20240331\r\nDURATION:P1D\r\n", b"DTEND:20240601T090000Z\r\n",
    *(text.encode("utf-8") for text in HOSTILE),
    # Nesting deeper than a recursive parser's stack.
    b"[" * 3000, b"{a=" * 3000, b'{"a":' * 3000, b"<b>" * 3000, b"BEGIN:X\r\n" * 3000,
    # An integer longer than int() converts (4,300 digits): a ValueError in every parser.
    b"7" * 5000,
]


# Openers and closers of every format's nesting, and where a value may start.
NESTING = [(b"[", b"]"), (b'{"a": ', b"}"), (b"{a = ", b"}"), (b"<b>", b"</b>"),
           (b"BEGIN:X\r\n", b"END:X\r\n")]
_VALUE_STARTS = re.compile(rb"(= |: |\[|<title>|<abstract>|\r\n)")


def _read(path: Path) -> bytes:
    return path.read_bytes()


def small_seeds(*names: str) -> list[bytes]:
    """Hand-written inputs from tests/data: present in every checkout."""
    return [_read(TEST_DATA / name) for name in names]


def shared_seeds(*names: str) -> list[bytes]:
    """The real published schedules, where ../shared/data is beside the checkout."""
    found = []
    for name in names:
        path = SHARED / "data" / name
        if path.is_file():
            found.append(path.read_bytes())
    return found


def require_shared(name: str) -> bytes:
    from tests.conftest import shared_file

    return shared_file("data", name).read_bytes()


@st.composite
def mutated(draw, seeds: list[bytes], max_mutations: int = 4,
            interesting: list[bytes] = INTERESTING) -> bytes:
    """One seed with a few byte flips, truncations, deletions, duplications and splices:
    small slices of any seed, or bytes that mean something to one of the formats."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, max_mutations))):
        size = len(data)
        position = draw(st.integers(0, size))
        operation = draw(st.sampled_from(
            ["flip", "truncate", "delete", "duplicate", "splice", "insert", "insert", "nest"]))
        if operation == "flip" and size:
            position = min(position, size - 1)
            data[position] ^= draw(st.sampled_from([0x01, 0x20, 0x80, 0xFF]))
        elif operation == "truncate":
            del data[position:]
        elif operation == "delete":
            del data[position:position + draw(st.integers(1, 64))]
        elif operation == "duplicate":
            length = draw(st.integers(1, 256))
            data[position:position] = data[position:position + length]
        elif operation == "splice":
            other = draw(st.sampled_from(seeds))
            start = draw(st.integers(0, max(0, len(other) - 1)))
            data[position:position] = other[start:start + draw(st.integers(1, 64))]
        elif operation == "nest":
            # Balanced nesting, deeper than a recursive parser's stack, where a value starts.
            anchors = [match.end() for match in _VALUE_STARTS.finditer(bytes(data[:200_000]))]
            if anchors:
                position = anchors[draw(st.integers(0, len(anchors) - 1))]
            opener, closer = draw(st.sampled_from(NESTING))
            depth = draw(st.sampled_from([1_500, 5_000]))
            data[position:position] = opener * depth + closer * depth
        else:
            data[position:position] = draw(st.sampled_from(interesting))
    return bytes(data)


def inputs(seeds: list[bytes], interesting: list[bytes] = INTERESTING) -> st.SearchStrategy[bytes]:
    """Mostly mutated seeds; some untouched seeds and some bytes from nowhere."""
    return st.one_of(
        mutated(seeds, interesting=interesting),
        mutated(seeds, max_mutations=20, interesting=interesting),
        st.sampled_from(seeds),
        st.binary(max_size=512),
    )


def assert_one_line_messages(error: AgendaError) -> None:
    """Each line the CLI prints for an error is one line, with nothing a terminal acts on."""
    lines = error.lines()
    assert lines, f"{type(error).__name__} with no message"
    for line in lines:
        assert isinstance(line, str) and line.strip(), f"empty message line in {lines!r}"
        assert len(line.splitlines()) == 1, f"message line holds a line break: {line!r}"
        assert not any(char in line for char in TERMINAL_CONTROLS), f"control in message: {line!r}"


def assert_no_terminal_controls(text: str, where: str = "") -> None:
    found = sorted({f"U+{ord(char):04X}" for char in text if char in TERMINAL_CONTROLS})
    assert not found, f"{where} carries terminal controls {found}"


skip_without_shared = pytest.mark.skipif(not (SHARED / "data").is_dir(),
                                         reason=f"{SHARED / 'data'} is absent")


LONG_WORD = "Supercalifragilistic" * 500  # 10,000 characters with no space


def hostile_agenda_data() -> dict:
    """An agenda whose every text field is hostile: one session per hostile string, a
    very long word. (An id holding controls is refused: see test_hostile_files.)"""
    day = "2024-03-14"
    sessions = []
    for number, text in enumerate([*HOSTILE, LONG_WORD]):
        start = datetime(2024, 3, 14, 9, 18) + timedelta(minutes=30 * number)
        sessions.append({
            "id": f"s-{number}",
            "start": start.isoformat(),
            "end": (start + timedelta(minutes=25)).isoformat(),
            "title": f"T{number} {text}",
            "track": "evil",
            "people": [{"speaker": f"p-{number}"}],
            "location": f"Room {text}",
            "abstract": f"Abstract {text}\nsecond line {LONG_WORD[:300]}",
            "url": f"https://example.org/{number}?{text}",
        })
    return {
        "schema_version": 1,
        "conference": {
            "id": "hostile", "title": f"Hostile {HOSTILE[2]} {HOSTILE[3]}",
            "venue": f"Venue {HOSTILE[5]}", "start_date": day, "end_date": day,
            "timezone": "America/New_York", "sponsors": [HOSTILE[1]],
            "links": [{"title": HOSTILE[2], "url": HOSTILE[5]}],
        },
        "tracks": [{"id": "evil", "title": f"Track {HOSTILE[0]}", "question": HOSTILE[6]}],
        "speakers": [{"id": f"p-{number}", "name": f"P{number} {text}",
                      "affiliation": f"Aff {text}", "bio": f"Bio {text}"}
                     for number, text in enumerate([*HOSTILE, LONG_WORD])],
        "sessions": sessions,
    }


def write_hostile_agenda(directory: Path) -> Path:
    import tomli_w

    path = directory / "hostile.toml"
    path.write_text(tomli_w.dumps(hostile_agenda_data()), encoding="utf-8")
    return path
