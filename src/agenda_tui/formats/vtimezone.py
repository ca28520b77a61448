"""The VTIMEZONE of an iCalendar export, written from the zone's own offsets over a span.

Not icalendar's `Timezone.from_tzinfo`: it fits changes to yearly rules and loses those
that follow none (Morocco's clocks go back for Ramadan, so Africa/Casablanca and
El_Aaiun were an hour off for a month), and over several years it writes RDATE lists,
which ical.js and vobject misread. Here every change of UTC offset within the span is
one observance with one onset (DTSTART), as RFC 5545 allows; no RRULE, no RDATE.
Readers then need nothing but the onsets, and the text depends only on the zone's data
and the span.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

# Since 1900 no zone of the tz database changes its offset twice within three days (the
# closest: Africa/Freetown in 1939, 95 hours apart), so between two moments a day apart
# there is at most one change, and comparing their offsets finds it.
SCAN_STEP = timedelta(days=1)


@dataclass(frozen=True)
class OffsetChange:
    """The zone's clocks go from `before` to `after` at `at` (UTC, the first second of `after`)."""

    at: datetime
    before: timedelta
    after: timedelta


def _offset(zone: tzinfo, moment: datetime) -> timedelta:
    offset = moment.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def offset_changes(zone: tzinfo, start: datetime, end: datetime) -> list[OffsetChange]:
    """Every change of `zone`'s UTC offset after `start` and up to `end` (aware datetimes,
    whole seconds), to the second: scanned a day at a time, then bisected."""
    changes = []
    low = start.astimezone(UTC)
    end = end.astimezone(UTC)
    before = _offset(zone, low)
    while low < end:
        high = min(low + SCAN_STEP, end)
        if _offset(zone, high) == before:
            low = high
            continue
        # The offset at `low` is `before` and at `high` it is not: halve the gap.
        while (seconds := int((high - low).total_seconds())) > 1:
            middle = low + timedelta(seconds=seconds // 2)
            if _offset(zone, middle) == before:
                low = middle
            else:
                high = middle
        after = _offset(zone, high)
        changes.append(OffsetChange(high, before, after))
        low, before = high, after
    return changes


def span_timezone(zone: tzinfo, tzid: str, start: datetime, end: datetime) -> Timezone:
    """A VTIMEZONE named `tzid` that gives `zone`'s offsets from `start` to `end`: one
    observance for the offset in force at `start`, then one for each change."""
    start = start.astimezone(UTC)
    timezone = Timezone()
    timezone.add("TZID", tzid)
    in_force = _offset(zone, start)
    changes = [OffsetChange(start, in_force, in_force), *offset_changes(zone, start, end)]
    daylight = [bool(change.at.astimezone(zone).dst()) for change in changes]
    if all(daylight):
        # A span of daylight saving time only (Pacific/Apia from one summer offset to
        # another, 2011): vobject reads no VTIMEZONE without a STANDARD observance.
        daylight[0] = False
    for change, is_daylight in zip(changes, daylight, strict=True):
        timezone.add_component(_observance(zone, change, is_daylight))
    return timezone


def _observance(zone: tzinfo, change: OffsetChange,
                daylight: bool) -> TimezoneStandard | TimezoneDaylight:
    """STANDARD, or DAYLIGHT where the zone counts the new offset as daylight saving time.
    Its onset is the local time in force before the change (RFC 5545 3.8.2.4: the spring
    change in Europe/Brussels is at 02:00, the time the clocks show as they jump)."""
    local = change.at.astimezone(zone)
    observance = TimezoneDaylight() if daylight else TimezoneStandard()
    observance.add("DTSTART", (change.at + change.before).replace(tzinfo=None))
    observance.add("TZOFFSETFROM", change.before)
    observance.add("TZOFFSETTO", change.after)
    if name := local.tzname():
        observance.add("TZNAME", name)
    return observance
