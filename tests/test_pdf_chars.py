"""Characters before lines: overprints, invisible text, letter spacing, pdfminer's logging."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pipeline.read.pdf import PdfSettings, dedupe_chars, join_cell, read_pdf
from pipeline.read.pdf.assemble import quiet_pdfminer
from pipeline.read.pdf.cell_text import wrap_joint
from pipeline.read.pdf.chars import build_lines, mark_space_widths
from pipeline.read.pdf.visibility import is_white
from tests.page_chars import char


@pytest.mark.parametrize("copies", [2, 4])
def test_overprints_of_any_multiplicity_are_one_character(copies):
    # The 総合戦略 headlines: every glyph 4× at (+0.24, 0), (0, +0.24), (+0.24, +0.24), (0, 0), run by run,
    # so that copies of one character are not neighbours in the stream.
    offsets = [(0.24, 0.0), (0.0, 0.24), (0.24, 0.24), (0.0, 0.0)][:copies]
    word = "創出"
    chars = [
        char(t, 100 + 12 * i + dx, 50 + dy) for dx, dy in offsets for i, t in enumerate(word)
    ]  # fmt: skip
    kept = dedupe_chars(chars)
    assert "".join(c["text"] for c in sorted(kept, key=lambda c: c["x0"])) == word
    assert build_lines(kept)[0].text() == word


def test_letter_spaced_word_has_no_spaces():
    # 所 属 長 spread to the width of 総務課長 (a 6 pt gap at 12 pt, no space characters).
    line = build_lines([char("所", 451.9, 508.3), char("属", 469.9, 508.3), char("長", 487.9, 508.3)])[0]
    assert line.text() == "所属長" and line.distributed and len(line.segments) == 1
    # Two columns' edges (one gap) and widely spaced single characters stay apart.
    assert build_lines([char("市", 100, 0), char("税", 118, 0)])[0].text() == "市 税"
    wide = build_lines([char("市", 472, 0, 8.5), char("協", 495, 0, 8.5), char("市", 516, 0, 8.5)])[0]
    assert not wide.distributed and len(wide.segments) == 3


def test_a_letter_spaced_line_is_a_line_of_its_own_in_a_cell():
    lines = [("総務課長", 499.9, 12.0, False), ("所属長", 499.9, 12.0, True)]
    assert join_cell(lines, 503.0) == "総務課長\n所属長"
    assert join_cell([("所属長", 499.9, 12.0, True), ("総務課長", 499.9, 12.0)], 503.0) == "所属長\n総務課長"
    assert join_cell([("子育て世代包括支援セン", 499.9, 12.0), ("ター事業費", 460.0, 12.0)], 503.0) == (
        "子育て世代包括支援センター事業費"
    )


def _spaced(parts: list[tuple[str, float]], top: float = 0.0, size: float = 10.5) -> list[dict]:
    """Characters of a fixed-pitch font: full-width ones 1 em wide, half-width ones (and spaces) ½ em."""
    out = []
    for text, x in parts:
        for ch in text:
            width = size if ord(ch) > 0xFF else size / 2
            out.append({**char(ch, x, top, size), "x1": x + width})
            x += width
    return out


@pytest.mark.parametrize(
    ("parts", "segments"),
    [
        # one printed half-width space, ½ em wide in a fixed-pitch font (IPA明朝, MS明朝): a word space
        ([("- 2 自治会", 56.8)], ["- 2 自治会"]),
        # the same gap without a space character: two runs (a column's gap)
        ([("-", 56.8), ("2", 67.3), ("自治会", 77.8)], ["-", "2", "自治会"]),
        # two spaces, or one space in a wider gap: a column's gap
        ([("1  計画", 56.8)], ["1", "計画"]),
        ([("1 ", 56.8), ("計画", 80.0)], ["1", "計画"]),
    ],
)
def test_one_printed_space_is_a_word_space_also_in_a_fixed_pitch_font(parts, segments):
    line = build_lines(_spaced(parts))[0]
    assert ["".join(c["text"] for c in seg) for seg in line.segments] == segments


def test_a_cell_line_ending_in_a_printed_space_breaks_there():
    # `提言Ⅲ 意識醸成` in a narrow header cell: the word processor wraps at the space and prints it;
    # the words part there (a line break, as between `コミ推` and `各庁舎総企`, two departments)
    assert join_cell([("提言Ⅲ ", 391.8, 9.0), ("意識醸成", 396.0, 9.0)], 392.0) == "提言Ⅲ\n意識醸成"
    assert join_cell([("コミ推 ", 499.0, 9.0), ("各庁舎総企", 460.0, 9.0)], 503.0) == "コミ推\n各庁舎総企"
    # without the printed space, Japanese wraps anywhere: joined without one
    assert join_cell([("提言Ⅲ", 387.3, 9.0), ("意識醸成", 396.0, 9.0)], 392.0) == "提言Ⅲ意識醸成"


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        # Items run on after a space (`(2)` mid-line): the full line before `(3)` wrapped at that space.
        (
            [
                ("(1)補助した。 (2)資料を配", 499.0, 9.0),
                ("布した。", 499.0, 9.0),
                ("(3)研修会を開いた。", 400.0, 9.0),
            ],
            "(1)補助した。 (2)資料を配布した。 (3)研修会を開いた。",
        ),
        # Items on lines of their own: a sentence's end before the next one is a break.
        (
            [
                ("(1)補助した。", 499.0, 9.0),
                ("(2)資料を配布した。", 499.0, 9.0),
                ("(3)研修会を開いた。", 400.0, 9.0),
            ],
            "(1)補助した。\n(2)資料を配布した。\n(3)研修会を開いた。",
        ),
        # Run on, but the line ended early: a break all the same.
        (
            [("(1)補助した。 (2)配布した。", 460.0, 9.0), ("(3)研修会を開いた。", 400.0, 9.0)],
            "(1)補助した。 (2)配布した。\n(3)研修会を開いた。",
        ),
    ],
)
def test_a_cell_of_items_run_on_wraps_before_the_next_item(lines, text):
    assert join_cell(lines, 503.0) == text


@pytest.mark.parametrize(
    ("color", "space", "white"),
    [
        ((1.0,), "DeviceGray", True),
        (1, "DeviceGray", True),
        ((1.0, 1.0, 1.0), "DeviceRGB", True),
        ((0, 0, 0, 0), "DeviceCMYK", True),
        ((0.0,), "DeviceGray", False),
        ((1.0, 0.0, 0.0), "DeviceRGB", False),
        ((0, 0, 0, 1), "DeviceCMYK", False),
        ((1.0,), "Separation", False),  # a full tint
        (None, None, False),
        ("P0", "Pattern", False),
    ],
)
def test_white_paint(color, space, white):
    assert is_white(color, space) is white


def visibility_pdf(path: Path) -> None:
    """Text a reader sees and text nobody sees, on one page."""
    pytest.importorskip("reportlab")
    fontja = pytest.importorskip("matplotlib_fontja")
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = Path(fontja.__file__).resolve().parent / "fonts" / "ipaexg.ttf"
    pdfmetrics.registerFont(TTFont("IPAexGothicTest", str(font)))
    c = canvas.Canvas(str(path), pagesize=(400, 400))
    c.setFont("IPAexGothicTest", 12)
    c.drawString(20, 360, "見える本文")
    c.setFillColorRGB(1, 1, 1)
    c.drawString(20, 330, "白い日付")  # white on white paper: invisible
    c.setFillColorRGB(0.1, 0.3, 0.6)
    c.rect(15, 290, 200, 20, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.drawString(20, 295, "白抜きの見出し")  # white on a coloured banner: visible
    c.setFillColorCMYK(0, 0, 0, 0)
    c.drawString(250, 295, "白CMYK")  # white (CMYK) on white: invisible
    c.setFillColorRGB(0, 0, 0)
    text = c.beginText(20, 260)
    text.setFont("IPAexGothicTest", 12)
    text.setTextRenderMode(3)
    text.textLine("透明な層")  # render mode 3: invisible
    text.setTextRenderMode(0)  # the mode is graphics state: it outlives the text object
    c.drawText(text)
    c.drawString(20, 200, "図の下の段落")  # then covered by a picture
    png = path.with_suffix(".png")
    _white_png(png)
    c.drawImage(ImageReader(str(png)), 10, 190, width=200, height=30)
    c.drawString(20, 150, "図の後の本文")
    c.drawString(-200, 120, "紙の外")  # outside the page
    c.showPage()
    c.save()


def _white_png(path: Path) -> None:
    import struct
    import zlib

    width, height = 4, 4
    raw = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_invisible_text_is_dropped_and_counted(tmp_path, engine):
    path = tmp_path / "visibility.pdf"
    visibility_pdf(path)
    doc = read_pdf(path, path.read_bytes(), settings=PdfSettings(engine=engine))
    text = "\n".join(b.raw for b in doc.blocks)
    for seen in ("見える本文", "白抜きの見出し", "図の後の本文"):
        assert seen in text
    for unseen in ("白い日付", "白CMYK", "透明な層", "図の下の段落", "紙の外"):
        assert unseen not in text
    warnings = [p for p in doc.problems if "invisible" in p[1]]
    assert len(warnings) == 1 and warnings[0][2] == 1  # one warning for the page, naming it
    count = sum(len(w) for w in ("白い日付", "白CMYK", "透明な層", "図の下の段落", "紙の外"))
    assert f"page 1: {count} invisible characters" in warnings[0][1]


def test_pdfminer_is_quiet_while_reading_and_restored_after():
    logger = logging.getLogger("pdfminer")
    before = logger.level
    with quiet_pdfminer():
        assert logger.getEffectiveLevel() == logging.ERROR
        assert logging.getLogger("pdfminer.pdffont").getEffectiveLevel() == logging.ERROR
    assert logger.level == before


@pytest.mark.parametrize(
    ("before", "after", "flush", "joint"),
    [
        ("情報発信のためのS", "NSをはじめ", True, ""),  # broken inside a word at the edge
        ("ハンドブックの改訂(N", "o.13)が", True, ""),
        ("活動の◆Zoo", "mの利用", True, ""),
        ("情報発信のためのS", "NSをはじめ", False, " "),  # ended short of the edge: a space wrapped
        ("計画のPlan", "Doの", True, " "),  # a capital after a lower-case letter: a new word
        ("<ul styl", "e=", True, " "),  # a word set after a space is moved down whole by a wrapper
        ("Community", "Center", True, " "),  # a word alone on its line, likewise
        ("整備しますS", "の", True, ""),  # Japanese after it: no space in any case
    ],
)
def test_a_latin_word_broken_at_the_edge_is_joined_without_a_space(before, after, flush, joint):
    assert wrap_joint(before, after, flush) == joint


def test_a_cell_line_filled_to_its_edge_in_a_latin_word_goes_on_without_a_space():
    # (text, right end, first word's width, letter-spaced, size): the line ends at the edge (200)
    assert join_cell(
        [("改訂(N", 200.0, 9.0, False, 9.0), ("o.13)が完了", 150.0, 9.0, False, 9.0)], 200.0
    ) == ("改訂(No.13)が完了")
    # a word wrapped at a space ends the line short of the edge
    assert join_cell([("改訂 Plan", 195.0, 9.0, False, 9.0), ("Do", 150.0, 9.0, False, 9.0)], 200.0) == (
        "改訂 Plan Do"
    )


def _glyphs(spec: str, x: float, font: str, size: float = 9.5) -> list[dict]:
    """Glyphs set solid from x: full-width ones an em wide, half-width ones (and the space) 0.29 em."""
    out = []
    for t in spec:
        width = size * (0.29 if t == " " else 0.62 if t.isascii() else 1.0)
        out.append(char(t, x, 100.0, size, width, fontname=font))
        x += width
    return out


def _line(*runs: tuple[str, float, str], printed_space: bool = True) -> str:
    chars = [c for spec, x, font in runs for c in _glyphs(spec, x, font)]
    if printed_space:  # the page prints the font's space somewhere else
        chars += [char(" ", 300.0, 200.0, 9.5, 2.755, fontname="AAAAAA+IPAexMincho")]
    mark_space_widths(chars)
    return build_lines([c for c in chars if c["top"] == 100.0])[0].text()


SPACE = 2.755  # the printed space of IPAex at 9.5 pt


@pytest.mark.parametrize(
    ("runs", "printed_space", "text"),
    [
        # cairo moves over the space at a change of the font's subset: a gap as wide as the space
        ([("16", 50, "AAAAAA+IPAexMincho"), ("【重点】推進", 50 + 2 * 5.89 + SPACE, "BBBBBB+IPAexMincho")], True,
         "16 【重点】推進"),
        # the same gap where the page prints no space of the font: nothing says what it is
        ([("16", 50, "AAAAAA+IPAexMincho"), ("【重点】推進", 50 + 2 * 5.89 + SPACE, "BBBBBB+IPAexMincho")], False,
         "16【重点】推進"),
        # a quarter em between Japanese and a digit or a Latin letter is 和欧間隔, not a space
        ([("令和", 50, "AAAAAA+IPAexMincho"), ("4年度", 50 + 19 + 2.375, "AAAAAA+IPAexMincho")], True, "令和4年度"),
        ([("提言", 50, "AAAAAA+IPAexMincho"), ("Ⅲ", 50 + 19 + 2.375, "AAAAAA+IPAexMincho")], True, "提言Ⅲ"),
        # words of a Latin name a space apart, the space not drawn
        ([("NPO", 50, "AAAAAA+IPAexMincho"), ("Center", 50 + 3 * 5.89 + SPACE, "AAAAAA+IPAexMincho")], True,
         "NPO Center"),
        # set solid: no space
        ([("市民", 50, "AAAAAA+IPAexMincho"), ("協働", 69, "BBBBBB+IPAexMincho")], True, "市民協働"),
    ],
)  # fmt: skip
def test_a_gap_as_wide_as_the_fonts_printed_space_is_a_space(runs, printed_space, text):
    assert _line(*runs, printed_space=printed_space) == text


def _pdf(content: bytes) -> bytes:
    """A one-page PDF (Helvetica) whose page draws `content`."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.7\n", []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_an_actual_text_span_gives_its_glyphs_text(engine):
    # Chromium writes the character it printed around a glyph its font maps to another (～ for 〜).
    content = (
        b"BT /F1 12 Tf 20 100 Td (Wave ) Tj /Span << /ActualText <FEFFFF5E> >> BDC (-) Tj EMC"
        b" /Span << /ActualText (and) >> BDC (xy) Tj EMC ( dash) Tj ET"
    )
    doc = read_pdf(Path("span.pdf"), _pdf(content), settings=PdfSettings(engine=engine))
    assert [b.raw for b in doc.blocks] == ["Wave ～and dash"]
