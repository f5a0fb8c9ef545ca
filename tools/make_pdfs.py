"""Render the seed texts in raw/ into PDF fixtures the way municipal offices publish them.

The original PDFs of the seed documents are not available, so the PDF path of the
pipeline is exercised with PDFs rendered here from the text extractions: the blocks
and cells come from `pipeline.read.text.read_text`, so that a PDF carries the same
text as its seed. Two producer styles, each in its own folder with its own manifest:

- `grid/`: A4 portrait, every table ruled as a full cell grid, centred headers,
  page numbers `- 3 -` centred in the footer;
- `rules/`: another producer: only horizontal rules (no vertical lines), larger
  fonts and margins, flatter column widths, left-aligned cells, page numbers `3`
  at the right and a running header (the document title) from page 2 on.

Both have what municipal PDFs have: IPAex Gothic embedded as a subset, wrapped
multi-line cells (HTML `<p>`/`<ul>` fragments become lines, ◆/・ bullets kept),
tables continued over pages with a repeated header row, merged cells (row and
column spans: the measure sheet's 推進内容 spanning its rows, header groups),
vertical text (縦書き) in the 取組主体 header cells of 一関市's policy tree, fake-bold
chapter headings (the text drawn twice with a small offset, as Word does), footnote
marks as superscripts, and fiscal-year bars in 日立市's schedule overview.

Per-document rendering knowledge lives here, never in the reader:

- 日立市: one measure sheet per page; in each schedule overview (the table after a
  推進事項一覧 table, 令和4年度…令和8年度 columns with 準備/実施 labels) every phase is a
  filled bar spanning its fiscal-year columns, with its label inside the bar in the
  column where the text extraction printed it. The rows of an overview are the
  actions of the 推進事項一覧 table before it, in order. Bar extents (`hitachi_bars`):
  a row with only 実施 is one bar over all five years. A row with 準備 then 実施
  splits at the start year b of a period of that action's 年度別行動計画 (its measure
  sheet): the latest period start after the 準備 label's column and at or before
  the 実施 label's column (No.8: 令和4年度 / 令和5年度 / 令和6年度～ → 準備 R4–R5, 実施
  R6–R8; No.22: R4～R6 / R7 / R8 → 準備 R4–R6, 実施 R7–R8). Rows beyond the listed
  actions, or without such a period, split right after the 準備 label's column.
  準備 then runs from 令和4年度 to b-1 and 実施 from b to 令和8年度.
- 鶴岡市: one crosswalk table per page as in the export (a table too long for a
  page continues on the next with its header rows repeated); the 関係課 column
  prints one department per line (the extraction joined them with spaces).
- 那須塩原市: the text is scrambled by its PDF export; `nasushiobara_rows` rebuilds
  the landscape sheet (one row per project: 事業名 | 担当課 | 取組内容 | 協働の相手 |
  事業の評価 | 効果、理由（問題点） | 指標 | 基準値（R3) | 目標値（R9) | 現状値（R5)), one
  table per page of the export, with that page's 項目 headings （１）… printed as
  lines above the table (the export does not say which project is under which).

Text that the font cannot show is substituted (`GLYPH_SUBSTITUTES`); superscript
digits (¹ … ⁸, some missing from the font) and `^{※1}` become superscript runs;
markdown bold (`**`) is dropped. Which table spans which cells is decided per table
shape (`SPECS`): a span only ever covers cells that are empty in the text, so the
PDF keeps the text's cell positions. The font is IPAex Gothic cut down to the seeds'
characters without hinting (fontTools), then subset again by reportlab; output is
byte-stable (`rl_config.invariant`).

Usage: python tools/make_pdfs.py [--out DIR] [--check]
`--check` re-renders into a temporary folder and compares the text of every page
(pdfplumber `extract_text`) with the committed fixtures; exit status 1 on a difference.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.model.ir import Block  # noqa: E402
from pipeline.read.cells import cell_lines  # noqa: E402
from pipeline.read.text import read_text  # noqa: E402

RAW = ROOT / "raw"
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "pdf"
FONT_NAME = "IPAexGothic"
GLYPH_SUBSTITUTES = {"閱": "閲"}  # glyphs IPAex Gothic lacks → the form it has
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
FAKE_BOLD_OFFSET = 0.4  # points between the two impressions of a fake-bold heading
CHAPTER = re.compile(r"^第\s*\d+\s*章")
HITACHI, MITO, ICHINOSEKI, TSURUOKA, NASUSHIOBARA = "08202", "08201", "03209", "06203", "09213"


@dataclass(frozen=True)
class Style:
    """One producer's house style."""

    name: str
    body_size: float
    leading: float
    heading_size: float
    table_size: float
    table_leading: float
    margins: tuple[float, float, float, float]  # left, right, top, bottom
    cell_pad: float
    grid: bool  # full cell grid, else horizontal rules only
    page_number: str  # format of the footer page number
    page_number_align: str  # "center" | "right"
    running_header: bool
    width_exponent: float  # column width ∝ (natural width) ** exponent
    para_space: float
    center_headers: bool


STYLES = {
    "grid": Style(
        "grid", 9.5, 14.5, 15, 8, 11, (56, 56, 62, 62), 3, True, "- {n} -", "center", False, 1.0, 4, True
    ),
    "rules": Style(
        "rules", 10.5, 16.5, 16.5, 8.5, 12.5, (72, 62, 76, 70), 6, False, "{n}", "right", True, 0.6, 7, False
    ),
}


# ---------------------------------------------------------------- reportlab set-up


def font_path() -> Path:
    import matplotlib_fontja

    return Path(matplotlib_fontja.__file__).resolve().parent / "fonts" / "ipaexg.ttf"


EXTRA_CHARS = "0123456789-–/ ()（）・◆○●◎※■□→⇒～〜" + "".join(GLYPH_SUBSTITUTES.values())


def unhinted_font(raw: Path = RAW) -> Path:
    """IPAex Gothic cut down to the seeds' characters, without hinting (halves the embedded subsets).

    reportlab embeds a subset of whatever TrueType font it is given; dropping the
    hinting instructions first (fontTools, a matplotlib dependency) keeps the PDFs small.
    """
    import hashlib
    import io

    from fontTools import subset

    chars = set(EXTRA_CHARS)
    for path in sorted(raw.glob("*.txt")):
        chars.update(path.read_text(encoding="utf-8"))
    text = "".join(sorted(c for c in chars if c.isprintable()))
    digest = hashlib.sha256((text + str(font_path().stat().st_size)).encode()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"plans-ipaexg-{digest}-v2.ttf"
    if not target.exists():
        options = subset.Options()
        options.hinting = False
        options.layout_features = []
        options.name_IDs = ["*"]
        options.notdef_outline = True
        # From bytes: a font loaded from a path keeps its file open until garbage collection.
        font = subset.load_font(io.BytesIO(font_path().read_bytes()), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        # A PostScript name of its own: reportlab keys faces by it, and another renderer in the
        # same process (tests/plangen) embeds the whole IPAexGothic.
        for record in font["name"].names:
            if record.nameID == 6:
                record.string = "PlansSeedGothic"
        partial = target.with_suffix(f".{id(font)}.tmp")
        subset.save_font(font, str(partial), options)
        partial.replace(target)
    return target


def _setup():
    """Import reportlab, make its output byte-stable and register the font."""
    from reportlab import rl_config

    rl_config.invariant = 1
    rl_config.useA85 = 0
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(unhinted_font())))


def markup(text: str) -> str:
    """Seed text → reportlab paragraph markup (escaped, superscripts, no markdown bold)."""
    text = text.translate(str.maketrans(GLYPH_SUBSTITUTES)).replace("**", "")
    out = escape(text)
    out = re.sub(r"\^\{([^}]*)\}", r"<super>\1</super>", out)
    return re.sub(
        "[⁰¹²³⁴⁵⁶⁷⁸⁹]+", lambda m: f"<super>{m.group(0).translate(SUPERSCRIPT_DIGITS)}</super>", out
    )


def plain(text: str) -> str:
    return text.translate(str.maketrans(GLYPH_SUBSTITUTES)).replace("**", "")


# ---------------------------------------------------------------- flowables


def _flowables():
    from reportlab.platypus import Flowable, Table

    class FakeBoldHeading(Flowable):
        """A heading drawn twice with a small horizontal offset (Word's bold for a font without a bold face)."""

        def __init__(self, text: str, size: float):
            super().__init__()
            self.text, self.size = plain(text), size

        def wrap(self, avail_width, avail_height):
            self.width = avail_width
            return avail_width, self.size * 1.5

        def draw(self):
            c = self.canv
            c.setFont(FONT_NAME, self.size)
            c.drawString(0, self.size * 0.35, self.text)
            c.drawString(FAKE_BOLD_OFFSET, self.size * 0.35, self.text)

    class VerticalText(Flowable):
        """縦書き: one character under the other, centred in the cell."""

        def __init__(self, text: str, size: float):
            super().__init__()
            self.text, self.size = text, size

        def wrap(self, avail_width, avail_height):
            self.avail = avail_width
            return avail_width, len(self.text) * self.size * 1.1

        def draw(self):
            c = self.canv
            c.setFont(FONT_NAME, self.size)
            for i, ch in enumerate(self.text):
                y = (len(self.text) - i - 1) * self.size * 1.1 + self.size * 0.15
                c.drawCentredString(self.avail / 2, y, ch)

    class BarTable(Table):
        """A table with filled bars drawn under the labels of given rows (a fiscal-year strip)."""

        bars: list = []

        def _drawBkgrnd(self):
            super()._drawBkgrnd()
            c = self.canv
            c.saveState()
            c.setFillGray(0.78)
            for row, first, last in self.bars:
                x0 = self._colpositions[first] + 2
                x1 = self._colpositions[last + 1] - 2
                top, bottom = self._rowpositions[row], self._rowpositions[row + 1]
                inset = (top - bottom) * 0.12
                c.rect(x0, bottom + inset, x1 - x0, top - bottom - 2 * inset, stroke=0, fill=1)
            c.restoreState()

    return FakeBoldHeading, VerticalText, BarTable


# ---------------------------------------------------------------- table specs


@dataclass
class TableSpec:
    """How one table is drawn: spans, header rows, vertical cells, bars, page placement."""

    spans: list[tuple[int, int, int, int]] = field(default_factory=list)  # (c0, r0, c1, r1)
    header_rows: int = 0
    vertical: set[tuple[int, int]] = field(default_factory=set)  # (row, col)
    bars: list[tuple[int, int, int]] = field(default_factory=list)  # (row, first col, last col)
    page_break_before: bool = False
    keep_together: bool = False
    stacked: set[int] = field(
        default_factory=set
    )  # columns listing names one per line (joined by spaces in the text)


def texts(block: Block) -> list[list[str]]:
    width = max(len(r.cells) for r in block.rows)
    return [[c.raw.strip() for c in r.cells] + [""] * (width - len(r.cells)) for r in block.rows]


def span_right(
    rows: list[list[str]], r: int, c: int, stop: int | None = None
) -> tuple[int, int, int, int] | None:
    """A span from (r, c) over the empty cells to its right (up to column `stop`)."""
    end = c
    last = stop if stop is not None else len(rows[r]) - 1
    while end < last and rows[r][end + 1] == "":
        end += 1
    return (c, r, end, r) if end > c else None


def span_down(
    rows: list[list[str]], r: int, c: int, stop: int | None = None
) -> tuple[int, int, int, int] | None:
    """A span from (r, c) over the empty cells below it (up to row `stop`)."""
    end = r
    last = stop if stop is not None else len(rows) - 1
    while end < last and rows[end + 1][c] == "":
        end += 1
    return (c, r, c, end) if end > r else None


def default_header_rows(rows: list[list[str]]) -> int:
    first = [c for c in rows[0] if c]
    if len(rows) > 2 and first and all(len(c) <= 15 for c in first):
        return 1
    return 0


def generic_spec(rows: list[list[str]]) -> TableSpec:
    return TableSpec(header_rows=default_header_rows(rows))


def hitachi_spec(rows: list[list[str]], ctx: dict) -> TableSpec:
    first = rows[0][0]
    if first.startswith("推進事項 No") or first.startswith("推進事項No"):
        ctx["sheets"].append(rows)
        spec = TableSpec(page_break_before=True)
        for r, row in enumerate(rows):
            if row[0] and r < 3:
                spec.spans.append(span_right(rows, r, 0, 1))
            if row[2] and r < 4:
                spec.spans.append(span_right(rows, r, 2, 3))
            if row[0] == "推進内容":
                spec.spans.append(span_down(rows, r, 0))
            if row[1] == "年度別行動計画":
                spec.spans.append(span_down(rows, r, 1))
        spec.spans = [s for s in spec.spans if s]
        return spec
    if first == "推進事項" and len(rows[0]) > 1 and rows[0][1] == "提言との関連性":
        ctx["actions"] = [
            int(m.group(1))
            for row in rows
            if (m := re.match(r"^(\d+)\s*【?", row[0])) and "関連" not in row[2]
        ]
        spec = TableSpec(header_rows=2, page_break_before=True)
        spec.spans += [span_down(rows, 0, 0, 1), span_right(rows, 0, 1, 3), span_down(rows, 0, 4, 1)]
        for r, row in enumerate(rows):
            if "特に関連が強い" in row[2]:
                spec.spans.append(span_right(rows, r, 2))
        spec.spans = [s for s in spec.spans if s]
        return spec
    if first == "令和4年度" and len(rows[0]) == 6:
        spec = TableSpec(header_rows=1, keep_together=True)
        for r in range(1, len(rows)):
            if rows[r][5]:
                spec.spans.append(span_down(rows, r, 5))
        spec.spans = [s for s in spec.spans if s]
        spec.bars = hitachi_bars(rows, ctx.get("actions", []), ctx["periods"])
        return spec
    return generic_spec(rows)


FY_COLUMN = re.compile(r"令和\s*(\d+)\s*年度")
FIRST_FY = 4  # 令和4年度 is the strip's first column


def hitachi_periods(blocks: list[Block]) -> dict[int, list[int]]:
    """Action number → the start columns (0 = 令和4年度) of its 年度別行動計画 periods."""
    periods: dict[int, list[int]] = {}
    for block in blocks:
        if block.kind != "table":
            continue
        rows = texts(block)
        m = re.match(r"推進事項\s*No\.\s*(\d+)", rows[0][0])
        if not m:
            continue
        starts = []
        for row in rows:
            if row[1] == "年度別行動計画" or (row[0] == "" and row[1] == "" and FY_COLUMN.match(row[2])):
                fy = FY_COLUMN.match(row[2])
                if fy:
                    starts.append(int(fy.group(1)) - FIRST_FY)
        periods[int(m.group(1))] = starts
    return periods


def hitachi_bars(
    rows: list[list[str]], actions: list[int], periods: dict[int, list[int]]
) -> list[tuple[int, int, int]]:
    """The bars of one schedule overview (see the module docstring for the rule)."""
    bars = []
    for r in range(1, len(rows)):
        labels = {rows[r][c]: c for c in range(5) if rows[r][c]}
        action = actions[r - 1] if r - 1 < len(actions) else None
        if set(labels) == {"実施"}:
            bars.append((r, 0, 4))
        elif set(labels) == {"準備", "実施"}:
            prep, run = labels["準備"], labels["実施"]
            starts = [s for s in periods.get(action, []) if prep < s <= run]
            split = max(starts) if starts else prep + 1
            bars += [(r, 0, split - 1), (r, split, 4)]
        else:
            continue
    for r, first, last in bars:
        assert any(first <= c <= last and rows[r][c] for c in range(5)), (r, first, last)
    return bars


def tsuruoka_spec(rows: list[list[str]], ctx: dict) -> TableSpec:
    if rows[0][0] != "計画の柱※":
        return generic_spec(rows)
    header = next(i for i, row in enumerate(rows) if row[0] == "I")
    spec = TableSpec(header_rows=header + 1, page_break_before=ctx["tables"] > 0)
    ctx["tables"] += 1
    if header > 1 and not any(rows[1][:4]):
        spec.spans.append((0, 0, 3, 1))
    else:
        spec.spans.append((0, 0, 3, 0))
    for c in (5, 7):
        spec.spans.append(span_down(rows, 0, c, header))
    spec.spans = [s for s in spec.spans if s]
    spec.stacked = {7}  # 関係課: one department per line (the extraction joined them with spaces)
    return spec


def ichinoseki_spec(rows: list[list[str]], ctx: dict) -> TableSpec:
    first = rows[0]
    if first[0] == "基本方針" and "取組主体" in first:
        spec = TableSpec(header_rows=2)
        spec.spans += [span_right(rows, 0, 0, 2), span_right(rows, 0, 3)]
        spec.vertical = {(1, c) for c in range(3, len(first)) if len(rows[1][c]) > 1}
        for r in range(2, len(rows)):
            if rows[r][0].startswith("基本方針") and not any(rows[r][1:]):
                spec.spans.append(span_right(rows, r, 0))
            elif rows[r][0] and rows[r][1]:
                end = r
                while (
                    end + 1 < len(rows) and not rows[end + 1][0] and not rows[end + 1][1] and rows[end + 1][2]
                ):
                    end += 1
                if end > r:
                    spec.spans += [(0, r, 0, end), (1, r, 1, end)]
        spec.spans = [s for s in spec.spans if s]
        return spec
    if re.match(r"^事業\s*\d+$", first[0]) and len(rows) == 4:
        spec = TableSpec(keep_together=True)
        for c, value in enumerate(first):
            if value:
                spec.spans.append(span_right(rows, 0, c))
        if rows[1][0] == "内容":
            spec.spans += [span_down(rows, 1, 0), span_down(rows, 1, 1)]
            spec.spans.append(span_right(rows, 1, 2))
        spec.spans = [s for s in spec.spans if s]
        return spec
    if first[0] == "指標" and first[1] == "":
        spec = generic_spec(rows)
        spec.spans.append((0, 0, 1, 0))
        return spec
    return generic_spec(rows)


def mito_spec(rows: list[list[str]], ctx: dict) -> TableSpec:
    first = rows[0]
    if len(first) == 11 and first[1].startswith("平均利用時間"):
        spec = TableSpec(header_rows=2)
        spec.spans += [span_down(rows, 0, 0, 1), span_right(rows, 0, 1, 5), span_right(rows, 0, 6)]
        spec.spans = [s for s in spec.spans if s]
        return spec
    return generic_spec(rows)


SPECS = {HITACHI: hitachi_spec, TSURUOKA: tsuruoka_spec, ICHINOSEKI: ichinoseki_spec, MITO: mito_spec}


# ---------------------------------------------------------------- rendering


class Renderer:
    """Turns the blocks of one seed into reportlab flowables in one style."""

    def __init__(self, style: Style, page_width: float):
        from reportlab.lib.enums import TA_CENTER, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        self.style = style
        self.width = page_width - style.margins[0] - style.margins[1]
        s = style
        self.body = ParagraphStyle(
            "body",
            fontName=FONT_NAME,
            fontSize=s.body_size,
            leading=s.leading,
            wordWrap="CJK",
            spaceAfter=s.para_space,
        )
        self.cell = ParagraphStyle(
            "cell", fontName=FONT_NAME, fontSize=s.table_size, leading=s.table_leading, wordWrap="CJK"
        )
        self.sub = ParagraphStyle("sub", parent=self.cell, leftIndent=s.table_size)
        self.head = ParagraphStyle("head", parent=self.cell, alignment=TA_CENTER if s.center_headers else 0)
        self.toc = ParagraphStyle("toc", parent=self.body, spaceAfter=0)
        self.toc_right = ParagraphStyle("tocr", parent=self.toc, alignment=TA_RIGHT)
        self.FakeBold, self.Vertical, self.BarTable = _flowables()

    # -- blocks

    def paragraph(self, text: str):
        from reportlab.platypus import Paragraph

        return Paragraph(markup(text), self.body)

    def heading(self, text: str, page_break: bool) -> list:
        from reportlab.platypus import PageBreak, Spacer

        out = [PageBreak()] if page_break else []
        return out + [Spacer(1, 6), self.FakeBold(text, self.style.heading_size), Spacer(1, 8)]

    def toc_block(self, block: Block) -> list:
        from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

        out = [PageBreak(), self.FakeBold(block.raw, self.style.heading_size), Spacer(1, 10)]
        data, spans = [], []
        for i, row in enumerate(block.rows):
            parts = row.cells[0].raw.split("\t")
            if len(parts) == 1:
                data.append([Paragraph(markup(parts[0]), self.toc), "", ""])
                spans.append(("SPAN", (0, i), (2, i)))
                continue
            if len(parts) == 2:  # "1 計画策定の趣旨\t1": the title over the first two columns
                data.append(
                    [Paragraph(markup(parts[0]), self.toc), "", Paragraph(markup(parts[1]), self.toc_right)]
                )
                spans.append(("SPAN", (0, i), (1, i)))
                continue
            parts = (parts + ["", ""])[:3]
            data.append(
                [
                    Paragraph(markup(parts[0]), self.toc),
                    Paragraph(markup(parts[1]), self.toc),
                    Paragraph(markup(parts[2]), self.toc_right),
                ]
            )
        numbers = [r.cells[0].raw.split("\t")[0] for r in block.rows if r.cells[0].raw.count("\t") == 2]
        first = (max((len(n) for n in numbers), default=1) + 1.5) * self.style.body_size
        widths = [first, self.width - first - 3 * self.style.body_size, 3 * self.style.body_size]
        style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)] + spans
        out += [Table(data, colWidths=widths, style=TableStyle(style)), PageBreak()]
        return out

    def cell_content(self, text: str, header: bool, vertical: bool):
        from reportlab.platypus import Paragraph

        if vertical:
            return self.Vertical(plain(text), self.style.table_size)
        lines = cell_lines(text)
        if not lines:
            return ""
        out = []
        for line in lines:
            st = self.head if header else (self.sub if line[:1] in "・※" else self.cell)
            out.append(Paragraph(markup(line), st))
        return out

    def column_widths(self, rows: list[list[str]], spec: TableSpec) -> list[float]:
        ncols = len(rows[0])
        covered = {
            (r, c)
            for c0, r0, c1, r1 in spec.spans
            for r in range(r0, r1 + 1)
            for c in range(c0, c1 + 1)
            if c1 > c0
        }
        natural = [1.0] * ncols
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if (r, c) in covered or (r, c) in spec.vertical:
                    continue
                for line in cell_lines(text) or [""]:
                    length = sum(0.55 if ord(ch) < 0x2000 else 1.0 for ch in plain(line))
                    natural[c] = max(natural[c], min(length, 36.0))
        for c in spec.stacked:  # names one per line: room for the longest and a little more
            natural[c] += 1.5
        size, pad = self.style.table_size, self.style.cell_pad
        need = [n * size + 2 * pad + 1 for n in natural]
        if sum(need) <= self.width:
            extra = self.width - sum(need)
            weights = [n**self.style.width_exponent for n in natural]
            return [w + extra * k / sum(weights) for w, k in zip(need, weights, strict=True)]
        floor = [min(n, 6.0) * size + 2 * pad + 1 for n in natural]
        if sum(floor) > self.width:
            return [self.width * f / sum(floor) for f in floor]
        weights = [n**self.style.width_exponent for n in natural]
        fixed: set[int] = set()
        while True:
            rest = [i for i in range(ncols) if i not in fixed]
            room = self.width - sum(floor[i] for i in fixed)
            total = sum(weights[i] for i in rest)
            widths = [floor[i] if i in fixed else room * weights[i] / total for i in range(ncols)]
            short = {i for i in rest if widths[i] < floor[i]}
            if not short or len(fixed | short) == ncols:
                break
            fixed |= short
        return widths

    def table(self, rows: list[list[str]], spec: TableSpec) -> list:
        from reportlab.platypus import KeepTogether, PageBreak, Spacer, TableStyle

        header = set(range(spec.header_rows))
        rows = [
            [
                ("<br>".join(text.split()) if c in spec.stacked and r not in header else text)
                for c, text in enumerate(row)
            ]
            for r, row in enumerate(rows)
        ]
        widths = self.column_widths(rows, spec)
        data = [
            [self.cell_content(text, r in header, (r, c) in spec.vertical) for c, text in enumerate(row)]
            for r, row in enumerate(rows)
        ]
        s = self.style
        cmds = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), s.cell_pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), s.cell_pad),
            ("TOPPADDING", (0, 0), (-1, -1), s.cell_pad * 0.8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), s.cell_pad),
        ]
        if s.grid:
            cmds.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
            if spec.header_rows:
                cmds.append(("BACKGROUND", (0, 0), (-1, spec.header_rows - 1), "#e6e6e6"))
        else:
            cmds += [
                ("LINEABOVE", (0, 0), (-1, 0), 1.0, "black"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, "black"),
            ]
            cmds.append(("LINEBELOW", (0, -1), (-1, -1), 1.0, "black"))
        cmds += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in spec.spans]
        table = self.BarTable(data, colWidths=widths, repeatRows=spec.header_rows, style=TableStyle(cmds))
        table.bars = list(spec.bars)
        out: list = [PageBreak()] if spec.page_break_before else []
        # Small tables are never split (a header orphaned at the foot of a page is a producer bug).
        keep = spec.keep_together or len(rows) <= 4
        out += [Spacer(1, 4), KeepTogether([table]) if keep else table, Spacer(1, 8)]
        return out


def render_blocks(blocks: list[Block], code: str, renderer: Renderer) -> list:
    """The flowables of a seed document in reading order."""
    out: list = []
    spec_of = SPECS.get(code)
    ctx: dict = {"sheets": [], "tables": 0, "periods": hitachi_periods(blocks) if code == HITACHI else {}}
    for block in blocks:
        if block.kind == "toc":
            out += renderer.toc_block(block)
        elif block.kind == "table":
            rows = texts(block)
            spec = spec_of(rows, ctx) if spec_of else generic_spec(rows)
            out += renderer.table(rows, spec)
        elif CHAPTER.match(block.raw):
            out += renderer.heading(block.raw, page_break=not ends_with_break(out))
        else:
            out.append(renderer.paragraph(block.raw))
    return out


def ends_with_break(out: list) -> bool:
    """True when the flow already ends with a page break (no second break needed)."""
    from reportlab.platypus import PageBreak

    return bool(out) and isinstance(out[-1], PageBreak)


# ---------------------------------------------------------------- 那須塩原市


NASU_HEADER_LINES = {
    "現状値", "（R5)", "項目 事業名 担当課", "（１）令和5年度実施状況 （２）目標指標の状況", "取組内容", "協働の相手",
    "事業の評価 効果、理由（問題点）", "基準値", "（R3)", "目標値", "（R9)", "①～⑦",
}  # fmt: skip
NASU_COLUMNS = [
    "事業名",
    "担当課",
    "取組内容",
    "協働の相手\n①～⑦",
    "事業の評価",
    "効果、理由（問題点）",
    "指標",
    "基準値（R3)",
    "目標値（R9)",
    "現状値（R5)",
]
_DEPT = re.compile(r"^\S*(?:課|室|センター)(?:→)?$|^\S+→$")
_CODES = re.compile(r"^([\u2460-\u2473]+)\s*(.*)$")
_GRADE = re.compile(r"^([A-DＡ-Ｄ])(?:\s+(.*))?$")
_VALUE = re.compile(r"^(?:-|実施|充実|[\d.,]+\s*(?:件|地区|％|%|人|団体|回))$")
_HEADING = re.compile(r"^（[１-９]）")
_NEW_LINE = re.compile(r"^(?:・|効果$|問題点$|　|\s|\(\d+\))")


def _join_fragments(lines: list[str]) -> list[str]:
    """Visual lines cut by the export → the cell's lines (labels, ・ items and a sentence after a
    line that ends one start a line)."""
    out: list[str] = []
    for line in lines:
        if not out or _NEW_LINE.match(line) or out[-1] in ("効果", "問題点") or out[-1].endswith("。"):
            out.append(line)
        else:
            out[-1] += line
    return [line.rstrip() for line in out]


def nasushiobara_rows(blocks: list[Block]) -> tuple[str, list[tuple[list[str], list[list[str]]]]]:
    """(title line, [(page headings, project rows)]) rebuilt from the scrambled export."""
    lines: list[tuple[int, str]] = [(b.line or 0, b.raw.strip()) for b in blocks if b.kind == "text"]
    title = lines[0][1]
    pages: list[list[tuple[int, str]]] = [[]]
    previous = lines[0][0]
    for number, text in lines[1:]:
        if number - previous > 3:  # a run of blank lines: the export's page break
            pages.append([])
        previous = number
        pages[-1].append((number, text))
    result = []
    for page in pages:
        headings, stream = [], []
        i = 0
        while i < len(page):
            number, text = page[i]
            if text in NASU_HEADER_LINES:
                i += 1
                continue
            if _HEADING.match(text):
                parts = [text]
                while (
                    i + 1 < len(page)
                    and page[i + 1][0] == page[i][0] + 1
                    and page[i + 1][1] not in NASU_HEADER_LINES
                ):
                    i += 1
                    parts.append(page[i][1])
                    number = page[i][0]
                headings.append("".join(parts))
                i += 1
                continue
            stream.append(text)
            i += 1
        result.append((sorted(set(headings)), _projects(stream)))
    return title, result


def _projects(stream: list[str]) -> list[list[str]]:
    rows = []
    i = 0
    while i < len(stream):
        title_parts, dept = [], ""
        while i < len(stream):
            text = stream[i]
            head, _, tail = text.rpartition(" ")
            if _DEPT.match(text):
                dept = text
                while dept.endswith("→"):
                    i += 1
                    dept += stream[i]
                i += 1
                break
            if head and _DEPT.match(tail):
                title_parts.append(head)
                dept = tail
                i += 1
                break
            title_parts.append(text)
            i += 1
        content = []
        while not _CODES.match(stream[i]):
            content.append(stream[i])
            i += 1
        codes, rest = _CODES.match(stream[i]).groups()
        i += 1
        while not rest and i < len(stream) and re.fullmatch(r"[\u2460-\u2473]+", stream[i]):
            codes += stream[i]
            i += 1
        if not rest:
            rest = stream[i]
            i += 1
        grade, effect_head = _GRADE.match(rest).groups()
        effect = [effect_head] if effect_head else []
        # The indicator: name, value, name, value, name, value — the name printed before each value.
        j = i
        while not _VALUE.match(stream[j]):
            j += 1
        k = j + 1
        while not _VALUE.match(stream[k]):
            k += 1
        name = "".join(stream[j + 1 : k])
        start = j
        while "".join(stream[start:j]) != name:
            start -= 1
            assert start >= i, name
        effect += stream[i:start]
        values = [stream[j], stream[k]]
        m = k + 1
        while not _VALUE.match(stream[m]):
            m += 1
        values.append(stream[m])
        i = m + 1
        rows.append([
            "".join(title_parts), dept, "\n".join(_join_fragments(content)), codes, grade,
            "\n".join(_join_fragments(effect)), name, *values,
        ])  # fmt: skip
    return rows


def render_nasushiobara(blocks: list[Block], renderer: Renderer) -> list:
    from reportlab.platypus import PageBreak, Paragraph

    title, pages = nasushiobara_rows(blocks)
    out: list = [Paragraph(markup(title), renderer.body)]
    for index, (headings, projects) in enumerate(pages):
        if index:
            out.append(PageBreak())
        out += [Paragraph(markup(h), renderer.body) for h in headings]
        rows = [
            ["（１）令和5年度実施状況", "", "", "", "", "", "（２）目標指標の状況", "", "", ""],
            NASU_COLUMNS,
            *projects,
        ]
        rows = [[text.replace("\n", "<br>") for text in row] for row in rows]
        spec = TableSpec(header_rows=2, spans=[(0, 0, 5, 0), (6, 0, 9, 0)])
        out += renderer.table(rows, spec)
    return out


# ---------------------------------------------------------------- documents


def read_manifest(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def render_document(source: Path, title: str, target: Path, style: Style) -> None:
    """Render one seed text as a PDF in `style`."""
    _setup()
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate

    code = source.name[:5]
    page = landscape(A4) if code == NASUSHIOBARA else A4
    blocks = read_text(source, source.read_bytes()).blocks
    renderer = Renderer(style, page[0])
    flow = (
        render_nasushiobara(blocks, renderer)
        if code == NASUSHIOBARA
        else render_blocks(blocks, code, renderer)
    )
    left, right, top, bottom = style.margins

    def later_pages(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT_NAME, 9)
        number = style.page_number.format(n=doc.page)
        if style.page_number_align == "center":
            canvas.drawCentredString(page[0] / 2, 26, number)
        else:
            canvas.drawRightString(page[0] - right, 26, number)
        if style.running_header:
            canvas.setFont(FONT_NAME, 7.5)
            canvas.drawRightString(page[0] - right, page[1] - 28, plain(title))
        canvas.restoreState()

    from collections import Counter

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen.canvas import Canvas

    # Characters go into the font's 256-glyph subsets most frequent first, so that a line of text
    # is mostly one run of one subset (fewer font switches: smaller files, faster to parse).
    counts = Counter(ch for b in blocks for ch in (b.raw + "".join(c.raw for r in b.rows for c in r.cells)))
    warm = "".join(ch for ch, _ in counts.most_common() if ch.isprintable()).translate(
        str.maketrans(GLYPH_SUBSTITUTES)
    )

    class WarmCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            pdfmetrics.getFont(FONT_NAME).splitString(warm, self._doc)

    doc = SimpleDocTemplate(
        str(target), pagesize=page, leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
        title=title, author="plans test fixtures", creator=f"tools/make_pdfs.py ({style.name})",
    )  # fmt: skip
    doc.build(flow, onFirstPage=lambda c, d: None, onLaterPages=later_pages, canvasmaker=WarmCanvas)


def render_all(out: Path, raw: Path = RAW) -> list[Path]:
    """Render every seed of `raw`'s manifest in every style; returns the files written."""
    entries = read_manifest(raw / "manifest.csv")
    written = []
    for name, style in STYLES.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for entry in entries:
            source = raw / entry["file"]
            target = folder / (Path(entry["file"]).stem + ".pdf")
            render_document(source, entry["title"], target, style)
            written.append(target)
            rows.append({**entry, "file": target.name})
        with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(entries[0].keys()), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        written.append(folder / "manifest.csv")
    return written


def page_texts(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def check(out: Path) -> list[str]:
    """Differences between the committed fixtures in `out` and a fresh rendering."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        for path in render_all(fresh):
            rel = path.relative_to(fresh)
            committed = out / rel
            if not committed.exists():
                problems.append(f"{rel}: missing (run tools/make_pdfs.py)")
                continue
            if committed.read_bytes() == path.read_bytes():
                continue  # byte-identical: the same text on every page
            if path.suffix != ".pdf":
                problems.append(f"{rel}: differs")
                continue
            old, new = page_texts(committed), page_texts(path)
            if len(old) != len(new):
                problems.append(f"{rel}: {len(old)} pages committed, {len(new)} rendered")
                continue
            for number, (a, b) in enumerate(zip(old, new, strict=True), start=1):
                if a != b:
                    problems.append(f"{rel}: page {number} text differs")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], epilog="example: python tools/make_pdfs.py --check"
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="fixture folder (default: tests/fixtures/pdf)"
    )
    parser.add_argument(
        "--check", action="store_true", help="compare a fresh rendering with the committed fixtures"
    )
    args = parser.parse_args(argv)
    if args.check:
        problems = check(args.out)
        for p in problems:
            print(p, file=sys.stderr)
        print("fixtures up to date" if not problems else f"{len(problems)} difference(s)")
        return 1 if problems else 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in render_all(Path(tmp)):
            target = args.out / path.relative_to(tmp)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            size = target.stat().st_size
            print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}  {size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
