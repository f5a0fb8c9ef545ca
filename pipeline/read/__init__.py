"""Readers turn a file into the Document IR (`pipeline.ir`)."""

from __future__ import annotations

from pathlib import Path

from pipeline.ir import Document
from pipeline.read.text import read_text

PDF_SUFFIXES = {".pdf"}


class ReadError(Exception):
    """A file that cannot be read at all; the message names what is wrong."""


def read_document(path: str | Path) -> Document:
    """Read a PDF or a text file into the IR, choosing the reader by content."""
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise ReadError("the file is empty")
    if data[:5] == b"%PDF-" or path.suffix.lower() in PDF_SUFFIXES:
        from pipeline.read.pdf import read_pdf

        return read_pdf(path, data)
    return read_text(path, data)
