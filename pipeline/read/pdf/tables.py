"""Finding tables on a page: ruled grids (pdfplumber's table finder on the page's rules), the columns of
a table without vertical rules (`column_starts`) and tables drawn without any rules (`aligned_tables`).
Tables drawn with horizontal rules only: `rule_tables.py`."""

from __future__ import annotations

import statistics

from pipeline.model.ir import BBox
from pipeline.normalize.numbering import parse_numbering
from pipeline.read.cells import TOC_PAGE, is_marker
from pipeline.read.pdf.chars import Line, ink_x0, run_text
from pipeline.read.pdf.grid import Grid
from pipeline.read.pdf.rules import Segment, index_of, own_positions, snap
from pipeline.read.pdf.settings import DEFAULTS, PdfSettings


def grid_from_cells(cells: list[BBox], tolerance: float = DEFAULTS.table_tolerance) -> Grid | None:
    """A pdfplumber table (cell boxes) → column/row edges and merged cells."""
    xs = snap([v for c in cells for v in (c[0], c[2])], tolerance)
    ys = snap([v for c in cells for v in (c[1], c[3])], tolerance)
    if len(xs) < 3 or len(ys) < 2:
        return None
    grid = Grid((xs[0], ys[0], xs[-1], ys[-1]), xs, ys)
    for x0, top, x1, bottom in cells:
        r0, r1 = index_of(top, ys), index_of(bottom, ys) - 1
        c0, c1 = index_of(x0, xs), index_of(x1, xs) - 1
        if r1 > r0 or c1 > c0:
            grid.spans[(r0, c0)] = (r1, c1)
    return grid


def find_grids(
    page, objects: list[dict], vertical: list[Segment], settings: PdfSettings = DEFAULTS
) -> list[Grid]:
    """Ruled tables (cell grids) through pdfplumber's table finder, on the page's rules only."""
    if len(vertical) < 2:
        return []
    finder = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": objects,
        "explicit_horizontal_lines": objects,
        "intersection_tolerance": 3,
        "snap_tolerance": 3,
        "join_tolerance": 3,
    }
    grids = []
    for table in page.find_tables(finder):
        grid = grid_from_cells(table.cells, settings.table_tolerance)
        if grid is not None:
            grid.xs = own_positions(grid.xs, grid.ys[0], grid.ys[-1], vertical, finder["snap_tolerance"])
            grid.bbox = (grid.xs[0], grid.bbox[1], grid.xs[-1], grid.bbox[3])
            grids.append(grid)
    return grids


def column_starts(lines: list[Line], tolerance: float = DEFAULTS.table_tolerance) -> list[float]:
    """Where the columns of a table without vertical rules start, from its runs of text.

    Runs of text are clustered by where they start. A cluster starts a new column
    when one of its runs follows another run on the same line, unless it is only
    another alignment inside the previous column: its runs lie under runs of that
    column (a centred mark under a left-aligned header, an indented line) and no
    line has runs in both. A cluster right of all the previous column's text starts a
    column even where nothing is left of it (the rows of a card continued on a page
    whose first column is empty but in its repeated header).
    """
    runs = [(ln, seg) for ln in lines for seg in ln.segments]
    if not runs:
        return []
    plain = [seg[0]["x0"] for _, seg in runs if ink_x0(seg) == seg[0]["x0"]]

    def at(seg: list[dict]) -> float:  # a line-head bracket set half an em early starts where its ink does
        x, ink = seg[0]["x0"], ink_x0(seg)
        if ink != x and not any(abs(p - x) <= tolerance for p in plain):
            return next((p for p in plain if abs(p - ink) <= tolerance), x)
        return x

    clusters: list[list[tuple[Line, list[dict]]]] = []
    for ln, seg in sorted(runs, key=lambda r: at(r[1])):
        if clusters and at(seg) - at(clusters[-1][-1][1]) <= tolerance:
            clusters[-1].append((ln, seg))
        else:
            clusters.append([(ln, seg)])
    starts = [min(at(seg) for _, seg in clusters[0])]
    column = list(clusters[0])
    for cluster in clusters[1:]:
        x = min(at(seg) for _, seg in cluster)
        follows = any(ln.segments.index(seg) > 0 for ln, seg in cluster)
        lines_before = {id(ln) for ln, _ in column}
        together = any(id(ln) in lines_before for ln, _ in cluster)
        under = any(seg[-1]["x1"] > x + tolerance for _, seg in column)
        if (follows and together) or not under:  # not under: right of all the column's text
            starts.append(x)
            column = list(cluster)
        else:
            column += cluster
    return starts


def inside_a_cell(start: float, lines: list[Line], tolerance: float) -> bool:
    """Whether runs starting at `start` are text after a space inside a cell: the text of a line
    below the first runs over it, and the first line (the header) has no text starting there."""
    if any(_at(seg, start, tolerance) for seg in lines[0].segments):
        return False
    return any(
        seg[0]["x0"] < start - tolerance
        and seg[-1]["x1"] > start + tolerance
        and not _at(seg, start, tolerance)
        for ln in lines[1:]
        for seg in ln.segments
    )


def aligned_tables(
    lines: list[Line], right: float | None = None, settings: PdfSettings = DEFAULTS, fills: list[dict] = ()
) -> list[tuple[Grid, list[Line]]]:
    """Tables drawn without any rules: lines whose runs of text align in columns.

    A table is a run of consecutive lines, of one font size and close together, that
    holds at least `aligned_min_lines` lines of several runs starting at the same
    column starts (or two lines of runs in `aligned_min_columns` columns: a header and
    one row); the lines between them have their runs at those starts too
    (wrapped cell text) and cross no column. Rows: a line begins a new row where the
    gap above it is wider than the line pitch inside a cell (cell padding); when no
    gap is wider, where the first column has text. `right` is the right edge of the
    page's text frame, when known. Cell fills (`fills`, filled shapes of the page) under the
    lines mark rows and columns as rules would: an edge of a fill between two lines starts a
    row, and a column starts only near a fill's left edge. Each table comes with its lines.
    """
    ordered = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    out: list[tuple[Grid, list[Line]]] = []
    i = 0
    while i < len(ordered):
        block = _aligned_block(ordered, i, settings, fills)
        grid = _aligned_grid(block, right, settings, fills) if block else None
        if grid is None:
            i += 1
            continue
        out.append((grid, block))
        i += len(block)
    return out


def _split(line: Line) -> bool:
    return len(line.segments) > 1 and not line.distributed


def _aligned_block(lines: list[Line], i: int, settings: PdfSettings, fills: list[dict] = ()) -> list[Line]:
    """The lines from `i` on that may form one table without rules (empty when `i` starts none).

    A first line on cells filled side by side (a shaded header row) starts its columns at the
    cells' left edges too, also those of empty cells: a header and rows are then a table.
    """
    first = lines[i]
    if not _split(first):
        return []
    tolerance = settings.table_tolerance
    size = first.size
    block = [first]
    starts = [seg[0]["x0"] for seg in first.segments]
    header = [f for f in fills if f["top"] <= first.top and f["bottom"] >= first.bottom]
    cells = _side_by_side(header, tolerance)
    heads = list(starts)
    if cells:  # where a cell's text starts: its left edge and its padding (the first run's)
        pad = _cell_padding(first, header, tolerance)
        starts += [
            f["x0"] + pad for f in header if not any(abs(f["x0"] + pad - s) <= tolerance for s in starts)
        ]
        heads = list(starts)
    for ln in lines[i + 1 :]:
        previous = block[-1]
        if abs(ln.size - size) > 0.6 or ln.baseline - previous.baseline > settings.aligned_max_pitch * size:
            break
        if ln.top < previous.bottom - 0.5 * size:
            break  # overlapping lines: not rows of a table
        known = [any(_at(seg, s, tolerance) for s in starts) for seg in ln.segments]
        if not _split(ln) and not all(known):
            break  # a line of its own (a paragraph, a heading) or text at a new place
        crossed = {
            s
            for seg in ln.segments
            for s in starts
            if seg[0]["x0"] < s - tolerance and seg[-1]["x1"] > s + tolerance and not _at(seg, s, tolerance)
        }
        if crossed & set(heads):
            break  # runs over a column of the header: not a row of this table
        # A start a row's text runs over was a space inside a cell (`1.2　権利擁護の推進`), no column.
        starts = [s for s in starts if s not in crossed]
        block.append(ln)
        starts += [seg[0]["x0"] for seg, k in zip(ln.segments, known, strict=True) if not k]
    # A line of first-column text alone after a row gap is a heading or a paragraph after the table.
    # So is a line after a row gap that starts left of the table (a numbered heading).
    while (
        block
        and (
            (not _split(block[-1]) and block[-1].x0 <= starts[0] + tolerance)
            or (block[-1].x0 < starts[0] - tolerance and not _at(block[-1].segments[0], starts[0], tolerance))
        )
        and _new_row_gap(block, len(block) - 1, size, settings)
    ):
        block.pop()
    if sum(_split(ln) for ln in block) < 2 and not (cells and len(block) > 1):
        return []
    return block


def _cell_padding(line: Line, cells: list[dict], tolerance: float) -> float:
    """How far a line's text starts inside its filled cells: the least space between a run's ink (a
    line-head bracket's blank half is no padding) and the left edge of the cell it lies in."""
    pads = []
    for seg in line.segments:
        ink = ink_x0(seg)
        edges = [f["x0"] for f in cells if f["x0"] - tolerance <= ink < f["x1"]]
        if edges:
            pads.append(max(0.0, ink - max(edges)))
    return min(pads, default=0.0)


def _at(run: list[dict], start: float, tolerance: float) -> bool:
    """Whether a run of text starts at a column start (a line-head bracket may start half an em early)."""
    return run[0]["x0"] - tolerance <= start <= ink_x0(run) + tolerance


def _filled(block: list[Line], fills: list[dict]) -> list[dict]:
    """The fills under a block of lines."""
    x0, x1 = min(ln.x0 for ln in block), max(ln.x1 for ln in block)
    top, bottom = block[0].top, block[-1].bottom
    return [f for f in fills if f["x0"] < x1 and f["x1"] > x0 and f["top"] < bottom and f["bottom"] > top]


def _wraps(block: list[Line], k: int, starts: list[float], size: float) -> bool:
    """Whether line k goes on with the line above in the first column and in another: the runs
    above fill their columns to the next column's start (less a character and a half)."""
    right = max(ln.x1 for ln in block)
    edges = [*starts[1:], right + 1.5 * size]

    def full_columns(ln: Line) -> dict[int, bool]:
        out = {}
        for seg in ln.segments:
            c = max((i for i, s in enumerate(starts) if ink_x0(seg) >= s - 1.0), default=0)
            out[c] = seg[-1]["x1"] >= edges[c] - 1.5 * size and edges[c] - starts[c] >= 3 * size
        return out

    above, here = full_columns(block[k - 1]), full_columns(block[k])
    if not above.get(0, False) or 0 not in here:
        return False
    if set(here) == {0}:  # only the first column goes on: a wrapped name, unless it starts a numbered item
        return parse_numbering(run_text(block[k].segments[0], block[k]), ()) is None
    return any(above.get(c) for c in here if c > 0)


def _side_by_side(fills: list[dict], tolerance: float) -> bool:
    """Whether two of the fills are cells of one row (a shaded box behind a heading is not)."""
    return any(
        abs(f["top"] - g["top"]) <= tolerance and abs(f["x1"] - g["x0"]) <= tolerance
        for f in fills
        for g in fills
    )


def _in_cell_pitch(block: list[Line]) -> float:
    pitches = [b.baseline - a.baseline for a, b in zip(block, block[1:], strict=False)]
    return min(pitches, default=0.0)


def _new_row_gap(block: list[Line], k: int, size: float, settings: PdfSettings) -> bool:
    """True when line k of the block lies further below the line above it than lines of one cell."""
    if k == 0:
        return True
    pitch = block[k].baseline - block[k - 1].baseline
    return pitch > _in_cell_pitch(block) + settings.aligned_row_gap * size


def _aligned_grid(
    block: list[Line], right: float | None, settings: PdfSettings, fills: list[dict] = ()
) -> Grid | None:
    tolerance = settings.table_tolerance
    size = statistics.median(ln.size for ln in block)
    starts = column_starts(block, tolerance)
    # A start that the text of a row below the first runs over is a space inside a cell (a code and
    # its title a full-width space apart), unless the first line (the header) has text starting there.
    starts = [s for k, s in enumerate(starts) if k == 0 or not inside_a_cell(s, block, tolerance)]
    if len(starts) < 2:
        return None
    # Every run starts at a column start: text aligned by chance (a numbered list) does not.
    for ln in block:
        for k, seg in enumerate(ln.segments):
            if not any(_at(seg, s, tolerance) for s in starts) and not (
                k and inside_a_cell(seg[0]["x0"], block, tolerance)
            ):
                return None
    # Enough lines of several runs: `aligned_min_lines`, or two with runs in `aligned_min_columns` columns.
    split = [ln for ln in block if _split(ln)]
    wide = sum(len(ln.segments) >= settings.aligned_min_columns for ln in split)
    filled = _filled(block, fills)  # shaded cells side by side: a table however short
    short = len(split) < settings.aligned_min_lines and (
        len(starts) < settings.aligned_min_columns or wide < 2
    )
    if short and not _side_by_side(filled, tolerance):
        return None
    if all(TOC_PAGE.match(run_text(ln.segments[-1], ln)) for ln in block if _split(ln)):
        return None  # entries ending in page numbers: a table of contents
    if len(starts) == 2 and all(is_marker(run_text(ln.segments[0], ln)) for ln in block if _split(ln)):
        return None  # a marker, then text, on every line and no header: a numbered list
    lefts = {f["x0"] for f in filled}
    if len(lefts) >= 2:  # cells filled: a column starts only at a cell's left edge (inside its padding)
        starts = [
            s
            for k, s in enumerate(starts)
            if k == 0 or any(-tolerance <= s - x <= size + tolerance for x in lefts)
        ]
        if len(starts) < 2:
            return None
    edges = {f["top"] for f in filled} | {f["bottom"] for f in filled}
    gaps = any(_new_row_gap(block, k, size, settings) for k in range(1, len(block)))
    fill_rows = [
        k for k in range(1, len(block)) if any(block[k - 1].bottom - tolerance <= y <= block[k].top + tolerance for y in edges)
    ]  # fmt: skip
    row_tops = [0] + fill_rows  # rows banded by fills (every other row, or a shaded column): the rows
    if len(fill_rows) < 2:  # else a filled header at most: rows from the gaps, or the first column
        for k, ln in enumerate(block[1:], 1):
            first_column = ln.segments[0][0]["x0"] < starts[1] - tolerance and not _wraps(
                block, k, starts, size
            )
            if k in fill_rows or (_new_row_gap(block, k, size, settings) if gaps else first_column):
                row_tops.append(k)
        row_tops = sorted(set(row_tops))
    ys = [block[0].top - 1]
    for k in row_tops[1:]:
        ys.append((block[k - 1].bottom + block[k].top) / 2)
    ys.append(block[-1].bottom + 1)
    x0 = starts[0] - 1
    x1 = max(ln.x1 for ln in block) + 1
    xs = [x0] + [s - 1 for s in starts[1:]] + [x1]
    grid = Grid((x0, ys[0], x1, ys[-1]), xs, ys, ruled=False)
    # Where each column's text wraps: the next column's start less the narrowest space seen between
    # a column's text and the next column; the last column's where its longest lines end or, when that
    # in no other line, at the text frame's right edge less half that space. Half a font size less, as
    # a wrapped line ends up to a character before the edge.
    ends = [0.0] * len(starts)
    for ln in block:
        for seg in ln.segments:
            c = max(k for k, s in enumerate(starts) if ink_x0(seg) >= s - tolerance)
            if c + 1 < len(starts) and seg[-1]["x1"] > starts[c + 1] + tolerance:
                continue  # a cell merged over columns (a group's heading): no column's text ends there
            ends[c] = max(ends[c], seg[-1]["x1"])
    space = min((starts[c + 1] - ends[c] for c in range(len(starts) - 1) if ends[c]), default=size)
    last = ends[-1]
    tails = [
        ln.segments[-1][-1]["x1"] if ln.segments[-1][0]["x0"] >= starts[-1] - tolerance else None
        for ln in block
    ]
    # Lines of the last column that go on in the next line of their cell and end at its longest.
    reach = sum(
        1
        for k in range(len(block) - 1)
        if k + 1 not in row_tops and tails[k] is not None and tails[k + 1] is not None
        and tails[k] >= last - 0.5 * size
    )  # fmt: skip
    if right is not None and last <= right and reach < 2:
        last = max(last, right - space / 2)  # no edge seen: the table spans the frame
    grid.rights = [
        (max(ends[c], starts[c + 1] - space) if c + 1 < len(starts) else last) - 0.5 * size
        for c in range(len(starts))
    ]
    if len(fill_rows) >= 2:
        grid.shades = _row_shades(grid, filled)
    return grid


def _row_shades(grid: Grid, fills: list[dict]) -> list[tuple[str, ...]]:
    """Per row of a table banded by fills, the colours of the fills under the row's middle (none: unfilled)."""
    out = []
    for top, bottom in zip(grid.ys, grid.ys[1:], strict=False):
        middle = (top + bottom) / 2
        colours = {str(f.get("non_stroking_color")) for f in fills if f["top"] <= middle <= f["bottom"]}
        out.append(tuple(sorted(colours)))
    return out
