"""Opening a published schedule (XML, JSON, iCalendar) as an agenda says to import it,
in one line with exit status 2, rather than what is wrong with it as TOML."""

from __future__ import annotations

import os
import random

import pytest

from tests.cli_support import assert_user_error, run
from tests.conftest import TEST_DATA, shared_data

IMPORT = TEST_DATA / "import"


@pytest.mark.parametrize(("content", "kind"), [
    (b'<?xml version="1.0"?>\n<schedule></schedule>\n', "an XML file"),
    (b"\xef\xbb\xbf\n\n  <schedule>", "an XML file"),
    ('<?xml version="1.0" encoding="utf-16"?><schedule/>'.encode("utf-16"), "an XML file"),
    (b'{"schedule": {}}', "a JSON file"),
    (b"\r\n{", "a JSON file"),
    (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "an iCalendar file"),
    (b"begin:vcalendar\n", "an iCalendar file"),
])
@pytest.mark.parametrize("how", [("open",), ("list", "--agenda"), ("validate",)])
def test_a_schedule_by_its_content_says_to_import_it(capsys, tmp_path, content, kind, how):
    path = tmp_path / "agenda.toml"  # even under an agenda's name
    path.write_bytes(content)
    code, out, err = run(capsys, *how, str(path))
    assert_user_error(code, err, str(path), kind, f"agenda-tui import {path}")
    assert "TOML" not in err and out == ""


@pytest.mark.parametrize("name", ["schedule.json", "feed.ics", "x.XML"])
def test_a_file_named_like_a_schedule_that_is_not_an_agenda_says_to_import_it(capsys, tmp_path, name):
    path = tmp_path / name
    path.write_text('title = "not an agenda"\n')
    code, _, err = run(capsys, "validate", str(path))
    assert_user_error(code, err, "not an agenda", f"agenda-tui import {path}")


def test_the_suggested_command_quotes_a_path_with_spaces(capsys, tmp_path):
    path = tmp_path / "my schedule.xml"
    path.write_bytes(b"<schedule/>")
    code, _, err = run(capsys, "validate", str(path))
    assert_user_error(code, err, f"agenda-tui import '{path}'")


@pytest.mark.parametrize("name", ["frab-small.xml", "schedule-small.json", "feed-small.ics"])
def test_the_hand_written_import_fixtures(capsys, name):
    path = IMPORT / name
    code, _, err = run(capsys, "list", "--agenda", str(path))
    assert_user_error(code, err, "not an agenda", "agenda-tui import")


@pytest.mark.parametrize("name", ["fosdem-2025-schedule.xml", "38c3-schedule.xml",
                                  "rc3-2020-pretalx-schedule.json", "pyconuk-2015-schedule.ics"])
def test_the_real_schedules(capsys, name):
    path = shared_data(name)
    code, _, err = run(capsys, "--agenda", str(path), "now")
    assert_user_error(code, err, "not an agenda", f"agenda-tui import {path}")


def test_a_toml_mistake_is_still_a_toml_mistake(capsys, tmp_path):
    path = tmp_path / "agenda.toml"
    path.write_text("[conference\n")
    code, _, err = run(capsys, "validate", str(path))
    assert_user_error(code, err, "malformed TOML")


@pytest.mark.parametrize("seed", range(8))
def test_binary_junk_is_one_line_never_a_crash(capsys, tmp_path, seed):
    junk = random.Random(seed).randbytes(2000)
    path = tmp_path / ("junk.xml" if seed % 2 else "junk.toml")
    path.write_bytes(junk)
    code, _, err = run(capsys, "validate", str(path))
    assert_user_error(code, err, str(path))


def test_nothing_but_zero_bytes(capsys, tmp_path):
    path = tmp_path / "zeros.toml"
    path.write_bytes(bytes(64))
    code, _, err = run(capsys, "validate", str(path))
    assert_user_error(code, err, str(path))
    assert os.path.getsize(path) == 64
