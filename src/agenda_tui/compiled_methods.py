"""The methods dataclasses write for themselves, compiled once and kept between starts.

A dataclass writes the source of its `__init__`, `__repr__`, `__eq__` and the rest, and
compiles it each time the class is made: at every start, for every dataclass imported,
ours and the libraries'. Python keeps no .pyc for that code, and compiling it was more
than a third of the time our modules took to import (bench/README.md, "Eighth pass").
`install` keeps the compiled code by its source text in the cache directory, as Python
keeps a module's in `__pycache__`, and hands it to dataclasses instead of compiling again.

The code is what compiling gives: the same source, compiled with the flags that
dataclasses' own module would pass on (`exec` of a string inherits its caller's
`__future__` flags). A test makes every dataclass of the package with the cache and
without it, and compares their methods' code.

Like the agenda cache, the file is derived data: anything wrong with it means compiling
as before, and nothing here raises. It is read only if it is the user's own and no one
else may write to it (cache_files.py), since it holds code.
"""

# No `from __future__ import annotations` here: what this module passes on to `exec`
# must be what dataclasses' own module does.
import __future__

import atexit
import builtins
import contextlib
import dataclasses
import marshal
import os
import sys
import time
from functools import reduce
from importlib.util import MAGIC_NUMBER
from operator import or_
from pathlib import Path
from types import CodeType
from typing import Any

from agenda_tui import cache_files

# A start of the app uses about 400 methods, and the file is read at every start. Past
# this many (versions sharing the folder, code edited often), it keeps only what one
# process used.
MAX_METHODS = 1000
MAX_FILE_BYTES = 64 * 1024 * 1024

# What `exec(source)` inside dataclasses compiles with: its module's `__future__` flags.
_DATACLASSES_FLAGS = dataclasses.fields.__code__.co_flags & reduce(
    or_, (getattr(__future__, feature).compiler_flag for feature in __future__.all_feature_names))


def file_path() -> Path:
    """Where the compiled methods are kept: one file per bytecode version and per option
    that changes the code compiled (-O, -X no_debug_ranges)."""
    from agenda_tui.paths import cache_dir

    ranges = "no_debug_ranges" in sys._xoptions or (
        not sys.flags.ignore_environment and bool(os.environ.get("PYTHONNODEBUGRANGES")))
    return cache_dir() / f"dataclass-methods-{MAGIC_NUMBER.hex()}-{sys.flags.optimize}{'-r' * ranges}"


class CompiledMethods:
    """The compiled code of dataclasses' methods by source text: read from the file, and
    compiled since."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.codes: dict[str, CodeType] = _read(path) if path is not None else {}
        self.used: set[str] = set()
        self.compiled = 0  # since the file was read: nothing to write when none
        if not self.codes and path is not None and _refused(path) and _refused(path.parent):
            # A file system without Unix permissions shows every file as anyone's: a file
            # written there would be refused and written again at every exit. (In the
            # user's own folder, a file that is not is replaced: one left by `sudo`, say.)
            self.path = None

    def exec(self, source: Any, globals: dict[str, Any] | None = None,
             locals: Any = None, /, **options: Any) -> None:
        """`exec`, for dataclasses: a string of source runs as its cached code."""
        if globals is None:  # exec's own default: the namespace of whoever called it
            caller = sys._getframe(1)
            globals = caller.f_globals
            if locals is None:  # a function's: a copy, as exec's (a proxy from Python 3.13)
                locals = caller.f_locals if caller.f_locals is globals else dict(caller.f_locals)
        if type(source) is not str or options:
            builtins.exec(source, globals, locals, **options)
            return
        code = self.codes.get(source)
        if code is None:
            code = compile(source, "<string>", "exec", flags=_DATACLASSES_FLAGS, dont_inherit=True)
            self.codes[source] = code
            self.compiled += 1
        self.used.add(source)
        builtins.exec(code, globals, locals)

    def save(self) -> None:
        """Write the file again if something was compiled since it was read; never raises."""
        if not self.compiled or self.path is None:
            return
        with contextlib.suppress(Exception):
            codes = self.codes if len(self.codes) <= MAX_METHODS else {
                source: self.codes[source] for source in self.used}
            # The cache folder, but not the folders above it: a mistyped $AGENDA_TUI_HOME
            # is not made by `agenda-tui --help`.
            self.path.parent.mkdir(exist_ok=True)
            cache_files.write_body(self.path, marshal.dumps(codes))
            _remove_forgotten_temporaries(self.path.parent)
        self.compiled = 0


def _read(path: Path) -> dict[str, CodeType]:
    body = cache_files.read_body(path, MAX_FILE_BYTES, private=True)
    if body is None:
        return {}
    try:
        codes = marshal.loads(body)
    except Exception:
        codes = None
    if type(codes) is dict and all(
            type(source) is str and type(code) is CodeType for source, code in codes.items()):
        return codes
    cache_files.remove(path)
    return {}


def _refused(path: Path) -> bool:
    """Whether `path` is there and not the user's own, or others may write to it."""
    try:
        return not cache_files.is_private(path.stat())
    except (OSError, ValueError):
        return False


def _remove_forgotten_temporaries(folder: Path) -> None:
    now = time.time()
    for entry in os.scandir(folder):
        with contextlib.suppress(OSError):
            modified = entry.stat(follow_symlinks=False).st_mtime
            if cache_files.is_forgotten_temporary(entry.name, modified, now):
                os.unlink(entry.path)


def install() -> CompiledMethods | None:
    """From now on, dataclasses run the cached code of their methods; what they compile
    is written to the file at exit. None if there is no cache folder to use. Once per
    process: installed already, the same."""
    installed = getattr(getattr(dataclasses, "exec", None), "__self__", None)
    if isinstance(installed, CompiledMethods):
        return installed
    try:
        methods = CompiledMethods(file_path())
    except Exception:
        return None
    # dataclasses calls `exec` by its name, found in its module's globals before the
    # builtins (tests/unit/test_compiled_methods.py checks that it still does).
    setattr(dataclasses, "exec", methods.exec)  # noqa: B010
    atexit.register(methods.save)
    return methods
