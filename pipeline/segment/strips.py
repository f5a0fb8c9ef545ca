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


def row_phases(
    block: Block, index: int, years: dict[int, int], vocab: Vocabulary, problems: list[str] | None = None
) -> list[tuple]:
    """(fy_start, fy_end, phase, "timeline", where) of row `index` of a strip, left to right.

    What the bars leave unclear goes to `problems`: a label under no bar, a bar without one
    label, a bar beyond the year columns."""
    problems = [] if problems is None else problems
    row = block.rows[index]
    bars = sorted((b for b in block.bars if b.row == index), key=lambda b: b.first)
    if not bars:
        cells = [c.text for c in row.cells]
        return [(*p, _where(row)) for p in strip_phases(cells, years, vocab)]
    labels = {
        c: label
        for c in sorted(years)
        if c < len(row.cells) and (label := clean(row.cells[c].text.translate(ARROWS)))
    }
    for c, label in labels.items():
        if not any(b.first <= c <= b.last for b in bars):
            problems.append(f"label {label} in {years[c]} lies under no bar")
    result = []
    for bar in bars:
        covered = [years[c] for c in range(bar.first, bar.last + 1) if c in years]
        if not covered:
            problems.append("a bar drawn outside the year columns; not read")
            continue
        inside = [label for c, label in labels.items() if bar.first <= c <= bar.last]
        phase = clean(bar.text.translate(ARROWS)) or (inside[0] if len(inside) == 1 else None)
        if phase is None:
            printed = "、".join(inside) or "no label"
            problems.append(
                f"the bar over {covered[0]}–{covered[-1]} has no single label ({printed}); its phase is left empty"
            )
        result.append((covered[0], covered[-1], phase, "timeline", _where(row, bar.bbox)))
    return result


def aligned_phases(
    block: Block, header_rows: int, years: dict[int, int], items: list[Node], vocab: Vocabulary
) -> list[tuple[Block | Row, str]]:
    """A strip printed beside an item table, naming no row: row k holds the phases of its k-th action.

    Returns the problems: rows that do not pair with the actions (nothing is assigned then), bars
    that leave a phase unclear."""
    rows = len(block.rows) - header_rows
    if rows != len(items):
        return [(
            block,
            f"year strip has {rows} rows but the overview before it lists {len(items)} actions; "
            "its bars are not assigned",
        )]  # fmt: skip
    found = []
    for k, node in enumerate(items):
        problems: list[str] = []
        node.schedules.extend(row_phases(block, header_rows + k, years, vocab, problems))
        row = block.rows[header_rows + k]
        found += [(row, f"action {node.code or node.title}: {p}") for p in problems]
    return found


def _where(row: Row, bbox=None) -> SimpleNamespace:
    """Provenance of a schedule: its row, and the bar's box when one was drawn."""
    return SimpleNamespace(page=row.page, line=row.line, bbox=bbox or row.bbox)
