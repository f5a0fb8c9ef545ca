"""The parts of a table without vertical rules continued over pages: on the columns of both, and
a row the page break cut in two joined again.

Without rules a column is seen only where some row has text in it, so the part on one page may
lack a column the part on the next page has (a card whose year columns are on the next page).
Both parts are put on the union of their column starts (starts within `slack` are one column);
the caller then merges them as it merges parts of one width (a repeated header shows that they
are one table).

A row whose cells the page cut goes on in the next part's first row: that row has no text in its
first column and text only in columns where the last row has text, each such cell of the last row runs to the cell's edge on its
last line and ends no sentence, and the text after the break starts no bullet or numbered item.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.model.ir import Block, Cell, Row
from pipeline.normalize.numbering import parse_numbering
from pipeline.read.cells import BULLETS, cell_lines
from pipeline.read.pdf.chars import LINE_BREAK_AFTER, LINE_BREAK_BEFORE, join_lines
from pipeline.read.pdf.grid import Grid, _inner_right


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
    texts = {(r, mapping[c]): parts for (r, c), parts in grid.texts.items()}
    rights = None
    if grid.rights is not None:
        rights = [xs[c + 1] for c in range(width)]
        for i, right in enumerate(grid.rights):
            rights[mapping[i]] = right
    return replace(block, rows=rows, bars=bars), replace(grid, xs=xs, spans={}, texts=texts, rights=rights)


def on_common_columns(
    first: Block, first_grid: Grid, part: Block, part_grid: Grid, slack: float
) -> tuple[Block, Grid, Block, Grid] | None:
    """Both parts widened to the union of their columns, or None when they have the same ones."""
    union = column_union(first_grid, part_grid, slack)
    if union is None:
        return None
    a, b, xs = union
    return (*widen(first, first_grid, a, xs), *widen(part, part_grid, b, xs))


def continued_row(first: Block, grid: Grid, row: Row) -> bool:
    """Whether `row` (the next part's first) is the rest of `first`'s last row, cut by the page.

    `grid` is the grid of the part `first` ends with.
    """
    last = first.rows[-1] if first.rows else None
    filled = [c for c, cell in enumerate(row.cells) if cell.raw]
    if last is None or not filled or len(row.cells) != len(last.cells) or grid.ruled or 0 in filled:
        return False  # a row with a key in its first column is a row of its own
    r = len(grid.ys) - 2
    for c in filled:
        before, after = last.cells[c].raw, row.cells[c].raw.strip()
        if (
            not before
            or before.endswith(LINE_BREAK_AFTER)
            or not after
            or after[0] in BULLETS + LINE_BREAK_BEFORE
        ):
            return False
        numbering = parse_numbering(after)
        if numbering is not None and numbering.style != "word":
            return False
        if not _ends_full(grid, r, c):
            return False
    return True


def join_row(first: Block, row: Row) -> None:
    """Join the cells of `row` to the last row of `first`, as a cell's wrapped lines are joined."""
    last = first.rows[-1]
    for c, cell in enumerate(row.cells):
        if cell.raw:
            raw = join_lines([last.cells[c].raw, cell.raw])
            last.cells[c] = replace(last.cells[c], raw=raw, lines=cell_lines(raw))


def _ends_full(grid: Grid, r: int, c: int) -> bool:
    """Whether the last line of cell (r, c) reaches the cell's right edge (within a character)."""
    parts = grid.texts.get((r, c))
    right = _inner_right(grid, c, c)
    if not parts or right is None:
        return False
    if c + 1 < grid.columns:  # text stops before the next column
        right = min(right, grid.xs[c + 1])
    bottom = max(ln.top for ln in parts)
    line = max((ln for ln in parts if ln.top > bottom - 0.5 * ln.size), key=lambda ln: ln.x1)
    return line.x1 >= right - 2 * line.size  # a bracket and what follows it may not have fitted
