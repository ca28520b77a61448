"""Exporting an agenda to iCalendar and importing that file gives the same agenda back:
every field, the ids, the day of sessions after midnight; and a second round trip writes
the very same file (UIDs and DESCRIPTION do not grow)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agenda_tui.agenda_file import load_agenda, parse_agenda
from agenda_tui.export import ExportFormat, render
from agenda_tui.importing import import_source
from agenda_tui.model import Agenda
from agenda_tui.paths import embedded_agenda_path
from agenda_tui.schedule import in_order
from agenda_tui.text import as_data
from tests.conftest import TEST_DATA, shared_data

STAMP = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def exported(agenda: Agenda) -> str:
    return render(agenda, in_order(agenda.sessions), ExportFormat.ICS, now=STAMP)


def round_trip(agenda: Agenda) -> Agenda:
    return import_source(exported(agenda).encode("utf-8"), format="ics", name="mine.ics").agenda


def assert_same_agenda(back: Agenda, agenda: Agenda) -> None:
    assert back.conference == agenda.conference
    assert back.tracks == agenda.tracks
    assert back.speakers == agenda.speakers
    # The calendar holds the sessions in time order; the agenda file in its own.
    assert sorted(back.sessions, key=lambda s: s.id) == sorted(agenda.sessions, key=lambda s: s.id)


def _agendas():
    yield "symposium", lambda: load_agenda(embedded_agenda_path())
    yield "tiny", lambda: load_agenda(TEST_DATA / "tiny.toml")
    yield "fosdem-2025", lambda: import_source(shared_data("fosdem-2025-schedule.xml")).agenda
    yield "38c3", lambda: import_source(shared_data("38c3-schedule.xml")).agenda
    yield "rc3", lambda: import_source(shared_data("rc3-2020-pretalx-schedule.json"),
                                       timezone="Europe/Berlin").agenda
    yield "pyconuk-2015", lambda: import_source(shared_data("pyconuk-2015-schedule.ics"),
                                                timezone="Europe/London").agenda


@pytest.mark.parametrize("load", [load for _, load in _agendas()], ids=[name for name, _ in _agendas()])
def test_an_ics_export_imports_as_the_same_agenda_and_exports_the_same_again(load):
    agenda = load()
    back = round_trip(agenda)
    assert_same_agenda(back, agenda)
    assert exported(back) == exported(agenda)  # nothing grows, nothing piles up


EVERY_FIELD = r"""
schema_version = 1

[conference]
id = "every-field"
title = "Every Field Conf"
venue = "Hall A, 1 Main St"
start_date = 2024-10-26
end_date = 2024-10-27
timezone = "Europe/Berlin"
acronym = "EFC"
url = "https://example.org/efc"
sponsors = ["Acme; Inc.", "Widgets, Ltd"]
supporters = ["Friends"]
links = [{ title = "Code of conduct", url = "https://example.org/coc" }]

[[conference.organizers]]
name = "Org A"
role = "Chair"
affiliation = "Uni"
links = [{ title = "Home", url = "https://a.example" }]

[[tracks]]
id = "t1"
title = "Track: one"
question = "Why?"
description = "A track\nwith two lines"

[[speakers]]
id = "s1"
name = "Ada, Countess"
affiliation = "Engines; Ltd"
bio = "Wrote the first program.\n\nSecond paragraph."
links = [{ title = "Site", url = "https://ada.example" }]

[[speakers]]
id = "s2"
name = "Grace \"Amazing\" Hopper"

[[sessions]]
id = "expo"
all_day = true
start = 2024-10-26
end = 2024-10-28
title = "Expo"

[[sessions]]
id = "panel"
start = 2024-10-26T10:00:00
end = 2024-10-26T11:00:00
kind = "panel"
title = "A panel, with; punctuation"
people = [{ speaker = "s1", role = "panelist" }, { speaker = "s2", role = "moderator" }]
track = "t1"
virtual = true
url = "https://example.org/panel"
abstract = "Line one\nLine two with émoji 🏳️‍⚧️"

[[sessions]]
id = "gong"
start = 2024-10-26T12:00:00
end = 2024-10-26T12:00:00
kind = "other"
title = "The gong"
location = "Foyer"

[[sessions]]
id = "late"
day = 2024-10-26
start = 2024-10-27T02:30:00+01:00
end = 2024-10-27T03:00:00
title = "In the repeated hour, after midnight"
people = [{ speaker = "s2" }]
location = "Saal 1"
"""


def test_every_field_comes_back_all_day_zero_length_roles_virtual_and_after_midnight():
    agenda = parse_agenda(EVERY_FIELD, "every-field.toml")
    late = agenda.sessions_by_id["late"]
    assert late.start.fold == 1 and late.day != late.start.date()
    back = round_trip(agenda)
    assert_same_agenda(back, agenda)
    assert exported(back) == exported(agenda)
    text = exported(agenda)
    assert text.count("agenda-tui@") == 0 and text.count("@every-field.agenda-tui") == 4


def test_text_comes_back_as_the_agenda_holds_it_but_for_control_characters():
    agenda = load_agenda(TEST_DATA / "export-tricky.toml")
    back = round_trip(agenda)
    for session in agenda.sessions:
        returned = back.sessions_by_id[session.id]
        assert returned.title == as_data(session.title)
        assert returned.abstract == (as_data(session.abstract) or None)
