"""Ruled tables cut by a page break (pipeline/read/pdf/cut_tables.py), rows of rules only, column
edges on their own rules (rules.own_positions), and CID fonts whose encoding is a CMap embedded in
the PDF (pipeline/read/pdf/embedded_cmap.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.model.ir import Bar, Block, Cell, Row
from pipeline.read.pdf import PdfSettings, read_pdf
from pipeline.read.pdf.continued import join_row
from pipeline.read.pdf.cut_tables import closing_rules
from pipeline.read.pdf.grid import drop_separator_rows
from pipeline.read.pdf.rules import Segment, own_positions
from tests.test_read_pdf import _pdf, _read_bytes, rl  # noqa: F401  (rl: the reportlab fixture)
from tests.test_robustness import pdf_file

H, V = Segment, Segment  # horizontal: (x0, x1, y); vertical: (top, bottom, x)

CLOSING = {
    # A row cut by the page's foot: its three verticals hang from the rule above it, nothing under them.
    "open bottom": (
        [H(50, 150, 100), H(150, 400, 100), H(50, 400, 140)],
        [
            V(100, 140, 50),
            V(100, 140, 150),
            V(100, 140, 400),
            V(140, 800, 50),
            V(140, 800, 150),
            V(140, 800, 400),
        ],
        [(50, 400, 800)],
    ),
    # The part on the next page drawn without its top rule: the verticals rise to the page's head.
    "open top": (
        [H(50, 400, 90), H(50, 400, 130)],
        [V(40, 90, 50), V(40, 90, 400), V(90, 130, 50), V(90, 130, 400)],
        [(50, 400, 40)],
    ),
    "a closed grid": (
        [H(50, 400, 100), H(50, 400, 140), H(50, 400, 180)],
        [V(100, 180, 50), V(100, 180, 400), V(100, 140, 150), V(140, 180, 150)],
        [],
    ),
    # An organisation chart: drops from a bar end on the boxes' tops (a rule meets each end).
    "drops onto boxes": (
        [H(100, 300, 100), H(80, 120, 140), H(280, 320, 140)],
        [V(100, 140, 100), V(100, 140, 300)],
        [],
    ),
    # Verticals that end together but hang from no common rule (two separate figures).
    "no rule spans them": (
        [H(40, 60, 100), H(290, 310, 120)],
        [V(100, 300, 50), V(120, 300, 300)],
        [],
    ),
    "one vertical": ([H(50, 400, 100)], [V(100, 300, 50)], []),
    # A header cell merged over two rows: its borders drawn row by row, one vertical carrying on the other.
    "a merged cell's border in pieces": (
        [H(50, 400, 100), H(150, 400, 120), H(50, 400, 140)],
        [V(100, 120, 50), V(120, 140, 50), V(100, 120, 150), V(120, 140, 150), V(100, 140, 400)],
        [],
    ),
    # Text printed under the open end (not in the margin zone): no page break cut it there.
    "text below the open end": (
        [H(50, 400, 100)],
        [V(100, 300, 50), V(100, 300, 400)],
        [],
        [{"text": "本", "x0": 60, "x1": 70, "top": 320, "bottom": 330}],
    ),
    # A page number under it, in the bottom margin zone, is no text of the page's body.
    "a page number below the open end": (
        [H(50, 400, 100)],
        [V(100, 780, 50), V(100, 780, 400)],
        [(50, 400, 780)],
        [{"text": "3", "x0": 220, "x1": 226, "top": 815, "bottom": 825}],
    ),
}


@pytest.mark.parametrize("case", list(CLOSING.values()), ids=list(CLOSING))
def test_rules_close_a_table_left_open_at_a_page_break(case):
    horizontal, vertical, want, *chars = case
    got = closing_rules(horizontal, vertical, chars[0] if chars else [], 842.0, 1.0, 0.06)
    assert [(s.a0, s.a1, s.at) for s in got] == want


OWN_EDGES = {
    # pdfplumber gave both tables the mean (78.05) of their edges at 77.2 and 78.9: each gets its own back.
    "the upper table": ([51.7, 78.05, 790.2], (120, 220), [51.7, 77.2, 790.2]),
    "the lower table": ([51.7, 78.05, 790.2], (240, 340), [51.7, 78.9, 790.2]),
    # No rule of its own there (an edge from a cell's box only): the edge stays.
    "no rule": ([51.7, 78.05, 790.2], (400, 500), [51.7, 78.05, 790.2]),
}
_VERTICAL = [V(120, 220, 51.7), V(120, 220, 77.2), V(120, 220, 790.2), V(240, 340, 51.7), V(240, 340, 78.9)]
_VERTICAL += [V(240, 340, 790.2), V(400, 500, 51.7), V(400, 500, 790.2)]


@pytest.mark.parametrize(("edges", "span", "want"), list(OWN_EDGES.values()), ids=list(OWN_EDGES))
def test_column_edges_go_back_onto_the_tables_own_rules(edges, span, want):
    assert own_positions(edges, *span, _VERTICAL, 3.0) == want


def _row(*texts: str) -> Row:
    return Row([Cell(t, [t] if t else []) for t in texts])


def test_a_cut_row_is_joined_as_a_wrapped_line():
    upper = _row("ボランティア体験", "地域の", "実施する。", "")
    join_row(Block("table", rows=[upper]), _row("学習の実施", "環境美化活動", "・研修", "再掲"))
    assert [c.raw for c in upper.cells] == [
        "ボランティア体験学習の実施",
        "地域の環境美化活動",
        "実施する。\n・研修",
        "再掲",
    ]
    assert upper.cells[2].lines == ["実施する。", "・研修"]


def test_rows_of_rules_only_are_left_out():
    rows = [_row("事業名", "内容"), _row("------", "--"), _row("研修", "実施"), _row("―", "")]
    kept, bars = drop_separator_rows(rows, [Bar(2, 1, 1), Bar(1, 0, 1)])
    assert [[c.raw for c in r.cells] for r in kept] == [["事業名", "内容"], ["研修", "実施"], ["―", ""]]
    assert [(b.row, b.first, b.last) for b in bars] == [(1, 1, 1)]


def test_a_row_cut_by_the_page_foot_is_one_row_with_the_header_once(rl):  # noqa: F811
    """Page 1 ends in a row whose rules run to the foot of the page unclosed; page 2 repeats the header,
    then carries the row on (its first cell's second half, its second cell's end), then the next row."""
    left, mid, right = 72, 200, 520

    def grid(c, tops: list[float], bottom: float | None) -> None:
        for y in tops:
            c.line(left, y, right, y)
        ends = [*tops, bottom] if bottom is not None else tops
        for x in (left, mid, right):
            c.line(x, ends[0], x, ends[-1])

    def draw(c, n):
        c.setFont(rl.FONT_NAME, 10)
        if n == 1:
            grid(c, [760, 740, 710], 40)  # no rule at the foot
            rows = [
                ("事業名", "事業内容", 747),
                ("情報の発信", "情報を発信します。", 722),
                ("ボランティア体験", "市民活動団体と連携し、地域の", 697),
            ]
        else:
            grid(c, [800, 780, 750, 720], None)
            rows = [
                ("事業名", "事業内容", 787),
                ("学習の実施", "環境美化活動を推進します。", 762),
                ("研修の実施", "研修を実施します。", 732),
            ]
        for a, b, y in rows:
            c.drawString(left + 4, y, a)
            c.drawString(mid + 4, y, b)

    doc = _read_bytes(_pdf(draw, pages=2))
    assert [b.kind for b in doc.blocks] == ["table"]
    assert [[c.raw for c in r.cells] for r in doc.blocks[0].rows] == [
        ["事業名", "事業内容"],
        ["情報の発信", "情報を発信します。"],
        ["ボランティア体験学習の実施", "市民活動団体と連携し、地域の環境美化活動を推進します。"],
        ["研修の実施", "研修を実施します。"],
    ]


# -- a CID font encoded by a CMap of the file's own (code → CID), its ToUnicode map keyed by code

_ENCODING = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def
/CMapName /Custom-Enc def /CMapType 1 def
1 begincodespacerange <0000> <ffff> endcodespacerange
2 begincidchar <0101> 7 <0102> 3 endcidchar
1 begincidrange <0200> <0201> 10 endcidrange
endcmap CMapName currentdict /CMap defineresource pop end end"""
_TO_UNICODE = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <ffff> endcodespacerange
4 beginbfchar <0101> <6c34> <0102> <6238> <0200> <5e02> <0201> <6c11> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end"""


def _stream(data: bytes, keys: bytes = b"") -> bytes:
    return b"<< %s/Length %d >>\nstream\n%s\nendstream" % (keys, len(data), data)


def embedded_cmap_pdf() -> bytes:
    identity = b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
    return pdf_file({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: _stream(b"BT /F1 12 Tf 72 700 Td <010101020200> Tj 0 -20 Td <0201> Tj ET"),
        5: b"<< /Type /Font /Subtype /Type0 /BaseFont /Mincho /Encoding 6 0 R /ToUnicode 7 0 R "
        b"/DescendantFonts [8 0 R] >>",
        6: _stream(_ENCODING, b"/Type /CMap /CMapName /Custom-Enc " + identity + b" "),
        7: _stream(_TO_UNICODE),
        8: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Mincho " + identity
        + b" /FontDescriptor 9 0 R /DW 1000 /CIDToGIDMap /Identity >>",
        9: b"<< /Type /FontDescriptor /FontName /Mincho /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    })  # fmt: skip


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_a_font_encoded_by_an_embedded_cmap_is_read(engine):
    doc = read_pdf(Path("embedded.pdf"), embedded_cmap_pdf(), settings=PdfSettings(engine=engine))
    assert [b.raw for b in doc.blocks] == ["水戸市", "民"]
    assert doc.problems == []
