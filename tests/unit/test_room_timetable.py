"""The Now view's index (room_timetable.RoomTimetable) gives what the straightforward
query (schedule.now_and_next_by_room over every session on show) gives: at any moment,
around the clock changes, after midnight, with rooms and tracks hidden and breaks off."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda_tui.agenda_file import load_agenda
from agenda_tui.model import Agenda, Conference, Session, SessionKind
from agenda_tui.room_timetable import RoomTimetable
from agenda_tui.schedule import Hidden, day_at, now_and_next_by_room, room_positions
from tests.conftest import TEST_DATA

BERLIN = ZoneInfo("Europe/Berlin")
# Four days around each of Berlin's clock changes in 2025: forward on Sunday 30 March
# (02:00 → 03:00), back on Sunday 26 October (03:00 → 02:00, the hour twice).
SPANS = [date(2025, 3, 28), date(2025, 10, 24)]
DAYS = 4
ROOMS = ["Hall A", "Hall B", "hall b", "Room 1", "Room 2", "Nowhere", "", None]
TRACKS = ["t1", "t2", "t3", None]
LISTED_ROOMS = ["Room 2", "Hall A", "Empty room"]  # the source's order, with a room never used


def straightforward(agenda: Agenda, at: datetime, today: date, *, bookmarks: frozenset[str],
                    hidden: Hidden, breaks: bool) -> list:
    """The Now view's rows as it asked for them before the index: every session read."""
    sessions = [session for session in agenda.timed_sessions_in_order if breaks or not session.is_break]
    return now_and_next_by_room(hidden.apply(sessions), at, today, bookmarks, room_positions(agenda))


@st.composite
def agendas(draw) -> Agenda:
    """Sessions over four days around a clock change, in a few rooms (some with nothing on
    some days, one never used), from a minute to all evening long, some past midnight and
    listed under the day before (or, now and then, under any day), some all day."""
    first = draw(st.sampled_from(SPANS))
    span_start = datetime.combine(first, datetime.min.time(), tzinfo=BERLIN).astimezone(UTC)
    quarter_hours = st.integers(0, DAYS * 96 - 1)
    # Most sessions start at one of a few moments: ties in a room are common.
    busy = draw(st.lists(quarter_hours, min_size=1, max_size=6))
    sessions = []
    for number in range(draw(st.integers(0, 40))):
        if draw(st.integers(0, 15)) == 0:
            day = first + timedelta(days=draw(st.integers(0, DAYS - 2)))
            sessions.append(Session(id=f"s{number}", all_day=True, title=f"All day {number}",
                                    start=datetime.combine(day, datetime.min.time(), tzinfo=BERLIN),
                                    end=datetime.combine(day + timedelta(days=1), datetime.min.time(),
                                                         tzinfo=BERLIN),
                                    location=draw(st.sampled_from(ROOMS))))
            continue
        # Any quarter of an hour of the day and night, in UTC.
        quarter = draw(st.sampled_from(busy) if draw(st.integers(0, 3)) else quarter_hours)
        start = (span_start + timedelta(minutes=15 * quarter)).astimezone(BERLIN)
        length = timedelta(minutes=draw(st.sampled_from([0, 15, 30, 45, 60, 90, 180, 600])))
        listed = draw(st.sampled_from(["date", "date", "date", "day before", "any"]))
        day = {"date": None, "day before": start.date() - timedelta(days=1),
               "any": first + timedelta(days=draw(st.integers(0, DAYS - 1)))}[listed]
        sessions.append(Session(
            id=f"s{number}", start=start, end=(start.astimezone(UTC) + length).astimezone(BERLIN),
            title=draw(st.sampled_from(["Talk", "Other talk", "Zebra"])), day=day,
            location=draw(st.sampled_from(ROOMS)), track=draw(st.sampled_from(TRACKS)),
            kind=draw(st.sampled_from([SessionKind.TALK, SessionKind.TALK, SessionKind.BREAK]))))
    conference = Conference(id="dst", title="Around a clock change", start_date=first - timedelta(days=1),
                            end_date=first + timedelta(days=DAYS), timezone="Europe/Berlin",
                            rooms=draw(st.sampled_from([[], LISTED_ROOMS])))
    return Agenda(conference=conference, sessions=sessions)


@st.composite
def questions(draw, agenda: Agenda) -> dict:
    """A moment (often just at a session's start or end), the bookmarks, what is hidden."""
    ids = [session.id for session in agenda.sessions]
    edges = [moment for session in agenda.sessions for moment in (session.start, session.end)]
    span_start = datetime.combine(agenda.conference.start_date, datetime.min.time(), tzinfo=BERLIN)
    any_moment = span_start + timedelta(minutes=draw(st.integers(0, (DAYS + 2) * 24 * 60)))
    at = draw(st.sampled_from(edges)) if edges and draw(st.booleans()) else any_moment
    at = (at.astimezone(UTC) + timedelta(minutes=draw(st.sampled_from([-1, 0, 0, 1])))).astimezone(BERLIN)
    rooms = {room for room in ROOMS if room}
    return {"at": at,
            "bookmarks": frozenset(draw(st.lists(st.sampled_from(ids), max_size=12)) if ids else []),
            "hidden": Hidden(rooms=frozenset(draw(st.sets(st.sampled_from(sorted(rooms)), max_size=2))),
                             tracks=frozenset(draw(st.sets(st.sampled_from(["t1", "t2"]), max_size=1)))),
            "breaks": draw(st.booleans())}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_index_gives_the_straightforward_answer(data):
    agenda = data.draw(agendas())
    question = data.draw(questions(agenda))
    at = question.pop("at")
    today = day_at(agenda, at) if data.draw(st.booleans()) else data.draw(
        st.sampled_from([agenda.conference.start_date + timedelta(days=n) for n in range(DAYS + 1)]))
    timetable = RoomTimetable(agenda.timed_sessions_in_order)
    expected = straightforward(agenda, at, today, **question)
    assert timetable.now_and_next(at, today, room_order=room_positions(agenda), **question) == expected
    for day, end in agenda.last_end_by_day.items():  # what day_at holds a night to
        assert end == max(s.end_utc for s in agenda.timed_sessions_in_order if s.conference_day == day)
    assert set(agenda.last_end_by_day) == {s.conference_day for s in agenda.timed_sessions_in_order}


def test_the_night_rooms_at_every_quarter_hour():
    """The hand-written night (tests/data/night-rooms.toml), every quarter of an hour from
    the evening before to the day after, with a bookmark and without."""
    agenda = load_agenda(TEST_DATA / "night-rooms.toml")
    timetable = RoomTimetable(agenda.timed_sessions_in_order)
    order = room_positions(agenda)
    moment = datetime(2024, 12, 26, 18, tzinfo=BERLIN)
    answers = 0
    while moment < datetime(2024, 12, 30, tzinfo=BERLIN):
        today = day_at(agenda, moment)
        for bookmarks in (frozenset(), frozenset({"night", "morning-b"})):
            expected = now_and_next_by_room(agenda.timed_sessions_in_order, moment, today, bookmarks, order)
            assert timetable.now_and_next(moment, today, bookmarks=bookmarks, room_order=order) == expected
            answers += bool(expected)
        moment += timedelta(minutes=15)
    assert answers > 50  # the night and the next day had rooms with something on or to come


def test_of_two_starting_together_in_a_room_the_bookmarked_one_is_shown_now_and_next():
    def talk(session_id: str, title: str) -> Session:
        return Session(id=session_id, title=title, location="Hall A",
                       start=datetime(2025, 3, 28, 10, tzinfo=BERLIN),
                       end=datetime(2025, 3, 28, 11, tzinfo=BERLIN))

    conference = Conference(id="ties", title="Ties", start_date=date(2025, 3, 28), end_date=date(2025, 3, 28),
                            timezone="Europe/Berlin")
    agenda = Agenda(conference=conference, sessions=[talk("a", "A talk"), talk("b", "B talk")])
    timetable = RoomTimetable(agenda.timed_sessions_in_order)
    for hour in (9, 10):  # before: next; during: now
        at = datetime(2025, 3, 28, hour, 30, tzinfo=BERLIN)
        for bookmarks, shown in ((frozenset(), "a"), (frozenset({"b"}), "b")):
            [room] = timetable.now_and_next(at, at.date(), bookmarks=bookmarks)
            assert [session.id for session in room.sessions] == [shown]
            assert timetable.now_and_next(at, at.date(), bookmarks=bookmarks) == now_and_next_by_room(
                agenda.timed_sessions_in_order, at, at.date(), bookmarks)
