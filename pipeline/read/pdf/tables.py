"""Finding tables on a page: ruled grids (pdfplumber's table finder on the page's rules) and tables
drawn with horizontal rules only (rows between the rules, columns from the alignment of the text)."""

from __future__ import annotations

import re
import statistics

from pipeline.model.ir import BBox
from pipeline.normalize.numbering import parse_numbering
from pipeline.normalize.text import nfkc
from pipeline.read.pdf.chars import Line, ink_x0, run_text
from pipeline.read.pdf.grid import Grid
from pipeline.read.pdf.rules import Segment, index_of, snap
from pipeline.read.pdf.settings import DEFAULTS, PdfSettings

_PAGE_REF = re.compile(r"^[.…・‥\s]*[\d０-９]{1,3}$")
_MARKER = re.compile(
    r"^(?:\d{1,3}(?:[-.]\d{1,3})*[.)]?|\(\d{1,3}\)|[\u2460-\u2473]|\(?[ア-ン]\)?[.]?|[・●■◆○◇□])$"
)


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
            grids.append(grid)
    return grids


def rule_tables(
    horizontal: list[Segment],
    lines: list[Line],
    size: float,
    settings: PdfSettings = DEFAULTS,
    height: float | None = None,
) -> list[Grid]:
    """Tables drawn with horizontal rules only: rows between rules, columns from text alignment.

    A rule off the page (above its top, below its `height`) bounds a row that the page edge cuts:
    the row goes on on the next page (`Grid.cut`), so its padding on that side is not measured."""
    tolerance = settings.table_tolerance
    rules = sorted((s for s in joined(horizontal, tolerance) if s.a1 - s.a0 > 4 * size), key=lambda s: s.at)
    chains: list[list[Segment]] = []
    for s in rules:
        if chains:
            chain = chains[-1]
            x0, x1 = min(r.a0 for r in chain), max(r.a1 for r in chain)
            overlap = min(x1, s.a1) - max(x0, s.a0)
            if overlap > 0.5 * min(x1 - x0, s.a1 - s.a0) and not _band_breaks(
                chain, s, lines, settings, height
            ):
                chain.append(s)
                continue
        chains.append([s])
    grids = []
    for chain in chains:
        grid = rule_grid(chain, lines, size, tolerance)
        if grid is not None:
            if height is not None:
                clip_to_page(grid, height, size)
            grids.append(grid)
    return grids


def joined(rules: list[Segment], tolerance: float) -> list[Segment]:
    """Collinear rules that touch or overlap as one: a border drawn cell by cell is one rule."""
    out: list[Segment] = []
    for r in sorted(rules, key=lambda r: (round(r.at / tolerance), r.a0)):
        last = out[-1] if out else None
        if last is not None and abs(r.at - last.at) <= tolerance and r.a0 <= last.a1 + tolerance:
            last.a1 = max(last.a1, r.a1)
        else:
            out.append(Segment(r.a0, r.a1, r.at))
    return out


def _band_lines(lines: list[Line], x0: float, x1: float, top: float, bottom: float) -> list[Line]:
    return [ln for ln in lines if ln.top >= top - 1 and ln.bottom <= bottom + 1 and ln.x1 > x0 and ln.x0 < x1]


def _band_breaks(
    chain: list[Segment], s: Segment, lines: list[Line], settings: PdfSettings, height: float | None = None
) -> bool:
    """True when the space between the chain's last rule and `s` is not a table row."""
    tolerance = settings.table_tolerance
    last = max(r.at for r in chain)
    if s.at - last <= tolerance:
        return False  # the same rule (double line)
    x0, x1 = min(r.a0 for r in chain), max(r.a1 for r in chain)
    inside = _band_lines(lines, x0, x1, last, s.at)
    above = [r for r in chain if abs(r.at - last) <= tolerance]
    if not inside or any(_struck(ln, r) for ln in lines for r in [*above, s]):
        return True  # no text between the rules, or a rule through text (not a row boundary)
    edge = max(ln.size for ln in inside)
    if height is not None and (_at_edge(last, height, edge) or _at_edge(s.at, height, edge)):
        return False  # a row the page edge cuts: its padding on the cut side is not seen
    if not (any(_full(r, x0, x1, tolerance) for r in above) and _full(s, x0, x1, tolerance)):
        return False  # a rule under part of the table only: a merged cell inside a table
    if _at_columns(inside, _band_lines(lines, x0, x1, min(r.at for r in chain), last), tolerance):
        return False  # runs at the columns of the rows above: a row, however wide its padding
    size = max(ln.size for ln in inside)
    pads = (min(ln.top for ln in inside) - last, s.at - max(ln.bottom for ln in inside))
    rows = _chain_pads(chain, lines, tolerance, height)
    if not rows:
        return max(pads) > 1.2 * size  # a row sits close to its rules
    # Rows of one table share their cell padding and font size; a heading between two tables does not.
    # Nor does it start where the rules begin, without the rows' cell padding.
    slack = max(3.0, settings.row_pad_slack * size)
    top_pad = statistics.median(b[0] for b in rows)
    bottom_pad = statistics.median(b[1] for b in rows)
    table_size = statistics.median(b[2] for b in rows)
    left_pad = min(b[3] for b in rows)
    return (
        (left_pad >= 1.5 and min(ln.x0 for ln in inside) - x0 < 0.5)  # no cell padding: a heading
        or abs(pads[0] - top_pad) > slack
        or not -slack <= pads[1] - bottom_pad <= slack + 1.5 * size  # a cell may end in an empty line
        or abs(size - table_size) > settings.row_size_slack * table_size
    )


def _at_columns(inside: list[Line], above: list[Line], tolerance: float) -> bool:
    """Whether a line between two rules has runs in several columns of the table's rows above, and
    every run of the band starts at one of their columns (a heading is one run, or starts elsewhere)."""
    starts = column_starts(above, tolerance) if above else []
    return (
        len(starts) >= 2
        and any(len(ln.segments) >= 2 for ln in inside)
        and all(any(_at(seg, x, tolerance) for x in starts) for ln in inside for seg in ln.segments)
    )


def _full(rule: Segment, x0: float, x1: float, tolerance: float) -> bool:
    return rule.a0 <= x0 + 2 * tolerance and rule.a1 >= x1 - 2 * tolerance


def _struck(line: Line, rule: Segment) -> bool:
    """True when the rule runs through the line's characters."""
    if not line.top + 1 < rule.at < line.bottom - 1:
        return False
    return any(rule.a0 + 1 < (c["x0"] + c["x1"]) / 2 < rule.a1 - 1 for c in line.chars)


def _chain_pads(
    chain: list[Segment], lines: list[Line], tolerance: float, height: float | None = None
) -> list[tuple[float, float, float, float]]:
    """(top padding, bottom padding, font size, left padding) of the chain's rows between full-width rules
    (a row the page edge cuts shows no padding)."""
    x0, x1 = min(r.a0 for r in chain), max(r.a1 for r in chain)
    full = snap([r.at for r in chain if _full(r, x0, x1, tolerance)], tolerance)
    ys = snap([r.at for r in chain], tolerance)
    pads = []
    for top, bottom in zip(ys, ys[1:], strict=False):
        if not (
            any(abs(top - y) <= tolerance for y in full) and any(abs(bottom - y) <= tolerance for y in full)
        ):
            continue
        inside = _band_lines(lines, x0, x1, top, bottom)
        if height is not None and inside:
            size = max(ln.size for ln in inside)
            if _at_edge(top, height, size) or _at_edge(bottom, height, size):
                continue
        if inside:
            pads.append((
                min(ln.top for ln in inside) - top,
                bottom - max(ln.bottom for ln in inside),
                max(ln.size for ln in inside),
                min(ln.x0 for ln in inside) - x0,
            ))  # fmt: skip
    return pads


def rule_grid(
    chain: list[Segment], lines: list[Line], size: float, tolerance: float, edges: list[float] | None = None
) -> Grid | None:
    """The grid of a chain of horizontal rules: columns from its lines' alignment, or between the
    given column `edges` (the columns of the table's other pages: `continued.py`)."""
    ys = snap([s.at for s in chain], tolerance)
    if len(ys) < 2:
        return None
    x0, x1 = min(s.a0 for s in chain), max(s.a1 for s in chain)
    if edges is None:
        inside = [
            ln
            for ln in lines
            if ln.top >= ys[0] - 1 and ln.bottom <= ys[-1] + 1 and ln.x0 >= x0 - size and ln.x1 <= x1 + size
        ]
        starts = column_starts(inside, tolerance)
        if len(starts) < 2:
            return None
        edges = [s - 1 for s in starts[1:]]
    xs = [x0, *edges, x1]
    grid = Grid((x0, ys[0], x1, ys[-1]), xs, ys, ruled=False, rules=chain)
    # A rule missing under a column joins the cell to the one below (a merged cell).
    for c in range(grid.columns):
        left, right = xs[c], xs[c + 1]
        r = 0
        while r < len(ys) - 1:
            end = r
            while end + 1 < len(ys) - 1 and not _covered(chain, ys[end + 1], left, right, tolerance):
                end += 1
            if end > r:
                grid.spans[(r, c)] = (end, c)
            r = end + 1
    return grid


def clip_to_page(grid: Grid, height: float, size: float) -> None:
    """A grid whose first or last rule lies at the page's edge or past it (`Grid.cut`): its row the
    page edge cuts ends at the edge."""
    grid.cut = (_at_edge(grid.ys[0], height, size), _at_edge(grid.ys[-1], height, size))
    grid.ys[0], grid.ys[-1] = max(grid.ys[0], 0.0), min(grid.ys[-1], height)
    grid.bbox = (grid.bbox[0], grid.ys[0], grid.bbox[2], grid.ys[-1])


def _at_edge(y: float, height: float, size: float) -> bool:
    """A rule within a line (`size`) of the page's top or foot, or past it: no page has its margin
    there, so the row it bounds is cut by the page edge (a producer may slice a long page into
    pages, printing the lines at each cut on both pages, where a clip hides them in part)."""
    return y < size or y > height - size


def _covered(chain: list[Segment], y: float, left: float, right: float, tolerance: float) -> bool:
    width = right - left
    for s in chain:
        if abs(s.at - y) <= tolerance and min(s.a1, right) - max(s.a0, left) >= 0.5 * width:
            return True
    return False


def column_starts(lines: list[Line], tolerance: float = DEFAULTS.table_tolerance) -> list[float]:
    """Where the columns of a table without vertical rules start, from its runs of text.

    Runs of text are clustered by where they start. A cluster starts a new column
    when one of its runs follows another run on the same line, unless it is only
    another alignment inside the previous column: its runs lie under runs of that
    column (a centred mark under a left-aligned header, an indented line) and no
    line has runs in both.
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
        if follows and (together or not under):
            starts.append(x)
            column = list(cluster)
        else:
            column += cluster
    return starts


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
        block = _aligned_block(ordered, i, settings)
        grid = _aligned_grid(block, right, settings, fills) if block else None
        if grid is None:
            i += 1
            continue
        out.append((grid, block))
        i += len(block)
    return out


def _split(line: Line) -> bool:
    return len(line.segments) > 1 and not line.distributed


def _aligned_block(lines: list[Line], i: int, settings: PdfSettings) -> list[Line]:
    """The lines from `i` on that may form one table without rules (empty when `i` starts none)."""
    first = lines[i]
    if not _split(first):
        return []
    tolerance = settings.table_tolerance
    size = first.size
    block = [first]
    starts = [seg[0]["x0"] for seg in first.segments]
    for ln in lines[i + 1 :]:
        previous = block[-1]
        if abs(ln.size - size) > 0.6 or ln.baseline - previous.baseline > settings.aligned_max_pitch * size:
            break
        if ln.top < previous.bottom - 0.5 * size:
            break  # overlapping lines: not rows of a table
        known = [any(_at(seg, s, tolerance) for s in starts) for seg in ln.segments]
        if not _split(ln) and not all(known):
            break  # a line of its own (a paragraph, a heading) or text at a new place
        if any(
            seg[0]["x0"] < s - tolerance and seg[-1]["x1"] > s + tolerance and not _at(seg, s, tolerance)
            for seg in ln.segments
            for s in starts
        ):
            break  # runs over a column: not a row of this table
        block.append(ln)
        starts += [seg[0]["x0"] for seg, k in zip(ln.segments, known, strict=True) if not k]
    # A line of first-column text alone after a row gap is a heading or a paragraph after the table.
    while (
        block
        and not _split(block[-1])
        and block[-1].x0 <= starts[0] + tolerance
        and _new_row_gap(block, len(block) - 1, size, settings)
    ):
        block.pop()
    if sum(_split(ln) for ln in block) < 2:
        return []
    return block


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
    if len(starts) < 2:
        return None
    # Every run starts at a column start: text aligned by chance (a numbered list) does not.
    for ln in block:
        for seg in ln.segments:
            if not any(_at(seg, s, tolerance) for s in starts):
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
    if all(_PAGE_REF.match(run_text(ln.segments[-1], ln)) for ln in block if _split(ln)):
        return None  # entries ending in page numbers: a table of contents
    if len(starts) == 2 and all(
        _MARKER.match(nfkc(run_text(ln.segments[0], ln))) for ln in block if _split(ln)
    ):
        return None  # a marker, then text, on every line and no header: a numbered list
    lefts = {f["x0"] for f in filled}
    if len(lefts) >= 2:  # cells filled: a column starts only at a cell's left edge (inside its padding)
        starts = [
            s for k, s in enumerate(starts) if k == 0 or any(0 <= s - x <= size + tolerance for x in lefts)
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
    return grid
