"""Reminders of bookmarked sessions: how long before each, which are due at a moment,
and what the one notification for them says. Pure: the clock is given.

A reminder is due from its moment (the start less the lead time) until the session
ends, until it has been shown for the session's current start. So one missed while the
app was closed, or while the laptop slept, is due at the next check, once, and only while
the session has not ended; a session moved since its reminder is reminded again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from agenda_tui.formatting import clock, time_range
from agenda_tui.model import Agenda, Session, utc
from agenda_tui.text import shown

OFF = 0
# What `l` and `L` step through; `l` goes on to the default (None) after OFF.
LEAD_CHOICES = (5, 10, 15, OFF)
# A reminder shown this long after its moment was missed (the app closed, the laptop asleep).
LATE_AFTER = timedelta(minutes=1)
# Records of reminders shown are kept until their session has been over this long.
KEEP_REMINDED = timedelta(days=1)
MOST_LISTED = 6  # in one notification; the rest are counted


@dataclass(frozen=True)
class LeadTimes:
    """Minutes before a session its reminder is shown (OFF: none): the default, and
    each session's own choice."""

    default: int
    per_session: Mapping[str, int] = field(default_factory=dict)

    def of(self, session_id: str) -> int:
        return self.per_session.get(session_id, self.default)

    def differing(self, session_id: str) -> int | None:
        """The session's lead time where it is not the default; None where it is."""
        minutes = self.per_session.get(session_id)
        return None if minutes is None or minutes == self.default else minutes


def lead_times(global_minutes: int, conference_minutes: int | None,
               per_session: Mapping[str, int]) -> LeadTimes:
    """The settings file's default, unless the conference's state sets its own."""
    default = global_minutes if conference_minutes is None else conference_minutes
    return LeadTimes(default, dict(per_session))


def next_lead(minutes: int) -> int:
    """The default's next choice: 5, 10, 15, off, 5 ... (any other value goes to 5)."""
    if minutes not in LEAD_CHOICES:
        return LEAD_CHOICES[0]
    return LEAD_CHOICES[(LEAD_CHOICES.index(minutes) + 1) % len(LEAD_CHOICES)]


def next_session_lead(minutes: int | None) -> int | None:
    """A session's next choice: the default (None), 5, 10, 15, off, the default ..."""
    if minutes is None or minutes not in LEAD_CHOICES:
        return LEAD_CHOICES[0]
    if minutes == LEAD_CHOICES[-1]:
        return None
    return next_lead(minutes)


def lead_label(minutes: int) -> str:
    return "off" if minutes == OFF else f"{minutes} min before"


@dataclass(frozen=True)
class Reminder:
    session: Session
    lead_minutes: int

    @property
    def moment(self) -> datetime:
        """When it is due, in UTC."""
        return self.session.start_utc - timedelta(minutes=self.lead_minutes)


def reminders_due(agenda: Agenda, bookmarks: AbstractSet[str], leads: LeadTimes,
                  reminded: Mapping[str, datetime], now: datetime) -> list[Reminder]:
    """The reminders of bookmarked, timed sessions due at `now` and not yet shown for the
    session's current start, soonest first. All-day sessions have no reminder."""
    at = utc(now)
    due = []
    for session_id in bookmarks:
        session = agenda.sessions_by_id.get(session_id)
        if session is None or session.all_day:
            continue
        minutes = leads.of(session_id)
        if minutes == OFF or _shown_for(reminded.get(session_id), session):
            continue
        reminder = Reminder(session, minutes)
        if reminder.moment <= at < max(session.end_utc, session.start_utc + timedelta(minutes=1)):
            due.append(reminder)
    return sorted(due, key=lambda r: (r.session.start_utc, r.session.title, r.session.id))


def _shown_for(start: datetime | None, session: Session) -> bool:
    return start is not None and utc(start) == session.start_utc


def reminded_after(agenda: Agenda, reminded: Mapping[str, datetime], shown: Iterable[Reminder],
                   now: datetime) -> dict[str, datetime]:
    """`reminded` with the reminders just shown, each with the start it was for, less the
    records no longer needed: of sessions over for KEEP_REMINDED, or gone from the agenda
    with a start that long past. The state file does not grow with every conference day."""
    records = dict(reminded)
    records.update({reminder.session.id: reminder.session.start_utc for reminder in shown})
    horizon = utc(now) - KEEP_REMINDED
    kept = {}
    for session_id, start in records.items():
        session = agenda.sessions_by_id.get(session_id)
        last = start if session is None else max(session.end_utc, session.start_utc)
        if utc(last) >= horizon:
            kept[session_id] = utc(start)
    return kept


def reminder_notice(reminders: Sequence[Reminder], now: datetime,
                    zone: tzinfo) -> tuple[str, str]:
    """The title and text of the one notification for the reminders due at `now`: a
    reminder names the room; several (missed while the app was closed or asleep, or
    sessions that start together) are listed in one notification, soonest first."""
    assert reminders
    late = any(utc(now) - reminder.moment > LATE_AFTER for reminder in reminders)
    if len(reminders) == 1:
        title = "Missed reminder" if late else "Starting soon"
        return title, _line(reminders[0], now, zone)
    title = f"{len(reminders)} {'missed reminders' if late else 'reminders'}"
    lines = [f"• {clock(reminder.session.start, zone)} {_line(reminder, now, zone)}"
             for reminder in reminders[:MOST_LISTED]]
    if len(reminders) > MOST_LISTED:
        lines.append(f"and {len(reminders) - MOST_LISTED} more in My schedule")
    return title, "\n".join(lines)


def _line(reminder: Reminder, now: datetime, zone: tzinfo) -> str:
    session = reminder.session
    text = f"{shown(session.title)} {_starts(session, now)}"
    if session.location and (room := shown(session.location)):
        text += f", {room}"
    return f"{text} ({time_range(session, zone, '–')})"


def _starts(session: Session, now: datetime) -> str:
    seconds = (session.start_utc - utc(now)).total_seconds()
    if abs(seconds) < 30:
        return "starts now"
    minutes = round(abs(seconds) / 60)
    span = f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"
    return f"starts in {span}" if seconds > 0 else f"began {span} ago"
