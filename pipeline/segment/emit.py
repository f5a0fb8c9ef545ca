"""The recognized plan tree → validated records (plans, measures, departments, schedules,
indicators, evaluations), with ids built from the printed numbering."""

from __future__ import annotations

import re

from pipeline.model.records import Evaluation, Measure, MeasureActor, MeasureLink, Schedule
from pipeline.normalize.departments import parse_departments
from pipeline.normalize.eras import parse_fy
from pipeline.normalize.text import clean
from pipeline.segment.base import (
    Context,
    Extraction,
    add_department_records,
    add_plan,
    child_id,
    parse_edition,
    provenance,
)
from pipeline.segment.indicator_tables import IndicatorRow, add_indicator
from pipeline.segment.recognize import Reading
from pipeline.segment.tree import Node

_SAFE_CODE = re.compile(r"^[0-9A-Za-z]+(?:[-.][0-9A-Za-z]+)*$")


def emit(
    reading: Reading, roots: list[Node], ext: Extraction, ctx: Context, period: tuple, title_at=None
) -> None:
    """Add the plan and every node's records to `ext` (`title_at`: the cover line of the printed title)."""
    entry = ctx.entry
    title = (entry.title if entry and entry.title else None) or reading.title or ctx.document_id
    fy = (entry.plan_fy_start, entry.plan_fy_end) if entry and entry.plan_fy_start else period
    pid = add_plan(ext, ctx, clean(title), fy=fy, **(provenance(title_at) if title_at is not None else {}))
    seq = iter(range(1, 10**9))
    used: set[str] = set()
    # An evaluation without a year of its own: the year the title names (令和7年度 評価シート), else the plan's end.
    report_year = parse_fy(title) or fy[1]
    indicators: list[tuple[str, str | None, IndicatorRow]] = []  # (id, measure, row)
    for i, root in enumerate(roots, start=1):
        _node(ext, pid, None, pid, root, i, seq, used, report_year, indicators)
    indicators += [(f"{pid}/i{j}", None, row) for j, row in enumerate(reading.plan_indicators, start=1)]
    # seq: the order within the plan, as printed
    printed = sorted(indicators, key=lambda t: _printed_at(t[2]))
    for k, (indicator_id, mid, row) in enumerate(printed, start=1):
        add_indicator(ext, indicator_id, pid, mid, k, row)
    if reading.old_roots:  # a crosswalk: the plan it replaces, and each old item's successor
        old_name = clean(reading.old_plan)
        edition = parse_edition(old_name) or (parse_edition(title) - 1 if parse_edition(title) else None)
        old_title = old_name if parse_edition(old_name) else f"{clean(title)} ({old_name})"
        old_pid = add_plan(ext, ctx, old_title, fy=(None, None), edition=edition)
        for i, old in enumerate(reading.old_roots, start=1):
            old.tier = "action"
            _node(ext, old_pid, None, old_pid, old, i, seq, used, report_year, [])
        for old in reading.old_roots:
            for new, note in old.successors:
                if old.measure_id and new.measure_id:
                    ext.add(
                        MeasureLink, src_id=old.measure_id, dst_id=new.measure_id, link_type="successor",
                        note=note, **provenance(old.where),
                    )  # fmt: skip


def _printed_at(row: IndicatorRow) -> tuple:
    """Reading order: page, text line, top of the row's box; rows printed nowhere known come last."""
    if row.page is None and row.line is None:
        return (1,)
    return (0, row.page or 0, row.line or 0, row.bbox[1] if row.bbox else 0)


def _node(
    ext, pid, parent_id, parent_path, node: Node, position: int, seq, used: set[str], report_year, indicators
) -> None:
    code = node.code if node.code and _SAFE_CODE.match(node.code) else None
    mid = child_id(parent_path, code or f"n{position}")
    while mid in used:
        mid += "+"
    used.add(mid)
    node.measure_id = mid
    prov = provenance(node.where)
    record = ext.add(
        Measure,
        measure_id=mid,
        plan_id=pid,
        parent_id=parent_id,
        tier=node.tier,
        kind=node.word or node.tier,
        code=code,
        code_raw=node.code_raw,
        seq=next(seq),
        title=node.title,
        title_raw=node.title_raw,
        description="\n".join(t for d in node.description if (t := clean(d))) or None,
        is_priority=node.is_priority,
        novelty=node.novelty,
        is_repost=node.is_repost,
        **prov,
    )
    if record is None:
        return
    departments = [d for text in node.departments for d in parse_departments(text)]
    add_department_records(ext, mid, departments, **prov)
    seen = set()
    for actor, role, *where in node.actors:  # (actor, role[, where it is marked])
        if (clean(actor), role) not in seen:
            seen.add((clean(actor), role))
            ext.add(
                MeasureActor,
                measure_id=mid,
                actor=clean(actor),
                role=role,
                **(provenance(where[0]) if where else prov),
            )
    for label, strength in dict.fromkeys(node.links):
        ext.add(
            MeasureLink, src_id=mid, dst_label=clean(label), link_type="supports", strength=strength, **prov
        )
    for k, (start, end, phase, source, *where) in enumerate(node.schedules, start=1):  # [, where printed]
        ext.add(
            Schedule, measure_id=mid, seq=k, fy_start=start, fy_end=end, phase=phase, source=source,
            **(provenance(where[0]) if where else prov),
        )  # fmt: skip
    for year, letter, printed in node.evaluations:
        year = year or report_year
        if year:
            ext.add(
                Evaluation,
                measure_id=mid,
                fiscal_year=year,
                grade=letter,
                status=printed if printed != letter else None,
                **prov,
            )
    indicators += [(f"{mid}/i{j}", mid, row) for j, row in enumerate(node.indicators, start=1)]
    for i, child in enumerate(node.children, start=1):
        _node(ext, pid, mid, mid, child, i, seq, used, report_year, indicators)
