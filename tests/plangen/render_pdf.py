"""A generated plan as a PDF, drawn with reportlab in IPAex Gothic.

The same blocks as the text rendering: headings larger (in half of the documents
chapters and goals are drawn twice with a small offset, the fake bold of office
software, which a text extraction reads as doubled characters), running text wrapped
by the page width, tables as reportlab `Table`s whose cells wrap and keep their
`\\n` line breaks. The `rng` picks the producer's style: full grid, horizontal rules
only or no rules; shaded header or not; page numbers `- 3 -` or `3`.
"""

from __future__ import annotations

import random
import unicodedata
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from tests.plangen.generate import Block, GeneratedPlan

FONT = "PlangenGothic"  # its own name: tools/make_pdfs.py registers a subset as IPAexGothic


@cache
def font_path() -> Path:
    import matplotlib_fontja

    root = Path(matplotlib_fontja.__file__).resolve().parent
    found = sorted(root.rglob("ipaexg.ttf")) or sorted(root.rglob("*.ttf"))
    if not found:
        raise FileNotFoundError(f"no .ttf font inside {root}")
    return found[0]


@cache
def _register() -> None:
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    rl_config.invariant = 1  # byte-stable output
    pdfmetrics.registerFont(TTFont(FONT, str(font_path())))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)


def render_pdf(plan: GeneratedPlan, rng: random.Random | None, path: str | Path) -> Path:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    _register()
    rng = rng or random.Random(plan.seed or 0)
    style = _Style(rng)
    pagesize = landscape(A4) if rng.random() < 0.15 else A4
    path = Path(path)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=pagesize,
        leftMargin=style.margin * mm,
        rightMargin=style.margin * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=plan.expected.title,
        author=plan.city,
    )
    flow = []
    for block in plan.blocks:
        flow += _flowables(block, style, doc.width)
    doc.build(flow, onFirstPage=style.footer, onLaterPages=style.footer)
    return path


class _Style:
    def __init__(self, rng: random.Random):
        from reportlab.lib.styles import ParagraphStyle

        self.rng = rng
        self.rules = rng.choice(["grid", "grid", "hrules", "none"])
        self.shade = rng.random() < 0.5
        self.fake_bold = rng.random() < 0.5
        self.margin = rng.choice([15, 20, 25])
        self.page_format = rng.choice(["- {n} -", "{n}", "－{n}－"])
        self.page_right = rng.random() < 0.3
        body = rng.choice([9, 9.5, 10, 10.5])
        self.cell_size = body - rng.choice([0, 0.5, 1])
        base = dict(fontName=FONT, wordWrap="CJK")
        self.body = ParagraphStyle("body", fontSize=body, leading=body * 1.6, **base)
        self.cell = ParagraphStyle("cell", fontSize=self.cell_size, leading=self.cell_size * 1.35, **base)
        sizes = {0: 20, 1: 16, 2: 14, 3: 12, 4: 11, 5: 11}
        self.headings = {
            level: ParagraphStyle(
                f"h{level}",
                fontSize=size,
                leading=size * 1.5,
                spaceBefore=size * 0.6,
                spaceAfter=size * 0.4,
                **base,
            )
            for level, size in sizes.items()
        }

    def footer(self, canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 9)
        text = self.page_format.format(n=doc.page)
        width = doc.pagesize[0]
        if self.page_right:
            canvas.drawRightString(width - doc.rightMargin, 10 * 2.8346, text)
        else:
            canvas.drawCentredString(width / 2, 10 * 2.8346, text)
        canvas.restoreState()


def _markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _flowables(block: Block, style: _Style, width: float) -> list:
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    match block.kind:
        case "title":
            title = Paragraph(_markup(block.text), style.headings[0])
            return [Spacer(1, 60), _FakeBold(title) if style.fake_bold else title, Spacer(1, 30)]
        case "heading":
            para = Paragraph(_markup(block.text), style.headings[block.level])
            return [_FakeBold(para) if style.fake_bold and block.level <= 2 else para]
        case "text":
            return [Paragraph(_markup(block.text), style.body)]
        case "toc":
            return [Paragraph(_markup(block.text), style.headings[1])] + [
                Paragraph(_markup(row[0].replace("\t", "　")), style.body) for row in block.rows
            ]
        case "table":
            return [Spacer(1, 4), _table(block, style, width), Spacer(1, 6)]
        case "pagebreak":
            return [PageBreak()]
    return []


def _FakeBold(paragraph):
    """A paragraph drawn twice, 0.3 pt apart, as office software fakes a bold face."""
    from reportlab.platypus import Flowable

    class FakeBold(Flowable):
        def wrap(self, available_width, available_height):
            self.size = paragraph.wrap(available_width, available_height)
            return self.size

        def split(self, available_width, available_height):
            return []

        def getSpaceBefore(self):
            return paragraph.getSpaceBefore()

        def getSpaceAfter(self):
            return paragraph.getSpaceAfter()

        def draw(self):
            paragraph.drawOn(self.canv, 0, 0)
            paragraph.drawOn(self.canv, 0.3, 0)

    return FakeBold()


def _widths(rows: list[list[str]], width: float) -> list[float]:
    """Column widths by the longest line of each column, within bounds, summing to `width`."""
    n = max(len(r) for r in rows)
    longest = [1] * n
    for row in rows:
        for i, cell in enumerate(row):
            lines = cell.split("\n") or [""]
            longest[i] = max(longest[i], max(_display_len(line) for line in lines))
    weights = [min(max(w, 3), 30) for w in longest]
    total = sum(weights)
    return [width * w / total for w in weights]


def _display_len(text: str) -> int:
    return sum(1 if unicodedata.east_asian_width(c) in "NaH" else 2 for c in text) // 2 + 1


def _table(block: Block, style: _Style, width: float):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    n = max(len(r) for r in block.rows)
    rows = [r + [""] * (n - len(r)) for r in block.rows]
    data = [[Paragraph(_markup(c), style.cell) for c in row] for row in rows]
    table = Table(data, colWidths=_widths(rows, width), repeatRows=block.header_rows, hAlign="LEFT")
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if style.rules == "grid":
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    elif style.rules == "hrules":
        commands += [
            ("LINEABOVE", (0, 0), (-1, 0), 1, colors.black),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.grey),
            ("LINEBELOW", (0, -1), (-1, -1), 1, colors.black),
        ]
    if style.shade and block.header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, block.header_rows - 1), colors.Color(0.88, 0.88, 0.88)))
    table.setStyle(TableStyle(commands))
    return table
