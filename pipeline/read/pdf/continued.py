"""The parts of a table without vertical rules continued over pages, on the columns of both.

Without rules a column is seen only where some row has text in it, so the part on one page may
lack a column the part on the next page has (a card whose year columns are on the next page).
Both parts are put on the union of their column starts (starts within `slack` are one column);
the caller then merges them as it merges parts of one width (a repeated header shows that they
are one table).
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.model.ir import Block, Cell
from pipeline.read.pdf.grid import Grid


def column_union(a: Grid, b: Grid, slack: float) -> tuple[list[int], list[int], list[float]] | None:
    """Where each column of `a` and of `b` goes among the union of their starts, and the union's edges.

    None when the tables have rules (their columns are drawn) or when one's columns already are the other's.
    """
    if a.ruled or b.ruled:
        return None
    starts: list[float] = []
    for x in sorted(a.xs[:-1] + b.xs[:-1]):
        if not starts or x - starts[-1] > slack:
            starts.append(x)
    if len(starts) == a.columns == b.columns:
        return None

    def where(xs: list[float]) -> list[int]:
        return [min(range(len(starts)), key=lambda i: abs(starts[i] - x)) for x in xs[:-1]]

    return where(a.xs), where(b.xs), starts + [max(a.xs[-1], b.xs[-1])]


def widen(block: Block, grid: Grid, mapping: list[int], xs: list[float]) -> tuple[Block, Grid]:
    """`block` and `grid` on the union's columns: empty cells where the block had no column."""
    width = len(xs) - 1
    rows = []
    for row in block.rows:
        cells = [Cell("", []) for _ in range(width)]
        for i, cell in enumerate(row.cells):
            cells[mapping[i]] = cell
        rows.append(replace(row, cells=cells))
    bars = [replace(b, first=mapping[b.first], last=mapping[b.last]) for b in block.bars]
    return replace(block, rows=rows, bars=bars), replace(grid, xs=xs, spans={})


def on_common_columns(
    first: Block, first_grid: Grid, part: Block, part_grid: Grid, slack: float
) -> tuple[Block, Grid, Block, Grid] | None:
    """Both parts widened to the union of their columns, or None when they have the same ones."""
    union = column_union(first_grid, part_grid, slack)
    if union is None:
        return None
    a, b, xs = union
    return (*widen(first, first_grid, a, xs), *widen(part, part_grid, b, xs))
