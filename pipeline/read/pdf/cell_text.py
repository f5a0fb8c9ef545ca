"""A cell's (or a paragraph's) visual lines joined back into its text: where a line wraps, where it
breaks, and what a wrap stood for (nothing between Japanese, a space between Latin words)."""

from __future__ import annotations

import re

from pipeline.normalize.numbering import parse_numbering
from pipeline.read.pdf.chars import LINE_BREAK_AFTER, LINE_BREAK_BEFORE


def join_lines(texts: list[str]) -> str:
    """Visual lines of one cell → its text: lines joined, sentence ends and bullets kept apart."""
    return join_cell([(text, 0.0, 0.0) for text in texts], None)


def join_cell(lines: list[tuple], right: float | None) -> str:
    """A cell's visual lines (text, right end, width of its first word[, letter-spaced[, size]]) → the
    cell's text.

    A line wraps into the next (joined without a break, or with a space between Latin words)
    unless it ends a sentence (。) or in a printed space (the words part there: `コミ推 ⏎各庁舎総企`),
    the next starts with a bullet, either line is letter-spaced over its whole length
    (均等割付: a label of its own, `総務課長` / `所 属 長`), or — when the cell's right
    edge is known — the next line's first word would have fitted after it (the line
    ended early: a real line break, or a break at a space).
    """
    out = ""
    run_in = _run_in_items([text for text, *_ in lines])
    previous: float | None = None  # where the previous line ended
    spaced = False  # the previous line was letter-spaced
    blank_end = False  # the previous line ended in a printed space
    for text, x1, unit, *rest in lines:
        distributed = bool(rest and rest[0])
        size = rest[1] if len(rest) > 1 else None
        ends_blank = text.endswith(" ")
        text = text.strip()
        if not text:
            continue
        if not out:
            out = text
        else:
            # A wrapping producer moved the word down because it did not fit before the edge.
            ended = right is not None and previous is not None and previous + unit < right - 0.5
            item = run_in and out.endswith(LINE_BREAK_AFTER) and numbered(text)
            if (
                (out.endswith(LINE_BREAK_AFTER) and not item)
                or text[0] in LINE_BREAK_BEFORE
                or ended
                or blank_end
                or spaced
                or distributed
            ):
                out += "\n" + text
            else:
                flush = right is not None and size is not None and previous >= right - 0.3 * size
                out += (" " if item else wrap_joint(out, text, flush)) + text
        previous = x1
        spaced = distributed
        blank_end = ends_blank
    return out


def numbered(text: str) -> bool:
    """Whether text starts with an item's number (`(3)`, `③`, `3.`), not a numbered word."""
    numbering = parse_numbering(text, ())
    return numbering is not None and numbering.style != "word"


def _run_in_items(texts: list[str]) -> bool:
    """Whether a cell's numbered items run on in its lines: an item's number after a space mid-line
    (`…補助した。 (2)自治会全体会で…`). Such a cell wraps before its next item, when the line above
    is full, where a space stood (the wrap drops it), not at a paragraph's end."""
    return any(numbered(piece) for text in texts for piece in re.split(r"\s+", text.strip())[1:])


_LATIN_TAIL = re.compile(r"(?<=[^\sA-Za-z])[A-Za-z]+$")  # a Latin run set close after other text


def wrap_joint(before: str, after: str, flush: bool = False) -> str:
    """What a line wrap stood for: nothing between Japanese text, a space between Latin words.

    `flush`: the line before ends at the edge of its frame or cell. A producer that wraps at
    spaces moves a word set close after Japanese text (`のSNS`, `（No.13`) down whole; one that
    breaks inside words fills the line to its edge and goes on with the word's rest (`のS⏎NS`,
    `（N⏎o.13`; not a lower-case letter before a capital: `のPlan⏎Do` parts at a space).
    """
    a, b = before[-1], after[0]
    if not (a.isascii() and b.isascii()):
        return ""
    if flush and _LATIN_TAIL.search(before) and b.isalnum() and not (a.islower() and b.isupper()):
        return ""
    return " " if (a.isalpha() or a in ",.;:)") and b.isalpha() else ""


# Characters that may not start a line (行頭禁則, JIS X 4051): the character before goes with them.
