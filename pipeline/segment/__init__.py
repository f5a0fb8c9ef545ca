"""Segmentation: which records a document holds.

First the repairs (`pipeline.segment.repair`) whose signature the document shows mend its IR
(what they cannot settle becomes a warning); then the shape recognizers
(`pipeline.segment.shapes`) read it — headings, item tables, cards, sheets, strips, indicator
tables, crosswalks, evaluation rows, mark matrices — whatever its city and layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model.ir import Document
from pipeline.segment.base import Context, Extraction
from pipeline.segment.recognize import Reading
from pipeline.segment.repair import apply_repairs


@dataclass(slots=True)
class Details:
    """How a document was segmented, for `plans inspect`: the IR the recognizers read (after the
    repairs), the repairs applied, and what each recognizer claimed."""

    document: Document | None = None
    repairs: list[str] = field(default_factory=list)
    reading: Reading | None = None


def segment_document(doc: Document, ctx: Context, details: Details | None = None) -> tuple[str, Extraction]:
    """Segment `doc`; returns (layout: what was recognized and the share of blocks claimed, extraction).

    `details`, when given, receives how it was done (for `plans inspect`).
    """
    from pipeline.segment.shapes import segment

    printed = len(doc.problems)
    doc, repairs = apply_repairs(doc)
    name, ext, reading = segment(doc, ctx)
    for _, message, page, line in doc.problems[printed:]:  # what the repairs could not settle
        ext.warn(message, page, line)
    if details is not None:
        details.document, details.repairs, details.reading = doc, repairs, reading
    return name, ext
