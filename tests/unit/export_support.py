"""Shared by the export tests: the agendas they export and a fixed DTSTAMP."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from agenda_tui.model import Agenda
from agenda_tui.paths import embedded_agenda_path
from agenda_tui.store import load_agenda

DATA = Path(__file__).resolve().parents[1] / "data"
NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def symposium() -> Agenda:
    return load_agenda(embedded_agenda_path())


def tricky() -> Agenda:
    return load_agenda(DATA / "export-tricky.toml")


def with_session_changed(agenda: Agenda, session_id: str, **changes) -> Agenda:
    """A copy of `agenda` in which one session has new field values."""
    sessions = [
        session.model_copy(update=changes) if session.id == session_id else session
        for session in agenda.sessions
    ]
    # A new instance, not model_copy: that would carry over the cached sessions_by_id.
    fields = {name: getattr(agenda, name) for name in Agenda.model_fields}
    return Agenda.model_construct(**(fields | {"sessions": sessions}))
