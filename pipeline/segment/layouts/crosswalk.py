"""Crosswalk sheets: the current plan's measures mapped to the next plan's draft.

One table, its header repeated on every page:

    計画の柱 I | II | III | IV | 現行計画 | 作業経過等 | 第2期計画(案) | 関係課

A measure row prints a circled number (`①住民主体による…`) in the old and/or
new column and ● marks in the pillar columns; a sub-item row prints `①-3 ○text`
(old) and/or `①-1 ○text` (new, possibly several in one cell), the change note
(統合, 分割, 新規追加(…), 削除(…) …) and the new item's departments.

The document yields two plans (old and new). Both trees are goal (施策 ①) →
action (主な施策 ①-3). Links: `supports` from the old measure rows to the
pillars they are marked for, `successor` from old to new by row pairing, by
merge notes (`2つの項目を統合` spans the next old-only rows), and by the targets
a deletion note names (`②-8に集約`), whose numbering (old or new) is resolved
by existence and, when both exist, by text similarity (with a warning).

Decisions: ● marks sit on old measure rows (also rows printing only an old
measure), so `supports` links start from the old measure. An old measure row
without a new measure links to the new measure of the section it is printed in
(old ⑤ sits under new ① and again under new ⑦). A cell with several new items
shares one department list: a department repeating starts the next item's list.
A 新規追加 note on a row without a new-only item belongs to the next row's.
Notes keep their circled numbers (`施策①⑧` must not become `施策18`).

This module scores the table and builds the plans and measures from its rows
(`crosswalk_rows`); the links are `crosswalk_links`.
"""

from __future__ import annotations

from pipeline.model.ir import Document
from pipeline.model.records import Measure
from pipeline.normalize.departments import Department, parse_departments
from pipeline.normalize.eras import parse_fy_range
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.base import (
    Context,
    Extraction,
    add_department_records,
    add_plan,
    child_id,
    dominant_era,
    parse_edition,
    plan_id,
)
from pipeline.segment.layouts.crosswalk_links import add_successors, add_supports
from pipeline.segment.layouts.crosswalk_links import note_targets as note_targets
from pipeline.segment.layouts.crosswalk_rows import (
    NEW_NOTE,
    Columns,
    CrossRow,
    Item,
    cell_text,
    header_columns,
    is_sub,
    read_rows,
    where,
    where_at,
)

NAME = "crosswalk"
# The document's own words for the two tiers: notes say 施策①, the column heads its items 主な施策.
GOAL_KIND = "施策"
ACTION_KIND = "主な施策"
# Heading of the sheet (its subject precedes one of these) and the draft mark dropped from titles.
SUBJECT_SUFFIXES = ("検討経過シート", "経過シート", "新旧対照表", "対照表", "比較表", "検討シート")
DRAFT_MARK = "(案)"


def detect(doc: Document) -> float:
    """Score a crosswalk header (現行 | 経過 | 第N期 | 関係課) and paired sub-item codes."""
    best = 0.0
    for table in doc.tables():
        for row in table.rows:
            cols = header_columns(row)
            if cols is None:
                continue
            score = (
                0.55
                + 0.1 * (cols.note is not None)
                + 0.1 * (cols.dept is not None)
                + 0.05 * bool(cols.pillars)
            )
            paired = sum(
                is_sub(cell_text(r, cols.old)) and is_sub(cell_text(r, cols.new)) for r in table.rows
            )
            best = max(best, min(1.0, score + 0.2 * (paired >= 2)))
    return best


def segment(doc: Document, ctx: Context) -> Extraction:
    """Two plans, their measure trees, departments, pillar and successor links."""
    ext = Extraction(ctx.document_id)
    cols, rows = read_rows(doc, ext)
    if cols is None:
        ext.warn("no crosswalk header (現行 … 第N期) found")
        return ext
    old_plan, new_plan = add_plans(doc, ctx, ext, cols)
    novelty = assign_new_notes(rows, ext)
    ids = add_measures(rows, ext, {"old": old_plan, "new": new_plan}, novelty)
    add_departments(rows, ext, ids)
    add_supports(rows, ext, ids)
    add_successors(rows, ext, ids)
    return ext


def add_plans(doc: Document, ctx: Context, ext: Extraction, cols: Columns) -> tuple[str, str]:
    """The current plan and the next plan (edition from 第N期; the current one is N-1)."""
    subject = plan_subject(doc, ctx)
    era = dominant_era(doc)
    new_edition = parse_edition(cols.new_label)
    # The sheet prints only the new plan's 第N期; the plan it replaces is then edition N-1.
    old_edition = parse_edition(cols.old_label) or (new_edition - 1 if new_edition else None)
    titles = [
        clean(f"{subject}({label.replace(DRAFT_MARK, '')})") for label in (cols.old_label, cols.new_label)
    ]
    old_id, new_id = (
        plan_id(ctx.municipality_code, t, e) for t, e in zip(titles, (old_edition, new_edition), strict=True)
    )
    if old_id == new_id:
        ext.warn("no edition printed for either plan; plan ids get -current/-next", cols.page, cols.line)
        old_id, new_id = f"{old_id}-current", f"{new_id}-next"
    # 現行計画 is the plan in force, hence adopted (final); the draft's status comes from the manifest.
    # The manifest's period, if any, is the new plan's.
    ids = []
    for key, title, edition, status, label in (
        (old_id, titles[0], old_edition, "final", cols.old_label),
        (new_id, titles[1], new_edition, None, cols.new_label),
    ):
        printed = parse_fy_range(label, era) if "年" in label else (None, None)
        fy = printed if printed[0] is not None else ((None, None) if key == old_id else None)
        ids.append(
            add_plan(
                ext,
                ctx,
                title,
                fy=fy,
                edition=edition,
                status=status,
                key=key,
                page=cols.page,
                line=cols.line,
            )
        )
    return ids[0], ids[1]


def plan_subject(doc: Document, ctx: Context) -> str:
    """The sheet's subject (`市の地域コミュニティ施策`): its heading, else the manifest title."""
    candidates = [b.raw for b in doc.text_blocks()] + [
        ctx.entry.title if ctx.entry and ctx.entry.title else ""
    ]
    for text in candidates:
        text = clean(text)
        for suffix in SUBJECT_SUFFIXES:
            if suffix in text and text.index(suffix) > 0:
                return text[: text.index(suffix)].replace(DRAFT_MARK, "").strip()
    return clean(ctx.entry.title) if ctx.entry and ctx.entry.title else "計画"


def assign_new_notes(rows: list[CrossRow], ext: Extraction) -> dict[tuple[str, str], str]:
    """新規追加 notes → the new-only items they describe; a note may sit one row early.

    Rows are compared by their order in the document (text lines and PDF rows alike).
    """
    result: dict[tuple[str, str], str] = {}
    pending: list[tuple[str, int]] = []  # (note, index of the row that prints it)
    for k, row in enumerate(rows):
        queue = pending + [(m.group(0), k) for m in NEW_NOTE.finditer(nfkc(row.note_raw))]
        for item in [] if row.old else row.new:
            if not queue:
                ext.warn(f"new item {item.code_raw} has no predecessor and no 新規 note", *where_at(row))
                continue
            note, at = queue.pop(0)
            result[item.key] = note
            if at != k:
                ext.warn(
                    f"note {note!r} of {where(rows[at])} assigned to new item {item.code_raw} "
                    "(note printed one row early)",
                    *where_at(row),
                )
        for note, at in queue:
            if at != k:
                ext.warn(
                    f"note {note!r} of {where(rows[at])} matches no new item on its row or the next",
                    *where_at(rows[at]),
                )
        pending = [(note, at) for note, at in queue if at == k]
    for note, at in pending:
        ext.warn(f"note {note!r} matches no new item", *where_at(rows[at]))
    return result


def add_measures(
    rows: list[CrossRow], ext: Extraction, plans: dict[str, str], novelty: dict
) -> dict[tuple[str, str], str]:
    """Goals and actions of both plans in document order; returns (side, code) → measure id."""
    ids: dict[tuple[str, str], str] = {}
    titles: dict[tuple[str, str], str] = {}
    seq = {"old": 0, "new": 0}
    for row in rows:
        for item in row.old + row.new:
            if item.key in ids:
                if titles[item.key] != item.title:
                    ext.warn(
                        f"{item.side} {item.code_raw} printed again with another title; the first is kept",
                        *where_at(item),
                    )
                continue
            plan = plans[item.side]
            parent = None if item.sub is None else ids.get((item.side, str(item.circled)))
            if item.sub is not None and parent is None:
                ext.warn(
                    f"{item.side} {item.code_raw}: its measure {item.circled} is not printed before it",
                    *where_at(item),
                )
            base = parent or (plan if item.sub is None else child_id(plan, str(item.circled)))
            seq[item.side] += 1
            record = ext.add(
                Measure,
                measure_id=child_id(base, item.code),
                plan_id=plan,
                parent_id=parent,
                tier="goal" if item.sub is None else "action",
                kind=GOAL_KIND if item.sub is None else ACTION_KIND,
                code=item.code,
                code_raw=item.code_raw,
                seq=seq[item.side],
                title=item.title,
                title_raw=item.title_raw,
                novelty="new" if item.key in novelty else None,
                **item.prov,
            )
            if record is not None:
                ids[item.key] = record.measure_id
                titles[item.key] = item.title
    warn_gaps(rows, ext)
    return ids


def warn_gaps(rows: list[CrossRow], ext: Extraction) -> None:
    """Warn about sub-item numbers missing from a measure's printed run (⑤-2 … without ⑤-1)."""
    subs: dict[tuple[str, int], set[int]] = {}
    goals: dict[tuple[str, int], Item] = {}
    for item in (i for r in rows for i in r.old + r.new):
        if item.sub is None:
            goals.setdefault((item.side, item.circled), item)
        else:
            subs.setdefault((item.side, item.circled), set()).add(item.sub)
    for (side, circled), numbers in sorted(subs.items()):
        missing = sorted(set(range(1, max(numbers) + 1)) - numbers)
        goal = goals.get((side, circled))
        if missing and goal is not None:
            codes = "、".join(f"{goal.code_raw}-{n}" for n in missing)
            ext.warn(
                f"{side} plan {GOAL_KIND}{goal.code_raw}: sub-item {codes} not printed (numbering gap)",
                *where_at(goal),
            )
        elif missing:
            ext.warn(f"{side} plan: sub-items of measure {circled} miss number(s) {missing}")


def add_departments(rows: list[CrossRow], ext: Extraction, ids: dict) -> None:
    """関係課 of the new items on each row (a repeated department starts the next item's list)."""
    for row in rows:
        items = [i for i in row.new if i.key in ids]
        departments = parse_departments(row.dept_raw)
        if departments and not items:
            ext.warn(f"departments {clean(row.dept_raw)!r} on a row without a new item", *where_at(row))
            continue
        if not departments:
            for item in items:
                if item.sub is not None:
                    ext.warn(f"new {item.code_raw} has no department", *where_at(row))
            continue
        groups = split_departments(departments, len(items))
        if groups is None:
            ext.warn(
                f"cannot split departments {clean(row.dept_raw)!r} over {len(items)} items; each gets all",
                *where_at(row),
            )
            groups = [departments] * len(items)
        for item, group in zip(items, groups, strict=True):
            add_department_records(ext, ids[item.key], group, page=row.page, line=row.line, bbox=item.bbox)


def split_departments(departments: list[Department], count: int) -> list[list[Department]] | None:
    """Split one printed list over `count` items: a department repeating starts the next list."""
    if count <= 1:
        return [departments] * count
    groups: list[list[Department]] = [[]]
    for dep in departments:
        if any(d.department == dep.department for d in groups[-1]):
            groups.append([])
        groups[-1].append(dep)
    return groups if len(groups) == count else None
