"""Layout detection and dispatch: which segmenter reads a document.

First the repairs (`pipeline.segment.repair`) whose signature the document shows mend
its IR. Each layout module scores the document from what is on the page (header words,
numbering, year columns); the best score above `MIN_SCORE` wins. A document in
no known layout keeps its document record and gets a warning.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

import pipeline.segment.layouts  # noqa: F401 -- loaded first: the function `layouts` below keeps its name
from pipeline.model.ir import Document
from pipeline.segment.base import Context, Extraction
from pipeline.segment.repair import apply_repairs

LAYOUTS = ("measure_sheets", "project_tables", "project_cards", "crosswalk", "evaluation_sheet")
MIN_SCORE = 1.0  # the seed layouts claim only what they certainly are; the shape recognizers read the rest


def layouts() -> list[ModuleType]:
    return [import_module(f"pipeline.segment.layouts.{name}") for name in LAYOUTS]


def detect_layout(doc: Document) -> tuple[ModuleType | None, dict[str, float]]:
    """The best-scoring layout module (None below MIN_SCORE) and every score."""
    scores = {m.NAME: float(m.detect(doc)) for m in layouts()}
    best = max(layouts(), key=lambda m: scores[m.NAME])
    return (best if scores[best.NAME] >= MIN_SCORE else None), scores


def segment_document(
    doc: Document, ctx: Context, scores: dict[str, float] | None = None
) -> tuple[str, Extraction]:
    """Segment `doc` with its detected layout; returns (layout name, extraction).

    `scores`, when given, receives every layout's score (for `plans inspect`).
    """
    doc, _ = apply_repairs(doc)
    layout, found = detect_layout(doc)
    if scores is not None:
        scores.update(found)
    if layout is None:  # the generic path: the shapes any plan is printed in
        from pipeline.segment.shapes import segment

        name, ext, _ = segment(doc, ctx)
        return name, ext
    return layout.NAME, layout.segment(doc, ctx)
