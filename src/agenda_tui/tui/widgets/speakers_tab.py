"""The Speakers tab: everyone in the programme, a box that filters them by name or
affiliation, and the highlighted person's sessions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, tzinfo

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.reactive import var
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from agenda_tui.formatting import name_order, person_label
from agenda_tui.model import Agenda, Speaker
from agenda_tui.search import normalize
from agenda_tui.text import shown
from agenda_tui.tui import messages
from agenda_tui.tui.backdrop import Backdrop, BackdropContainer
from agenda_tui.tui.detail_text import speaker_detail
from agenda_tui.tui.tabs import TabView

MOVING_KEYS = frozenset({"j", "k"})


def _typed_here(key: str, character: str | None) -> bool:
    return bool(character and character.isalpha() and key not in MOVING_KEYS)


class SpeakerList(OptionList):
    """The list of speakers: j and k move in it as in the tables; any other letter typed
    here is typing a name, which goes to the filter box (`typed`), never a global key."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, typed: Callable[[str], None], *, id: str):
        super().__init__(id=id)
        self._typed = typed

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """The letters typed here (Textual then leaves their keys out of the footer and
        the help panel: `b`, `q` and the others do nothing here)."""
        return _typed_here(key, character)

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if character and _typed_here(event.key, character):
            # Handled here, as each key reaches the list: keys typed in one burst reach
            # the list before the focus has moved to the box, and keep their order.
            event.stop()
            event.prevent_default()
            self._typed(character)


class SpeakersTab(Backdrop, Container, TabView):
    """The list is filled the first time the tab is opened, not at start-up."""

    BINDINGS = [
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("down", "to_list", "To the list", show=False),  # from the box: the list's own first
    ]

    zone: var[tzinfo] = var(UTC, init=False)

    def __init__(self, agenda: Agenda, *, zone: tzinfo, id: str):
        super().__init__(id=id)
        self.agenda = agenda
        self.set_reactive(SpeakersTab.zone, zone)
        self._filled = False
        # Each speaker in list order, with what the filter looks in (normalized).
        self._speakers: list[tuple[Speaker, str]] = []
        self._shown_filter: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        # Not selecting its text when focused: the letter that moved the focus is in it.
        yield Input(placeholder="Filter by name or affiliation…  (↓ to the list, escape clears)",
                    id="speaker-filter", select_on_focus=False)
        with BackdropContainer(classes="split"):
            yield SpeakerList(self._typed_in_list, id="speaker-list")
            with VerticalScroll(classes="detail", can_focus=False):
                yield Static(id="speaker-detail")

    @property
    def speaker_list(self) -> SpeakerList:
        return self.query_one(SpeakerList)

    @property
    def filter_box(self) -> Input:
        return self.query_one("#speaker-filter", Input)

    def show_opened(self) -> None:
        options = self.speaker_list
        if not self._filled:
            self._filled = True
            speakers = sorted(self.agenda.speakers, key=lambda s: name_order(s.name))
            self._speakers = [(s, normalize(f"{s.name} {s.affiliation or ''}")) for s in speakers]
            self._fill(self.filter_box.value)
        self._show(options.highlighted_option)
        if not self.has_focus_within:
            self.focus_now(options)

    def _fill(self, query: str) -> None:
        """The speakers whose name or affiliation holds every word of `query`."""
        words = tuple(normalize(query).split())
        if words == self._shown_filter and self.speaker_list.option_count:
            return
        self._shown_filter = words
        options = self.speaker_list
        options.clear_options()
        options.add_options([Option(Text(shown(person_label(speaker))), id=speaker.id)
                             for speaker, text in self._speakers
                             if all(word in text for word in words)])
        if options.option_count:
            options.highlighted = 0
        self._show(options.highlighted_option)

    def watch_zone(self) -> None:
        if self._filled:
            self._show(self.speaker_list.highlighted_option)

    def _show(self, option: Option | None) -> None:
        detail = self.query_one("#speaker-detail", Static)
        if option is None or option.id is None:
            detail.update(Text("No speakers match the filter." if self.filter_box.value.strip()
                               else "No speakers in this agenda.", style="dim"))
            return
        detail.update(speaker_detail(self.agenda, self.agenda.speakers_by_id[option.id], self.zone))

    def _typed_in_list(self, character: str) -> None:
        box = self.filter_box
        box.insert_text_at_cursor(character)
        self.screen.set_focus(box)  # at once: the keys that follow go to the box

    # -- what the user does ------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._filled:
            self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the box opens the highlighted speaker."""
        event.stop()
        if (option := self.speaker_list.highlighted_option) is not None and option.id is not None:
            self.post_message(messages.OpenSpeaker(option.id))

    def action_clear_filter(self) -> None:
        self.filter_box.value = ""
        self.speaker_list.focus()

    def action_to_list(self) -> None:
        self.speaker_list.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show(event.option)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(messages.OpenSpeaker(event.option.id))
