"""A speaker: name, affiliation, links, and every session they are in (choose one to jump)."""

from __future__ import annotations

from datetime import tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from agenda_tui.formatting import when
from agenda_tui.model import Agenda, Speaker
from agenda_tui.schedule import sessions_of
from agenda_tui.text import shown
from agenda_tui.tui import messages
from agenda_tui.tui.detail_text import speaker_detail


class SpeakerScreen(ModalScreen[str | None]):
    """Dismissed with the id of the session to jump to, or None."""

    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Close"),
        Binding("n", "show_now", "Now/next", show=False),
        # A modal screen takes none of the App's keys.
        Binding("question_mark", "app.toggle_help", "Help", key_display="?"),
    ]

    def __init__(self, agenda: Agenda, speaker: Speaker, *, zone: tzinfo):
        super().__init__(classes="dialog-screen")
        self.agenda = agenda
        self.speaker = speaker
        self.zone = zone

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            with VerticalScroll(classes="dialog-body"):
                yield Static(speaker_detail(self.agenda, self.speaker, self.zone, with_sessions=False),
                             id="speaker-screen-detail")
            yield Static("Sessions (enter: go to it)", classes="dialog-heading")
            yield OptionList(
                *(Option(Text(f"{when(session, self.zone)}  {role.value}: "
                              f"{shown(session.title)}"), id=session.id)
                  for session, role in sessions_of(self.agenda, self.speaker.id)),
                id="speaker-sessions",
            )
        yield Footer()

    def on_mount(self) -> None:
        # Enter acts on the list straight away; arrows still scroll it.
        for options in self.query(OptionList):
            options.focus()
            options.highlighted = 0

    def action_show_now(self) -> None:
        self.post_message(messages.ShowNow())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
