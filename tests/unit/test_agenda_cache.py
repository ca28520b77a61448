"""The agenda cache: a large agenda read twice comes the second time from validated JSON,
equal to reading its TOML, and nothing wrong with the cache ever gets in the way."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest

from agenda_tui import agenda_cache, agenda_file
from agenda_tui.agenda_file import load_agenda, save_agenda
from agenda_tui.cli import main
from agenda_tui.errors import InvalidFileError
from agenda_tui.importing import import_source
from agenda_tui.model import Agenda, Session, repeated_wall_clock, time_order
from agenda_tui.paths import embedded_agenda_path
from tests.conftest import TEST_DATA

AUTUMN = TEST_DATA / "import" / "frab-dst-autumn.xml"


def big_dst_agenda(extra: int = 300, title: str = "Filler") -> Agenda:
    """The night the clocks go back in Berlin (times in the repeated hour), padded out to
    well over the size below which the cache is not used."""
    agenda = import_source(AUTUMN).agenda
    first = agenda.sessions[0].start.replace(hour=10, minute=0, day=26, fold=0)
    filler = [Session(id=f"filler-{n}", start=first + timedelta(minutes=n),
                      end=first + timedelta(minutes=n + 30), title=f"{title} {n}",
                      abstract="Words about the session. " * 8, location=f"Room {n % 7}")
              for n in range(extra)]
    return agenda.model_copy(update={"sessions": agenda.sessions + filler})


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    path = tmp_path / "big.toml"
    save_agenda(big_dst_agenda(), path)
    assert path.stat().st_size >= agenda_cache.MIN_CACHED_BYTES
    return path


def cache_files() -> list[Path]:
    folder = agenda_cache.folder()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


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
    assert warm.model_dump_json() == cold.model_dump_json()
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


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],                                   # truncated
    lambda data: b"",                                                      # empty
    lambda data: b"\x00\xff garbage",                                      # not text
    lambda data: data.split(b"\n", 1)[1],                                  # no zone line
    lambda data: b"Nowhere/Zone\n" + data.split(b"\n", 1)[1],              # unknown zone
    lambda data: b"UTC\n" + data.split(b"\n", 1)[1],                       # another zone
    lambda data: data.replace(b'"kind":"other"', b'"kind":"bogus"', 1),   # fails validation
    lambda data: data.replace(b'"id":"filler-1"', b'"id":"filler 1"', 1),  # fails validation
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


def test_small_files_never_touch_the_cache(tmp_path: Path):
    for path in (embedded_agenda_path(), TEST_DATA / "tiny.toml"):
        assert path.stat().st_size < agenda_cache.MIN_CACHED_BYTES
        load_agenda(path)
        load_agenda(path)
    assert not agenda_cache.folder().exists()


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


def test_the_cache_file_holds_the_zone_the_time_order_a_checksum_then_json(big_file: Path):
    cold = load_agenda(big_file, cache=False)
    load_agenda(big_file)
    [cached] = cache_files()
    zone, order, checksum, body = cached.read_bytes().split(b"\n", 3)
    assert zone == b"Europe/Berlin"
    positions = [int(at) for at in order.split(b",")]
    assert [cold.sessions[at] for at in positions] == cold.sessions_in_order
    assert checksum.decode() == hashlib.sha256(order + b"\n" + body).hexdigest()
    assert body.startswith(b"{")


def _rewrite_body(cached: Path, change) -> None:
    zone, order, checksum, body = cached.read_bytes().split(b"\n", 3)
    cached.write_bytes(b"\n".join((zone, order, checksum, change(body))))


def test_a_body_that_does_not_match_its_checksum_is_discarded_and_rebuilt(big_file: Path):
    cold = load_agenda(big_file, cache=False)
    load_agenda(big_file)
    [cached] = cache_files()
    # Still valid JSON and a valid agenda, so only the checksum can tell.
    _rewrite_body(cached, lambda body: body.replace(b'"Filler 1"', b'"Filler X"', 1))
    assert load_agenda(big_file) == cold
    assert b"Filler X" not in cached.read_bytes()


@pytest.mark.parametrize("damage", [
    (b'"end":"2024-10-26T10:31:00+02:00"', b'"end":"2024-10-26T09:00:00+02:00"'),  # before its start
    (b'"people":[]', b'"people":[{"speaker":"nobody","role":"speaker"}]'),  # an unknown speaker
])
def test_a_cached_agenda_that_fails_the_checks_of_its_toml_is_discarded_and_rebuilt(
        big_file: Path, damage):
    cold = load_agenda(big_file, cache=False)
    load_agenda(big_file)
    [cached] = cache_files()
    before, after = damage

    def inconsistent(body: bytes) -> bytes:
        assert before in body
        return body.replace(before, after, 1)

    zone, order, _, body = cached.read_bytes().split(b"\n", 3)
    body = inconsistent(body)
    cached.write_bytes(b"\n".join((zone, order, hashlib.sha256(order + b"\n" + body).hexdigest().encode(),
                                   body)))
    assert agenda_cache.read(cached.stem) is None
    assert load_agenda(big_file) == cold


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
    zone, order, body = cached.read_bytes().split(b"\n", 2)
    repeated = b",".join([b"0"] * len(order.split(b",")))  # as many positions, all the first
    cached.write_bytes(b"\n".join((zone, repeated, body)))
    agenda = load_agenda(big_file)
    assert agenda.sessions_in_order == sorted(agenda.sessions, key=time_order)
    assert not cached.exists() or cached.read_bytes().split(b"\n", 2)[1] == order


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
    assert installed.stat().st_size >= agenda_cache.MIN_CACHED_BYTES
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
    """Until pydantic reads the JSON, the cache has held about the file once at most:
    splitting it into lines and body, or read() joining its buffer with the rest, would
    hold copies, adding megabytes to the peak memory."""
    import tracemalloc

    load_agenda(big_file)
    (cached,) = cache_files()
    held: list[int] = []
    real_validate = Agenda.model_validate_json

    def measured(json_data, **kwargs):
        held.append(tracemalloc.get_traced_memory()[1])  # the peak so far
        assert type(json_data) is bytes  # pydantic would copy a bytearray, to be safe
        return real_validate(json_data, **kwargs)

    monkeypatch.setattr(Agenda, "model_validate_json", measured)
    tracemalloc.start()
    try:
        agenda = agenda_cache.read(cached.stem)
    finally:
        tracemalloc.stop()
    assert agenda is not None
    assert held and held[0] < 1.5 * cached.stat().st_size


def test_a_cache_file_read_back_in_parts_is_read_whole(big_file: Path):
    """Some file systems (FUSE, network mounts) return a large read in parts."""
    import io

    from agenda_tui.agenda_cache import _decode

    class InParts(io.FileIO):
        def read(self, size=-1):
            return super().read(min(size, 4096) if size and size > 0 else 4096)

    warm = load_agenda(big_file)
    (cached,) = cache_files()
    with io.BufferedReader(InParts(cached)) as handle:
        assert _decode(handle) == warm
