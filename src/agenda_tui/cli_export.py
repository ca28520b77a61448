"""`agenda-tui export`: the personal schedule as iCalendar, Markdown, JSON or CSV."""

from __future__ import annotations

import click

from agenda_tui.cli_options import Options, common_options, warn_all, write_output
from agenda_tui.export import (
    MAX_REMIND_MINUTES,
    ExportFormat,
    ExportRequest,
    Selection,
    choose_format,
    export_to_file,
    prepare_export,
)
from agenda_tui.formatting import plural
from agenda_tui.paths import expand
from agenda_tui.schedule import resolve_day
from agenda_tui.state_file import StateFile


@click.command("export")
@click.option("--format", "format_", type=click.Choice([f.value for f in ExportFormat]),
              help="Output format (default: from the file's suffix, else ics).")
@click.option("--bookmarked", is_flag=True,
              help="The bookmarked sessions (the default; all when none are bookmarked).")
@click.option("--all", "all_", is_flag=True, help="Every session.")
@click.option("--day", metavar="N|DATE", help="Every session of one day: its number (1, 2, ...) or date.")
@click.option("--remind", type=click.IntRange(0, MAX_REMIND_MINUTES), metavar="MINUTES",
              help="iCalendar: a reminder this many minutes before each session.")
@click.option("-o", "--output", metavar="FILE|-",
              help="Where to write; - for standard output "
                   "(default: ~/<conference-id>-schedule.<format>).")
@common_options
@click.pass_obj
def export_command(
    options: Options,
    format_: str | None,
    bookmarked: bool,
    all_: bool,
    day: str | None,
    remind: int | None,
    output: str | None,
) -> None:
    """Export the personal schedule for a calendar, a note or a spreadsheet."""
    if bookmarked + all_ + (day is not None) > 1:
        raise click.UsageError("give at most one of --bookmarked, --all and --day")
    agenda, store = options.load()
    selection = Selection.ALL if all_ else Selection.DAY if day is not None else Selection.BOOKMARKED
    to_stdout = output == "-"
    request = ExportRequest(
        format=ExportFormat(format_) if format_ else None,
        selection=selection,
        day=resolve_day(agenda, day) if day is not None else None,
        remind_minutes=remind,
        path=None if output is None or to_stdout else expand(output, "-o"),
    )
    at = options.moment(agenda)
    if remind is not None and choose_format(request.path, request.format) is not ExportFormat.ICS:
        _note("--remind only applies to iCalendar (ics) exports")
    if to_stdout:
        prepared = prepare_export(agenda, store.state, request, now=at)
        _note(prepared.message)
        # Only an export that reached its reader is remembered: a write that fails (a full
        # disk, a closed pipe) raises here, before anything is recorded.
        write_output(prepared.text)
        if prepared.records:
            store.record_exports(prepared.records)
        _warnings(store)
        what = _what(prepared.count, len(prepared.cancelled))
        click.echo(f"Exported {what} ({prepared.format.value}).", err=True)
        return
    outcome = export_to_file(agenda, store, request, now=at)
    _note(outcome.message)
    _warnings(store)
    what = _what(outcome.count, outcome.cancelled)
    # On standard error, as every report of what was done: standard output is for data.
    click.echo(f"Wrote {what} to {outcome.path} ({outcome.format.value}).", err=True)


def _what(count: int, cancelled: int) -> str:
    """'2 sessions', or '2 sessions and 1 cancellation'."""
    what = plural(count, "session")
    return f"{what} and {plural(cancelled, 'cancellation')}" if cancelled else what


def _note(message: str | None) -> None:
    if message:
        click.echo(f"agenda-tui: note: {message}", err=True)


def _warnings(store: StateFile) -> None:
    warn_all(store.take_warnings())

