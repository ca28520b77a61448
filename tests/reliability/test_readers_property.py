"""Every reader, on any input: a valid model or the project's own error with one-line
messages; no other exception, and no input hangs a reader.

Inputs are mutations (byte flips, truncations, deletions, duplications, splices of
small slices, bytes meaningful to the formats) of hand-written files in tests/data,
which every checkout has, and of the real published schedules in ../shared/data,
where that folder is present.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda_tui.agenda_file import dump_agenda, load_agenda, parse_agenda
from agenda_tui.errors import AgendaError
from agenda_tui.importing import import_source
from agenda_tui.model import Agenda, plain_data
from agenda_tui.state_file import StateFile, dump_state
from agenda_tui.state_model import ExportRecord, SeenAgenda, Settings, UserState
from tests.reliability.support import (
    HOSTILE,
    REPO_DATA,
    assert_one_line_messages,
    inputs,
    require_shared,
    small_seeds,
)

# Examples per test; docs/reliability.md quotes these numbers.
SMALL_EXAMPLES = 150
REAL_EXAMPLES = 20

# No per-input deadline (timings here are noise); a reader that hangs fails the test
# through the timeout marker instead.
small = settings(max_examples=SMALL_EXAMPLES, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
real = settings(max_examples=REAL_EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
pytestmark = pytest.mark.timeout(300)

ZONES = st.sampled_from([None, "Europe/Berlin", "America/New_York", "Not/AZone", "", "Europe",
                         "America", "Z" * 300, "localtime"])


def check_agenda(agenda: Agenda) -> None:
    """A valid model: what it holds, written as an agenda file, reads back the same."""
    assert isinstance(agenda, Agenda)
    again = parse_agenda(dump_agenda(agenda), "<round trip>")
    assert plain_data(again) == plain_data(agenda)


def check_import(data: bytes, format: str, timezone: str | None, strict: bool = False) -> None:
    try:
        result = import_source(data, format=format, timezone=timezone, name="<fuzz>", strict=strict)
    except AgendaError as error:
        assert_one_line_messages(error)
        return
    check_agenda(result.agenda)
    for warning in result.warnings:
        assert len(warning.splitlines()) == 1, warning


# -- agenda TOML -----------------------------------------------------------------

TOML_SEEDS = small_seeds("tiny.toml", "export-tricky.toml") + [
    (REPO_DATA / "symposium-genai-physsci-2024.toml").read_bytes()]

@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("agenda-fuzz")


def check_agenda_file(directory: Path, data: bytes) -> None:
    path = directory / "agenda.toml"
    path.write_bytes(data)
    try:
        agenda = load_agenda(path)
    except AgendaError as error:
        assert_one_line_messages(error)
        return
    check_agenda(agenda)


@small
@given(inputs(TOML_SEEDS))
def test_agenda_toml_hand_written_seeds(scratch: Path, data: bytes):
    check_agenda_file(scratch, data)


@small
@given(st.text(max_size=300))
def test_agenda_toml_any_text(text: str):
    try:
        agenda = parse_agenda(text, "<fuzz>")
    except AgendaError as error:
        assert_one_line_messages(error)
        return
    check_agenda(agenda)


@real
@given(st.data())
def test_agenda_toml_from_real_schedules(scratch: Path, data):
    """The real schedules, imported and written as agenda TOML, then mutated."""
    seeds = _real_toml_seeds()
    check_agenda_file(scratch, data.draw(inputs(seeds)))


_real_toml: list[bytes] = []


def _real_toml_seeds() -> list[bytes]:
    if not _real_toml:
        for name, zone in (("fosdem-2025-schedule.xml", None),
                           ("rc3-2020-pretalx-schedule.json", "Europe/Berlin"),
                           ("pyconuk-2015-schedule.ics", "Europe/London")):
            agenda = import_source(require_shared(name), timezone=zone).agenda
            _real_toml.append(dump_agenda(agenda).encode("utf-8"))
    return _real_toml


# -- imports: frab XML, schedule.json, iCalendar ---------------------------------

FORMAT_SEEDS = {
    "frab": (small_seeds("import/frab-small.xml", "import/frab-no-zone.xml",
                         "import/frab-malformed.xml", "import/frab-one-broken.xml"),
             ["fosdem-2025-schedule.xml", "38c3-schedule.xml"]),
    "json": (small_seeds("import/schedule-small.json", "import/schedule-malformed.json",
                         "import/schedule-one-broken.json"),
             ["rc3-2020-pretalx-schedule.json"]),
    "ics": (small_seeds("import/feed-small.ics", "import/feed-utc-no-zone.ics",
                        "import/feed-malformed.ics", "import/feed-recurring.ics",
                        "import/feed-one-broken.ics", "import/feed-zero-length.ics",
                        "import/own-export.ics"),
            ["pyconuk-2015-schedule.ics"]),
}


@pytest.mark.parametrize("format", list(FORMAT_SEEDS))
@small
@given(data=st.data(), zone=ZONES, auto=st.booleans(), strict=st.booleans())
def test_import_hand_written_seeds(format: str, data, zone, auto: bool, strict: bool):
    seeds, _ = FORMAT_SEEDS[format]
    check_import(data.draw(inputs(seeds)), "auto" if auto else format, zone,
                 strict)


@pytest.mark.parametrize("format", list(FORMAT_SEEDS))
@real
@given(data=st.data(), zone=ZONES, strict=st.booleans())
def test_import_real_schedules(format: str, data, zone, strict: bool):
    _, names = FORMAT_SEEDS[format]
    seeds = [require_shared(name) for name in names]
    check_import(data.draw(inputs(seeds)), format, zone, strict)


@pytest.mark.parametrize("format", list(FORMAT_SEEDS))
@small
@given(data=st.binary(max_size=2048), zone=ZONES)
def test_import_any_bytes(format: str, data: bytes, zone):
    check_import(data, format, zone)


# -- the user's state file ------------------------------------------------------

def _state_seeds() -> list[bytes]:
    state = UserState(
        conference_id="conf",
        bookmarks=["s-1", "s-2", "weird id"],
        notes={"s-1": "line one\nline two", "s-2": HOSTILE[0] + HOSTILE[3]},
        settings=Settings(theme="gruvbox"),
        seen=SeenAgenda(version="v1"),
        exports={"s-1": ExportRecord(fingerprint="f", sequence=3)},
    )
    newer_keys = (b'schema_version = 1\nconference_id = "conf"\nbookmarks = ["a"]\n'
                  b'[settings]\ndisplay_zone = "venue"\nfont = "big"\n[tags]\na = ["x"]\n')
    return [dump_state(state).encode("utf-8"), b'conference_id = "conf"\n', b"", newer_keys,
            b"\xef\xbb\xbf" + newer_keys.replace(b"schema_version = 1", b"schema_version = 2"),
            b'conference_id = "conf"\nbookmarks = "s-1"\nnotes = { a = 5, b = "ok" }\n',
            b'conference_id = "conf"\n[bookmarks]\na = 1\n[[notes]]\nx = 1\n[[exports]]\ny = 2\n']


STATE_SEEDS = _state_seeds()


def check_state_file(directory: Path, data: bytes) -> None:
    for leftover in directory.iterdir():
        leftover.unlink()
    path = directory / "conf.toml"
    path.write_bytes(data)
    store = StateFile(path, "conf")  # must never raise
    warnings = store.take_warnings()
    for warning in warnings:
        assert len(warning.splitlines()) == 1, warning
    asides = list(directory.glob("conf.toml.corrupt-*"))
    if asides:
        # Moved aside byte for byte, reported, and the session starts empty.
        [aside] = asides
        assert aside.read_bytes() == data
        assert any(str(aside) in warning for warning in warnings)
        assert store.state == UserState(conference_id="conf")
        assert not path.exists()
    else:
        # Read as it is: the file is untouched and the state is a valid model; a part
        # that could not be used is named, and a copy of the file as found is kept.
        assert path.read_bytes() == data
        assert isinstance(store.state, UserState)
        assert store.state.conference_id == "conf"
        copies = list(directory.glob("conf.toml.as-found-*"))
        assert all(copy.read_bytes() == data for copy in copies)
        if store.read_only_reason is None:
            assert bool(warnings) == bool(copies)
    store.set_bookmark("after", True)
    if store.read_only_reason is not None:  # a newer version's file: never rewritten
        assert path.read_bytes() == data
        return
    # The session goes on and saves, keeping every key it did not change.
    written = tomllib.loads(path.read_text(encoding="utf-8"))
    assert "after" in StateFile(path, "conf").state.bookmarks
    if not asides:
        original = tomllib.loads(data.decode("utf-8").removeprefix("\ufeff"))
        for key, value in original.items():
            assert key == "bookmarks" or written[key] == value, key
    assert not asides or asides[0].read_bytes() == data


@pytest.fixture(scope="module")
def state_scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("state-fuzz")


@small
@given(data=inputs(STATE_SEEDS))
def test_state_file_with_any_bytes(state_scratch: Path, data: bytes):
    check_state_file(state_scratch, data)


@small
@given(text=st.text(max_size=300))
def test_state_file_with_any_text(state_scratch: Path, text: str):
    check_state_file(state_scratch, text.encode("utf-8", "surrogatepass"))
