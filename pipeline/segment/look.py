"""Headings known by their look: a short unnumbered line set larger than the body, or bold.

A PDF records each text block's font size and weight (`Block.size`, `Block.bold`; None in
text documents, which this leaves alone). The body is the size most characters have. A
line without numbering that reads as a title (short, no sentence end, some words: not a
number or a date) and is set clearly larger than the body, or bold where the body is not,
opens a heading; its outline level is its look (`look:SIZE:b`), larger looks outer, one look
one level (`tree.Outline`). The cover and the title before the body's first line, and a look
printed once in the document (a level has siblings), open none. A numbered line stays what
its numbering says (`elements.classify` decides first).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from pipeline.model.ir import Block, Document
from pipeline.normalize.eras import ERAS
from pipeline.normalize.text import nfkc
from pipeline.segment.vocabulary import key, load_vocabulary

LARGER = 1.12  # a heading's size over the body's at least (12 pt over 10.5 pt)
SHORT = 30  # characters of a heading known by its look at most
_WORDS = re.compile(r"[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
LOOK = "look"


@cache
def _date_or_number() -> re.Pattern[str]:
    """What prints a date or a count, not a title's words: digits, eras (`令和`), `number_words` (年, 第…)."""
    words = sorted((*ERAS, *load_vocabulary().number_words), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)) + r"|[0-9]")


@dataclass(frozen=True, slots=True)
class Body:
    """The body text's look: the size most characters have, and whether most of them are bold."""

    size: float
    bold: bool


def body_of(doc: Document) -> Body | None:
    """The document's body look; None when its blocks record no look (a text document)."""
    sizes: Counter = Counter()
    bold: Counter = Counter()
    for b in doc.blocks:
        if b.kind == "text" and b.size is not None:
            n = len(b.raw.strip())
            sizes[b.size] += n
            bold[b.size] += n if b.bold else 0
    if not sizes:
        return None
    size = sizes.most_common(1)[0][0]
    return Body(size, 2 * bold[size] > sizes[size])


def title_like(text: str) -> bool:
    """A short title: no sentence end or clause break, some words (not a number or a date), one run."""
    text = nfkc(text).strip()
    if not text or len(text) > SHORT or "。" in text or text.endswith(("、", ",", "，")):
        return False
    if text.startswith(("※", "(", "（")) or "%" in text or len(re.findall(r"\s+", text)) >= 2:
        return False  # a note, a bracketed aside, a figure, runs apart (a figure's labels)
    return len(_WORDS.findall(_date_or_number().sub("", text))) >= 4


def emphasized(text: str, size: float | None, bold: bool | None, body: Body | None) -> bool:
    """Whether a line of `text` so set is a heading by its look over a body of `body`."""
    if body is None or size is None or not title_like(text):
        return False
    if size >= LARGER * body.size:
        return True
    # bold alone says less: one run (a figure's labels are set apart), at the body's size or more
    return (
        bool(bold) and not body.bold and size >= 0.95 * body.size and not re.search(r"\s", nfkc(text).strip())
    )


def level_of(block: Block) -> str:
    """The outline level of a heading known by its look: `look:14.0:b` (size to half a point, bold)."""
    return f"{LOOK}:{round((block.size or 0.0) * 2) / 2}:{'b' if block.bold else ''}"


def rank(level: str) -> tuple[float, bool] | None:
    """(size, bold) of a look level (larger sizes, then bold, outer); None for a numbering style."""
    parts = level.split("@")[0].split(":")
    if parts[0] != LOOK or len(parts) != 3:
        return None
    return float(parts[1]), parts[2] == "b"


def _opens(block: Block, after: list[Block]) -> bool:
    """Whether what follows a line is set below it (a table, or a line of a lesser look): its content."""
    nxt = next((b for b in after if b.kind == "table" or (b.kind == "text" and b.raw.strip())), None)
    if nxt is None or nxt.kind != "text" or nxt.size is None:
        return nxt is not None
    return (
        (nxt.size, bool(nxt.bold)) < (block.size, bool(block.bold))
        and abs(nxt.size - block.size) >= 0.5
        or (abs(nxt.size - block.size) < 0.5 and block.bold and not nxt.bold)
    )


def look_headings(
    doc: Document, title: str | None, plain: Callable[[str], bool] = lambda raw: True
) -> dict[int, str]:
    """The blocks (by index) that open headings by their look, with their outline levels.

    Only `plain` lines (no numbering, bullet or label: the recognizer's paragraphs) are
    candidates. Before the body's first line (the cover, the title) none; the plan's title none;
    a line whose next is not set below it (no content of its own) none; a look printed on fewer
    than two such lines none.
    """
    body = body_of(doc)
    if body is None:
        return {}
    started = False
    found: dict[int, str] = {}
    for i, b in enumerate(doc.blocks):
        if b.kind != "text" or b.size is None:
            continue
        if not started:
            started = abs(b.size - body.size) < 0.3 and not (b.bold and not body.bold)
            continue
        if (
            emphasized(b.raw, b.size, b.bold, body)
            and key(b.raw) != key(title)
            and plain(b.raw)
            and _opens(b, doc.blocks[i + 1 :])
        ):
            found[i] = level_of(b)
    counts = Counter(found.values())
    return {i: level for i, level in found.items() if counts[level] >= 2}
