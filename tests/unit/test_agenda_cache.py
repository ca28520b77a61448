"""The agenda cache: an agenda read twice comes the second time from checked plain data,
equal to reading its TOML, and nothing wrong with the cache ever gets in the way."""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from agenda_tui import agenda_cache, agenda_file
from agenda_tui.agenda_file import load_agenda, save_agenda
from agenda_tui.cli import main
from agenda_tui.errors import InvalidFileError
from agenda_tui.importing import import_source
from agenda_tui.model import Agenda, Session, plain_data, repeated_wall_clock, time_order
from agenda_tui.paths import embedded_agenda_path
from tests.conftest import TEST_DATA

AUTUMN = TEST_DATA / "import" / "frab-dst-autumn.xml"


def big_dst_agenda(extra: int = 300, title: str = "Filler") -> Agenda:
    """The night the clocks go back in Berlin (times in the repeated hour), padded out."""
    agenda = import_source(AUTUMN).agenda
    first = agenda.sessions[0].start.replace(hour=10, minute=0, day=26, fold=0)
    filler = [Session(id=f"filler-{n}", start=first + timedelta(minutes=n),
                      end=first + timedelta(minutes=n + 30), title=f"{title} {n}",
                      abstract="Words about the session. " * 8, location=f"Room {n % 7}")
              for n in range(extra)]
    return dataclasses.replace(agenda, sessions=agenda.sessions + filler)


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    path = tmp_path / "big.toml"
    save_agenda(big_dst_agenda(), path)
    return path


def cache_files() -> list[Path]:
    folder = agenda_cache.folder()
    return sorted(folder.glob("*.agenda")) if folder.is_dir() else []


def no_toml(monkeypatch) -> None:
    """Make any read of TOML fail the test."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("the TOML was parsed although the agenda is cached")
    monkeypatch.setattr(agenda_file.toml_text, "loads", refuse)
    monkeypatch.setattr(agenda_file, "agenda_from_data", refuse)


def instants(agenda: Agenda) -> list[tuple]:
    return [(s.id, s.start_utc, s.end_utc, s.start.fold, s.end.fold, s.start.utcoffset(),
             s.end.utcoffset(), repeated_wall_clock(s.start), repeated_wall_clock(s.end))
            for s in agenda.sessions]


def test_second_load_comes_from_the_cache_and_equals_the_cold_load(big_file: Path, monkeypatch):
    cold = load_agenda(big_file, cache=False)
    assert cache_files() == []  # cache=False leaves the cache alone
    first = load_agenda(big_file)
    assert len(cache_files()) == 1
    no_toml(monkeypatch)
    warm = load_agenda(big_file)
    assert warm == cold == first
    assert plain_data(warm, json_ready=True) == plain_data(cold, json_ready=True)
    assert instants(warm) == instants(cold)
    # The two 02:30s of 27 October 2024 stay an hour apart, each with its own offset.
    by_id = warm.sessions_by_id
    assert by_id["second-0230"].start_utc - by_id["first-0230"].start_utc == timedelta(hours=1)
    assert (by_id["first-0230"].start.fold, by_id["second-0230"].start.fold) == (0, 1)
    assert by_id["across"].end.strftime("%H:%M %Z") == "02:30 CET"
    assert all(s.start.tzinfo is warm.zone for s in warm.sessions)


def test_a_changed_file_is_read_again(big_file: Path):
    load_agenda(big_file)
    save_agenda(big_dst_agenda(title="Changed"), big_file)
    assert load_agenda(big_file).sessions_by_id["filler-0"].title == "Changed 0"
    assert len(cache_files()) == 2


def test_changed_code_does_not_use_the_old_cache(big_file: Path, monkeypatch):
    load_agenda(big_file)
    monkeypatch.setattr(agenda_cache, "_code_stamp", lambda: b"another version of the code")
    calls = []
    real_loads = agenda_file.toml_text.loads
    monkeypatch.setattr(agenda_file.toml_text, "loads", lambda text: calls.append(1) or real_loads(text))
    load_agenda(big_file)
    assert calls == [1]


def _with_checksum(body: bytes) -> bytes:
    return hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def _with_fields(data: bytes, change) -> bytes:
    """The cache file `data` with its fields changed by `change` (on lists, not tuples)
    and a checksum that matches: only the shape of the data can tell."""
    def as_lists(value):
        return [as_lists(item) for item in value] if isinstance(value, tuple) else value

    def as_tuples(value):
        return tuple(as_tuples(item) for item in value) if isinstance(value, list) else value

    fields = as_lists(marshal.loads(data.split(b"\n", 1)[1]))
    change(fields)
    return _with_checksum(marshal.dumps(as_tuples(fields)))


def _set(path, value):
    def change(fields):
        *parents, last = path
        for part in parents:
            fields = fields[part]
        fields[last] = value
    return change


SCHEMA, CONFERENCE, TRACKS, SPEAKERS, SESSIONS, ORDER = range(6)


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],                                   # truncated
    lambda data: b"",                                                      # empty
    lambda data: b"\x00\xff garbage",                                      # not text
    lambda data: data.split(b"\n", 1)[1],                                  # no checksum line
    lambda data: _with_checksum(b"not marshal data"),
    lambda data: _with_checksum(marshal.dumps((1, 2, 3))),                 # another shape
    lambda data: _with_fields(data, _set((CONFERENCE, 5), "Nowhere/Zone")),  # unknown zone
    lambda data: _with_fields(data, _set((SESSIONS, 1, 5), "bogus")),      # an unknown kind
    lambda data: _with_fields(data, _set((SESSIONS, 1), ["filler-1"])),    # a session cut short
    lambda data: _with_fields(data, _set((SESSIONS, 1, 3), 10**30)),       # a time out of range
])
def test_a_damaged_cache_file_is_ignored_and_rewritten(big_file: Path, damage):
    cold = load_agenda(big_file, cache=False)
    load_agenda(big_file)
    [cached] = cache_files()
    good = cached.read_bytes()
    cached.write_bytes(damage(good))
    again = load_agenda(big_file)
    assert again == cold and instants(again) == instants(cold)
    assert cache_files() == [cached] and cached.read_bytes() == good


def test_an_unwritable_cache_still_loads(big_file: Path, isolated_home: Path):
    (isolated_home / "cache").write_text("a file where the cache directory should be")
    cold = load_agenda(big_file, cache=False)
    assert load_agenda(big_file) == cold
    assert load_agenda(big_file) == cold


def test_an_unreadable_cache_entry_still_loads(big_file: Path):
    load_agenda(big_file)
    [cached] = cache_files()
    cached.unlink()
    cached.mkdir()  # a directory where the cache file should be: cannot be read or replaced
    assert load_agenda(big_file) == load_agenda(big_file, cache=False)


def test_small_files_are_cached_too_and_a_warm_start_never_loads_pydantic(tmp_path: Path):
    for path in (TEST_DATA / "tiny.toml", embedded_agenda_path()):
        cold = load_agenda(path, cache=False)
        assert load_agenda(path) == cold
    assert len(cache_files()) == 2
    script = ("import sys; from pathlib import Path; from agenda_tui.agenda_file import load_agenda; "
              f"agenda = load_agenda(Path({str(embedded_agenda_path())!r})); "
              "print(len(agenda.sessions), 'pydantic' in sys.modules)")
    warm = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert warm.stdout.split() == [str(len(cold.sessions)), "False"]
    for cached in cache_files():
        cached.unlink()
    cold_start = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                check=True)
    assert cold_start.stdout.split() == [str(len(cold.sessions)), "True"]  # it checked the TOML


def test_at_most_a_few_cache_files_are_kept(tmp_path: Path):
    paths = []
    for n in range(agenda_cache.MAX_CACHED_FILES + 3):
        path = tmp_path / f"big-{n}.toml"
        save_agenda(big_dst_agenda(title=f"Version {n}"), path)
        load_agenda(path)
        paths.append(path)
    assert len(cache_files()) == agenda_cache.MAX_CACHED_FILES
    assert agenda_cache.path_for(agenda_cache.key_for(paths[-1].read_bytes())).is_file()


def test_validate_always_reads_the_toml(big_file: Path, monkeypatch, capsys):
    load_agenda(big_file)  # cached
    used = []
    monkeypatch.setattr(agenda_cache, "read", lambda key: used.append("read"))
    monkeypatch.setattr(agenda_cache, "write", lambda key, agenda: used.append("write"))
    with pytest.raises(SystemExit) as caught:
        main(["validate", str(big_file)])
    assert caught.value.code == 0 and used == []
    assert "valid agenda 'Clock change night': 303 sessions" in capsys.readouterr().out


def test_validate_reports_problems_in_a_large_file_with_lines(big_file: Path, capsys):
    text = big_file.read_text(encoding="utf-8")
    line = text.splitlines().index('id = "filler-5"') + 1
    big_file.write_text(text.replace('id = "filler-5"', 'id = "filler-4"'), encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["validate", str(big_file)])
    assert caught.value.code == 2
    assert capsys.readouterr().err == f"{big_file}:{line}: sessions[8].id: duplicate id 'filler-4'\n"
    with pytest.raises(InvalidFileError):
        load_agenda(big_file)
    assert cache_files() == []


def test_the_cache_file_holds_a_checksum_then_the_fields_with_the_time_order(big_file: Path):
    cold = load_agenda(big_file, cache=False)
    load_agenda(big_file)
    [cached] = cache_files()
    checksum, body = cached.read_bytes().split(b"\n", 1)
    assert checksum.decode() == hashlib.sha256(body).hexdigest()
    fields = marshal.loads(body)
    assert fields[CONFERENCE][5] == "Europe/Berlin"
    assert [cold.sessions[at] for at in fields[ORDER]] == cold.sessions_in_order


def test_a_body_that_does_not_match_its_checksum_is_discarded_and_rebuilt(big_file: Path):
    cold = load_agenda(big_file, cache=False)
    load_agenda(big_file)
    [cached] = cache_files()
    # Still marshal data of the right shape, so only the checksum can tell.
    checksum, body = cached.read_bytes().split(b"\n", 1)
    cached.write_bytes(checksum + b"\n" + body.replace(b"Filler 1", b"Filler X", 1))
    assert load_agenda(big_file) == cold
    assert b"Filler X" not in cached.read_bytes()


@pytest.mark.timeout(30)
def test_a_fifo_in_the_cache_is_passed_by(big_file: Path):
    import os

    cold = load_agenda(big_file)
    [cached] = cache_files()
    cached.unlink()
    os.mkfifo(cached)
    assert load_agenda(big_file) == cold


def test_a_warm_agenda_keeps_the_time_order_a_sort_gives(big_file: Path):
    load_agenda(big_file)
    warm = load_agenda(big_file)
    assert "sessions_in_order" in warm.__dict__  # adopted from the cache, not sorted
    assert warm.sessions_in_order == sorted(warm.sessions, key=time_order)


def test_an_order_that_is_not_a_permutation_is_refused_and_the_toml_read(big_file: Path):
    load_agenda(big_file)
    [cached] = cache_files()
    good = cached.read_bytes()
    # As many positions, all the first.
    cached.write_bytes(_with_fields(good, lambda fields: fields[ORDER].__setitem__(
        slice(None), [0] * len(fields[ORDER]))))
    agenda = load_agenda(big_file)
    assert agenda.sessions_in_order == sorted(agenda.sessions, key=time_order)
    assert cached.read_bytes() == good


def test_import_install_leaves_the_agenda_ready_in_the_cache(tmp_path: Path, isolated_home: Path,
                                                            monkeypatch):
    events = "".join(
        f'<event guid="filler-{n}" id="{100 + n}"><date>2024-10-26T{10 + n // 60:02}:{n % 60:02}:00+02:00'
        f"</date><start>{10 + n // 60:02}:{n % 60:02}</start><duration>00:30</duration><room>B</room>"
        f"<title>Filler {n}</title><abstract>{'Words about the session. ' * 8}</abstract></event>"
        for n in range(300))
    source = tmp_path / "big.xml"
    xml = AUTUMN.read_text(encoding="utf-8")
    source.write_text(xml.replace("</room>\n  </day>", f'</room><room name="B">{events}</room></day>'),
                      encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["import", str(source), "--install"])
    assert caught.value.code == 0
    installed = isolated_home / "agendas" / "dst-autumn.toml"
    assert len(cache_files()) == 1
    cold = load_agenda(installed, cache=False)
    assert len(cold.sessions) == 303
    no_toml(monkeypatch)
    warm = load_agenda(installed)
    assert warm == cold and instants(warm) == instants(cold)


def test_a_file_changed_while_the_cache_is_looked_up_is_cached_under_its_new_bytes(
        big_file: Path, monkeypatch):
    """The key is taken from the bytes first read; if the file changes before it is read
    again to be parsed, the cache must not file the new agenda under the old bytes."""
    old_bytes = big_file.read_bytes()
    save_agenda(big_dst_agenda(title="Changed"), big_file.with_suffix(".new"))
    new_bytes = big_file.with_suffix(".new").read_bytes()
    real_read = agenda_cache.read

    def read_then_change(key: str):
        found = real_read(key)
        big_file.write_bytes(new_bytes)
        return found

    monkeypatch.setattr(agenda_cache, "read", read_then_change)
    loaded = load_agenda(big_file)
    assert loaded.sessions_by_id["filler-0"].title == "Changed 0"
    assert not agenda_cache.path_for(agenda_cache.key_for(old_bytes)).exists()
    assert agenda_cache.path_for(agenda_cache.key_for(new_bytes)).is_file()


def test_reading_the_cache_holds_no_copy_of_it(big_file: Path, monkeypatch):
    """Until marshal reads the data, the cache has held about the file once at most:
    splitting it into lines and body, or read() joining its buffer with the rest, would
    hold copies, adding megabytes to the peak memory."""
    import tracemalloc

    load_agenda(big_file)
    (cached,) = cache_files()
    held: list[int] = []
    real_loads = marshal.loads

    def measured(data, /):
        held.append(tracemalloc.get_traced_memory()[1])  # the peak so far
        return real_loads(data)

    monkeypatch.setattr(agenda_cache.marshal, "loads", measured)
    tracemalloc.start()
    try:
        agenda = agenda_cache.read(cached.stem)
    finally:
        tracemalloc.stop()
    assert agenda is not None
    assert held and held[0] < 1.5 * cached.stat().st_size


def test_a_cache_file_others_may_write_is_still_read(big_file: Path, monkeypatch):
    """Only the compiled methods' file (code) must be private: agendas are read from a
    file system without Unix permissions too, where every file looks writable by all."""
    warm = load_agenda(big_file)
    (cached,) = cache_files()
    cached.chmod(0o666)
    no_toml(monkeypatch)
    assert load_agenda(big_file) == warm


def test_any_error_while_reading_the_cache_means_reading_the_toml(big_file: Path, monkeypatch):
    from agenda_tui import cache_files as files

    warm = load_agenda(big_file)
    (cached,) = cache_files()

    def out_of_memory(*_args):
        raise MemoryError

    monkeypatch.setattr(files, "_checked_body", out_of_memory)
    assert agenda_cache.read(cached.stem) is None
    assert not cached.exists()
    assert load_agenda(big_file) == warm


def test_a_cache_file_read_back_in_parts_is_read_whole(big_file: Path):
    """Some file systems (FUSE, network mounts) return a large read in parts."""
    import io
    import marshal

    from agenda_tui.agenda_codec import agenda_from_fields
    from agenda_tui.cache_files import _checked_body

    class InParts(io.FileIO):
        def read(self, size=-1):
            return super().read(min(size, 4096) if size and size > 0 else 4096)

    warm = load_agenda(big_file)
    (cached,) = cache_files()
    with io.BufferedReader(InParts(cached)) as handle:
        assert agenda_from_fields(marshal.loads(_checked_body(handle, cached.stat().st_size))) == warm


def test_new_rules_for_the_zone_mean_the_toml_is_read_again(big_file: Path, monkeypatch):
    """The cache keeps instants, which follow the zone's rules as they were: once the
    rules change (a country that moves its clocks), a warm start would show wrong times."""
    from agenda_tui import agenda_codec

    cold = load_agenda(big_file, cache=False)
    load_agenda(big_file)
    [cached] = cache_files()
    assert agenda_cache.read(cached.stem) == cold
    monkeypatch.setattr(agenda_codec, "rules_stamp", lambda name: "rules of another year")
    assert agenda_cache.read(cached.stem) is None
    assert load_agenda(big_file) == cold


def test_the_rules_stamp_follows_the_zone_file(tmp_path: Path, monkeypatch):
    import os
    import shutil
    import zoneinfo

    from agenda_tui.zones import rules_stamp

    [found] = [Path(folder) / "Europe" / "Berlin" for folder in zoneinfo.TZPATH
               if (Path(folder) / "Europe" / "Berlin").is_file()][:1] or [None]
    if found is None:
        pytest.skip("no system zone data to copy (zoneinfo reads the tzdata package)")
    copy = tmp_path / "zones" / "Europe" / "Berlin"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(found, copy)
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(tmp_path / "zones"),))
    before = rules_stamp("Europe/Berlin")
    assert before.startswith(str(copy))
    os.utime(copy, ns=(1, 1))  # new rules installed
    assert rules_stamp("Europe/Berlin") not in ("", before)


def test_an_older_versions_cache_files_are_removed(big_file: Path):
    folder = agenda_cache.folder()
    folder.mkdir(parents=True)
    old = folder / ("0" * 64 + ".json")
    old.write_text("{}")
    load_agenda(big_file)
    assert not old.exists() and len(cache_files()) == 1
