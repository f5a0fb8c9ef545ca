"""Readers turn a file into the Document IR (`pipeline.model.ir`)."""

from __future__ import annotations

from pathlib import Path

from pipeline.model.ir import Document
from pipeline.read.guard import DEFAULT_MAX_INFLATED, inflation_bomb, reference_loop
from pipeline.read.text import read_text

PDF_SUFFIXES = {".pdf"}


class ReadError(Exception):
    """A file that cannot be read at all; the message names what is wrong."""


def read_document(
    path: str | Path,
    max_bytes: int | None = None,
    max_pages: int | None = None,
    max_inflated: int = DEFAULT_MAX_INFLATED,
) -> Document:
    """Read a PDF or a text file into the IR, choosing the reader by content.

    A file over `max_bytes` is not read; a PDF over `max_pages` pages neither, nor one
    with an object that refers to itself or a stream that inflates to over `max_inflated`
    bytes (`pipeline.read.guard`).
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
        doc = read_pdf(path, data, max_pages=max_pages)
        if any(_out_of_memory(message) for _, message, _, _ in doc.problems):
            raise MemoryError  # a page that ran out of memory: the document is over its budget
        return doc
    return read_text(path, data)


def _mb(size: int) -> str:
    """Bytes as megabytes for messages: 76339 → '0.07'."""
    return f"{size / 2**20:.2f}".rstrip("0").rstrip(".")


def _out_of_memory(message: str) -> bool:
    """A page problem that says memory ran out (`MemoryError`, or zlib's message through pdfplumber)."""
    return "MemoryError" in message or "Unable to allocate" in message
