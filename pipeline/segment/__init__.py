"""Layout detection and dispatch: which segmenter reads a document.

First the repairs (`pipeline.segment.repair`) whose signature the document shows mend
its IR. Every document is read by the shape recognizers (`pipeline.segment.shapes`); the four
seed layouts (`pipeline.segment.layouts`) score it from what is on the page and take
over only where they are certain and the shapes read little (see `segment_document`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType

import pipeline.segment.layouts  # noqa: F401 -- loaded first: the function `layouts` below keeps its name
from pipeline.model.ir import Document
from pipeline.segment.base import Context, Extraction
from pipeline.segment.recognize import Reading
from pipeline.segment.repair import apply_repairs

LAYOUTS = ("measure_sheets", "project_tables", "crosswalk", "evaluation_sheet")
MIN_SCORE = 1.0  # the seed layouts claim only what they certainly are; the shape recognizers read the rest
SEED_LAYOUT_BELOW = 0.5  # …and only documents the shapes read less than half of


def layouts() -> list[ModuleType]:
    return [import_module(f"pipeline.segment.layouts.{name}") for name in LAYOUTS]


def detect_layout(doc: Document) -> tuple[ModuleType | None, dict[str, float]]:
    """The best-scoring layout module (None below MIN_SCORE) and every score."""
    scores = {m.NAME: float(m.detect(doc)) for m in layouts()}
    best = max(layouts(), key=lambda m: scores[m.NAME])
    return (best if scores[best.NAME] >= MIN_SCORE else None), scores


@dataclass(slots=True)
class Details:
    """How a document was segmented, for `plans inspect`: the IR the recognizers read (after the
    repairs), the repairs applied, what each recognizer claimed, and every seed layout's score."""

    document: Document | None = None
    repairs: list[str] = field(default_factory=list)
    reading: Reading | None = None
    scores: dict[str, float] = field(default_factory=dict)


def segment_document(doc: Document, ctx: Context, details: Details | None = None) -> tuple[str, Extraction]:
    """Segment `doc`; returns (layout, extraction).

    The shape recognizers read every document. A seed layout takes over only where it is
    certain (score 1.0) and the shapes leave most of the document unread (under
    `SEED_LAYOUT_BELOW` of its blocks) or find no action in it: the transition until the
    shapes read the seeds too.
    `details`, when given, receives how it was done (for `plans inspect`).
    """
    from pipeline.segment.shapes import segment

    doc, repairs = apply_repairs(doc)
    layout, found = detect_layout(doc)
    name, ext, reading = segment(doc, ctx)
    if details is not None:
        details.document, details.repairs, details.reading, details.scores = doc, repairs, reading, found
    no_actions = not any(m.tier == "action" for m in ext.get("measures"))
    if layout is not None and (reading.share(doc) < SEED_LAYOUT_BELOW or no_actions):
        return layout.NAME, layout.segment(doc, ctx)
    return name, ext
