"""Crosswalk sheets: a plan beside the plan that replaces it, item by item, as records.

The shape: two plan editions side by side (`現行計画 | 作業経過等 | 第2期計画(案) | 関係課`,
`現計画 | 改定計画 | 見直し内容`), numbered items on each side in any numbering (`①`, `①-3`;
`1`, `1-1`; `(1)`, `ア`), a note column whose words (vocabulary `[crosswalk]`) say what became
of each old item, the new items' departments, and mark columns (● under `計画の柱 I…IV`) for
what an old top item supports. `crosswalk_rows` reads the rows, `crosswalk_links` the links.

A grouped sheet (top items with items below them) gives two plans: the old one (in force,
hence final; its edition the one printed, else the new one's less one) and the new one, both
goal (top item) → action. Decisions: marks sit on old top items' rows, so `supports` links start
from the old item. An old top item without a new one on its row links to the new top item of
the section it is printed in. A cell with several new items shares one department list: a
department repeating starts the next item's list. A new item without an old one is new; a
`新規追加` note on a row without such an item belongs to the next row's.
"""

from __future__ import annotations

import re

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
from pipeline.segment.crosswalk_links import add_successors, add_supports, new_note
from pipeline.segment.crosswalk_rows import Columns, CrossRow, Item, Sheet, where, where_at
from pipeline.segment.vocabulary import Vocabulary


def emit_sheet(sheet: Sheet, doc: Document, ctx: Context, ext: Extraction, vocab: Vocabulary) -> None:
    """Two plans, their measure trees, departments, supports and successor links."""
    cols = sheet.columns
    if cols is None:
        return
    for message, page, line in sheet.warnings:
        ext.warn(message, page, line)
    old_plan, new_plan = add_plans(doc, ctx, ext, cols, vocab)
    novelty = assign_new_notes(sheet.rows, ext, new_note(vocab))
    ids = add_measures(sheet.rows, ext, {"old": old_plan, "new": new_plan}, novelty, cols)
    add_departments(sheet.rows, ext, ids)
    add_supports(sheet.rows, ext, ids)
    add_successors(sheet.rows, ext, ids, vocab)


def add_plans(
    doc: Document, ctx: Context, ext: Extraction, cols: Columns, vocab: Vocabulary
) -> tuple[str, str]:
    """The current plan and the next plan (edition from 第N期; the current one is N-1)."""
    subject = plan_subject(doc, ctx, vocab)
    era = dominant_era(doc)
    new_edition = parse_edition(cols.new_label)
    old_edition = parse_edition(cols.old_label) or (new_edition - 1 if new_edition else None)
    titles = [clean(f"{subject}({drop_draft(label, vocab)})") for label in (cols.old_label, cols.new_label)]
    old_id, new_id = (
        plan_id(ctx.municipality_code, t, e) for t, e in zip(titles, (old_edition, new_edition), strict=True)
    )
    if old_id == new_id:
        ext.warn("no edition printed for either plan; plan ids get -current/-next", cols.page, cols.line)
        old_id, new_id = f"{old_id}-current", f"{new_id}-next"
    # The old plan is the one in force, hence adopted (final); the new one's status is the manifest's,
    # and so is its period unless the header prints one.
    ids = []
    for pid, title, edition, status, label in (
        (old_id, titles[0], old_edition, "final", cols.old_label),
        (new_id, titles[1], new_edition, None, cols.new_label),
    ):
        printed = parse_fy_range(label, era) if "年" in label else (None, None)
        fy = printed if printed[0] is not None else ((None, None) if pid == old_id else None)
        ids.append(
            add_plan(
                ext,
                ctx,
                title,
                fy=fy,
                edition=edition,
                status=status,
                key=pid,
                page=cols.page,
                line=cols.line,
            )
        )
    return ids[0], ids[1]


def drop_draft(text: str, vocab: Vocabulary) -> str:
    """`第2期計画(案)` → `第2期計画`: a draft's bracketed mark dropped."""
    words = "|".join(map(re.escape, vocab.crosswalk.draft))
    return re.sub(rf"[(（【<＜]\s*(?:{words})\s*[)）】>＞]", "", nfkc(text)).strip()


def plan_subject(doc: Document, ctx: Context, vocab: Vocabulary) -> str:
    """The sheet's subject (`市の地域コミュニティ施策`): its heading before a sheet word, else the
    manifest title."""
    title = ctx.entry.title if ctx.entry and ctx.entry.title else ""
    for text in [b.raw for b in doc.text_blocks()] + [title]:
        text = clean(text)
        for word in sorted(vocab.crosswalk.sheets, key=len, reverse=True):
            if word in text and text.index(word) > 0:
                return drop_draft(text[: text.index(word)], vocab)
    return clean(title) or "計画"


def assign_new_notes(rows: list[CrossRow], ext: Extraction, pattern: re.Pattern[str]) -> dict:
    """New-item notes (`新規追加(…)`) → the new-only items they describe; a note may sit one row early.

    Rows are compared by their order in the document (text lines and PDF rows alike).
    """
    result: dict[tuple[str, str], str] = {}
    pending: list[tuple[str, int]] = []  # (note, index of the row that prints it)
    for k, row in enumerate(rows):
        queue = pending + [(m.group(0), k) for m in pattern.finditer(nfkc(row.note_raw))]
        for item in [] if row.old else row.new:
            if not queue:
                ext.warn(f"new item {item.code_raw} has no predecessor and no new-item note", *where_at(row))
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


def add_measures(rows: list[CrossRow], ext: Extraction, plans: dict, novelty: dict, cols: Columns) -> dict:
    """Goals and actions of both plans in document order; returns (side, code) → measure id."""
    ids: dict[tuple[str, str], str] = {}
    titles: dict[tuple[str, str], str] = {}
    seq = {"old": 0, "new": 0}
    goal_word, action_word = cols.words
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
            top = item.parent is None
            parent = None if top else ids.get((item.side, item.parent))
            if not top and parent is None:
                ext.warn(
                    f"{item.side} {item.code_raw}: its top item {item.parent} is not printed before it",
                    *where_at(item),
                )
            base = parent or (plan if top else child_id(plan, item.parent))
            seq[item.side] += 1
            record = ext.add(
                Measure,
                measure_id=child_id(base, item.code),
                plan_id=plan,
                parent_id=parent,
                tier="goal" if top else "action",
                kind=(goal_word or "goal") if top else (action_word or "action"),
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
    warn_gaps(rows, ext, goal_word or "")
    return ids


def warn_gaps(rows: list[CrossRow], ext: Extraction, word: str) -> None:
    """Warn about item numbers missing from a top item's printed run (⑤-2 … without ⑤-1)."""
    subs: dict[tuple[str, str], set[int]] = {}
    tops: dict[tuple[str, str], Item] = {}
    for item in (i for r in rows for i in r.old + r.new):
        if item.parent is None:
            tops.setdefault(item.key, item)
        elif item.sub is not None:
            subs.setdefault((item.side, item.parent), set()).add(item.sub)
    for (side, parent), numbers in sorted(subs.items(), key=lambda kv: (kv[0][0], _order(kv[0][1]))):
        missing = sorted(set(range(1, max(numbers) + 1)) - numbers)
        top = tops.get((side, parent))
        if missing and top is not None:
            codes = "、".join(f"{top.code_raw}-{n}" for n in missing)
            ext.warn(
                f"{side} plan {word}{top.code_raw}: sub-item {codes} not printed (numbering gap)",
                *where_at(top),
            )
        elif missing:
            ext.warn(f"{side} plan: sub-items of measure {parent} miss number(s) {missing}")


def _order(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("-"))


def add_departments(rows: list[CrossRow], ext: Extraction, ids: dict) -> None:
    """Departments of the new items on each row (a repeated department starts the next item's list)."""
    for row in rows:
        items = [i for i in row.new if i.key in ids]
        departments = parse_departments(row.dept_raw)
        if departments and not items:
            ext.warn(f"departments {clean(row.dept_raw)!r} on a row without a new item", *where_at(row))
            continue
        if not departments:
            for item in items:
                if item.parent is not None:
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
