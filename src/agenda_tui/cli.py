"""The command line: `agenda-tui [AGENDA]` opens the TUI; subcommands script the store.

Every failure a user can cause ends with a one-line message per problem on
standard error and exit status 2, never a traceback.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Set
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from agenda_tui import __version__
from agenda_tui.agenda_file import load_agenda
from agenda_tui.cli_options import Options, common_options, warn_all
from agenda_tui.clock import Clock
from agenda_tui.collector import long_lived, resume_for_command
from agenda_tui.errors import AgendaError, AgendaErrors, InvalidFileError, one_line
from agenda_tui.files import reason
from agenda_tui.formatting import (
    clock,
    duration,
    line_layout,
    plural,
    session_line,
    zone_abbreviation,
)
from agenda_tui.model import Agenda, utc
from agenda_tui.paths import data_dir, installed_agenda_path, settings_path, state_file
from agenda_tui.schedule import (
    in_order,
    now_and_next,
    resolve_day,
    sessions_on,
    unknown_ids,
)
from agenda_tui.session_ids import resolve_ids
from agenda_tui.text import clean

if TYPE_CHECKING:
    from agenda_tui.agenda_source import SourceRecord

EXIT_USER_ERROR = 2


# Commands whose modules load only when they run: opening the agenda does not pay
# for the exporters and importers (icalendar alone takes longer than a frame).
LAZY_COMMANDS = {
    "export": ("agenda_tui.cli_export", "export_command"),
    "import": ("agenda_tui.cli_import", "import_command"),
    "agendas": ("agenda_tui.cli_import", "agendas_command"),
    "diff": ("agenda_tui.cli_import", "diff_command"),
    "update": ("agenda_tui.cli_import", "update_command"),
}


class OutputClosed(Exception):
    """Standard output's reader went away (EPIPE). Not an OSError, which click would
    turn into exit status 1 on its way out."""


class LazyGroup(click.Group):
    """A group some of whose commands are imported only when they run (`lazy`)."""

    lazy: dict[str, tuple[str, str]] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            module, attribute = self.lazy[name]
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        return super().get_command(ctx, name)


class AgendaGroup(LazyGroup):
    """A group whose first word, when it names no subcommand, goes to `open`."""

    lazy = LAZY_COMMANDS

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise OutputClosed from None

    def resolve_command(self, ctx: click.Context, args: list[str],
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and args[0] not in LAZY_COMMANDS:
            return "open", self.commands["open"], args
        return super().resolve_command(ctx, args)


@click.group(cls=AgendaGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@common_options
@click.version_option(__version__, prog_name="agenda-tui")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """A conference agenda in the terminal, offline.

    With no command, opens the agenda (by default the Symposium on the Impact
    of Generative AI in the Physical Sciences, MIT, 14-15 March 2024).
    """
    ctx.ensure_object(Options)
    if ctx.invoked_subcommand not in (None, "open"):
        resume_for_command()
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_command)


@cli.command("open")
@click.argument("agenda_file", metavar="AGENDA", required=False)
@common_options
@click.pass_obj
def open_command(options: Options, agenda_file: str | None = None) -> None:
    """Open the agenda (a file or an installed conference id) in the terminal UI."""
    if agenda_file is not None:
        options.agenda = agenda_file
    with long_lived():
        loaded, store = options.load()
    at = options.moment(loaded)
    source = _source_of(options.agenda_path(), loaded)
    from agenda_tui.tui.app import make_app  # Textual loads only when the UI opens

    app = make_app(loaded, store, Clock(at), owns_process=True, source=source, offline=options.offline)
    app.run()
    sys.exit(app.return_code or 0)


def _source_of(path: Path, agenda: Agenda) -> SourceRecord | None:
    """The URL an installed agenda follows; None for any other (a warning when its record
    cannot be read: the agenda still opens, and is not refreshed)."""
    if path != installed_agenda_path(agenda.conference.id):
        return None
    from agenda_tui.agenda_source import read_record, record_path_beside  # for the app only

    try:
        return read_record(record_path_beside(path))
    except AgendaError as error:
        warn_all(f"{line}; the agenda is not refreshed" for line in error.lines())
        return None


@cli.command("list")
@click.option("--day", metavar="N|DATE", help="Only this day: its number (1, 2, ...) or its date.")
@click.option("--bookmarked", is_flag=True, help="Only bookmarked sessions.")
@click.option("--json", "as_json", is_flag=True, help="Every field, as JSON.")
@common_options
@click.pass_obj
def list_command(options: Options, day: str | None, bookmarked: bool, as_json: bool) -> None:
    """List the sessions, one per line: day, start-end, room, kind, title, people."""
    agenda, store = options.load()
    sessions = sessions_on(agenda, resolve_day(agenda, day)) if day else in_order(agenda.sessions)
    if bookmarked:
        sessions = [session for session in sessions if store.is_bookmarked(session.id)]
    if as_json:
        from agenda_tui.formats.json_out import dumps, session_record

        records = [session_record(agenda, s, store.is_bookmarked(s.id)) for s in sessions]
        click.echo(dumps(records))
        return
    layout = line_layout(agenda)
    for session in sessions:
        click.echo(session_line(agenda, session, layout))


@cli.command("now")
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
@common_options
@click.pass_obj
def now_command(options: Options, as_json: bool) -> None:
    """What is on now, and what is next."""
    agenda, _ = options.load()
    at = options.moment(agenda) or Clock().now().astimezone(agenda.zone)
    answer = now_and_next(agenda, at)
    if as_json:
        from agenda_tui.formats.json_out import dumps, session_record

        click.echo(dumps({
            "at": at.isoformat(),
            "now": [session_record(agenda, session) for session in answer.now],
            "next": [session_record(agenda, session) for session in answer.next],
        }))
        return
    click.echo(f"At {at:%a %Y-%m-%d} {clock(at)} {zone_abbreviation(at)} ({agenda.conference.timezone}):")
    if answer.over:
        click.echo("The conference is over.")
        return
    if not answer.now:
        click.echo("Now:  nothing")
    layout = line_layout(agenda)
    for session in answer.now:
        left = _minutes(session.end_utc - utc(at))
        click.echo(f"Now:  {session_line(agenda, session, layout)}  (ends in {duration(left)})")
    for session in answer.next:
        wait = _minutes(session.start_utc - utc(at))
        click.echo(f"Next: {session_line(agenda, session, layout)}  (starts in {duration(wait)})")


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


class BookmarkGroup(LazyGroup):
    lazy = {"import": ("agenda_tui.cli_bookmarks", "import_bookmarks_command")}


@cli.group("bookmark", cls=BookmarkGroup)
def bookmark_group() -> None:
    """Add, remove or list bookmarked sessions."""


def _checked_ids(agenda: Agenda, session_ids: tuple[str, ...], *, also: Set[str] = frozenset()) -> None:
    """All or nothing: an unknown id (neither the agenda's nor in `also`) is an error
    before anything changes."""
    problems = []
    for session_id in unknown_ids(agenda, session_ids):
        if session_id in also:
            continue
        from difflib import get_close_matches  # only for an id not found

        close = get_close_matches(session_id, agenda.sessions_by_id, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        problems.append(f"unknown session id {clean(session_id)!r}{hint}")
    if problems:
        raise AgendaErrors(problems)


@bookmark_group.command("add")
@click.argument("session_ids", metavar="ID...", nargs=-1, required=True)
@common_options
@click.pass_obj
def bookmark_add(options: Options, session_ids: tuple[str, ...]) -> None:
    """Bookmark sessions by id (see `agenda-tui bookmark list` or `list --json`), or by
    the source's own short id (FOSDEM's event number, a pretalx code)."""
    _change_bookmarks(options, session_ids, True)


@bookmark_group.command("remove")
@click.argument("session_ids", metavar="ID...", nargs=-1, required=True)
@common_options
@click.pass_obj
def bookmark_remove(options: Options, session_ids: tuple[str, ...]) -> None:
    """Remove bookmarks by session id, or by the source's own short id."""
    _change_bookmarks(options, session_ids, False)


def _change_bookmarks(options: Options, session_ids: tuple[str, ...], bookmarked: bool) -> None:
    agenda, store = options.load()
    # A bookmark whose session has gone from the agenda can still be removed: its id
    # wins over the source's short ids, as a session id does.
    gone = set() if bookmarked else set(store.state.bookmarks) - agenda.sessions_by_id.keys()
    resolved = iter(resolve_ids(agenda, [i for i in session_ids if i not in gone]))
    session_ids = tuple(i if i in gone else next(resolved) for i in session_ids)
    _checked_ids(agenda, session_ids, also=gone)
    last_known = store.gone_bookmarks(agenda) if gone & set(session_ids) else {}
    store.set_bookmarks(session_ids, bookmarked)
    warn_all(store.take_warnings())
    if not store.saved:  # this process ends now: "kept for later" would be lost
        raise AgendaError("nothing was changed: the bookmarks could not be saved (see above)")
    verb = "Bookmarked" if bookmarked else "Removed the bookmark on"
    for session_id in session_ids:
        if session := agenda.sessions_by_id.get(session_id):
            click.echo(f"{verb} {session_id}: {clean(session.title)}")
        elif session := last_known.get(session_id):
            click.echo(f"{verb} {clean(session_id)}: {clean(session.title)} (cancelled)")
        else:
            click.echo(f"{verb} {clean(session_id)} (no longer in the agenda)")


@bookmark_group.command("list")
@common_options
@click.pass_obj
def bookmark_list(options: Options) -> None:
    """The bookmarked sessions: id and title, in time order; then those cancelled since,
    as last seen."""
    agenda, store = options.load()
    sessions = in_order(agenda.sessions_by_id[i] for i in store.state.bookmarks
                        if i in agenda.sessions_by_id)
    layout = line_layout(agenda)
    for session in sessions:
        click.echo(f"{session.id}  {session_line(agenda, session, layout)}")
    gone = store.gone_bookmarks(agenda)
    warn_all(store.take_warnings())  # the copy last seen could not be read, say
    for session in gone.values():
        click.echo(f"{clean(session.id)}  {session_line(agenda, session, layout)}  (cancelled; as last seen)")
    for orphan in sorted(set(store.state.bookmarks) - agenda.sessions_by_id.keys() - gone.keys()):
        click.echo(f"{clean(orphan)}  (no longer in the agenda)")
    if gone or len(sessions) < len(store.state.bookmarks):
        click.echo("Remove a bookmark on a session that is gone with "
                   "`agenda-tui bookmark remove ID`.", err=True)
    if not store.state.bookmarks:
        click.echo("No bookmarks yet: add one with `agenda-tui bookmark add ID`.", err=True)


@cli.command("validate")
@click.argument("file", type=click.Path(path_type=Path))
@common_options
def validate_command(file: Path) -> None:
    """Check an agenda file: exit 0 if valid, else one line per problem and exit 2."""
    agenda = load_agenda(file, cache=False)  # always the full check, never a cached result
    days = {session.conference_day for session in agenda.sessions}
    click.echo(
        f"{file}: valid agenda {clean(agenda.conference.title)!r}: "
        f"{plural(len(agenda.sessions), 'session')} on {plural(len(days), 'day')}, "
        f"{plural(len(agenda.speakers), 'speaker')}, {plural(len(agenda.tracks), 'track')}"
    )


@cli.command("locate")
@common_options
@click.pass_obj
def locate_command(options: Options) -> None:
    """Print where the agenda, the user's state and the settings for every conference are kept."""
    agenda_path = options.agenda_path()
    agenda = load_agenda(agenda_path)
    click.echo(f"agenda: {agenda_path}")
    click.echo(f"data:   {data_dir()}")
    click.echo(f"state:  {state_file(agenda.conference.id, options.state_dir)}")
    click.echo(f"settings: {settings_path()}")


def main(argv: list[str] | None = None) -> None:
    try:
        code = cli.main(args=argv, prog_name="agenda-tui", standalone_mode=False)
        sys.stdout.flush()  # here, where a failure to write it can still be reported
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        message = one_line(error.format_message())
        if isinstance(error, click.UsageError) and error.ctx is not None:
            message += f" (see: {error.ctx.command_path} --help)"
        click.echo(f"agenda-tui: error: {message}", err=True)
        sys.exit(EXIT_USER_ERROR if error.exit_code != 0 else 0)
    except AgendaError as error:
        prefix = "" if isinstance(error, InvalidFileError) else "agenda-tui: error: "
        for line in error.lines():
            click.echo(f"{prefix}{line}", err=True)
        sys.exit(EXIT_USER_ERROR)
    except (BrokenPipeError, OutputClosed):
        # The reader went away (`| head -1`): it has what it wanted; end as `head` expects.
        _discard_standard_output()
        sys.exit(0)
    except OSError as error:
        # Every file is written where its failure is reported with its path: one that
        # still names no file comes from writing the output (`> /dev/full`).
        if error.filename is None:
            _discard_standard_output()
            message = f"cannot write the output: {reason(error)}"
        else:
            message = f"{clean(str(error.filename))}: {reason(error)}"
        with contextlib.suppress(OSError):
            click.echo(f"agenda-tui: error: {message}", err=True)
        sys.exit(EXIT_USER_ERROR)
    sys.exit(code or 0)


def _discard_standard_output() -> None:
    """Point standard output at /dev/null, so that Python's own flush at exit, with what
    is still buffered, does not fail a second time."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
