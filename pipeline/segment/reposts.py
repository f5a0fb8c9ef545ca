"""Reposts: an item printed again under another heading (`（再掲）`) links to its original.

The original is the item of the same plan and tier, not itself a repost, with the same
description, or failing that the same title. A repost without an original still gets its
link (dst_id NULL, its own title as the label) and a warning.
"""

from __future__ import annotations

from pipeline.model.records import MeasureLink
from pipeline.segment.base import Extraction


def link_reposts(ext: Extraction, plan_id: str) -> None:
    """Add a `repost_of` link for every reposted measure of one plan."""
    measures = [m for m in ext.get("measures") if m.plan_id == plan_id]
    for repost in (m for m in measures if m.is_repost):
        originals = [m for m in measures if not m.is_repost and m.tier == repost.tier]
        how, original = "content", None
        if repost.description:
            original = next((o for o in originals if o.description == repost.description), None)
        if original is None:
            how, original = "title", next((o for o in originals if o.title == repost.title), None)
        if original is None:
            message = f"reposted action {repost.title!r}: no original with the same content or title"
            ext.warn(message, repost.page, repost.line)
        ext.add(
            MeasureLink,
            src_id=repost.measure_id,
            dst_id=original.measure_id if original else None,
            dst_label=original.title if original else repost.title,
            link_type="repost_of",
            note=f"matched on {how}" if original else None,
            page=repost.page,
            line=repost.line,
            bbox=list(repost.bbox) if repost.bbox else None,
        )
