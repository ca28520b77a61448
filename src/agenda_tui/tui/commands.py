"""Command palette: jump to any session or speaker by fuzzy name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from agenda_tui.formatting import person_label
from agenda_tui.text import clean
from agenda_tui.tui.view import when


class AgendaCommands(Provider):
    def _candidates(self) -> list[tuple[str, str, object]]:
        app = self.app
        zone = app.display_zone_info
        found = []
        for session in app.agenda.sessions:
            found.append((f"Session: {clean(session.title)}", when(session, zone),
                          partial(app.go_to_session, session.id)))
        for speaker in app.agenda.speakers:
            found.append((f"Speaker: {person_label(speaker)}", "Show this speaker",
                          partial(app.open_speaker, speaker.id)))
        return found

    async def discover(self) -> Hits:
        for text, help_text, command in self._candidates()[:50]:
            yield DiscoveryHit(text, command, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, command in self._candidates():
            score = matcher.match(text)
            if score > 0:
                # Titles are data: escaped, so the highlighter never reads them as markup.
                yield Hit(score, matcher.highlight(escape(text)), command, text=text, help=help_text)
