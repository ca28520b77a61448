"""What the command line takes for a session: its id, or the source's own short id.

Published schedules give each event a short id people see on the conference's site:
FOSDEM's event number ('6210'), pretalx's code ('HQCCYH'). Importers keep it as
`Session.source_id`; here it is an alias of the session id. An exact session id wins.
"""

from __future__ import annotations

from collections.abc import Iterable

from agenda_tui.errors import AgendaErrors
from agenda_tui.formatting import day_label, time_range
from agenda_tui.model import Agenda, Session
from agenda_tui.schedule import in_order
from agenda_tui.text import clean


def sessions_by_source_id(agenda: Agenda) -> dict[str, list[Session]]:
    """The sessions each of the source's short ids names (usually one)."""
    named: dict[str, list[Session]] = {}
    for session in agenda.sessions:
        if session.source_id:
            named.setdefault(session.source_id, []).append(session)
    return named


def resolve_ids(agenda: Agenda, typed: Iterable[str]) -> list[str]:
    """The session ids meant by what was typed: a session id as it is, else the one
    session the source's short id names, else what was typed (an unknown id, for the
    caller to report). AgendaErrors, one line per short id that names several sessions,
    listing them."""
    aliases: dict[str, list[Session]] | None = None
    resolved, problems = [], []
    for text in typed:
        if text in agenda.sessions_by_id:
            resolved.append(text)
            continue
        if aliases is None:
            aliases = sessions_by_source_id(agenda)
        named = in_order(aliases.get(text, []))
        if len(named) > 1:
            listed = "; ".join(f"{session.id} ({clean(session.title)}, "
                               f"{day_label(session.conference_day)} {time_range(session)})"
                               for session in named)
            problems.append(f"{clean(text)!r} is the source's id of {len(named)} sessions, "
                            f"give one of their session ids: {listed}")
        resolved.append(named[0].id if len(named) == 1 else text)
    if problems:
        raise AgendaErrors(problems)
    return resolved
