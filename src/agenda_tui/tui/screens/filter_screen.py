"""Choosing the rooms and tracks the day tables show: every one ticked is shown, every
one unticked is hidden, several at once."""

from __future__ import annotations

from collections import Counter

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Button, Footer, Label, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist

from agenda_tui.model import Agenda
from agenda_tui.schedule import Hidden, rooms
from agenda_tui.text import shown


class TickList(SelectionList[str]):
    """A list of choices to tick: space ticks or unticks, enter applies the dialog. An
    unticked box is drawn empty, a ticked one holds an X: told apart by the mark, not by
    the colour of an X (Textual's), which the ANSI themes and NO_COLOR draw alike."""

    BINDINGS = [
        Binding("space", "select", "Tick/untick"),
        Binding("enter", "screen.apply", "Apply"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        _, scroll_y = self.scroll_offset  # the option on this line, as SelectionList finds it
        try:
            option = self.get_option_at_index(scroll_y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if option.value in self.selected or len(segments) < 4:
            return line
        box = segments[1]  # between the box's sides: ▐X▌
        segments[1] = Segment(" " * cell_len(box.text), box.style)
        return Strip(segments, line.cell_length)


class FilterScreen(ModalScreen[Hidden | None]):
    """Dismissed with what to hide (`Hidden()`: nothing), or None when cancelled."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("a", "tick_all", "Tick all"),
        Binding("u", "untick_all", "Untick all"),
    ]

    def __init__(self, agenda: Agenda, current: Hidden):
        super().__init__(classes="dialog-screen")
        self.agenda = agenda
        self.current = current
        self.rooms = rooms(agenda)
        self.track_ids = [track.id for track in agenda.tracks]

    def compose(self) -> ComposeResult:
        agenda, current = self.agenda, self.current
        in_room = Counter(session.location for session in agenda.sessions)
        in_track = Counter(session.track for session in agenda.sessions)
        with VerticalScroll(classes="dialog", id="filter-dialog"):
            yield Label(Text("Rooms and tracks the day tables show", style="bold"))
            yield Static(Text("Untick what to hide. Bookmarks stay in My schedule and exports."),
                         classes="dialog-hint")
            with Horizontal(id="filter-lists"):
                with Vertical(classes="filter-column"):
                    yield Label("", id="filter-rooms-heading", classes="dialog-heading")
                    if self.rooms:
                        yield TickList(*((_choice(room, in_room[room]), room, room not in current.rooms)
                                         for room in self.rooms), id="filter-rooms")
                with Vertical(classes="filter-column"):
                    yield Label("", id="filter-tracks-heading", classes="dialog-heading")
                    if agenda.tracks:
                        yield TickList(*((_choice(track.title, in_track[track.id]), track.id,
                                          track.id not in current.tracks)
                                         for track in agenda.tracks), id="filter-tracks")
            with Horizontal(classes="buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Show all", id="show-all")
                yield Button("Cancel", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter-dialog").can_focus = False  # Tab goes from field to field
        self._show_counts()
        lists = self.query(TickList)
        (lists.first() if lists else self.query_one("#apply", Button)).focus()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        self._show_counts()

    def _show_counts(self) -> None:
        for name, every, list_id in (("Rooms", self.rooms, "filter-rooms"),
                                     ("Tracks", self.track_ids, "filter-tracks")):
            ticked = self._ticked(list_id)
            if not every:
                text = f"{name}: none in this programme"
            elif len(ticked) == len(every):
                text = f"{name}: all {len(every)} shown"
            else:
                text = f"{name}: {len(ticked)} of {len(every)} shown"
            self.query_one(f"#{list_id}-heading", Label).update(text)

    def _ticked(self, list_id: str) -> set[str]:
        return {value for choices in self.query(f"#{list_id}").results(TickList)
                for value in choices.selected}

    def chosen(self) -> Hidden:
        """What to hide: every room and track unticked; a room or track hidden earlier
        that this programme no longer has stays as it was."""
        return Hidden(
            rooms=(self.current.rooms - set(self.rooms)) | (set(self.rooms) - self._ticked("filter-rooms")),
            tracks=((self.current.tracks - set(self.track_ids))
                    | (set(self.track_ids) - self._ticked("filter-tracks"))))

    def _lists_acted_on(self) -> list[TickList]:
        """The list in focus; both when the focus is elsewhere."""
        focused = self.focused
        return [focused] if isinstance(focused, TickList) else list(self.query(TickList))

    def action_tick_all(self) -> None:
        for choices in self._lists_acted_on():
            choices.select_all()

    def action_untick_all(self) -> None:
        for choices in self._lists_acted_on():
            choices.deselect_all()

    def action_apply(self) -> None:
        self.dismiss(self.chosen())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.dismiss(self.chosen())
        elif event.button.id == "show-all":
            self.dismiss(Hidden())
        else:
            self.dismiss(None)


def _choice(name: str, count: int) -> Text:
    """A room's or a track's name (data, never markup) and how many sessions it has."""
    return Text.assemble(shown(name), (f"  {count}", "dim"))
