"""Wrapped lines joined into paragraphs: where a line ends early because what follows may not be split.

Each case is a page of 10 pt lines (full-width characters 10 pt wide, Latin 5 pt) in a frame from
x = 50 to 550 (50 characters), the first line full; the paragraphs `assemble` makes are expected.
A line ends early without ending its paragraph when the next line's first unit would not have
fitted: a character with those that may not start a line (small kana, 。, ・: 行頭禁則), an opening
bracket with what follows it (行末禁則; set half an em early at the head of a line, JIS X 4051),
a Latin word with a `・` after it.
"""

from __future__ import annotations

import pytest

from pipeline.read.pdf.assemble import assemble
from pipeline.read.pdf.chars import build_lines
from pipeline.read.pdf.pages import Item, Page
from pipeline.read.pdf.settings import DEFAULTS
from tests.page_chars import char

SIZE, PITCH, LEFT = 10.0, 14.0, 50.0
FULL = "本" * 50


def paragraphs(lines: list[str]) -> list[str]:
    chars = []
    for n, text in enumerate(lines):
        top = 100 + n * PITCH
        x = LEFT - SIZE / 2 if text[0] in "（【" else LEFT  # a line-head bracket set half an em early
        for t in text:
            width = SIZE / 2 if t.isascii() else SIZE
            chars.append(char(t, x, top, SIZE, width))
            x += width
    page = Page(1, 600.0, 800.0)
    for line in build_lines(chars, DEFAULTS):
        line.page = 1
        page.items.append(Item("text", line.top, line.bottom, line=line))
    return [b.raw for b in assemble([page])]


CASES = {
    # 18 pt were left, room for な but not for なっ (っ may not start a line).
    "small kana": ([FULL, "本" * 48, "なっております。"], [FULL + "本" * 48 + "なっております。"]),
    # Room for （ but it may not end a line: （令 did not fit.
    "opening bracket": ([FULL, "本" * 48, "（令和2）年です。"], [FULL + "本" * 48 + "（令和2）年です。"]),
    # Room for NPO, not for NPO・.
    "latin word and a middle dot": (
        [FULL, "本" * 48, "NPO・団体です。"],
        [FULL + "本" * 48 + "NPO・団体です。"],
    ),
    # Room for 今: a real line end.
    "a character that fitted": (
        [FULL, "本" * 48, "今後も進めます。"],
        [FULL + "本" * 48, "今後も進めます。"],
    ),
    # 【実 would not have fitted, but a sentence ended and the line is one bracketed label.
    "a label after a sentence": (
        [FULL, "本" * 48 + "。", "【実施事業】"],
        [FULL + "本" * 48 + "。", "【実施事業】"],
    ),
    "a bracket that continues a sentence": (
        [FULL, "本" * 48 + "。", "【実施事業】を進めます。"],
        [FULL + "本" * 48 + "。【実施事業】を進めます。"],
    ),
    # A sentence ends a full line and a numbered heading starts the next, its number after a word.
    "a heading numbered after a word": (
        [FULL, "本" * 48 + "。", "主な事業No.3 読書活動の推進"],
        [FULL + "本" * 48 + "。", "主な事業No.3 読書活動の推進"],
    ),
}


@pytest.mark.parametrize(("lines", "expected"), CASES.values(), ids=CASES.keys())
def test_wrapped_lines_join_where_the_next_unit_could_not_fit(lines, expected):
    assert paragraphs(lines) == expected


def test_a_frame_narrower_than_the_margins_is_where_many_lines_end():
    # Text set 350 pt wide on a 600 pt page: the full lines end at x = 400, not at the right margin
    # as wide as the left one (550). 34 characters and then す。, which may not be split, did not fit.
    narrow = "本" * 35
    lines = [narrow] * 5 + ["本" * 34, "す。"]
    assert paragraphs(lines) == [narrow * 5 + "本" * 34 + "す。"]
