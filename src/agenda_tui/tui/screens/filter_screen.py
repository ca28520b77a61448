"""Choosing a room and a track to narrow every day's table to."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select

from agenda_tui.model import Agenda
from agenda_tui.schedule import SessionFilter, rooms
from agenda_tui.text import shown

ANY = "\x00any"  # a value no room or track id can have


class FilterScreen(ModalScreen[SessionFilter | None]):
    """Dismissed with the new filter (empty for none), or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, agenda: Agenda, current: SessionFilter):
        super().__init__(classes="dialog-screen")
        self.agenda = agenda
        self.current = current

    def compose(self) -> ComposeResult:
        room_options = [(Text("Any room"), ANY)] + [(Text(shown(room)), room)
                                                   for room in rooms(self.agenda)]
        track_options = [(Text("Any track"), ANY)] + [(Text(shown(track.title)), track.id)
                                                     for track in self.agenda.tracks]
        with VerticalScroll(classes="dialog", id="filter-dialog"):
            yield Label(Text("Show only", style="bold"))
            yield Label("Room")
            yield Select(room_options, value=self.current.room or ANY, allow_blank=False,
                         id="filter-room", disabled=len(room_options) == 1)
            yield Label("Track")
            yield Select(track_options, value=self.current.track or ANY, allow_blank=False,
                         id="filter-track", disabled=len(track_options) == 1)
            with Horizontal(classes="buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#filter-dialog").can_focus = False  # Tab goes from field to field
        enabled = [select for select in self.query(Select) if not select.disabled]
        (enabled[0] if enabled else self.query_one("#apply", Button)).focus()

    def chosen(self) -> SessionFilter:
        room = self.query_one("#filter-room", Select).value
        track = self.query_one("#filter-track", Select).value
        return SessionFilter(room=None if room == ANY else str(room),
                             track=None if track == ANY else str(track))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        choices = {"apply": self.chosen(), "clear": SessionFilter(), "cancel": None}
        self.dismiss(choices[event.button.id or "cancel"])
