"""The errors a user can cause, each carrying one-line messages for the CLI."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Self


def one_line(text: str) -> str:
    """A message as one line a terminal shows as typed: every character that is not
    printable (line breaks, ESC, bidi controls, zero-width characters) written as its
    escape, as repr() would, so that text quoted from a hostile file stays inert."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char == " " else repr(char)[1:-1] for char in text)


def quoted(value: object) -> str:
    """A value as a message quotes it ("(got 'venue')"): its repr, cut to 60 characters."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def number_too_long() -> str:
    """What to say of an integer longer than Python converts (a ValueError from int())."""
    return f"a number of more than {sys.get_int_max_str_digits():,} digits, too long to read"


def integer_or_text(digits: str) -> int | str:
    """A JSON integer, or its digits as text where it is too long to convert, so that one
    such value costs only the field that holds it (`json.loads(parse_int=...)`)."""
    return int(digits) if len(digits.lstrip("-")) <= sys.get_int_max_str_digits() else digits


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, at one place in it."""

    source: str
    message: str
    path: str = ""
    line: int | None = None

    def __str__(self) -> str:
        # Paths and messages can quote the file's own keys and values: never let
        # them carry terminal controls.
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return one_line(text)


class AgendaError(Exception):
    """A failure the user caused and can fix: bad input, a missing file, an unknown id.

    The CLI prints `lines()` and exits with status 2; it never shows a traceback. Each
    line is one line with nothing a terminal would act on (see `one_line`).
    """

    def lines(self) -> list[str]:
        return [one_line(str(self))]


class InvalidFileError(AgendaError):
    """A file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))

    def lines(self) -> list[str]:
        return [str(problem) for problem in self.problems]

    @classmethod
    def single(cls, source: str | Path, message: str, path: str = "", line: int | None = None,
               ) -> Self:
        return cls([Problem(str(source), message, path, line)])


class AgendaErrors(AgendaError):
    """Several problems with what the user asked for, one line each."""

    def __init__(self, lines: list[str]):
        self._lines = lines
        super().__init__("; ".join(lines))

    def lines(self) -> list[str]:
        return [one_line(line) for line in self._lines]
