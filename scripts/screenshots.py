"""Write SVG screenshots of the main views into screenshots/, from the real app.

The clock is frozen at a moment during the symposium and the laptop zone is
fixed, so the pictures only change when the UI does. Run: `make screenshots`.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

# Pictures of a finished frame, not of a tab underline half-way through its slide.
os.environ["TEXTUAL_ANIMATIONS"] = "none"

from agenda_tui.agenda_file import load_agenda  # noqa: E402
from agenda_tui.clock import Clock  # noqa: E402
from agenda_tui.formats.frab_xml import parse_frab_xml  # noqa: E402
from agenda_tui.model import Agenda  # noqa: E402
from agenda_tui.paths import embedded_agenda_path  # noqa: E402
from agenda_tui.state_file import StateFile  # noqa: E402
from agenda_tui.tui.app import make_app  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "screenshots"
EVENT_ZONE = ZoneInfo("America/New_York")
AT = datetime(2024, 3, 14, 10, 15, tzinfo=EVENT_ZONE)
LAPTOP_ZONE = ZoneInfo("Europe/Berlin")


SYMPOSIUM_BOOKMARKS = ("d1-scaife-astrophysics", "d1-batzner-deep-learning", "d2-han-big-vs-small",
                       "d2-kaplan-fireside")
# A real multi-room conference during a night, where the files are beside the checkout.
CCC = Path(__file__).resolve().parents[2] / "shared" / "data" / "38c3-schedule.xml"
CCC_AT = datetime(2024, 12, 28, 11, 20, tzinfo=ZoneInfo("Europe/Berlin"))
FOSDEM = CCC.with_name("fosdem-2025-schedule.xml")
FOSDEM_AT = datetime(2025, 2, 1, 11, 5, tzinfo=ZoneInfo("Europe/Brussels"))


async def shoot(name: str, size: tuple[int, int], keys: tuple[str, ...] = (), after=None, *,
                agenda: Agenda | None = None, at: datetime = AT,
                bookmarks: tuple[str, ...] = SYMPOSIUM_BOOKMARKS) -> None:
    agenda = agenda or load_agenda(embedded_agenda_path())
    with tempfile.TemporaryDirectory() as state_dir:
        store = StateFile(Path(state_dir) / "state.toml", agenda.conference.id)
        store.set_bookmarks(bookmarks, True)
        app = make_app(agenda, store, Clock(at, frozen=True), LAPTOP_ZONE)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            if keys:
                await pilot.press(*keys)
            if after:
                after(app)
            await pilot.pause(0.3)
            app.save_screenshot(str(OUT / f"{name}.svg"))
    print(f"screenshots/{name}.svg")


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    await shoot("day-1", (120, 40))
    await shoot("day-2-session", (120, 40), ("2", "j", "j", "j", "j"))
    await shoot("session-detail", (120, 40), ("j", "j", "enter"))
    await shoot("speaker", (120, 40), after=lambda app: app.open_speaker("david-hogg"))
    await shoot("my-schedule", (120, 40), after=lambda app: app.main.show_tab("my-schedule"))
    await shoot("search", (120, 40), ("slash", *"physics-motivated"))
    await shoot("about", (120, 40), after=lambda app: app.main.show_tab("about"))
    await shoot("export", (120, 40), ("e",))
    await shoot("narrow-80x24", (80, 24))
    # The timeline grid (g): FOSDEM's 29 rooms where the file is beside the checkout,
    # else the symposium's day.
    if FOSDEM.exists():
        fosdem = parse_frab_xml(FOSDEM.read_bytes(), FOSDEM.name)
        await shoot("grid", (160, 45), ("g", "b"), agenda=fosdem, at=FOSDEM_AT, bookmarks=())
    else:
        print(f"the grid picture is the symposium's: {FOSDEM} is absent")
        await shoot("grid", (120, 40), ("g",))
    if not CCC.exists():
        print(f"skipped the 38C3 pictures: {CCC} is absent")
        return
    ccc = parse_frab_xml(CCC.read_bytes(), CCC.name)
    ccc_bookmarks = ("f7a65ad7-da22-5821-b071-ded5e66ef6fe",)  # "Digitalisierung mit der Brechstange"
    await shoot("now-38c3", (120, 40), ("w",), agenda=ccc, at=CCC_AT, bookmarks=ccc_bookmarks)
    await shoot("narrow-80x24-rooms-38c3", (80, 24), agenda=ccc, at=CCC_AT, bookmarks=ccc_bookmarks)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
