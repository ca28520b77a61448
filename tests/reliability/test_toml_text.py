"""toml_text.loads answers as tomllib.loads does, on every input: the same values of the same
types (int, float, bool; datetimes with or without an offset, dates, times), the same key
order, or the same refusal (its class and message, so its line).

Inputs: random text; TOML put together from pieces where the two readers could part (numbers
past 2**63, floats past their range, TOML 1.1 syntax that tomllib refuses, deep nesting, CR LF,
a byte-order mark, NUL, lone surrogates); documents written from generated data; mutations of
the agendas in data/ and tests/data and of generated agendas; every agenda in the repository;
and the real schedules of ../shared/data imported and written as agenda TOML.
"""

from __future__ import annotations

import platform
import sys
import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from agenda_tui import toml_text
from agenda_tui.agenda_file import dump_agenda, parse_toml
from agenda_tui.errors import InvalidFileError
from agenda_tui.importing import import_source
from tests.conftest import TEST_DATA
from tests.large_agenda import agenda_data
from tests.reliability.support import INTERESTING, REPO_DATA, inputs, require_shared

examples = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
few = settings(max_examples=60, deadline=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
pytestmark = pytest.mark.timeout(300)

AGENDA_FILES = sorted([*REPO_DATA.glob("*.toml"), *TEST_DATA.glob("**/*.toml")])


def typed(value: Any) -> list[tuple[str, Any]]:
    """`value` flattened, with every type spelled out: 1 and 1.0 and True differ, and so do
    a datetime with an offset and one without, -0.0 and 0.0, and key orders. Flat, as
    dotted keys nest deeper than a recursive walk (or tuple comparison) could go."""
    flat: list[tuple[str, Any]] = []
    pending: list[tuple[str | None, Any]] = [(None, value)]
    while pending:
        key, item = pending.pop()
        if key is not None:
            flat.append(("key", key))
        if type(item) is dict:
            flat.append(("dict", len(item)))
            pending.extend(reversed(list(item.items())))
        elif type(item) is list:
            flat.append(("list", len(item)))
            pending.extend((None, element) for element in reversed(item))
        else:
            flat.append((type(item).__name__, repr(item)))
    return flat


def outcome(read, text: str) -> tuple[Any, ...]:
    try:
        return ("read", typed(read(text)))
    except RecursionError:
        # Its message says where the stack ran out, which depends on the caller's depth.
        return ("refused", RecursionError)
    except (tomllib.TOMLDecodeError, ValueError) as error:
        return ("refused", type(error), str(error))


def called_deeper(frames: int, read, text: str):
    return read(text) if frames == 0 else called_deeper(frames - 1, read, text)


def assert_as_tomllib(text: str) -> None:
    ours = outcome(toml_text.loads, text)
    if ours == outcome(tomllib.loads, text):
        return
    # Where tomllib runs out of stack depends on how deep it is called from: toml_text
    # reads a deeply nested text again with tomllib a few frames below the caller, so at
    # the very edge it runs out where a direct call just does not. Then tomllib itself,
    # called as deep, gives the same answer.
    assert ours == ("refused", RecursionError)
    assert any(ours == outcome(partial(called_deeper, frames, tomllib.loads), text)
               for frames in range(1, 9))


# -- the compiled reader is the one in use --------------------------------------------

def test_the_compiled_reader_is_used_where_its_wheel_exists():
    if not (sys.platform == "linux" and platform.machine() in ("x86_64", "aarch64")
            and sys.implementation.name == "cpython"):
        pytest.skip("tomli publishes its compiled wheels for this check on Linux x86_64 and aarch64")
    assert toml_text.compiled_reader() is not None
    assert toml_text._compiled is not None


@pytest.mark.parametrize("version", ["2.2.1", "2.4.0", "2.5.0", "3.0.0", "unknown"])
def test_a_version_of_another_grammar_is_not_used(monkeypatch, version):
    import tomli

    monkeypatch.setattr(tomli, "__version__", version)
    assert toml_text.compiled_reader() is None


def test_the_pure_python_build_is_not_used(monkeypatch):
    from tomli import _parser

    monkeypatch.setattr(_parser, "__file__", _parser.__file__.rsplit(".", 2)[0] + ".py")
    assert toml_text.compiled_reader() is None


# -- every agenda in the repository, and the real schedules ------------------------

@pytest.mark.parametrize("path", AGENDA_FILES, ids=lambda path: path.name)
def test_every_agenda_in_the_repository_reads_as_with_tomllib(path: Path):
    text = path.read_text(encoding="utf-8-sig")
    expected = typed(tomllib.loads(text))
    assert typed(toml_text.loads(text)) == expected
    if toml_text._compiled is not None:  # and the compiled reader did it, with no fallback
        assert typed(toml_text._compiled(text)) == expected


def test_the_repository_holds_agendas():
    names = {path.name for path in AGENDA_FILES}
    assert {"symposium-genai-physsci-2024.toml", "night-rooms.toml", "tiny.toml"} <= names


@pytest.mark.parametrize("sessions", [1, 10, 300, 3000])
def test_generated_agendas_read_as_with_tomllib(sessions: int):
    text = tomli_w.dumps(agenda_data(sessions))
    expected = typed(tomllib.loads(text))
    assert typed(toml_text.loads(text)) == expected
    if toml_text._compiled is not None:
        assert typed(toml_text._compiled(text)) == expected


@pytest.mark.slow
@pytest.mark.parametrize(("name", "zone"), [
    ("fosdem-2025-schedule.xml", None),
    ("38c3-schedule.xml", None),
    ("rc3-2020-pretalx-schedule.json", "Europe/Berlin"),
    ("pyconuk-2015-schedule.ics", "Europe/London"),
])
def test_real_schedules_written_as_agenda_toml_read_as_with_tomllib(name: str, zone: str | None):
    text = dump_agenda(import_source(require_shared(name), timezone=zone).agenda)
    expected = typed(tomllib.loads(text))
    assert typed(toml_text.loads(text)) == expected
    if toml_text._compiled is not None:
        assert typed(toml_text._compiled(text)) == expected


# -- edges, named ----------------------------------------------------------------------

EDGES = [
    # integers at and past 64 bits, in every base
    f"a = {2**63 - 1}", f"a = {2**63}", f"a = {2**64}", f"a = -{2**63}", f"a = -{2**63 + 1}",
    f"a = {10**40}", "a = 0x7fffffffffffffff", "a = 0xffffffffffffffffff", "a = 0o7777777777777777777777",
    "a = 0b" + "1" * 70, "a = 9_223_372_036_854_775_808", "a = +0", "a = -0", "a = 01",
    "a = " + "7" * 4300, "a = " + "7" * 4301,
    # floats at and past their range, signed zeros, nan and inf
    "a = 1.7976931348623157e308", "a = 1.7976931348623159e308", "a = 1e309", "a = -1e400",
    "a = 5e-324", "a = 2e-324", "a = 1e-400", "a = -0.0", "a = +0.0", "a = 0e0", "a = 1E+2",
    "a = nan", "a = +nan", "a = -nan", "a = inf", "a = +inf", "a = -inf", "a = 1.", "a = .1",
    "a = 1_000.000_1", "a = 1__0.0", "a = 0." + "1" * 400, "a = 1e" + "9" * 30,
    # dates and times, with and without offsets
    "a = 1979-05-27T07:32:00Z", "a = 1979-05-27t07:32:00z", "a = 1979-05-27 07:32:00+14:00",
    "a = 1979-05-27T07:32:00-00:00", "a = 1979-05-27T07:32:00.999999999", "a = 1979-05-27",
    "a = 07:32:00", "a = 07:32:00.5", "a = 0000-01-01T00:00:00", "a = 9999-12-31T23:59:59+23:59",
    "a = 2024-02-30", "a = 2023-02-29", "a = 1979-05-27T24:00:00", "a = 1979-05-27T07:32:60",
    # TOML 1.1, which tomllib refuses and tomli 2.4 reads
    "a = {x = 1,}", "a = {\nx = 1\n}", 'a = "\\e"', 'a = "\\x41"', "a = 07:32",
    "a = 1979-05-27T07:32Z", "a = 1979-05-27 07:32",
    # line ends, a byte-order mark, NUL, surrogates, controls
    "a = 1\r\nb = 2\r\n", "a = 1\rb = 2", "\ufeffa = 1", "a = '\ufeff'", "a = 1\x00", 'a = "\x00"',
    'a = "\ud800"', "a = '\udcff'", '"\ud800" = 1', 'a = "\\ud800"', 'a = "\\U0010FFFF"',
    'a = "\\U00110000"', 'a = """\r\n x"""', "a = '''\r\nx\r\n'''", "a = 1 # \x7f", 'a = "\t"',
    # tables, keys and arrays of tables
    "[a]\n[a]", "[a]\nb = 1\n[a.b]", "a.b = 1\n[a]\nc = 2", "[[a]]\n[a]", "a = []\n[[a]]",
    "a = [1, 'x', 1.0, [2]]", "[a.b.c]\n[a]\nd = 1", "'' = 1", '"" = 1', "a.'b.c'.d = 1",
    "a." * 1000 + "b = 1", "[" + "a." * 999 + "b]",
]


def nested(opener: str, closer: str, depth: int, inner: str = "1") -> str:
    return "a = " + opener * depth + inner + closer * depth


@pytest.mark.parametrize("text", EDGES, ids=lambda text: ascii(text)[:40])
def test_edges_read_as_with_tomllib(text: str):
    assert_as_tomllib(text)


@pytest.mark.parametrize("depth", [1, 31, 32, 33, 100, 300, 330, 331, 332, 350, 399, 400, 401, 496,
                                   497, 498, 1000])
@pytest.mark.parametrize(("opener", "closer", "inner"), [
    ("[", "]", ""), ("[", "]", "1"), ("{b = ", "}", "1"), ("[{b = ", "}]", "1"),
    ("[0, ", "]", "1"), ("{b = [", "]}", "1"),
])
def test_nesting_at_every_depth_reads_as_with_tomllib(depth, opener, closer, inner):
    """Deeper than tomllib's stack (about 330 inline tables) but within tomli's 400 levels,
    tomli alone would read it: the answer must still be tomllib's refusal."""
    assert_as_tomllib(nested(opener, closer, depth, inner))


def test_a_refusal_is_tomllibs_own_with_its_line():
    text = 'schema_version = 1\n[conference]\nid = "x"\ntitle = "unclosed\n'
    with pytest.raises(tomllib.TOMLDecodeError, match=r"^Illegal character '\\n' \(at line 4, column 18\)$"):
        toml_text.loads(text)
    with pytest.raises(InvalidFileError) as refused:
        parse_toml(text, "agenda.toml")
    assert refused.value.lines() == ["agenda.toml:4: malformed TOML: Illegal character '\\n'"]


def test_tables_nested_deeper_than_tomllibs_stack_are_refused_as_tomllib_does():
    text = nested("{b = ", "}", 360)
    if toml_text._compiled is not None:
        toml_text._compiled(text)  # the compiled reader alone accepts it
    with pytest.raises(RecursionError):
        toml_text.loads(text)


def test_depth_is_counted_through_tables_and_arrays():
    data = tomllib.loads(nested("[{b = ", "}]", 20))
    # 41 levels: the document, then 20 arrays each holding a table; the last table holds
    # plain values only, so it may go uncounted.
    assert toml_text.nested_deeper_than(data, 39)
    assert not toml_text.nested_deeper_than(data, 41)
    assert not toml_text.nested_deeper_than(tomllib.loads("a = 1\n[b]\nc = [1, 2]"), 3)
    assert toml_text.nested_deeper_than(tomllib.loads("a = 1\n[b]\nc = [1, 2]"), 2)


# -- generated and mutated documents ----------------------------------------------------

# Every character, lone surrogates included.
any_character = st.characters(exclude_categories=())


@examples
@given(st.text(any_character, max_size=200))
def test_any_text_reads_as_with_tomllib(text: str):
    assert_as_tomllib(text)


SYNTAX_PIECES = [
    "a", "b", "b.c", '"k"', "'l'", '"\\u00e9"', "1", "-", "_", " ", "\t", "\n", "\r\n", "\r",
    " = ", "=", ",", ".", "[", "]", "[[", "]]", "{", "}", "#", "# note\n", '"', "'", '"""', "'''",
    "\\", "\\e", "\\x41", "\\u0041", "\\U0001F600", "\\ud800", "\ufeff", "\x00", "\x7f", "\ud800",
    "\udfff", "é",
]
VALUE_PIECES = [
    "true", "false", "nan", "-nan", "+inf", "-inf", "0", "-0", "+1", "1_000",
    str(2**63), str(2**64), f"-{2**63 + 1}", "0x", "0xff", "0o17", "0b101", "1.5", "1e308", "1e309",
    "-1e-400", "5e-324", "0.1", "1979-05-27", "T", " ", "t", "07:32", "07:32:00", ":00", ".999999999",
    "Z", "+01:00", "-23:59", "1979-05-27T07:32:00", "2024-02-29", "2023-02-29", "24:00:00",
]


@st.composite
def pieces(draw) -> str:
    return "".join(draw(st.lists(st.sampled_from(SYNTAX_PIECES + VALUE_PIECES), max_size=40)))


@st.composite
def statements(draw) -> str:
    """Lines more likely to be TOML: key = value, table headers, arrays, inline tables."""
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        form = draw(st.sampled_from(["pair", "table", "array of tables", "pieces"]))
        key = draw(st.sampled_from(["a", "b", "a.b", "'c d'", '"e"', "f"]))
        if form == "pair":
            lines.append(f"{key} = {draw(values())}")
        elif form == "table":
            lines.append(f"[{key}]")
        elif form == "array of tables":
            lines.append(f"[[{key}]]")
        else:
            lines.append(draw(pieces()))
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


def values() -> st.SearchStrategy[str]:
    scalar = st.one_of(st.sampled_from(VALUE_PIECES), st.integers().map(str),
                       st.floats().map(repr), st.text(any_character, max_size=10).map(repr))
    return st.recursive(
        scalar,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
            st.lists(st.tuples(st.sampled_from(["x", "y", "z.w"]), inner), max_size=3).map(
                lambda pairs: "{" + ", ".join(f"{k} = {v}" for k, v in pairs) + "}"),
        ),
        max_leaves=12,
    )


@examples
@given(st.one_of(pieces(), statements()))
@example("a = {x = 1,}")
@example(f"a = {2**64}\nb = 1e400")
def test_pieces_of_toml_read_as_with_tomllib(text: str):
    assert_as_tomllib(text)


toml_scalars = st.one_of(
    st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), st.floats(),
    st.text(any_character.filter(lambda char: not 0xD800 <= ord(char) <= 0xDFFF), max_size=20),
    st.dates(), st.times(), st.datetimes(),
    st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=-7, minutes=-30)),
                                            timezone(timedelta(hours=14))])),
)
toml_keys = st.text(any_character.filter(lambda char: not 0xD800 <= ord(char) <= 0xDFFF), max_size=8)
toml_documents = st.dictionaries(toml_keys, st.recursive(
    toml_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(toml_keys, inner, max_size=4)),
    max_leaves=20,
), max_size=6)


@examples
@given(toml_documents, st.booleans())
def test_written_documents_read_as_with_tomllib(data: dict[str, Any], multiline: bool):
    text = tomli_w.dumps(data, multiline_strings=multiline)
    expected = outcome(tomllib.loads, text)
    assert expected[0] == "read"
    assert outcome(toml_text.loads, text) == expected


def agenda_seeds() -> list[bytes]:
    return ([path.read_bytes() for path in AGENDA_FILES]
            + [tomli_w.dumps(agenda_data(sessions)).encode() for sessions in (2, 20)])


TOML_INTERESTING = [*INTERESTING, *(text.encode("utf-8", "surrogatepass") for text in EDGES)]


@examples
@given(inputs(agenda_seeds(), interesting=TOML_INTERESTING))
def test_mutated_agendas_read_as_with_tomllib(data: bytes):
    # Bytes that are not UTF-8 become lone surrogates: text no file would decode to, but
    # text all the same.
    assert_as_tomllib(data.decode("utf-8", "surrogateescape"))


@few
@given(st.data())
def test_nesting_spliced_into_agendas_reads_as_with_tomllib(data):
    """Inline nesting of any depth, around tomllib's and tomli's limits, where a value starts."""
    seed = data.draw(st.sampled_from(AGENDA_FILES)).read_text(encoding="utf-8-sig")
    lines = seed.splitlines(keepends=True)
    line = data.draw(st.integers(0, len(lines)))
    opener, closer = data.draw(st.sampled_from([("[", "]"), ("{x = ", "}"), ("[{x = ", "}]"),
                                                ("[1, ", "]")]))
    depth = data.draw(st.one_of(st.integers(1, 40), st.integers(150, 520)))
    key = data.draw(st.sampled_from(["nested", "sessions", "id"]))
    lines.insert(line, f"{key} = {opener * depth}1{closer * depth}\n")
    assert_as_tomllib("".join(lines))


def test_values_of_every_type_keep_their_type():
    text = ("i = 1\nf = 1.0\nb = true\nd = 2024-01-01\nt = 07:00:00\nl = 2024-01-01T07:00:00\n"
            "o = 2024-01-01T07:00:00+01:00\nz = 2024-01-01T07:00:00Z\nbig = 18446744073709551616\n")
    data = toml_text.loads(text)
    assert [type(value) for value in data.values()] == [int, float, bool, date, time, datetime,
                                                        datetime, datetime, int]
    assert data["l"].tzinfo is None
    assert data["o"].utcoffset() == timedelta(hours=1)
    assert data["z"].utcoffset() == timedelta(0)
    assert data["big"] == 2**64
