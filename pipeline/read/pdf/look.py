"""What a text block looked like: its font size and whether it is set bold.

A line is bold when most of its characters are: their font's name says so (Bold, Heavy,
Black, Semibold, Demi, the weights W6–W9 of Japanese type families), or they were printed
twice over themselves (a fake-bold overprint, `dedupe_chars` marks the copy it keeps). In a
document whose body is set in a Mincho (serif) face, a line set in a Gothic (sans) face is
emphasis too, as bold is. The size is the line's (`Line.size`, the size most of its
characters have).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from pipeline.model.ir import Block
from pipeline.read.pdf.chars import Line

OVERPRINT = "overprinted"  # the key `dedupe_chars` sets on a character printed again over itself
_BOLD = re.compile(r"bold|heavy|black|semibold|demi|(?<![a-z0-9])w[6-9](?![0-9])")
_GOTHIC = re.compile(r"gothic|goth\b|sans|kaku|kozgo|gtc|ゴシック")
_MINCHO = re.compile(r"mincho|serif|kozmin|hiramin|ryumin|ming|song|明朝")


def _name(name: str | bytes | None) -> str:
    """A font's name without its subset tag, in lower case (pdfminer leaves undecodable names as bytes)."""
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    return (name or "").split("+")[-1].lower()


@lru_cache(maxsize=4096)  # asked once per character; a document has a few fonts
def bold_font(name: str | bytes | None) -> bool:
    """Whether a font's name says it is a bold weight."""
    return bool(_BOLD.search(_name(name)))


@lru_cache(maxsize=4096)
def family(name: str | bytes | None) -> str | None:
    """`gothic` (sans) or `mincho` (serif) by the font's name; None when it does not say."""
    name = _name(name)
    if _GOTHIC.search(name):
        return "gothic"
    if _MINCHO.search(name):
        return "mincho"
    return None


class Looks:
    """What each text block's characters were, until the document's body face is known."""

    def __init__(self) -> None:
        self.counts: dict[int, tuple[Block, Counter]] = {}

    def add(self, block: Block, line: Line) -> None:
        """Count `line`'s characters for `block` (its first line sets its size)."""
        entry = self.counts.get(id(block))
        if entry is None:
            block.size = round(line.size, 1)
            entry = self.counts[id(block)] = (block, Counter())
        counts = entry[1]
        for c in line.chars:
            if not c["text"].strip():
                continue
            name = c.get("fontname")
            counts["all"] += 1
            counts["bold"] += bold_font(name) or bool(c.get(OVERPRINT))
            counts[family(name) or "other"] += 1

    def finish(self) -> None:
        """Set each block's `bold`: most of its characters bold, or Gothic in a Mincho body."""
        faces: Counter = Counter()
        for _, counts in self.counts.values():
            for face in ("gothic", "mincho", "other"):
                faces[face] += counts[face]
        body = faces.most_common(1)[0][0] if faces else None
        for block, counts in self.counts.values():
            total = counts["all"]
            if not total:
                block.bold = False
                continue
            emphasis = counts["bold"]
            if body == "mincho":
                emphasis = max(emphasis, counts["gothic"])
            block.bold = 2 * emphasis > total
