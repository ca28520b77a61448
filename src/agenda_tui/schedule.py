"""Pure queries over an agenda: days, now and next, people, conflicts, moments."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from agenda_tui.errors import AgendaError
from agenda_tui.model import (
    SUPPORTED_YEARS,
    Agenda,
    Role,
    Session,
    Speaker,
    skipped_by_clock_change,
    time_order,
    utc,
)


def in_order(sessions: Iterable[Session]) -> list[Session]:
    return sorted(sessions, key=time_order)


def conference_days(agenda: Agenda) -> list[date]:
    """Every day from the first to the last, as the conference declares them."""
    first, last = agenda.conference.start_date, agenda.conference.end_date
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def sessions_on(agenda: Agenda, day: date) -> list[Session]:
    """The day's sessions in time order; all-day ones (on each of their days) first."""
    return sessions_by_day(agenda).get(day, [])


def sessions_by_day(agenda: Agenda) -> dict[date, list[Session]]:
    """Each day's sessions in time order, all-day ones first, in one pass over the agenda."""
    return group_by_day(agenda.sessions_in_order)


def group_by_day(ordered: Iterable[Session]) -> dict[date, list[Session]]:
    """Sessions given in time order, by the days the programme lists them on: an all-day
    one first on each of its days, then the others in their order."""
    days: dict[date, list[Session]] = {}
    all_day: dict[date, list[Session]] = {}
    for session in ordered:
        if session.all_day:
            for day in session.days:
                all_day.setdefault(day, []).append(session)
        else:
            days.setdefault(session.conference_day, []).append(session)
    for day, sessions in all_day.items():
        days[day] = sessions + days.get(day, [])
    return days


def resolve_day(agenda: Agenda, text: str) -> date:
    """A day given as its number (1 = the first day) or as an ISO date."""
    days = conference_days(agenda)
    text = text.strip()
    if text.isascii() and text.isdigit():  # not "²", which isdigit() but int() refuses
        number = int(text)
        if 1 <= number <= len(days):
            return days[number - 1]
        raise AgendaError(f"--day {text}: the conference has days 1 to {len(days)}")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise AgendaError(
            f"--day {text!r}: give a day number (1 to {len(days)}) or a date such as {days[0]}"
        ) from None
    if day not in days:
        raise AgendaError(f"--day {text}: not a day of the conference ({days[0]} to {days[-1]})")
    return day


MOMENT_YEARS = SUPPORTED_YEARS


def parse_moment(text: str, zone: ZoneInfo) -> datetime:
    """An ISO 8601 moment; without an offset it is read in the conference zone."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise AgendaError(
            f"--at {text!r}: not an ISO 8601 date and time (for example 2024-03-14T10:15)"
        ) from None
    if not MOMENT_YEARS[0] <= moment.year <= MOMENT_YEARS[1]:
        # Far from the ends of datetime's range: 0001-01-01T00:00+14:00 overflowed in
        # astimezone, and `at + 5 minutes` must never overflow either.
        raise AgendaError(f"--at {text!r}: give a year from {MOMENT_YEARS[0]} to {MOMENT_YEARS[1]}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
        if skipped_by_clock_change(moment):
            raise AgendaError(f"--at {text}: that time does not exist in {zone.key} "
                              "(the clocks skip it); give a UTC offset or another time")
    return moment.astimezone(zone)


@dataclass(frozen=True)
class NowNext:
    at: datetime
    now: list[Session]
    next: list[Session]

    @property
    def over(self) -> bool:
        return not self.now and not self.next


def now_and_next(agenda: Agenda, at: datetime) -> NowNext:
    """What is on at `at`, and the session(s) starting soonest after it. All-day sessions
    are never on now nor next: they are the day's setting, not something to go to."""
    ordered = agenda.timed_sessions_in_order
    at_utc = utc(at)
    started = bisect_right(ordered, at_utc, key=lambda session: session.start_utc)
    now = [session for session in ordered[:started] if at_utc < session.end_utc]
    following = [session for session in ordered[started:]
                 if session.start_utc == ordered[started].start_utc]
    return NowNext(at, now, following)


def day_at(agenda: Agenda, at: datetime) -> date:
    """The conference day that holds `at`, by the programme's own days: a day whose
    sessions run past midnight (38C3's, to 06:00) holds the night until its last
    session ends; otherwise the date, during the conference; before or after it, the
    first day."""
    days = conference_days(agenda)
    today = at.astimezone(agenda.zone).date()
    ordered = agenda.timed_sessions_in_order
    at_utc = utc(at)
    started = bisect_right(ordered, at_utc, key=lambda session: session.start_utc)
    if started:
        latest = ordered[started - 1].conference_day  # of the session that began last
        if latest < today and at_utc < agenda.last_end_by_day[latest]:
            return latest
    return today if today in days else days[0]


def session_to_go_to(sessions: Iterable[Session], at: datetime,
                     bookmarks: AbstractSet[str] = frozenset()) -> tuple[Session | None, bool]:
    """Where `n` goes among `sessions` (the rows on show), and whether it is on now.

    A session on now: a bookmarked one first, then a talk rather than a break, then the
    one that started most recently (not the day-long workshop that began at noon). When
    none is on, the next to start, a bookmarked one first. All-day sessions are never
    either."""
    at_utc = utc(at)
    timed = [session for session in sessions if not session.all_day]
    on_now = [session for session in timed if session.start_utc <= at_utc < session.end_utc]
    if on_now:
        return min(on_now, key=lambda s: (s.id not in bookmarks, s.is_break, -s.start_utc.timestamp(),
                                          s.end_utc, s.title)), True
    coming = [session for session in timed if session.start_utc > at_utc]
    if coming:
        return min(coming, key=lambda s: (s.start_utc, s.id not in bookmarks, s.is_break, s.title)), False
    return None, False


@dataclass(frozen=True)
class RoomNowNext:
    """One room in the Now view: the session on there now and the next to start there."""

    room: str | None  # None: sessions that name no room
    now: Session | None
    next: Session | None

    @property
    def sessions(self) -> list[Session]:
        return [session for session in (self.now, self.next) if session is not None]


def now_and_next_by_room(sessions: Iterable[Session], at: datetime, today: date,
                         bookmarks: AbstractSet[str] = frozenset(),
                         room_order: Mapping[str, int] | None = None) -> list[RoomNowNext]:
    """For each room among `sessions` (the ones on show) that has something on now or
    to come on `today` (the conference day that holds `at`, see `day_at`): what is on
    there now and what starts there next. Once nothing more comes today, what comes on
    the next day that has sessions. Rooms with a bookmarked one of these first, then
    rooms with a session on now, each group in `room_order` (see `room_positions`), or
    else in name order.

    Where two sessions in a room are on at once, the one that began last is "now" (not
    the day-long workshop under the talks). All-day sessions are neither."""
    at_utc = utc(at)
    on_now: dict[str | None, Session] = {}
    coming: list[Session] = []
    for session in sessions:
        if session.all_day or session.end_utc <= at_utc:
            continue
        room = session.location or None
        if session.start_utc > at_utc:
            coming.append(session)
        elif (held := on_now.get(room)) is None or _began_later(session, held, bookmarks):
            on_now[room] = session
    next_day = next_listed_day(today, min((session.conference_day for session in coming), default=None),
                               bool(on_now))
    next_in: dict[str | None, Session] = {}
    for session in coming:
        if session.conference_day <= next_day:
            room = session.location or None
            if (held := next_in.get(room)) is None or _starts_sooner(session, held, bookmarks):
                next_in[room] = session
    rooms = [RoomNowNext(room, on_now.get(room), next_in.get(room))
             for room in on_now.keys() | next_in.keys()]
    return rooms_in_now_order(rooms, bookmarks, room_order)


def next_listed_day(today: date, first_day_coming: date | None, anything_on: bool) -> date:
    """The last conference day whose sessions the Now view offers as next: today's, or,
    once nothing more comes today, the first day with something to come
    (`first_day_coming`, of the sessions still to start); but tomorrow's sessions wait
    while anything is on."""
    if first_day_coming is None or first_day_coming <= today or anything_on:
        return today
    return first_day_coming


def rooms_in_now_order(rooms: Iterable[RoomNowNext], bookmarks: AbstractSet[str],
                       room_order: Mapping[str, int] | None) -> list[RoomNowNext]:
    """Rooms with a bookmarked session first, then rooms with one on now, each group in
    `room_order`, or else in name order; sessions that name no room last of their group."""
    positions = room_order or {}

    def order(entry: RoomNowNext) -> tuple[bool, bool, bool, int, str, str]:
        now, following = entry.now, entry.next
        bookmarked = ((now is not None and now.id in bookmarks)
                      or (following is not None and following.id in bookmarks))
        name = entry.room or ""
        return (not bookmarked, entry.now is None, entry.room is None,
                positions.get(name, len(positions)), name.casefold(), name)

    return sorted(rooms, key=order)


def _began_later(session: Session, held: Session, bookmarks: AbstractSet[str]) -> bool:
    return (session.start_utc, session.id in bookmarks) > (held.start_utc, held.id in bookmarks)


def _starts_sooner(session: Session, held: Session, bookmarks: AbstractSet[str]) -> bool:
    return (session.start_utc, session.id not in bookmarks) < (held.start_utc, held.id not in bookmarks)


def people_of(agenda: Agenda, session: Session) -> list[tuple[Speaker, Role]]:
    return [
        (agenda.speakers_by_id[person.speaker], person.role)
        for person in session.people
        if person.speaker in agenda.speakers_by_id
    ]


def sessions_of(agenda: Agenda, speaker_id: str) -> list[tuple[Session, Role]]:
    return [
        (session, person.role)
        for session in agenda.sessions_in_order
        for person in session.people
        if person.speaker == speaker_id
    ]


def sessions_in_track(agenda: Agenda, track_id: str) -> list[Session]:
    return [session for session in agenda.sessions_in_order if session.track == track_id]


def conflicts(sessions: Iterable[Session]) -> dict[str, list[Session]]:
    """For each session, the others in `sessions` that overlap it in time (an all-day
    session overlaps nothing: it is the day's setting, not a time to be somewhere)."""
    ordered = in_order(session for session in sessions if not session.all_day)
    clashes: dict[str, list[Session]] = {}
    for position, first in enumerate(ordered):
        for second in ordered[position + 1:]:
            if second.start_utc >= first.end_utc:
                break
            clashes.setdefault(first.id, []).append(second)
            clashes.setdefault(second.id, []).append(first)
    return clashes


def conflict_slots(sessions: Iterable[Session]) -> list[list[Session]]:
    """The times where the user must choose: runs of sessions, each overlapping another
    of its run (10:00-11:00, 10:30-12:00 and 11:30-12:30 are one slot), in time order.
    All-day sessions overlap nothing."""
    slots: list[list[Session]] = []
    run: list[Session] = []
    run_end: datetime | None = None
    for session in in_order(session for session in sessions if not session.all_day):
        if run_end is not None and session.start_utc < run_end:
            run.append(session)
            run_end = max(run_end, session.end_utc)
            continue
        if len(run) > 1:
            slots.append(run)
        run, run_end = [session], session.end_utc
    if len(run) > 1:
        slots.append(run)
    return slots


def unknown_ids(agenda: Agenda, session_ids: Iterable[str]) -> list[str]:
    return [session_id for session_id in session_ids if session_id not in agenda.sessions_by_id]


def room_positions(agenda: Agenda) -> dict[str, int]:
    """Each room's place in the source's own order: the conference's list of rooms
    (`Conference.rooms`, which importers fill in the feed's order: 38C3's main halls come
    before its self-organised spaces), then the rooms it does not name, in the order in
    which the agenda's sessions first name them (agendas written before the list)."""
    positions = dict.fromkeys(agenda.conference.rooms, 0)
    for session in agenda.sessions:
        if session.location and session.location not in positions:
            positions[session.location] = 0
    return {room: place for place, room in enumerate(positions)}


def rooms(agenda: Agenda) -> list[str]:
    """Every place sessions are held, in name order."""
    return sorted({session.location for session in agenda.sessions if session.location})


@dataclass(frozen=True)
class Hidden:
    """The rooms (by name) and tracks (by id) the user has hidden from the lists of the
    programme: the day tables and `n`. One value, replaced at each change.

    It never applies to the bookmarks: My schedule, reminders and exports show every
    bookmarked session, whatever its room. A session with no room, or no track, is not
    hidden by that part."""

    rooms: frozenset[str] = frozenset()
    tracks: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.rooms or self.tracks)

    def hides(self, session: Session) -> bool:
        return (bool(session.location) and session.location in self.rooms) or (
            session.track is not None and session.track in self.tracks)

    def apply(self, sessions: Iterable[Session]) -> list[Session]:
        """The sessions not hidden, in their order."""
        if not self:
            return list(sessions)
        return [session for session in sessions if not self.hides(session)]

    def hiding_room(self, room: str) -> Hidden:
        return replace(self, rooms=self.rooms | {room})

    def only_room(self, room: str, all_rooms: Iterable[str]) -> Hidden:
        """Every other room hidden; the tracks as they were."""
        return replace(self, rooms=frozenset(all_rooms) - {room})
