"""Repairs: what one broken source needs, kept apart from the readers of every plan.

Each repair module names its source and what is broken there, and has `NAME` and a
signature `applies(doc) -> bool` that finds the broken form on the page. Two kinds:

- `REPAIRS` mend the IR: `repair(doc) -> Document` returns a copy with the damage undone.
  `segment_document` runs each one whose signature is found, before layout detection.
- `READINGS` are broken past what the IR can hold: the layout of the source calls the
  repair's reader for a document in that form (`scrambled_sheet.read_text_sheet` puts a
  scrambled export's lines back into the sheet's columns, each line keeping its own
  provenance, which a table in the IR would not).
"""

from __future__ import annotations

from types import ModuleType

from pipeline.model.ir import Document
from pipeline.segment.repair import centred_timeline, scrambled_sheet

REPAIRS: tuple[ModuleType, ...] = (centred_timeline,)
READINGS: tuple[ModuleType, ...] = (scrambled_sheet,)


def signatures(doc: Document) -> list[str]:
    """The names of every repair whose signature `doc` shows."""
    return [m.NAME for m in (*REPAIRS, *READINGS) if m.applies(doc)]


def apply_repairs(doc: Document) -> tuple[Document, list[str]]:
    """`doc` with every IR repair whose signature it shows applied, and their names."""
    applied = []
    for module in REPAIRS:
        if module.applies(doc):
            doc = module.repair(doc)
            applied.append(module.NAME)
    return doc, applied
