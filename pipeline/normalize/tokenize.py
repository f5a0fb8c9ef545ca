"""Japanese tokenization with SudachiPy: the one place that loads the dictionary.

`terms` fills the `terms` table (normalized forms of content words); `is_heading`
tells a heading (ends in a noun: 体言止め) from a sentence (ends in a verb or
auxiliary: …します。).
"""

from __future__ import annotations

import importlib.metadata
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from sudachipy import Dictionary, SplitMode

DICTIONARY_PACKAGE = "sudachidict-core"
# Sudachi refuses an input of more than 49,149 UTF-8 bytes; longer text is tokenized in pieces
# cut at line breaks, then sentence ends, then (a sentence longer than this) anywhere.
MAX_PIECE_BYTES = 32_000
_SENTENCE_END = re.compile(r"(?<=[。．！？!?])")
CONTENT_POS = ("名詞", "動詞", "形容詞", "形状詞")
# Normal forms too generic to say anything about a measure.
STOP_TERMS = frozenset(
    {
        "する",
        "為る",
        "ある",
        "有る",
        "いる",
        "居る",
        "なる",
        "成る",
        "こと",
        "事",
        "もの",
        "物",
        "等",
        "よう",
        "様",
        "ため",
        "為",
    }
)


@cache
def _tokenizer():
    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


def dictionary_version() -> str:
    """The pinned dictionary's version, recorded in `meta`."""
    return f"{DICTIONARY_PACKAGE} {importlib.metadata.version(DICTIONARY_PACKAGE)}"


class Morpheme(NamedTuple):
    surface: str
    normal: str  # Sudachi normalized form: 子供/子ども, コミュニティ/コミュニティー agree
    pos: str  # first POS field (名詞, 動詞 …)
    form: str  # conjugation form (終止形-一般 …), "*" when none


def tokenize(text: str) -> list[Morpheme]:
    """The morphemes of `text` (Sudachi split mode C)."""
    if not text:
        return []
    tokenizer = _tokenizer()
    return [
        Morpheme(m.surface(), m.normalized_form(), m.part_of_speech()[0], m.part_of_speech()[5])
        for piece in pieces(text)
        for m in tokenizer.tokenize(piece)
    ]


def pieces(text: str, budget: int = MAX_PIECE_BYTES) -> Iterator[str]:
    """`text` in consecutive pieces of at most `budget` UTF-8 bytes, cut at the most natural place.

    Lines are packed into a piece while they fit; a longer line is cut after its sentence ends
    (。), and a sentence longer than the budget is cut at the budget. Joined, the pieces are `text`.
    """
    if len(text) * 4 <= budget or len(text.encode()) <= budget:
        yield text
        return
    piece, size = [], 0
    for part in _parts(text, budget):
        n = len(part.encode())
        if size + n > budget and piece:
            yield "".join(piece)
            piece, size = [], 0
        piece.append(part)
        size += n
    if piece:
        yield "".join(piece)


def _parts(text: str, budget: int) -> Iterator[str]:
    """Lines, a line over the budget as sentences, a sentence over the budget in slices."""
    for line in text.splitlines(keepends=True):
        if len(line.encode()) <= budget:
            yield line
            continue
        for sentence in _SENTENCE_END.split(line):
            while len(sentence.encode()) > budget:
                cut = len(sentence.encode()[:budget].decode(errors="ignore"))
                yield sentence[:cut]
                sentence = sentence[cut:]
            if sentence:
                yield sentence


def terms(text: str) -> Counter[tuple[str, str]]:
    """Counts of (normalized form, POS) of the content words of `text`."""
    counts: Counter[tuple[str, str]] = Counter()
    for m in tokenize(text):
        if (
            m.pos in CONTENT_POS
            and m.normal not in STOP_TERMS
            and m.surface.strip()
            and not m.surface.isdigit()
        ):
            counts[(m.normal, m.pos)] += 1
    return counts


def is_heading(text: str, max_length: int = 60) -> bool:
    """True when `text` reads as a heading, not a sentence.

    A sentence ends in 。 or in a predicate's final form (…します, …である, …を行う);
    a heading ends in a noun (…の啓発) or a non-final form (…に向けて).
    """
    text = text.strip()
    if not text or len(text) > max_length or text.endswith(("。", ".")):
        return False
    words = [m for m in tokenize(text) if m.pos not in ("補助記号", "空白")]
    if not words:
        return False
    last = words[-1]
    return not (last.pos == "助動詞" or (last.pos in ("動詞", "形容詞") and last.form.startswith("終止形")))
