"""One page → its text lines and tables in reading order; the furniture of pages dropped.

Characters of fonts without a Unicode map (`(cid:NNN)`) and pages with images but no
text (scans) are reported as problems naming the page; page numbers and lines repeated
at the same place near the top or bottom of many pages (running headers and footers)
are dropped.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from pipeline.model.ir import BBox, Block
from pipeline.read.cells import is_separator
from pipeline.read.pdf.cell_text import join_lines
from pipeline.read.pdf.chars import Line, build_lines, dedupe_chars, mark_space_widths
from pipeline.read.pdf.cut_tables import closing_rules
from pipeline.read.pdf.grid import Grid, drop_separator_rows, find_bars, grid_rows, place_chars, place_lines
from pipeline.read.pdf.rule_tables import rule_tables
from pipeline.read.pdf.rules import Segment, page_rules
from pipeline.read.pdf.settings import DEFAULTS, PdfSettings
from pipeline.read.pdf.tables import aligned_tables, find_grids
from pipeline.read.pdf.visibility import visible_chars

PAGE_NUMBER = re.compile(
    r"^(?:[-‐–—－]\s*)?(?:p\.?\s*|P\.?\s*)?\d{1,4}(?:\s*[-‐–—－])?$|^\d{1,4}\s*/\s*\d{1,4}$"
)
_CID = re.compile(r"^\(cid:\d+\)$")


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


def read_page(page, number: int, problems: list, settings: PdfSettings = DEFAULTS) -> Page:
    """One page → its text lines and tables in reading order."""
    out = Page(number, float(page.width), float(page.height))
    # A blank glyph whose font maps it to a tab is a space: pdfium's text page does not keep it either.
    chars = [c if c["text"] != "\t" else {**c, "text": " "} for c in page.chars if c.get("text") is not None]
    # The pdfium engine's page knows its drawing order and its invisible characters; pdfplumber's layout counts them.
    chars, hidden = visible_chars(page, chars, getattr(page, "order", None))
    invisible = getattr(page, "invisible_chars", None)
    hidden += getattr(page.layout, "invisible_chars", 0) if invisible is None else invisible
    if hidden:
        problems.append((
            "warning",
            f"page {number}: {hidden} invisible characters (white on white, covered, render mode 3, "
            "no size or off the page) were dropped",
            number, None,
        ))  # fmt: skip
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
    chars = dedupe_chars([c for c in chars if c["text"] != ""], settings.dedupe_tolerance)
    mark_space_widths(chars)
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
    objects, horizontal, vertical, fills = page_rules(page, settings)
    closing = closing_rules(  # tables cut by the page break
        horizontal, vertical, chars, float(page.height), settings.table_tolerance, settings.margin_zone
    )
    grids = find_grids(page, objects + [_rule_object(s) for s in closing], vertical, settings)
    for grid in grids:
        grid.cut = (False, any(_closes_foot(grid, s, settings.table_tolerance) for s in closing))
    owners = [_grid_of(grids, c) for c in chars]
    free = [c for c, g in zip(chars, owners, strict=True) if g is None]
    for grid in grids:
        grid.page = number
        place_chars(grid, [c for c, g in zip(chars, owners, strict=True) if g is grid], settings)
    # Tables with horizontal rules only, among the characters outside ruled grids.
    free_lines = build_lines(free, settings)
    size = statistics.median([ln.size for ln in free_lines]) if free_lines else 10.0
    outside = [s for s in horizontal if not any(_inside(g.bbox, (s.a0 + s.a1) / 2, s.at) for g in grids)]
    for grid in rule_tables(outside, free_lines, size, settings, float(page.height)):
        grid.page = number
        mine = [
            ln for ln in free_lines if _inside(grid.bbox, (ln.x0 + ln.x1) / 2, (ln.top + ln.bottom) / 2, 1)
        ]
        place_lines(grid, mine, settings)
        grid.lines = mine
        taken = {id(ln) for ln in mine}
        free_lines = [ln for ln in free_lines if id(ln) not in taken]
        grids.append(grid)
    # Tables without any rules, among the lines left: columns and rows from the alignment of the text.
    # The text frame's right edge: margins are at least as wide on the right as on the left.
    frame_right = float(page.width) - min((ln.x0 for ln in free_lines), default=0.0)
    for grid, mine in aligned_tables(free_lines, frame_right, settings, fills):
        grid.page = number
        place_lines(grid, mine, settings)
        taken = {id(ln) for ln in mine}
        free_lines = [ln for ln in free_lines if id(ln) not in taken]
        grids.append(grid)
    for grid in grids:
        find_bars(grid, fills, settings)
        block = Block("table", page=number, bbox=grid.bbox)
        # A row of rules only (`-----  --`) separates, as the text reader's separator line does.
        block.rows = [
            r for r in grid_rows(grid, number) if not is_separator(" ".join(c.raw for c in r.cells))
        ]
        if not block.rows:
            continue
        for bar in grid.bars:  # the label printed on the bar
            inside = [
                c for c in chars if _inside(bar.bbox, (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2)
            ]
            bar.text = join_lines([ln.text() for ln in build_lines(inside, settings)])
        block.rows, block.bars = drop_separator_rows(block.rows, grid.bars)
        if not block.rows:
            continue
        out.items.append(Item("table", grid.bbox[1], grid.bbox[3], block=block, grid=grid))
    for ln in free_lines:
        ln.page = number
        out.items.append(Item("text", ln.top, ln.bottom, line=ln))
    out.items.sort(key=lambda it: (it.top, it.line.x0 if it.line else 0))
    return out


def _rule_object(rule: Segment) -> dict:
    """A horizontal rule as the line object pdfplumber's table finder takes."""
    return {
        "object_type": "line", "x0": rule.a0, "x1": rule.a1, "top": rule.at, "bottom": rule.at,
        "width": rule.a1 - rule.a0, "height": 0.0,
    }  # fmt: skip


def _closes_foot(grid: Grid, rule: Segment, tolerance: float) -> bool:
    x0, _, x1, bottom = grid.bbox
    return abs(rule.at - bottom) <= tolerance and rule.a0 <= x0 + tolerance and rule.a1 >= x1 - tolerance


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


def drop_running_lines(pages: list[Page], settings: PdfSettings = DEFAULTS) -> None:
    """Remove page numbers and lines repeated at the same place near the top or bottom of pages."""

    def zone(page: Page, item: Item) -> bool:
        # Margins are set as lengths, the same in both orientations: a landscape page's footer
        # lies as far from its edge as a portrait page's, so the zone is a share of the long side.
        margin = settings.margin_zone * max(page.height, page.width)
        return item.bottom <= margin or item.top >= page.height - margin

    def key(item: Item) -> str:
        return re.sub(r"\d+", "#", item.line.text())

    counts: Counter = Counter()
    for page in pages:
        for item in page.items:
            if item.kind == "text" and zone(page, item):
                counts[(key(item), round(item.top / 3))] += 1
    need = min(settings.min_running_pages, max(2, len(pages) - 1))
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
