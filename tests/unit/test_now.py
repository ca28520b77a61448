"""Where "now" is: the day that holds a moment, and the session `n` goes to."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from agenda_tui.agenda_file import load_agenda
from agenda_tui.formats.frab_xml import parse_frab_xml
from agenda_tui.model import utc
from agenda_tui.schedule import (
    conflict_slots,
    day_at,
    now_and_next_by_room,
    room_positions,
    session_to_go_to,
    sessions_on,
)
from tests.conftest import TEST_DATA, shared_data

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def night():
    return load_agenda(TEST_DATA / "night-rooms.toml")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 12, day, hour, minute, tzinfo=BERLIN)


@pytest.mark.parametrize(("moment", "day"), [
    (at(20, 12), date(2024, 12, 27)),            # before the conference: its first day
    (at(27, 9), date(2024, 12, 27)),
    (at(27, 23, 30), date(2024, 12, 27)),
    (at(28, 0, 30), date(2024, 12, 27)),         # between sessions of the night: still Friday
    (at(28, 2, 30), date(2024, 12, 27)),         # the night session runs to 03:00
    (at(28, 3, 30), date(2024, 12, 28)),         # the night is over
    (at(28, 9, 15), date(2024, 12, 28)),
    (at(31, 12), date(2024, 12, 27)),            # after it: the first day again
])
def test_the_day_that_holds_a_moment_follows_the_programmes_nights(night, moment, day):
    assert day_at(night, moment) == day


def test_at_38c3_half_past_one_on_saturday_is_still_friday():
    agenda = load_agenda_from_frab(shared_data("38c3-schedule.xml"))
    assert day_at(agenda, at(28, 1, 30)) == date(2024, 12, 27)
    assert day_at(agenda, at(28, 11, 0)) == date(2024, 12, 28)


def load_agenda_from_frab(path):
    from agenda_tui.formats.frab_xml import parse_frab_xml

    return parse_frab_xml(path.read_bytes(), path.name)


def test_n_goes_to_what_started_most_recently_not_the_day_long_workshop(night):
    friday = sessions_on(night, date(2024, 12, 27))
    target, on = session_to_go_to(friday, at(27, 23, 30))
    assert on and target is not None and target.id in {"talk-a", "talk-b"}


def test_n_takes_a_bookmarked_session_first(night):
    friday = sessions_on(night, date(2024, 12, 27))
    target, on = session_to_go_to(friday, at(27, 23, 30), bookmarks={"workshop"})
    assert on and target is not None and target.id == "workshop"


def test_n_only_looks_at_the_rows_it_is_given(night):
    hall_b = [s for s in sessions_on(night, date(2024, 12, 27)) if s.location == "Hall B"]
    target, _ = session_to_go_to(hall_b, at(27, 23, 30))
    assert target is not None and target.id == "talk-b"


def test_when_nothing_is_on_n_goes_to_the_next_to_start(night):
    saturday = sessions_on(night, date(2024, 12, 28))
    target, on = session_to_go_to(saturday, at(28, 9, 15))
    assert not on and target is not None and target.id == "morning-a"
    assert session_to_go_to(saturday, at(28, 12)) == (None, False)


# -- the Now view: every room's session on now and its next one ------------------------

def by_room(agenda, moment, bookmarks=frozenset()):
    rooms = now_and_next_by_room(agenda.timed_sessions_in_order, moment, day_at(agenda, moment),
                                 bookmarks, room_positions(agenda))
    return [(room.room, room.now and room.now.id, room.next and room.next.id) for room in rooms]


def test_each_room_shows_the_talk_just_begun_and_tonight_s_next(night):
    assert by_room(night, at(27, 23, 30)) == [
        ("Hall A", "talk-a", None),  # not the workshop under it; tomorrow waits
        ("Hall B", "talk-b", "night"),  # listed under Friday, at 01:00
    ]


def test_a_room_with_a_bookmarked_session_comes_first(night):
    assert [room for room, *_ in by_room(night, at(27, 23, 30), frozenset({"night"}))] == [
        "Hall B", "Hall A"]


def test_once_the_night_is_over_the_next_day_s_first_sessions_are_next(night):
    assert by_room(night, at(28, 3, 30)) == [
        ("Hall A", None, "morning-a"), ("Hall B", None, "morning-b")]
    assert by_room(night, at(28, 12)) == []  # the conference is over


def test_rooms_keep_the_source_s_order_not_the_alphabet():
    path = shared_data("38c3-schedule.xml")
    ccc = parse_frab_xml(path.read_bytes(), path.name)
    order = list(room_positions(ccc))
    assert order[:3] == ["Saal 1", "Saal GLITCH", "Saal ZIGZAG"]
    moment = at(28, 11, 20)
    rooms = by_room(ccc, moment)
    names = [room for room, *_ in rooms]
    assert names[:3] == ["Saal 1", "Saal GLITCH", "Saal ZIGZAG"]
    assert len(names) == len(set(names))
    # every room where something is on appears, with the session that began last there
    on_now = {}
    for session in ccc.timed_sessions_in_order:
        if session.start_utc <= utc(moment) < session.end_utc:
            held = on_now.get(session.location)
            if held is None or session.start_utc > held.start_utc:
                on_now[session.location] = session
    assert {room: now for room, now, _ in rooms if now} == {
        room: session.id for room, session in on_now.items()}


# -- conflicts, grouped into the slots where the user must choose ---------------------

def test_overlaps_that_chain_are_one_slot_and_apart_are_two(night):
    sessions = night.sessions_by_id
    chained = [sessions[i] for i in ("talk-a", "talk-b", "morning-a", "morning-b", "night")]
    assert [[s.id for s in slot] for slot in conflict_slots(chained)] == [
        ["talk-a", "talk-b"], ["morning-a", "morning-b"]]  # the night session clashes with none
    # 10:00-11:00, 10:30-11:30 and 11:15-12:00: the first and last do not overlap, but
    # choosing the middle one costs both: one slot
    later = dataclasses.replace(sessions["morning-b"], id="later", start=at(28, 11, 15), end=at(28, 12))
    slots = conflict_slots([later, sessions["morning-b"], sessions["morning-a"]])
    assert [[s.id for s in slot] for slot in slots] == [["morning-a", "morning-b", "later"]]
    assert conflict_slots([sessions["morning-a"], later]) == []
