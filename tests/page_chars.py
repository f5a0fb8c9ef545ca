"""Synthetic characters for the PDF reader's tests: the dicts pdfplumber makes, one per glyph."""

from __future__ import annotations


def char(text: str, x0: float, top: float, size: float = 12.0, width: float | None = None, **extra) -> dict:
    """One glyph at (x0, top), `width` wide (a full em when None)."""
    return {
        "text": text, "x0": x0, "x1": x0 + (size if width is None else width), "top": top, "bottom": top + size,
        "size": size, "fontname": "F", "upright": True, **extra,
    }  # fmt: skip


def run(text: str, x0: float, top: float, size: float) -> list[dict]:
    """A run of full-width glyphs set solid from x0."""
    return [char(t, x0 + size * i, top, size) for i, t in enumerate(text)]
