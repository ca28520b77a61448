"""The bench's agendas: the generator lives with the tests, which use it too (tests/large_agenda.py)."""

from __future__ import annotations

from tests.large_agenda import agenda_data, write_agenda

__all__ = ["agenda_data", "write_agenda"]
