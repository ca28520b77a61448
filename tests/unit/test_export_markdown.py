"""The Markdown export through a real renderer (markdown-it-py, which Textual uses, with
GFM's tables, strikethrough and autolinks, and raw HTML on): every title, name and venue
shows as written, and nothing in them becomes markup."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from export_support import agenda_of
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from agenda_tui.formats.markdown import escape, render_markdown
from agenda_tui.formatting import people_label
from agenda_tui.text import clean

# What the export itself writes: headings, paragraphs, tables; and autolinks of URLs.
EXPECTED_TAGS = {"h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td", "a"}


class _Blocks(HTMLParser):
    """The text of each heading, paragraph and table cell, and every tag met."""

    BLOCKS = ("h1", "h2", "p", "th", "td")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.tags: set[str] = set()
        self._open: list[str] | None = None

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.add(tag)
        if tag in self.BLOCKS:
            self._open = [tag, ""]

    def handle_endtag(self, tag) -> None:
        if self._open and tag == self._open[0]:
            self.blocks.append((self._open[0], self._open[1]))
            self._open = None

    def handle_data(self, data) -> None:
        if self._open:
            self._open[1] += data


def rendered(markdown: str) -> _Blocks:
    parser = _Blocks()
    parser.feed(MarkdownIt("gfm-like").render(markdown))
    return parser


def _agenda(title: str, venue: str, name: str, session_title: str):
    return agenda_of(
        "Europe/Berlin",
        [{"start": datetime(2024, 5, 1, 10, tzinfo=UTC), "end": datetime(2024, 5, 1, 11, tzinfo=UTC),
          "title": session_title, "people": [{"speaker": "p"}]}],
        speakers=[{"id": "p", "name": name}],
        title=title, venue=venue,
    )


def assert_shown_as_written(agenda) -> None:
    blocks = rendered(render_markdown(agenda, agenda.sessions))
    assert blocks.tags <= EXPECTED_TAGS, blocks.tags - EXPECTED_TAGS
    first = {}
    for tag, text in blocks.blocks:
        first.setdefault(tag, text)
    conference = agenda.conference
    assert first["h1"] == clean(conference.title)
    assert first["p"] == (f"Venue: {clean(conference.venue)}. " if clean(conference.venue) else "") + (
        f"Times are local to the conference ({conference.timezone}).")
    cells = [text for tag, text in blocks.blocks if tag == "td"]
    session = agenda.sessions[0]
    assert cells[1:3] == [clean(session.title), people_label(agenda, session)]
    assert len(cells) == 4  # nothing broke the table


HOSTILE = [
    "# Not a heading", "## Two", "Closed heading #", "C# and F#", "#", "- not a list", "+ nor this",
    "> nor a quote", "1. nor numbered", "12) nor this", "2024. A year", "a | b | c", "| leading pipe",
    "Q&A &amp; &copy; &#65;", "<b>bold</b> <script>alert(1)</script>", "<!-- hidden -->", "~~gone~~",
    "*em* **strong** _em_ __strong__", "`code` ``more``", "[link](https://evil.example)",
    "![image](https://evil.example/x.png)", "<https://evil.example>", "back\\slash\\", "\\*escaped\\*",
    "***", "---", "===", "a  b", "trailing #", "[^1] footnote", "Emoji 🏳️\u200d⚧️🏴\u200d☠️",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_each_title_name_and_venue_shows_as_written(text):
    assert_shown_as_written(_agenda(title=text, venue=text, name=text, session_title=text))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("#-+>.1)|&;<>/!~*_`[]()\\:= ab\u200d")), min_size=1,
               max_size=24).filter(lambda text: clean(text)))
def test_any_mix_of_markdown_syntax_shows_as_written(text):
    assert_shown_as_written(_agenda(title=text, venue=text, name=text, session_title=text))


def test_escaping_leaves_plain_text_alone():
    assert escape("Foundation Models in Physics: Successes in Astrophysics") == (
        "Foundation Models in Physics: Successes in Astrophysics")
    assert escape("Jesse Thaler (MIT/IAIFI), 2024") == "Jesse Thaler (MIT/IAIFI), 2024"
