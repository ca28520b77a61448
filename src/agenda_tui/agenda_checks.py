"""The checks across an agenda that pydantic cannot make field by field: references,
duplicates, order, dates, times the clocks skip. Made on every agenda file read from its
TOML (the agenda cache keeps only agendas that passed them)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from agenda_tui.model import (
    Conference,
    Session,
    Speaker,
    Track,
    offset_changes_on,
    skipped_by_clock_change,
)

Place = tuple[str | int, ...]
_ONE_DAY = timedelta(days=1)


def _duplicates(ids: list[str]) -> set[str]:
    return {item for item, count in Counter(ids).items() if count > 1}


def consistency_problems_of(
    conference: Conference | None,
    tracks: list[tuple[int, Track]],
    speakers: list[tuple[int, Speaker]],
    sessions: list[tuple[int, Session]],
) -> list[tuple[Place, str]]:
    """What pydantic cannot see field by field: references, order, dates, zone gaps.

    Works on whichever items are valid, so these problems are reported together
    with any type errors elsewhere in the file.
    """
    found: list[tuple[Place, str]] = []
    if conference and conference.end_date < conference.start_date:
        found.append((("conference", "end_date"), "end_date is before start_date"))

    for name, items in (("tracks", tracks), ("speakers", speakers), ("sessions", sessions)):
        ids = [item.id for _, item in items]
        if len(set(ids)) == len(ids):
            continue
        duplicated = _duplicates(ids)
        seen: set[str] = set()
        for position, item in items:
            if item.id in duplicated and item.id in seen:
                found.append(((name, position, "id"), f"duplicate id {item.id!r}"))
            seen.add(item.id)

    speaker_ids = {speaker.id for _, speaker in speakers}
    track_ids = {track.id for _, track in tracks}
    if conference is not None:
        first_day, last_day = conference.start_date, conference.end_date
        change_days = _ClockChangeDays(conference)
        # The days looked up once (a conference of a few weeks), to test them here rather
        # than through a call per session; None: every day through `change_days`.
        known_days, last_known = change_days.days, change_days.last
    # Ten thousand sessions pass through here at every cold load: the checks are kept to
    # comparisons, and a problem's message is made only when found.
    for position, session in sessions:
        if people := session.people:
            for person_index, person in enumerate(people):
                if person.speaker not in speaker_ids:
                    found.append((("sessions", position, "people", person_index, "speaker"),
                                  f"unknown speaker id {person.speaker!r}"))
        if (track := session.track) is not None and track not in track_ids:
            found.append((("sessions", position, "track"), f"unknown track id {track!r}"))
        start, end = session.start, session.end
        # Wall-clock order is the real one, but across the repeated hour (fold): only
        # then are the instants needed.
        if (end < start or end.fold < start.fold) and session.end_utc < session.start_utc:
            found.append((("sessions", position, "end"),
                          f"end ({end:%Y-%m-%d %H:%M}) is before start "
                          f"({start:%Y-%m-%d %H:%M})"))
        start_day = start.date()
        day = session.day
        if day is not None and not 0 <= (start_day - day).days <= 1:
            found.append((("sessions", position, "start"),
                          f"starts on {start_day}, not on its day {day} or the night after"))
        if conference is None:
            continue
        end_day = end.date()
        if session.all_day or not first_day <= (day or start_day) <= last_day:
            check_calendar = True
        elif known_days is not None and start_day <= last_known and end_day <= last_known:
            check_calendar = start_day in known_days or end_day in known_days
        else:
            check_calendar = start_day in change_days or end_day in change_days
        if check_calendar:
            found += _calendar_problems(conference, position, session)
    return found




class _ClockChangeDays:
    """Whether the zone's clocks change on a day (the only days on which a time can be
    skipped): looked up once for every day of a conference of a few weeks, else day by
    day as sessions ask (an agenda may span centuries of a yearly series)."""

    PRECOMPUTED_DAYS = 62

    def __init__(self, conference: Conference):
        self.zone = conference.zone
        span = (conference.end_date - conference.start_date).days + 2
        self.days: set[date] | None = None
        self.last = conference.end_date + _ONE_DAY
        if span <= self.PRECOMPUTED_DAYS:
            moments = (conference.start_date + timedelta(days=n) for n in range(span))
            self.days = {day for day in moments if offset_changes_on(self.zone, day)}

    def __contains__(self, day: date) -> bool:
        if self.days is None or day > self.last:
            return offset_changes_on(self.zone, day)
        return day in self.days


def _calendar_problems(conference: Conference, position: int, session: Session) -> list[tuple[Place, str]]:
    """A session's days outside the conference's, or its times in a gap of the zone."""
    found: list[tuple[Place, str]] = []
    first, last = session.conference_day, session.days[-1] if session.all_day else session.conference_day
    for field, day in (("day" if session.day else "start", first), ("end", last)):
        if not conference.start_date <= day <= conference.end_date:
            found.append((("sessions", position, field),
                          f"{day.isoformat()} is outside the conference dates "
                          f"{conference.start_date} to {conference.end_date}"))
            break
    if session.all_day:
        return found  # its midnights are the first moments of its days, skipped or not
    for field, moment in (("start", session.start), ("end", session.end)):
        if skipped_by_clock_change(moment):
            found.append((("sessions", position, field),
                          f"{moment:%Y-%m-%d %H:%M} does not exist in {conference.timezone} "
                          "(the clocks skip it)"))
    return found
