"""A real calendar client imports the export: khal, into a throw-away configuration.

If khal rejects the file or shows an event at another time, the export is wrong.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from export_support import BERLIN, NOW, berlin_repeated_hour, symposium, tricky

from agenda_tui.formats.ical_out import render_ics, session_uid
from agenda_tui.model import Agenda

# khal is in the test extra; run it with this interpreter, whatever the PATH.
KHAL = [sys.executable, "-m", "khal"]

CONFIG = """\
[calendars]
[[agenda]]
path = {calendar}
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = {zone}
default_timezone = {zone}

[sqlite]
path = {database}
"""


def _khal(tmp_path: Path, zone: str, *args: str) -> str:
    """Run khal with a configuration whose local time zone is `zone`, over one vdir."""
    calendar = tmp_path / "calendar"
    calendar.mkdir(exist_ok=True)
    config = tmp_path / f"khal-{zone.replace('/', '-')}.conf"
    config.write_text(CONFIG.format(calendar=calendar, zone=zone,
                                    database=tmp_path / f"{config.stem}.db"))
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "TZ": "UTC",
    }
    result = subprocess.run(
        [*KHAL, "--no-color", "-c", str(config), *args],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


def _listing(tmp_path: Path, zone: str, first_day: str, last_day: str) -> dict[str, dict]:
    """khal's listing of the days, as {uid: {"start": ..., "end": ..., "title": ...}}."""
    out = _khal(tmp_path, zone, "list", "--json", "uid", "--json", "start", "--json", "end",
                "--json", "title", "--json", "location", first_day, last_day)
    events = {}
    for line in out.splitlines():
        if line.startswith("["):
            for event in json.loads(line):
                events[event["uid"]] = event
    return events


def berlin_fold() -> Agenda:
    """The repeated hour, and a session from before it into it. (No zero-length one:
    khal gives those an hour on purpose.)"""
    return berlin_repeated_hour({"id": "before", "start": datetime(2024, 10, 27, 1, 30, tzinfo=BERLIN),
                                 "end": datetime(2024, 10, 27, 2, 45, fold=1, tzinfo=BERLIN)})


@pytest.mark.parametrize(
    ("agenda_of", "local_zone"),
    [
        (symposium, "America/New_York"),  # the conference's own zone
        (symposium, "UTC"),               # 9:30 EDT must show as 13:30
        (tricky, "Europe/Zurich"),        # across the start of summer time
        (tricky, "Asia/Tokyo"),
        (berlin_fold, "UTC"),             # the repeated hour: each at its own instant
        (berlin_fold, "Asia/Tokyo"),
    ],
)
def test_khal_imports_every_event_at_the_right_local_time(tmp_path, agenda_of, local_zone):
    agenda = agenda_of()
    ics = tmp_path / "schedule.ics"
    ics.write_text(render_ics(agenda, agenda.sessions, remind_minutes=10, now=NOW),
                   encoding="utf-8", newline="")
    _khal(tmp_path, local_zone, "import", "--batch", "-a", "agenda", str(ics))

    first = min(s.start for s in agenda.sessions).astimezone(UTC).date()
    last = max(s.end for s in agenda.sessions).astimezone(UTC).date()
    listed = _listing(tmp_path, local_zone, f"{first - timedelta(days=1):%Y-%m-%d}",
                      f"{last + timedelta(days=1):%Y-%m-%d}")
    zone = ZoneInfo(local_zone)
    assert len(listed) == len(agenda.sessions)
    for session in agenda.sessions:
        event = listed[session_uid(agenda, session)]
        assert event["start"] == f"{session.start.astimezone(zone):%Y-%m-%d %H:%M}", session.id
        assert event["end"] == f"{session.end.astimezone(zone):%Y-%m-%d %H:%M}", session.id


def test_khal_shows_the_scaife_talk_at_1330_utc(tmp_path):
    agenda = symposium()
    ics = tmp_path / "schedule.ics"
    ics.write_text(render_ics(agenda, agenda.sessions, now=NOW), encoding="utf-8", newline="")
    _khal(tmp_path, "UTC", "import", "--batch", "-a", "agenda", str(ics))
    listed = _listing(tmp_path, "UTC", "2024-03-14", "2024-03-15")
    talk = listed["d1-scaife-astrophysics@genai-physsci-2024.agenda-tui"]
    assert (talk["start"], talk["end"]) == ("2024-03-14 13:30", "2024-03-14 14:30")
    assert talk["location"] == "MIT Schwarzman College of Computing"
