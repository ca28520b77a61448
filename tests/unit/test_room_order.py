"""The source's own order of rooms, kept in the agenda (`Conference.rooms`)."""

from __future__ import annotations

import dataclasses
import tomllib

from agenda_tui.agenda_file import dump_agenda, parse_agenda
from agenda_tui.formats.frab_xml import parse_frab_xml
from agenda_tui.formats.schedule_json import parse_schedule_json
from agenda_tui.schedule import room_positions
from tests.conftest import TEST_DATA


def event(guid: str, day: str, start: str, room: str) -> str:
    return (f'<event guid="{guid}" id="{guid[-1]}"><date>{day}T{start}:00+01:00</date><start>{start}</start>'
            f"<duration>00:30</duration><room>{room}</room><title>Talk {guid}</title>"
            "<type>lecture</type></event>")


# Day 1 lists rooms Zeta and Alpha; day 2 lists Zeta, Mid, Alpha: Mid goes between them,
# although its first session comes after Alpha's and its name sorts between.
XML = f"""<?xml version="1.0"?>
<schedule><conference><acronym>order</acronym><title>Order</title>
<start>2025-02-01</start><end>2025-02-02</end><time_zone_name>Europe/Brussels</time_zone_name></conference>
<day index="1" date="2025-02-01">
 <room name="Zeta">{event("e-1", "2025-02-01", "10:00", "Zeta")}</room>
 <room name="Alpha">{event("e-2", "2025-02-01", "09:00", "Alpha")}</room>
</day>
<day index="2" date="2025-02-02">
 <room name="Zeta">{event("e-3", "2025-02-02", "10:00", "Zeta")}</room>
 <room name="Mid">{event("e-4", "2025-02-02", "11:00", "Mid")}</room>
 <room name="Alpha">{event("e-5", "2025-02-02", "09:00", "Alpha")}</room>
 <room name="Empty"></room>
</day></schedule>"""


def test_frab_days_room_order_is_kept_and_written_to_the_agenda_file():
    agenda = parse_frab_xml(XML.encode(), "order.xml")
    assert agenda.conference.rooms == ["Zeta", "Mid", "Alpha"]  # a room with no session left out
    assert list(room_positions(agenda)) == ["Zeta", "Mid", "Alpha"]
    text = dump_agenda(agenda)
    assert tomllib.loads(text)["conference"]["rooms"] == ["Zeta", "Mid", "Alpha"]
    assert parse_agenda(text, "order.toml").conference.rooms == ["Zeta", "Mid", "Alpha"]


def test_frab_conference_room_list_comes_first():
    room_list = '<rooms><room name="Alpha"/><room name="Zeta"/><room name="Mid"/></rooms>'
    listed = XML.replace("</conference>", f"{room_list}</conference>")
    listed = listed.replace('<room name="Empty"></room>', "")
    agenda = parse_frab_xml(listed.encode(), "order.xml")
    assert agenda.conference.rooms == ["Alpha", "Zeta", "Mid"]


def test_schedule_json_rooms_list_order():
    import json

    def talk(guid: str, start: str, room: str) -> dict[str, object]:
        return {"guid": guid, "id": 1, "date": f"2025-02-01T{start}:00+01:00", "start": start,
                "duration": "00:30", "room": room, "title": f"Talk {guid}", "type": "lecture"}

    document = {"schedule": {"conference": {
        "acronym": "order", "title": "Order", "start": "2025-02-01", "end": "2025-02-01",
        "time_zone_name": "Europe/Brussels",
        "rooms": [{"name": "B"}, {"name": "A"}],
        "days": [{"index": 1, "date": "2025-02-01", "rooms": {
            "A": [talk("00000000-0000-0000-0000-000000000001", "09:00", "A")],
            "B": [talk("00000000-0000-0000-0000-000000000002", "10:00", "B")]}}]}}}
    agenda = parse_schedule_json(json.dumps(document).encode(), "order.json")
    assert agenda.conference.rooms == ["B", "A"]


def test_an_agenda_without_the_list_orders_rooms_by_first_appearance():
    agenda = parse_agenda((TEST_DATA / "night-rooms.toml").read_text(), "night-rooms.toml")
    assert agenda.conference.rooms == []
    assert room_positions(agenda) == {"Hall A": 0, "Hall B": 1}
    assert "rooms" not in tomllib.loads(dump_agenda(agenda))["conference"]


def test_rooms_the_list_leaves_out_come_after_it():
    agenda = parse_agenda((TEST_DATA / "night-rooms.toml").read_text(), "night-rooms.toml")
    conference = dataclasses.replace(agenda.conference, rooms=["Hall B"])
    listed = dataclasses.replace(agenda, conference=conference)
    assert room_positions(listed) == {"Hall B": 0, "Hall A": 1}
