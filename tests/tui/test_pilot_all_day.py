"""All-day sessions in the app: at the top of each of their days, never on now, never a
reminder; and titles with emoji joiner sequences keep the table's columns in line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.cells import cell_len

from agenda_tui.agenda_file import parse_agenda
from tests.tui.conftest import active_table, build_app, cell, notifications, started

ZONE = ZoneInfo("Europe/Berlin")
AGENDA = """
[conference]
id = "allday"
title = "All day"
start_date = 2024-12-27
end_date = 2024-12-29
timezone = "Europe/Berlin"

[[sessions]]
id = "expo"
all_day = true
start = 2024-12-27
end = 2024-12-30
title = "Hardware hacking area open"
location = "Hall 3"

[[sessions]]
id = "flags"
start = 2024-12-28T10:00:00
end = 2024-12-28T11:00:00
title = "🏳️\u200d⚧️🏴\u200d☠️ Flags of the congress"
location = "Saal 1"

[[sessions]]
id = "persian"
start = 2024-12-28T10:30:00
end = 2024-12-28T11:30:00
title = "می\u200cخواهم Persian with a non-joiner"
location = "Saal 2"

[[sessions]]
id = "later"
start = 2024-12-28T12:00:00
end = 2024-12-28T13:00:00
title = "Later talk"
location = "Saal 1"
"""


def app_at(state_dir: Path, hour: int, minute: int = 20, day: int = 28):
    agenda = parse_agenda(AGENDA)
    return build_app(state_dir, agenda=agenda, at=datetime(2024, 12, day, hour, minute, tzinfo=ZONE))


async def test_an_all_day_session_heads_each_of_its_days_and_is_never_on_now(state_dir: Path):
    app = app_at(state_dir, 10)
    async with started(app) as pilot:
        table = active_table(app)
        assert cell(table, 0, "Time").strip() == "all day" and "Hardware hacking" in cell(table, 0, "Title")
        assert cell(table, 1, "Time").startswith("▶")  # the talk on now is marked, the all-day one not
        assert table.current_session_id == "flags"  # opened on what is on now
        await pilot.press("n")
        await pilot.pause()
        assert active_table(app).current_session_id == "flags"
        for number in (1, 3):
            await pilot.press(str(number))
            await pilot.pause()
            assert cell(active_table(app), 0, "Time").strip() == "all day"


async def test_a_bookmarked_all_day_session_raises_no_reminder(state_dir: Path):
    app = app_at(state_dir, 23, 57, day=26)  # three minutes before it "starts"
    app.store.set_bookmark("expo", True)
    app.bookmarks = app.bookmarks | {"expo"}
    async with started(app) as pilot:
        app.check_reminders()
        await pilot.pause()
        assert not [n for n in notifications(app) if "starts in" in n.message]


async def test_emoji_sequences_and_joiners_keep_the_columns_in_line(state_dir: Path):
    app = app_at(state_dir, 9)
    async with started(app):
        table = active_table(app)
        lines = [table.render_line(y) for y in range(1 + table.row_count)]
        texts = ["".join(segment.text for segment in line) for line in lines]
        assert any("🏳️\u200d⚧️🏴\u200d☠️" in text for text in texts)
        assert any("می\u200cخواهم" in text for text in texts)
        assert len({line.cell_length for line in lines}) == 1
        assert len({cell_len(text) for text in texts}) == 1
        # The room column starts at the same cell on every row.
        starts = {cell_len(text[: text.index("Saal")]) for text in texts if "Saal" in text}
        assert len(starts) == 1, texts
