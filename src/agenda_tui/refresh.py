"""Refreshing an installed agenda from its URL: `agenda-tui update`, `r` and the app's
background refresh all come here.

A refresh that finds the copy current writes nothing. A new copy replaces the installed
agenda, with these guards:
- what fails (the network, the status, a body that is not a schedule, or one cut off,
  which no reader accepts without its closing structure) leaves everything as it was;
- the installed conference id is kept when the feed names another (a warning says so);
- sessions missing from a copy that skipped broken events are kept as they were: a
  broken event is not a cancelled one.
Bookmarks and notes are the user's state's, keyed by session id: untouched here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from agenda_tui.agenda_file import agenda_from_data, agenda_to_data, load_agenda, save_agenda
from agenda_tui.agenda_source import SourceRecord, read_record, record_path, write_record
from agenda_tui.diff import AgendaDiff, Change, diff_agendas
from agenda_tui.errors import AgendaError, InvalidFileError
from agenda_tui.fetch import WEB_PAGE, FetchError, FetchLimits, fetch, is_web_page, shown_url
from agenda_tui.files import reason
from agenda_tui.formats._common import SkipWarning
from agenda_tui.formatting import plural
from agenda_tui.importing import FORMAT_NAMES, ImportResult, import_source
from agenda_tui.model import Agenda, Session
from agenda_tui.paths import cache_dir, file_stem, installed_agenda_path
from agenda_tui.text import clean

LOCK_SECONDS = 60.0


@dataclass
class Refreshed:
    """A refresh's outcome: `agenda` is the installed copy when it differs from the one
    the caller held (a new one fetched, or one another process installed), else None."""

    conference_id: str
    record: SourceRecord
    previous: Agenda | None
    agenda: Agenda | None
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.agenda is not None

    def diff(self) -> AgendaDiff:
        if self.agenda is None or self.previous is None:
            return AgendaDiff()
        return diff_agendas(self.previous, self.agenda)


@dataclass(frozen=True)
class RefreshNews:
    """What a refresh brings back to the UI: its outcome, and for a new copy, what changed
    since the user last looked and the bookmarked sessions it no longer has."""

    outcome: Refreshed
    changed: AgendaDiff = field(default_factory=AgendaDiff)  # from the copy the app held
    changes: tuple[Change, ...] = ()  # since the user last looked
    gone: Mapping[str, Session] = field(default_factory=dict)


def auto_refresh_due(agenda: Agenda, now: datetime, last: datetime | None, minutes: int) -> bool:
    """Whether the app refreshes now by itself: during the conference (a day either side)
    when `minutes` (0: never) have passed since the last attempt, or there was none."""
    if minutes <= 0:
        return False
    day = now.astimezone(agenda.zone).date()
    conference = agenda.conference
    if not conference.start_date - timedelta(days=1) <= day <= conference.end_date + timedelta(days=1):
        return False
    return last is None or now - last >= timedelta(minutes=minutes)


def fetch_limits(record: SourceRecord, limits: FetchLimits | None) -> FetchLimits:
    base = limits or FetchLimits()
    return FetchLimits(base.connect_seconds, base.total_seconds, record.max_size, base.max_redirects)


def parse_fetched(record: SourceRecord, body: bytes) -> ImportResult:
    """The schedule in a fetched body, read with the options it was imported with.
    FetchError for a web page (an HTML error or login page served with status 200);
    InvalidFileError, naming the URL, for anything else that is not a schedule."""
    if is_web_page(body):
        raise FetchError(f"{shown_url(record.url)}: {WEB_PAGE}")
    return import_source(body, format=record.format, timezone=record.timezone,
                         max_size=record.max_size, name=shown_url(record.url), strict=record.strict,
                         span=(record.first_day, record.last_day))


def refresh_installed(conference_id: str, *, now: datetime, limits: FetchLimits | None = None,
                      known_hash: str | None = None) -> Refreshed:
    """Fetch the agenda installed as `conference_id` from its URL and install the new copy.

    `known_hash` is the body hash of the copy the caller holds (the app): when the
    installed copy is another (an `update` run meanwhile), it is returned as changed
    even if the server has nothing newer. AgendaError, with nothing written, on failure.
    """
    with installing(conference_id):
        record = read_record(record_path(conference_id))
        if record is None:
            raise AgendaError(f"{conference_id}: was not imported from a URL, so there is nothing to "
                              "refresh it from (import it with `agenda-tui import URL --install`)")
        agenda_path = installed_agenda_path(conference_id)
        try:
            fetched = fetch(record.url, record.validators, fetch_limits(record, limits))
        except FetchError as error:
            raise FetchError(f"{conference_id}: {error}") from None
        if fetched.body is None:
            if known_hash is None or known_hash == record.body_hash:
                return Refreshed(conference_id, record, None, None)
            return Refreshed(conference_id, record, None, load_agenda(agenda_path))  # installed anew
        try:
            result = parse_fetched(record, fetched.body)
        except FetchError as error:
            raise FetchError(f"{conference_id}: {error}") from None
        except InvalidFileError as error:
            lines = error.lines()
            more = f" (and {len(lines) - 1} more problems)" if len(lines) > 1 else ""
            raise FetchError(f"{conference_id}: not a schedule: {lines[0]}{more}") from None
        previous = load_agenda(agenda_path)
        warnings = list(result.warnings)
        agenda = _as_installed(previous, result, conference_id, warnings)
        try:
            save_agenda(agenda, agenda_path)
        except OSError as error:
            raise AgendaError(f"cannot write {agenda_path}: {reason(error)}") from None
        with contextlib.suppress(AgendaError):
            load_agenda(agenda_path)  # fills the agenda cache, as `import --install` does
        record = record.fetched(fetched.validators, now)
        try:
            write_record(record_path(conference_id), record)
        except OSError as error:
            warnings.append(f"the agenda is updated, but {record_path(conference_id)} could not be "
                            f"written ({reason(error)}): the next refresh fetches it whole")
        return Refreshed(conference_id, record, previous, agenda, warnings)


def _as_installed(previous: Agenda, result: ImportResult, conference_id: str,
                  warnings: list[str]) -> Agenda:
    """The new copy under the installed id, with the sessions a broken event may hide."""
    agenda = result.agenda
    data: dict[str, Any] | None = None
    if agenda.conference.id != conference_id:
        warnings.append(f"the feed now calls the conference {agenda.conference.id!r}; it stays "
                        f"installed as {conference_id!r}")
        data = agenda_to_data(agenda)
        data["conference"]["id"] = conference_id
    skips = [warning for warning in result.warnings if isinstance(warning, SkipWarning)]
    missing = {s.id for s in previous.sessions if s.id not in agenda.sessions_by_id}
    if skips and missing:
        if any(skip.session_ids is None for skip in skips):
            kept = missing  # a broken day, or an event without a readable id: any may be there
        else:
            kept = missing & frozenset().union(*(skip.session_ids or () for skip in skips))
        if kept:
            data = data or agenda_to_data(agenda)
            _add_kept(data, previous, kept)
            warnings.append(f"{plural(len(kept), 'session')} missing from the new copy "
                            f"{'is' if len(kept) == 1 else 'are'} kept as "
                            f"{'it was' if len(kept) == 1 else 'they were'}: "
                            f"{plural(len(skips), 'broken event')} in it could not be read, and a broken "
                            "event is not a cancelled one")
    if data is None:
        return agenda
    try:
        return agenda_from_data(data, clean(result.source))
    except InvalidFileError as error:
        raise FetchError(f"{conference_id}: the new copy from {FORMAT_NAMES[result.format]} "
                         f"cannot be installed: {error.lines()[0]}") from None


def _add_kept(data: dict[str, Any], previous: Agenda, kept_ids: set[str]) -> None:
    """Add the previous copy's sessions `kept_ids`, and the speakers and tracks they name."""
    old = agenda_to_data(previous)
    sessions = [session for session in old.get("sessions", []) if session["id"] in kept_ids]
    data.setdefault("sessions", []).extend(sessions)
    named_speakers = {person["speaker"] for session in sessions for person in session.get("people", [])}
    named_tracks = {session["track"] for session in sessions if session.get("track")}
    for key, named in (("speakers", named_speakers), ("tracks", named_tracks)):
        present = {item["id"] for item in data.get(key, [])}
        data.setdefault(key, []).extend(item for item in old.get(key, [])
                                        if item["id"] in named and item["id"] not in present)


@contextlib.contextmanager
def installing(conference_id: str) -> Iterator[None]:
    """One refresh or install of an agenda at a time, across processes (the app, `update`,
    `import --install`). The lock lives in the cache folder: a refresh that finds nothing
    new writes nothing beside the agenda."""
    import filelock

    path = cache_dir() / "locks" / f"{file_stem(conference_id)}.lock"
    lock = filelock.FileLock(str(path), timeout=LOCK_SECONDS)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except filelock.Timeout:
        raise AgendaError(f"{conference_id}: another refresh or install of it is still running") from None
    except OSError as error:
        raise AgendaError(f"cannot lock {path}: {reason(error)}") from None
    try:
        yield
    finally:
        lock.release()
