"""Where an installed agenda comes from: its URL, the import options, and what identifies
the copy held (ETag, Last-Modified, the body's hash, when it was fetched).

Kept beside the agenda, as `<file stem>.source.json` in the agendas folder (no agenda is
a `.json`), not inside the agenda's TOML, which stays the schedule alone. Keys this
version does not know are written back as they were. A record that cannot be read is an
error for the commands that need it (refreshing), and never stops the agenda opening.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from agenda_tui.atomic import atomic_write_text, write_target
from agenda_tui.errors import InvalidFileError
from agenda_tui.files import DEFAULT_MAX_SIZE, read_bytes
from agenda_tui.paths import agendas_dir, file_stem

MAX_RECORD_BYTES = 64 * 1024
SUFFIX = ".source.json"


def is_url(text: str) -> bool:
    """Whether `text` names a schedule on the web rather than a file."""
    return text.strip().lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class Validators:
    """What identifies the copy held: sent back so that the server can answer 304."""

    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None


@dataclass(frozen=True)
class SourceRecord:
    url: str
    format: str = "auto"
    timezone: str | None = None
    first_day: date | None = None  # --from, --until: where a feed's repeating events expand
    last_day: date | None = None
    strict: bool = False
    max_size: int = DEFAULT_MAX_SIZE
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    fetched_at: datetime | None = None  # when the copy held was fetched, in UTC

    @property
    def validators(self) -> Validators:
        return Validators(self.etag, self.last_modified, self.body_hash)

    def fetched(self, validators: Validators, at: datetime) -> SourceRecord:
        return replace(self, etag=validators.etag, last_modified=validators.last_modified,
                       body_hash=validators.body_hash, fetched_at=at.astimezone(UTC))


def record_path(conference_id: str) -> Path:
    return agendas_dir() / f"{file_stem(conference_id)}{SUFFIX}"


def record_path_beside(agenda_path: Path) -> Path:
    return agenda_path.with_name(agenda_path.stem + SUFFIX)


def _text(raw: dict[str, Any], name: str) -> str | None:
    value = raw.get(name)
    return value if isinstance(value, str) and value else None


def read_record(path: Path) -> SourceRecord | None:
    """The record at `path`; None when there is none. InvalidFileError naming the file
    and the key when it cannot be used."""
    if not path.exists() and not path.is_symlink():
        return None
    raw = _read_raw(path)
    url = raw.get("url")
    if not isinstance(url, str) or not is_url(url):
        raise InvalidFileError.single(path, "no http or https URL", "url")
    values: dict[str, Any] = {"url": url.strip()}
    try:
        for name in ("format", "timezone", "etag", "last_modified", "body_hash"):
            if (text := _text(raw, name)) is not None:
                values[name] = text
        for name in ("first_day", "last_day"):
            if (text := _text(raw, name)) is not None:
                values[name] = date.fromisoformat(text)
        if (text := _text(raw, "fetched_at")) is not None:
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                raise ValueError(f"{text!r} has no UTC offset")
            values["fetched_at"] = moment.astimezone(UTC)
        if isinstance(raw.get("strict"), bool):
            values["strict"] = raw["strict"]
        size = raw.get("max_size")
        if isinstance(size, int) and not isinstance(size, bool) and size > 0:
            values["max_size"] = size
    except (ValueError, OverflowError) as error:
        raise InvalidFileError.single(path, str(error)) from None
    return SourceRecord(**values)


def _read_raw(path: Path) -> dict[str, Any]:
    data = read_bytes(path, MAX_RECORD_BYTES)
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise InvalidFileError.single(path, f"not a source record: {error}") from None
    if not isinstance(raw, dict):
        raise InvalidFileError.single(path, "not a source record: not a JSON object")
    return raw


def write_record(path: Path, record: SourceRecord) -> None:
    """Write `record`, keeping the keys another version wrote that this one does not know."""
    try:
        kept = {key: value for key, value in _read_raw(path).items()
                if key not in {field.name for field in fields(SourceRecord)}}
    except InvalidFileError:
        kept = {}
    document: dict[str, Any] = {}
    for key, value in asdict(record).items():
        if isinstance(value, (date, datetime)):
            value = value.isoformat()
        if value is not None:
            document[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps({**document, **kept}, indent=2, ensure_ascii=False) + "\n")
    if _has_password(record.url):
        os.chmod(write_target(path), 0o600)  # the URL's password is needed to fetch again: for the owner only


def _has_password(url: str) -> bool:
    authority = url.partition("://")[2].partition("/")[0]
    return "@" in authority and ":" in authority.rpartition("@")[0]
