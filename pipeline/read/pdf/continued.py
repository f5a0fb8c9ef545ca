"""A table drawn with horizontal rules only and continued over pages: one set of columns for its parts.

Each page's part of such a table finds its columns from the alignment of its own text, so a column
empty in every row of one part is not seen there (a mark column with no mark on that page, a
card's empty cells), and the parts differ in columns and are not merged. Parts that continue one
another — the last item of a page and the first item of the next, drawn over the same width —
take the union of their column edges, unless an edge of one part would cut through a run of text
of another (then they are different tables, or the columns really differ).

A row the page edge cuts goes on in the next part's first row (`join_rows`); a producer that slices
a long page into pages with an overlap prints the lines at the cut on both pages (`printed_twice`,
removed by `without_lines`). `assemble.merge_table` applies them.
"""

from __future__ import annotations

from pipeline.model.ir import Cell, Row
from pipeline.read.cells import cell_lines
from pipeline.read.pdf.chars import wrap_joint
from pipeline.read.pdf.grid import Grid, drop_separator_rows, grid_rows, place_lines
from pipeline.read.pdf.pages import Item, Page
from pipeline.read.pdf.rule_tables import clip_to_page, rule_grid
from pipeline.read.pdf.rules import snap
from pipeline.read.pdf.settings import DEFAULTS, PdfSettings


def unify_continued_columns(pages: list[Page], settings: PdfSettings = DEFAULTS) -> None:
    """Give the parts of each table continued over pages the union of their column edges."""
    for run in _continued_runs(pages, settings.table_tolerance):
        edges = snap([x for _, item in run for x in item.grid.xs[1:-1]], settings.table_tolerance)
        if all(len(item.grid.xs) == len(edges) + 2 for _, item in run):
            continue
        if any(_cuts(item.grid, edges, settings.table_tolerance) for _, item in run):
            continue
        for page, item in run:
            _regrid(page, item, edges, settings)


def _rule_part(item: Item | None) -> bool:
    grid = item.grid if item is not None and item.kind == "table" else None
    return grid is not None and not grid.ruled and bool(grid.rules) and not grid.bars


def _continued_runs(pages: list[Page], tolerance: float) -> list[list[tuple[Page, Item]]]:
    """Runs of table parts that go on from the foot of one page to the top of the next."""
    runs: list[list[tuple[Page, Item]]] = []
    run: list[tuple[Page, Item]] = []
    for previous, page in zip(pages, pages[1:], strict=False):
        last = previous.items[-1] if previous.items else None
        first = page.items[0] if page.items else None
        if (
            page.number == previous.number + 1
            and _rule_part(last)
            and _rule_part(first)
            and abs(last.grid.xs[0] - first.grid.xs[0]) <= 3 * tolerance
            and abs(last.grid.xs[-1] - first.grid.xs[-1]) <= 3 * tolerance
        ):
            if not run or run[-1][1] is not last:
                run = [(previous, last)]
                runs.append(run)
            run.append((page, first))
        else:
            run = []
    return runs


def _cuts(grid: Grid, edges: list[float], tolerance: float) -> bool:
    """Whether an edge falls inside a run of the part's text (not where a column of it starts)."""
    return any(
        seg[0]["x0"] + tolerance < x + 1 < seg[-1]["x1"] - tolerance
        for ln in grid.lines
        for seg in ln.segments
        for x in edges
    )


def _regrid(page: Page, item: Item, edges: list[float], settings: PdfSettings) -> None:
    old = item.grid
    if len(old.xs) == len(edges) + 2 and all(
        abs(a - b) <= settings.table_tolerance for a, b in zip(old.xs[1:-1], edges, strict=True)
    ):
        return
    size = max((ln.size for ln in old.lines), default=10.0)
    grid = rule_grid(old.rules, old.lines, size, settings.table_tolerance, edges)
    if grid is None:
        return
    clip_to_page(grid, page.height, size)
    grid.page, grid.lines = old.page, old.lines
    place_lines(grid, old.lines, settings)
    item.grid = grid
    item.block.rows, item.block.bars = drop_separator_rows(grid_rows(grid, page.number), [])


def without_lines(row: Row, twice: dict[int, list[str]]) -> Row:
    """The row less, per column, its leading lines printed on the page before too."""
    cells = []
    for c, cell in enumerate(row.cells):
        text = cell.raw
        for line in twice.get(c, []):
            text = text.lstrip()
            if text.startswith(line):
                text = text[len(line) :]
        text = text.strip() if c in twice else text
        cells.append(Cell(text, cell_lines(text), cell.bbox))
    return Row(cells, page=row.page, bbox=row.bbox)


def join_rows(row: Row, rest: Row) -> None:
    """A row's text continued by `rest`, cell by cell (the lines the page break moved on)."""
    for cell, more in zip(row.cells, rest.cells, strict=False):
        if more.raw:
            cell.raw = cell.raw + wrap_joint(cell.raw, more.raw) + more.raw if cell.raw else more.raw
            cell.lines = cell_lines(cell.raw)


def printed_twice(before: Grid, after: Grid) -> dict[int, list[str]]:
    """Per column, the first lines of `after`'s first row that repeat the last lines of `before`'s
    last row: the lines at a page cut, drawn at the foot of one page and again at the top of the next."""
    out = {}
    last = len(before.ys) - 2
    for c in range(min(before.columns, after.columns)):
        above = [
            ln.text() for ln in sorted(before.texts.get(before.owner(last, c), []), key=lambda ln: ln.top)
        ]
        below = [ln.text() for ln in sorted(after.texts.get(after.owner(0, c), []), key=lambda ln: ln.top)]
        k = max((k for k in range(1, min(len(above), len(below)) + 1) if above[-k:] == below[:k]), default=0)
        if k:
            out[c] = below[:k]
    return out
