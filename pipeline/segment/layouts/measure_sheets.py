"""Measure sheets: one key–value sheet per action, an overview table and a fiscal-year strip.

The shape (seed: `tests/test_hitachi.py`):

- the goals are printed as headings `取組の視点 1 <title>`, each with a paragraph under it;
- an overview table `推進事項 | 提言Ⅰ … | 担当課`: goal rows (`1 <goal title>`, no marks) with
  the numbered action rows under them, ◎/○ in the recommendation columns, departments last;
- right after each overview table, a fiscal-year strip (`令和4年度 … 令和8年度`) with one row
  per action row of that overview and phase labels (準備, 実施) printed mid-bar;
- one sheet per action: `推進事項 No. N | 【重点】title`, `担当部課 | …`, `課題 | …`,
  `推進内容 | 具体の行動 | …`, `年度別行動計画 | 令和5年度～令和8年度 | ◆ activities`;
  continuation rows start with empty cells.

Only these structures are read: reference chapters, the plan-period table and the list of
priority items repeat titles and create no records.

This module scores the document and runs the reading (`measure_reading`), the records
(`measure_records`) and the fiscal-year strip (`measure_timeline`).
"""

from __future__ import annotations

from pipeline.model.ir import Document
from pipeline.model.records import Schedule
from pipeline.normalize.text import clean
from pipeline.segment.base import Context, Extraction, dominant_era
from pipeline.segment.layouts.measure_reading import (
    OverviewRow,
    Strip,
    read_headings,
    read_overview,
    read_sheets,
    read_strip,
    row_labels,
    sheet_head,
)
from pipeline.segment.layouts.measure_records import (
    add_departments,
    add_measures,
    add_references,
    add_supports,
    read_plan,
    record_order,
    yearly,
)
from pipeline.segment.layouts.measure_timeline import timeline

NAME = "measure_sheets"


def detect(doc: Document) -> float:
    """Score by the number of action sheets: tables headed `推進事項 No. N` with labelled rows."""
    sheets = 0
    for block in doc.tables():
        if block.rows and sheet_head(block.rows[0]):
            sheets += int(len({kind for row in block.rows[1:] for _, kind in row_labels(row)}) >= 2)
    return min(1.0, sheets / 3)


def segment(doc: Document, ctx: Context) -> Extraction:
    """Read the plan, its goals and actions, departments, schedules and links."""
    ext = Extraction(ctx.document_id)
    era = dominant_era(doc)
    pid = read_plan(doc, ctx, ext, era)
    headings = read_headings(doc)
    goal_titles = {clean(h.title_raw) for h in headings.values()}
    overviews: list[tuple[list[OverviewRow], Strip | None]] = []
    tables = [t for t in doc.tables() if t.rows]
    for block, nxt in zip(tables, [*tables[1:], None], strict=True):
        if (rows := read_overview(block, goal_titles, ext)) is not None:
            overviews.append((rows, read_strip(nxt, era) if nxt else None))
    rows = [r for o, _ in overviews for r in o]
    sheets = read_sheets(doc, ext, era)
    ids = add_measures(ext, pid, headings, rows, sheets)
    actions = {r.code: r for r in rows if not r.is_goal and r.code in ids}
    sheet_of = {s.code: s for s in sheets if s.code in ids}
    for code, row in actions.items():
        add_supports(ext, ids[code], row)
    for code, mid in ids.items():
        add_departments(ext, mid, sheet_of.get(code), actions.get(code))
    schedules = [
        s
        for o, strip in overviews
        if strip
        for s in timeline(ext, ids, [r for r in o if not r.is_goal], strip)
    ]
    schedules += [s for code, sheet in sheet_of.items() for s in yearly(ids[code], sheet)]
    counters: dict[str, int] = {}
    for fields in sorted(schedules, key=record_order):
        counters[fields["measure_id"]] = counters.get(fields["measure_id"], 0) + 1
        ext.add(Schedule, seq=counters[fields["measure_id"]], **fields)
    for sheet in sheet_of.values():
        add_references(ext, ids, sheet)
    return ext
