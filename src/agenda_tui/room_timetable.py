"""Each room's sessions, day by day in time order: the Now view's question (what is on in
each room, and what starts there next) answered by looking in each room, not at every
session of the agenda. Gives what `schedule.now_and_next_by_room` gives."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from datetime import date, datetime
from itertools import accumulate

from agenda_tui.model import Session, utc
from agenda_tui.schedule import Hidden, RoomNowNext, next_listed_day, rooms_in_now_order

NOTHING_HIDDEN = Hidden()


class _Room:
    """One room's sessions, in the agenda's time order."""

    __slots__ = ("days", "ends", "earliest_days", "latest_ends", "places", "sessions", "starts")

    def __init__(self, sessions: list[Session], places: list[int]):
        self.sessions = sessions
        self.places = places  # in the whole agenda's time order: which wins a tie
        self.starts = [session.start_utc for session in sessions]
        self.ends = [session.end_utc for session in sessions]
        self.days = [session.day or session.start.date() for session in sessions]  # conference_day
        # The latest end up to each session: before one whose latest end is past, nothing is on.
        self.latest_ends = list(accumulate(self.ends, max))
        # The earliest day from each session on: a session may be listed under any day,
        # so a later one may be listed under an earlier day.
        self.earliest_days = list(accumulate(reversed(self.days), min))[::-1]


class RoomTimetable:
    """Built once per agenda from its timed sessions in time order
    (`Agenda.timed_sessions_in_order`); asked at any moment, with any rooms and tracks
    hidden and with or without the breaks."""

    def __init__(self, timed_in_order: Iterable[Session]):
        sessions: dict[str | None, list[Session]] = {}
        places: dict[str | None, list[int]] = {}
        for place, session in enumerate(timed_in_order):
            room = session.location or None
            if room in sessions:
                sessions[room].append(session)
                places[room].append(place)
            else:
                sessions[room], places[room] = [session], [place]
        self._rooms = {room: _Room(sessions[room], places[room]) for room in sessions}

    def now_and_next(self, at: datetime, today: date, *, bookmarks: AbstractSet[str] = frozenset(),
                     room_order: Mapping[str, int] | None = None, hidden: Hidden = NOTHING_HIDDEN,
                     breaks: bool = True) -> list[RoomNowNext]:
        """As `now_and_next_by_room` over the agenda's timed sessions less those `hidden`
        (and the breaks, without `breaks`), in the same order."""
        at_utc = utc(at)
        hidden_rooms, tracks = hidden.rooms, hidden.tracks

        def shown(session: Session) -> bool:
            return (breaks or not session.is_break) and (
                session.track is None or session.track not in tracks)

        def everything(session: Session) -> bool:
            return True

        if breaks and not tracks:  # nothing left out: no test per session
            shown = everything

        on_now: dict[str | None, Session] = {}
        coming: list[tuple[str | None, _Room, int]] = []  # where each room's sessions to come begin
        first_day_coming: date | None = None
        for room, held in self._rooms.items():
            if room is not None and room in hidden_rooms:
                continue
            starts, ends, sessions = held.starts, held.ends, held.sessions
            started = bisect_right(starts, at_utc)
            best: Session | None = None
            best_key: tuple[datetime, bool, int] | None = None
            position = started - 1
            while position >= 0 and held.latest_ends[position] > at_utc:
                if best_key is not None and starts[position] < best_key[0]:
                    break  # began before the one held: not "now"
                session = sessions[position]
                if ends[position] > at_utc and shown(session):
                    key = (starts[position], session.id in bookmarks, -held.places[position])
                    if best_key is None or key > best_key:
                        best, best_key = session, key
                position -= 1
            if best is not None:
                on_now[room] = best
            # The earliest day of a session to come here.
            first_here: date | None = None
            position, count = started, len(sessions)
            earliest_days, days = held.earliest_days, held.days
            while position < count and (first_here is None or earliest_days[position] < first_here):
                if (ends[position] > at_utc and shown(sessions[position])
                        and (first_here is None or days[position] < first_here)):
                    first_here = days[position]
                position += 1
            if first_here is not None:
                coming.append((room, held, started))
                if first_day_coming is None or first_here < first_day_coming:
                    first_day_coming = first_here

        next_day = next_listed_day(today, first_day_coming, bool(on_now))
        next_in: dict[str | None, Session] = {}
        for room, held, started in coming:
            chosen: Session | None = None
            chosen_key: tuple[datetime, bool, int] | None = None
            starts, ends, sessions, days = held.starts, held.ends, held.sessions, held.days
            position, count = started, len(sessions)
            while position < count and held.earliest_days[position] <= next_day:
                if chosen_key is not None and starts[position] > chosen_key[0]:
                    break  # starts after the one chosen
                session = sessions[position]
                if days[position] <= next_day and ends[position] > at_utc and shown(session):
                    key = (starts[position], session.id not in bookmarks, held.places[position])
                    if chosen_key is None or key < chosen_key:
                        chosen, chosen_key = session, key
                position += 1
            if chosen is not None:
                next_in[room] = chosen
        rooms = [RoomNowNext(room, on_now.get(room), next_in.get(room))
                 for room in on_now.keys() | next_in.keys()]
        return rooms_in_now_order(rooms, bookmarks, room_order)
