"""A session in full, with its people: choosing one opens their speaker screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from agenda_tui.formatting import person_label
from agenda_tui.model import Session
from agenda_tui.schedule import people_of


class SessionScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close"),
        Binding("b,space", "app.toggle_bookmark", "Bookmark"),
        Binding("N", "app.edit_note", "Note"),
    ]

    def __init__(self, session: Session):
        super().__init__(classes="dialog-screen")
        self.session = session

    @property
    def current_session_id(self) -> str:
        return self.session.id

    def compose(self) -> ComposeResult:
        agenda = self.app.agenda
        with Vertical(classes="dialog"):
            with VerticalScroll(classes="dialog-body"):
                yield Static(self.app.describe_session(self.session), id="session-screen-detail")
            people = people_of(agenda, self.session)
            if people:
                yield Static("People (enter: speaker details)", classes="dialog-heading")
                yield OptionList(*(Option(Text(f"{person_label(speaker)} — {role.value}"), id=speaker.id)
                                   for speaker, role in people), id="session-people")
        yield Footer()

    def refresh_detail(self) -> None:
        self.query_one("#session-screen-detail", Static).update(
            self.app.describe_session(self.session))

    def on_mount(self) -> None:
        # Enter acts on the list straight away; arrows still scroll it.
        for options in self.query(OptionList):
            options.focus()
            options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.app.open_speaker(event.option.id)
