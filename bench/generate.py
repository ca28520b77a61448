"""The bench's agendas: the generator lives with the tests, which use it too (tests/large_agenda.py).

A room holds about 20 sessions a day (09:00 to the evening), so larger agendas get more
rooms: 100 at 10,000 sessions, 1,000 at 100,000 (else their sessions run past the
conference's last day)."""

from __future__ import annotations

from pathlib import Path

import tomli_w

from tests.large_agenda import agenda_data

SESSIONS_PER_ROOM = 100  # over the 5 days


def write_agenda(path: Path, sessions: int) -> Path:
    data = agenda_data(sessions, rooms=max(100, sessions // SESSIONS_PER_ROOM))
    path.write_bytes(tomli_w.dumps(data).encode())
    return path


__all__ = ["agenda_data", "write_agenda"]
