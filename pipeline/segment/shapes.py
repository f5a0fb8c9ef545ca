"""The generic path: recognize the shapes of any plan and emit its records."""

from __future__ import annotations

from collections import Counter

from pipeline.model.ir import Document
from pipeline.segment.base import Context, Extraction
from pipeline.segment.emit import emit
from pipeline.segment.period import plan_period, title_block
from pipeline.segment.recognize import Reader, Reading
from pipeline.segment.tree import finish


def segment(doc: Document, ctx: Context) -> tuple[str, Extraction, Reading]:
    """(layout description, records, what each recognizer claimed) of one document."""
    ext = Extraction(ctx.document_id)
    reader = Reader(doc)
    reading = reader.read()
    roots = finish(reading.roots, reading.plan_indicators)
    if roots or reading.plan_indicators:
        period = plan_period(doc, reader.era, reading.title)
        emit(reading, roots, ext, ctx, period, title_block(doc, reading.title))
    for block, message in reading.unclaimed:
        ext.warn(message, block.page, block.line)
    if not ext.get("measures") and not ext.get("indicators"):
        ext.warn("no action and no indicator recognized in this document")
    return layout(doc, reading), ext, reading


def layout(doc: Document, reading: Reading) -> str:
    """What was recognized, most blocks first, with the share of content blocks claimed."""
    kinds = Counter(c.recognizer for c in reading.claims if c.recognizer not in ("toc",))
    names = "+".join(k for k, _ in kinds.most_common()) or "none"
    return f"{names} ({100 * reading.share(doc):.0f}% of blocks)"
