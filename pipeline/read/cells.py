"""What both readers share about printed text: cell lines with their bullet structure, separator
lines, a table of contents (its 目次 heading, an entry's page number)."""

from __future__ import annotations

import re

from pipeline.normalize.numbering import is_mark
from pipeline.normalize.text import nfkc

# Tags that start a new line inside a cell (the extractor's HTML fragments). A tag holds no
# `<`: `[^<>]*` stops at the next one, so a cell of `<a<a<a…` is scanned once (linear time).
_BREAK_TAGS = re.compile(r"</?(?:p|ul|ol|li|br|div)\b[^<>]*>", re.IGNORECASE)
_OTHER_TAGS = re.compile(r"</?[a-zA-Z][^<>]*>")
TOC_HEADING = re.compile(r"^目\s*次$")  # a table of contents' heading
# Leader dots between a contents entry's title and its page number (`計画の趣旨……1`, `・・・3`).
TOC_LEADERS = ".…‥・"
# A contents entry's end: its page number after white space (a TAB, a cell's edge) or leader dots.
TOC_ENTRY = re.compile(rf"[\s{TOC_LEADERS}]\d{{1,3}}\s*$")
# A run of a printed line that is only a page number (with its leader dots): a contents entry's last.
TOC_PAGE = re.compile(rf"^[\s{TOC_LEADERS}]*\d{{1,3}}$")
# Bullets that start an item (◆ item, ・ sub-item, ○ item), and ※ a note's. A cell's line breaks before
# one that follows white space; a match starts only where a run of white space starts, so a long run
# is not rescanned from each space.
ITEM_BULLETS = "◆◇■□●○・"
BULLETS = ITEM_BULLETS + "※"
_BULLET_BREAK = re.compile(rf"(?<!\s)\s+(?=[{BULLETS}])")
# A separator line (a text extraction's table border): only rules and white space, with a run of 3
# rules. Two linear checks: one regex with nested runs (`[…]*[…]{3,}[…]*$`) backtracks for minutes on
# a long line of dashes.
_SEPARATOR_CHARS = re.compile(r"[\s\-–—=_]*")
_SEPARATOR_RUN = re.compile(r"[-–—=_]{3}")


def is_separator(line: str) -> bool:
    """A line of rule characters only (`-----`, `=====  --`): a rule typed as text, not content.

    Both readers drop it: the text reader such a line, the PDF reader such a table row."""
    return bool(_SEPARATOR_CHARS.fullmatch(line) and _SEPARATOR_RUN.search(line))


def is_marker(run: str) -> bool:
    """A list item's marker printed apart from its text: a numbering mark (`1.`, `(1)`, `①`, `ア`) or a bullet."""
    run = nfkc(run)
    return is_mark(run) or (len(run) == 1 and run in ITEM_BULLETS)


def cell_lines(raw: str) -> list[str]:
    """Split a cell into lines at HTML breaks and before bullets; drop empty lines."""
    text = _BREAK_TAGS.sub("\n", raw)
    text = _OTHER_TAGS.sub("", text)
    lines: list[str] = []
    for part in text.split("\n"):
        for piece in _BULLET_BREAK.split(part):
            piece = piece.strip()
            if piece:
                lines.append(piece)
    return lines
