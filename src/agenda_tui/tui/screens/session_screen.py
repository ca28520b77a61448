"""A session in full, with its people: choosing one opens their speaker screen."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.reactive import var
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from agenda_tui.formatting import person_label
from agenda_tui.model import Agenda, Session
from agenda_tui.reminders import LeadTimes
from agenda_tui.schedule import Hidden, people_of, rooms
from agenda_tui.settings_file import DEFAULT_REMINDER_MINUTES
from agenda_tui.tui import messages
from agenda_tui.tui.detail_text import describe_session
from agenda_tui.tui.widgets.session_detail_tab import NO_NOTES


class SessionScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close"),
        Binding("b,space", "toggle_bookmark", "Bookmark"),
        Binding("N", "edit_note", "Note"),
        Binding("l", "cycle_reminder", "Reminder", show=False,
                tooltip="This session's reminder: 5, 10, 15 min before, off, the default"),
        Binding("x", "hide_room", "Hide room"),
        Binding("X", "only_room", "Only this room", key_display="X"),
        Binding("n", "show_now", "Now/next", show=False),
        Binding("c", "copy_link", "Copy link", show=False),
        # A modal screen takes none of the App's keys: its own, for the keys it hides.
        Binding("question_mark", "app.toggle_help", "Help", key_display="?"),
    ]

    # Down from the App, which binds them when it opens the screen.
    bookmarks: var[frozenset[str]] = var(frozenset(), init=False)
    notes: var[Mapping[str, str]] = var(NO_NOTES, init=False)
    lead_times: var[LeadTimes] = var(LeadTimes(DEFAULT_REMINDER_MINUTES), init=False)
    hidden: var[Hidden] = var(Hidden(), init=False)

    def __init__(self, agenda: Agenda, session: Session, *, local_zone: tzinfo,
                 bookmarks: frozenset[str], notes: Mapping[str, str], lead_times: LeadTimes,
                 hidden: Hidden):
        super().__init__(classes="dialog-screen")
        self.agenda = agenda
        self.session = session
        self.local_zone = local_zone
        self.set_reactive(SessionScreen.bookmarks, bookmarks)
        self.set_reactive(SessionScreen.notes, notes)
        self.set_reactive(SessionScreen.lead_times, lead_times)
        self.set_reactive(SessionScreen.hidden, hidden)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            with VerticalScroll(classes="dialog-body"):
                yield Static(self._detail(), id="session-screen-detail")
            people = people_of(self.agenda, self.session)
            if people:
                yield Static("People (enter: speaker details)", classes="dialog-heading")
                yield OptionList(*(Option(Text(f"{person_label(speaker)} — {role.value}"), id=speaker.id)
                                   for speaker, role in people), id="session-people")
        yield Footer()

    def _detail(self) -> Text:
        return describe_session(self.agenda, self.session, local_zone=self.local_zone,
                                bookmarks=self.bookmarks, notes=self.notes, lead_times=self.lead_times)

    def watch_bookmarks(self) -> None:
        self._show_detail()

    def watch_notes(self) -> None:
        self._show_detail()

    def watch_lead_times(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        for detail in self.query("#session-screen-detail").results(Static):  # none before compose
            detail.update(self._detail())

    def on_mount(self) -> None:
        # Enter acts on the list straight away; arrows still scroll it.
        for options in self.query(OptionList):
            options.focus()
            options.highlighted = 0

    def action_toggle_bookmark(self) -> None:
        self.post_message(messages.ToggleBookmark(self.session.id))

    def action_show_now(self) -> None:
        self.post_message(messages.ShowNow())

    def action_edit_note(self) -> None:
        from agenda_tui.tui.screens.note_screen import edit_note

        edit_note(self, self.session, self.notes.get(self.session.id, ""))

    def action_cycle_reminder(self) -> None:
        self.post_message(messages.CycleReminder(self.session.id))

    def action_copy_link(self) -> None:
        self.post_message(messages.CopyLink(self.session.id))

    def action_hide_room(self) -> None:
        if room := self._room():
            self.post_message(messages.SetHidden(self.hidden.hiding_room(room)))

    def action_only_room(self) -> None:
        if room := self._room():
            self.post_message(messages.SetHidden(self.hidden.only_room(room, rooms(self.agenda))))

    def _room(self) -> str | None:
        if not self.session.location:
            self.notify("This session has no room.", title="Hidden")
        return self.session.location

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(messages.OpenSpeaker(event.option.id))
