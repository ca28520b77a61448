"""The export side of agenda-tui's own iCalendar (docs/calendar.md): every property the
import reads back is there and parses, with icalendar and with vobject; and all-day and
zero-length sessions as iCalendar has them."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import icalendar
import pytest
from export_support import (
    NOW,
    agenda_of,
    assert_read_back,
    expected_instants,
    symposium,
    tricky,
    vobject_calendar,
)

from agenda_tui.agenda_schema import validated
from agenda_tui.export import ExportRequest, Selection, prepare_export
from agenda_tui.formats.ical_out import render_ics
from agenda_tui.model import Conference, Role, Speaker, Track, plain_data, utc
from agenda_tui.state_model import UserState
from agenda_tui.text import clean, clean_block

_ESCAPED = re.compile(r"\\([\\;,nN])")


def _text(raw: str) -> str:
    """A TEXT value as RFC 5545 3.3.11 escapes it, unescaped (icalendar keeps X- values
    verbatim, as their type is not known to it)."""
    return _ESCAPED.sub(lambda match: "\n" if match[1] in "nN" else match[1], raw)


def _x(component, name: str) -> list[str]:
    """Every value of an X- property, through icalendar."""
    values = component.get(name, [])
    return [_text(str(value)) for value in (values if isinstance(values, list) else [values])]


def _export(agenda, state=None, selection=Selection.ALL) -> str:
    state = state or UserState(conference_id=agenda.conference.id)
    return prepare_export(agenda, state, ExportRequest(selection=selection), now=NOW).text


def _dump(model) -> dict:
    return plain_data(model, json_ready=True)


# -- the calendar -------------------------------------------------------------------------


def test_the_conference_tracks_and_speakers_are_json_objects_both_readers_read():
    agenda = symposium()
    text = _export(agenda)
    calendar = icalendar.Calendar.from_ical(text)
    (conference,) = _x(calendar, "X-AGENDA-TUI-CONFERENCE")
    assert json.loads(conference) == _dump(agenda.conference)
    assert validated(Conference, json.loads(conference)) == agenda.conference
    tracks = [json.loads(value) for value in _x(calendar, "X-AGENDA-TUI-TRACK")]
    assert tracks == [_dump(track) for track in agenda.tracks] and len(tracks) == 4
    speakers = [json.loads(value) for value in _x(calendar, "X-AGENDA-TUI-SPEAKER")]
    assert speakers == [_dump(speaker) for speaker in agenda.speakers]
    assert [validated(Speaker, value) for value in speakers] == agenda.speakers
    assert [validated(Track, value) for value in tracks] == agenda.tracks
    # Compact JSON, as the contract says.
    assert '"id":"genai-physsci-2024"' in conference
    # vobject unescapes X- values as TEXT itself: the same JSON.
    parsed = vobject_calendar(text).contents
    assert [line.value for line in parsed["x-agenda-tui-track"]] == _x(calendar, "X-AGENDA-TUI-TRACK")
    assert parsed["x-agenda-tui-conference"][0].value == conference


def test_an_export_of_bookmarks_carries_only_the_tracks_and_speakers_its_sessions_name():
    agenda = symposium()
    state = UserState(conference_id=agenda.conference.id, bookmarks=["d1-scaife-astrophysics"])
    calendar = icalendar.Calendar.from_ical(_export(agenda, state, Selection.BOOKMARKED))
    assert [json.loads(value)["id"] for value in _x(calendar, "X-AGENDA-TUI-TRACK")] == ["impact"]
    assert [json.loads(value)["id"] for value in _x(calendar, "X-AGENDA-TUI-SPEAKER")] == ["anna-scaife"]


# -- the events -----------------------------------------------------------------------------


def _read_sessions(text: str) -> dict[str, dict]:
    """What the import side reads back of each session, by the contract alone."""
    sessions = {}
    for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):
        (session_id,) = _x(event, "X-AGENDA-TUI-ID")
        attendees = event.get("ATTENDEE", [])
        attendees = attendees if isinstance(attendees, list) else [attendees]
        fields = {
            "uid": str(event["UID"]),
            "title": str(event["SUMMARY"]),
            "kind": _x(event, "X-AGENDA-TUI-KIND")[0],
            "day": next(iter(_x(event, "X-AGENDA-TUI-DAY")), None),
            "track": next(iter(_x(event, "X-AGENDA-TUI-TRACK-ID")), None),
            "location": next(iter(_x(event, "X-AGENDA-TUI-ROOM")), None),
            "virtual": _x(event, "X-AGENDA-TUI-VIRTUAL") == ["TRUE"],
            "abstract": next(iter(_x(event, "X-AGENDA-TUI-ABSTRACT")), None),
            "url": str(event["URL"]) if "URL" in event else None,
            "people": [(str(person.params["X-AGENDA-TUI-SPEAKER"]), str(person.params["X-AGENDA-TUI-ROLE"]))
                       for person in attendees],
            "attendees": attendees,
            "bookmarked": _x(event, "X-AGENDA-TUI-BOOKMARKED") == ["TRUE"],
            "note": next(iter(_x(event, "X-AGENDA-TUI-NOTE")), None),
        }
        sessions[session_id] = fields
    return sessions


@pytest.mark.parametrize("agenda_of_test", [symposium, tricky])
def test_every_field_of_every_session_is_in_its_event(agenda_of_test):
    agenda = agenda_of_test()
    text = _export(agenda)
    read = _read_sessions(text)
    assert set(read) == {session.id for session in agenda.sessions}
    for session in agenda.sessions:
        fields = read[session.id]
        assert fields["uid"] == f"{session.id}@{agenda.conference.id}.agenda-tui"
        assert fields["title"] == clean(session.title)
        assert fields["kind"] == session.kind.value
        assert fields["day"] == (session.day.isoformat() if session.day else None)
        assert fields["track"] == session.track
        assert fields["location"] == (clean(session.location) or None)
        assert fields["virtual"] is session.virtual
        assert fields["abstract"] == (clean_block(session.abstract) or None)
        assert fields["url"] == session.url
        assert fields["people"] == [(person.speaker, person.role.value) for person in session.people]
    assert any(fields["day"] for fields in read.values()) or agenda_of_test is tricky
    assert any(fields["virtual"] for fields in read.values())
    assert_read_back(text, expected_instants(agenda))


def test_attendees_name_each_person_with_standard_and_own_parameters():
    agenda = tricky()
    fields = _read_sessions(_export(agenda))["s1-commas"]
    by_id = {str(person.params["X-AGENDA-TUI-SPEAKER"]): person for person in fields["attendees"]}
    jose, li, ana = by_id["jose"], by_id["li"], by_id["ana"]
    assert str(jose) == "urn:agenda-tui:speaker:jose"
    assert (jose.params["CN"], jose.params["ROLE"], jose.params["CUTYPE"]) == (
        "José Núñez-Øster", "REQ-PARTICIPANT", "INDIVIDUAL")
    assert (li.params["X-AGENDA-TUI-ROLE"], li.params["ROLE"]) == ("panelist", "REQ-PARTICIPANT")
    assert (ana.params["CN"], ana.params["ROLE"], ana.params["X-AGENDA-TUI-ROLE"]) == (
        "Ana, the Moderator", "CHAIR", "moderator")


def test_ids_and_names_with_quotes_and_colons_survive_the_parameters():
    odd = {"id": 'o"neil:x;y', "name": 'Ann "Annie" O\'Neil; Jr.'}
    agenda = agenda_of("Europe/Berlin", [{"start": datetime(2024, 5, 1, 10, tzinfo=UTC),
                                          "end": datetime(2024, 5, 1, 11, tzinfo=UTC),
                                          "people": [{"speaker": odd["id"], "role": "moderator"}]}],
                       speakers=[odd])
    text = render_ics(agenda, agenda.sessions, whole_agenda=True, now=NOW)
    (person,) = _read_sessions(text)["s0"]["attendees"]
    assert person.params["X-AGENDA-TUI-SPEAKER"] == odd["id"]
    assert person.params["CN"] == odd["name"]
    assert str(person) == "urn:agenda-tui:speaker:o%22neil%3Ax%3By"
    assert unquote(str(person).removeprefix("urn:agenda-tui:speaker:")) == odd["id"]
    (speaker,) = vobject_calendar(text).contents["x-agenda-tui-speaker"]
    assert json.loads(speaker.value) == odd | {"links": []}


def test_bookmark_and_note_are_the_user_s_and_only_where_set():
    agenda = symposium()
    state = UserState(conference_id=agenda.conference.id, bookmarks=["d1-lunch"],
                      notes={"d1-lunch": "Meet Ana; bring the poster,\nand the \\ key"})
    read = _read_sessions(_export(agenda, state))
    assert read["d1-lunch"]["bookmarked"] is True
    assert read["d1-lunch"]["note"] == "Meet Ana; bring the poster,\nand the \\ key"
    others = [fields for session_id, fields in read.items() if session_id != "d1-lunch"]
    assert not any(fields["bookmarked"] or fields["note"] for fields in others)


def test_every_session_role_maps_to_a_standard_role():
    agenda = tricky()
    roles = {person.params["X-AGENDA-TUI-ROLE"]: person.params["ROLE"]
             for fields in _read_sessions(_export(agenda)).values() for person in fields["attendees"]}
    assert roles == {Role.SPEAKER.value: "REQ-PARTICIPANT", Role.PANELIST.value: "REQ-PARTICIPANT",
                     Role.MODERATOR.value: "CHAIR"}


# -- all-day and zero-length sessions ----------------------------------------------------------


def _lines(text: str, session_id: str) -> list[str]:
    block = text.split(f"X-AGENDA-TUI-ID:{session_id}\r\n")[0].rsplit("BEGIN:VEVENT", 1)[1]
    return block.replace("\r\n ", "").split("\r\n")


def test_an_all_day_session_is_dates_with_an_exclusive_end():
    agenda = agenda_of("America/New_York", [
        {"id": "expo", "all_day": True, "start": date(2024, 3, 9), "end": date(2024, 3, 12)},
        {"id": "talk", "start": datetime(2024, 3, 10, 14, tzinfo=UTC),
         "end": datetime(2024, 3, 10, 15, tzinfo=UTC)},
    ])
    text = render_ics(agenda, agenda.sessions, now=NOW)
    lines = _lines(text, "expo")
    assert "DTSTART;VALUE=DATE:20240309" in lines
    assert "DTEND;VALUE=DATE:20240312" in lines
    assert_read_back(text, expected_instants(agenda))
    assert expected_instants(agenda)["expo@zones.agenda-tui"] == (date(2024, 3, 9), date(2024, 3, 12))


def test_an_all_day_session_on_a_day_whose_midnight_the_clocks_skip_is_still_that_day():
    # Havana's clocks go from 00:00 to 01:00 on 10 March 2024.
    agenda = agenda_of("America/Havana", [
        {"id": "day", "all_day": True, "start": date(2024, 3, 10), "end": date(2024, 3, 11)}])
    text = render_ics(agenda, agenda.sessions, now=NOW)
    assert {"DTSTART;VALUE=DATE:20240310", "DTEND;VALUE=DATE:20240311"} <= set(_lines(text, "day"))
    assert_read_back(text, expected_instants(agenda))


@pytest.mark.parametrize(("zone_name", "moment"), [
    ("America/New_York", datetime(2024, 3, 10, 12, 0)),
    ("Europe/Berlin", datetime(2024, 10, 27, 2, 30, fold=1)),  # in the repeated hour: UTC
])
def test_a_zero_length_session_ends_as_it_starts(zone_name, moment):
    moment = moment.replace(tzinfo=ZoneInfo(zone_name))
    agenda = agenda_of(zone_name, [{"id": "gong", "start": moment, "end": moment}])
    text = render_ics(agenda, agenda.sessions, now=NOW)
    lines = _lines(text, "gong")
    (start,) = (line for line in lines if line.startswith("DTSTART"))
    (end,) = (line for line in lines if line.startswith("DTEND"))
    assert end == start.replace("DTSTART", "DTEND", 1)
    assert start.endswith("Z") == (zone_name == "Europe/Berlin")
    assert_read_back(text, {"gong@zones.agenda-tui": (utc(moment), utc(moment))})
