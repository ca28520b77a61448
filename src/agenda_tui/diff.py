"""What changed between two versions of an agenda, matched by stable session id.

- added: in the new version only;
- removed: in the old version only (cancelled, or withdrawn);
- moved: another conference day, start or end time, or room;
- retitled: another title.
A session both moved and retitled is in both lists.

The user's "seen" snapshot is a copy of the agenda as last seen, kept beside
the user's state (`state.StateFile.seen_agenda`), so that what changed since
can be shown with the old titles and times. It also keeps the last known copy of
each bookmarked session that has gone from the agenda (`with_kept_sessions`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from agenda_tui.formatting import time_range
from agenda_tui.model import Agenda, Session


@dataclass(frozen=True)
class Move:
    old: Session
    new: Session

    @property
    def id(self) -> str:
        return self.new.id

    @property
    def what(self) -> list[str]:
        """Which of day, time and room changed."""
        changed = []
        if self.old.conference_day != self.new.conference_day:
            changed.append("day")
        if self.old.start_utc != self.new.start_utc or self.old.end_utc != self.new.end_utc:
            changed.append("time")
        if (self.old.location or "") != (self.new.location or ""):
            changed.append("room")
        return changed


@dataclass(frozen=True)
class Retitle:
    old: Session
    new: Session

    @property
    def id(self) -> str:
        return self.new.id


@dataclass
class AgendaDiff:
    added: list[Session] = field(default_factory=list)
    removed: list[Session] = field(default_factory=list)
    moved: list[Move] = field(default_factory=list)
    retitled: list[Retitle] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.moved or self.retitled)

    def changed_ids(self) -> set[str]:
        return ({s.id for s in self.added} | {s.id for s in self.removed}
                | {m.id for m in self.moved} | {r.id for r in self.retitled})

    def summary(self, *, cancelled: bool = False) -> str:
        """`cancelled`: say so of the removed sessions, as a refresh of one schedule does."""
        return (f"{len(self.added)} added, {len(self.removed)} {'cancelled' if cancelled else 'removed'}, "
                f"{len(self.moved)} moved, {len(self.retitled)} retitled")


def _order(session: Session) -> tuple[datetime, str]:
    return session.start_utc, session.id


def _moved(old: Session, new: Session) -> bool:
    return (old.conference_day != new.conference_day or old.start_utc != new.start_utc
            or old.end_utc != new.end_utc or (old.location or "") != (new.location or ""))


def diff_agendas(old: Agenda, new: Agenda) -> AgendaDiff:
    """The changes from `old` to `new`, each list in time order."""
    old_ids, new_ids = old.sessions_by_id, new.sessions_by_id
    result = AgendaDiff(
        added=sorted((s for s in new.sessions if s.id not in old_ids), key=_order),
        removed=sorted((s for s in old.sessions if s.id not in new_ids), key=_order),
    )
    for session in sorted(new.sessions, key=_order):
        before = old_ids.get(session.id)
        if before is None:
            continue
        if _moved(before, session):
            result.moved.append(Move(before, session))
        if before.title != session.title:
            result.retitled.append(Retitle(before, session))
    return result


# -- the seen snapshot --------------------------------------------------------


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def session_fingerprint(session: Session) -> str:
    """What a calendar or a user would call a change: day, times, place and title."""
    return _hash(session.conference_day.isoformat(), session.start.isoformat(),
                 session.end.isoformat(), session.location or "", session.title)


def agenda_version(agenda: Agenda) -> str:
    """One hash over every session's id and fingerprint: equal agendas, equal versions."""
    return _hash(*(f"{s.id}={session_fingerprint(s)}" for s in sorted(agenda.sessions,
                                                                        key=lambda s: s.id)))


# -- as data, for `diff --json` -----------------------------------------------


def _place(session: Session) -> dict[str, Any]:
    return {
        "day": session.conference_day.isoformat(),
        "start": session.start.isoformat(),
        "end": session.end.isoformat(),
        "location": session.location,
    }


def _brief(session: Session) -> dict[str, Any]:
    return {"id": session.id, "title": session.title, **_place(session)}


def diff_record(diff: AgendaDiff) -> dict[str, Any]:
    return {
        "added": [_brief(s) for s in diff.added],
        "removed": [_brief(s) for s in diff.removed],
        "moved": [{"id": m.id, "title": m.new.title, "changed": m.what,
                   "from": _place(m.old), "to": _place(m.new)} for m in diff.moved],
        "retitled": [{"id": r.id, "from": r.old.title, "to": r.new.title} for r in diff.retitled],
    }


# -- for people: one line per change, bookmarked sessions first -----------------


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "cancelled", "moved" or "retitled"
    session: Session  # as it is now; for a cancelled session, as it was
    detail: str
    bookmarked: bool
    # A move's two places (`detail` is "from → to"), for a view that puts them on lines
    # of their own when one line cannot hold both.
    moved_from: str = ""
    moved_to: str = ""


def _when(session: Session) -> str:
    """The programme's day and the times ('+1' after midnight), and the room."""
    day = session.conference_day
    place = f", {session.location}" if session.location else ""
    return f"{day:%a} {day.day} {day:%b} {time_range(session, dash='–')}{place}"


def changes_for_people(diff: AgendaDiff, bookmarks: set[str]) -> list[Change]:
    """Every change as a line to show, the user's bookmarked sessions first, then by time."""
    changes = [Change("added", s, _when(s), s.id in bookmarks) for s in diff.added]
    changes += [Change("cancelled", s, f"was {_when(s)}", s.id in bookmarks) for s in diff.removed]
    changes += [Change("moved", m.new, f"{_when(m.old)} → {_when(m.new)}", m.id in bookmarks,
                       moved_from=_when(m.old), moved_to=_when(m.new))
                for m in diff.moved]
    changes += [Change("retitled", r.new, f"was “{r.old.title}”", r.id in bookmarks)
                for r in diff.retitled]
    return sorted(changes, key=lambda c: (not c.bookmarked, c.session.start_utc, c.session.id, c.kind))


def changed_sessions(changes: Sequence[Change], *, bookmarked_only: bool = False) -> int:
    """How many sessions the changes touch (a session moved and retitled counts once)."""
    return len({c.session.id for c in changes if c.bookmarked or not bookmarked_only})


# Kinds a session still in the agenda can have, in the order a view names them.
KINDS_IN_PLACE = ("added", "moved", "retitled")


def kinds_by_session(changes: Sequence[Change]) -> dict[str, tuple[str, ...]]:
    """For each session in the agenda that changed, how: ("moved", "retitled"), say.
    Cancelled sessions are not in the agenda, so not here."""
    kinds: dict[str, set[str]] = {}
    for change in changes:
        if change.kind in KINDS_IN_PLACE:
            kinds.setdefault(change.session.id, set()).add(change.kind)
    return {session_id: tuple(kind for kind in KINDS_IN_PLACE if kind in found)
            for session_id, found in kinds.items()}


# -- bookmarked sessions that have gone ----------------------------------------


def last_known(session: Session) -> Session:
    """A session gone from the agenda, as it is kept: title, times, room and kind. Its
    people and track are left out, as the agenda it is kept or shown with may no longer
    name them."""
    if not session.people and session.track is None:
        return session
    return replace(session, people=[], track=None)


def kept_sessions(previous: Agenda | None, agenda: Agenda, bookmarks: Iterable[str]) -> list[Session]:
    """The bookmarked sessions of `previous` (the copy last seen) that `agenda` no longer
    has, as last known (`last_known`)."""
    if previous is None:
        return []
    gone = set(bookmarks) - agenda.sessions_by_id.keys()
    return [last_known(session) for session in previous.sessions if session.id in gone]


def with_kept_sessions(agenda: Agenda, kept: Sequence[Session]) -> Agenda:
    """`agenda` with the `kept` sessions added, its dates widened to hold their days:
    the copy to keep as the agenda last seen."""
    if not kept:
        return agenda
    conference = agenda.conference
    days = [day for session in kept for day in (session.conference_day, *session.days)]
    start, end = min(conference.start_date, *days), max(conference.end_date, *days)
    if (start, end) != (conference.start_date, conference.end_date):
        conference = replace(conference, start_date=start, end_date=end)
    return replace(agenda, conference=conference, sessions=[*agenda.sessions, *kept])
