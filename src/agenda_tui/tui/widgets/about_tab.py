"""The About tab: the conference, its dates, themes, organizers, sponsors and links."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from agenda_tui.model import Agenda
from agenda_tui.schedule import sessions_in_track
from agenda_tui.text import shown
from agenda_tui.tui.tabs import TabView


def about_text(agenda: Agenda) -> Text:
    conference = agenda.conference
    text = Text()
    text.append(shown(conference.title), style="bold")
    text.append("\n")
    if conference.venue:
        text.append(f"{shown(conference.venue)}\n")
    first, last = conference.start_date, conference.end_date
    dates = f"{first:%A %-d %B %Y}" if first == last else f"{first:%A %-d} – {last:%A %-d %B %Y}"
    text.append(f"{dates} · times in {conference.timezone}\n")
    if agenda.tracks:
        # The symposium's tracks are its themes, each with its question; an imported
        # agenda's (FOSDEM's devrooms, a congress's tracks) are just tracks.
        themes = any(track.question for track in agenda.tracks)
        text.append(f"\n{'Themes and questions' if themes else 'Tracks'}\n", style="bold underline")
        for track in agenda.tracks:
            text.append(f"\n{shown(track.title)}", style="bold")
            if track.question:
                text.append(f": {shown(track.question)}")
            text.append("\n")
            for session in sessions_in_track(agenda, track.id):
                text.append(f"  • {shown(session.title)}\n")
    if conference.organizers:
        text.append("\nOrganizers\n", style="bold underline")
        for person in conference.organizers:
            details = ", ".join(shown(part) for part in (person.role, person.affiliation) if part)
            text.append(f"  {shown(person.name)}", style="bold")
            text.append(f" — {details}\n" if details else "\n")
    for heading, names in (("Sponsors", conference.sponsors), ("Additional support", conference.supporters)):
        if names:
            text.append(f"\n{heading}\n", style="bold underline")
            for name in names:
                text.append(f"  {shown(name)}\n")
    links = list(conference.links)
    for person in conference.organizers:
        links += person.links
    if links:
        text.append("\nLinks\n", style="bold underline")
        for link in links:
            text.append(f"  {shown(link.title)}: ")
            text.append(f"{shown(link.url)}\n", style="underline")
    return text


class AboutTab(VerticalScroll, TabView):
    """Written the first time the tab is opened, not at start-up."""

    def __init__(self, agenda: Agenda, *, id: str):
        super().__init__(id=id)
        self.agenda = agenda
        self._written = False

    def compose(self) -> ComposeResult:
        yield Static(id="about-text")

    def show_opened(self) -> None:
        if not self._written:
            self._written = True
            self.query_one("#about-text", Static).update(about_text(self.agenda))
        self.focus_now(self)
