"""Parity: the records read from each rendered PDF equal the records read from its text.

Every producer's PDFs (`tests/fixtures/pdf/{grid,rules}` by reportlab, `weasyprint/`,
`wkhtmltopdf/`, `typst/` and `libreoffice/` by tools/render_producers.py) go through the same layout
detection and segmenters as the text. Compared per table, without provenance
(`page`, `line`, `bbox`), with `*_raw` columns compared without white space (a PDF
cell breaks its lines where the text extraction put spaces) and with the code points a
producer may give one glyph folded (radicals for ideographs, 〜 for ～): the glyphs printed. Allowed differences,
which are what the PDF adds: `timeline` schedules whose exact years only the
drawn bars give, and warnings that the PDF resolves.
"""

from __future__ import annotations

import re

import pytest

from pipeline.ingest.manifest import read_manifest
from pipeline.model.ir import Document
from pipeline.model.records import TABLES
from pipeline.model.schema import columns
from pipeline.normalize.radicals import TABLE as RADICALS
from pipeline.read.text import read_text
from pipeline.segment import segment_document
from pipeline.segment.base import Context, Extraction
from tests.conftest import PDF_ALL, RAW

pytestmark = pytest.mark.slow  # end-to-end, PDF or scale: `make test-fast` leaves it out

STEMS = [e.document_id for e in read_manifest(RAW / "manifest.csv")]
PROVENANCE = {"page", "line", "bbox", "document_id"}
SPACE = re.compile(r"\s+")
GLYPHS = {**RADICALS, ord("〜"): "～"}


def segmented(doc: Document, stem: str) -> tuple[str, Extraction]:
    entry = next(e for e in read_manifest(RAW / "manifest.csv") if e.document_id == stem)
    return segment_document(doc, Context(stem, entry))


def comparable(ext: Extraction, table: str) -> list[tuple]:
    names = [n for n, _, _ in columns(TABLES[table]) if n not in PROVENANCE]
    rows = []
    for record in ext.get(table):
        values = record.model_dump()
        rows.append(
            tuple(
                SPACE.sub("", v.translate(GLYPHS)) if n.endswith("_raw") and v else v
                for n, v in ((n, values[n]) for n in names)
            )
        )
    return sorted(rows, key=repr)


@pytest.fixture(scope="module")
def text_records() -> dict[str, tuple[str, Extraction]]:
    return {
        stem: segmented(read_text(RAW / f"{stem}.txt", (RAW / f"{stem}.txt").read_bytes()), stem)
        for stem in STEMS
    }


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("style", PDF_ALL)
def test_pdf_gives_the_records_of_the_text(pdf_irs, text_records, style, stem):
    text_layout, text = text_records[stem]
    pdf_layout, pdf = segmented(pdf_irs[(style, stem)], stem)
    assert pdf_layout == text_layout
    for table in TABLES:
        if table in ("documents", "problems"):
            continue
        want, got = comparable(text, table), comparable(pdf, table)
        if table == "schedules":  # the bars give timeline years the text cannot
            got = [r for r in got if r in want or "timeline" not in r]
            want = [r for r in want if "timeline" not in r or r in got]
        assert got == want, table
    assert [p for p in pdf.problems if p.severity == "error"] == []
    assert len(pdf.problems) <= len(text.problems)


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("style", PDF_ALL)
def test_pdf_records_carry_page_and_box(pdf_irs, style, stem):
    _, pdf = segmented(pdf_irs[(style, stem)], stem)
    for table in ("measures", "indicators", "schedules", "measure_departments", "evaluations"):
        for record in pdf.get(table):
            assert record.page is not None and record.line is None, (table, record)
            assert record.bbox is not None and len(record.bbox) == 4, (table, record)
            x0, top, x1, bottom = record.bbox
            assert 0 <= x0 < x1 and 0 <= top < bottom, (table, record)
