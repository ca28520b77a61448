"""The model's own checks: the id rule, against its plain per-character definition."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agenda_tui.model import _printable_id


def _old_rule_accepts(value: str) -> bool:
    """The rule as first written: no whitespace at all, nothing unprintable."""
    return not any(char.isspace() or not char.isprintable() for char in value)


def _accepts(value: str) -> bool:
    try:
        _printable_id(value)
    except ValueError:
        return False
    return True


def test_id_rule_matches_the_per_character_definition_for_every_code_point():
    differing = [hex(code) for code in range(sys.maxunicode + 1)
                 if _accepts(chr(code)) != _old_rule_accepts(chr(code))]
    assert differing == []


# Mostly the interesting characters: spaces, separators, controls, bidi and zero-width marks.
_tricky = st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u200a\u200b\u200d"
                          "\u2028\u2029\u202e\u2066\u3000\ufeff\ue000\U000f0000\x00\x7f")


@given(st.text(alphabet=st.one_of(st.characters(), _tricky), max_size=30))
def test_id_rule_matches_the_old_definition(value: str):
    assert _accepts(value) == _old_rule_accepts(value)


@pytest.mark.parametrize("value", ["a b", "a\u00a0b", "a\u200bb", "a\u202eb", "a\tb", "a\x00b"])
def test_ids_with_spaces_or_invisible_characters_are_refused(value: str):
    assert not _accepts(value)


def test_ordinary_ids_pass():
    assert _accepts("d1-scaife_astrophysics.2024") and _accepts("Ørsted-ü-日本")
