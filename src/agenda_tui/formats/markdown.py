"""Sessions as Markdown: a heading per day and a short table, readable on a phone."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby

from agenda_tui.formatting import people_label, time_range
from agenda_tui.model import Agenda, Session
from agenda_tui.schedule import in_order
from agenda_tui.text import clean

_SPECIAL = re.compile(r"([\\|*_`<>\[\]])")


def escape(text: str) -> str:
    """One line of text as a table cell: no line breaks, Markdown syntax shown as typed."""
    return _SPECIAL.sub(r"\\\1", clean(text))


def render_markdown(agenda: Agenda, sessions: Iterable[Session]) -> str:
    conference = agenda.conference
    lines = [
        f"# {escape(conference.title)}",
        "",
        f"Times are local to the conference ({conference.timezone}).",
    ]
    if venue := clean(conference.venue):
        lines[-1] = f"{escape(venue)}. {lines[-1]}"
    ordered = in_order(sessions)
    if not ordered:
        lines += ["", "No sessions."]
    for day, day_sessions in groupby(sorted(ordered, key=lambda s: s.conference_day),
                                     key=lambda s: s.conference_day):
        lines += [
            "",
            f"## {day:%A} {day.day} {day:%B %Y}",
            "",
            "| Time | Title | People | Kind |",
            "| --- | --- | --- | --- |",
        ]
        for session in in_order(day_sessions):
            cells = [
                time_range(session, dash="–"),
                escape(session.title),
                escape(people_label(agenda, session)),
                session.kind.value,
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
