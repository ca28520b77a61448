"""The iCalendar export, read back by icalendar and by an independent parser (vobject)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from export_support import (
    NOW,
    assert_read_back,
    expected_instants,
    icalendar_instants,
    read_back,
    symposium,
    tricky,
    vobject_calendar,
    vobject_instants,
    with_session_changed,
)

from agenda_tui.export import ExportRequest, Selection, export_to_file, prepare_export
from agenda_tui.formats.ical_out import render_ics, session_uid
from agenda_tui.state_file import StateFile
from agenda_tui.state_model import UserState
from agenda_tui.text import clean


def _events(text: str) -> dict[str, icalendar.Event]:
    """The events by UID, once both readers agree on their instants (through the VTIMEZONE)."""
    read_back(text)
    calendar = icalendar.Calendar.from_ical(text)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _vobject_events(text: str) -> dict[str, object]:
    return {event.uid.value: event for event in vobject_calendar(text).vevent_list}


# -- times ------------------------------------------------------------------


@pytest.mark.parametrize("agenda_of", [symposium, tricky])
def test_both_readers_give_every_session_at_its_instant_through_the_vtimezone(agenda_of):
    agenda = agenda_of()
    text = render_ics(agenda, agenda.sessions, now=NOW)
    assert len(expected_instants(agenda)) == len(agenda.sessions)
    assert_read_back(text, expected_instants(agenda))
    for event in _events(text).values():
        assert event["DTSTART"].params["TZID"] == agenda.conference.timezone
        assert event["DTEND"].params["TZID"] == agenda.conference.timezone


@pytest.mark.parametrize("instants", [icalendar_instants, vobject_instants])
def test_930_on_14_march_2024_in_cambridge_is_1330_utc(instants):
    # Daylight saving time began in the US on 10 March 2024: UTC-4, not UTC-5.
    agenda = symposium()
    text = render_ics(agenda, agenda.sessions, now=NOW)
    start, _ = instants(text)["d1-scaife-astrophysics@genai-physsci-2024.agenda-tui"]
    assert start == datetime(2024, 3, 14, 13, 30, tzinfo=UTC)


@pytest.mark.parametrize("instants", [icalendar_instants, vobject_instants])
def test_a_conference_across_the_start_of_summer_time_keeps_each_offset(instants):
    # Zurich moved from UTC+1 to UTC+2 on 31 March 2024.
    agenda = tricky()
    read = instants(render_ics(agenda, agenda.sessions, now=NOW))
    assert read["s1-commas@tricky-2024.agenda-tui"][0] == datetime(2024, 3, 30, 9, 0, tzinfo=UTC)
    assert read["s2-long@tricky-2024.agenda-tui"][0] == datetime(2024, 3, 31, 8, 0, tzinfo=UTC)


# -- the calendar -------------------------------------------------------------


def test_calendar_properties_and_a_matching_vtimezone():
    agenda = symposium()
    calendar = icalendar.Calendar.from_ical(render_ics(agenda, agenda.sessions, now=NOW))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"].startswith("-//agenda-tui//")
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == agenda.conference.title
    assert str(calendar["X-WR-TIMEZONE"]) == "America/New_York"
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["America/New_York"]
    assert calendar.get_missing_tzids() == set()
    # The VTIMEZONE itself (not the zone its TZID names) says March 14 is daylight time,
    # 4 hours behind UTC.
    zone = timezones[0].to_tz(lookup_tzid=False)
    assert datetime(2024, 3, 14, 9, 30, tzinfo=zone).utcoffset() == timedelta(hours=-4)


def test_event_fields():
    agenda = symposium()
    state = UserState(conference_id=agenda.conference.id,
                      notes={"d1-panel-community": "Ask about hardware, budgets; people"})
    prepared = prepare_export(agenda, state, ExportRequest(selection=Selection.ALL), now=NOW)
    events = _events(prepared.text)

    panel = events["d1-panel-community@genai-physsci-2024.agenda-tui"]
    assert str(panel["SUMMARY"]) == agenda.sessions_by_id["d1-panel-community"].title
    description = str(panel["DESCRIPTION"])
    assert "Kind: Panel" in description
    assert "Track: Community perspective" in description
    assert "Panelist: Dan Huttenlocher (MIT)" in description
    assert "Panelist: Vijay Reddi (Harvard)" in description
    assert "Panelist: Jesse Thaler (MIT/IAIFI)" in description
    assert "My note: Ask about hardware, budgets; people" in description
    assert str(panel["LOCATION"]) == "MIT Schwarzman College of Computing"
    assert list(panel.categories) == ["Panel", "Community perspective"]
    assert panel["DTSTAMP"].dt == NOW
    assert "URL" not in panel

    fireside = events["d2-kaplan-fireside@genai-physsci-2024.agenda-tui"]
    assert str(fireside["LOCATION"]) == "Virtual"

    tricky_events = _events(render_ics(tricky(), tricky().sessions, now=NOW))
    first = tricky_events["s1-commas@tricky-2024.agenda-tui"]
    assert str(first["LOCATION"]) == "Room 1; Floor 2, Building A"
    assert str(first["URL"]) == "https://example.org/s1?a=1&b=2"
    assert "Moderator: Ana, the Moderator" in str(first["DESCRIPTION"])
    assert str(tricky_events["s3-control@tricky-2024.agenda-tui"]["LOCATION"]) == (
        "ETH Zürich, HG F 30")


# -- escaping and folding -------------------------------------------------------


def test_text_is_escaped_as_rfc_5545_requires():
    agenda = tricky()
    text = render_ics(agenda, agenda.sessions, now=NOW)
    assert r"SUMMARY:Commas\, semicolons\; backslashes \\ and " in text
    assert r"LOCATION:Room 1\; Floor 2\, Building A" in text
    assert r"CATEGORIES:Talk,Parsing\, Quoting\; and Escaping" in text
    assert r"X-WR-CALNAME:Zürich Workshop\; on Data\, Escaping & Folding" in text
    unfolded = text.replace("\r\n ", "")
    assert r"\n\nFirst line.\nSecond line\, with\; punctuation." in unfolded


@pytest.mark.parametrize("reader", ["icalendar", "vobject"])
def test_escaped_text_reads_back_as_it_was(reader):
    agenda = tricky()
    text = render_ics(agenda, agenda.sessions, now=NOW)
    for session in agenda.sessions:
        uid = session_uid(agenda, session)
        if reader == "icalendar":
            event = _events(text)[uid]
            summary, description = str(event["SUMMARY"]), str(event["DESCRIPTION"])
        else:
            event = _vobject_events(text)[uid]
            summary, description = event.summary.value, event.description.value
        assert summary == clean(session.title)
        if session.abstract:
            assert session.abstract in description  # newlines kept
    long_title = agenda.sessions_by_id["s2-long"].title
    assert "αβγδεζηθικλμνξοπρστυφχψω 日本語のテキスト" in long_title


def test_control_characters_are_stripped():
    agenda = tricky()
    text = render_ics(agenda, agenda.sessions, now=NOW)
    assert "\x1b" not in text
    event = _events(text)["s3-control@tricky-2024.agenda-tui"]
    assert str(event["SUMMARY"]) == "Escape [31mred[0m and a newline in the title"


def test_lines_are_crlf_terminated_and_folded_to_75_octets():
    agenda = tricky()
    data = render_ics(agenda, agenda.sessions, now=NOW).encode("utf-8")
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    continuations = [line for line in lines if line.startswith(b" ")]
    assert len(continuations) >= 3  # the long title alone needs at least two
    # A fold never splits a multi-byte character: every physical line is UTF-8.
    for line in lines:
        line.decode("utf-8")


# -- identity, determinism, reminders ---------------------------------------------


def test_uids_are_stable_and_unique():
    agenda = symposium()
    first = list(_events(render_ics(agenda, agenda.sessions, now=NOW)))
    second = list(_events(render_ics(symposium(), reversed(agenda.sessions),
                                     now=NOW + timedelta(days=3))))
    assert sorted(first) == sorted(second)
    assert len(set(first)) == len(agenda.sessions)
    assert "d1-scaife-astrophysics@genai-physsci-2024.agenda-tui" in first


def test_reexport_is_byte_identical_apart_from_dtstamp():
    agenda = symposium()
    one = render_ics(agenda, agenda.sessions, now=NOW)
    assert render_ics(symposium(), agenda.sessions, now=NOW) == one
    later = render_ics(agenda, agenda.sessions, now=NOW + timedelta(hours=5))
    assert later != one
    differing = [(a, b) for a, b in zip(one.splitlines(), later.splitlines(), strict=True) if a != b]
    assert len(differing) == len(agenda.sessions)
    assert all(a.startswith("DTSTAMP:") and b.startswith("DTSTAMP:") for a, b in differing)


def test_valarm_only_when_a_reminder_is_asked_for():
    agenda = symposium()
    without = icalendar.Calendar.from_ical(render_ics(agenda, agenda.sessions, now=NOW))
    assert without.walk("VALARM") == []
    with_reminder = icalendar.Calendar.from_ical(
        render_ics(agenda, agenda.sessions, remind_minutes=15, now=NOW))
    for event in with_reminder.walk("VEVENT"):
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert alarms[0]["ACTION"] == "DISPLAY"
        assert alarms[0]["TRIGGER"].dt == timedelta(minutes=-15)
        assert str(alarms[0]["DESCRIPTION"]) == str(event["SUMMARY"])
    parsed = vobject_calendar(render_ics(agenda, agenda.sessions, remind_minutes=15, now=NOW))
    assert all(len(event.valarm_list) == 1 for event in parsed.vevent_list)


# -- SEQUENCE -----------------------------------------------------------------------


def _sequences(text: str) -> dict[str, int]:
    return {uid.split("@")[0]: int(event["SEQUENCE"]) for uid, event in _events(text).items()}


def _export(agenda, store, path):
    export_to_file(agenda, store, ExportRequest(selection=Selection.ALL, path=path), now=NOW)
    return path.read_text(encoding="utf-8")


def test_sequence_rises_when_a_session_changes_and_only_then(tmp_path):
    agenda = symposium()
    state_file = tmp_path / "state" / "genai-physsci-2024.toml"
    out = tmp_path / "schedule.ics"
    store = StateFile(state_file, agenda.conference.id)

    first = _export(agenda, store, out)
    assert set(_sequences(first).values()) == {0}

    assert _export(agenda, store, out) == first  # unchanged: same bytes, same SEQUENCE

    moved = with_session_changed(agenda, "d1-lunch", end=agenda.sessions_by_id["d1-lunch"].end
                                 + timedelta(minutes=15))
    second = _sequences(_export(moved, store, out))
    assert second.pop("d1-lunch") == 1
    assert set(second.values()) == {0}

    # Exporting the moved schedule again changes nothing; another instance
    # (a new store on the same file) sees what was recorded.
    again = StateFile(state_file, agenda.conference.id)
    assert _sequences(_export(moved, again, out))["d1-lunch"] == 1

    renamed = with_session_changed(moved, "d1-lunch", title="Lunch (2nd floor)")
    assert _sequences(_export(renamed, again, out))["d1-lunch"] == 2
    relocated = with_session_changed(renamed, "d1-lunch", location="Room 32-123")
    assert _sequences(_export(relocated, again, out))["d1-lunch"] == 3
    # A change to the abstract is not one a calendar needs: SEQUENCE stays.
    reworded = with_session_changed(relocated, "d1-lunch", abstract="Sandwiches.")
    assert _sequences(_export(reworded, again, out))["d1-lunch"] == 3
    assert again.state.exports["d1-lunch"].sequence == 3
