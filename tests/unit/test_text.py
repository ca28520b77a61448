"""What the text clean-up keeps and strips: joiners belong to the text; what reorders
or hides it does not."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest

from agenda_tui.text import STRIPPED, clean, clean_block, shown

# 38C3's own: the transgender flag and the pirate flag, each a ZWJ sequence.
FLAGS = "🏳️\u200d⚧️🏴\u200d☠️"
FAMILY = "👩\u200d👩\u200d👧"
PERSIAN = "می\u200cخواهم"  # "I want": the ZWNJ keeps the prefix apart without a space
SCOTLAND = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"


@pytest.mark.parametrize("text", [FLAGS, FAMILY, PERSIAN, SCOTLAND, "क्\u200dष", "Q&A 🎤"])
def test_joiners_and_emoji_sequences_are_kept_whole(text):
    assert clean(text) == text
    assert clean_block(f"{text}\n{text}") == f"{text}\n{text}"
    assert shown(f"Talk {text}") == f"Talk {text}"


@pytest.mark.parametrize("hostile, expected", [
    ("\u202eevil\u202c", "evil"),                  # bidi override, pop
    ("\u2066isolate\u2069", "isolate"),            # bidi isolate
    ("a\u200eb\u200fc\u061cd", "abcd"),            # bidi marks
    ("zero\u200bwidth\ufeff\u2060", "zerowidth"),  # zero-width space, BOM, word joiner
    ("\x1b[31mred\x1b[0m", "[31mred[0m"),          # ESC gone: the rest is inert text
    ("\x9b31m bell\x07", "31m bell"),              # C1 CSI, BEL
    ("soft\u00adhyphen", "softhyphen"),
])
def test_what_reorders_or_hides_text_is_stripped(hostile, expected):
    assert clean(hostile) == expected


def test_tag_characters_hide_nothing_outside_an_emoji_flag():
    # Tag letters spell invisible ASCII ("ASCII smuggling"): only a flag's are kept.
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "ignore this")
    assert clean(f"Talk{hidden}") == "Talk"
    assert clean(f"{SCOTLAND}{hidden}") == SCOTLAND


KEPT_FORMAT_CHARACTERS = {"\u200c", "\u200d", *"\u0600\u0601\u0602\u0603\u0604\u0605",
                          "\u06dd", "\u070f", "\u0890", "\u0891", "\u08e2", "\U000110bd",
                          "\U000110cd", *map(chr, range(0x13430, 0x13460))}


def test_every_format_and_control_character_of_this_python_is_stripped_or_kept_on_purpose():
    stripped = re.compile(f"[{STRIPPED}]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        if category not in ("Cc", "Cf") or char == "\n":
            continue
        assert bool(stripped.fullmatch(char)) is (char not in KEPT_FORMAT_CHARACTERS), hex(code)
