"""Text from data files is data: strip what a terminal would act on."""

from __future__ import annotations

import re
import unicodedata

_LINE_BREAKS = re.compile(r"\s*[\n\r\u2028\u2029]+\s*")


def _visible(char: str) -> bool:
    # Cc: C0/C1 controls, ESC among them (it starts every CSI and OSC sequence).
    # Cf: bidi overrides and isolates, zero-width characters, the BOM.
    return unicodedata.category(char) not in ("Cc", "Cf")


def clean_block(text: str | None) -> str:
    """Text safe to show in a terminal, keeping its line breaks (abstracts, notes)."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\t", "    ")
    if not text.isprintable():
        text = "".join(char for char in text if char == "\n" or _visible(char))
    return text.strip()


def clean(text: str | None) -> str:
    """A single line safe to show in a terminal: no controls, no line breaks."""
    return _LINE_BREAKS.sub(" ", clean_block(text))


# What a pane shows of one text: wrapping a word of a million characters takes Rich
# seconds, and no one reads that far. Exports keep the whole text.
SHOWN_LINE_LIMIT = 1_000
SHOWN_BLOCK_LIMIT = 20_000


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(text: str | None) -> str:
    """`clean`, cut to SHOWN_LINE_LIMIT characters for display."""
    return shorten(clean(text), SHOWN_LINE_LIMIT)


def shown_block(text: str | None) -> str:
    """`clean_block`, cut to SHOWN_BLOCK_LIMIT characters for display."""
    return shorten(clean_block(text), SHOWN_BLOCK_LIMIT)
