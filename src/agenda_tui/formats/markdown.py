"""Sessions as Markdown: a heading per day and a short table, readable on a phone."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from agenda_tui.formats.wall_clock import time_span
from agenda_tui.formatting import people_label
from agenda_tui.model import Agenda, Session
from agenda_tui.schedule import in_order
from agenda_tui.text import clean

_SPECIAL = re.compile(r"([\\|*_`<>\[\]])")


def escape(text: str | None) -> str:
    """One line of text as a table cell: no line breaks, Markdown syntax shown as typed."""
    return _SPECIAL.sub(r"\\\1", clean(text))


def _by_day(sessions: Iterable[Session]) -> dict[date, list[Session]]:
    """Each day's sessions in time order, an all-day session on each of its days, first."""
    days: dict[date, list[Session]] = {}
    for session in in_order(sessions):
        for day in session.days:
            days.setdefault(day, []).append(session)
    return {day: sorted(days[day], key=lambda session: not session.all_day) for day in sorted(days)}


def render_markdown(agenda: Agenda, sessions: Iterable[Session]) -> str:
    conference = agenda.conference
    lines = [
        f"# {escape(conference.title)}",
        "",
        f"Times are local to the conference ({conference.timezone}).",
    ]
    if venue := clean(conference.venue):
        lines[-1] = f"{escape(venue)}. {lines[-1]}"
    days = _by_day(sessions)
    if not days:
        lines += ["", "No sessions."]
    for day, day_sessions in days.items():
        lines += [
            "",
            f"## {day:%A} {day.day} {day:%B %Y}",
            "",
            "| Time | Title | People | Kind |",
            "| --- | --- | --- | --- |",
        ]
        for session in day_sessions:
            cells = [
                time_span(session, agenda.zone),
                escape(session.title),
                escape(people_label(agenda, session)),
                session.kind.value,
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
