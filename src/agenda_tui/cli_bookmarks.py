"""`agenda-tui bookmark import FILE`: bookmarks and notes from one of our own exports.

This is how an attendee moves a schedule to another machine or shares it: the
bookmarks are added to theirs, each note comes along (below the one already
there, if it differs), and sessions this agenda does not have are reported, not
dropped silently. Every failure is an `AgendaError`: one line, exit status 2.
"""

from __future__ import annotations

from pathlib import Path

import click

from agenda_tui.bookmark_import import merge_into, read_bookmarks
from agenda_tui.cli_options import Options, common_options, warn, warn_all
from agenda_tui.errors import AgendaError
from agenda_tui.formatting import plural
from agenda_tui.text import clean


@click.command("import")
@click.argument("file", metavar="FILE", type=click.Path(path_type=Path))
@common_options
@click.pass_obj
def import_bookmarks_command(options: Options, file: Path) -> None:
    """Merge the bookmarks and notes of an agenda-tui export (iCalendar or JSON) into yours.

    The export must be of this agenda's conference (--agenda ID for another one).
    """
    agenda, store = options.load()
    exported = read_bookmarks(file)
    if exported.conference_id != agenda.conference.id:
        raise AgendaError(f"{file} is an export of conference {clean(exported.conference_id)!r}, "
                          f"not of {agenda.conference.id!r}; open that conference with --agenda")
    known = [(session_id, note) for session_id, note in exported.bookmarks
             if session_id in agenda.sessions_by_id]
    unknown = [session_id for session_id, _ in exported.bookmarks
               if session_id not in agenda.sessions_by_id]
    if unknown:
        warn(f"{plural(len(unknown), 'bookmarked session')} of {file} not in this agenda, "
             f"not imported: {', '.join(clean(session_id) for session_id in unknown)}")
    bookmarks_before = set(store.state.bookmarks)
    notes_before = dict(store.state.notes)
    store.update(lambda state: merge_into(state, known))
    warn_all(store.take_warnings())
    if not store.saved:  # this process ends now: "kept for later" would be lost
        raise AgendaError("nothing was changed: the bookmarks could not be saved (see above)")
    added = len(set(store.state.bookmarks) - bookmarks_before)
    notes = sum(store.state.notes.get(session_id) != notes_before.get(session_id)
                for session_id, _ in known)
    click.echo(f"Imported {plural(len(known), 'bookmark')} from {file}: {added} new, "
               f"{plural(notes, 'note')} added or merged")
