"""The Speakers tab: everyone in the programme, and the highlighted person's sessions."""

from __future__ import annotations

from datetime import UTC, tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container, VerticalScroll
from textual.reactive import var
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from agenda_tui.formatting import name_order, person_label
from agenda_tui.model import Agenda
from agenda_tui.text import shown
from agenda_tui.tui import messages
from agenda_tui.tui.detail_text import speaker_detail
from agenda_tui.tui.tabs import TabView


class SpeakersTab(Container, TabView):
    """The list is filled the first time the tab is opened, not at start-up."""

    zone: var[tzinfo] = var(UTC, init=False)

    def __init__(self, agenda: Agenda, *, zone: tzinfo, id: str):
        super().__init__(id=id)
        self.agenda = agenda
        self.set_reactive(SpeakersTab.zone, zone)
        self._filled = False

    def compose(self) -> ComposeResult:
        with Container(classes="split"):
            yield OptionList(id="speaker-list")
            with VerticalScroll(classes="detail", can_focus=False):
                yield Static(id="speaker-detail")

    def show_opened(self) -> None:
        options = self.query_one(OptionList)
        if not self._filled:
            self._filled = True
            speakers = sorted(self.agenda.speakers, key=lambda s: name_order(s.name))
            options.add_options([Option(Text(shown(person_label(s))), id=s.id) for s in speakers])
            if options.option_count:
                options.highlighted = 0
        self._show(options.highlighted_option)
        options.focus()

    def watch_zone(self) -> None:
        if self._filled:
            self._show(self.query_one(OptionList).highlighted_option)

    def _show(self, option: Option | None) -> None:
        detail = self.query_one("#speaker-detail", Static)
        if option is None or option.id is None:
            detail.update(Text("No speakers in this agenda.", style="dim"))
            return
        detail.update(speaker_detail(self.agenda, self.agenda.speakers_by_id[option.id], self.zone))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show(event.option)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(messages.OpenSpeaker(event.option.id))
