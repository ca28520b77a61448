"""Pure queries over an agenda: days, now and next, people, conflicts, moments."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
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
        if latest < today and at_utc < max(s.end_utc for s in ordered if s.conference_day == latest):
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


def unknown_ids(agenda: Agenda, session_ids: Iterable[str]) -> list[str]:
    return [session_id for session_id in session_ids if session_id not in agenda.sessions_by_id]


def rooms(agenda: Agenda) -> list[str]:
    """Every place sessions are held, in name order."""
    return sorted({session.location for session in agenda.sessions if session.location})


@dataclass(frozen=True)
class SessionFilter:
    """Only sessions in this room and/or this track (None: any)."""

    room: str | None = None
    track: str | None = None

    def __bool__(self) -> bool:
        return self.room is not None or self.track is not None

    def apply(self, sessions: Iterable[Session]) -> list[Session]:
        return [session for session in sessions
                if (self.room is None or session.location == self.room)
                and (self.track is None or session.track == self.track)]
