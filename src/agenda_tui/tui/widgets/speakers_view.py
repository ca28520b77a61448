"""The Speakers tab: everyone in the programme, and the highlighted person's sessions."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from agenda_tui.formatting import person_label
from agenda_tui.model import Agenda
from agenda_tui.text import shown


class SpeakersView(Container):
    """The list is filled the first time the tab is opened, not at start-up."""

    def __init__(self, agenda: Agenda, *, id: str):
        super().__init__(id=id)
        self.agenda = agenda
        self._filled = False

    def compose(self) -> ComposeResult:
        with Container(classes="split"):
            yield OptionList(id="speaker-list")
            with VerticalScroll(classes="detail", can_focus=False):
                yield Static(id="speaker-detail")

    def _fill(self) -> None:
        self._filled = True
        speakers = sorted(self.agenda.speakers, key=lambda s: s.name.split()[-1:] + [s.name])
        options = self.query_one(OptionList)
        options.add_options([Option(Text(shown(person_label(s))), id=s.id) for s in speakers])
        if options.option_count:
            options.highlighted = 0

    @property
    def current_session_id(self) -> None:
        return None

    def focus_main(self) -> None:
        self.query_one(OptionList).focus()

    def refresh_rows(self) -> None:
        if not self._filled:
            self._fill()
        self._show(self.query_one(OptionList).highlighted_option)

    def _show(self, option: Option | None) -> None:
        detail = self.query_one("#speaker-detail", Static)
        if option is None:
            detail.update(Text("No speakers in this agenda.", style="dim"))
            return
        speaker = self.agenda.speakers_by_id[option.id]
        detail.update(self.app.describe_speaker(speaker))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show(event.option)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.app.open_speaker(event.option.id)
