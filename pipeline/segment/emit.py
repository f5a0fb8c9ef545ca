"""The recognized plan tree → validated records (plans, measures, departments, schedules,
indicators, evaluations), with ids built from the printed numbering."""

from __future__ import annotations

import re
from itertools import count

from pipeline.model.ir import Document
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
from pipeline.segment.headings import add_paragraph
from pipeline.segment.indicator_tables import IndicatorRow, add_indicator
from pipeline.segment.period import plan_name, title_block
from pipeline.segment.recognize import Reading
from pipeline.segment.reposts import link_reposts
from pipeline.segment.tree import Node
from pipeline.segment.vocabulary import load_vocabulary

_SAFE_CODE = re.compile(r"^[0-9A-Za-z]+(?:[-.][0-9A-Za-z]+)*$")
_SENTENCE_BREAK = re.compile(r"。[^\S\n]*\n\s*")


def prose(texts: list[str]) -> str:
    """Printed lines read as one text: a break after a sentence end (。) is no space, another may be one."""
    return clean(_SENTENCE_BREAK.sub("。", "\n".join(texts)))


def emit(
    reading: Reading,
    roots: list[Node],
    ext: Extraction,
    ctx: Context,
    period: tuple,
    doc: Document | None = None,
    others: list[tuple[Node, list[Node], list]] = (),
) -> None:
    """Add the plan and every node's records to `ext`; then the other plans the document reviews
    (`others`: the heading naming each, its finished roots and indicators)."""
    entry = ctx.entry
    title = (entry.title if entry and entry.title else None) or reading.title or ctx.document_id
    fy = (entry.plan_fy_start, entry.plan_fy_end) if entry and entry.plan_fy_start else period
    printed = title_block(doc, title) if doc is not None else None
    # A progress report (the manifest says so) is on a plan: the plan's title is the one its title names.
    name = plan_name(title, load_vocabulary()) if entry and entry.doc_kind == "progress_report" else title
    pid = add_plan(ext, ctx, clean(name), fy=fy, **(provenance(printed) if printed else {}))
    seq = count(1)
    used: set[str] = set()
    # An evaluation without a year of its own: the year the title names (令和7年度 評価シート), else a
    # report heading (令和6年度実施状況), else the plan's end.
    report_year = parse_fy(title) or reading.report_year or fy[1]
    indicators: list[tuple[str, str | None, IndicatorRow]] = []  # (id, measure, row)
    for i, root in enumerate(roots, start=1):
        _node(ext, pid, None, pid, root, i, seq, used, report_year, indicators)
    _references(ext, roots)
    _indicators(ext, pid, indicators, reading.plan_indicators)
    link_reposts(ext, pid)
    for heading, other_roots, indicators in others:
        _other_plan(ext, ctx, heading, other_roots, indicators, fy[0])
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


def _references(ext: Extraction, roots: list[Node]) -> None:
    """`references` links from the cross-references (No.18) in the actions' texts: one per target."""
    actions = [n for r in roots for n in r.walk() if n.tier == "action" and n.measure_id]
    by_code = {}
    for n in actions:
        by_code.setdefault(n.code, n.measure_id)
    for n in actions:
        seen = {n.code}
        for code, label, where in n.references:
            if code in seen:
                continue
            seen.add(code)
            if code not in by_code:
                ext.warn(f"{n.measure_id} mentions {label}, no action of this plan", **_at(where))
            ext.add(
                MeasureLink, src_id=n.measure_id, dst_id=by_code.get(code), dst_label=label,
                link_type="references", **provenance(where),
            )  # fmt: skip


def _at(where) -> dict:
    p = provenance(where)
    return {"page": p.get("page"), "line": p.get("line")}


def _indicators(ext: Extraction, pid: str, found: list, plan_rows: list[IndicatorRow]) -> None:
    """The plan's indicators (its nodes' and its own), `seq` in the order printed."""
    found = found + [(f"{pid}/i{j}", None, row) for j, row in enumerate(plan_rows, start=1)]
    for k, (indicator_id, mid, row) in enumerate(sorted(found, key=lambda t: _printed_at(t[2])), start=1):
        add_indicator(ext, indicator_id, pid, mid, k, row)


def _printed_at(row: IndicatorRow) -> tuple:
    """Reading order: page, text line, top of the row's box; rows printed nowhere known come last."""
    if row.page is None and row.line is None:
        return (1,)
    return (0, row.page or 0, row.line or 0, row.bbox[1] if row.bbox else 0)


def _other_plan(
    ext, ctx: Context, heading: Node, roots: list[Node], indicators: list, start: int | None
) -> None:
    """A plan the document reviews: in force until the new one starts (status final, period as unknown);
    its evaluations without a year of their own are of the year before the new plan starts."""
    title, edition = heading.plan
    pid = add_plan(
        ext, ctx, title, fy=(None, None), edition=edition, status="final", **provenance(heading.where)
    )
    seq, used, found = count(1), set(), []
    for i, root in enumerate(roots, start=1):
        _node(ext, pid, None, pid, root, i, seq, used, start - 1 if start else None, found)
    _indicators(ext, pid, found, indicators)
    link_reposts(ext, pid)


def _description(parts: list[str]) -> str | None:
    """Paragraphs joined by newlines: each part starts one, and its lines go on as printed
    (`headings.add_paragraph`: a line goes on the one above unless a bullet, note or number starts it)."""
    paragraphs: list[str] = []
    for part in parts:
        lines = [t for t in (clean(x) for x in part.split("\n")) if t]
        paragraphs += lines[:1]
        for line in lines[1:]:
            add_paragraph(paragraphs, line)
    return "\n".join(paragraphs) or None


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
        description=_description(node.description),
        issue=clean("\n".join(node.issue)) or None,
        is_priority=node.is_priority,
        novelty=node.novelty,
        is_repost=node.is_repost,
        **prov,
    )
    if record is None:
        return
    departments = [d for text in node.departments for d in parse_departments(text)]
    add_department_records(ext, mid, departments, **provenance(node.where_of.get("departments", node.where)))
    seen = set()
    for actor, role, *where in node.actors:  # (actor, role[, where it is marked])
        if (clean(actor), role) not in seen:
            seen.add((clean(actor), role))
            ext.add(
                MeasureActor, measure_id=mid, actor=clean(actor), role=role,
                **provenance(where[0] if where else node.where_of.get("actors", node.where)),
            )  # fmt: skip
    for label, strength in dict.fromkeys(node.links):
        ext.add(
            MeasureLink, src_id=mid, dst_label=label, link_type="supports", strength=strength,
            **provenance(node.where_of.get("links", node.where)),
        )  # fmt: skip
    for k, (start, end, phase, source, *more) in enumerate(node.schedules, start=1):
        where, raw, activity = (*more, None, None, None)[:3]
        ext.add(
            Schedule, measure_id=mid, seq=k, fy_start=start, fy_end=end, phase=phase, source=source,
            activity_raw=raw, activity=activity, **(provenance(where) if where is not None else prov),
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
                summary=prose(node.summary) or None,
                problems=prose(node.problems) or None,
                **provenance(node.where_of.get("evaluations", node.where)),
            )
    indicators += [(f"{mid}/i{j}", mid, row) for j, row in enumerate(node.indicators, start=1)]
    for i, child in enumerate(node.children, start=1):
        _node(ext, pid, mid, mid, child, i, seq, used, report_year, indicators)
