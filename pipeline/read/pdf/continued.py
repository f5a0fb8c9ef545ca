"""A table drawn with horizontal rules only and continued over pages: one set of columns for its parts.

Each page's part of such a table finds its columns from the alignment of its own text, so a column
empty in every row of one part is not seen there (a mark column with no mark on that page, a
card's empty cells), and the parts differ in columns and are not merged. Parts that continue one
another — the last item of a page and the first item of the next, drawn over the same width —
take the union of their column edges, unless an edge of one part would cut through a run of text
of another (then they are different tables, or the columns really differ).
"""

from __future__ import annotations

from pipeline.read.pdf.grid import Grid, drop_separator_rows, grid_rows, place_lines
from pipeline.read.pdf.pages import Item, Page
from pipeline.read.pdf.rules import snap
from pipeline.read.pdf.settings import DEFAULTS, PdfSettings
from pipeline.read.pdf.tables import clip_to_page, rule_grid


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
