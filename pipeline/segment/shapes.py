"""The generic path: recognize the shapes of any plan and emit its records."""

from __future__ import annotations

from collections import Counter

from pipeline.model.ir import Document
from pipeline.segment.base import Context, Extraction
from pipeline.segment.crosswalk import emit_sheet
from pipeline.segment.emit import emit
from pipeline.segment.period import plan_period
from pipeline.segment.plans import split_plans
from pipeline.segment.recognize import Reader, Reading
from pipeline.segment.tree import finish


def segment(doc: Document, ctx: Context) -> tuple[str, Extraction, Reading]:
    """(layout description, records, what each recognizer claimed) of one document."""
    ext = Extraction(ctx.document_id)
    reader = Reader(doc)
    reading = reader.read()
    others = []
    for heading, children in split_plans(reading.roots):  # a section reviewing another plan: its tree
        indicators = list(heading.indicators)
        others.append((heading, finish(children, indicators), indicators))
    roots = finish(reading.roots, reading.plan_indicators)
    if reading.sheet.grouped:  # a crosswalk sheet: the old plan and the new one
        emit_sheet(reading.sheet, doc, ctx, ext, reader.vocab)
    if roots or reading.plan_indicators or others:
        period = plan_period(doc, reader.era, reading.title)
        emit(reading, roots, ext, ctx, period, doc, others)
    for block, message in [*reading.warnings, *reading.unclaimed]:
        ext.warn(message, block.page, block.line)
    if not ext.get("measures") and not ext.get("indicators"):
        ext.warn("no action and no indicator recognized in this document")
    return layout(doc, reading), ext, reading


def layout(doc: Document, reading: Reading) -> str:
    """What was recognized, most blocks first (a table's parts once), with the share of content
    blocks claimed."""
    kinds = Counter(c.recognizer for c in reading.claims if c.recognizer not in ("toc", "continued"))
    names = "+".join(k for k, _ in kinds.most_common()) or "none"
    return f"{names} ({100 * reading.share(doc):.0f}% of blocks)"
