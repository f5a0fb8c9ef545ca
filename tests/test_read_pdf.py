"""The PDF reader: each rendered seed reads into the IR its text extraction gives; PDF structure rules.

The parity tests read the committed fixtures (`tests/fixtures/pdf/{grid,rules}/`,
rendered by `tools/make_pdfs.py`) and compare them with `read_text` of the seeds:

- the sequence of block kinds (text, table, toc) is the same;
- text blocks have the same cleaned text, in order;
- table rows have the same cells, in order, compared after `clean()`, without the
  columns that are empty in every row of their table; every line break of a text
  cell is one in the PDF cell (the text extraction joined a cell's printed lines
  with spaces, e.g. 鶴岡市's department lists, which the PDF prints one per line).

Differences that remain, and why:
- a space where a line wraps is not printed: the reader restores it as a line break
  when the line ended early (the next word would have fitted), but when the word
  after the space only just did not fit, `後期策定 →` reads `後期策定→`; a few such
  cells per document (`MAX_SPACE_LOSSES`) differ by that space alone;
- a column empty in every row has no text to show where it is when a table has no
  vertical rules (the `rules/` style), so it is not read;
- glyphs the font lacks are substituted when rendering (`GLYPH_SUBSTITUTES`: 閱 → 閲);
- 那須塩原市's sheet is scrambled text but a real table in the PDF: compared by content.

Parsing all fixtures takes ~20 s of pdfminer time, so the parsed documents are cached
for the module and, keyed by the fixtures' and the reader's bytes, in pytest's cache
folder; a cold run parses them in worker processes.
"""

from __future__ import annotations

import importlib.util
import io
import re
import sys
from pathlib import Path

import pytest

from pipeline.model.ir import Cell, Document
from pipeline.normalize.text import clean
from pipeline.read import ReadError, read_document
from pipeline.read.cells import cell_lines
from pipeline.read.pdf import dedupe_chars, join_cell, join_lines, read_pdf
from pipeline.read.text import read_text
from tests.conftest import RAW, ROOT

pytestmark = pytest.mark.slow  # end-to-end, PDF or scale: `make test-fast` leaves it out

FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
STYLES = ("grid", "rules")
SEEDS = (
    "08202_hitachi_community_action_plan",
    "08201_mito_kyodo_basic_plan_3",
    "03209_ichinoseki_kyodo_plan_3",
    "06203_tsuruoka_community_policy_review",
)
NASUSHIOBARA = "09213_nasushiobara_kyodo_progress_r5"


def generator():
    """tools/make_pdfs.py as a module (importing it needs neither reportlab nor the font)."""
    spec = importlib.util.spec_from_file_location("make_pdfs", ROOT / "tools" / "make_pdfs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_pdfs", module)
    spec.loader.exec_module(module)
    return module


GLYPH_SUBSTITUTES = generator().GLYPH_SUBSTITUTES


def _read(path: Path) -> Document:
    return read_pdf(path, path.read_bytes())


@pytest.fixture(scope="module")
def pdfs(pdf_irs) -> dict[tuple[str, str], Document]:
    """Every fixture read once (see `tests/conftest.py::pdf_irs`)."""
    return pdf_irs


def text_ir(stem: str) -> Document:
    path = RAW / f"{stem}.txt"
    return read_text(path, path.read_bytes())


MAX_SPACE_LOSSES = 8  # cells per document whose text differs by a space lost at a line wrap (narrow columns)


def squash(text: str) -> str:
    return clean(text).replace(" ", "")


def table_cells(doc: Document) -> list[list[Cell]]:
    """Every table row in order, without the columns empty in all rows of their table."""
    rows = []
    for block in doc.blocks:
        if block.kind != "table":
            continue
        width = max(len(r.cells) for r in block.rows)
        cells = [r.cells + [Cell("")] * (width - len(r.cells)) for r in block.rows]
        keep = [c for c in range(width) if any(row[c].text.strip() for row in cells)]
        rows += [[row[c] for c in keep] for row in cells]
    return rows


def table_rows(doc: Document, key=squash) -> list[tuple]:
    return [tuple(key(c.text) for c in row) for row in table_cells(doc)]


def text_blocks(doc: Document) -> list[str]:
    return [clean(b.raw) for b in doc.blocks if b.kind == "text"]


def substitute(text: str) -> str:
    return text.translate(str.maketrans(GLYPH_SUBSTITUTES))


# ---------------------------------------------------------------- parity with the text extraction


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("stem", SEEDS)
def test_block_kinds_match_the_text(pdfs, style, stem):
    assert [b.kind for b in pdfs[style, stem].blocks] == [b.kind for b in text_ir(stem).blocks]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("stem", SEEDS)
def test_table_rows_match_the_text(pdfs, style, stem):
    pdf, text = table_cells(pdfs[style, stem]), table_cells(text_ir(stem))
    assert [[squash(c.text) for c in row] for row in pdf] == [[squash(c.text) for c in row] for row in text]
    cleaned = [
        (clean(a.text), clean(b.text))
        for p, t in zip(pdf, text, strict=True)
        for a, b in zip(p, t, strict=True)
    ]
    assert len([1 for a, b in cleaned if a != b]) <= MAX_SPACE_LOSSES


def breaks(cell: Cell) -> set[int]:
    """Where a cell's lines end, as offsets in its squashed text."""
    ends, offset = set(), 0
    for line in cell.lines:
        offset += len(squash(line))
        ends.add(offset)
    return ends


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("stem", SEEDS)
def test_cell_lines_break_where_the_text_breaks(pdfs, style, stem):
    """Every line break of the text is one in the PDF (which may show more: names one per line)."""
    pairs = zip(table_cells(pdfs[style, stem]), table_cells(text_ir(stem)), strict=True)
    missing = [
        (a.lines, b.lines) for p, t in pairs for a, b in zip(p, t, strict=True) if not breaks(b) <= breaks(a)
    ]
    assert len(missing) <= MAX_SPACE_LOSSES, missing


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("stem", SEEDS)
def test_text_blocks_match_the_text(pdfs, style, stem):
    assert text_blocks(pdfs[style, stem]) == [substitute(t) for t in text_blocks(text_ir(stem))]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("stem", SEEDS)
def test_tables_of_contents_match_the_text(pdfs, style, stem):
    def entries(doc):
        return [[clean(r.cells[0].raw) for r in b.rows] for b in doc.blocks if b.kind == "toc"]

    assert entries(pdfs[style, stem]) == entries(text_ir(stem))


@pytest.mark.parametrize("style", STYLES)
def test_latin_spaces_are_kept_and_japanese_is_not_spaced(pdfs, style):
    mito = " ".join(b.raw for b in pdfs[style, "08201_mito_kyodo_basic_plan_3"].blocks if b.kind == "text")
    assert "Non-Profit Organizationの略で、民間非営利組織と訳されます。" in mito
    hitachi = pdfs[style, "08202_hitachi_community_action_plan"]
    cells = [c.raw for b in hitachi.tables() for r in b.rows for c in r.cells]
    assert any("Z o o m" in c for c in cells)  # printed letter-spaced: kept as printed
    assert not any(re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", t) for t in text_blocks(hitachi)[:3])


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("stem", SEEDS)
def test_provenance_is_page_and_box(pdfs, style, stem):
    doc = pdfs[style, stem]
    assert doc.format == "pdf" and doc.pages > 1 and doc.problems == []
    for block in doc.blocks:
        assert block.line is None and 1 <= block.page <= doc.pages and block.bbox is not None
        for row in block.rows:
            assert row.page is not None and row.line is None
            if block.kind == "table":
                assert all(c.bbox is not None for c in row.cells)
                assert len(row.cells) == len(block.rows[0].cells)


@pytest.mark.parametrize("style", STYLES)
def test_superscript_footnote_marks_read_as_the_text_writes_them(pdfs, style):
    doc = pdfs[style, "08201_mito_kyodo_basic_plan_3"]
    cells = [c.raw for b in doc.tables() for r in b.rows for c in r.cells]
    assert "1,000 人 ^{※1}" in cells
    assert any("地域円卓会議 ⁸ の開催" in c for c in cells)
    assert any(t.startswith("¹SDGs 2015") for t in (b.raw for b in doc.text_blocks()))


@pytest.mark.parametrize("style", STYLES)
def test_cross_page_tables_keep_their_header_once(pdfs, style):
    doc = pdfs[style, "06203_tsuruoka_community_policy_review"]
    for table in doc.tables():
        pages = {r.page for r in table.rows}
        headers = [r for r in table.rows if r.cells[0].raw == "計画の柱※"]
        assert len(headers) == 1, pages
    assert any(len({r.page for r in t.rows}) > 1 for t in doc.tables())


@pytest.mark.parametrize("style", STYLES)
def test_vertical_header_cells_read_top_to_bottom(pdfs, style):
    doc = pdfs[style, "03209_ichinoseki_kyodo_plan_3"]
    table = next(t for t in doc.tables() if t.rows[0].cells[0].raw == "基本方針")
    assert [c.raw for c in table.rows[1].cells] == ["No.", "施策", "具体的な取組", "市民等", "協働体", "市"]


@pytest.mark.parametrize("style", STYLES)
def test_merged_cells_leave_empty_cells_where_they_span(pdfs, style):
    doc = pdfs[style, "08202_hitachi_community_action_plan"]
    sheet = next(t for t in doc.tables() if t.rows[0].cells[0].raw.startswith("推進事項 No. 1"))
    assert [c.raw for c in sheet.rows[3].cells[:2]] == ["推進内容", "具体の行動"]
    assert [c.raw for c in sheet.rows[4].cells[:2]] == ["", "年度別行動計画"]
    assert [c.raw for c in sheet.rows[5].cells[:2]] == ["", ""]
    assert sheet.rows[3].cells[0].bbox[3] > sheet.rows[5].cells[0].bbox[1]  # one cell over three rows


@pytest.mark.parametrize("style", STYLES)
def test_timeline_bars_cover_their_fiscal_year_columns(pdfs, style):
    doc = pdfs[style, "08202_hitachi_community_action_plan"]
    strips = [t for t in doc.tables() if t.rows[0].cells[0].raw == "令和4年度"]
    assert len(strips) == 2 and all(t.bars for t in strips)
    first = {(b.row, b.first, b.last, b.text) for b in strips[0].bars}
    assert (1, 0, 4, "実施") in first  # No.1: 実施 over 令和4–8年度
    assert {(8, 0, 1, "準備"), (8, 2, 4, "実施")} <= first  # No.8: 準備 R4–R5 then 実施 R6–R8
    second = {(b.row, b.first, b.last, b.text) for b in strips[1].bars}
    assert {(8, 0, 2, "準備"), (8, 3, 4, "実施")} <= second  # No.22: 準備 R4–R6 then 実施 R7–R8
    for table in strips:
        for bar in table.bars:  # the label sits on its bar
            assert bar.text in [c.raw for c in table.rows[bar.row].cells[bar.first : bar.last + 1]]


@pytest.mark.parametrize("style", STYLES)
def test_nasushiobara_sheet_reads_as_a_table_of_the_scrambled_text(pdfs, style):
    doc = pdfs[style, NASUSHIOBARA]
    text = squash("".join(b.raw for b in text_ir(NASUSHIOBARA).blocks))
    tables = doc.tables()
    assert len(tables) == 3  # one per page of the export
    assert all(squash(t.rows[1].cells[0].raw) == "事業名" and len(t.rows[1].cells) == 10 for t in tables)
    projects = [r for t in tables for r in t.rows[2:]]
    assert len(projects) == 15
    assert [r.cells[4].raw for r in projects][:4] == ["Ｂ", "D", "Ａ", "C"]
    assert projects[0].cells[6].raw == "センターへの相談件数" and [c.raw for c in projects[0].cells[7:]] == [
        "17件",
        "30件",
        "45件",
    ]
    for row in projects:
        for cell in row.cells:
            assert squash(cell.text) in text, cell.raw
    for block in doc.text_blocks():
        assert squash(block.raw) in text


# ---------------------------------------------------------------- unit rules


@pytest.mark.parametrize(
    ("lines", "raw"),
    [
        (
            ["協働及び地域協働の意味や取組の", "事例を発信します。"],
            "協働及び地域協働の意味や取組の事例を発信します。",
        ),
        (["研修を行います。", "また、交流します。"], "研修を行います。\nまた、交流します。"),
        (["◆調査", "・回数、人数", "◆実施"], "◆調査\n・回数、人数\n◆実施"),
        (["Non-Profit", "Organization"], "Non-Profit Organization"),
        (["令和1", "0年度"], "令和10年度"),
        (["市", "民", "等"], "市民等"),  # vertical text: one character per line
        (["", "※ 注記"], "※ 注記"),
    ],
)
def test_cell_lines_are_joined_where_they_wrap(lines, raw):
    assert join_lines(lines) == raw
    assert cell_lines(join_lines(lines)) == cell_lines(raw)


def test_a_line_that_ends_early_keeps_its_break():
    # (text, right end, width of the next line's first word) in a cell whose lines wrap at x = 200
    lines = [
        ("効果", 40.0, 10.0),
        ("情報提供を機に助成金の申請をしたとの話", 199.0, 10.0),
        ("もあり。", 60.0, 10.0),
    ]
    assert join_cell(lines, 200.0) == "効果\n情報提供を機に助成金の申請をしたとの話もあり。"
    assert join_cell(lines, None) == "効果情報提供を機に助成金の申請をしたとの話もあり。"


def _char(text, x0, top, size=10.0, font="F1"):
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + size,
        "top": top,
        "bottom": top + size,
        "size": size,
        "fontname": font,
        "upright": True,
    }


def test_dedupe_drops_a_second_impression_only():
    first = [_char("第", 10, 10), _char("1", 20, 10)]
    bold = [_char("第", 10.4, 10.1), _char("1", 20.4, 10.1)]
    other = [_char("第", 30, 10), _char("第", 10.4, 10.1, size=12)]  # elsewhere, or another size: kept
    assert dedupe_chars(first + bold + other) == first + other


# -- synthetic PDFs (reportlab)


@pytest.fixture(scope="module")
def rl():
    """reportlab with the fixtures' font registered (skipped without the dev dependencies)."""
    pytest.importorskip("reportlab")
    pytest.importorskip("matplotlib_fontja")
    pytest.importorskip("fontTools")
    module = generator()
    module._setup()
    return module


def _pdf(draw, pages: int = 1, size=None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=size or A4)
    for number in range(1, pages + 1):
        draw(canvas, number)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _read_bytes(data: bytes) -> Document:
    """The pdfplumber engine's IR, checked against the pdfium engine's (tests/test_pdf_engines.py)."""
    from tests.test_pdf_engines import PDFIUM, assert_same

    doc = read_pdf(Path("synthetic.pdf"), data)
    assert_same(doc, read_pdf(Path("synthetic.pdf"), data, settings=PDFIUM))
    return doc


def test_fake_bold_heading_is_read_once(rl):
    def draw(c, n):
        c.setFont(rl.FONT_NAME, 16)
        c.drawString(72, 760, "第1章 計画の基本事項")
        c.drawString(72 + rl.FAKE_BOLD_OFFSET, 760, "第1章 計画の基本事項")
        c.setFont(rl.FONT_NAME, 10)
        c.drawString(72, 730, "本文です。")

    doc = _read_bytes(_pdf(draw))
    assert [b.raw for b in doc.blocks] == ["第1章 計画の基本事項", "本文です。"]


def test_page_numbers_and_running_headers_are_dropped(rl):
    def draw(c, n):
        c.setFont(rl.FONT_NAME, 8)
        c.drawRightString(520, 815, "水戸市協働推進基本計画")
        c.setFont(rl.FONT_NAME, 10)
        c.drawString(72, 700, f"第{n}章の本文。")
        c.drawCentredString(297, 26, f"- {n} -" if n % 2 else str(n))

    doc = _read_bytes(_pdf(draw, pages=4))
    assert [b.raw for b in doc.blocks] == [f"第{n}章の本文。" for n in range(1, 5)]
    assert doc.pages == 4


def test_page_numbers_of_landscape_pages_are_dropped_as_on_portrait_pages(rl):
    # The same margins in both orientations: the footer of a landscape page lies as far from
    # its bottom edge as on a portrait page (40 pt), more than 6 % of its (shorter) height.
    from reportlab.lib.pagesizes import A4, landscape

    def draw(c, n):
        width, height = landscape(A4) if n == 2 else A4
        c.setPageSize((width, height))
        c.setFont(rl.FONT_NAME, 10)
        c.drawString(72, height - 100, f"第{n}章の本文。")
        c.drawCentredString(width / 2, 40, f"- {n} -")

    doc = _read_bytes(_pdf(draw, pages=3))
    assert [b.raw for b in doc.blocks] == [f"第{n}章の本文。" for n in range(1, 4)]


def _long_table(rl, repeat: int, rules: bool, header: bool = True):
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    rows = [["番号", "事業名", "担当課"]] if header else []
    rows += [[str(i), f"事業{i}の実施", "市民協働推進課"] for i in range(1, 71)]
    if rules:  # rules under every row and above the first (a table needs its top rule to be seen)
        style = [("LINEBELOW", (0, 0), (-1, -1), 0.5, "black"), ("LINEABOVE", (0, 0), (-1, 0), 1, "black")]
    else:
        style = [("GRID", (0, 0), (-1, -1), 0.5, "black")]
    style.append(("FONTNAME", (0, 0), (-1, -1), rl.FONT_NAME))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(
        [Table(rows, repeatRows=repeat if header else 0, style=TableStyle(style))]
    )
    return rows, buf.getvalue()


@pytest.mark.parametrize("rules", [False, True], ids=["grid", "rules"])
@pytest.mark.parametrize(
    ("repeat", "header"),
    [(1, True), (0, True), (0, False)],
    ids=["repeated-header", "header-once", "no-header"],
)
def test_a_table_continued_over_pages_is_one_block_with_its_header_once(rl, rules, repeat, header):
    rows, data = _long_table(rl, repeat, rules, header)
    doc = _read_bytes(data)
    assert doc.pages >= 2
    assert [b.kind for b in doc.blocks] == ["table"]
    table = doc.blocks[0]
    assert [[c.raw for c in r.cells] for r in table.rows] == rows
    assert {r.page for r in table.rows} == set(range(1, doc.pages + 1))


def test_vertical_text_cell_reads_top_to_bottom(rl):
    from reportlab.platypus import SimpleDocTemplate

    renderer = rl.Renderer(rl.STYLES["grid"], 595)
    spec = rl.TableSpec(vertical={(0, 1), (0, 2)})
    flow = renderer.table([["施策", "市民等", "協働体"], ["情報発信", "○", "◎"]], spec)
    buf = io.BytesIO()
    SimpleDocTemplate(buf).build(flow)
    doc = _read_bytes(buf.getvalue())
    assert [[c.raw for c in r.cells] for r in doc.tables()[0].rows] == [
        ["施策", "市民等", "協働体"],
        ["情報発信", "○", "◎"],
    ]


def test_a_scanned_page_is_reported_and_the_others_still_load(rl):
    from PIL import Image

    image = Image.new("RGB", (60, 80), "white")
    path = io.BytesIO()
    image.save(path, format="PNG")

    def draw(c, n):
        from reportlab.lib.utils import ImageReader

        if n == 2:
            c.drawImage(ImageReader(io.BytesIO(path.getvalue())), 72, 400, 300, 400)
        else:
            c.setFont(rl.FONT_NAME, 10)
            c.drawString(72, 700, f"{n}ページ目の本文。")

    doc = _read_bytes(_pdf(draw, pages=3))
    assert [b.raw for b in doc.blocks] == ["1ページ目の本文。", "3ページ目の本文。"]
    assert [(s, p, ln) for s, _, p, ln in doc.problems] == [("warning", 2, None)]
    assert "page 2" in doc.problems[0][1] and "no text layer" in doc.problems[0][1]


def test_cid_glyphs_without_a_unicode_map_are_reported_not_read(rl):
    """A font without a ToUnicode map: made by renaming the key in reportlab's output (same length)."""

    def draw(c, n):
        c.setFont(rl.FONT_NAME, 10)
        c.drawString(72, 700, "協働のまちづくり")

    data = _pdf(draw)
    assert data.count(b"/ToUnicode") == 1
    doc = _read_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX"))
    assert doc.blocks == [] or not any("(cid:" in b.raw for b in doc.blocks)
    assert len(doc.problems) >= 1
    severity, message, page, line = doc.problems[0]
    assert severity == "warning" and page == 1 and line is None and "page 1" in message and "(cid:" in message


def test_table_without_vertical_rules_gets_columns_from_its_text(rl):
    from reportlab.platypus import SimpleDocTemplate

    renderer = rl.Renderer(rl.STYLES["rules"], 595)
    rows = [
        ["指標", "単位", "現状", "目標"],
        ["自治会加入率", "%", "60.4", "65.0"],
        ["登録団体数", "団体", "129", ""],
    ]
    buf = io.BytesIO()
    SimpleDocTemplate(buf).build(renderer.table(rows, rl.TableSpec(header_rows=1)))
    doc = _read_bytes(buf.getvalue())
    assert [[c.raw for c in r.cells] for r in doc.tables()[0].rows] == rows


def test_a_ruled_cell_wrapped_at_a_printed_space_breaks_there(rl):
    # A word processor wraps `コミ推 各庁舎総企` at the space and prints the space at the line's end.
    def draw(c, n):
        for x in (100, 200, 240):
            c.line(x, 700, x, 740)
        for y in (700, 720, 740):
            c.line(100, y, 240, y)
        c.setFont(rl.FONT_NAME, 10)
        c.drawString(103, 727, "取組")
        c.drawString(203, 727, "関係課")
        c.drawString(103, 707, "地域の担い手育成")
        c.drawString(203, 712, "コミ推 ")
        c.drawString(203, 702, "各庁舎")

    doc = _read_bytes(_pdf(draw))
    assert [[c.raw for c in r.cells] for r in doc.tables()[0].rows] == [
        ["取組", "関係課"],
        ["地域の担い手育成", "コミ推\n各庁舎"],
    ]


@pytest.mark.parametrize("style", ["grid", "rules"])
def test_a_table_row_of_rules_only_is_a_separator_not_a_row(rl, style):
    """`-----  --` printed as a row is the text extraction's separator line: dropped as it is there."""
    from reportlab.platypus import SimpleDocTemplate

    renderer = rl.Renderer(rl.STYLES[style], 595)
    rows = [["事業名", "内容"], ["情報発信の充実", "広報紙を毎月発行します。"], ["-------------------", "--"]]
    buf = io.BytesIO()
    SimpleDocTemplate(buf).build(renderer.table(rows, rl.TableSpec(header_rows=1)))
    doc = _read_bytes(buf.getvalue())
    assert [[c.raw for c in r.cells] for r in doc.tables()[0].rows] == rows[:2]


def test_pdf_files_are_dispatched_to_the_pdf_reader_which_keeps_to_the_page_limit():
    with pytest.raises(ReadError, match=r"pages, over the limit of 1 pages"):
        read_document(FIXTURES / "grid" / f"{NASUSHIOBARA}.pdf", max_pages=1)


def test_a_file_that_is_no_pdf_is_a_read_error(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not a PDF\n")
    with pytest.raises(ReadError):
        read_document(path)


def test_table_without_any_rules_reads_rows_and_wrapped_cells_by_alignment():
    """No rules at all: columns from where the text aligns, rows from the cell padding, wraps joined."""
    pytest.importorskip("reportlab")
    fontja = pytest.importorskip("matplotlib_fontja")
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "IPAexGothicRuleless"
    pdfmetrics.registerFont(
        TTFont(font, str(Path(fontja.__file__).resolve().parent / "fonts" / "ipaexg.ttf"))
    )
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    rows = [
        ["事業No.", "事業名", "担当課", "実施内容", "評価"],
        [
            "1",
            "健康相談の実施",
            "保健福祉部高齢福祉課",
            "関係団体との協議を行い、次年度の実施に向けた準備を進めた。",
            "◎",
        ],
        [
            "2",
            "見守り活動の支援",
            "市民協働課",
            "地域の見守り活動に補助金を交付した。<br/>参加者数は前年度を上回った。",
            "○",
        ],
        ["3", "広報紙の発行", "広報課", "毎月発行した。", "◎"],
    ]
    table = Table(
        [[Paragraph(c, cell) for c in row] for row in rows],
        colWidths=[50, 90, 70, 200, 40],
        hAlign="LEFT",
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]),
    )
    buf = io.BytesIO()
    SimpleDocTemplate(buf).build([
        Paragraph("主な事業の実施状況は次のとおりです。", body),
        Spacer(1, 6),
        table,
        Spacer(1, 6),
        Paragraph("今後も関係機関と連携して取組を進めます。", body),
    ])  # fmt: skip
    doc = _read_bytes(buf.getvalue())
    assert [b.kind for b in doc.blocks] == ["text", "table", "text"]
    assert [[c.raw for c in r.cells] for r in doc.tables()[0].rows] == [
        ["事業No.", "事業名", "担当課", "実施内容", "評価"],
        [
            "1",
            "健康相談の実施",
            "保健福祉部高齢福祉課",
            "関係団体との協議を行い、次年度の実施に向けた準備を進めた。",
            "◎",
        ],
        [
            "2",
            "見守り活動の支援",
            "市民協働課",
            "地域の見守り活動に補助金を交付した。\n参加者数は前年度を上回った。",
            "○",
        ],
        ["3", "広報紙の発行", "広報課", "毎月発行した。", "◎"],
    ]
