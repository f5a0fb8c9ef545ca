"""Project tables, the records: the merged tree's measures, evaluations, indicators and repost links."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model.records import Evaluation, Measure, MeasureLink
from pipeline.normalize.text import clean
from pipeline.segment import indicator_tables as it
from pipeline.segment.base import (
    Extraction,
    child_id,
    provenance,
)
from pipeline.segment.layouts.project_tables_read import Item, Node, paragraphs, strip_marks


@dataclass(slots=True)
class Emitter:
    """Adds the records of one plan's tree in document order."""

    ext: Extraction
    plan_id: str
    era: str | None
    seq: int = 0
    indicator_seq: int = 0
    actions: list[tuple[Measure, Item]] = field(default_factory=list)

    def node(self, node: Node, parent: str | None) -> None:
        """Add a goal/measure, its indicators and actions, then its children."""
        mid = child_id(parent or self.plan_id, node.code)
        self.seq += 1
        self.ext.add(
            Measure,
            measure_id=mid,
            plan_id=self.plan_id,
            parent_id=parent,
            tier=node.tier,
            kind=node.kind,
            code=node.code,
            code_raw=node.code_raw,
            seq=self.seq,
            title=clean(node.title_raw),
            title_raw=node.title_raw,
            description=paragraphs(node.description),
            **provenance(node.block),
        )
        self.indicators(node, mid)
        for pos, item in enumerate(node.items, start=1):
            self.seq += 1
            record = _add_action(self.ext, self.plan_id, mid, pos, self.seq, item)
            if record is not None:
                self.actions.append((record, item))
        for child in node.children:
            self.node(child, mid)

    def indicators(self, node: Node, mid: str) -> None:
        """Add the indicator rows printed under `node` (id: printed number or position)."""
        position = 0
        for block, notes in node.indicators:
            rows = it.parse_table(block, self.era, notes)
            if not rows:
                self.ext.warn("indicator table without readable rows", block.page, block.line)
            for row in rows:
                position += 1
                self.indicator_seq += 1
                number = row.number or str(position)
                it.add_indicator(self.ext, f"{mid}/i{number}", self.plan_id, mid, self.indicator_seq, row)


def emit_tree(ext: Extraction, pid: str, goals: list[Node], era: str | None, eval_fy: int | None) -> None:
    """Add measures, indicators, evaluations and repost links of one plan."""
    emitter = Emitter(ext, pid, era)
    for goal in goals:
        emitter.node(goal, None)
    for record, item in emitter.actions:
        if item.status is not None:
            _add_evaluation(ext, record, item, eval_fy)
    link_reposts(ext, emitter.actions)


def _add_action(ext: Extraction, pid: str, parent: str, pos: int, seq: int, item: Item) -> Measure | None:
    """Add one action row as an `action` measure (code NULL, id = position)."""
    title, novelty, priority, repost = strip_marks(item.name_raw)
    if not title:
        ext.warn(
            f"action row without a name: {clean(' '.join(item.content))[:40]!r}", item.row.page, item.row.line
        )
        return None
    return ext.add(
        Measure,
        measure_id=child_id(parent, str(pos)),
        plan_id=pid,
        parent_id=parent,
        tier="action",
        kind=item.kind,
        seq=seq,
        title=title,
        title_raw=item.name_raw,
        description=paragraphs(item.content),
        novelty=novelty,
        is_priority=priority,
        is_repost=repost,
        **provenance(item.row),
    )


def _add_evaluation(ext: Extraction, action: Measure, item: Item, fiscal_year: int | None) -> None:
    """One `evaluations` row per reviewed action, status as printed."""
    if not item.status:
        ext.warn(f"no status printed for {action.title!r}", item.row.page, item.row.line)
        return
    if fiscal_year is None:
        message = f"status {item.status!r} of {action.title!r} has no year (the plan period is unknown)"
        ext.warn(message, item.row.page, item.row.line)
        return
    ext.add(
        Evaluation,
        measure_id=action.measure_id,
        fiscal_year=fiscal_year,
        status=item.status,
        **provenance(item.row),
    )


def link_reposts(ext: Extraction, actions: list[tuple[Measure, Item]]) -> None:
    """Link each reposted action to its original: same 事業内容 first, then same title."""
    originals = [a for a, _ in actions if not a.is_repost]
    for action, item in actions:
        if not action.is_repost:
            continue
        how, dst = "content", None
        if action.description:
            dst = next((o for o in originals if o.description == action.description), None)
        if dst is None:
            how, dst = "title", next((o for o in originals if o.title == action.title), None)
        if dst is None:
            message = f"reposted action {action.title!r}: no original with the same content or title"
            ext.warn(message, item.row.page, item.row.line)
        ext.add(
            MeasureLink,
            src_id=action.measure_id,
            dst_id=dst.measure_id if dst else None,
            dst_label=dst.title if dst else action.title,
            link_type="repost_of",
            note=f"matched on {how}" if dst else None,
            **provenance(item.row),
        )
