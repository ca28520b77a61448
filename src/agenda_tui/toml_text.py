"""TOML text to data: always tomllib's answer, from tomli's compiled build where it can give it.

tomllib is tomli: the standard library vendors its source. tomli's wheels also compile that
source with mypyc, which reads a large agenda several times faster. `loads` still answers
exactly as `tomllib.loads` does, values, their types and refusals alike:

- tomli is used only when it is the compiled build of a version whose grammar is tomllib's:
  2.3.x (2.4 reads TOML 1.1, which tomllib refuses: trailing commas and newlines in inline
  tables, `\\e` and `\\x` escapes, times without seconds). pyproject pins the same range.
- Whatever tomli refuses or fails at, tomllib reads again, so a refusal, its message and its
  line are tomllib's.
- Where the two part on the same grammar is depth. tomllib recurses in Python, three frames
  a level of nested inline tables, and raises RecursionError a little past 300 levels; the
  compiled tomli goes on to 400. A result nested deeper than MAX_DEPTH is therefore read again
  by tomllib. Only containers that hold containers are walked (the ones the garbage collector
  tracks), so an agenda's sessions of plain values are not visited one by one.

tests/reliability/test_toml_text.py holds the proof: generated and mutated documents, valid or
not, and every agenda in the repository read both ways.
"""

from __future__ import annotations

import gc
import tomllib
from collections.abc import Callable
from importlib.machinery import EXTENSION_SUFFIXES
from typing import Any

# Far deeper than any agenda or state file (they nest a few levels), and far below the
# depth at which tomllib could run out of stack, whoever calls it.
MAX_DEPTH = 32

# The tomli versions whose grammar is tomllib's: [first, last) as in pyproject's pin.
TOMLI_VERSIONS = ((2, 3, 2), (2, 4))


def _version(text: str) -> tuple[int, ...]:
    parts = []
    for part in text.split("."):
        if not part.isdigit():
            break
        parts.append(int(part))
    return tuple(parts)


def compiled_reader() -> Callable[[str], dict[str, Any]] | None:
    """tomli's `loads` when the compiled build of an accepted version is installed, else None."""
    try:
        import tomli
        from tomli import _parser
    except ImportError:
        return None
    first, after_last = TOMLI_VERSIONS
    if not first <= _version(tomli.__version__) < after_last:
        return None
    if not (_parser.__file__ or "").endswith(tuple(EXTENSION_SUFFIXES)):
        return None  # the pure-Python build: tomllib itself, no faster
    reader: Callable[[str], dict[str, Any]] = tomli.loads
    return reader


_compiled = compiled_reader()


def nested_deeper_than(data: dict[str, Any], depth: int) -> bool:
    """Whether `data` holds tables or arrays more than `depth` levels down (itself level 1).

    Reads the tree a level at a time through the garbage collector: a dict holding only
    strings, numbers and dates is untracked, so it is a leaf here and costs nothing more.
    """
    level: list[Any] = [data]
    for _ in range(depth):
        level = list(filter(gc.is_tracked, gc.get_referents(*level)))
        if not level:
            return False
    return True


def loads(text: str) -> dict[str, Any]:
    """`tomllib.loads(text)`'s result, or the same exception tomllib raises
    (TOMLDecodeError with its line, RecursionError, ValueError for an overlong integer)."""
    if _compiled is not None:
        try:
            data = _compiled(text)
        except Exception:
            pass  # tomllib gives the refusal below, in its own words
        else:
            if not nested_deeper_than(data, MAX_DEPTH):
                return data
    return tomllib.loads(text)
