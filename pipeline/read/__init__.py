"""Readers turn a file into the Document IR (`pipeline.model.ir`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pipeline.errors import ReadError
from pipeline.model.ir import Document
from pipeline.normalize.encoding import describe_controls, strip_controls
from pipeline.read.guard import DEFAULT_MAX_INFLATED, inflation_bomb, reference_loop
from pipeline.read.text import read_text

PDF_SUFFIXES = {".pdf"}
__all__ = ["ReadError", "read_document"]
# Signatures of files that are neither text nor PDF: programs, archives (also .docx/.xlsx), images.
BINARY_MAGIC = (
    b"\x7fELF", b"MZ\x90\x00", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b",
    b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"\xd0\xcf\x11\xe0",
)  # fmt: skip
_NOT_TEXT = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x1b")
BINARY_SHARE = 0.01  # more control bytes than this (of the first 64 KiB) and the file is not text


def read_document(
    path: str | Path,
    max_bytes: int | None = None,
    max_pages: int | None = None,
    max_inflated: int = DEFAULT_MAX_INFLATED,
    pdf_settings=None,
) -> Document:
    """Read a PDF or a text file into the IR, choosing the reader by content.

    A file over `max_bytes` is not read; a PDF over `max_pages` pages neither, nor one
    with an object that refers to itself or a stream that inflates to over `max_inflated`
    bytes (`pipeline.read.guard`): these checks come before either PDF engine parses
    anything. `pdf_settings` (a `PdfSettings`) tunes the PDF reader, its engine included.
    """
    path = Path(path)
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise ReadError(f"the file is {_mb(size)} MB, over the limit of {_mb(max_bytes)} MB (--max-mb)")
    data = path.read_bytes()
    if not data.strip():
        raise ReadError("the file is empty")
    if data[:5] == b"%PDF-" or path.suffix.lower() in PDF_SUFFIXES:
        from pipeline.read.pdf import read_pdf

        if reason := reference_loop(data) or inflation_bomb(data, max_inflated):
            raise ReadError(f"not a readable PDF: {reason}")
        doc = read_pdf(path, data, max_pages=max_pages, settings=pdf_settings)
        if any(_out_of_memory(message) for _, message, _, _ in doc.problems):
            raise MemoryError  # a page that ran out of memory: the document is over its budget
        return _without_controls(doc)
    if is_binary(data):
        raise ReadError("binary file, not text or PDF")
    return read_text(path, data)


def is_binary(data: bytes) -> bool:
    """A program, archive or image, or bytes with many control characters (an all-NUL file)."""
    if data.startswith(BINARY_MAGIC):
        return True
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):  # text with a BOM (UTF-16 has NULs)
        return False
    sample = data[: 1 << 16]
    controls = len(sample) - len(sample.translate(None, _NOT_TEXT))
    return controls > BINARY_SHARE * len(sample)


def _without_controls(doc: Document) -> Document:
    """Remove control characters from a PDF's text (a broken font can map glyphs to them)."""
    found: Counter[str] = Counter()
    first_page: int | None = None

    def clean(text: str, page: int | None) -> str:
        nonlocal first_page
        cleaned, controls, _ = strip_controls(text)
        if controls:
            found.update(controls)
            first_page = first_page or page
        return cleaned

    for block in doc.blocks:
        block.raw = clean(block.raw, block.page)
        for row in block.rows:
            for cell in row.cells:
                cell.raw = clean(cell.raw, row.page or block.page)
                cell.lines = [clean(line, row.page or block.page) for line in cell.lines]
        for bar in block.bars:
            bar.text = clean(bar.text, block.page)
    if found:
        where = f", the first on page {first_page}" if first_page else ""
        doc.problems.append(
            ("warning", f"removed {describe_controls(found)} that are not text{where}", first_page, None)
        )
    return doc


def _mb(size: int) -> str:
    """Bytes as megabytes for messages: 76339 → '0.07'."""
    return f"{size / 2**20:.2f}".rstrip("0").rstrip(".")


def _out_of_memory(message: str) -> bool:
    """A page problem that says memory ran out (`MemoryError`, or zlib's message through pdfplumber)."""
    return "MemoryError" in message or "Unable to allocate" in message
