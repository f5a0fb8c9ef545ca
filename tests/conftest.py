"""Shared test helpers: read and segment a seed document from raw/, or a small text document."""

from __future__ import annotations

import hashlib
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from multiprocessing import get_context
from pathlib import Path

import pytest

from pipeline.ingest.manifest import Entry, read_manifest
from pipeline.model.ir import Document
from pipeline.read import read_document
from pipeline.read.text import parse_lines
from pipeline.segment import segment_document
from pipeline.segment.base import Context, Extraction
from pipeline.segment.shapes import segment

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
PDF_FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
PDF_STYLES = ("grid", "rules")  # tools/make_pdfs.py (reportlab)
PDF_PRODUCERS = (
    "weasyprint",
    "wkhtmltopdf",
    "typst",
    "libreoffice",
    "cairo",
    "chromium",
)  # tools/render_producers.py
PDF_ALL = PDF_STYLES + PDF_PRODUCERS


@cache
def extract(filename: str) -> tuple[str, Extraction]:
    """(layout name, extraction) of a seed document, through layout detection."""
    entries = {e.file: e for e in read_manifest(RAW / "manifest.csv")}
    entry = entries[filename]
    doc = read_document(RAW / filename)
    return segment_document(doc, Context(entry.document_id, entry))


def extract_text(
    text: str | list[str], document_id: str, entry: Entry | None = None
) -> tuple[str, Extraction]:
    """(layout, extraction) of a small text document `{document_id}.txt` (its text, or its lines), through
    the repairs and layout detection (`segment_document`); its lines numbered as given."""
    lines = text.split("\n") if isinstance(text, str) else text
    doc = Document(f"{document_id}.txt", "text", parse_lines(lines))
    return segment_document(doc, Context(document_id, entry))


def segment_text(text: str | list[str], document_id: str = "doc"):
    """A small text document (its text, newlines around it dropped, or its lines) through the shape
    recognizers alone (`shapes.segment`, no repairs): (layout, extraction, reading)."""
    lines = text.strip("\n").split("\n") if isinstance(text, str) else text
    return segment(Document("t.txt", "text", parse_lines(lines)), Context(document_id))


def segmented(text: str | list[str]):
    """A small text document's extraction, and a measure's title by its id (None for no measure)."""
    _, ext, _ = segment_text(text)
    titles = {m.measure_id: m.title for m in ext.get("measures")}
    return ext, titles.get


def by(records, key: str) -> dict:
    """Index records by one field."""
    return {getattr(r, key): r for r in records}


@pytest.fixture
def raw_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """The database of the seed corpus, built once for the tests that only read it."""
    from pipeline.app.run import run

    out = tmp_path_factory.mktemp("seed") / "normalized"
    run(raw_dir=RAW, out_dir=out)
    return out / "plans.duckdb"


@pytest.fixture(scope="session")
def db(seed_db) -> Path:
    return seed_db


@pytest.fixture(scope="session")
def con(seed_db):
    """A read-only connection to the seed database (with its derived tables)."""
    from pipeline.query.connect import open_database

    con = open_database(seed_db)
    yield con
    con.close()


# The PDF fixtures, read once per session: parsing them all takes ~20 s of pdfminer
# time, so the IR is also pickled in pytest's cache, keyed by the fixture's bytes and
# the reader's sources (a changed reader or fixture is read again).
def reader_sources() -> list[Path]:
    """Every source file the readers run: a change to any of them reads the fixtures again."""
    return sorted((ROOT / "pipeline" / "read").rglob("*.py")) + [ROOT / "pipeline" / "model" / "ir.py"]


def _key(path: Path) -> str:
    import pdfplumber

    h = hashlib.sha256(path.read_bytes())
    for source in reader_sources():
        h.update(source.read_bytes())
    h.update(pdfplumber.__version__.encode())
    return h.hexdigest()[:24]


@pytest.fixture(scope="session")
def pdf_irs(request, tmp_path_factory) -> dict[tuple[str, str], Document]:
    """Every fixture read once: from pytest's cache when the fixture and the reader are unchanged."""
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    folder = Path(cache.mkdir("pdf-ir")) if cache is not None else tmp_path_factory.mktemp("pdf-ir")
    wanted = {(style, p.stem): p for style in PDF_ALL for p in sorted((PDF_FIXTURES / style).glob("*.pdf"))}
    docs: dict[tuple[str, str], Document] = {}
    missing = []
    for name, path in wanted.items():
        cached = folder / f"{_key(path)}.pickle"
        if cached.exists():
            docs[name] = pickle.loads(cached.read_bytes())
        else:
            missing.append(name)
    missing.sort(key=lambda n: -wanted[n].stat().st_size)  # the longest first: the workers finish together
    if len(missing) > 1 and (os.cpu_count() or 1) > 1:
        with ProcessPoolExecutor(
            max_workers=min(len(missing), os.cpu_count() or 1), mp_context=get_context("spawn")
        ) as pool:
            paths = [wanted[n] for n in missing]
            for name, doc in zip(
                missing, pool.map(_read_pdf, paths, [p.read_bytes() for p in paths]), strict=True
            ):
                docs[name] = doc
    else:
        for name in missing:
            docs[name] = _read_pdf(wanted[name], wanted[name].read_bytes())
    keys = {f"{_key(path)}.pickle" for path in wanted.values()}
    for name in missing:
        (folder / f"{_key(wanted[name])}.pickle").write_bytes(pickle.dumps(docs[name]))
    for stale in folder.glob("*.pickle"):  # made by an earlier reader or fixture
        if stale.name not in keys:
            stale.unlink()
    return docs


def _read_pdf(path: Path, data: bytes) -> Document:
    from pipeline.read.pdf import read_pdf

    return read_pdf(path, data)


SLOW_FIXTURES = {"pdf_irs", "seed_db", "db", "con"}  # PDF fixtures read, or a database built
SLOW_MODULES = {"test_robustness", "test_export", "test_cli", "test_accuracy", "test_real_records"}


def pytest_collection_modifyitems(items):
    """End-to-end tests (a run, a database, the PDF fixtures) are slow: `make test-fast` leaves them out."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & SLOW_FIXTURES or item.module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


def real_dir() -> Path | None:
    """The real municipal documents (never copied into the repository): `$PLANS_REAL_DIR`, else
    the first `shared/real` beside the repository or beside one of its parents."""
    if os.environ.get("PLANS_REAL_DIR"):
        found = Path(os.environ["PLANS_REAL_DIR"])
        return found if found.is_dir() else None
    for parent in ROOT.parents:
        if (parent / "shared" / "real").is_dir():
            return parent / "shared" / "real"
    return None


NO_REAL = "the real municipal documents (shared/real beside the repository, or $PLANS_REAL_DIR) are not here"
