"""Shared by the export tests: the agendas they export and a fixed DTSTAMP."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import vobject
from dateutil.tz import tzutc
from dateutil.tz.tz import _tzicalvtz
from icalendar.timezone.tzp import TZP

from agenda_tui.agenda_file import agenda_from_data, load_agenda
from agenda_tui.model import Agenda
from agenda_tui.paths import embedded_agenda_path

DATA = Path(__file__).resolve().parents[1] / "data"
NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def symposium() -> Agenda:
    return load_agenda(embedded_agenda_path())


def tricky() -> Agenda:
    return load_agenda(DATA / "export-tricky.toml")


def with_session_changed(agenda: Agenda, session_id: str, **changes) -> Agenda:
    """A copy of `agenda` in which one session has new field values."""
    sessions = [
        dataclasses.replace(session, **changes) if session.id == session_id else session
        for session in agenda.sessions
    ]
    return dataclasses.replace(agenda, sessions=sessions)


# -- reading an export back, with the file's own VTIMEZONE ---------------------------------
#
# Both readers are made to use the VTIMEZONE in the file rather than the zone its TZID
# names: icalendar through its pytz provider, which builds the zone from its own reading
# of the observances (`Timezone.get_transitions`), and vobject, which reads them with
# dateutil's tzical. Times are given back in UTC; all-day times as dates.

Instants = dict[str, tuple[datetime | date, datetime | date]]


def icalendar_instants(text: str) -> Instants:
    """{UID: (start, end)} as icalendar reads them through the file's VTIMEZONE."""
    calendar = icalendar.Calendar.from_ical(text)
    zones = {str(tz["TZID"]): tz.to_tz(TZP("pytz"), lookup_tzid=False)
             for tz in calendar.walk("VTIMEZONE")}

    def instant(prop) -> datetime | date:
        value = prop.dt
        if not isinstance(value, datetime):
            return value
        if "TZID" in prop.params:
            # is_dst=None: a local time the VTIMEZONE makes ambiguous or skipped is an error.
            value = zones[prop.params["TZID"]].localize(value.replace(tzinfo=None), is_dst=None)
        assert value.tzinfo is not None, f"a floating time: {prop.to_ical()!r}"
        return value.astimezone(UTC)

    return {str(event["UID"]): (instant(event["DTSTART"]), instant(event["DTEND"]))
            for event in calendar.walk("VEVENT")}


def vobject_calendar(text: str):
    """The calendar as vobject reads it, each TZID resolved from the file's VTIMEZONE: its
    registry of zones is global and keeps the first it met, so it is emptied first."""
    registry = vars(vobject.icalendar)["__tzidMap"]
    registry.clear()
    registry["UTC"] = vobject.icalendar.utc
    return vobject.readOne(text)


def vobject_instants(text: str) -> Instants:
    """{UID: (start, end)} as vobject reads them, through the file's VTIMEZONE."""
    calendar = vobject_calendar(text)

    def instant(value) -> datetime | date:
        if not isinstance(value, datetime):
            return value
        assert isinstance(value.tzinfo, _tzicalvtz | tzutc), f"not from the file: {value.tzinfo!r}"
        return value.astimezone(UTC)

    return {event.uid.value: (instant(event.dtstart.value), instant(event.dtend.value))
            for event in calendar.vevent_list}


def expected_instants(agenda: Agenda, sessions=None) -> Instants:
    """{UID: (start, end)} of the agenda's sessions: UTC instants, or the first day and the
    day after the last for an all-day session."""
    instants = {}
    for session in agenda.sessions if sessions is None else sessions:
        uid = f"{session.id}@{agenda.conference.id}.agenda-tui"
        if session.all_day:
            instants[uid] = (session.days[0], session.days[-1] + timedelta(days=1))
        else:
            instants[uid] = (session.start_utc, session.end_utc)
    return instants


def agenda_of(zone: str, sessions: list[dict], speakers: list[dict] = (), **conference) -> Agenda:
    """An agenda in `zone` holding `sessions` (Session fields; times may be aware datetimes
    in any zone) and `speakers`, over the days the sessions are on unless `conference`
    says otherwise."""
    days = [moment.astimezone(ZoneInfo(zone)).date() if isinstance(moment, datetime) else moment
            for session in sessions for moment in (session["start"], session["end"])]
    numbered = [{"id": f"s{number}", "title": f"Session {number}"} | session
                for number, session in enumerate(sessions)]
    return agenda_from_data({
        "conference": {"id": "zones", "title": "Zones", "timezone": zone,
                       "start_date": min(days), "end_date": max(days)} | conference,
        "speakers": list(speakers),
        "sessions": numbered,
    }, "<test>")


BERLIN = ZoneInfo("Europe/Berlin")


def berlin_repeated_hour(*more: dict) -> Agenda:
    """An agenda around the hour Berlin's clocks repeated on 27 October 2024: "second" from
    the second 02:30 to 03:30, "across" from the first 02:30 into the second (to 02:15),
    and `more` sessions."""
    return agenda_of("Europe/Berlin", [
        {"id": "second", "start": datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=BERLIN),
         "end": datetime(2024, 10, 27, 3, 30, tzinfo=BERLIN)},
        {"id": "across", "start": datetime(2024, 10, 27, 2, 30, tzinfo=BERLIN),
         "end": datetime(2024, 10, 27, 2, 15, fold=1, tzinfo=BERLIN)},
        *more,
    ])


def assert_read_back(text: str, expected: Instants) -> None:
    """Both readers give exactly the `expected` instants of every event (and no other event)."""
    assert icalendar_instants(text) == expected
    assert vobject_instants(text) == expected


def read_back(text: str) -> Instants:
    """The instants of every event, which both readers must agree on."""
    instants = icalendar_instants(text)
    assert vobject_instants(text) == instants
    return instants
