"""Kangxi radicals and CJK radical supplements read as the ideographs they stand for."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.normalize.numbering import parse_numbering
from pipeline.normalize.radicals import RADICALS
from pipeline.normalize.text import clean, nfkc

RANGES = (range(0x2E80, 0x2EF4), range(0x2F00, 0x2FD6))
ASSIGNED = [chr(cp) for r in RANGES for cp in r if unicodedata.name(chr(cp), None)]


def is_radical(c: str) -> bool:
    return any(ord(c) in r for r in RANGES)


def test_every_assigned_radical_is_in_the_table():
    assert sorted(ASSIGNED) == sorted(chr(cp) for cp in RADICALS)
    for cp, ideograph in RADICALS.items():
        assert len(ideograph) == 1 and unicodedata.name(ideograph).startswith("CJK"), hex(cp)


@pytest.mark.parametrize("normalize", [nfkc, clean])
def test_no_radical_survives_normalization(normalize):
    text = "".join(ASSIGNED)
    out = normalize(text)
    assert not [c for c in out if is_radical(c)]
    assert len(out) == len(ASSIGNED)
    for c in ASSIGNED:  # one by one, inside Japanese text
        assert not any(is_radical(x) for x in normalize(f"市の{c}計画"))


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("基本⽅針1", "基本方針1"),  # U+2F45
        ("⻑期計画", "長期計画"),  # U+2ED1
        ("関⻄", "関西"),  # U+2EC4
        ("⻘少年", "青少年"),  # U+2ED8
        ("⻝育", "食育"),  # U+2EDD
        ("⺟子", "母子"),  # U+2E9F
        ("市⺠", "市民"),  # U+2EA0
        ("⼾籍", "戸籍"),  # U+2F3E: the Japanese form, not NFKC's 戶
        ("⾭年", "青年"),  # U+2FAD
        ("⾼齢者", "高齢者"),
    ],
)
def test_radicals_in_words(printed, read):
    assert clean(printed) == read


def test_radical_heading_word_parses():
    numbering = parse_numbering("基本⽅針1 協働のための人づくり", ("基本方針",))
    assert numbering is not None
    assert (numbering.word, numbering.code, numbering.title) == ("基本方針", "1", "協働のための人づくり")
