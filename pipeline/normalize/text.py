"""Text normal form: NFKC, no HTML, no footnote marks, no layout spaces.

`nfkc` keeps word spacing (department lists are space-separated); `clean` also
removes the layout spaces that extraction puts between Japanese characters and
inside Latin words (`L E D` → `LED`). Raw text is kept by callers in `*_raw`.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.normalize.radicals import TABLE as RADICAL_TABLE

# HTML fragments and markdown bold. A tag holds no `<` (and a `^{…}` mark no `{`): each scan stops
# at the next one, so a pathological text (`<a<a<a…`, 200 KB) takes linear time, not minutes.
_TAGS = re.compile(r"</?[a-zA-Z][^<>]*>|\*\*")
# Footnote marks: superscript digits (¹²³), `^{※1}` and `[※]` markers; stripped before NFKC,
# which would otherwise turn ¹ into a plain 1.
_FOOTNOTE = re.compile(r"\^\{[^{}]*\}|\[※\d*\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_SPACES = re.compile(r"[\s\u3000]+")
# Kangxi radicals and CJK radical supplements → unified ideographs (one table, `radicals.py`).
_RADICALS = RADICAL_TABLE
CIRCLED = "\u2460-\u2473\u3251-\u325f"  # the circled numbers ①..⑳ ㉑..㉟, as a character class's ranges
_JP = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006\u30fc\u203b" + CIRCLED
_JP_CHAR = f"[{_JP}]"
_OPEN = r"\(\[「『【〈《"
_CLOSE = r"\)\]」』】〉》、。,.:;!?"
# A space is layout when it sits between two Japanese characters, or between a
# Japanese character and a digit/bracket/Latin letter on either side.
_LAYOUT_SPACE = re.compile(
    rf"(?<=[{_JP}{_CLOSE}0-9A-Za-z%])\s+(?=[{_JP}])|(?<=[{_JP}])\s+(?=[{_JP}{_OPEN}0-9A-Za-z])"
    rf"|(?<=[{_OPEN}])\s+|\s+(?=[{_CLOSE}])|(?<=[0-9])\s+(?=[{_OPEN}])"
)
# Letters spaced out one by one: `Z o o m`, `L E D`.
_SPACED_LETTERS = re.compile(r"(?<![A-Za-z])(?:[A-Za-z] )+[A-Za-z](?![A-Za-z])")

# A long stroke overlay (U+0336) with no character under it is a dash: a font whose glyph for — is
# mapped to the combining stroke (IPAex through some producers) prints `̶` in an empty cell.
_LONE_STROKE = re.compile(r"(?:^|(?<=\s))\u0336")

_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ①..⑳
_CIRCLED.update({chr(0x3251 + i): i + 21 for i in range(15)})  # ㉑..㉟
_CIRCLED_RUN = re.compile(f"([{''.join(_CIRCLED)}]+)")


def nfkc(text: str | None) -> str:
    """NFKC with HTML fragments and footnote marks removed, white space collapsed.

    Circled numbers (①…㉟) are kept: NFKC would turn `施策①⑧` into `施策18`.
    """
    if not text:
        return ""
    text = _TAGS.sub(" ", text)
    text = _FOOTNOTE.sub("", text)
    text = _LONE_STROKE.sub("—", text)
    text = "".join(_nfkc_piece(piece) for piece in _CIRCLED_RUN.split(text.translate(_RADICALS)))
    text = text.replace("〜", "~").replace("～", "~")
    return _SPACES.sub(" ", text).strip()


def _nfkc_piece(piece: str) -> str:
    """NFKC, except for circled numbers: they are enumeration marks (施策①⑧), not digits."""
    return piece if _CIRCLED_RUN.fullmatch(piece) else unicodedata.normalize("NFKC", piece)


def clean(text: str | None) -> str:
    """`nfkc` plus removal of layout spaces (the normal form of every text column)."""
    text = nfkc(text)
    text = _SPACED_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), text)
    return _LAYOUT_SPACE.sub("", text)


def circled_numbers(text: str) -> list[int]:
    """The circled numbers in printed order: `①②⑤` → [1, 2, 5]."""
    return [_CIRCLED[c] for c in text if c in _CIRCLED]


def circled_to_int(char: str) -> int | None:
    """`③` → 3; None for anything else."""
    return _CIRCLED.get(char)


def group_items(lines: list[str], marker: str = "◆") -> list[list[str]]:
    """Group lines into items: each `marker` line with the sub-lines that follow it.

    Lines before the first marker form their own item.
    """
    items: list[list[str]] = []
    for line in lines:
        if line.startswith(marker) or not items:
            items.append([line])
        else:
            items[-1].append(line)
    return items
