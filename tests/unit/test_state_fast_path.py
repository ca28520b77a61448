"""The user's state file and the settings file are read without pydantic when plain code is
sure of every value in them (`state_data.checked_state`, `settings_file.parse_settings`),
and by the schema (`state_schema`) as before when it is not. Either way the result is the
schema's, and a state is written byte for byte as the version before wrote it."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from agenda_tui import limits, model, state_schema
from agenda_tui.settings_file import GlobalSettings, parse_settings
from agenda_tui.state_data import checked_state, instant_text
from agenda_tui.state_document import dump_document, parse_state, write_back
from agenda_tui.state_file import dump_state
from agenda_tui.state_model import (
    DisplayZone,
    ExportRecord,
    Hiding,
    SeenAgenda,
    Settings,
    UserState,
)

BERLIN = ZoneInfo("Europe/Berlin")


def written_states() -> dict[str, UserState]:
    return {
        "empty": UserState(conference_id="conf"),
        "full": UserState(
            conference_id="fosdem-2025",
            bookmarks=["z-last", "a b", "a b", "Ünïcode", "a-first"],
            notes={"a-first": 'line one\nline "two" \\ back', "Ünïcode": "ü ✓ 🎉",
                   "empty-looking": " "},
            settings=Settings(theme="gruvbox", display_zone=DisplayZone.LOCAL, show_breaks=False,
                              show_past=False, my_schedule_grid=True, reminder_minutes=0),
            seen=SeenAgenda(version="abc123", kept_gone=["gone-2", "gone-1"]),
            exports={
                "old": ExportRecord(fingerprint="f0", sequence=0),
                "timed": ExportRecord(fingerprint="f1", sequence=2**31 + 5, title="A talk",
                                      start=datetime(2025, 2, 1, 9, 30, tzinfo=UTC),
                                      end=datetime(2025, 2, 1, 10, 0, 0, 500, tzinfo=UTC),
                                      days=[date(2025, 2, 1)], bookmarked=True),
                "all-day": ExportRecord(fingerprint="f2", sequence=7, title="", all_day=True,
                                        days=[date(2025, 2, 2), date(2025, 2, 1)], cancelled=True),
            },
            reminders={"a-first": 15, "timed": 0, "big": 1440},
            reminded={"a-first": datetime(2025, 2, 1, 10, 0, tzinfo=BERLIN),
                      "summer": datetime(2025, 7, 1, 23, 59, 59, 123456, tzinfo=BERLIN),
                      "offset": datetime(2025, 2, 1, 1, 0,
                                         tzinfo=timezone(timedelta(hours=-3, minutes=-30)))},
            hidden=Hiding(rooms=["K.1.105", "H.2215", "K.1.105"], tracks=["t2", "t1"]),
            grid_days=[date(2025, 2, 2), date(2025, 2, 1), date(2025, 2, 2)],
        ),
        "some-defaults": UserState(
            schema_version=1, conference_id="x", settings=Settings(reminder_minutes=1440),
            seen=SeenAgenda(version=""), hidden=Hiding(tracks=["only"])),
    }


# What the version before (pydantic models) wrote for these, byte for byte.
WRITTEN = {
    'empty': r'''schema_version = 1
conference_id = "conf"
bookmarks = []
grid_days = []

[notes]

[settings]
display_zone = "event"
show_breaks = true
show_past = true
my_schedule_grid = false

[seen]
version = ""
kept_gone = []

[exports]

[reminders]

[reminded]

[hidden]
rooms = []
tracks = []
''',
    'full': r'''schema_version = 1
conference_id = "fosdem-2025"
bookmarks = [
    "a b",
    "a-first",
    "z-last",
    "Ünïcode",
]
grid_days = [
    "2025-02-01",
    "2025-02-02",
]

[notes]
a-first = "line one\nline \"two\" \\ back"
"Ünïcode" = "ü ✓ 🎉"
empty-looking = " "

[settings]
theme = "gruvbox"
display_zone = "local"
show_breaks = false
show_past = false
my_schedule_grid = true
reminder_minutes = 0

[seen]
version = "abc123"
kept_gone = [
    "gone-2",
    "gone-1",
]

[exports.old]
fingerprint = "f0"
sequence = 0

[exports.timed]
fingerprint = "f1"
sequence = 2147483647
title = "A talk"
start = "2025-02-01T09:30:00Z"
end = "2025-02-01T10:00:00.000500Z"
days = [
    "2025-02-01",
]
bookmarked = true

[exports.all-day]
fingerprint = "f2"
sequence = 7
title = ""
all_day = true
days = [
    "2025-02-02",
    "2025-02-01",
]
cancelled = true

[reminders]
a-first = 15
timed = 0
big = 1440

[reminded]
a-first = "2025-02-01T10:00:00+01:00"
summer = "2025-07-01T23:59:59.123456+02:00"
offset = "2025-02-01T01:00:00-03:30"

[hidden]
rooms = [
    "H.2215",
    "K.1.105",
]
tracks = [
    "t1",
    "t2",
]
''',
    'some-defaults': r'''schema_version = 1
conference_id = "x"
bookmarks = []
grid_days = []

[notes]

[settings]
display_zone = "event"
show_breaks = true
show_past = true
my_schedule_grid = false
reminder_minutes = 1440

[seen]
version = ""
kept_gone = []

[exports]

[reminders]

[reminded]

[hidden]
rooms = []
tracks = [
    "only",
]
''',
    'hand-edited': r'''schema_version = 1
conference_id = "conf"
bookmarks = [
    "a",
    "b",
    "c",
]
grid_days = [
    "2025-02-01",
    "2025-02-02",
]

[future_key]
nested = [
    1,
    2,
]

[settings]
display_zone = "local"
font = "big"

[reminded]
s1 = "2025-02-01T10:00:00+01:00"
s2 = "2025-02-01T10:00:00Z"

[exports.s1]
fingerprint = "f"
sequence = 2147483647
start = "2025-02-01T09:00:00Z"
end = "2025-02-01T10:00:00Z"
title = "T"
newer = "kept"
''',
    'one-bad': r'''schema_version = 1
conference_id = "conf"
bookmarks = [
    "a",
    "b",
    "c",
]
grid_days = [
    "2025-02-01",
    "2025-02-02",
]

[future_key]
nested = [
    1,
    2,
]

[settings]
display_zone = "venue"
show_breaks = "no"
font = "big"

[reminded]
s1 = "2025-02-01T10:00:00+01:00"
s2 = "2025-02-01T10:00:00Z"

[exports.s1]
fingerprint = "f"
sequence = 2147483647
start = "2025-02-01T09:00:00Z"
end = "2025-02-01T10:00:00Z"
title = "T"
newer = "kept"
''',
}


HAND_EDITED = '''\
schema_version = 1
conference_id = "conf"
bookmarks = ["b", "a", "b"]
grid_days = [2025-02-02, "2025-02-01"]
future_key = { nested = [1, 2] }

[settings]
display_zone = "local"
font = "big"

[reminded]
s1 = 2025-02-01T10:00:00+01:00
s2 = "2025-02-01T10:00:00Z"

[exports.s1]
fingerprint = "f"
sequence = 99999999999
start = 2025-02-01T09:00:00Z
end = 2025-02-01T10:00:00Z
title = "T"
newer = "kept"
'''

ONE_BAD = HAND_EDITED.replace('display_zone = "local"', 'display_zone = "venue"\nshow_breaks = "no"')


# -- no pydantic on the start path ----------------------------------------------

READ_BOTH = """
import sys
from pathlib import Path

from agenda_tui.settings_file import SettingsFile
from agenda_tui.state_document import parse_state

folder = Path(sys.argv[1])
document = parse_state((folder / "state.toml").read_text(encoding="utf-8"), sys.argv[2])
settings = SettingsFile(folder / "settings.toml")
print(document.problems, settings.take_warnings(), len(document.state.exports),
      settings.settings.reminder_minutes)
print(sorted(name for name in sys.modules if name.partition(".")[0] in ("pydantic", "pydantic_core")))
"""


def read_in_a_new_process(folder: Path, state_text: str, conference_id: str,
                          settings_text: str) -> list[str]:
    (folder / "state.toml").write_text(state_text, encoding="utf-8")
    (folder / "settings.toml").write_text(settings_text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", READ_BOTH, str(folder), conference_id],
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.splitlines()


def test_good_state_and_settings_files_are_read_without_importing_pydantic(tmp_path: Path):
    lines = read_in_a_new_process(tmp_path, WRITTEN["full"], "fosdem-2025",
                                  "reminder_minutes = 10\nrefresh_minutes = 0\noffline = true\n")
    assert lines == ["[] [] 3 10", "[]"]
    # A file edited by hand, with keys of a newer version and TOML's own dates: the same.
    assert read_in_a_new_process(tmp_path, HAND_EDITED, "conf", "future = 1\n") == ["[] [] 1 5", "[]"]


def test_a_bad_value_is_checked_by_the_schema_as_before(tmp_path: Path):
    lines = read_in_a_new_process(tmp_path, ONE_BAD, "conf", "reminder_minutes = 5000\n")
    assert lines[0] == (
        "[\"settings.display_zone: Input should be 'event' or 'local' (got 'venue')\", "
        "\"settings.show_breaks: Input should be a valid boolean (got 'no')\"] "
        f"['{tmp_path / 'settings.toml'}: reminder_minutes: Input should be less than or equal to "
        "1440 (got 5000); the default holds for it'] 1 5")
    assert "pydantic" in lines[1]


def test_the_limits_are_the_models():
    assert (limits.SCHEMA_VERSION, limits.SUPPORTED_YEARS) == (model.SCHEMA_VERSION, model.SUPPORTED_YEARS)


# -- written as before ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["empty", "full", "some-defaults"])
def test_a_state_is_written_byte_for_byte_as_before(name: str):
    state = written_states()[name]
    assert dump_state(state) == WRITTEN[name]
    # Read again (by plain code: no problem to report), it is the same state.
    document = parse_state(WRITTEN[name], state.conference_id)
    assert document.state == state and not document.problems
    assert dump_state(document.state) == WRITTEN[name]


@pytest.mark.parametrize(("name", "text"), [("hand-edited", HAND_EDITED), ("one-bad", ONE_BAD)])
def test_a_change_is_written_back_byte_for_byte_as_before(name: str, text: str):
    def add_bookmark(state: UserState) -> None:
        state.bookmarks = sorted(set(state.bookmarks) | {"c"})

    document = parse_state(text, "conf")
    after, written = write_back(document, [add_bookmark])
    assert dump_document(written) == WRITTEN[name]
    assert after.bookmarks == ["a", "b", "c"] and document.state is not None
    assert document.state.bookmarks == ["a", "b"]  # the change is made to a copy


def test_a_record_is_built_and_copied_by_the_schemas_rules():
    record = ExportRecord(fingerprint="f", sequence=-4, days=(date(2025, 2, 1),))  # type: ignore[arg-type]
    assert record.sequence == 0 and record.days == [date(2025, 2, 1)]
    assert ExportRecord(fingerprint="f", sequence=2**40).sequence == ExportRecord.MAX_SEQUENCE
    assert Hiding(rooms=["b", "a", "b"]).rooms == ["a", "b"]
    notes = {"s": "mine"}
    state = UserState(conference_id="c", notes=notes, bookmarks=["b", "a", "a"])
    state.notes["t"] = "added"
    assert notes == {"s": "mine"} and state.bookmarks == ["a", "b"]


def test_an_offset_with_seconds_is_written_as_pydantic_wrote_it():
    old_amsterdam = datetime(1901, 3, 9, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))  # +00:19:32
    assert instant_text(old_amsterdam) == "1901-03-09T10:00:00+00:19"
    assert instant_text(datetime(2025, 1, 1, tzinfo=timezone(timedelta(hours=-9, minutes=-30)))) \
        == "2025-01-01T00:00:00-09:30"


# -- the plain reader agrees with the schema -------------------------------------------

EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

OFFSETS = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda minutes: timezone(timedelta(minutes=minutes)))
ZONES = st.one_of(st.just(UTC), OFFSETS, st.sampled_from([BERLIN, ZoneInfo("America/St_Johns"),
                                                          ZoneInfo("Europe/Amsterdam")]))
GOOD_DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))
GOOD_INSTANTS = st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30),
                             timezones=ZONES)
TEXTS = st.text(max_size=6)
KEYS = st.text(max_size=4)
ANY_DAYS = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-3, 3),
                    st.floats(allow_nan=False), st.sampled_from([0.0, 1.0, 5.0, -0.0]), TEXTS,
                    st.sampled_from(["0", "1", "5", "true", "yes", "no", "off", "event", "local",
                                     "EVENT", "venue", " 5"]),
                    ANY_DAYS, st.datetimes(), st.times(), GOOD_INSTANTS)
JUNK = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(KEYS, inner, max_size=3)),
                    max_leaves=6)


def _reworded(instant: datetime) -> st.SearchStrategy[str]:
    """The instant written the ways pydantic reads, and some it refuses."""
    text = instant_text(instant)
    return st.sampled_from([
        text, instant.isoformat(), text.replace("T", " "), text.replace("T", "t"),
        text.replace("Z", "z"), text.replace("Z", "+00:00"), text.replace("Z", "-00:00"),
        text.replace(":00Z", "Z"), text[:19], text[:16] + "Z", text.replace("Z", ".1234567Z"),
        text.replace("Z", ".5Z"), text.replace("+", "+2"), text[:19] + "+24:00",
        text[:19] + "+01:60", text[:19] + "+0100", text.replace("2", "\u0662"), text + " ",
    ])


def _reworded_day(day: date) -> st.SearchStrategy[str]:
    text = day.isoformat()
    return st.sampled_from([text, f"{day.year}-{day.month}-{day.day}", text.replace("-", ""),
                            text + "T00:00:00", text + "T01:00:00", text + "Z", text[:7] + "-30",
                            text[:7] + "-31", text.replace("2", "\u0662")])


INSTANTS = st.one_of(GOOD_INSTANTS, GOOD_INSTANTS.flatmap(_reworded),
                     st.datetimes(min_value=datetime(1, 1, 2), timezones=OFFSETS),
                     st.datetimes(), GOOD_DAYS, JUNK)
DAYS = st.one_of(GOOD_DAYS, GOOD_DAYS.map(date.isoformat), ANY_DAYS.map(date.isoformat),
                 ANY_DAYS.flatmap(_reworded_day), st.datetimes(), GOOD_INSTANTS, JUNK)
MINUTES = st.one_of(st.integers(0, 1440), st.integers(-2, 2), st.integers(1439, 1441),
                    st.integers(), st.booleans(), JUNK)
FLAGS = st.one_of(st.booleans(), JUNK)
STRS = st.one_of(TEXTS, JUNK)


def _maybe_list(items: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.lists(items, max_size=4), JUNK)


def _maybe_table(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.dictionaries(KEYS, values, max_size=3), JUNK)


def _table(fields: dict[str, st.SearchStrategy[Any]],
           required: dict[str, st.SearchStrategy[Any]] | None = None) -> st.SearchStrategy[Any]:
    """A table of some of these keys, and maybe keys of a newer version; or junk instead."""
    known = st.fixed_dictionaries(required or {}, optional=fields)
    extra = st.dictionaries(st.sampled_from(["newer", "font", "sessions"]), JUNK, max_size=2)
    table = st.tuples(known, extra).map(lambda parts: parts[1] | parts[0])
    return st.one_of(table, table, table, JUNK)


SETTINGS_TABLES = _table({
    "theme": STRS, "display_zone": st.one_of(st.sampled_from(["event", "local"]), STRS),
    "show_breaks": FLAGS, "show_past": FLAGS, "my_schedule_grid": FLAGS, "reminder_minutes": MINUTES})
RECORDS = _table({
    "sequence": st.one_of(st.integers(), st.integers(-2, 2), st.just(2**31 - 1), st.just(2**31),
                          st.just(2**70), JUNK),
    "title": STRS, "start": INSTANTS, "end": INSTANTS, "all_day": FLAGS,
    "days": _maybe_list(DAYS), "bookmarked": FLAGS, "cancelled": FLAGS,
}, required={"fingerprint": st.one_of(TEXTS, TEXTS, JUNK)})
STATE_TABLES = _table({
    "schema_version": st.one_of(st.integers(-1, 3), JUNK),
    "bookmarks": _maybe_list(STRS), "notes": _maybe_table(STRS), "settings": SETTINGS_TABLES,
    "seen": _table({"version": STRS, "kept_gone": _maybe_list(STRS)}),
    "exports": _maybe_table(RECORDS), "reminders": _maybe_table(MINUTES),
    "reminded": _maybe_table(INSTANTS),
    "hidden": _table({"rooms": _maybe_list(STRS), "tracks": _maybe_list(STRS)}),
    "grid_days": _maybe_list(DAYS),
}, required={"conference_id": st.just("conf")}).filter(lambda raw: isinstance(raw, dict))


def the_schemas(raw: dict[str, Any]) -> UserState | None:
    try:
        return state_schema.checked(raw)
    except ValidationError:
        return None


def check_against_the_schema(raw: dict[str, Any]) -> None:
    plain = checked_state(raw)
    schemas = the_schemas(raw)
    if plain is None:
        return  # the schema decides, as before: the same code as before
    assert schemas is not None, "plain code accepted a table the schema refuses"
    assert plain == schemas


@EXAMPLES
@given(raw=STATE_TABLES)
def test_the_plain_reader_gives_the_schemas_state_wherever_it_is_sure(raw: dict[str, Any]):
    check_against_the_schema(raw)


def _one_value(value: Any) -> st.SearchStrategy[dict[str, Any]]:
    return st.sampled_from([
        {"reminded": {"s": value}}, {"exports": {"s": {"fingerprint": "f", "start": value}}},
        {"grid_days": [value]}, {"exports": {"s": {"fingerprint": "f", "days": [value]}}},
        {"reminders": {"s": value}}, {"settings": {"reminder_minutes": value}},
        {"settings": {"show_breaks": value}}, {"exports": {"s": {"fingerprint": "f", "sequence": value}}},
        {"exports": {"s": {"fingerprint": "f", "all_day": value}}}, {"schema_version": value},
        {"settings": {"display_zone": value}}, {"bookmarks": [value]}, {"seen": {"version": value}},
    ]).map(lambda table: {"conference_id": "conf"} | table)


ONE_VALUE_TABLES = st.one_of(INSTANTS, DAYS, MINUTES, FLAGS, STRS).flatmap(_one_value)


@EXAMPLES
@given(raw=ONE_VALUE_TABLES)
def test_each_kind_of_value_is_read_as_the_schema_reads_it(raw: dict[str, Any]):
    check_against_the_schema(raw)


GOOD_RECORDS = st.builds(
    ExportRecord, fingerprint=TEXTS, sequence=st.one_of(st.integers(0, 9), st.integers()),
    title=st.none() | TEXTS, start=st.none() | GOOD_INSTANTS, end=st.none() | GOOD_INSTANTS,
    all_day=st.booleans(), days=st.lists(GOOD_DAYS, max_size=3), bookmarked=st.booleans(),
    cancelled=st.booleans())
GOOD_STATES = st.builds(
    UserState, conference_id=st.just("conf"), schema_version=st.integers(1, 3),
    bookmarks=st.lists(TEXTS, max_size=4), notes=st.dictionaries(KEYS, TEXTS, max_size=3),
    settings=st.builds(Settings, theme=st.none() | TEXTS, display_zone=st.sampled_from(DisplayZone),
                       show_breaks=st.booleans(), show_past=st.booleans(),
                       my_schedule_grid=st.booleans(), reminder_minutes=st.none() | st.integers(0, 1440)),
    seen=st.builds(SeenAgenda, version=TEXTS, kept_gone=st.lists(TEXTS, max_size=3)),
    exports=st.dictionaries(KEYS, GOOD_RECORDS, max_size=3),
    reminders=st.dictionaries(KEYS, st.integers(0, 1440), max_size=3),
    reminded=st.dictionaries(KEYS, GOOD_INSTANTS, max_size=3),
    hidden=st.builds(Hiding, rooms=st.lists(TEXTS, max_size=3), tracks=st.lists(TEXTS, max_size=3)),
    grid_days=st.lists(GOOD_DAYS, max_size=3))


@EXAMPLES
@given(state=GOOD_STATES)
def test_every_state_this_version_writes_is_read_again_by_plain_code(state: UserState):
    text = dump_state(state)
    raw = tomllib.loads(text)
    read = checked_state(raw)
    assert read is not None, text
    schemas = the_schemas(raw)
    assert schemas is not None and read == schemas
    assert dump_state(read) == text
    # The instants are the same instants (an offset with seconds is written in minutes).
    # In UTC: Python never finds a time in a zone's repeated hour equal to another zone's.
    if all(instant.utcoffset() % timedelta(minutes=1) == timedelta(0)
           for instant in state.reminded.values()):
        assert {key: instant.astimezone(UTC) for key, instant in read.reminded.items()} == \
            {key: instant.astimezone(UTC) for key, instant in state.reminded.items()}


GLOBAL_SETTINGS_TABLES = st.fixed_dictionaries({}, optional={
    "reminder_minutes": MINUTES,
    "refresh_minutes": MINUTES,
    "offline": FLAGS,
    "newer": JUNK,
})


@EXAMPLES
@given(raw=GLOBAL_SETTINGS_TABLES)
def test_the_settings_are_the_schemas_with_the_same_problems(raw: dict[str, Any]):
    values, problems = state_schema.settings_problems(raw)  # every key by the schema, as before
    assert parse_settings(raw) == (GlobalSettings(**values), problems)


def test_a_time_of_day_is_no_instant_nor_day():
    raw = {"conference_id": "conf", "grid_days": [time(10)]}
    assert checked_state(raw) is None and the_schemas(raw) is None
