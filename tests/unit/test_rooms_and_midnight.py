"""Rooms where attendees look (`list`, `now`, Markdown), one style of durations in `now`,
and '+1' on every time range past the midnight of the day a session is listed under:
tests/data/night-rooms.toml (Europe/Berlin, two halls, a night session), and 38C3."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agenda_tui.agenda_file import load_agenda, save_agenda
from agenda_tui.agenda_schema import validated
from agenda_tui.formats.frab_xml import parse_frab_xml
from agenda_tui.formats.markdown import render_markdown
from agenda_tui.formatting import any_day_marks, duration, time_range, when
from agenda_tui.model import Agenda, Session
from agenda_tui.tui.detail_text import session_detail
from tests.cli_support import run
from tests.conftest import TEST_DATA, shared_data

NIGHT = TEST_DATA / "night-rooms.toml"
BERLIN = ZoneInfo("Europe/Berlin")
HELSINKI = ZoneInfo("Europe/Helsinki")  # an hour ahead of Berlin
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


@pytest.fixture(scope="module")
def night() -> Agenda:
    return load_agenda(NIGHT)


def session(agenda: Agenda, start: str, end: str, day: str | None = None) -> Session:
    """A session of `agenda` (Europe/Berlin) from `start` to `end`, wall-clock times."""
    return validated(Session, {"id": "extra", "title": "Extra", "start": datetime.fromisoformat(start),
         "end": datetime.fromisoformat(end), "day": day and datetime.fromisoformat(day).date(),
         "location": "Hall C"}, agenda.zone)


# -- '+1' from one function ------------------------------------------------------------

def test_a_range_that_ends_past_midnight_is_marked_and_one_that_ends_at_midnight_is_not(night):
    assert time_range(session(night, "2024-12-27T23:30", "2024-12-28T00:30")) == "23:30-00:30 +1"
    assert time_range(night.sessions_by_id["workshop"]) == "12:00-00:00"
    assert time_range(night.sessions_by_id["talk-a"]) == "23:00-23:45"


def test_a_night_session_listed_under_the_day_before_starts_plus_one(night):
    assert time_range(night.sessions_by_id["night"], dash="–") == "01:00–03:00 +1"
    assert when(night.sessions_by_id["night"], BERLIN) == "Fri 27 Dec 01:00–03:00 +1 CET"


def test_the_laptop_zone_marks_a_range_its_clocks_push_past_midnight(night):
    late = session(night, "2024-12-27T22:30", "2024-12-27T23:30")
    assert when(late, BERLIN) == "Fri 27 Dec 22:30–23:30 CET"
    assert when(late, HELSINKI) == "Fri 27 Dec 23:30–00:30 +1 EET"
    detail = session_detail(night, late, event_zone=BERLIN, local_zone=HELSINKI,
                            bookmarked=False, note="").plain
    assert "Your time: Fri 27 Dec 23:30–00:30 +1 EET" in detail


def test_west_of_the_conference_the_day_is_the_one_it_starts_on_there(night):
    morning = session(night, "2024-12-28T08:00", "2024-12-28T09:30")
    # 23:00 on Friday in Los Angeles, ending after its midnight.
    assert when(morning, LOS_ANGELES) == "Fri 27 Dec 23:00–00:30 +1 PST"
    # A table of Saturday's sessions shown in that zone: it starts the day before.
    assert time_range(morning, LOS_ANGELES) == "23:00 -1-00:30"


def test_a_moment_after_midnight_is_marked(night):
    assert time_range(session(night, "2024-12-28T00:00", "2024-12-28T00:00", "2024-12-27")) == "00:00 +1"


def test_the_changes_list_marks_the_end_past_midnight_too(night):
    from agenda_tui.diff import changes_for_people, diff_agendas

    late = session(night, "2024-12-27T23:30", "2024-12-28T00:30")
    newer = dataclasses.replace(night, sessions=[*night.sessions, late])
    [added] = changes_for_people(diff_agendas(night, newer), set())
    assert added.detail == "Fri 27 Dec 23:30–00:30 +1, Hall C"


# -- durations -------------------------------------------------------------------------

@pytest.mark.parametrize(("minutes", "text"), [
    (0, "0 min"), (25, "25 min"), (60, "1 h"), (65, "1 h 5 min"), (47 * 60 + 59, "47 h 59 min"),
    (48 * 60, "2 days"), (24 * 60 * 5 + 3, "5 days"),
])
def test_one_style_of_durations(minutes, text):
    assert duration(minutes) == text


# -- the command line ------------------------------------------------------------------

def test_list_shows_the_rooms_in_a_column_and_marks_the_night(capsys):
    code, out, err = run(capsys, "list", "--agenda", str(NIGHT))
    assert code == 0 and err == ""
    assert out.splitlines() == [
        "2024-12-27 Fri  12:00-00:00     Hall A  workshop  Soldering all day",
        "2024-12-27 Fri  23:00-23:45     Hall A  talk      Late talk in A",
        "2024-12-27 Fri  23:00-23:45     Hall B  talk      Late talk in B",
        "2024-12-27 Fri  01:00-03:00 +1  Hall B  other     Night session",
        "2024-12-28 Sat  10:00-11:00     Hall A  talk      Morning talk in A",
        "2024-12-28 Sat  10:30-11:30     Hall B  talk      Morning talk in B",
    ]


def test_an_agenda_without_rooms_lists_no_room_column(capsys):
    # The symposium names no room (one session is virtual): the lines are as before.
    code, out, _ = run(capsys, "list", "--day", "2")
    assert code == 0
    assert out.splitlines()[0].startswith("2024-03-15 Fri  09:00-10:30  panel     Panel: ")
    assert all("  Virtual  " not in line for line in out.splitlines())


def test_now_names_the_rooms_and_says_every_duration_alike(capsys):
    code, out, _ = run(capsys, "now", "--agenda", str(NIGHT), "--at", "2024-12-27T23:30")
    assert code == 0
    assert out.splitlines() == [
        "At Fri 2024-12-27 23:30 CET (Europe/Berlin):",
        "Now:  2024-12-27 Fri  12:00-00:00     Hall A  workshop  Soldering all day  (ends in 30 min)",
        "Now:  2024-12-27 Fri  23:00-23:45     Hall A  talk      Late talk in A  (ends in 15 min)",
        "Now:  2024-12-27 Fri  23:00-23:45     Hall B  talk      Late talk in B  (ends in 15 min)",
        "Next: 2024-12-27 Fri  01:00-03:00 +1  Hall B  other     Night session  (starts in 1 h 30 min)",
    ]


def test_now_in_the_night_before_a_long_wait(capsys):
    code, out, _ = run(capsys, "now", "--agenda", str(NIGHT), "--at", "2024-12-28T02:00")
    assert code == 0
    assert out.splitlines()[1].endswith("Night session  (ends in 1 h)")
    assert out.splitlines()[2].endswith("Morning talk in A  (starts in 8 h)")


def test_json_adds_the_room_and_keeps_every_key(capsys):
    code, out, _ = run(capsys, "list", "--json", "--agenda", str(NIGHT))
    records = json.loads(out)
    assert code == 0
    assert [record["room"] for record in records][:4] == ["Hall A", "Hall A", "Hall B", "Hall B"]
    assert records[0]["location"] == "Hall A"
    code, out, _ = run(capsys, "list", "--json", "--day", "1")
    assert all(record["room"] is None for record in json.loads(out))


def test_markdown_has_a_room_column_only_for_an_agenda_with_rooms(night, symposium):
    lines = render_markdown(night, night.sessions).splitlines()
    assert "| Time | Room | Title | People | Kind |" in lines
    assert "| 01:00–03:00 +1 | Hall B | Night session |  | other |" in lines
    assert "| 12:00–00:00 | Hall A | Soldering all day |  | workshop |" in lines
    plain = render_markdown(symposium, symposium.sessions)
    assert "Room" not in plain and "| Time | Title | People | Kind |" in plain


# -- 38C3: 58 events after midnight, under the day before ---------------------------------

@pytest.fixture(scope="module")
def congress_file(tmp_path_factory) -> Path:
    path = shared_data("38c3-schedule.xml")
    agenda = parse_frab_xml(path.read_bytes(), path.name)
    target = tmp_path_factory.mktemp("38c3") / "38c3.toml"
    save_agenda(agenda, target)
    return target


def test_38c3_every_range_past_the_night_s_midnight_is_marked_in_list_and_markdown(capsys, congress_file):
    agenda = load_agenda(congress_file)
    # Ending at midnight is the end of the day, not past it.
    past = {s.id for s in agenda.sessions if s.start.date() > s.conference_day
            or (s.end.date() > s.conference_day and s.end.time() != time())}
    assert len(past) > 58
    code, out, _ = run(capsys, "list", "--json", "--agenda", str(congress_file))
    ids = [record["id"] for record in json.loads(out)]
    code, out, _ = run(capsys, "list", "--agenda", str(congress_file))
    assert code == 0
    lines = out.splitlines()
    marked = {session_id for session_id, line in zip(ids, lines, strict=True) if " +1  " in line}
    assert marked == past
    opening = next(line for line in lines if "Opening Ceremony" in line)
    assert opening.startswith("2024-12-27 Fri  10:30-11:00     Saal 1 ")
    markdown = render_markdown(agenda, agenda.sessions)
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and " +1 |" in line]
    assert len(rows) == len(past)


@pytest.mark.parametrize("zone", [None, BERLIN, HELSINKI, LOS_ANGELES, ZoneInfo("Asia/Tokyo")])
def test_a_day_table_knows_which_times_carry_a_day_mark_as_time_range_writes_them(night, ccc, zone):
    """The day table widens its time column when `any_day_marks` says so: it must agree
    with what `time_range` writes, session by session, in every zone."""
    extra = [session(night, "2024-12-27T23:30", "2024-12-28T00:00"),  # ends at midnight: no mark
             session(night, "2024-12-27T23:30", "2024-12-28T00:30")]
    for sessions in (night.sessions + extra, ccc.sessions):
        for item in sessions:
            written = time_range(item, zone)
            assert any_day_marks([item], zone) == (" +" in written or " -" in written), (item.id, written)


@pytest.mark.parametrize("zone", [None, BERLIN, LOS_ANGELES])
def test_day_marks_worked_out_in_steps_agree_with_those_at_once_wherever_the_mark_is(night, ccc, zone):
    from agenda_tui.formatting import any_day_marks_in_steps

    def in_steps(sessions, step):
        steps, taken = any_day_marks_in_steps(sessions, zone, step=step), 0
        while True:
            try:
                next(steps)
                taken += 1
            except StopIteration as done:
                return done.value, taken

    for sessions in (night.sessions, ccc.sessions):
        unmarked = [item for item in sessions if not any_day_marks([item], zone)]
        marked = [item for item in sessions if any_day_marks([item], zone)]
        for given in (unmarked, unmarked + marked[:1], marked[:1] + unmarked):
            for step in (1, 3, 50):
                found, taken = in_steps(given, step)
                assert found == any_day_marks(given, zone)
                assert taken <= -(-len(given) // step)  # a step every `step` sessions at most
