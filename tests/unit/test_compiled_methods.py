"""Dataclasses' methods kept compiled between starts (compiled_methods.py): a second start
compiles none, every method is the same code as compiling it gives, and nothing wrong
with the file ever gets in the way."""

from __future__ import annotations

import dataclasses
import json
import marshal
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from agenda_tui import cache_files, compiled_methods
from agenda_tui.compiled_methods import CompiledMethods

# Every dataclass of the package, its generated methods by name: a fingerprint of each
# method's code, with the number of methods compiled in this process.
FINGERPRINTS = """\
import importlib, json, pkgutil, sys, types
from agenda_tui import compiled_methods
methods = compiled_methods.install() if sys.argv[1] == "cached" else None
import agenda_tui
for module in pkgutil.walk_packages(agenda_tui.__path__, "agenda_tui."):
    if module.name not in ("agenda_tui.__main__", "agenda_tui.launch"):
        importlib.import_module(module.name)

def fingerprint(code):
    return [code.co_name, code.co_qualname, code.co_filename, code.co_firstlineno, code.co_argcount,
            code.co_kwonlyargcount, code.co_flags, code.co_code.hex(), code.co_linetable.hex(),
            code.co_exceptiontable.hex(), code.co_names, code.co_varnames, code.co_freevars, code.co_cellvars,
            [fingerprint(c) if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts]]

found = {}
for name, module in list(sys.modules.items()):
    if name.startswith("agenda_tui"):
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == name and "__dataclass_fields__" in vars(value):
                for attribute, method in vars(value).items():
                    code = getattr(method, "__code__", None)
                    if code is not None and code.co_filename == "<string>":
                        found[f"{value.__qualname__}.{attribute}"] = fingerprint(code)
print(json.dumps({"compiled": methods.compiled if methods else None, "methods": found}))
"""


def fingerprints(mode: str, home: Path) -> dict:
    environment = dict(os.environ, AGENDA_TUI_HOME=str(home))
    done = subprocess.run([sys.executable, "-c", FINGERPRINTS, mode], capture_output=True, text=True,
                          env=environment, timeout=120)
    assert done.returncode == 0, done.stderr
    # Written at exit, as by the command.
    return json.loads(done.stdout)


def test_a_second_start_compiles_no_method_and_each_is_the_code_compiling_gives(tmp_path: Path):
    plain = fingerprints("plain", tmp_path)
    first = fingerprints("cached", tmp_path)
    second = fingerprints("cached", tmp_path)
    assert len(plain["methods"]) > 150  # the package's dataclasses: __init__, __repr__, __eq__...
    assert first["compiled"] > 0  # one per method (one per class from Python 3.13)
    assert second["compiled"] == 0  # every one read from the file
    assert second["methods"] == plain["methods"] == first["methods"]


def test_the_command_keeps_the_methods_it_compiled(tmp_path: Path):
    """Through the installed entry point (launch.py): the file is written at exit, and a
    second run neither compiles nor writes."""
    environment = dict(os.environ, AGENDA_TUI_HOME=str(tmp_path))
    command = [sys.executable, "-m", "agenda_tui", "list", "--day", "1"]
    first = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120)
    path = Path(tmp_path) / "cache" / compiled_methods.file_path().name
    written = path.stat()
    second = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stdout == second.stdout and "Foundation Models" in first.stdout
    assert path.stat().st_mtime_ns == written.st_mtime_ns and path.stat().st_ino == written.st_ino
    assert len(compiled_methods._read(path)) > 150


@pytest.fixture(autouse=True)
def dataclasses_as_they_were():
    """install() and make_points hand dataclasses a cache: not for the other tests."""
    yield
    if hasattr(dataclasses, "exec"):
        del dataclasses.exec  # type: ignore[attr-defined]


def make_points(methods: CompiledMethods | None) -> type:
    """A dataclass with defaults, a factory, a frozen hash and annotations, made through
    `methods` (None: as dataclasses makes it)."""
    if methods is not None:
        dataclasses.exec = methods.exec  # type: ignore[attr-defined]
    try:

        @dataclasses.dataclass(frozen=True, order=True)
        class Point:
            x: int
            y: float = 0.5
            tags: list[str] = dataclasses.field(default_factory=list, compare=False)

    finally:
        if methods is not None:
            del dataclasses.exec  # type: ignore[attr-defined]
    return Point


def test_dataclasses_go_through_the_cache_and_make_the_same_class(tmp_path: Path):
    methods = CompiledMethods(tmp_path / "methods")
    cached = make_points(methods)
    plain = make_points(None)
    assert methods.compiled >= 8  # __init__, __repr__, __eq__, the order, __hash__, frozen
    for name in ("__init__", "__repr__", "__eq__", "__lt__", "__hash__", "__setattr__"):
        assert getattr(cached, name).__code__ == getattr(plain, name).__code__, name
    point = cached(1)
    assert (point.x, point.y, point.tags, repr(point)) == (1, 0.5, [], repr(plain(1)))
    assert repr(point).endswith("Point(x=1, y=0.5, tags=[])")
    assert cached(1) < cached(2) and hash(cached(1)) == hash(cached(1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    # This module has `from __future__ import annotations`; the methods must not: the
    # annotations of a generated __init__ are the fields' (here strings, as this module's
    # are), not the names of the variables that hold them.
    assert cached.__init__.__annotations__ == plain.__init__.__annotations__
    assert cached.__init__.__annotations__["x"] == "int"


def test_a_saved_file_is_read_back_and_compiles_nothing(tmp_path: Path):
    path = tmp_path / "methods"
    first = CompiledMethods(path)
    make_points(first)
    first.save()
    again = CompiledMethods(path)
    make_points(again)
    assert again.compiled == 0 and again.used == set(first.codes)
    modified = path.stat().st_mtime_ns
    again.save()  # nothing new: not written
    assert path.stat().st_mtime_ns == modified


def test_past_the_limit_the_file_keeps_what_one_process_used(tmp_path: Path):
    path = tmp_path / "methods"
    methods = CompiledMethods(path)
    methods.codes.update({f"x = {n}": compile(f"x = {n}", "<string>", "exec")
                          for n in range(compiled_methods.MAX_METHODS)})
    make_points(methods)
    methods.save()
    assert set(compiled_methods._read(path)) == methods.used


@pytest.mark.parametrize("damage", ["checksum", "shape", "truncated", "empty"])
def test_a_damaged_file_is_compiled_around_and_replaced(tmp_path: Path, damage):
    path = tmp_path / "methods"
    good = CompiledMethods(path)
    make_points(good)
    good.save()
    data = path.read_bytes()
    checksum, body = data.split(b"\n", 1)
    if damage == "checksum":
        path.write_bytes(checksum + b"\n" + body[:-1] + bytes([body[-1] ^ 1]))
    elif damage == "shape":  # whole, but not source text to code
        other = marshal.dumps({"x = 1": "not code"})
        cache_files.write_body(path, other)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    else:
        path.write_bytes(b"")
    methods = CompiledMethods(path)
    assert methods.codes == {} and not path.exists()
    make_points(methods)
    assert methods.compiled >= 8
    methods.save()
    assert set(compiled_methods._read(path)) == set(good.codes)


def test_a_file_others_may_write_is_not_read_and_is_replaced(tmp_path: Path):
    """It holds code: in the user's own folder, such a file (or one `sudo` left) is
    replaced by the user's own."""
    path = tmp_path / "methods"
    good = CompiledMethods(path)
    make_points(good)
    good.save()
    os.chmod(path, 0o666)
    refused = CompiledMethods(path)
    assert refused.codes == {}
    make_points(refused)
    refused.save()
    assert path.stat().st_mode & 0o777 == 0o600
    assert set(CompiledMethods(path).codes) == set(good.codes)


def test_on_a_file_system_without_permissions_the_file_is_not_written_at_every_exit(tmp_path: Path):
    """There every file and folder shows as anyone's (FAT, a Windows drive under WSL)."""
    folder = tmp_path / "cache"
    folder.mkdir()
    path = folder / "methods"
    good = CompiledMethods(path)
    make_points(good)
    good.save()
    os.chmod(path, 0o666)
    os.chmod(folder, 0o777)
    refused = CompiledMethods(path)
    assert refused.codes == {} and refused.path is None
    make_points(refused)
    written = path.stat().st_mtime_ns
    refused.save()
    assert path.stat().st_mtime_ns == written and path.stat().st_mode & 0o777 == 0o666


def test_a_temporary_file_a_killed_writer_left_is_removed_at_the_next_save(tmp_path: Path):
    forgotten, recent = tmp_path / ".methods.x.tmp", tmp_path / ".methods.y.tmp"
    forgotten.write_bytes(b"half")
    recent.write_bytes(b"being written")
    os.utime(forgotten, (0, 0))
    methods = CompiledMethods(tmp_path / "methods")
    make_points(methods)
    methods.save()
    assert not forgotten.exists() and recent.exists()


def test_the_command_makes_no_folder_above_the_cache(tmp_path: Path):
    """A mistyped $AGENDA_TUI_HOME is not made by `agenda-tui --help`."""
    home = tmp_path / "no" / "such" / "home"
    done = subprocess.run([sys.executable, "-m", "agenda_tui", "--help"], capture_output=True, text=True,
                          env=dict(os.environ, AGENDA_TUI_HOME=str(home)), timeout=120)
    assert done.returncode == 0 and "Usage" in done.stdout
    assert not (tmp_path / "no").exists()


def test_a_symlink_in_its_place_is_not_followed_and_is_replaced(tmp_path: Path):
    """Whoever may write to the folder could point it at any file of the user's."""
    path = tmp_path / "methods"
    good = CompiledMethods(tmp_path / "elsewhere")
    make_points(good)
    good.save()
    path.symlink_to(tmp_path / "elsewhere")
    methods = CompiledMethods(path)
    assert methods.codes == {}
    make_points(methods)
    methods.save()
    assert not path.is_symlink() and set(CompiledMethods(path).codes) == set(good.codes)


def test_a_fifo_in_its_place_does_not_block(tmp_path: Path):
    path = tmp_path / "methods"
    os.mkfifo(path)
    read: list[dict] = []
    reader = threading.Thread(target=lambda: read.append(CompiledMethods(path).codes), daemon=True)
    reader.start()
    reader.join(10)
    assert read == [{}]


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    methods = CompiledMethods(blocked / "methods")
    make_points(methods)
    methods.save()  # nothing raised
    assert blocked.read_text() == "not a folder"


names_seen: list[str] = []


def test_exec_keeps_exec_s_own_defaults(tmp_path: Path):
    """Without namespaces, the caller's, as the builtin does; anything but a string of
    source passes through."""
    methods = CompiledMethods(tmp_path / "methods")
    methods.exec("names_seen.append(__name__)")
    assert names_seen == [__name__]
    local = "a local"
    methods.exec("names_seen.append(local); local = 'changed'")
    assert names_seen == [__name__, "a local"] and local == "a local"
    namespace: dict = {}
    methods.exec("y = 2", namespace)
    methods.exec(compile("z = 3", "<string>", "exec"), namespace)
    assert (namespace["y"], namespace["z"]) == (2, 3)
    assert methods.compiled == 3  # the code object was not compiled, nor kept
    assert len(methods.codes) == 3


def test_install_hands_dataclasses_the_cache_and_saves_at_exit(tmp_path: Path, monkeypatch):
    saved: list = []
    monkeypatch.setattr(compiled_methods.atexit, "register", saved.append)
    monkeypatch.setenv("AGENDA_TUI_HOME", str(tmp_path))
    methods = compiled_methods.install()
    try:
        assert methods is not None and dataclasses.exec == methods.exec  # type: ignore[attr-defined]

        @dataclasses.dataclass
        class Made:
            value: int

        assert Made(3).value == 3 and methods.compiled >= 3
    finally:
        del dataclasses.exec  # type: ignore[attr-defined]
    assert saved == [methods.save]
    dataclasses.exec = methods.exec  # type: ignore[attr-defined]
    assert compiled_methods.install() is methods and saved == [methods.save]  # once per process
    del dataclasses.exec  # type: ignore[attr-defined]
    methods.save()
    assert compiled_methods.file_path().parent == tmp_path / "cache"
    assert set(compiled_methods._read(compiled_methods.file_path())) == set(methods.codes)


def file_name(options: list[str], home: Path, ranges_variable: str) -> str:
    script = "from agenda_tui import compiled_methods; print(compiled_methods.file_path().name)"
    done = subprocess.run(
        [sys.executable, *options, "-c", script],
        env=dict(os.environ, AGENDA_TUI_HOME=str(home), PYTHONNODEBUGRANGES=ranges_variable),
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize(("options", "suffix"), [
    ([], "-0"), (["-O"], "-1"), (["-X", "no_debug_ranges"], "-0-r"), (["-E"], "-0")])
def test_one_file_for_each_way_python_compiles(tmp_path: Path, options: list[str], suffix: str):
    """-O and -X no_debug_ranges (or PYTHONNODEBUGRANGES, unless -E) change the code compiled."""
    name = file_name(options, tmp_path, "")
    assert name.endswith(suffix)
    with_variable = file_name(options, tmp_path, "1")
    assert with_variable == (name if "-E" in options or name.endswith("-r") else name + "-r")


def test_no_cache_folder_means_no_cache(monkeypatch):
    monkeypatch.setenv("AGENDA_TUI_HOME", "~no-such-user-here/x")
    assert compiled_methods.install() is None
    assert not hasattr(dataclasses, "exec")
