"""Tables drawn with horizontal rules only: rows between the rules, columns from the alignment of the text.

Consecutive rules over the same width form a chain, unless the space between two of them is no
row (no text, a rule through text, a heading padded unlike the rows). A rule within a line of the
page's edge or past it bounds a row the page edge cuts (`Grid.cut`): the row goes on on the next
page, and its padding on the cut side is not measured.
"""

from __future__ import annotations

import statistics

from pipeline.read.pdf.chars import Line, ink_x0
from pipeline.read.pdf.grid import Grid
from pipeline.read.pdf.rules import Segment, snap
from pipeline.read.pdf.settings import DEFAULTS, PdfSettings
from pipeline.read.pdf.tables import column_starts, inside_a_cell


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
        and all(any(_starts_at(seg, x, tolerance) for x in starts) for ln in inside for seg in ln.segments)
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
        inside.sort(key=lambda ln: (ln.top, ln.x0))
        starts = column_starts(inside, tolerance)
        starts = [s for k, s in enumerate(starts) if k == 0 or not _after_a_space(s, inside, tolerance)]
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


def _starts_at(run: list[dict], start: float, tolerance: float) -> bool:
    """Whether a run of text starts at a column start (a line-head bracket may start half an em early)."""
    return run[0]["x0"] - tolerance <= start <= ink_x0(run) + tolerance


def _after_a_space(start: float, lines: list[Line], tolerance: float) -> bool:
    """Whether runs starting at `start` are text after a space inside a cell (`14回　延べ194人`), no
    column: one line has a run there, a space (an em at most) after another run, and another line's
    text runs over it (`inside_a_cell`). A column's text starts there on several lines, or on a line
    of its own, or further from the text before it (the cells' padding)."""
    at = [(ln, k) for ln in lines for k, seg in enumerate(ln.segments) if _starts_at(seg, start, tolerance)]
    if len(at) != 1 or at[0][1] == 0:
        return False
    line, k = at[0]
    gap = line.segments[k][0]["x0"] - line.segments[k - 1][-1]["x1"]
    return gap <= 1.2 * line.size and inside_a_cell(start, lines, tolerance)
