"""What the user did, reported up from a view or a dialog to whoever owns the state.

Views post these; they never change the bookmarks, notes or screens themselves. The
main screen handles what concerns its tabs; the rest bubbles up to the App.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeVar, dataclass_transform

from textual.message import Message

from agenda_tui.schedule import Hidden

if TYPE_CHECKING:
    from agenda_tui.export import ExportRequest

_M = TypeVar("_M", bound=Message)


# A message's fields, as a dataclass's, without the __eq__ a dataclass makes: a message is
# compared by identity, and each method a dataclass makes is compiled as the module is
# imported, which start-up waits for.
@dataclass_transform(eq_default=False)
def message_fields(cls: type[_M]) -> type[_M]:
    return dataclass(eq=False)(cls)


@message_fields
class ToggleBookmark(Message):
    """Add the session to the bookmarks, or remove it."""

    session_id: str


@message_fields
class WriteNote(Message):
    """The note editor was closed with this note on the session (empty: no note)."""

    session_id: str
    text: str


@message_fields
class CycleReminder(Message):
    """Step the session's reminder lead time: 5, 10, 15 minutes, off, the default."""

    session_id: str


@message_fields
class CopyLink(Message):
    """Copy the session's link (its web page) to the clipboard."""

    session_id: str


@message_fields
class OpenSession(Message):
    """Show the session in full, in its own screen."""

    session_id: str


@message_fields
class OpenSpeaker(Message):
    """Show the speaker in their own screen."""

    speaker_id: str


@message_fields
class GoToSession(Message):
    """Show the session's day with the cursor on it."""

    session_id: str


@message_fields
class ShowNow(Message):
    """Go to the session on now, or the next one (`n` on a screen over the main one)."""


@message_fields
class SetHidden(Message):
    """Hide these rooms and tracks from the day tables, and show every other one."""

    hidden: Hidden


@message_fields
class ShowAsGrid(Message):
    """Show a day (None: My schedule) as a timeline grid (`grid`), or as a table."""

    day: date | None
    grid: bool


@message_fields
class ChangesSeen(Message):
    """The user has opened the Changes tab: the agenda as it is now counts as seen."""


@message_fields
class ExportRequested(Message):
    """The export dialog was filled in: write the export."""

    request: ExportRequest
