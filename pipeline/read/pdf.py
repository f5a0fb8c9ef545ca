"""PDF → Document IR (pdfplumber), the same blocks the text reader makes.

What a page becomes:
- characters, with fake-bold duplicates removed (`dedupe_chars`: the same glyph
  printed twice at almost the same place) and `(cid:NNN)` glyphs of fonts without
  a Unicode map dropped and reported as a problem naming the page;
- tables found by their rules: ruled grids through pdfplumber's `find_tables` (on
  the page's rules only: stroked lines, thin rectangles and rectangle outlines —
  filled shapes such as timeline bars or cell shading are not rules); tables drawn
  with horizontal rules only get their columns from the alignment of their text.
  A table becomes rows of cells; a merged cell keeps its text at its top-left
  position and leaves empty cells at the positions it spans, so that every row has
  one cell per column. Filled bars inside a table (fiscal-year timelines) are kept
  in `Block.bars` with the columns they cover;
- the other characters become visual lines; running headers and footers (page
  numbers, lines repeated at the same place on many pages) are dropped; a line
  that wraps into the next (the next line's first word would not have fitted) is
  joined to it, so that a paragraph is one text block, as in a text extraction;
  a table of contents (目次) becomes a `toc` block, its entries' columns tab-separated;
- a table continued on the next page (the previous part ends at the foot of the
  page, the next part starts the page with the same columns) is merged into one
  block, its repeated header rows dropped.

Cell text: a cell's visual lines are joined without a break where a line wraps; a
break is kept after a sentence end (。), before a bullet (◆・※○●■…) and where a
line ends early (the next line's first word would have fitted before the cell's
padding: a real line break — a label such as 効果, one name per line — or a wrap at
a space, which the normalizer reads as the space it was); vertical text (one
character per line, 縦書き) reads top to bottom. Superscripts (footnote marks) are
written as the text extractions write them: `¹²³` for digits, `^{…}` otherwise.
No knowledge of particular documents: only of PDF structure.

Known limits: a table without vertical rules needs a rule above its first row, and
a column empty in every row of such a table cannot be seen; a centred header over
several columns of such a table may add a column; running headers are recognised
on documents of three pages or more (page numbers on any); text in several columns
side by side is read line by line across them.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.model.ir import Bar, BBox, Block, Cell, Document, Row
from pipeline.read.cells import cell_lines

DEFAULT_DEDUPE_TOLERANCE = 1.0  # points: a fake-bold second impression lies within this of the first
MARGIN_ZONE = 0.06  # fraction of the page height at the top and bottom where running headers/footers live
MIN_RUNNING_PAGES = 3  # a line repeated at the same place on this many pages is a running header/footer
RULE_MAX_THICKNESS = 2.0  # a filled rectangle thinner than this is a rule
SEGMENT_GAP = 0.3  # gap (in font sizes) that separates two runs of text on one line
SPACE_GAP = 0.45  # gap (in font sizes) read as a space between two characters
SUPERSCRIPT_SIZE = 0.85  # a character this much smaller than its line and raised is a superscript
TABLE_TOLERANCE = 2.0  # points: snapping of rule coordinates and column starts
BAR_MAX_ROW_FRACTION = 0.92  # a filled shape lower than this part of its row is a bar, not cell shading
LINE_BREAK_AFTER = "。"
LINE_BREAK_BEFORE = "◆◇■□●○・※"
PAGE_NUMBER = re.compile(
    r"^(?:[-‐–—－]\s*)?(?:p\.?\s*|P\.?\s*)?\d{1,4}(?:\s*[-‐–—－])?$|^\d{1,4}\s*/\s*\d{1,4}$"
)
TOC_HEADING = re.compile(r"^目\s*次$")
_CID = re.compile(r"^\(cid:\d+\)$")
_JP = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_TOC_ENTRY = re.compile(r"(?:\t|\s)\d{1,3}\s*$")
_PARAGRAPH_LEN = 60


# ---------------------------------------------------------------- characters and lines


@dataclass(slots=True)
class Line:
    """One visual line: its characters in reading order and the runs they form."""

    chars: list[dict]
    size: float
    x0: float
    top: float
    x1: float
    bottom: float
    segments: list[list[dict]] = field(default_factory=list)
    page: int = 0
    baseline: float = 0.0  # bottom of the characters of the line's own size (superscripts ignored)

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    def text(self, sep: str = " ") -> str:
        return sep.join(run_text(seg, self) for seg in self.segments).strip()


def dedupe_chars(chars: list[dict], tolerance: float = DEFAULT_DEDUPE_TOLERANCE) -> list[dict]:
    """Drop characters printed again at (almost) the same place: the same text, font and size.

    pdfplumber's `dedupe_chars` rule, in linear time (its version restores the order
    with `list.index`, quadratic on a page of Japanese text).
    """
    kept: list[dict] = []
    seen: dict[tuple, list[dict]] = defaultdict(list)
    for c in chars:
        key = (c["text"], c.get("upright", True), c.get("fontname"), round(c.get("size", 0), 3))
        gx, gy = int(c["x0"] // tolerance), int(c["top"] // tolerance)
        duplicate = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for other in seen.get((key, gx + dx, gy + dy), ()):
                    if abs(other["x0"] - c["x0"]) <= tolerance and abs(other["top"] - c["top"]) <= tolerance:
                        duplicate = True
                        break
        if not duplicate:
            seen[(key, gx, gy)].append(c)
            kept.append(c)
    return kept


def build_lines(chars: list[dict]) -> list[Line]:
    """Group characters into visual lines (top to bottom), each sorted left to right."""
    upright = [c for c in chars if c.get("upright", True)]
    rotated = [c for c in chars if not c.get("upright", True)]
    lines: list[Line] = []
    for c in sorted(upright, key=lambda c: (c["top"] + c["bottom"]) / 2):
        height = c["bottom"] - c["top"]
        if lines:
            line = lines[-1]
            overlap = min(line.bottom, c["bottom"]) - max(line.top, c["top"])
            if overlap >= 0.5 * min(height, line.bottom - line.top):
                line.chars.append(c)
                line.top, line.bottom = min(line.top, c["top"]), max(line.bottom, c["bottom"])
                continue
        lines.append(Line([c], c["size"], c["x0"], c["top"], c["x1"], c["bottom"]))
    for line in lines:
        line.chars.sort(key=lambda c: c["x0"])
        finish_line(line)
    # Rotated text (縦書き drawn with rotated glyphs): columns right to left, each read top to bottom.
    columns: list[list[dict]] = []
    for c in sorted(rotated, key=lambda c: -c["x1"]):
        if columns and min(columns[-1][-1]["x1"], c["x1"]) - max(columns[-1][-1]["x0"], c["x0"]) > 0:
            columns[-1].append(c)
        else:
            columns.append([c])
    for col in columns:
        col.sort(key=lambda c: c["top"])
        line = Line(col, statistics.median(c["size"] for c in col), min(c["x0"] for c in col),
                    col[0]["top"], max(c["x1"] for c in col), col[-1]["bottom"])  # fmt: skip
        line.baseline = line.bottom
        line.segments = [col]
        lines.append(line)
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines


def finish_line(line: Line) -> None:
    """Set the line's box, dominant size and runs (split where the gap is wide)."""
    chars = line.chars
    sizes = Counter(round(c["size"], 1) for c in chars if c["text"].strip())
    line.size = sizes.most_common(1)[0][0] if sizes else chars[0]["size"]
    line.x0, line.x1 = min(c["x0"] for c in chars), max(c["x1"] for c in chars)
    line.top, line.bottom = min(c["top"] for c in chars), max(c["bottom"] for c in chars)
    base = [c["bottom"] for c in chars if abs(c["size"] - line.size) < 0.2]
    line.baseline = statistics.median(base) if base else line.bottom
    segments: list[list[dict]] = []
    last_ink: dict | None = None
    for c in chars:
        if c["text"].strip() and last_ink is not None and c["x0"] - last_ink["x1"] > SEGMENT_GAP * line.size:
            segments.append([])
        if not segments:
            segments.append([])
        segments[-1].append(c)
        if c["text"].strip():
            last_ink = c
    line.segments = [trim(s) for s in segments if trim(s)]


def trim(chars: list[dict]) -> list[dict]:
    start, end = 0, len(chars)
    while start < end and not chars[start]["text"].strip():
        start += 1
    while end > start and not chars[end - 1]["text"].strip():
        end -= 1
    return chars[start:end]


def run_text(chars: list[dict], line: Line) -> str:
    """The text of a run: spaces where the gap is a space, superscripts marked."""
    baseline = line.baseline or line.bottom
    out: list[str] = []
    sup: list[str] = []
    prev: dict | None = None

    def flush() -> None:
        if sup:
            text = "".join(sup)
            out.append(text.translate(_SUPERSCRIPTS) if text.isdigit() else "^{" + text + "}")
            sup.clear()

    for c in chars:
        text = c["text"]
        if prev is not None and text.strip() and prev["text"].strip():
            if c["x0"] - prev["x1"] > SPACE_GAP * line.size:
                flush()
                out.append(" ")
        is_sup = (
            c["size"] < SUPERSCRIPT_SIZE * line.size
            and c["bottom"] < baseline - 0.2 * line.size
            and c.get("upright", True)
            and text.strip()
        )
        if is_sup:
            sup.append(text)
        else:
            flush()
            out.append(text)
        prev = c
    flush()
    return "".join(out)


def join_lines(texts: list[str]) -> str:
    """Visual lines of one cell → its text: lines joined, sentence ends and bullets kept apart."""
    return join_cell([(text, 0.0, 0.0) for text in texts], None)


def join_cell(lines: list[tuple[str, float, float]], right: float | None) -> str:
    """A cell's visual lines (text, right end, width of its first word) → the cell's text.

    A line wraps into the next (joined without a break) unless it ends a sentence (。),
    the next starts with a bullet, or — when the cell's right edge is known — the
    next line's first word would have fitted after it (the line ended early: a real
    line break, or a break at a space).
    """
    out = ""
    previous: float | None = None  # where the previous line ended
    for text, x1, unit in lines:
        text = text.strip()
        if not text:
            continue
        if not out:
            out = text
        else:
            # A wrapping producer moved the word down because it did not fit before the edge.
            ended = right is not None and previous is not None and previous + unit < right - 0.5
            if out.endswith(LINE_BREAK_AFTER) or text[0] in LINE_BREAK_BEFORE or ended:
                out += "\n" + text
            else:
                out += wrap_joint(out, text) + text
        previous = x1
    return out


def wrap_joint(before: str, after: str) -> str:
    """What a line wrap stood for: nothing between Japanese text, a space between Latin words."""
    a, b = before[-1], after[0]
    if not (a.isascii() and b.isascii()):
        return ""
    return " " if (a.isalpha() or a in ",.;:)") and b.isalpha() else ""


# ---------------------------------------------------------------- rules


@dataclass(slots=True)
class Segment:
    """A straight rule: horizontal (y fixed) or vertical (x fixed)."""

    a0: float  # start along the rule
    a1: float  # end along the rule
    at: float  # the fixed coordinate


def is_white(color) -> bool:
    if color is None:
        return False
    values = color if isinstance(color, (tuple, list)) else (color,)
    try:
        values = [float(v) for v in values]
    except (TypeError, ValueError):
        return False
    if len(values) == 4:  # CMYK
        return all(v <= 0.05 for v in values)
    return all(v >= 0.95 for v in values)


def page_rules(page) -> tuple[list[dict], list[Segment], list[Segment], list[dict]]:
    """(rule objects for find_tables, horizontal rules, vertical rules, filled shapes)."""
    objects: list[dict] = []
    fills: list[dict] = []
    for line in page.lines:
        objects.append(line)
    for rect in page.rects:
        thin = min(rect["width"], rect["height"]) <= RULE_MAX_THICKNESS
        filled = rect.get("fill") and not is_white(rect.get("non_stroking_color"))
        if thin:
            objects.append(rect)
        elif filled:
            fills.append(rect)
        elif rect.get("stroke"):
            objects.append(rect)
    horizontal: list[Segment] = []
    vertical: list[Segment] = []
    for obj in objects:
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if obj["object_type"] == "rect" and min(w, h) > RULE_MAX_THICKNESS:  # an outline: four rules
            horizontal += [
                Segment(obj["x0"], obj["x1"], obj["top"]),
                Segment(obj["x0"], obj["x1"], obj["bottom"]),
            ]
            vertical += [
                Segment(obj["top"], obj["bottom"], obj["x0"]),
                Segment(obj["top"], obj["bottom"], obj["x1"]),
            ]
        elif h <= RULE_MAX_THICKNESS and w > RULE_MAX_THICKNESS:
            horizontal.append(Segment(obj["x0"], obj["x1"], (obj["top"] + obj["bottom"]) / 2))
        elif w <= RULE_MAX_THICKNESS and h > RULE_MAX_THICKNESS:
            vertical.append(Segment(obj["top"], obj["bottom"], (obj["x0"] + obj["x1"]) / 2))
    return objects, horizontal, vertical, fills


def snap(values: list[float], tolerance: float = TABLE_TOLERANCE) -> list[float]:
    """Sorted values with near-equal ones merged (the first of each run kept)."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def index_of(value: float, edges: list[float]) -> int:
    """The index of the edge nearest to `value`."""
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value)) if edges else 0


# ---------------------------------------------------------------- tables


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

    @property
    def columns(self) -> int:
        return len(self.xs) - 1

    def owner(self, r: int, c: int) -> tuple[int, int]:
        """The top-left position of the (merged) cell that covers (r, c)."""
        for (r0, c0), (r1, c1) in self.spans.items():
            if r0 <= r <= r1 and c0 <= c <= c1:
                return r0, c0
        return r, c


def grid_from_cells(cells: list[BBox]) -> Grid | None:
    """A pdfplumber table (cell boxes) → column/row edges and merged cells."""
    xs = snap([v for c in cells for v in (c[0], c[2])])
    ys = snap([v for c in cells for v in (c[1], c[3])])
    if len(xs) < 3 or len(ys) < 2:
        return None
    grid = Grid((xs[0], ys[0], xs[-1], ys[-1]), xs, ys)
    for x0, top, x1, bottom in cells:
        r0, r1 = index_of(top, ys), index_of(bottom, ys) - 1
        c0, c1 = index_of(x0, xs), index_of(x1, xs) - 1
        if r1 > r0 or c1 > c0:
            grid.spans[(r0, c0)] = (r1, c1)
    return grid


def find_grids(page, objects: list[dict], vertical: list[Segment]) -> list[Grid]:
    """Ruled tables (cell grids) through pdfplumber's table finder, on the page's rules only."""
    if len(vertical) < 2:
        return []
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": objects,
        "explicit_horizontal_lines": objects,
        "intersection_tolerance": 3,
        "snap_tolerance": 3,
        "join_tolerance": 3,
    }
    grids = []
    for table in page.find_tables(settings):
        grid = grid_from_cells(table.cells)
        if grid is not None:
            grids.append(grid)
    return grids


def rule_tables(horizontal: list[Segment], lines: list[Line], size: float) -> list[Grid]:
    """Tables drawn with horizontal rules only: rows between rules, columns from text alignment."""
    rules = sorted((s for s in horizontal if s.a1 - s.a0 > 4 * size), key=lambda s: s.at)
    chains: list[list[Segment]] = []
    for s in rules:
        if chains:
            chain = chains[-1]
            x0, x1 = min(r.a0 for r in chain), max(r.a1 for r in chain)
            overlap = min(x1, s.a1) - max(x0, s.a0)
            if overlap > 0.5 * min(x1 - x0, s.a1 - s.a0) and not _band_breaks(chain, s, lines):
                chain.append(s)
                continue
        chains.append([s])
    grids = []
    for chain in chains:
        grid = _rule_grid(chain, lines, size)
        if grid is not None:
            grids.append(grid)
    return grids


def _band_lines(lines: list[Line], x0: float, x1: float, top: float, bottom: float) -> list[Line]:
    return [ln for ln in lines if ln.top >= top - 1 and ln.bottom <= bottom + 1 and ln.x1 > x0 and ln.x0 < x1]


def _band_breaks(chain: list[Segment], s: Segment, lines: list[Line]) -> bool:
    """True when the space between the chain's last rule and `s` is not a table row."""
    last = max(r.at for r in chain)
    if s.at - last <= TABLE_TOLERANCE:
        return False  # the same rule (double line)
    x0, x1 = min(r.a0 for r in chain), max(r.a1 for r in chain)
    inside = _band_lines(lines, x0, x1, last, s.at)
    above = [r for r in chain if abs(r.at - last) <= TABLE_TOLERANCE]
    if not inside or any(_struck(ln, r) for ln in lines for r in [*above, s]):
        return True  # no text between the rules, or a rule through text (not a row boundary)
    if not (any(_full(r, x0, x1) for r in above) and _full(s, x0, x1)):
        return False  # a rule under part of the table only: a merged cell inside a table
    size = max(ln.size for ln in inside)
    pads = (min(ln.top for ln in inside) - last, s.at - max(ln.bottom for ln in inside))
    rows = _chain_pads(chain, lines)
    if not rows:
        return max(pads) > 1.2 * size  # a row sits close to its rules
    # Rows of one table share their cell padding and font size; a heading between two tables does not.
    slack = max(3.0, 0.4 * size)
    top_pad = statistics.median(b[0] for b in rows)
    bottom_pad = statistics.median(b[1] for b in rows)
    table_size = statistics.median(b[2] for b in rows)
    return (
        abs(pads[0] - top_pad) > slack
        or abs(pads[1] - bottom_pad) > slack
        or abs(size - table_size) > 0.15 * table_size
    )


def _full(rule: Segment, x0: float, x1: float) -> bool:
    return rule.a0 <= x0 + 2 * TABLE_TOLERANCE and rule.a1 >= x1 - 2 * TABLE_TOLERANCE


def _struck(line: Line, rule: Segment) -> bool:
    """True when the rule runs through the line's characters."""
    if not line.top + 1 < rule.at < line.bottom - 1:
        return False
    return any(rule.a0 + 1 < (c["x0"] + c["x1"]) / 2 < rule.a1 - 1 for c in line.chars)


def _chain_pads(chain: list[Segment], lines: list[Line]) -> list[tuple[float, float, float]]:
    """(top padding, bottom padding, font size) of the chain's rows that lie between full-width rules."""
    x0, x1 = min(r.a0 for r in chain), max(r.a1 for r in chain)
    full = snap([r.at for r in chain if _full(r, x0, x1)])
    ys = snap([r.at for r in chain])
    pads = []
    for top, bottom in zip(ys, ys[1:], strict=False):
        if not (
            any(abs(top - y) <= TABLE_TOLERANCE for y in full)
            and any(abs(bottom - y) <= TABLE_TOLERANCE for y in full)
        ):
            continue
        inside = _band_lines(lines, x0, x1, top, bottom)
        if inside:
            pads.append((
                min(ln.top for ln in inside) - top,
                bottom - max(ln.bottom for ln in inside),
                max(ln.size for ln in inside),
            ))  # fmt: skip
    return pads


def _rule_grid(chain: list[Segment], lines: list[Line], size: float) -> Grid | None:
    ys = snap([s.at for s in chain])
    if len(ys) < 2:
        return None
    x0, x1 = min(s.a0 for s in chain), max(s.a1 for s in chain)
    inside = [
        ln
        for ln in lines
        if ln.top >= ys[0] - 1 and ln.bottom <= ys[-1] + 1 and ln.x0 >= x0 - size and ln.x1 <= x1 + size
    ]
    starts = column_starts(inside)
    if len(starts) < 2:
        return None
    xs = [x0] + [s - 1 for s in starts[1:]] + [x1]
    grid = Grid((x0, ys[0], x1, ys[-1]), xs, ys, ruled=False)
    # A rule missing under a column joins the cell to the one below (a merged cell).
    for c in range(grid.columns):
        left, right = xs[c], xs[c + 1]
        r = 0
        while r < len(ys) - 1:
            end = r
            while end + 1 < len(ys) - 1 and not _covered(chain, ys[end + 1], left, right):
                end += 1
            if end > r:
                grid.spans[(r, c)] = (end, c)
            r = end + 1
    return grid


def _covered(chain: list[Segment], y: float, left: float, right: float) -> bool:
    width = right - left
    for s in chain:
        if abs(s.at - y) <= TABLE_TOLERANCE and min(s.a1, right) - max(s.a0, left) >= 0.5 * width:
            return True
    return False


def column_starts(lines: list[Line]) -> list[float]:
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
    clusters: list[list[tuple[Line, list[dict]]]] = []
    for ln, seg in sorted(runs, key=lambda r: r[1][0]["x0"]):
        if clusters and seg[0]["x0"] - clusters[-1][-1][1][0]["x0"] <= TABLE_TOLERANCE:
            clusters[-1].append((ln, seg))
        else:
            clusters.append([(ln, seg)])
    starts = [min(seg[0]["x0"] for _, seg in clusters[0])]
    column = list(clusters[0])
    for cluster in clusters[1:]:
        x = min(seg[0]["x0"] for _, seg in cluster)
        follows = any(ln.segments.index(seg) > 0 for ln, seg in cluster)
        lines_before = {id(ln) for ln, _ in column}
        together = any(id(ln) in lines_before for ln, _ in cluster)
        under = any(seg[-1]["x1"] > x + TABLE_TOLERANCE for _, seg in column)
        if follows and (together or not under):
            starts.append(x)
            column = list(cluster)
        else:
            column += cluster
    return starts


def _row_at(grid: Grid, y: float) -> int:
    for r in range(len(grid.ys) - 2):
        if y < grid.ys[r + 1]:
            return r
    return len(grid.ys) - 2


def place_chars(grid: Grid, chars: list[dict]) -> None:
    """Ruled grids: each character to the cell it starts in, then the cell's lines.

    A character belongs to the cell where its left edge is: a closing 。 or 、 that
    line breaking pushed over the right rule still starts inside its own cell.
    """
    groups: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for ch in chars:
        r = _row_at(grid, (ch["top"] + ch["bottom"]) / 2)
        groups[grid.owner(r, _column_at(grid, ch["x0"] + 0.5))].append(ch)
    for key, mine in groups.items():
        grid.texts[key] = build_lines(mine)


def place_lines(grid: Grid, lines: list[Line]) -> None:
    """Tables without vertical rules: each run of text to the cell of the column it starts in.

    A run that crosses into the next columns is a merged cell: its text stays in its
    first column and the columns it crosses are left empty.
    """
    for ln in lines:
        r = _row_at(grid, (ln.top + ln.bottom) / 2)
        for seg in ln.segments:
            c = _column_at(grid, seg[0]["x0"] + TABLE_TOLERANCE)
            last = _column_at(grid, seg[-1]["x1"] - TABLE_TOLERANCE)
            key = grid.owner(r, c)
            if last > c and key == (r, c):
                end = grid.spans.get((r, c), (r, c))
                grid.spans[(r, c)] = (end[0], max(end[1], last))
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
    )
    sub.segments = [chars]
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
            cells.append(Cell(raw, cell_lines(raw), box))
        rows.append(Row(cells, page=page, bbox=(grid.xs[0], grid.ys[r], grid.xs[-1], grid.ys[r + 1])))
    return rows


def _inner_right(grid: Grid, first: int, last: int) -> float | None:
    """Where text in a cell over columns first…last wraps: its right edge less the cell padding.

    The padding is taken as wide as on the left: where the first column's text starts.
    """
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


def _visual_lines(parts: list[Line]) -> list[tuple[str, float, float]]:
    """The pieces of text in one cell grouped into visual lines, top to bottom."""
    parts = sorted(parts, key=lambda ln: (round(ln.top, 1), ln.x0))
    groups: list[list[Line]] = []
    for ln in parts:
        if groups and abs(groups[-1][0].top - ln.top) < 0.5 * ln.size:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    out: list[tuple[str, float, float]] = []
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
                out[-1] = (last[0] + text, max(last[1], ln.x1), last[2])
                continue
            column = [ln]
        else:
            column = []
        out.append((text, max(ln.x1 for ln in group), _first_unit_width(group[0])))
    return out


def _centre(line: Line) -> float:
    return (line.x0 + line.x1) / 2


def find_bars(grid: Grid, fills: list[dict]) -> None:
    """Filled bars inside the table that are lower than their row: a timeline's phases."""
    x0, top, x1, bottom = grid.bbox
    for f in fills:
        cx, cy = (f["x0"] + f["x1"]) / 2, (f["top"] + f["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        r = _row_at(grid, cy)
        height = grid.ys[r + 1] - grid.ys[r]
        if f["bottom"] - f["top"] > BAR_MAX_ROW_FRACTION * height:
            continue  # cell shading
        covered = [
            c for c in range(grid.columns)
            if min(f["x1"], grid.xs[c + 1]) - max(f["x0"], grid.xs[c]) >= 0.5 * (grid.xs[c + 1] - grid.xs[c])
        ]  # fmt: skip
        if not covered:
            continue
        grid.bars.append(Bar(r, covered[0], covered[-1], "", (f["x0"], f["top"], f["x1"], f["bottom"])))


# ---------------------------------------------------------------- pages


@dataclass(slots=True)
class Item:
    """A text line or a table on a page, before blocks are assembled."""

    kind: str  # "text" | "table"
    top: float
    bottom: float
    line: Line | None = None
    block: Block | None = None
    grid: Grid | None = None


@dataclass(slots=True)
class Page:
    number: int
    width: float
    height: float
    items: list[Item] = field(default_factory=list)


def read_page(page, number: int, problems: list, dedupe_tolerance: float) -> Page:
    """One page → its text lines and tables in reading order."""
    out = Page(number, float(page.width), float(page.height))
    chars = [c for c in page.chars if c.get("text") is not None]
    cid = [c for c in chars if _CID.match(c["text"])]
    if cid:
        chars = [c for c in chars if not _CID.match(c["text"])]
        share = len(cid) / (len(cid) + len(chars))
        problems.append((
            "warning",
            f"page {number}: {len(cid)} characters ({share:.0%} of the page) are in a font without a Unicode map "
            "((cid:…) codes); they were dropped",
            number, None,
        ))  # fmt: skip
    chars = dedupe_chars([c for c in chars if c["text"] != ""], dedupe_tolerance)
    if not any(c["text"].strip() for c in chars):
        if page.images and not cid:
            problems.append(
                (
                    "warning",
                    f"page {number} has no text layer (only images: a scan?); its content was not read",
                    number,
                    None,
                )
            )
        return out
    objects, horizontal, vertical, fills = page_rules(page)
    grids = find_grids(page, objects, vertical)
    owners = [_grid_of(grids, c) for c in chars]
    free = [c for c, g in zip(chars, owners, strict=True) if g is None]
    for grid in grids:
        grid.page = number
        place_chars(grid, [c for c, g in zip(chars, owners, strict=True) if g is grid])
    # Tables with horizontal rules only, among the characters outside ruled grids.
    free_lines = build_lines(free)
    size = statistics.median([ln.size for ln in free_lines]) if free_lines else 10.0
    outside = [s for s in horizontal if not any(_inside(g.bbox, (s.a0 + s.a1) / 2, s.at) for g in grids)]
    for grid in rule_tables(outside, free_lines, size):
        grid.page = number
        mine = [
            ln for ln in free_lines if _inside(grid.bbox, (ln.x0 + ln.x1) / 2, (ln.top + ln.bottom) / 2, 1)
        ]
        place_lines(grid, mine)
        taken = {id(ln) for ln in mine}
        free_lines = [ln for ln in free_lines if id(ln) not in taken]
        grids.append(grid)
    for grid in grids:
        find_bars(grid, fills)
        block = Block("table", page=number, bbox=grid.bbox)
        block.rows = grid_rows(grid, number)
        for bar in grid.bars:  # the label printed on the bar
            inside = [
                c for c in chars if _inside(bar.bbox, (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2)
            ]
            bar.text = join_lines([ln.text() for ln in build_lines(inside)])
        block.bars = grid.bars
        out.items.append(Item("table", grid.bbox[1], grid.bbox[3], block=block, grid=grid))
    for ln in free_lines:
        ln.page = number
        out.items.append(Item("text", ln.top, ln.bottom, line=ln))
    out.items.sort(key=lambda it: (it.top, it.line.x0 if it.line else 0))
    return out


def _inside(bbox: BBox, x: float, y: float, tolerance: float = 0.0) -> bool:
    return bbox[0] - tolerance <= x <= bbox[2] + tolerance and bbox[1] - tolerance <= y <= bbox[3] + tolerance


def _grid_of(grids: list[Grid], c: dict) -> Grid | None:
    cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    for grid in grids:
        x0, top, x1, bottom = grid.bbox
        # A character that overflows the last column a little still belongs to the table.
        if top <= cy <= bottom and x0 - 1 <= cx <= x1 + c["size"]:
            return grid
    return None


# ---------------------------------------------------------------- the document


def drop_running_lines(pages: list[Page]) -> None:
    """Remove page numbers and lines repeated at the same place near the top or bottom of pages."""

    def zone(page: Page, item: Item) -> bool:
        margin = MARGIN_ZONE * page.height
        return item.bottom <= margin or item.top >= page.height - margin

    def key(item: Item) -> str:
        return re.sub(r"\d+", "#", item.line.text())

    counts: Counter = Counter()
    for page in pages:
        for item in page.items:
            if item.kind == "text" and zone(page, item):
                counts[(key(item), round(item.top / 3))] += 1
    need = min(MIN_RUNNING_PAGES, max(2, len(pages) - 1))
    for page in pages:
        keep = []
        for item in page.items:
            if item.kind == "text" and zone(page, item):
                text = item.line.text()
                if (
                    PAGE_NUMBER.match(text.replace(" ", ""))
                    or counts[(key(item), round(item.top / 3))] >= need
                ):
                    continue
            keep.append(item)
        page.items = keep


@dataclass(slots=True)
class Frame:
    """The text frame of the pages of one size: where lines start and end, line pitch per font size."""

    left: float
    right: float
    bottom: float
    pitch: dict[float, float]


def frames(pages: list[Page]) -> dict[tuple[int, int], Frame]:
    by_size: dict[tuple[int, int], list[Page]] = defaultdict(list)
    for page in pages:
        by_size[(round(page.width), round(page.height))].append(page)
    out = {}
    for key, group in by_size.items():
        lines = [it.line for p in group for it in p.items if it.kind == "text"]
        bottoms = [it.bottom for p in group for it in p.items]
        pitches: dict[float, Counter] = defaultdict(Counter)
        for p in group:
            texts = [it.line for it in p.items if it.kind == "text"]
            for a, b in zip(texts, texts[1:], strict=False):
                if abs(a.size - b.size) < 0.3:
                    pitches[a.size][round((b.baseline - a.baseline) * 4) / 4] += 1
        pitch = {}
        for s, counter in pitches.items():
            # The line pitch inside a paragraph: the smallest distance between baselines that is
            # common (paragraph spacing only adds to it).
            top = max(counter.values(), default=0)
            common = [p for p, n in counter.items() if p >= s and n >= max(2, 0.1 * top)]
            if common:
                pitch[s] = min(common)
        # Full lines end within a character of the right edge; a few overflow it (a 。 that may not
        # start a line): the upper quartile of the long lines' ends is a robust edge.
        longest = max((ln.x1 for ln in lines), default=0.0)
        ends = sorted(ln.x1 for ln in lines if ln.x1 > longest - 2.5 * ln.size)
        left = min((ln.x0 for ln in lines), default=0.0)
        estimate = ends[int(0.75 * (len(ends) - 1))] if ends else longest
        out[key] = Frame(
            left=left,
            # Few or short lines (a page of tables) say little about the right edge: margins are
            # at least as wide on the right as on the left.
            right=max(estimate, group[0].width - left),
            bottom=max(bottoms, default=0.0),
            pitch=pitch,
        )
    return out


def _first_unit_width(line: Line) -> float:
    """Width of what would have had to fit at the end of the previous line: a word, or one character."""
    chars = [c for c in line.chars if c["text"]]
    if not chars:
        return 0.0
    first = chars[0]
    if _JP.match(first["text"]):
        end = first["x1"]
        for c in chars[1:]:
            if c["text"] in "、。，．）」』】〉》ー":
                end = c["x1"]
            else:
                break
        return end - first["x0"]
    end = first["x1"]
    for c in chars[1:]:
        if not c["text"].strip() or _JP.match(c["text"]):
            break
        end = c["x1"]
    return end - first["x0"]


def continues(a: Line, b: Line, frame: Frame, same_page: bool) -> bool:
    """True when line `b` is the wrapped continuation of line `a`."""
    if abs(a.size - b.size) > 0.6:
        return False
    text = b.text()
    if not text or text[0] in LINE_BREAK_BEFORE or text.startswith("- "):
        return False
    if len(a.segments) > 1 or len(b.segments) > 1:
        return False  # runs apart on one line (a table of contents, aligned columns): not running text
    if a.x1 + _first_unit_width(b) <= frame.right - 0.25 * a.size:
        return False  # the next word would have fitted: a real line end
    if b.x0 > a.x0 + 0.5 * a.size and b.x0 > frame.left + 0.5 * a.size:
        return False
    if same_page:
        pitch = frame.pitch.get(a.size, a.size * 1.2)
        if b.baseline - a.baseline > pitch + 0.2 * a.size or b.top <= a.top:
            return False
    return True


def assemble(pages: list[Page]) -> list[Block]:
    """Pages → blocks: paragraphs joined, tables of contents marked, continued tables merged."""
    frame_of = frames(pages)
    blocks: list[Block] = []
    columns: dict[int, str] = {}  # id(text block) → its first line with runs tab-separated (for toc entries)
    open_text: tuple[Block, Line] | None = None
    last_table: tuple[Block, Grid, Page] | None = None
    for page in pages:
        frame = frame_of[(round(page.width), round(page.height))]
        for position, item in enumerate(page.items):
            if item.kind == "table":
                open_text = None
                if (
                    position == 0
                    and last_table is not None
                    and continues_table(last_table, item, page, frame_of)
                ):
                    merge_table(last_table[0], item.block)
                    last_table = (last_table[0], item.grid, page)
                    continue
                blocks.append(item.block)
                last_table = (item.block, item.grid, page)
                continue
            line = item.line
            if open_text is not None:
                block, previous = open_text
                if continues(previous, line, frame, previous.page == line.page):
                    block.raw += wrap_joint(block.raw, line.text()) + line.text()
                    if previous.page == line.page:
                        block.bbox = _union(block.bbox, line.bbox)
                    open_text = (block, line)
                    continue
            block = Block("text", raw=line.text(), page=page.number, bbox=line.bbox)
            columns[id(block)] = line.text("\t")
            blocks.append(block)
            open_text = (block, line)
            last_table = None
    return mark_toc(blocks, columns)


def continues_table(last: tuple[Block, Grid, Page], item: Item, page: Page, frame_of) -> bool:
    """True when the table `item` (first on its page) carries on the table that ended the previous page."""
    block, grid, prev_page = last
    new = item.grid
    if prev_page.number != page.number - 1 or new is None or grid.columns != new.columns:
        return False
    tolerance = 3 * TABLE_TOLERANCE
    if any(abs(a - b) > tolerance for a, b in zip(grid.xs, new.xs, strict=True)):
        return False
    frame = frame_of[(round(prev_page.width), round(prev_page.height))]
    header = _repeated_rows(block, item.block)
    if not header and _series(block, item.block):
        return False  # starts the way the previous table started, numbered on: the next of a series
    body = new.ys[header + 1] - new.ys[header] if header < len(new.ys) - 1 else 0.0
    return grid.bbox[3] + body >= frame.bottom - tolerance


def _series(first: Block, part: Block) -> bool:
    """True when `part` opens with the same kinds of rows as `first` (事業5 | … / 内容 | …, then
    事業6 | … / 内容 | …): a series of small tables, not one table going on (whose rows look alike)."""
    if len(first.rows) < 2 or len(part.rows) < 2:
        return False
    opening = [_shape(r) for r in first.rows[:2]]
    return opening == [_shape(r) for r in part.rows[:2]] and opening[0] != opening[1]


def _shape(row: Row) -> tuple:
    """A row with its numbers masked: rows of the same series (事業 5 / 事業 6) look alike."""
    return tuple(
        re.sub(r"[\d０-９]+", "#", re.sub(r"\s+", "", c.raw)) if c.raw else "" for c in row.cells[:1]
    ) + tuple(bool(c.raw) for c in row.cells)


def _row_key(row: Row) -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", "", c.raw) for c in row.cells)


def _repeated_rows(first: Block, part: Block) -> int:
    """How many leading rows of `part` repeat the leading rows of `first` (a repeated header)."""
    n = 0
    while n < min(len(first.rows), len(part.rows) - 1) and _row_key(first.rows[n]) == _row_key(part.rows[n]):
        n += 1
    return n


def merge_table(first: Block, part: Block) -> None:
    header = _repeated_rows(first, part)
    offset = len(first.rows) - header
    first.rows.extend(part.rows[header:])
    first.bars.extend(
        Bar(b.row + offset, b.first, b.last, b.text, b.bbox) for b in part.bars if b.row >= header
    )


def mark_toc(blocks: list[Block], columns: dict[int, str]) -> list[Block]:
    """A 目次 heading and the entries after it become one `toc` block (as the text reader does)."""
    out: list[Block] = []
    toc: Block | None = None
    first: str | None = None
    for block in blocks:
        if toc is not None and block.kind == "text":
            entry = columns.get(id(block), block.raw)
            if _ends_toc(block.raw, first):
                toc = None
            else:
                toc.rows.append(Row([Cell(entry, [entry])], page=block.page, bbox=block.bbox))
                first = first or block.raw
                continue
        elif toc is not None:
            toc = None
        if block.kind == "text" and TOC_HEADING.match(block.raw):
            toc = Block("toc", raw=block.raw, page=block.page, bbox=block.bbox)
            first = None
            out.append(toc)
            continue
        out.append(block)
    return out


def _ends_toc(text: str, first: str | None) -> bool:
    if first is not None and text == first:
        return True
    return len(text) > _PARAGRAPH_LEN and not _TOC_ENTRY.search(text)


def _union(a: BBox | None, b: BBox) -> BBox:
    if a is None:
        return b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def open_error(exc: Exception) -> str:
    """What to tell the user about a PDF that cannot be opened."""
    reason = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = type(reason).__name__
    if name in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
        return "the PDF is encrypted and opens only with a password; an unprotected copy is needed"
    if "EOF" in str(reason) or name in ("PSEOF", "PDFNoValidXRef"):
        return f"the PDF is damaged or truncated ({name}: {reason})"
    return f"not a readable PDF ({name}: {reason})"


def read_pdf(
    path: Path, data: bytes, max_pages: int | None = None, dedupe_tolerance: float = DEFAULT_DEDUPE_TOLERANCE
) -> Document:
    """Read a PDF into the IR: text blocks, tables and tables of contents, with page and box.

    A PDF of more than `max_pages` pages is not read (`ReadError`).
    """
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    from pipeline.errors import ReadError

    problems: list[tuple[str, str, int | None, int | None]] = []
    pages: list[Page] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))  # an encryption with an empty password opens as is
    except PDFSyntaxError as exc:
        raise ReadError(f"not a readable PDF ({exc})") from exc
    except Exception as exc:  # pdfplumber wraps pdfminer's reason in args[0]
        raise ReadError(open_error(exc)) from exc
    with pdf:
        count = len(pdf.pages)
        if max_pages is not None and count > max_pages:
            raise ReadError(f"the PDF has {count} pages, over the limit of {max_pages} pages (--max-pages)")
        for number, page in enumerate(pdf.pages, start=1):
            try:
                pages.append(read_page(page, number, problems, dedupe_tolerance))
            except Exception as exc:  # one broken page must not lose the others
                problems.append(
                    ("error", f"page {number} could not be read: {type(exc).__name__}: {exc}", number, None)
                )
            finally:
                page.close()
    if count and not any(p.items for p in pages):
        problems.append(("error", "no page has a text layer: nothing could be read", None, None))
    drop_running_lines(pages)
    return Document(path=str(path), format="pdf", blocks=assemble(pages), pages=count, problems=problems)
