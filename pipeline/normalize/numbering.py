"""Printed numbering at the start of a line: which style, which number, what follows.

Japanese plans number their headings and items in a small set of styles — `第2章`,
`1`, `1-2`, `1.2`, `(1)`/`（１）`, `①`, `ア`/`(ア)`, `Ⅰ`, `一`, `【1】`, and a word with a
number (`基本目標1`, `施策1-2`, `推進事項No.4`, `【基本目標1】`). `parse_numbering`
reads any of them from the normal form of a line and gives the style (the key an
outline uses to tell levels apart), the number as ASCII and the rest of the line.

Table-driven tests: `tests/test_numbering.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.normalize.text import CIRCLED, circled_to_int, nfkc

KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラム"
KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
ROMAN = {"I": 1, "V": 5, "X": 10}
# Decorations a heading may start with before its numbering: `●【基本目標1】`, `■ 1`.
_LEAD = re.compile(r"^[●■◆◇□○◎▶▷►★☆◯]\s*")
_SEP = r"(?:[\s.．、:：)）]+|(?=[【「『（(\[]))"
_NUM = r"(\d{1,3}(?:\s*[-‐－−―.．]\s*\d{1,3}){0,3})"
# A numbering mark printed alone (a list's marker column): 1, 1-2, 1., 1), (1), ①, ア, (ア), ア.
_MARK = re.compile(
    rf"^(?:\d{{1,3}}(?:[-.]\d{{1,3}})*[.)]?|\(\d{{1,3}}\)|[{CIRCLED}]|\(?[{KANA}{IROHA}]\)?\.?)$"
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("chapter", re.compile(r"^第\s*([0-9一二三四五六七八九十]{1,3})\s*([章節部編款])\s*(.*)$")),
    ("circled_dash", re.compile(rf"^([{CIRCLED}]\s*[-‐－−―]\s*\d{{1,3}})\s*(.*)$")),  # ①-1
    (
        "bracket_word",
        re.compile(
            rf"^[【\[〔<＜]\s*([^\d\s【】\[\]〔〕<>＜＞]{{1,10}}?)\s*(?:No\.?|№)?\s*{_NUM}\s*[】\]〕>＞]\s*(.*)$"
        ),
    ),
    ("word", re.compile(rf"^([^\d\s(（【\[〔<＜・●■◆]{{1,10}}?)\s*(?:No\.?|№)\s*{_NUM}{_SEP}\s*(.*)$")),
    ("word", re.compile(rf"^([^\d\s(（【\[〔<＜・●■◆]{{1,10}}?)\s*{_NUM}{_SEP}\s*(.*)$")),
    ("bracket", re.compile(r"^[【\[〔]\s*(\d{1,3})\s*[】\]〕]\s*(.*)$")),
    ("paren_kana", re.compile(rf"^[(（]\s*([{KANA}{IROHA}])\s*[)）]\s*(.*)$")),
    ("paren", re.compile(r"^[(（]\s*(\d{1,3})\s*[)）]\s*(.*)$")),
    ("circled", re.compile(rf"^([{CIRCLED}])\s*(.*)$")),
    ("dash", re.compile(r"^(\d{1,3}(?:\s*[-‐－−―]\s*\d{1,3}){1,3})(?:[\s.．、:：]+|(?=[^\d\s.]))(.*)$")),
    ("dot", re.compile(r"^(\d{1,3}(?:\.\d{1,3}){1,3})(?:\s+|[.．、:：]\s*)(.*)$")),  # not 1.5倍, 3.11の
    ("num", re.compile(r"^(\d{1,2})(?:\s*[.．、:：)）]\s*|\s+)(?![\d,%])(.*)$")),
    ("kana", re.compile(rf"^([{KANA}])(?:\s*[.．、:：]\s*|\s+)(.*)$")),
    ("roman", re.compile(r"^([IVX]{1,5})(?:\s*[.．、:：]\s*|\s+)(.*)$")),
    ("kanji", re.compile(r"^([一二三四五六七八九十]{1,3})(?:\s*[.．、:：]\s*|\s+)(.*)$")),
]


@dataclass(frozen=True, slots=True)
class Numbering:
    """A line's leading numbering: `style` tells outline levels apart, `code` is ASCII."""

    style: str  # chapter | word | dash | dot | num | paren | circled | kana | paren_kana | roman | kanji | bracket
    code: str  # `1`, `1-2`, `3`
    raw: str  # the numbering as printed (normal form)
    title: str  # what follows the numbering
    word: str | None = None  # the word before the number (基本目標, 施策), or the chapter word (章)

    @property
    def depth(self) -> int:
        """Parts of a compound number: `1-2-3` → 3."""
        return self.code.count("-") + 1

    @property
    def key(self) -> str:
        """The outline key: style, word and depth (`word:施策:2`, `dash:2`, `paren`)."""
        parts = (
            [self.style] + ([self.word] if self.word else []) + ([str(self.depth)] if self.depth > 1 else [])
        )
        return ":".join(parts)


def parse_numbering(text: str | None, words: tuple[str, ...] | None = None) -> Numbering | None:
    """The numbering that starts `text`, or None.

    `words`: the words allowed before a number (`基本目標`, `施策` …, from the vocabulary);
    without them any short word counts, which also reads `令和7` as a numbered word.
    """
    line = _LEAD.sub("", nfkc(text))
    for style, pattern in _PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        if style == "chapter":
            return Numbering(
                "chapter",
                str(_kanji_int(m.group(1))),
                m.group(0)[: m.start(3)].strip(),
                m.group(3).strip(),
                m.group(2),
            )
        if style in ("word", "bracket_word"):
            word = m.group(1).strip()
            if words is not None and word not in words:
                continue
            code = _code(m.group(2))
            return Numbering("word", code, line[: m.start(3)].strip(), m.group(3).strip(), word)
        token, rest = m.group(1), m.group(2).strip()
        if not rest and style in ("num", "kana", "roman", "kanji", "dash", "dot"):
            continue  # a bare number is a value or a page number, not a heading
        code = _token_code(style, token)
        if code is None:
            continue
        return Numbering(style, code, line[: m.start(2)].strip(), rest)
    return None


def is_mark(text: str | None) -> bool:
    """Whether `text` is a numbering mark alone (`1.`, `(1)`, `①`, `ア`): a list item's marker printed
    apart from its text, which `parse_numbering` does not read (no title follows it)."""
    return bool(_MARK.match(nfkc(text)))


def _code(token: str) -> str:
    return re.sub(r"\s*[-‐－−―.．]\s*", "-", token.strip())


def _token_code(style: str, token: str) -> str | None:
    if style in ("num", "paren", "bracket"):
        return str(int(token))
    if style in ("dash", "dot"):
        return _code(token)
    if style == "circled":
        return str(circled_to_int(token))
    if style == "circled_dash":  # ①-1 → 1-1
        return f"{circled_to_int(token[0])}-{int(re.sub(r'[^0-9]', '', token[1:]))}"
    if style in ("kana", "paren_kana"):
        return str((KANA.index(token) if token in KANA else IROHA.index(token)) + 1)
    if style == "roman":
        return str(_roman(token)) if _roman(token) else None
    if style == "kanji":
        return str(_kanji_int(token))
    return None


def _roman(token: str) -> int | None:
    values = [ROMAN[c] for c in token]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if 0 < total <= 30 else None


def _kanji_int(token: str) -> int:
    """`3` → 3, `十二` → 12, `二十` → 20."""
    if token.isdigit():
        return int(token)
    if "十" in token:
        tens, _, ones = token.partition("十")
        return (KANJI_DIGITS.get(tens, 1) if tens else 1) * 10 + (KANJI_DIGITS.get(ones, 0) if ones else 0)
    return KANJI_DIGITS.get(token, 0)
