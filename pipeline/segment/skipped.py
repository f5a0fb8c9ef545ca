"""Tables that hold no records of the plan: statistics, and lists of proposals.

A table of figures by category (a label column, numbers in every other cell of its body rows,
no fiscal years heading its columns) is the document's statistics — figures by year may be an
indicator's and stay reported as unread; a table whose name column is headed by a proposal word (事業アイデア名,
意見, 提案内容; vocabulary `proposal_words`) lists what was proposed while the plan was drafted,
not what the plan does. Both are recognized, so they are neither read nor reported as unread.
"""

from __future__ import annotations

import re

from pipeline.model.ir import Block
from pipeline.normalize.text import clean
from pipeline.segment.tables import Shape, header_texts, year_of_header
from pipeline.segment.vocabulary import Vocabulary, key

_FIGURE = re.compile(r"^[-+▲△]?[0-9][0-9,]*(?:\.[0-9]+)?\s*[%％]?$")


def skipped(block: Block, shape: Shape, vocab: Vocabulary) -> Shape | None:
    """A shape that reads nothing (`figures` or `proposals`) for such a table, else None."""
    if shape.kind in ("items", "unknown", "sheet", "cards"):
        # the name column's header, the first of an unknown table, or a key–value sheet's first label
        if shape.kind in ("sheet", "cards"):
            head = block.rows[0].cells[0].text if block.rows and block.rows[0].cells else ""
        else:
            head = header_texts(block.rows, shape.header_rows)[shape.column("name") or 0]
        if any(w in key(head) for w in vocab.proposal_words):
            return Shape("proposals", reason=f"a table of proposals ({head}), not the plan's items")
    if shape.kind == "unknown" and is_figures(block) and not _year_columns(block):
        return Shape("figures", reason="a table of figures (statistics)")
    return None


def is_figures(block: Block) -> bool:
    """At least two body rows whose cells after the first are all figures, and most rows so."""
    numeric = 0
    for row in block.rows:
        values = [clean(c.text) for c in row.cells[1:] if clean(c.text)]
        if values and all(_FIGURE.match(v) for v in values):
            numeric += 1
    return numeric >= 2 and numeric * 2 >= len(block.rows)


def _year_columns(block: Block) -> bool:
    """Some column of the first two rows is headed by a fiscal year."""
    return any(year_of_header(h, None) for n in (1, 2) for h in header_texts(block.rows[n - 1 : n], 1))
