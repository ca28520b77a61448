"""Zone names from files: only names of places in the tz database, and none of them may
reach the file system as anything but a zone."""

from __future__ import annotations

import pytest

from agenda_tui.zones import zone_named


@pytest.mark.parametrize("name", ["Europe/Berlin", "America/Argentina/ComodRivadavia", "UTC",
                                  "Etc/GMT+12", " Asia/Tokyo ", "EST5EDT"])
def test_names_of_places_are_zones(name):
    assert zone_named(name) is not None and zone_named(name).key == name.strip()


@pytest.mark.parametrize("name", [
    "Europe", "America", "Etc",              # folders of the database
    "x" * 300, "Europe/" + "y" * 300,        # longer than a file name may be
    "localtime", "posixrules", "Factory",    # this machine's setting, placeholders
    "right/UTC", "posix/Europe/Berlin",      # copies (right/ counts leap seconds)
    "zone.tab", "tzdata.zi",                 # files of the database that are no zone
    "/etc/passwd", "../../etc/passwd", "a\x00b", "", "Mars/Olympus_Mons", None, 5,
])
def test_anything_else_is_no_zone(name):
    assert zone_named(name) is None
