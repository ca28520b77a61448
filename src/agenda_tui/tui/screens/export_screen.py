"""The export dialog: it collects choices; the app does the writing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.validation import Integer
from textual.widgets import Button, Input, Label, Select

from agenda_tui.errors import AgendaError
from agenda_tui.export import (
    MAX_REMIND_MINUTES,
    SUFFIXES,
    ExportFormat,
    ExportRequest,
    Selection,
    default_path,
)
from agenda_tui.formatting import day_label
from agenda_tui.model import Agenda
from agenda_tui.paths import expand
from agenda_tui.schedule import conference_days

FORMAT_LABELS = {ExportFormat.ICS: "iCalendar (.ics)", ExportFormat.MD: "Markdown (.md)",
                 ExportFormat.JSON: "JSON (.json)", ExportFormat.CSV: "CSV (.csv)"}


class ExportScreen(ModalScreen[ExportRequest | None]):
    """Dismissed with an ExportRequest, or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, agenda: Agenda, bookmarked_count: int):
        super().__init__(classes="dialog-screen")
        self.agenda = agenda
        self.bookmarked_count = bookmarked_count

    def compose(self) -> ComposeResult:
        agenda = self.agenda
        selections = [(f"Bookmarked sessions ({self.bookmarked_count})", "bookmarked"),
                      ("All sessions", "all")]
        selections += [(f"Day {n}: {day_label(day)}", f"day:{day.isoformat()}")
                       for n, day in enumerate(conference_days(agenda), start=1)]
        with VerticalScroll(classes="dialog", id="export-dialog"):
            yield Label(Text("Export my schedule", style="bold"))
            yield Label("Format")
            yield Select([(label, fmt.value) for fmt, label in FORMAT_LABELS.items()],
                         value=ExportFormat.ICS.value, allow_blank=False, id="export-format")
            yield Label("Sessions")
            yield Select(selections, value="bookmarked" if self.bookmarked_count else "all",
                         allow_blank=False, id="export-selection")
            yield Label("Reminder, minutes before (iCalendar; empty for none)")
            yield Input(placeholder="e.g. 10", restrict=r"[0-9]*", max_length=5, id="export-remind",
                        validators=[Integer(minimum=0, maximum=MAX_REMIND_MINUTES)])
            yield Label("Save to")
            yield Input(str(default_path(agenda, ExportFormat.ICS)), id="export-path")
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="export")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#export-dialog").can_focus = False  # Tab goes from field to field
        self.query_one("#export-format", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "export-format":
            return
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value)
        if path.suffix.lower() in {".ics", ".md", ".json", ".csv", ""}:
            path_input.value = str(path.with_suffix(f".{event.value}"))

    def on_input_changed(self, event: Input.Changed) -> None:
        """A path typed with a format's suffix (`mine.csv`) chooses that format, as
        `export -o mine.csv` does."""
        if event.input.id != "export-path":
            return
        named = SUFFIXES.get(Path(event.value).suffix.lower())
        select = self.query_one("#export-format", Select)
        if named is not None and select.value != named.value:
            select.value = named.value

    def request(self) -> ExportRequest:
        selection = str(self.query_one("#export-selection", Select).value)
        remind = self.query_one("#export-remind", Input).value.strip()
        day = None
        if selection.startswith("day:"):
            day = date.fromisoformat(selection.removeprefix("day:"))
            selection = Selection.DAY.value
        return ExportRequest(
            format=ExportFormat(str(self.query_one("#export-format", Select).value)),
            selection=Selection(selection),
            day=day,
            remind_minutes=int(remind) if remind else None,
            path=expand(self.query_one("#export-path", Input).value, "Save to"),
        )

    def _submit(self) -> None:
        remind = self.query_one("#export-remind", Input)
        if remind.value and (check := remind.validate(remind.value)) is not None and not check.is_valid:
            self.notify(f"A reminder is 0 to {MAX_REMIND_MINUTES} minutes before the start.",
                        severity="error", title="Export")
            remind.focus()
            return
        try:
            request = self.request()
        except AgendaError as error:  # a `~user` that does not exist, say
            self.notify(str(error), severity="error", title="Export", markup=False)
            self.query_one("#export-path", Input).focus()
            return
        self.dismiss(request)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self._submit()
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._submit()
