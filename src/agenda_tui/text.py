"""Text from data files is data: strip what a terminal would act on, or what would
reorder or hide the text, and keep everything that belongs to it.

Stripped: control characters (ESC starts every CSI and OSC sequence; C1 controls,
BEL, DEL), bidi embeddings, overrides, isolates and marks, and the invisible format
characters (zero-width space, word joiner, invisible operators, the BOM, soft hyphen,
interlinear annotation, tag characters outside an emoji flag).

Kept: the zero-width joiner and non-joiner, which emoji sequences (🏳️‍⚧️) and Persian
and Indic spelling need, the visible format marks of Arabic, Syriac and Kaithi
(number signs and the like), Egyptian hieroglyph layout controls, and the tag
characters of an emoji flag such as Scotland's.
"""

from __future__ import annotations

import re

_LINE_BREAKS = re.compile(r"\s*[\n\r\u2028\u2029]+\s*")

# Every control character but the line feed, and every format character (Unicode
# category Cf) but those kept (see the module's docstring). A test checks this against
# the running Python's Unicode database, so a newer Unicode's format character is noticed.
STRIPPED = (
    "\x00-\x09\x0b-\x1f\x7f-\x9f"         # C0 (but \n), DEL, C1
    "\u00ad\u061c\u180e"                    # soft hyphen, Arabic letter mark, Mongolian separator
    "\u200b\u200e\u200f"                    # zero-width space, left-to-right and right-to-left marks
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f"  # bidi embeddings, overrides; joiners, isolates
    "\ufeff\ufff9-\ufffb"                   # BOM; interlinear annotation
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"  # shorthand and musical format controls
    "\U000e0001\U000e0020-\U000e007f"       # language tag; tags (kept only in an emoji flag)
)
# An emoji tag sequence: the black flag, tag letters, the cancel tag (🏴 + "gbsct").
_EMOJI_FLAG = "\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"
_UNWANTED = re.compile(f"({_EMOJI_FLAG})|[{STRIPPED}]+")


def _keep_flags(match: re.Match[str]) -> str:
    return match.group(1) or ""


def clean_block(text: str | None) -> str:
    """Text safe to show in a terminal, keeping its line breaks (abstracts, notes)."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\t", "    ")
    if not text.isprintable():
        text = _UNWANTED.sub(_keep_flags, text)
    return text.strip()


def clean(text: str | None) -> str:
    """A single line safe to show in a terminal: no controls, no line breaks."""
    return _LINE_BREAKS.sub(" ", clean_block(text))


# Controls (but the line feed and tab) and the bidi controls, which reorder what a
# terminal shows of a file printed to it.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def as_data(text: str | None) -> str:
    """Text as a file for other programs holds it: every character but controls and
    bidi controls (zero-width and other invisible characters stay). Not for showing:
    see `clean`."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n")
    return _CONTROLS.sub("", text) if not text.isprintable() else text


# Longer than any page's address a browser takes whole.
MAX_COPIED_LINK = 8192


def copyable_link(url: str | None) -> str | None:
    """A session's link as the clipboard may take it, or None: a web address (http or
    https), one word of printable characters. It comes from a feed, where it may be any
    text: a line break in it, pasted into a shell, would run whatever follows; a bidi
    control would hide what is pasted."""
    link = (url or "").strip()
    web = link.lower().startswith(("https://", "http://"))
    return link if web and len(link) <= MAX_COPIED_LINK and link.isprintable() and " " not in link else None


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
