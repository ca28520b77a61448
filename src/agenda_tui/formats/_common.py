"""What every importer shares: text clean-up, durations, kinds, zones, and the
builder that turns parsed records into a validated `Agenda`.

Importers never build model objects themselves: they hand plain dicts to
`AgendaBuilder`, which runs them through `store.agenda_from_data`, so an
imported agenda passes exactly the checks a hand-written TOML file does. Any
problem that check finds is reported at its place in the *source* file
(`schedule/day[2]/room[@name="Saal 1"]/event[5]`), not in the TOML that was
never written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

from agenda_tui import files
from agenda_tui.agenda_file import agenda_from_data
from agenda_tui.agenda_schema import ValidationError, first_problem, pydantic_problems, validated
from agenda_tui.errors import InvalidFileError, Problem
from agenda_tui.model import Agenda, Session, SessionKind, Speaker
from agenda_tui.zones import zone_named

MAX_ID_LENGTH = 200  # model.Id


# -- text ---------------------------------------------------------------------


def slugify(text: str, max_length: int = 100) -> str:
    """'HPC, Big Data & Data Science' -> 'hpc-big-data-data-science' ('' when nothing is left)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:max_length].rstrip("-")


def stable_id(raw: str | None) -> str:
    """An id the model accepts, made from a source's id: white space dropped, and one over
    200 characters shortened to its start plus a hash of the whole, so that it stays
    unique and the same on every import."""
    text = "".join((raw or "").split())
    if len(text) <= MAX_ID_LENGTH:
        return text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return f"{text[:MAX_ID_LENGTH - 17]}~{digest}"


def source_id(raw: str | None) -> str | None:
    """A source's own short id (an alias, never a key), if it is one the model takes as
    it is: printable, without white space, not too long. Else None: only it is lost."""
    text = (raw or "").strip()
    if not text or len(text) > MAX_ID_LENGTH or not text.isprintable() or " " in text:
        return None
    return text


def single_spaced(text: str | None) -> str:
    """A title or a name: surrounding space gone, inner runs of white space made one space."""
    return " ".join((text or "").split())


_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


class _TextExtractor(HTMLParser):
    """Plain text from an HTML fragment: paragraphs, line breaks, list bullets, link targets.

    White space is collapsed as a browser would, except inside <pre>.
    """

    _BLOCKS = frozenset({"p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
                         "blockquote", "table", "tr", "section", "article", "header", "footer"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._pre = 0
        self._line_start = True
        self._href: list[str | None] = []
        self._link_text: list[int] = []

    def _break(self, text: str) -> None:
        self.parts.append(text)
        self._line_start = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self._break("\n\n")
        if tag == "pre":
            self._pre += 1
        elif tag == "br":
            self._break("\n")
        elif tag == "li":
            self._break("\n- ")
        elif tag == "a":
            self._href.append(dict(attrs).get("href"))
            self._link_text.append(len(self.parts))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._break("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
        if tag in self._BLOCKS:
            self._break("\n\n")
        elif tag == "a" and self._href:
            href = self._href.pop()
            start = self._link_text.pop()
            text = "".join(self.parts[start:]).strip()
            if href and href.startswith(("http://", "https://", "mailto:")) and href not in text:
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if not self._pre:
            data = re.sub(r"\s+", " ", data)
            if self._line_start:
                data = data.lstrip()
        if data:
            self.parts.append(data)
            self._line_start = data.endswith("\n")

    def text(self) -> str:
        text = re.sub(r"[ \t]+\n", "\n", "".join(self.parts))
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n").rstrip()


def html_to_text(html: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return extractor.text()


def plain_text(text: str | None) -> str:
    """An abstract as plain text: HTML (as FOSDEM publishes it) converted, line ends normalised."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if looks_like_html(text):
        return html_to_text(text)
    # Indentation from the XML around a multi-line element is not part of the text.
    return re.sub(r"\n[ \t]+", "\n", text).strip()


def join_texts(*texts: str | None) -> str | None:
    """Abstract and description as one text, each once, in order."""
    kept: list[str] = []
    for text in texts:
        text = plain_text(text)
        if text and text not in kept:
            kept.append(text)
    return "\n\n".join(kept) or None


# -- times --------------------------------------------------------------------

_DURATION = re.compile(r"^\s*(\d+):(\d{2})(?::(\d{2}))?\s*$")


def parse_duration(text: str) -> timedelta:
    """`HH:MM` (hours may pass 24), `HH:MM:SS`, or `D:HH:MM:SS`; ValueError otherwise.

    Three fields are read as `HH:MM:SS`, the form FOSDEM uses for its
    timeslot_duration; a day count comes only as a fourth, leading field, since
    `D:HH:MM` cannot be told from `HH:MM:SS`.
    """
    parts = text.strip().split(":")
    if len(parts) > 4 or len(text) > _LONGEST_DURATION:
        raise ValueError(f"bad duration {_shortened(text)!r} (expected HH:MM)")
    try:
        if len(parts) == 4 and parts[0].isdigit():
            days = int(parts[0])
            rest = parse_duration(":".join(parts[1:]))
            return timedelta(days=days) + rest
        match = _DURATION.match(text)
        if not match:
            raise ValueError(f"bad duration {text.strip()!r} (expected HH:MM)")
        hours, minutes, seconds = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
        if minutes >= 60 or seconds >= 60:
            raise ValueError(f"bad duration {text.strip()!r} (minutes and seconds go up to 59)")
        return timedelta(hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError:
        raise ValueError(f"duration {text.strip()!r} is longer than any calendar") from None


# A day count and hours of nine digits each, with their colons and some space: more
# than that is no duration (and may be past what int() converts).
_LONGEST_DURATION = 40


def _shortened(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _LONGEST_DURATION else text[:_LONGEST_DURATION] + "..."


def parse_clock(text: str) -> time:
    """`HH:MM` or `HH:MM:SS`; ValueError otherwise."""
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"bad start time {text.strip()!r} (expected HH:MM)") from None


def parse_date(text: str) -> date:
    """A date, or the date part of a date-time (`2024-12-27T09:30:00+00:00`)."""
    text = text.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"bad date {text!r} (expected YYYY-MM-DD)") from None


def parse_datetime(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"bad date-time {text.strip()!r} (expected ISO 8601)") from None


# -- kinds --------------------------------------------------------------------

_KIND_WORDS: list[tuple[SessionKind, tuple[str, ...]]] = [
    (SessionKind.WORKSHOP, ("workshop", "hands-on", "tutorial", "training")),
    (SessionKind.PANEL, ("panel", "discussion", "podium")),
    (SessionKind.FIRESIDE, ("fireside",)),
    (SessionKind.BREAK, ("break", "pause", "lunch", "coffee", "breakfast", "dinner")),
    # FOSDEM calls its talks by where they happen: devroom, maintrack, keynote, lightningtalk.
    (SessionKind.TALK, ("talk", "lecture", "keynote", "devroom", "maintrack", "lightning",
                        "presentation", "vortrag")),
]


def kind_for(type_name: str | None, default: SessionKind = SessionKind.OTHER) -> SessionKind:
    """A source's free-text event type as one of the model's kinds.

    Matched by word, in order: workshop, panel, fireside, break, then talk
    (talk, lecture, keynote and FOSDEM's devroom/maintrack); anything else,
    such as "other", "Ceremony" or "DJ Set", is `default`.
    """
    if not type_name:
        return default
    lowered = type_name.lower()
    for kind, words in _KIND_WORDS:
        if any(word in lowered for word in words):
            return kind
    return default


# -- the builder --------------------------------------------------------------


@dataclass(eq=False)
class Unit:
    """A part of the source a fault can be confined to: a day, a room, an event, an
    occurrence of a repeating event. A problem inside one skips it, unless strict."""

    place: str
    line: int | None
    parent: Unit | None
    messages: list[str] = field(default_factory=list)

    def chain(self) -> Iterator[Unit]:
        unit: Unit | None = self
        while unit is not None:
            yield unit
            unit = unit.parent


# What reading one event can raise beyond the checks made on purpose: a date past
# year 9999, a number too long to convert, a zone name that reaches the file system.
CONFINED_ERRORS = (ValueError, OverflowError, OSError)


class SkipWarning(str):
    """The warning for a day or an event skipped as broken: a refresh must not take its
    sessions, absent from the new copy, for cancelled ones (refresh.py). `session_ids`: the
    ids claimed inside it; None when its events may have others, never read (a day skipped
    whole, an event whose id is what is broken)."""

    session_ids: frozenset[str] | None = None

    @classmethod
    def of(cls, text: str, session_ids: frozenset[str] | None) -> SkipWarning:
        warning = cls(text)
        warning.session_ids = session_ids
        return warning


class AgendaBuilder:
    """Collects conference, tracks, speakers and sessions, and every problem on the way.

    A problem found inside a `unit` (a day, a room, an event) skips that unit with one
    warning; any other problem, or any problem at all when `strict`, refuses the file.
    """

    def __init__(self, source: str, strict: bool = False):
        self.source = source
        self.strict = strict
        self.separator = "/"  # between the parts of a place in the source: `/` XML, `.` JSON
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.sessions: list[dict[str, Any]] = []
        self._problem_units: list[Unit | None] = []
        self._session_units: list[Unit] = []
        self._current: Unit | None = None
        self._session_places: dict[str, str] = {}
        self._claim_units: dict[str, Unit | None] = {}  # the unit each id was claimed in
        self._tracks: dict[str, dict[str, str]] = {}  # by title
        self._track_ids: set[str] = set()
        self._speakers: dict[str, dict[str, str | None]] = {}  # by id
        self._bad_speakers: dict[str, str] = {}  # id -> why the model refuses it
        self._given_tracks: list[dict[str, Any]] = []
        self._given_speakers: list[dict[str, Any]] = []

    @contextmanager
    def unit(self, place: str, line: int | None = None) -> Iterator[Unit]:
        """Problems found inside are confined to `place`, and so is any error of
        `CONFINED_ERRORS` raised there (it becomes a problem of the unit)."""
        unit = Unit(place, line, self._current)
        self._current = unit
        try:
            yield unit
        except CONFINED_ERRORS as error:
            self.problem(place, f"cannot be read: {error}", line)
        finally:
            self._current = unit.parent

    def problem(self, place: str, message: str, line: int | None = None,
                whole_file: bool = False) -> None:
        """A problem at `place`: confined to the current unit, unless `whole_file`."""
        unit = None if whole_file else self._current
        self._record(Problem(self.source, message, place, line), unit,
                     _relative(place, unit.place, message) if unit else message)

    def _record(self, problem: Problem, unit: Unit | None, message: str) -> None:
        """`problem`, confined to `unit` (None: the whole file), which it skips saying `message`."""
        self.problems.append(problem)
        self._problem_units.append(unit)
        if unit is not None:
            unit.messages.append(message)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def warn_at(self, place: str, message: str, line: int | None = None) -> None:
        """A warning about one place in the source, named as a problem there would be."""
        self.warnings.append(str(Problem(self.source, message, place, line)))

    def track(self, title: str | None) -> str | None:
        """The id of the track with this title, added on first sight."""
        title = single_spaced(title)
        if not title:
            return None
        if title not in self._tracks:
            base = slugify(title) or "track"
            track_id, number = base, 2
            while track_id in self._track_ids:
                track_id, number = f"{base}-{number}", number + 1
            self._track_ids.add(track_id)
            self._tracks[title] = {"id": track_id, "title": title}
        return self._tracks[title]["id"]

    def speaker(self, key: str | None, name: str | None, bio: str | None = None) -> str | None:
        """The id of a speaker (`key`, else the slug of the name), added on first sight;
        None, with a problem, for one the model refuses (an id holding controls)."""
        name = single_spaced(name)
        key = stable_id(key) or slugify(name)
        if not name or not key:
            return None
        if key in self._bad_speakers:
            self.problem(self._current.place if self._current else "", self._bad_speakers[key])
            return None
        if key not in self._speakers:
            try:
                validated(Speaker, {"id": key, "name": name})
            except ValidationError as error:
                why = f"speaker {key!r}: {first_problem(error)}"
                self._bad_speakers[key] = why
                self.problem(self._current.place if self._current else "", why)
                return None
            self._speakers[key] = {"id": key, "name": name}
        if bio and "bio" not in self._speakers[key]:
            self._speakers[key]["bio"] = plain_text(bio) or None
        return self._speakers[key]["id"]

    def given_track(self, data: dict[str, Any]) -> None:
        """A track the source defines whole (agenda-tui's own iCalendar), kept even unused."""
        self._given_tracks.append(data)
        self._track_ids.add(data["id"])

    def given_speaker(self, data: dict[str, Any]) -> None:
        """A speaker the source defines whole, kept even when no session names it."""
        self._given_speakers.append(data)

    def claim(self, session_id: str, place: str, line: int | None = None) -> bool:
        """Reserve a session id; a second event with the same id is a problem (False)."""
        if session_id in self._session_places:
            self.problem(place, f"duplicate id {session_id!r} "
                                f"(first used at {self._session_places[session_id]})", line)
            return False
        self._session_places[session_id] = place
        self._claim_units[session_id] = self._current
        return True

    def session(self, place: str, data: dict[str, Any], line: int | None = None) -> None:
        """Add one session, its id claimed before, in the current unit."""
        self.sessions.append({key: value for key, value in data.items()
                              if value not in (None, "", [])})
        self._session_units.append(self._current or Unit(place, line, None))

    def unique_id(self, wanted: str) -> str:
        """`wanted`, or `wanted-2`, `wanted-3`... whichever no session has yet."""
        candidate, number = wanted, 2
        while candidate in self._session_places:
            suffix = f"-{number}"
            candidate, number = f"{wanted[:MAX_ID_LENGTH - len(suffix)]}{suffix}", number + 1
        return candidate

    def build(self, conference: dict[str, Any]) -> Agenda:
        """The validated agenda of every session not skipped, or InvalidFileError.

        Without `start_date`, the conference's dates are the first and last day of the
        sessions kept. Sessions the model refuses are skipped like any other fault
        confined to them, and the rest checked again, so that what is kept passes every
        check a hand-written agenda does (ids unique, references known).
        """
        if self.strict or None in self._problem_units:
            self._refuse_if_any()
        while True:
            kept = [index for index, unit in enumerate(self._session_units)
                    if not any(part.messages for part in unit.chain())]
            if not kept:
                self._refuse_if_any()
            data = self._data(conference, [self.sessions[index] for index in kept])
            try:
                agenda = agenda_from_data(data, self.source)
            except InvalidFileError as error:
                relocated = [self._relocate(problem, kept) for problem in error.problems]
                whole = any(unit is None for _, unit in relocated)
                if not self.strict and whole and self._skip_invalid_sessions(kept, conference):
                    continue  # the conference's dates came from a session the model refuses
                if self.strict or whole:
                    raise InvalidFileError(self.problems + [p for p, _ in relocated]) from None
                for problem, unit in relocated:
                    self._record(problem, unit, problem.message)
                continue
            self.warnings.extend(self._skip_warnings())
            return agenda

    def _skip_invalid_sessions(self, kept: list[int], conference: dict[str, Any]) -> bool:
        """Mark each kept session the model refuses on its own as a problem of its unit;
        whether there was one."""
        zone = zone_named(conference.get("timezone")) or UTC
        found = False
        for index in kept:
            try:
                validated(Session, self.sessions[index], zone)
            except ValidationError as error:
                unit = self._session_units[index]
                for loc, message in pydantic_problems(error):
                    where = ".".join(str(part) for part in loc)
                    self._record(Problem(self.source, f"{where}: {message}", unit.place, unit.line),
                                 unit, f"{where}: {message}")
                found = True
        return found

    def _refuse_if_any(self) -> None:
        if self.problems:
            raise InvalidFileError(self.problems)

    def _data(self, conference: dict[str, Any], sessions: list[dict[str, Any]]) -> dict[str, Any]:
        conference = {key: value for key, value in conference.items() if value not in (None, "")}
        if "rooms" in conference:  # only those a kept session is in
            used = {session.get("location") for session in sessions}
            conference["rooms"] = [room for room in conference["rooms"] if room in used]
        if "start_date" not in conference and sessions:
            conference["start_date"] = min(session_days(session)[0] for session in sessions)
            conference["end_date"] = max(session_days(session)[1] for session in sessions)
        speakers = {person["speaker"] for session in sessions for person in session.get("people", ())}
        tracks = {session.get("track") for session in sessions}
        return {
            "conference": conference,
            # Only what a kept session names: a skipped one leaves nothing behind.
            "tracks": self._given_tracks + [track for track in self._tracks.values()
                                            if track["id"] in tracks],
            "speakers": self._given_speakers + [speaker for key, speaker in self._speakers.items()
                                                if key in speakers],
            "sessions": sessions,
        }

    def _skip_warnings(self) -> list[str]:
        """One line per skipped unit (the outermost with a fault), in the order found."""
        skipped: list[Unit] = []
        for unit in self._problem_units:
            assert unit is not None
            outermost = [part for part in unit.chain() if part.messages][-1]
            if outermost not in skipped:
                skipped.append(outermost)
        return [SkipWarning.of(str(Problem(self.source, "skipped: " + "; ".join(unit.messages), unit.place,
                                           unit.line)), self._ids_claimed_in(unit)) for unit in skipped]

    def _ids_claimed_in(self, skipped: Unit) -> frozenset[str] | None:
        """The session ids claimed in a skipped unit that is one event's (claimed directly
        in it); None for any other (a day or a room: events in it may never have been read)."""
        ids = frozenset(session_id for session_id, unit in self._claim_units.items() if unit is skipped)
        return ids or None

    _SESSION_PATH = re.compile(r"^sessions\[(\d+)\]\.?(.*)$")

    def _relocate(self, problem: Problem, kept: list[int]) -> tuple[Problem, Unit | None]:
        """A problem found in the would-be TOML, pointed at the source's place instead,
        with the unit of the session it is about (None: it is about the whole file)."""
        match = self._SESSION_PATH.match(problem.path)
        if not match or int(match.group(1)) >= len(kept):
            return Problem(self.source, problem.message, problem.path), None
        unit = self._session_units[kept[int(match.group(1))]]
        field_name = match.group(2)
        message = f"{field_name}: {problem.message}" if field_name else problem.message
        return Problem(self.source, message, unit.place, unit.line), unit


def _relative(place: str, unit_place: str, message: str) -> str:
    """`duration: bad duration` for a problem at `<event place>/duration`; the whole place
    for one elsewhere in the unit (an override of a repeating event, say)."""
    if place == unit_place:
        return message
    if place.startswith(unit_place):
        return f"{place[len(unit_place):].lstrip('/.')}: {message}"
    return f"{place}: {message}"


def session_days(session: dict[str, Any]) -> tuple[date, date]:
    """The first and last day a session's record is listed on (see `Session.days`)."""
    start = session["start"]
    first = session.get("day") or (start if type(start) is date else start.date())
    if not session.get("all_day"):
        return first, first
    end = session["end"]
    return first, (end if type(end) is date else end.date()) - timedelta(days=1)


RAISE_LIMIT = " (raise it with --max-size BYTES)"


def check_size(size: int, source: str, max_size: int) -> None:
    files.check_size(size, source, max_size, RAISE_LIMIT)


def decode(data: bytes, source: str) -> str:
    """UTF-8 text (a BOM is dropped), or InvalidFileError naming the line of the bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidFileError.single(
            source, f"is not UTF-8 text (byte 0x{data[error.start]:02x})", line=line) from None


def zone_from_argument(builder: AgendaBuilder, timezone: str) -> ZoneInfo | None:
    """The zone given with --timezone, or a problem saying it is not one."""
    zone = zone_named(timezone)
    if zone is None:
        builder.problem("--timezone", f"unknown IANA time zone {timezone!r}")
    return zone


def missing_zone_message(what: str) -> str:
    return (f"{what}; give the conference's zone with --timezone ZONE "
            "(an IANA name such as Europe/Brussels)")
