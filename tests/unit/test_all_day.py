"""All-day and zero-length sessions in the model, the agenda TOML and the queries."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from agenda_tui.agenda_file import dump_agenda, parse_agenda
from agenda_tui.errors import InvalidFileError
from agenda_tui.schedule import conflicts, now_and_next, sessions_by_day, sessions_on

HEAD = """
[conference]
id = "c"
title = "C"
start_date = 2024-03-09
end_date = 2024-03-12
timezone = "{zone}"
"""


def agenda_with(sessions: str, zone: str = "America/New_York"):
    return parse_agenda(HEAD.format(zone=zone) + sessions, "a.toml")


THREE_DAYS_AND_A_TALK = """
[[sessions]]
id = "expo"
all_day = true
start = 2024-03-09
end = 2024-03-12
title = "Expo hall open"

[[sessions]]
id = "talk"
start = 2024-03-10T10:00:00
end = 2024-03-10T11:00:00
title = "A talk"

[[sessions]]
id = "gong"
start = 2024-03-10T12:00:00
end = 2024-03-10T12:00:00
title = "The gong"
"""


def test_an_all_day_session_is_on_each_of_its_days_first_and_never_on_now():
    agenda = agenda_with(THREE_DAYS_AND_A_TALK)
    expo = agenda.sessions_by_id["expo"]
    assert expo.days == [date(2024, 3, 9), date(2024, 3, 10), date(2024, 3, 11)]
    by_day = sessions_by_day(agenda)
    assert [s.id for s in by_day[date(2024, 3, 10)]] == ["expo", "talk", "gong"]
    assert [s.id for s in sessions_on(agenda, date(2024, 3, 11))] == ["expo"]
    assert date(2024, 3, 12) not in by_day  # the end is the midnight after its last day
    zone = ZoneInfo("America/New_York")
    answer = now_and_next(agenda, datetime(2024, 3, 10, 10, 30, tzinfo=zone))
    assert [s.id for s in answer.now] == ["talk"]
    assert [s.id for s in answer.next] == ["gong"]
    assert conflicts(agenda.sessions) == {}  # the expo overlaps nothing; the gong takes no time


def test_midnight_to_midnight_across_the_dst_change_is_one_calendar_day():
    # 10 March 2024: New York's clocks go forward, so the day lasts 23 hours.
    agenda = agenda_with(THREE_DAYS_AND_A_TALK)
    expo = agenda.sessions_by_id["expo"]
    assert expo.start.hour == expo.end.hour == 0
    assert (expo.end_utc - expo.start_utc).total_seconds() == (3 * 24 - 1) * 3600


def test_a_skipped_midnight_starts_the_day_when_the_clocks_do():
    # Havana goes from 00:00 to 01:00 on 10 March 2024.
    agenda = agenda_with("""
[[sessions]]
id = "day"
all_day = true
start = 2024-03-10
end = 2024-03-11
title = "Day"
""", zone="America/Havana")
    day = agenda.sessions_by_id["day"]
    assert (day.start.hour, day.start.utcoffset().total_seconds()) == (1, -4 * 3600)
    assert day.days == [date(2024, 3, 10)]


def test_all_day_and_zero_length_sessions_survive_a_write_and_read():
    agenda = agenda_with(THREE_DAYS_AND_A_TALK)
    text = dump_agenda(agenda)
    assert "start = 2024-03-09\n" in text and text.count("all_day") == 1
    assert parse_agenda(text) == agenda


@pytest.mark.parametrize("session, message", [
    ('all_day = true\nstart = 2024-03-10T09:00:00\nend = 2024-03-11', "is a midnight"),
    ('all_day = true\nstart = 2024-03-10\nend = 2024-03-10', "at least one day"),
    ('start = 2024-03-10\nend = 2024-03-11', "only for an all-day session"),
    ('start = 2024-03-10T10:00:00\nend = 2024-03-10T09:59:00', "is before start"),
    ('all_day = true\nstart = 2024-03-11\nend = 2024-03-14', "outside the conference dates"),
    ('start = 9999-12-31T23:00:00\nend = 9999-12-31T23:30:00', "year 9999 is outside"),
])
def test_bad_all_day_or_timed_sessions_are_refused_saying_why(session, message):
    with pytest.raises(InvalidFileError) as raised:
        agenda_with(f'[[sessions]]\nid = "s"\ntitle = "S"\n{session}\n')
    lines = raised.value.lines()
    assert lines and all(message in line and "Value error" not in line for line in lines), lines
