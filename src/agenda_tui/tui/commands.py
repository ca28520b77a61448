"""Command palette: jump to any session or speaker by fuzzy name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from agenda_tui.formatting import person_label, when
from agenda_tui.text import clean


def highlighted(matcher: Matcher, text: str) -> Content:
    """The matched letters highlighted, the text itself never read as markup.

    (`Matcher.highlight` parses its candidate as markup, so it cannot take data.)
    """
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


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
            yield DiscoveryHit(Content(text), command, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, command in self._candidates():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, highlighted(matcher, text), command, text=text, help=help_text)
