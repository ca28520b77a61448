"""What changed between two versions of an agenda, matched by stable session id.

- added: in the new version only;
- removed: in the old version only (cancelled, or withdrawn);
- moved: another conference day, start or end time, or room;
- retitled: another title.
A session both moved and retitled is in both lists.

The user's "seen" snapshot (`model.SeenAgenda`) keeps one fingerprint per
session instead of a whole agenda: `when-where hash / title hash`, so that
`changes_since_seen` can still tell a move from a new title.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from agenda_tui.model import Agenda, SeenAgenda, Session


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
        if self.old.start != self.new.start or self.old.end != self.new.end:
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

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.removed)} removed, "
                f"{len(self.moved)} moved, {len(self.retitled)} retitled")


def _order(session: Session) -> tuple[datetime, str]:
    return session.start, session.id


def _moved(old: Session, new: Session) -> bool:
    return (old.conference_day != new.conference_day or old.start != new.start
            or old.end != new.end or (old.location or "") != (new.location or ""))


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
    """`<when-where>/<title>`: two short hashes, so a move and a new title can be told apart."""
    when_where = _hash(session.conference_day.isoformat(), session.start.isoformat(),
                       session.end.isoformat(), session.location or "")
    return f"{when_where}/{_hash(session.title)}"


def agenda_version(agenda: Agenda) -> str:
    """One hash over every session's id and fingerprint: equal agendas, equal versions."""
    return _hash(*(f"{s.id}={session_fingerprint(s)}" for s in sorted(agenda.sessions,
                                                                        key=lambda s: s.id)))


def seen_snapshot(agenda: Agenda) -> SeenAgenda:
    """What to keep in the user state once the user has seen this agenda."""
    return SeenAgenda(version=agenda_version(agenda),
                      sessions={s.id: session_fingerprint(s) for s in agenda.sessions})


@dataclass
class SeenChanges:
    """Session ids changed since the snapshot; `removed` ids are no longer in the agenda."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    retitled: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.moved or self.retitled)

    def changed_ids(self) -> set[str]:
        return {*self.added, *self.removed, *self.moved, *self.retitled}


def changes_since_seen(seen: SeenAgenda, agenda: Agenda) -> SeenChanges:
    """What changed since `seen`; an empty snapshot (never seen) counts as no change."""
    changes = SeenChanges()
    if not seen.sessions or seen.version == agenda_version(agenda):
        return changes
    for session in sorted(agenda.sessions, key=_order):
        before = seen.sessions.get(session.id)
        if before is None:
            changes.added.append(session.id)
            continue
        now = session_fingerprint(session)
        old_when, _, old_title = before.partition("/")
        new_when, _, new_title = now.partition("/")
        if old_when != new_when:
            changes.moved.append(session.id)
        if old_title != new_title:
            changes.retitled.append(session.id)
    changes.removed = sorted(set(seen.sessions) - set(agenda.sessions_by_id))
    return changes


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
