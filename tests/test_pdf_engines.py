"""The two PDF engines (PdfSettings.engine): pdfium reads what pdfplumber reads, into the same IR.

`pdfium` is the default, `pdfplumber` (pdfminer) the reference. The IR compared is everything but the boxes' exact
coordinates (within BOX_SLACK): blocks (kind, page, line, text, size, weight), rows (page, line, cells' text and lines), bars and
problems. Every committed PDF fixture and every real document (tests/conftest.py::real_dir) is read
with both; the differences allowed are listed in KNOWN with what they are, and tested for being
only that.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from pipeline.model.ir import Document
from pipeline.read.pdf import PdfSettings, read_pdf
from tests.conftest import PDF_ALL, PDF_FIXTURES, real_dir

PDFIUM, REFERENCE = PdfSettings(engine="pdfium"), PdfSettings(engine="pdfplumber")
# Points: boxes agree to within this. pdfium's advance widths differ from pdfminer's by up to a tenth of
# a point on some glyphs, and of a fake-bold heading pdfium may keep another copy (within the 1 pt
# `dedupe_tolerance`) than the one pdfminer lists first. Right edges are not compared: a line that ends
# in a run of spaces ends at its first space with pdfium, which collapses runs of spaces.
BOX_SLACK = 1.0
FIXTURES = [(style, p.stem) for style in PDF_ALL for p in sorted((PDF_FIXTURES / style).glob("*.pdf"))]
REAL = real_dir()
REAL_FILES = sorted(REAL.glob("*.pdf")) if REAL else []

# Where the engines differ, and why. Each entry is checked for being only that.
KNOWN = {
    # One cell: pdfium makes the advance of one Latin glyph 0.1 pt wider than the font's /W says (and
    # than pdfminer makes it), and the gap after it falls just under a run gap: 'PR していく' → 'PRしていく'.
    "37201_takamatsu_r7_shimin_manzokudo": "spaces only",
    # Writer gives every font descriptor /Descent 0, which pdfminer takes; pdfium takes the font
    # program's. 0.07 em for IPA Mincho (within BOX_SLACK), 0.18 em (1.9 pt) for the superscript
    # digits (⁵⁶⁷) Writer sets in a fallback font (DejaVu Sans): the boxes of their lines reach lower.
    "libreoffice/08201_mito_kyodo_basic_plan_3": "boxes only",
}


def ir_of(doc: Document) -> list[tuple]:
    """What a reader makes of a PDF, without the boxes (compared apart, to BOX_SLACK)."""
    out: list[tuple] = [("pages", doc.pages)]
    for block in doc.blocks:
        out.append(("block", block.kind, block.page, block.line, block.raw, block.size, block.bold))
        for row in block.rows:
            out.append(("row", row.page, row.line, tuple((c.raw, tuple(c.lines)) for c in row.cells)))
        for bar in block.bars:
            out.append(("bar", bar.row, bar.first, bar.last, bar.text))
    out += [("problem", *p) for p in doc.problems]
    return out


def boxes_of(doc: Document) -> list[tuple]:
    return [b.bbox for b in doc.blocks] + [r.bbox for b in doc.blocks for r in b.rows]


def assert_same(reference: Document, other: Document, known: str | None = None) -> None:
    a, b = ir_of(reference), ir_of(other)
    if known is None:
        assert b == a
        for box, other_box in zip(boxes_of(reference), boxes_of(other), strict=True):
            if box is not None:  # left, top, bottom: a right edge may end in a run of spaces (see BOX_SLACK)
                assert other_box[:2] + other_box[3:] == pytest.approx(box[:2] + box[3:], abs=BOX_SLACK)
    elif known == "spaces only":
        assert b != a, "no longer differs: remove it from KNOWN"
        assert len(b) == len(a)
        differing = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        assert len(differing) <= 3
        space = re.compile(r"\s+")
        for x, y in differing:
            assert space.sub("", repr(x)) == space.sub("", repr(y))
    elif known == "boxes only":
        assert b == a
        pairs = [(x, y) for x, y in zip(boxes_of(reference), boxes_of(other), strict=True) if x is not None]
        far = [(x, y) for x, y in pairs if y[:2] + y[3:] != pytest.approx(x[:2] + x[3:], abs=BOX_SLACK)]
        assert far, "no longer differs: remove it from KNOWN"
        assert all(y[:2] + y[3:] == pytest.approx(x[:2] + x[3:], abs=2 * BOX_SLACK) for x, y in far)
    elif known == "pdfium reads more":
        text = lambda ir: sum(len(item[-1]) for item in ir if item[0] == "block")  # noqa: E731
        assert text(b) > 10 * text(a)


@pytest.mark.slow
@pytest.mark.parametrize(("style", "stem"), FIXTURES, ids=[f"{s}/{n}" for s, n in FIXTURES])
def test_pdfium_reads_each_fixture_as_pdfplumber_does(pdf_irs, style, stem):
    path = PDF_FIXTURES / style / f"{stem}.pdf"
    reference = read_pdf(path, path.read_bytes(), settings=REFERENCE)
    assert_same(reference, pdf_irs[style, stem], KNOWN.get(f"{style}/{stem}"))


@pytest.mark.slow
@pytest.mark.skipif(not REAL_FILES, reason="the real documents are not here (tests/conftest.py::real_dir)")
@pytest.mark.parametrize("path", REAL_FILES, ids=[p.stem for p in REAL_FILES])
def test_pdfium_reads_each_real_document_as_pdfplumber_does(path):
    data = path.read_bytes()
    assert_same(read_pdf(path, data, settings=REFERENCE), read_pdf(path, data), KNOWN.get(path.stem))


# -- synthetic PDFs: what the pdfium engine leaves to pdfplumber, and closing its documents


def _pdf(draw) -> bytes:
    pytest.importorskip("reportlab")
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf)
    for number in (1, 2):
        draw(canvas, number)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _both(data: bytes) -> tuple[Document, Document]:
    path = Path("synthetic.pdf")
    return read_pdf(path, data, settings=REFERENCE), read_pdf(path, data, settings=PDFIUM)


def _text(c, n: int) -> None:
    c.setFont("Helvetica", 11)
    c.drawString(72, 760, f"Plan {n}: the measures of the year")
    c.drawString(72, 740, "Target: 40 households, up from 25")


def test_a_rotated_page_and_rotated_glyphs_are_read_by_pdfplumber_within_a_pdfium_read():
    def draw(c, n):
        _text(c, n)
        if n == 1:
            c.setPageRotation(90)
        else:
            c.saveState()
            c.translate(300, 300)
            c.rotate(90)
            c.drawString(0, 0, "Vertical label")
            c.restoreState()

    reference, other = _both(_pdf(draw))
    assert "Vertical" in " ".join(b.raw for b in reference.blocks)
    assert_same(reference, other)


def test_rules_fills_and_white_text_read_alike():
    def draw(c, n):
        _text(c, n)
        c.setFillColorRGB(0.8, 0.8, 0.8)
        c.rect(72, 600, 200, 40, fill=1, stroke=0)  # a filled shape: not a rule
        c.setFillColorRGB(1, 1, 1)
        c.drawString(80, 615, "white on grey")  # seen
        c.drawString(80, 500, "white on white")  # not seen
        c.setFillColorRGB(0, 0, 0)
        for x in (72, 172, 272):
            c.line(x, 300, x, 400)
        for y in (300, 350, 400):
            c.line(72, y, 272, y)
        c.drawString(80, 370, "Goal")
        c.drawString(180, 370, "Target")
        c.drawString(80, 320, "Homes")
        c.drawString(180, 320, "40")

    reference, other = _both(_pdf(draw))
    assert any(b.kind == "table" for b in reference.blocks)
    assert any("invisible" in p[1] for p in reference.problems)
    assert_same(reference, other)


def test_broken_files_get_the_pdfplumber_engines_message():
    from pipeline.errors import ReadError

    for data in (b"%PDF-1.4\nnot really", b"\x00\x01binary" * 100):
        messages = []
        for settings in (REFERENCE, PDFIUM):
            with pytest.raises(ReadError) as caught:
                read_pdf(Path("bad.pdf"), data, settings=settings)
            messages.append(str(caught.value))
        assert messages[0] == messages[1]


def test_pdfium_documents_are_closed_one_at_a_time(monkeypatch):
    import pypdfium2.raw as raw

    from pipeline.read.pdf import pdfium

    open_now, most = set(), [0]
    load, close = raw.FPDF_LoadMemDocument64, raw.FPDF_CloseDocument

    def counted_load(*args):
        doc = load(*args)
        open_now.add(id(doc))
        most[0] = max(most[0], len(open_now))
        return doc

    def counted_close(doc):
        open_now.discard(id(doc))
        return close(doc)

    monkeypatch.setattr(pdfium.pdfium, "FPDF_LoadMemDocument64", counted_load)
    monkeypatch.setattr(pdfium.pdfium, "FPDF_CloseDocument", counted_close)
    data = _pdf(_text)
    for _ in range(3):
        read_pdf(Path("a.pdf"), data, settings=PDFIUM)
    assert most[0] == 1
    assert not open_now


def test_the_guards_stop_bad_pdfs_before_the_pdfium_engine_parses_them(tmp_path, monkeypatch):
    from pipeline.errors import ReadError
    from pipeline.read import read_document
    from pipeline.read.pdf import pdfium
    from tests.test_robustness import bomb_pdf, self_referencing_pdf

    def never(data):
        raise AssertionError("pdfium was given a PDF the guards stop")

    monkeypatch.setattr(pdfium, "Reader", never)
    for name, data, reason in (
        ("loop.pdf", self_referencing_pdf(), "refers to itself"),
        ("bomb.pdf", bomb_pdf(1 << 26), "decompression bomb"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ReadError, match=reason):
            read_document(path, max_inflated=1 << 24, pdf_settings=PDFIUM)
