"""The models' speed tricks (model_speed.py) change nothing a model holds or computes."""

from __future__ import annotations

from datetime import timedelta

from agenda_tui.model import Agenda, Session, utc
from agenda_tui.model_speed import computed_once


def test_a_value_computed_once_is_computed_on_the_first_read_only():
    computed: list[int] = []

    class Holder:
        @computed_once
        def doubled(self) -> int:
            """Twice two."""
            computed.append(1)
            return 4

    holder = Holder()
    assert holder.doubled == holder.doubled == 4
    assert computed == [1] and holder.__dict__["doubled"] == 4
    assert Holder.doubled.__doc__ == "Twice two."


def test_a_copied_session_computes_its_instants_from_its_own_times(symposium: Agenda):
    session = symposium.sessions[0]
    assert session.start_utc and session.end_utc  # computed, and kept by the original
    later = session.model_copy(update={"start": session.start + timedelta(hours=1),
                                       "end": session.end + timedelta(hours=1)})
    assert isinstance(later, Session)
    assert (later.start_utc, later.end_utc) == (utc(later.start), utc(later.end))
    assert later.start_utc - session.start_utc == timedelta(hours=1)


def test_a_copied_agenda_computes_its_lookups_from_its_own_sessions(symposium: Agenda):
    assert symposium.sessions_in_order and symposium.sessions_by_id  # computed and kept
    first, *rest = symposium.sessions
    fewer = symposium.model_copy(update={"sessions": rest})
    assert isinstance(fewer, Agenda)
    assert first.id not in fewer.sessions_by_id
    assert first not in fewer.sessions_in_order
    assert len(fewer.sessions_in_order) == len(symposium.sessions_in_order) - 1
