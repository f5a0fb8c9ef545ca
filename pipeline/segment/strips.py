"""Year strips: the phases of one row, from the bars drawn over it or from its cells.

A PDF draws a bar per phase over the years it lasts (`Block.bars`); a bar's phase is the
word printed on it, else the one word printed in its cells. Without bars the cells say it
(`table_values.strip_phases`: words, arrows carrying the word before, marks per year).
A schedule keeps where it was printed: the row, and the bar's box when there is one.
"""

from __future__ import annotations

from types import SimpleNamespace

from pipeline.model.ir import Block, Row
from pipeline.normalize.text import clean
from pipeline.segment.table_values import strip_phases
from pipeline.segment.tree import Node
from pipeline.segment.vocabulary import Vocabulary

ARROWS = {ord(a): " " for a in "→⇒▶►⟶"}


def row_phases(block: Block, index: int, years: dict[int, int], vocab: Vocabulary) -> list[tuple]:
    """(fy_start, fy_end, phase, "timeline", where) of row `index` of a strip, left to right."""
    row = block.rows[index]
    bars = sorted((b for b in block.bars if b.row == index), key=lambda b: b.first)
    if not bars:
        cells = [c.text for c in row.cells]
        return [(*p, _where(row)) for p in strip_phases(cells, years, vocab)]
    result = []
    for bar in bars:
        covered = [years[c] for c in range(bar.first, bar.last + 1) if c in years]
        if not covered:
            continue
        inside = [
            label
            for c in sorted(years)
            if bar.first <= c <= bar.last and c < len(row.cells)
            if (label := clean(row.cells[c].text.translate(ARROWS)))
        ]
        phase = clean(bar.text.translate(ARROWS)) or (inside[0] if len(inside) == 1 else None)
        result.append((covered[0], covered[-1], phase, "timeline", _where(row, bar.bbox)))
    return result


def aligned_phases(
    block: Block, header_rows: int, years: dict[int, int], items: list[Node], vocab: Vocabulary
) -> str | None:
    """A strip printed beside an item table, naming no row: row k holds the phases of its k-th action.

    Returns the problem when the rows do not pair with the actions (nothing is assigned then)."""
    rows = len(block.rows) - header_rows
    if rows != len(items):
        return (
            f"year strip has {rows} rows but the overview before it lists {len(items)} actions; "
            "its bars are not assigned"
        )
    for k, node in enumerate(items):
        node.schedules.extend(row_phases(block, header_rows + k, years, vocab))
    return None


def _where(row: Row, bbox=None) -> SimpleNamespace:
    """Provenance of a schedule: its row, and the bar's box when one was drawn."""
    return SimpleNamespace(page=row.page, line=row.line, bbox=bbox or row.bbox)
