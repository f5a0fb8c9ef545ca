"""A table continued over pages: one set of columns for its parts, and a row the page break cut
in two joined again (`assemble.merge_table` applies the joins).

Columns. Without vertical rules a column is seen only where some row of a part has text in it,
so parts of one table may differ in columns (a mark column with no mark on that page, a card
whose year columns are on the next page). Parts drawn with horizontal rules only that continue
one another — the last item of a page and the first of the next, over the same width — take the
union of their column edges, unless an edge of one part would cut through a run of text of
another (`unify_continued_columns`, on the pages). Parts without any rules are put on the union
of their column starts when a repeated header shows that they are one table
(`on_common_columns`, while the pages are assembled).

Cut rows. A row the page cut goes on in the next part's first row. The rules say so where there
are rules (`Grid.cut`: a ruled row drawn open to the page's foot, a rule at the page's edge or
past it); rows banded by fills show it by their shades (`same_band`: the next part's first row
keeps the last row's shade); without rules the text does (`continued_row`): the next part's first row has no text in
its first column and text only where the last row has text, each such cell of the last row runs
to the cell's edge on its last line and ends no sentence, and the text after the break starts no
bullet or numbered item. A producer that breaks a ruled row across pages may draw each part as a
closed box: such a row goes on when it ends at the foot of the page's frame (`at_foot`) and the
text says so, most of its cells (not every: a cell may end in a line break) filled to the edge. A producer that slices a long page into pages with an overlap prints the
lines at the cut on both pages (`printed_twice`, removed by `without_lines`).
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.model.ir import Block, Cell, Row
from pipeline.normalize.numbering import parse_numbering
from pipeline.read.cells import BULLETS, cell_lines
from pipeline.read.pdf.cell_text import join_lines, numbered
from pipeline.read.pdf.chars import LINE_BREAK_AFTER, LINE_BREAK_BEFORE
from pipeline.read.pdf.grid import Grid, _inner_right, drop_separator_rows, grid_rows, place_lines
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


def continued_row(first: Block, grid: Grid, row: Row, at_foot: bool = False) -> bool:
    """Whether `row` (the next part's first) is the rest of `first`'s last row, cut by the page.

    `grid` is the grid of the part `first` ends with. A ruled part drawn closed at the cut shows
    no cut in its rules: it may go on only when its last row reaches the foot of the page's frame
    (`at_foot`).
    """
    last = first.rows[-1] if first.rows else None
    filled = [c for c, cell in enumerate(row.cells) if cell.raw]
    if (
        last is None
        or not filled
        or len(row.cells) != len(last.cells)
        or (grid.ruled and not at_foot)
        or (0 in filled and not _key_goes_on(last.cells[0].raw, row.cells[0].raw))
    ):
        return False  # a row with a key in its first column is a row of its own, unless the key was cut
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
        if _starts_item(before, after):
            return False
    full = sum(_ends_full(grid, r, c) for c in filled)
    # A cell may end its line early where the text breaks it (効果⏎…): at the frame's foot, where
    # the rows are cut, most of the cells ending full is enough.
    return full == len(filled) or (at_foot and 2 * full > len(filled))


def _key_goes_on(before: str, after: str) -> bool:
    """Whether a first column's text goes on a numbered key (`(1)着地型観` | `光商品の開発`, a line
    break the page cut): the text before is numbered and the text after is not."""
    return numbered(before.strip()) and parse_numbering(after.strip()) is None


def _starts_item(before: str, after: str) -> bool:
    """Whether `after` starts a numbered item, not a run of numbers `before` began (①②③ | ④⑤⑦)."""
    numbering = parse_numbering(after)
    if numbering is None or numbering.style == "word":
        return False
    tail = parse_numbering(before.rstrip()[-1:])
    return tail is None or tail.style != numbering.style


def at_foot(grid: Grid, bottom: float) -> bool:
    """Whether the grid's last row ends where the page's frame does (`bottom`), less than a line
    and a cell's padding above it: where a producer that breaks rows across pages cuts one."""
    parts = [ln for (r, _), lines in grid.texts.items() if r == len(grid.ys) - 2 for ln in lines]
    if not parts:
        return False
    size = max(ln.size for ln in parts)
    return bottom - grid.ys[-1] < 2 * size


def cut_shown(
    before: Grid, after: Grid, header: int, bottom: float
) -> tuple[tuple[bool, bool], dict[int, list[str]], bool]:
    """What the page shows of a cut between `before` (a table's part at a page's foot, whose frame
    ends at `bottom`) and `after` (its part on the next page, `header` repeated rows first).

    Returns (cut, twice, at_foot) for `assemble.merge_table`: whether the rules or the fills show
    the page cutting `before`'s last row at the foot and `after`'s first row at the top (an open
    ruled box at the foot goes on at the top; a row that keeps its band's shade is one row);
    the lines printed on both sides of the cut; whether `before`'s last row reaches the frame's
    foot (where a producer that draws closed boxes cuts a row)."""
    banded = same_band(before, after, header)
    foot = before.cut[1] or banded
    top = after.cut[0] or (foot and before.ruled) or banded
    return (foot, top), printed_twice(before, after) if top else {}, at_foot(before, bottom)


def same_band(before: Grid, after: Grid, header: int) -> bool:
    """Whether `after`'s first row past its `header` repeated rows goes on `before`'s last row, as the
    fills show: the rows are banded, shaded and unshaded in turn, and that row has the last row's
    shade where the next row would have the other."""
    a, b = before.shades, after.shades
    if not a or not b or len(a) < 3 or len(b) <= header:
        return False
    alternating = a[-1] != a[-2] and a[-1] == a[-3]
    return alternating and b[header] == a[-1] and (len(b) == header + 1 or b[header + 1] != b[header])


def join_row(first: Block, row: Row, grid: Grid | None = None) -> None:
    """Join the cells of `row` to the last row of `first`, as a cell's wrapped lines are joined.

    With `grid` (the grid of the part `first` ends with), a cell whose last line ended short of
    the cell's edge goes on on a line of its own (a line break, not a wrap)."""
    last = first.rows[-1]
    r = len(grid.ys) - 2 if grid is not None else 0
    for c, cell in enumerate(row.cells):
        if cell.raw:
            if grid is not None and not _ends_full(grid, r, c):
                raw = f"{last.cells[c].raw}\n{cell.raw}"
            else:
                raw = join_lines([last.cells[c].raw, cell.raw])
            last.cells[c] = replace(last.cells[c], raw=raw, lines=cell_lines(raw))


def _ends_full(grid: Grid, r: int, c: int) -> bool:
    """Whether the last line of cell (r, c) reaches the cell's right edge: within two characters
    (a bracket and what follows it may not have fitted), and within a third of a narrow cell
    (`7年⏎度` in a column two characters wide: its last line is not full)."""
    parts = grid.texts.get((r, c))
    right = _inner_right(grid, c, c)
    if not parts or right is None:
        return False
    if c + 1 < grid.columns:  # text stops before the next column
        right = min(right, grid.xs[c + 1])
    bottom = max(ln.top for ln in parts)
    line = max((ln for ln in parts if ln.top > bottom - 0.5 * ln.size), key=lambda ln: ln.x1)
    left = min(ln.x0 for ln in parts)
    return line.x1 >= right - min(2 * line.size, (right - left) / 3)


def continue_spans(first: Block, head: Row | None, rows: list[Row]) -> None:
    """A merged cell that the page break splits goes on over the next part's rows (`Cell.rows`).

    A word processor prints the rest of a cell merged over rows that the break splits as an empty box
    over the rows it still covers on the next page. `head`: the next part's first row when it is the
    rest of `first`'s last row (a cut row): a cell covering that row goes on over the rows its rest
    covers there. Otherwise a merged cell reaching `first`'s last row goes on where the next part's
    first row (`rows[0]`) shows an empty cell merged over rows at its position (an empty cell over
    one row is a cell of its own: what the page shows cannot tell it from a continuation)."""
    if not first.rows:
        return
    last = len(first.rows) - 1
    for c in range(len(first.rows[-1].cells)):
        top = next(
            (i for i, r in enumerate(first.rows) if c < len(r.cells) and i + r.cells[c].rows > last > i),
            last,
        )
        cell = first.rows[top].cells[c]
        if head is not None:
            rest = head.cells[c] if c < len(head.cells) else None
            more = rest.rows - 1 if rest is not None and not rest.raw else 0
        else:
            rest = rows[0].cells[c] if rows and c < len(rows[0].cells) else None
            more = rest.rows if rest is not None and not rest.raw and rest.rows > 1 and cell.rows > 1 else 0
            if more:
                rows[0].cells[c] = replace(rest, rows=1)
        if more:
            first.rows[top].cells[c] = replace(cell, rows=cell.rows + more)
