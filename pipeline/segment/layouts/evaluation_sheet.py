"""Evaluation sheets: one row per project with its grade and indicator, as a table or as a scrambled export.

The printed sheet is a landscape table: 項目 | 事業名 | 担当課 | 取組内容 | 協働の相手
(circled codes ①…⑦) | 事業の評価 (A–D) | 効果、理由（問題点） | 指標 | 基準値（R3) |
目標値（R9) | 現状値（R5). Two ways in:

- *Table path* (a PDF, or a text export that kept the cells): `evaluation_tables`.
- *Text path* (a text export that scrambled the table): the repair
  `pipeline.segment.repair.scrambled_sheet` puts each project's lines back in its columns.

Both give a `Sheet` (headings, projects, the heading of each) built from the shared
reading of the printed lines (`evaluation_lines`), and place projects under headings by
one rule, since neither shows which project a page's headings belong to: on a page (a PDF
page's table and the text above it; in a text export the text between runs of blank lines)
that prints k headings over n projects in heading order, project i can be heading j only
for max(1, k-n+i) ≤ j ≤ min(k, i); projects left with a choice stay under the goal (one
warning lists them). `seq` follows the recovered tree in project order: the goal first,
each heading right before its first project (a heading without projects before the next
heading), so it does not depend on where a heading was printed.

This module scores the sheet and builds its records.
"""

from __future__ import annotations

import re

from pipeline.model.ir import Document
from pipeline.model.records import Evaluation, Measure, MeasureActor
from pipeline.normalize.departments import parse_departments
from pipeline.normalize.eras import parse_fy_range
from pipeline.normalize.numbers import parse_quantity
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.base import Context, Extraction, add_department_records, add_plan, child_id, provenance
from pipeline.segment.indicator_tables import IndicatorRow, Value, add_indicator
from pipeline.segment.layouts.evaluation_tables import (
    column_year as column_year,
)
from pipeline.segment.layouts.evaluation_tables import (
    read_table_sheet,
    row_cells,
    row_grade,
    sheet_tables,
    table_years,
)
from pipeline.segment.repair.scrambled_sheet import find_pivots
from pipeline.segment.repair.sheet_lines import (
    DEFAULT_VALUE_ORDER,
    FY_HEADING,
    Heading,
    Item,
    Project,
    prose,
    read_items,
    report_year,
    text_of,
    value_years,
)
from pipeline.segment.repair.sheet_lines import (
    assign_measures as assign_measures,
)
from pipeline.segment.repair.sheet_lines import (
    is_header as is_header,
)

NAME = "evaluation_sheet"
DEFAULT_ACTION_KIND = "事業"
_PRINTED_TITLE = re.compile(r"^(.*計画)\s*" + FY_HEADING.pattern)
_PROGRESS_TAIL = re.compile(r"\s*(?:(?:令和|平成)\s*(?:元|\d+)|\d{4}|R\d+)\s*年度.*$")
_PERIOD = re.compile(r"計画期間\s*[:：]?\s*(.+)")


def detect(doc: Document) -> float:
    """Score grade pivots or graded table rows, value columns with years and the sheet's header words."""
    items = read_items(doc)
    tables = sheet_tables(doc)
    pivots = sum(1 for p in find_pivots(items) if p[2] and p[3])
    graded = sum(1 for t in tables for r in t.block.rows[t.header_rows :] if row_grade(row_cells(t, r, 0)))
    text = "".join(re.sub(r"\s", "", it.norm) for it in items)
    years = table_years(tables, items) if tables else value_years(items)
    columns = sum(1 for y in years.values() if y)
    score = 0.55 * min(1.0, max(pivots, graded) / 3) + 0.15 * (columns >= 2)
    score += 0.15 * ("担当課" in text and ("事業名" in text or "取組内容" in text))
    score += 0.15 * ("評価" in text and report_year(items) is not None)
    return round(score, 2)


def segment(doc: Document, ctx: Context) -> Extraction:
    """Read the sheet into its plan, goal, （n） headings, projects, evaluations and indicators."""
    ext = Extraction(ctx.document_id)
    items = read_items(doc)
    tables = sheet_tables(doc)
    years = table_years(tables, items) if tables else value_years(items)
    printed = [k for k in DEFAULT_VALUE_ORDER if not tables or any(k in t.columns for t in tables)]
    if missing := [k for k in printed if years.get(k) is None]:
        ext.warn(f"no year printed in the header for the value columns {missing}")
    fy = report_year(items)
    if fy is None and years.get("actual"):
        fy = years["actual"]
        ext.warn(f"no 年度実施状況 heading printed; evaluations take the 現状値 year {fy}")
    elif fy is None:
        ext.warn("no report year printed (年度実施状況 or a 現状値 year), so no evaluations are recorded")
    sheet = read_table_sheet(doc, tables, ext)
    pid = read_plan(ext, ctx, items)
    goals = _unique_headings(sheet.goals, ext)
    if len(goals) > 1:
        ext.warn(
            f"{len(goals)} goal headings printed; everything is attached to the plan instead",
            goals[1].item.page,
            goals[1].item.line,
        )
    goal = goals[0] if len(goals) == 1 else None
    root = child_id(pid, goal.code) if goal else None
    measures = _unique_headings(sheet.occurrences, ext)
    ids = {h.code: child_id(root or pid, h.code) for h in measures}
    headings = {h.code: _heading_node(h, ids[h.code], root, "measure") for h in measures}
    nodes: list[tuple[str | None, dict]] = []
    for pos, (project, code) in enumerate(zip(sheet.projects, sheet.assigned, strict=True), start=1):
        parent = ids[code] if code else root
        mid = child_id(parent or pid, str(pos))
        if mid in ids.values():
            mid = child_id(parent or pid, f"p{pos}")
            ext.warn(
                f"project {pos}: its position is also a heading code; its id is {mid}",
                project.first.page,
                project.first.line,
            )
        nodes.append((code, _project_node(project, mid, parent)))
        _add_project(ext, pid, mid, pos, project, fy, years)
    pairs = zip(sheet.projects, sheet.assigned, strict=True)
    unassigned = [(pos, p) for pos, (p, c) in enumerate(pairs, 1) if not c]
    if measures and unassigned:
        first = unassigned[0][1].first
        listed = "; ".join(f"{pos} {clean(text_of(p.title))}" for pos, p in unassigned)
        ext.warn(f"{sheet.unplaced}, so they are attached to the goal: {listed}", first.page, first.line)
    top = _heading_node(goal, root, None, "goal") if goal and root else None
    for seq, fields in enumerate(tree_order(top, headings, nodes), start=1):
        ext.add(Measure, plan_id=pid, seq=seq, **fields)
    return ext


def tree_order(
    goal: dict | None, headings: dict[str, dict], projects: list[tuple[str | None, dict]]
) -> list[dict]:
    """Measures in tree order: the goal, then the projects with each heading right before its first one."""
    pending = sorted(headings, key=int)
    out = [goal] if goal else []
    for code, node in projects:
        while code is not None and pending and int(pending[0]) <= int(code):
            out.append(headings[pending.pop(0)])
        out.append(node)
    return out + [headings[c] for c in pending]


def _unique_headings(occurrences: list[Heading], ext: Extraction) -> list[Heading]:
    """One heading per code (its first printing); warn when a later printing differs."""
    first: dict[str, Heading] = {}
    for h in occurrences:
        if h.code in first and first[h.code].title != h.title:
            message = f"heading ({h.code}) printed as {h.title!r} and {first[h.code].title!r}"
            ext.warn(message, h.item.page, h.item.line)
        first.setdefault(h.code, h)
    return sorted(first.values(), key=lambda h: int(h.code))


def _heading_node(h: Heading, mid: str, parent: str | None, tier: str) -> dict:
    """The measure fields of a goal or （n） heading."""
    fields = {"measure_id": mid, "parent_id": parent, "tier": tier, "kind": h.kind, "code": h.code}
    texts = {"code_raw": h.code_raw, "title": h.title, "title_raw": h.title_raw}
    return {**fields, **texts, **provenance(h.item)}


def _project_node(p: Project, mid: str, parent: str | None) -> dict:
    """The measure fields of a project."""
    fields = {"measure_id": mid, "parent_id": parent, "tier": "action", "kind": DEFAULT_ACTION_KIND}
    texts = {"title": clean(text_of(p.title)), "title_raw": text_of(p.title) or None}
    texts["description"] = prose([it.text for it in p.desc]) or None
    return {**fields, **texts, **provenance(p.first)}


def read_plan(ext: Extraction, ctx: Context, items: list[Item]) -> str:
    """The plan: its title printed before `…年度実施状況`, else the manifest title without that part."""
    entry = ctx.entry
    printed = next(((m.group(1), it) for it in items if (m := _PRINTED_TITLE.match(it.norm))), None)
    manifest_title = nfkc(entry.title if entry else "")
    title = clean(printed[0] if printed else _PROGRESS_TAIL.sub("", manifest_title))
    if not title:
        title = ctx.document_id
        ext.warn("no plan title printed or in the manifest; the document id stands in for it")
    period = next((parse_fy_range(m.group(1)) for it in items if (m := _PERIOD.search(it.norm))), None)
    if period is None or period[0] is None:
        period = (entry.plan_fy_start, entry.plan_fy_end) if entry else (None, None)
    where = printed[1] if printed else (items[0] if items else None)
    return add_plan(ext, ctx, title, fy=period, **(provenance(where) if where else {}))


def _add_project(
    ext: Extraction, pid: str, mid: str, pos: int, p: Project, fy: int | None, years: dict
) -> None:
    """Departments, partner codes, the evaluation and the indicator of one project."""
    if p.dept:
        add_department_records(ext, mid, parse_departments(p.dept_raw), **provenance(p.dept[0]))
    for actor in [*p.codes, *p.others]:
        ext.add(MeasureActor, measure_id=mid, actor=actor, role="partner", **provenance(p.pivot))
    if fy is not None:
        ext.add(
            Evaluation,
            measure_id=mid,
            fiscal_year=fy,
            grade=p.grade,
            status=None,
            summary=prose(p.effect) or None,
            problems=prose(p.problems) or None,
            **provenance(p.pivot),
        )
    if p.values:
        values = [
            Value(k, parse_quantity(v.text), years.get(k)) for k, v in zip(p.kinds, p.values, strict=True)
        ]
        first = (p.name or p.values)[0]
        row = IndicatorRow(
            clean(text_of(p.name)),
            text_of(p.name),
            None,
            None,
            values,
            line=first.line,
            page=first.page,
            bbox=first.bbox,
        )
        add_indicator(ext, f"{mid}/i1", pid, mid, pos, row)
