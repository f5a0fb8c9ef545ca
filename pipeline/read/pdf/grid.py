"""A table on one page as a grid: its text placed in cells, its rows of cells, the bars drawn in it.

Merged cells keep their text at their top-left position; vertical text (縦書き, one
character per line) in a cell reads top to bottom.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from pipeline.model.ir import Bar, BBox, Cell, Row
from pipeline.read.cells import cell_lines, is_separator
from pipeline.read.pdf.cell_text import join_cell
from pipeline.read.pdf.chars import Line, build_lines, first_unit_width, ink_x0
from pipeline.read.pdf.settings import DEFAULTS, PdfSettings


@dataclass(slots=True)
class Grid:
    """A table on one page: column and row edges, merged cells, and its characters' placement."""

    bbox: BBox
    xs: list[float]  # column edges (len = columns + 1)
    ys: list[float]  # row edges (len = rows + 1)
    # (row, col) of a cell's top-left → (last row, last col) it covers
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    ruled: bool = True  # vertical rules (a grid) or horizontal rules only
    texts: dict[tuple[int, int], list[Line]] = field(default_factory=dict)
    bars: list[Bar] = field(default_factory=list)
    page: int = 0
    cut: tuple[bool, bool] = (False, False)  # the first / last row goes on past the page's top / bottom
    rules: list = field(default_factory=list)  # horizontal rules only: the rules (Segments) it was read from
    lines: list[Line] = field(default_factory=list)  # horizontal rules only: the lines placed in it
    rights: list[float] | None = None  # where each column's text wraps, when known (tables without rules)
    shades: list[tuple[str, ...]] | None = None  # rows banded by fills: each row's fill colours

    @property
    def columns(self) -> int:
        return len(self.xs) - 1

    def owner(self, r: int, c: int) -> tuple[int, int]:
        """The top-left position of the (merged) cell that covers (r, c)."""
        for (r0, c0), (r1, c1) in self.spans.items():
            if r0 <= r <= r1 and c0 <= c <= c1:
                return r0, c0
        return r, c


def _row_at(grid: Grid, y: float) -> int:
    for r in range(len(grid.ys) - 2):
        if y < grid.ys[r + 1]:
            return r
    return len(grid.ys) - 2


def place_chars(grid: Grid, chars: list[dict], settings: PdfSettings = DEFAULTS) -> None:
    """Ruled grids: each character to the cell it starts in, then the cell's lines.

    A character belongs to the cell where its left edge is: a closing 。 or 、 that
    line breaking pushed over the right rule still starts inside its own cell.
    """
    groups: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for ch in chars:
        r = _row_at(grid, (ch["top"] + ch["bottom"]) / 2)
        groups[grid.owner(r, _column_at(grid, ch["x0"] + 0.5))].append(ch)
    for key, mine in groups.items():
        grid.texts[key] = build_lines(mine, settings)


def place_lines(grid: Grid, lines: list[Line], settings: PdfSettings = DEFAULTS) -> None:
    """Tables without vertical rules: each run of text to the cell of the column it starts in.

    A run that crosses into the next columns is a merged cell: its text stays in its
    first column and the columns it crosses are left empty.
    """
    tolerance = settings.table_tolerance
    for ln in lines:
        r = _row_at(grid, (ln.top + ln.bottom) / 2)
        for seg in ln.segments:
            c = _column_at(grid, ink_x0(seg) + tolerance)
            last = _column_at(grid, seg[-1]["x1"] - tolerance)
            key = grid.owner(r, c)
            if last > c and key == (r, c):
                end = grid.spans.get((r, c), (r, c))
                grid.spans[(r, c)] = (end[0], max(end[1], last))
            if seg is ln.segments[-1] and not ln.chars[-1]["text"].strip():
                seg = [*seg, ln.chars[-1]]  # a printed space ends the line: the words part there
            grid.texts.setdefault(key, []).append(_sub_line(ln, seg))


def _column_at(grid: Grid, x: float) -> int:
    for c in range(grid.columns):
        if x < grid.xs[c + 1]:
            return c
    return grid.columns - 1


def _sub_line(line: Line, chars: list[dict]) -> Line:
    sub = Line(
        chars,
        line.size,
        chars[0]["x0"],
        line.top,
        chars[-1]["x1"],
        line.bottom,
        page=line.page,
        baseline=line.baseline,
        settings=line.settings,
    )
    sub.segments = [chars]
    sub.tracked = line.tracked
    ink = [c for c in chars if c["text"].strip()]
    sub.distributed = len(ink) > 1 and all(id(c) in line.tracked for c in ink[1:])
    return sub


def grid_rows(grid: Grid, page: int) -> list[Row]:
    """The grid's rows of cells; merged cells leave empty cells at the positions they cover."""
    visual = {key: _visual_lines(parts) for key, parts in grid.texts.items()}
    rows = []
    for r in range(len(grid.ys) - 1):
        cells = []
        for c in range(grid.columns):
            box = (grid.xs[c], grid.ys[r], grid.xs[c + 1], grid.ys[r + 1])
            if grid.owner(r, c) != (r, c):
                cells.append(Cell("", [], box))
                continue
            r1, c1 = grid.spans.get((r, c), (r, c))
            box = (grid.xs[c], grid.ys[r], grid.xs[c1 + 1], grid.ys[r1 + 1])
            raw = join_cell(visual.get((r, c), []), _inner_right(grid, c, c1))
            cells.append(Cell(raw, cell_lines(raw), box, rows=r1 - r + 1))
        rows.append(Row(cells, page=page, bbox=(grid.xs[0], grid.ys[r], grid.xs[-1], grid.ys[r + 1])))
    return rows


def drop_separator_rows(rows: list[Row], bars: list[Bar]) -> tuple[list[Row], list[Bar]]:
    """Rows of rules only (`-----` | `--`: a text's table border printed as a row) left out, as the
    text reader leaves such lines out; the bars renumbered."""
    kept = [r for r, row in enumerate(rows) if not is_separator("\t".join(c.raw for c in row.cells))]
    if len(kept) == len(rows):
        return rows, bars
    index = {r: k for k, r in enumerate(kept)}
    for r in kept:  # a merged cell covers the kept rows of its span
        for c, cell in enumerate(rows[r].cells):
            if cell.rows > 1:
                rows[r].cells[c] = replace(cell, rows=sum(1 for k in kept if r <= k < r + cell.rows))
    return [rows[r] for r in kept], [
        Bar(index[b.row], b.first, b.last, b.text, b.bbox) for b in bars if b.row in index
    ]


def _inner_right(grid: Grid, first: int, last: int) -> float | None:
    """Where text in a cell over columns first…last wraps: its right edge less the cell padding.

    The padding is taken as wide as on the left: where the first column's text starts.
    """
    if grid.rights is not None:
        return grid.rights[last]
    starts = [ln.x0 for (_, c), parts in grid.texts.items() if c == first for ln in parts]
    firsts = [ln.x0 for (_, c), parts in grid.texts.items() if c == 0 for ln in parts]
    if grid.ruled:
        if not starts:
            return None
        return grid.xs[last + 1] - max(0.0, min(starts) - grid.xs[first])
    if not firsts:
        return None
    pad = max(0.0, min(firsts) - grid.xs[0])  # the table's rules reach out as far as the cell padding
    if last + 1 < grid.columns:
        return grid.xs[last + 1] + 1 - 2 * pad  # the next column's text starts one padding after
    return grid.xs[-1] - pad


def _visual_lines(parts: list[Line]) -> list[tuple[str, float, float, bool, float]]:
    """The pieces of text in one cell grouped into visual lines, top to bottom."""
    parts = sorted(parts, key=lambda ln: (round(ln.top, 1), ln.x0))
    groups: list[list[Line]] = []
    for ln in parts:
        if groups and abs(groups[-1][0].top - ln.top) < 0.5 * ln.size:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    out: list[tuple[str, float, float, bool, float]] = []
    column: list[Line] = []  # single characters stacked on one centre line: vertical text (縦書き)
    for group in groups:
        group.sort(key=lambda ln: ln.x0)
        text = " ".join(ln.text() for ln in group)
        if len(group) == 1 and len(text) == 1:
            ln = group[0]
            if (
                column
                and abs(_centre(column[-1]) - _centre(ln)) <= 0.3 * ln.size
                and ln.top - column[-1].bottom < ln.size
            ):
                column.append(ln)
                last = out[-1]
                out[-1] = (last[0] + text, max(last[1], ln.x1), last[2], False, ln.size)
                continue
            column = [ln]
        else:
            column = []
        distributed = len(group) == 1 and group[0].distributed
        if not group[-1].chars[-1]["text"].strip():
            text += " "  # a printed space ends the line: the words part there (join_cell breaks the line)
        size = max(ln.size for ln in group)
        out.append((text, max(ln.x1 for ln in group), first_unit_width(group[0]), distributed, size))
    return out


def _centre(line: Line) -> float:
    return (line.x0 + line.x1) / 2


def find_bars(grid: Grid, fills: list[dict], settings: PdfSettings = DEFAULTS) -> None:
    """Filled bars inside the table that are lower than their row: a timeline's phases."""
    x0, top, x1, bottom = grid.bbox
    for f in fills:
        cx, cy = (f["x0"] + f["x1"]) / 2, (f["top"] + f["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        r = _row_at(grid, cy)
        height = grid.ys[r + 1] - grid.ys[r]
        if f["bottom"] - f["top"] > settings.bar_max_row_fraction * height:
            continue  # cell shading
        covered = [
            c for c in range(grid.columns)
            if min(f["x1"], grid.xs[c + 1]) - max(f["x0"], grid.xs[c]) >= 0.5 * (grid.xs[c + 1] - grid.xs[c])
        ]  # fmt: skip
        if not covered:
            continue
        grid.bars.append(Bar(r, covered[0], covered[-1], "", (f["x0"], f["top"], f["x1"], f["bottom"])))
