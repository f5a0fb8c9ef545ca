"""Japanese tokenization with SudachiPy: the one place that loads the dictionary.

`terms` fills the `terms` table (normalized forms of content words); `is_heading`
tells a heading (ends in a noun: 体言止め) from a sentence (ends in a verb or
auxiliary: …します。).
"""

from __future__ import annotations

import importlib.metadata
from collections import Counter
from functools import cache

from sudachipy import Dictionary, SplitMode

DICTIONARY_PACKAGE = "sudachidict-core"
CONTENT_POS = ("名詞", "動詞", "形容詞", "形状詞")
# Normal forms too generic to say anything about a measure.
STOP_TERMS = frozenset({"する", "為る", "ある", "有る", "いる", "居る", "なる", "成る", "こと", "事", "もの", "物", "等", "よう", "様", "ため", "為"})


@cache
def _tokenizer():
    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


def dictionary_version() -> str:
    """The pinned dictionary's version, recorded in `meta`."""
    return f"{DICTIONARY_PACKAGE} {importlib.metadata.version(DICTIONARY_PACKAGE)}"


def tokenize(text: str) -> list[tuple[str, str, str]]:
    """(surface, normalized form, first POS field) for each morpheme."""
    if not text:
        return []
    return [(m.surface(), m.normalized_form(), m.part_of_speech()[0]) for m in _tokenizer().tokenize(text)]


def terms(text: str) -> Counter[tuple[str, str]]:
    """Counts of (normalized form, POS) of the content words of `text`."""
    counts: Counter[tuple[str, str]] = Counter()
    for surface, normal, pos in tokenize(text):
        if pos in CONTENT_POS and normal not in STOP_TERMS and not surface.isdigit() and len(surface.strip()) > 0:
            counts[(normal, pos)] += 1
    return counts


def is_heading(text: str) -> bool:
    """True when `text` reads as a heading: no sentence end, last content word a noun."""
    text = text.strip()
    if not text or text.endswith(("。", ".")):
        return False
    content = [pos for _, _, pos in tokenize(text) if pos not in ("補助記号", "空白")]
    return bool(content) and content[-1] in ("名詞", "接尾辞")
