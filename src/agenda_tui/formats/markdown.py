"""Sessions as Markdown: a heading per day and a short table, readable on a phone.

Text from the agenda is escaped so that a renderer shows it as written: nothing in a
title, a name or a venue becomes emphasis, a link, HTML, an entity, a heading, a list
or a break in the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from agenda_tui.formats.wall_clock import time_span
from agenda_tui.formatting import people_label, room_column_width, room_label
from agenda_tui.model import Agenda, Session
from agenda_tui.schedule import group_by_day, in_order
from agenda_tui.text import clean

# Markdown's and GFM's inline syntax (emphasis, strikethrough, code, links, tables,
# autolinks, HTML and entities, and the backslash itself)...
_INLINE = re.compile(r"([\\`*_~\[\]<>|&])")
# ...and what makes a line a heading, a list item or a quote (`>` is escaped above), or
# closes a heading ("# Title #" is the heading "Title").
_LINE_START = re.compile(r"^([#+-])|^(\d{1,9})([.)])")
_HEADING_END = re.compile(r"(?<!\\)#$")


def escape(text: str | None) -> str:
    """One line of text, shown as typed wherever it stands: no line breaks, every
    character that Markdown or HTML would interpret escaped with a backslash."""
    text = _INLINE.sub(r"\\\1", clean(text))
    text = _LINE_START.sub(lambda match: f"\\{match[1]}" if match[1] else f"{match[2]}\\{match[3]}",
                           text)
    return _HEADING_END.sub(r"\\#", text)


def render_markdown(agenda: Agenda, sessions: Iterable[Session]) -> str:
    conference = agenda.conference
    lines = [
        f"# {escape(conference.title)}",
        "",
        f"Times are local to the conference ({escape(conference.timezone)}).",
    ]
    if venue := clean(conference.venue):
        # Labelled, so that no venue ("2024", say, with the "." after it) starts the line.
        lines[-1] = f"Venue: {escape(venue)}. {lines[-1]}"
    ordered = in_order(sessions)
    with_rooms = room_column_width(ordered) > 0  # no empty column for an agenda without rooms
    by_day = group_by_day(ordered)
    days = {day: by_day[day] for day in sorted(by_day)}
    if not days:
        lines += ["", "No sessions."]
    for day, day_sessions in days.items():
        lines += [
            "",
            f"## {day:%A} {day.day} {day:%B %Y}",
            "",
            "| Time | Room | Title | People | Kind |" if with_rooms else "| Time | Title | People | Kind |",
            "| --- | --- | --- | --- | --- |" if with_rooms else "| --- | --- | --- | --- |",
        ]
        for session in day_sessions:
            cells = [
                time_span(session, agenda.zone),
                *([escape(room_label(session))] if with_rooms else []),
                escape(session.title),
                escape(people_label(agenda, session)),
                session.kind.value,
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
