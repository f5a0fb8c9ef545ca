"""A node from a printed name — a table cell, a card field, a list item — and the words around it.

Numbering, inline departments and marks come off the name; a cell's wrapped lines join
without a space (a title wraps mid-word in Japanese).
"""

from __future__ import annotations

from pipeline.model.ir import Row
from pipeline.normalize.numbering import parse_numbering
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.elements import Inline, inline
from pipeline.segment.tree import Node
from pipeline.segment.vocabulary import Vocabulary, key


def named(text: str, vocab: Vocabulary, origin: str, where, word: str | None = None) -> Node:
    """A node from a printed name (a cell, a card field, a list item): numbering, title, departments, marks.

    A cell's wrapped lines are joined without a space (a title wraps mid-word in Japanese).
    """
    joined = nfkc(text.replace("\n", ""))
    n = parse_numbering(joined)
    info = inline(n.title if n and n.style != "chapter" else joined, vocab)
    node = Node(info.title, text, origin, where, n.code if n else None, n.raw if n else None, word)
    node.departments = list(info.departments)
    marks(node, info)
    return node


def marks(node: Node, info: Inline) -> None:
    node.novelty = node.novelty or info.novelty
    node.is_priority = node.is_priority or info.is_priority
    node.is_repost = node.is_repost or info.is_repost


def mark_novelty(text: str, vocab: Vocabulary) -> str | None:
    """A novelty column: its word (新規, 拡充, 継続), or a mark (○) meaning the column's own word."""
    return vocab.novelty_of(text) or ("new" if key(text) in ("○", "◯", "●", "◎", "★") else None)


def cell_text(row: Row, col: int | None) -> str:
    """The text of a row's cell, '' where the column is absent or the cell empty."""
    return (
        row.cells[col].text if col is not None and col < len(row.cells) and clean(row.cells[col].text) else ""
    )
