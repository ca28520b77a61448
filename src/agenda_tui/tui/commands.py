"""Command palette: jump to any session or speaker by fuzzy name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from agenda_tui.formatting import person_label, when
from agenda_tui.text import clean, shorten

if TYPE_CHECKING:
    from agenda_tui.tui.app import AgendaApp

# How well (0-100) the query must match part of a title or name to be listed.
MATCH_CUTOFF = 70
# How much of a title or name the palette shows and searches: matching time grows with it.
PALETTE_TEXT_LIMIT = 200


class AgendaCommands(Provider):
    async def startup(self) -> None:
        """Build the list once per opening of the palette, not on every keystroke."""
        self._found = self._candidates()

    def _candidates(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = cast("AgendaApp", self.app)  # the palette is the app's: it lists the app's agenda
        zone = app.zone
        found: list[tuple[str, str, Callable[[], object]]] = []
        for session in app.agenda.sessions:
            found.append((shorten(f"Session: {clean(session.title)}", PALETTE_TEXT_LIMIT),
                          when(session, zone),
                          partial(app.go_to_session, session.id)))
        for speaker in app.agenda.speakers:
            found.append((shorten(f"Speaker: {person_label(speaker)}", PALETTE_TEXT_LIMIT),
                          "Show this speaker",
                          partial(app.open_speaker, speaker.id)))
        return found

    async def discover(self) -> Hits:
        for text, help_text, command in self._found[:50]:
            # The palette reads a str prompt and help as markup: titles are data, escaped.
            yield DiscoveryHit(Content(text), command, text=text, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        """Titles and names holding the query, or nearly: scored by rapidfuzz, whose time
        grows with the lengths; Textual's own matcher tries every way the query's letters
        can fall in a title, which never ends on a long title."""
        from rapidfuzz import fuzz  # loaded when the palette is first searched, not at start-up

        wanted = query.strip().lower()
        if not wanted:
            return
        for text, help_text, command in self._found:
            match = fuzz.partial_ratio_alignment(wanted, text.lower(), score_cutoff=MATCH_CUTOFF)
            if match is None:
                continue
            end = min(match.dest_end, len(text))  # lower() may lengthen a few letters
            prompt = Content(text).stylize(self.match_style or "reverse",
                                           min(match.dest_start, end), end)
            yield Hit(match.score / 100, prompt, command, text=text, help=escape(help_text))
