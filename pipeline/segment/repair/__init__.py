"""Repairs: what one broken source needs, kept apart from the readers of every plan.

Each repair module names its source and what is broken there, and has `NAME`, a
signature `applies(doc) -> bool` that finds the broken form on the page, and
`repair(doc) -> Document` that returns a copy with the damage undone (what it cannot
settle it adds to the copy's `problems`). `segment_document` runs each one whose
signature is found, before anything reads the document.
"""

from __future__ import annotations

from types import ModuleType

from pipeline.model.ir import Document
from pipeline.segment.repair import centred_timeline, scrambled_sheet

REPAIRS: tuple[ModuleType, ...] = (centred_timeline, scrambled_sheet)


def signatures(doc: Document) -> list[str]:
    """The names of every repair whose signature `doc` shows."""
    return [m.NAME for m in REPAIRS if m.applies(doc)]


def apply_repairs(doc: Document) -> tuple[Document, list[str]]:
    """`doc` with every IR repair whose signature it shows applied, and their names."""
    applied = []
    for module in REPAIRS:
        if module.applies(doc):
            doc = module.repair(doc)
            applied.append(module.NAME)
    return doc, applied
