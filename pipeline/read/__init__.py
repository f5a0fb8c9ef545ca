"""Readers turn a file into the Document IR (`pipeline.model.ir`)."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ReadError
from pipeline.model.ir import Document
from pipeline.read.text import read_text

PDF_SUFFIXES = {".pdf"}
__all__ = ["ReadError", "read_document"]


def read_document(path: str | Path, max_bytes: int | None = None, max_pages: int | None = None) -> Document:
    """Read a PDF or a text file into the IR, choosing the reader by content.

    A file over `max_bytes` is not read; a PDF over `max_pages` pages neither.
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

        return read_pdf(path, data, max_pages=max_pages)
    return read_text(path, data)


def _mb(size: int) -> str:
    """Bytes as megabytes for messages: 76339 → '0.07'."""
    return f"{size / 2**20:.2f}".rstrip("0").rstrip(".")
