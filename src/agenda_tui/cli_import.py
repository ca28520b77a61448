"""`agenda-tui import`, `agendas` and `diff`: bring published schedules into the store.

Every failure is an `AgendaError`: one line per problem, exit status 2, and
nothing written.
"""

from __future__ import annotations

import contextlib
import time
from datetime import date
from pathlib import Path

import click

from agenda_tui.agenda_file import dump_agenda, load_agenda, save_agenda
from agenda_tui.agenda_source import (
    SourceRecord,
    read_record,
    record_path,
    record_path_beside,
    write_record,
)
from agenda_tui.cli_options import (
    Options,
    adopt_legacy_install,
    common_options,
    resolve_agenda,
    warn,
    warn_all,
)
from agenda_tui.clock import Clock
from agenda_tui.diff import AgendaDiff, diff_agendas, diff_record
from agenda_tui.errors import AgendaError, InvalidFileError
from agenda_tui.fetch import FetchLimits, fetch, is_url, shown_url
from agenda_tui.files import DEFAULT_MAX_SIZE, reason
from agenda_tui.formats.json_out import dumps
from agenda_tui.formatting import day_label, plural, time_range
from agenda_tui.importing import FORMAT_NAMES, FORMATS, detect_format, import_source
from agenda_tui.model import SUPPORTED_YEARS, Agenda, Session
from agenda_tui.paths import agendas_dir, expand, state_file
from agenda_tui.refresh import Refreshed, fetch_limits, installing, parse_fetched, refresh_installed
from agenda_tui.state_file import StateFile
from agenda_tui.text import clean

CONNECT_SECONDS = 5.0

_format_option = click.option(
    "--format", "format_", type=click.Choice(["auto", *FORMATS]), default="auto", show_default=True,
    help="The source's format; auto tells it from the content.")
_timezone_option = click.option(
    "--timezone", metavar="ZONE",
    help="The conference's IANA time zone, for sources that name none (e.g. Europe/Berlin).")
_max_size_option = click.option(
    "--max-size", metavar="BYTES", type=click.IntRange(min=1), default=DEFAULT_MAX_SIZE,
    show_default=True, help="Refuse sources larger than this.")
_strict_option = click.option(
    "--strict", is_flag=True,
    help="Refuse the whole source on any problem, instead of skipping the broken events "
         "(each skipped one is a warning).")


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None
    if not SUPPORTED_YEARS[0] <= day.year <= SUPPORTED_YEARS[1]:
        raise click.BadParameter(f"{day} is outside the years {SUPPORTED_YEARS[0]} to "
                                 f"{SUPPORTED_YEARS[1]}")
    return day


def _timeout(ctx: click.Context, param: click.Parameter, value: float) -> FetchLimits:
    return FetchLimits(connect_seconds=min(CONNECT_SECONDS, value), total_seconds=value)


_timeout_option = click.option(
    "--timeout", "limits", metavar="SECONDS", type=click.FloatRange(min=0.1, max=3600), default=30.0,
    show_default=True, callback=_timeout,
    help="For a URL: give up on a fetch that takes longer, the whole answer included.")


@click.command("import")
@click.argument("source", metavar="SOURCE")
@_format_option
@click.option("-o", "--output", metavar="FILE",
              help="Write the agenda TOML here (without -o or --install: to standard output).")
@click.option("--install", is_flag=True,
              help="Keep it in the user data directory: `agenda-tui --agenda ID` opens it.")
@_timezone_option
@_max_size_option
@_strict_option
@click.option("--from", "first_day", metavar="DATE", callback=_day,
              help="Expand an iCalendar feed's repeating events from this day on "
                   "(default: the first day of its single events).")
@click.option("--until", "last_day", metavar="DATE", callback=_day,
              help="... up to this day (default: the last day of its single events).")
@_timeout_option
@common_options
@click.pass_obj
def import_command(options: Options, source: str, format_: str, output: str | None, install: bool,
                   timezone: str | None, max_size: int, strict: bool, first_day: date | None,
                   last_day: date | None, limits: FetchLimits) -> None:
    """Import a frab/Pentabarf schedule.xml, a schedule.json or an iCalendar feed.

    SOURCE is a file, - for standard input, or an http or https URL. Installing an
    agenda whose conference id is already installed replaces it; bookmarks and notes
    are kept, as they follow the sessions' stable ids. An agenda installed from a URL
    remembers it: `agenda-tui update` and the app refresh it from there. An event that
    cannot be read is skipped with a warning naming its place (--strict refuses the
    source).
    """
    if first_day and last_day and last_day < first_day:
        raise click.BadParameter(f"{last_day} is before --from {first_day}",
                                 param_hint="'--until'")
    target = _output_path(output) if output is not None else None
    began = time.perf_counter()
    record = None
    if is_url(source):
        if (why := options.no_network()) is not None:
            raise AgendaError(f"{shown_url(source)}: not fetched: {why}")
        record = SourceRecord(source.strip(), format_, timezone, first_day, last_day, strict, max_size)
        fetched = fetch(record.url, limits=fetch_limits(record, limits))
        assert fetched.body is not None  # nothing was held: nothing can be unchanged
        try:
            result = parse_fetched(record, fetched.body)
        except InvalidFileError as error:
            if len(error.problems) > 1 or error.problems[0].line is not None:
                raise
            raise AgendaError(f"{shown_url(source)}: not a schedule: {error.problems[0].message}") from None
        record = record.fetched(fetched.validators, Clock().now())
    else:
        result = import_source(source, format=format_, timezone=timezone, max_size=max_size,
                               strict=strict, span=(first_day, last_day))
    agenda = result.agenda
    for warning in result.warnings:
        warn(warning)
    text = dump_agenda(agenda)  # before anything is written: a failure leaves no half file
    if target is not None:
        _write_agenda(agenda, target)
    if install:
        with installing(agenda.conference.id):  # not in the middle of a refresh of it
            _install(agenda)
            _remember_source(agenda.conference.id, record)
    if output is None and not install:
        click.echo(text, nl=False)
    conference = agenda.conference
    click.echo(
        f"Imported {len(agenda.sessions)} sessions of {clean(conference.title)!r} "
        f"(id {conference.id}, {conference.start_date} to {conference.end_date}, "
        f"{conference.timezone}) from {FORMAT_NAMES[result.format]} "
        f"in {time.perf_counter() - began:.2f} s"
        + (f"; wrote {target}" if target is not None else ""),
        err=True,
    )


def _output_path(output: str) -> Path:
    """Where `-o` says, checked before anything is read: an existing folder, and no
    directory, device or pipe in the file's place (as for `export -o`)."""
    path = expand(output, "-o")
    if path.is_dir():
        raise AgendaError(f"cannot write {path}: it is a directory")
    if path.exists() and not path.is_file():
        # A device or a pipe: renaming over it would replace it (-o /dev/null as root).
        raise AgendaError(f"cannot write {path}: not a regular file")
    if not path.parent.is_dir():
        missing = "is not a directory" if path.parent.exists() else "does not exist"
        raise AgendaError(f"cannot write {path}: the folder {path.parent} {missing}")
    return path


def _write_agenda(agenda: Agenda, output: Path, *, make_folder: bool = False) -> None:
    """Save the agenda at `output`, or one line saying why not; a failed write leaves
    `output` as it was and no temporary file behind."""
    if output.exists() and not output.is_file():
        raise AgendaError(f"cannot write {output}: not a regular file")
    try:
        if make_folder:
            output.parent.mkdir(parents=True, exist_ok=True)
        save_agenda(agenda, output)
    except OSError as error:
        where = error.filename if error.filename and Path(error.filename) != output else None
        raise AgendaError(f"cannot write {output}: {reason(error)}"
                          + (f" ({where})" if where else "")) from None


def _remember_source(conference_id: str, record: SourceRecord | None) -> None:
    """Beside an agenda installed from a URL, where it came from; an agenda installed
    from a file follows no URL any more."""
    path = record_path(conference_id)
    try:
        if record is not None:
            write_record(path, record)
        elif path.exists():
            previous = read_record(path)
            path.unlink()
            if previous is not None:
                warn(f"{conference_id} now comes from a file: it no longer follows {shown_url(previous.url)}")
    except (OSError, InvalidFileError) as error:
        why = error.lines()[0] if isinstance(error, InvalidFileError) else reason(error)
        warn(f"{path}: {why}: `agenda-tui update` cannot refresh {conference_id}")


def _install(agenda: Agenda) -> None:
    path = adopt_legacy_install(agenda.conference.id)
    previous = None
    if path.is_file():
        try:
            previous = load_agenda(path)
        except AgendaError:
            warn(f"the installed {path.name} could not be read; it is replaced")
    _write_agenda(agenda, path, make_folder=True)
    # Read back once as the app will (a large agenda lands in the agenda cache), so
    # the first opening of the imported agenda need not read its TOML.
    with contextlib.suppress(AgendaError):
        load_agenda(path)
    if previous is None:
        click.echo(f"Installed as {agenda.conference.id}: open it with "
                   f"`agenda-tui --agenda {agenda.conference.id}` ({path})", err=True)
        return
    if previous.conference.title != agenda.conference.title:
        # Ids are made from acronyms, case folded: two conferences can come to one id.
        warn(f"{agenda.conference.id} was {clean(previous.conference.title)!r}, and is now "
             f"{clean(agenda.conference.title)!r}: if that is another conference, import it "
             "with -o to a file instead")
    changes = diff_agendas(previous, agenda)
    click.echo(f"Updated {agenda.conference.id} ({path}): {changes.summary()}; "
               "bookmarks and notes are kept", err=True)


@click.command("agendas")
@common_options
def agendas_command() -> None:
    """List the installed agendas: id, title, dates, number of sessions."""
    folder = agendas_dir()
    paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    if not paths:
        click.echo(f"No agendas installed in {folder}: add one with "
                   "`agenda-tui import SOURCE --install`.", err=True)
        return
    for path in paths:
        try:
            agenda = load_agenda(path)
        except AgendaError as error:
            first = error.lines()[0] if error.lines() else str(error)
            click.echo(f"{path.stem}  (cannot be read: {clean(first)})")
            continue
        conference = agenda.conference
        click.echo(f"{conference.id}  {clean(conference.title)}  "
                   f"{conference.start_date} to {conference.end_date}  "
                   f"{len(agenda.sessions)} sessions{_source_note(path)}")


def _source_note(agenda_path: Path) -> str:
    """"  from URL (fetched ...)" for an agenda installed from a URL."""
    try:
        record = read_record(record_path_beside(agenda_path))
    except AgendaError as error:
        return f"  (its source record cannot be read: {error.lines()[0]})"
    if record is None:
        return ""
    fetched = f", fetched {record.fetched_at:%Y-%m-%d %H:%M} UTC" if record.fetched_at else ""
    return f"  from {shown_url(record.url)}{fetched}"


def _load_any(spec: str, format_: str, timezone: str | None, max_size: int,
              strict: bool = False) -> Agenda:
    """An agenda TOML (path or installed id), else a published schedule to import."""
    path = expand(spec)
    # --format names the published schedule's format; agenda TOML files and installed
    # ids are read as agendas whatever it says.
    is_agenda = path.suffix == ".toml" or not path.is_file()
    if is_agenda or (format_ == "auto" and not _importable(path)):
        return load_agenda(resolve_agenda(spec))
    result = import_source(spec, format=format_, timezone=timezone, max_size=max_size,
                           strict=strict)
    warn_all(result.warnings)
    return result.agenda


def _importable(path: Path) -> bool:
    """Whether the file starts like frab XML, schedule.json or iCalendar."""
    try:
        with path.open("rb") as handle:
            detect_format(handle.read(4096))
    except (OSError, AgendaError):
        return False
    return True


def _line(session: Session) -> str:
    where = f"  [{clean(session.location)}]" if session.location else ""
    return (f"{day_label(session.conference_day)} {time_range(session)}  "
            f"{clean(session.title)}{where}  ({session.id})")


def diff_entries(changes: AgendaDiff, removed: str = "removed") -> list[tuple[str, list[str]]]:
    """Each change as the session's id and its lines: added, removed, moved, retitled."""
    entries = [(s.id, [f"+ added     {_line(s)}"]) for s in changes.added]
    entries += [(s.id, [f"- {removed:<9} {_line(s)}"]) for s in changes.removed]
    for move in changes.moved:
        entries.append((move.id, [
            f"~ moved     {_line(move.old)}",
            f"         -> {day_label(move.new.conference_day)} {time_range(move.new)}"
            f"  [{clean(move.new.location or '')}]  ({', '.join(move.what)})"]))
    for retitle in changes.retitled:
        entries.append((retitle.id, [f"* retitled  {clean(retitle.old.title)!r} -> "
                                     f"{clean(retitle.new.title)!r}  ({retitle.id})"]))
    return entries


def diff_lines(changes: AgendaDiff) -> list[str]:
    return [line for _, lines in diff_entries(changes) for line in lines]


@click.command("diff")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("--json", "as_json", is_flag=True, help="As JSON: added, removed, moved, retitled.")
@_format_option
@_timezone_option
@_max_size_option
@_strict_option
@common_options
def diff_command(old: str, new: str, as_json: bool, format_: str,
                 timezone: str | None, max_size: int, strict: bool) -> None:
    """List the sessions added, removed (cancelled), moved and retitled from OLD to NEW.

    OLD and NEW are agenda TOML files, installed conference ids, or schedules
    to import (frab XML, schedule.json, iCalendar).
    """
    before = _load_any(old, format_, timezone, max_size, strict)
    after = _load_any(new, format_, timezone, max_size, strict)
    if before.conference.id != after.conference.id:
        warn(f"comparing two conferences: {before.conference.id} and {after.conference.id}")
    changes = diff_agendas(before, after)
    if as_json:
        click.echo(dumps(diff_record(changes)))
        return
    for line in diff_lines(changes):
        click.echo(line)
    click.echo(f"{changes.summary()}" if changes else "No changes.", err=True)



@click.command("update")
@click.argument("conference_ids", metavar="[ID]...", nargs=-1)
@_timeout_option
@common_options
@click.pass_obj
def update_command(options: Options, conference_ids: tuple[str, ...], limits: FetchLimits) -> None:
    """Refresh installed agendas from the URLs they were imported from (all of them
    without an ID).

    Says "unchanged", or what changed: added, cancelled, moved, retitled, the
    bookmarked sessions first. A failed refresh leaves the agenda as it was. Exit
    status 0 when every agenda was refreshed or unchanged, 2 when any failed.
    """
    if (why := options.no_network()) is not None:
        raise AgendaError(f"nothing fetched: {why}")
    if options.agenda is not None and not conference_ids:  # `update --agenda ID` names one
        conference_ids = (load_agenda(resolve_agenda(options.agenda)).conference.id,)
    ids = list(dict.fromkeys(conference_ids)) or _ids_with_a_url()
    if not ids:
        click.echo("No installed agenda has a URL: install one with "
                   "`agenda-tui import URL --install`.", err=True)
        return
    failures = []
    for conference_id in ids:
        try:
            if not adopt_legacy_install(conference_id).is_file():
                raise AgendaError(f"{clean(conference_id)}: no such installed agenda "
                                  "(see `agenda-tui agendas`)")
            outcome = refresh_installed(conference_id, now=Clock().now(), limits=limits)
        except AgendaError as error:
            failures.append(error.lines()[0])
            click.echo(f"agenda-tui: error: {error.lines()[0]}", err=True)
            continue
        warn_all(f"{conference_id}: {warning}" for warning in outcome.warnings)
        for line in _outcome_lines(options, outcome):
            click.echo(line)
    if failures:
        raise click.exceptions.Exit(2)


def _ids_with_a_url() -> list[str]:
    """The installed agendas that have a source record, by conference id."""
    folder = agendas_dir()
    ids = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        if record_path_beside(path).exists():
            try:
                ids.append(load_agenda(path).conference.id)
            except AgendaError as error:
                warn(f"{path.name}: cannot be read, not refreshed: {error.lines()[0]}")
    return ids


def _outcome_lines(options: Options, outcome: Refreshed) -> list[str]:
    conference_id = outcome.conference_id
    fetched_at = outcome.record.fetched_at
    if not outcome.changed:
        since = f" (fetched {fetched_at:%Y-%m-%d %H:%M} UTC)" if fetched_at else ""
        return [f"{conference_id}: unchanged{since}"]
    changes = outcome.diff()
    if not changes:
        return [f"{conference_id}: updated; no session changed"]
    store = StateFile(state_file(conference_id, options.state_dir), conference_id)
    warn_all(store.take_warnings())
    if outcome.previous is not None and store.changes_since_seen(outcome.previous) is None:
        # Never opened in the app: what was installed is what the user knew of it (bookmarks
        # made with `bookmark add`), so that a cancelled bookmark keeps its title and time.
        store.mark_seen(outcome.previous)
        warn_all(store.take_warnings())
    bookmarks = set(store.state.bookmarks)
    mine = changes.changed_ids() & bookmarks
    head = (f"{conference_id}: {changes.summary(cancelled=True)}"
            + (f"; {plural(len(mine), 'bookmarked session')} among them" if mine else ""))
    entries = diff_entries(changes, removed="cancelled")
    entries.sort(key=lambda entry: entry[0] not in bookmarks)  # stable: bookmarked first
    return [head, *(("★ " if session_id in bookmarks and not index else "  ") + line
                    for session_id, lines in entries for index, line in enumerate(lines))]
