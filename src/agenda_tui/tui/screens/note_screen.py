"""Editing the user's note on a session."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static, TextArea

from agenda_tui.model import Session
from agenda_tui.text import shown
from agenda_tui.tui import messages


def edit_note(screen: Screen[Any], session: Session, note: str) -> None:
    """Open the note editor on `session` over `screen` in this step, so that the keys
    typed right after go into it, not to `screen` (a message to the App opened it only
    once the App had it, and a burst of keys reached the screen below first). The note
    written goes up from `screen` as WriteNote."""

    def written(text: str | None) -> None:
        if text is not None:
            screen.post_message(messages.WriteNote(session.id, text))

    screen.app.push_screen(NoteScreen(session.title, note), written)


class NoteScreen(ModalScreen[str | None]):
    """Dismissed with the new note text (empty removes it), or None to cancel."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(self, title: str, note: str):
        super().__init__(classes="dialog-screen")
        self.session_title = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-dialog"):
            yield Static(Text(f"Note on {shown(self.session_title)}", style="bold"))
            yield TextArea(self.note, id="note-text", soft_wrap=True)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)
