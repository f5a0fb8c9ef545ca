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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model.ir import Document, Row
from pipeline.model.records import Measure, MeasureLink
from pipeline.normalize.departments import Department, parse_departments
from pipeline.normalize.eras import parse_fy_range
from pipeline.normalize.text import circled_to_int, clean, nfkc
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

NAME = "crosswalk"

# Header words of each column (matched at the start of the cleaned header cell).
OLD_WORDS = ("現行計画", "現行", "旧計画")
NEW_PATTERN = re.compile(r"^(?:第\d+[期次]|次期|新計画|改定)")
NOTE_WORDS = ("作業経過", "経過", "変更内容", "見直し内容", "備考")
DEPT_WORDS = ("関係課", "担当課", "所管課", "関係部署", "担当部署")
PILLAR_WORDS = ("計画の柱", "柱")
# The document's own words for the two tiers: notes say 施策①, the column heads its items 主な施策.
GOAL_KIND = "施策"
ACTION_KIND = "主な施策"
# Heading of the sheet (its subject precedes one of these) and the draft mark dropped from titles.
SUBJECT_SUFFIXES = ("検討経過シート", "経過シート", "新旧対照表", "対照表", "比較表", "検討シート")
DRAFT_MARK = "(案)"
MARKS = {"●": "strong", "◎": "strong", "○": "weak"}
DELETE_WORDS = ("削除", "廃止")

_C = "\u2460-\u2473\u3251-\u325f"  # ①..⑳ ㉑..㉟
_DASH = "-‐－ー−―"
_NUM = "0-9０-９"
_SUB_CODE = re.compile(rf"^([{_C}])\s*[{_DASH}]\s*([{_NUM}]+)\s*")
_GOAL_CODE = re.compile(rf"^([{_C}])\s*")
_SUB_SPLIT = re.compile(rf"\s+(?=[{_C}]\s*[{_DASH}]\s*[{_NUM}]+)")
_REF = re.compile(rf"([{_C}])\s*[{_DASH}]\s*([{_NUM}]+)((?:\s*[、,，・]\s*[{_NUM}]+)*)")
_TAGS = re.compile(r"<[^>]+>")
_NEW_NOTE = re.compile(r"新規(?:追加)?(?:\([^)]*\))?")
_MERGE = re.compile(r"(?:(\d+)\s*つの)?項目を統合")
_SPLIT = re.compile(r"(\d+)\s*つの項目に分割")
_ROMAN = re.compile(r"^[IVX]+$|^\d+$")
_BULLETS = "○◯●・◆"
# Circled numbers ↔ private-use stand-ins that NFKC leaves alone.


@dataclass(slots=True)
class Columns:
    """Where each column sits, read from the header row."""

    old: int
    new: int
    note: int | None
    dept: int | None
    pillars: list[int]
    pillar_title: str
    old_label: str
    new_label: str
    line: int | None = None
    page: int | None = None
    labels: dict[int, str] = field(default_factory=dict)


@dataclass(slots=True)
class Item:
    """A numbered measure (`①…`) or sub-item (`①-3 ○…`) printed in the old or new column."""

    side: str  # "old" | "new"
    circled: int
    sub: int | None
    code_raw: str
    title: str
    title_raw: str
    line: int | None
    page: int | None
    bbox: list[float] | None

    @property
    def code(self) -> str:
        return str(self.circled) if self.sub is None else f"{self.circled}-{self.sub}"

    @property
    def key(self) -> tuple[str, str]:
        return self.side, self.code

    @property
    def prov(self) -> dict:
        """Provenance fields of a record read from this item."""
        return {"page": self.page, "line": self.line, "bbox": self.bbox}


@dataclass(slots=True)
class Merge:
    """An open merge: the new items that the next old-only rows also lead to."""

    targets: list[Item]
    remaining: int | None  # old rows still expected (None: not printed, take all that follow)
    note: str


@dataclass(slots=True)
class CrossRow:
    """One data row: pillar marks, old items, note, new items, departments."""

    line: int | None
    page: int | None
    marks: list[tuple[str, str]]
    old: list[Item]
    new: list[Item]
    note_raw: str
    dept_raw: str
    bbox: list[float] | None = None

    def subs(self, side: str) -> list[Item]:
        """The sub-items printed in the old or new column."""
        return [i for i in (self.old if side == "old" else self.new) if i.sub is not None]


Pair = tuple[Item, Item, str, CrossRow]  # old item, new item, note, row it was read from


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
            paired = sum(_is_sub(_cell(r, cols.old)) and _is_sub(_cell(r, cols.new)) for r in table.rows)
            best = max(best, min(1.0, score + 0.2 * (paired >= 2)))
    return best


def header_columns(row: Row) -> Columns | None:
    """The column map of a crosswalk header row, or None if `row` is not one."""
    texts = [clean(c.raw) for c in row.cells]
    old = _find(texts, lambda t: t.startswith(OLD_WORDS))
    new = _find(texts, lambda t: bool(NEW_PATTERN.match(t)))
    if old is None or new is None or old == new:
        return None
    note = _find(texts, lambda t: t.startswith(NOTE_WORDS))
    dept = _find(texts, lambda t: t.startswith(DEPT_WORDS))
    start = _find(texts, lambda t: t.startswith(PILLAR_WORDS))
    pillars = list(range(start, old)) if start is not None and start < old else []
    title = texts[start].rstrip("※*") if start is not None else PILLAR_WORDS[0]
    return Columns(old, new, note, dept, pillars, title, texts[old], texts[new], row.line, row.page)


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


# --- reading -------------------------------------------------------------------------------


def read_rows(doc: Document, ext: Extraction) -> tuple[Columns | None, list[CrossRow]]:
    """Data rows of every crosswalk table; a table without a header reuses the last one."""
    cols: Columns | None = None
    first: Columns | None = None
    rows: list[CrossRow] = []
    for table in doc.tables():
        in_header = False
        for row in table.rows:
            found = header_columns(row)
            if found is not None:
                if cols is not None and cols.pillars == found.pillars:
                    found.labels = dict(cols.labels)  # a repeated header may omit the I, II … row
                cols, in_header = found, True
                first = first or found
                continue
            if cols is None:
                continue
            if in_header and not _has_data(row, cols):
                _read_labels(row, cols)
                continue
            in_header = False
            parsed = parse_row(row, cols, ext)
            if parsed is not None:
                rows.append(parsed)
    return first, rows


def parse_row(row: Row, cols: Columns, ext: Extraction) -> CrossRow | None:
    """A data row's marks, items, note and departments (None for an empty row)."""
    marks = []
    for i in cols.pillars:
        mark = nfkc(_cell(row, i))
        label = f"{cols.pillar_title}{cols.labels.get(i, str(i - cols.pillars[0] + 1))}"
        if mark in MARKS:
            marks.append((label, MARKS[mark]))
        elif mark:
            ext.warn(f"unreadable mark {mark!r} in column {label}", *_at(row))
    old = parse_cell(row, cols.old, "old", ext)
    new = parse_cell(row, cols.new, "new", ext)
    note = _cell(row, cols.note)
    dept = _cell(row, cols.dept)
    if not (marks or old or new or note.strip() or dept.strip()):
        return None
    return CrossRow(row.line, row.page, marks, old, new, note, dept, list(row.bbox) if row.bbox else None)


def parse_cell(row: Row, index: int, side: str, ext: Extraction) -> list[Item]:
    """The numbered items printed in one old/new cell (a cell may hold several sub-items)."""
    text = _TAGS.sub(" ", _cell(row, index)).strip()
    if not text:
        return []
    bbox = row.cells[index].bbox or row.bbox
    prov = {"line": row.line, "page": row.page, "bbox": list(bbox) if bbox else None}
    if _SUB_CODE.match(text):
        return [_item(piece, _SUB_CODE.match(piece), side, prov) for piece in _SUB_SPLIT.split(text)]
    m = _GOAL_CODE.match(text)
    if m:
        return [_item(text, m, side, prov)]
    ext.warn(f"unnumbered text in the {side} column skipped: {clean(text)[:40]!r}", *_at(row))
    return []


def _item(piece: str, m: re.Match, side: str, prov: dict) -> Item:
    """One item from its printed text and the match of its code."""
    sub = int(nfkc(m.group(2))) if m.lastindex and m.lastindex >= 2 else None
    raw = piece[m.end() :].strip()
    return Item(
        side, circled_to_int(m.group(1)), sub, m.group(0).strip(), clean(raw.lstrip(_BULLETS)), raw, **prov
    )


def _read_labels(row: Row, cols: Columns) -> None:
    """Pillar labels (I, II …) from a header continuation row."""
    for i in cols.pillars:
        label = nfkc(_cell(row, i)).replace(" ", "")
        if _ROMAN.match(label):
            cols.labels[i] = label


def _has_data(row: Row, cols: Columns) -> bool:
    """A row holds data when an old/new cell starts with a circled number or a pillar is marked."""
    starts = any(_GOAL_CODE.match(_cell(row, i).strip()) for i in (cols.old, cols.new))
    return starts or any(nfkc(_cell(row, i)) in MARKS for i in cols.pillars)


# --- plans and measures --------------------------------------------------------------------


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
        queue = pending + [(m.group(0), k) for m in _NEW_NOTE.finditer(nfkc(row.note_raw))]
        for item in [] if row.old else row.new:
            if not queue:
                ext.warn(f"new item {item.code_raw} has no predecessor and no 新規 note", *_at(row))
                continue
            note, at = queue.pop(0)
            result[item.key] = note
            if at != k:
                ext.warn(
                    f"note {note!r} of {_where(rows[at])} assigned to new item {item.code_raw} "
                    "(note printed one row early)",
                    *_at(row),
                )
        for note, at in queue:
            if at != k:
                ext.warn(
                    f"note {note!r} of {_where(rows[at])} matches no new item on its row or the next",
                    *_at(rows[at]),
                )
        pending = [(note, at) for note, at in queue if at == k]
    for note, at in pending:
        ext.warn(f"note {note!r} matches no new item", *_at(rows[at]))
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
                        *_at(item),
                    )
                continue
            plan = plans[item.side]
            parent = None if item.sub is None else ids.get((item.side, str(item.circled)))
            if item.sub is not None and parent is None:
                ext.warn(
                    f"{item.side} {item.code_raw}: its measure {item.circled} is not printed before it",
                    *_at(item),
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
                *_at(goal),
            )
        elif missing:
            ext.warn(f"{side} plan: sub-items of measure {circled} miss number(s) {missing}")


def add_departments(rows: list[CrossRow], ext: Extraction, ids: dict) -> None:
    """関係課 of the new items on each row (a repeated department starts the next item's list)."""
    for row in rows:
        items = [i for i in row.new if i.key in ids]
        departments = parse_departments(row.dept_raw)
        if departments and not items:
            ext.warn(f"departments {clean(row.dept_raw)!r} on a row without a new item", *_at(row))
            continue
        if not departments:
            for item in items:
                if item.sub is not None:
                    ext.warn(f"new {item.code_raw} has no department", *_at(row))
            continue
        groups = split_departments(departments, len(items))
        if groups is None:
            ext.warn(
                f"cannot split departments {clean(row.dept_raw)!r} over {len(items)} items; each gets all",
                *_at(row),
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


# --- links ---------------------------------------------------------------------------------


def add_supports(rows: list[CrossRow], ext: Extraction, ids: dict) -> None:
    """● marks → `supports` links from the old measure printed on the marked row."""
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if not row.marks:
            continue
        measures = [i for i in row.old if i.sub is None and i.key in ids]
        if not measures:
            ext.warn("pillar marks on a row without an old measure", *_at(row))
            continue
        for label, strength in row.marks:
            src = ids[measures[0].key]
            if (src, label) not in seen:
                seen.add((src, label))
                ext.add(
                    MeasureLink,
                    src_id=src,
                    dst_label=label,
                    link_type="supports",
                    strength=strength,
                    page=row.page,
                    line=row.line,
                    bbox=row.bbox,
                )


def add_successors(rows: list[CrossRow], ext: Extraction, ids: dict) -> None:
    """Old → new links: measure rows, paired sub-items, merges, then targets named in notes."""
    items, named = item_pairs(rows, ext)
    pairs = [p for p in goal_pairs(rows) + items if p[0].key in ids and p[1].key in ids]
    successors: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for old, new, _, _ in pairs:
        successors.setdefault(old.key, []).append(new.key)
    titles = {i.key: i.title for r in rows for i in r.old + r.new}
    links: dict[tuple[str, str], tuple[str, CrossRow]] = {}
    for old, new, note, row in pairs:
        links.setdefault((ids[old.key], ids[new.key]), (note, row))
    for old, row, note in named:
        for dst in resolve_targets(old, row, ids, titles, successors, ext):
            links.setdefault((ids[old.key], ids[dst]), (note, row))
    for (src, dst), (note, row) in links.items():
        ext.add(
            MeasureLink,
            src_id=src,
            dst_id=dst,
            link_type="successor",
            note=note or None,
            page=row.page,
            line=row.line,
            bbox=row.bbox,
        )


def goal_pairs(rows: list[CrossRow]) -> list[Pair]:
    """Old measure → the new measure on its row, else the new measure of the section it sits in."""
    pairs: list[Pair] = []
    section: Item | None = None
    for row in rows:
        note = link_note(row)
        new_goal = next((i for i in row.new if i.sub is None), None)
        section = new_goal or section
        for old in (i for i in row.old if i.sub is None):
            if new_goal or (section and not note.startswith(DELETE_WORDS)):
                pairs.append((old, new_goal or section, note, row))
    return pairs


def item_pairs(rows: list[CrossRow], ext: Extraction) -> tuple[list[Pair], list[tuple[Item, CrossRow, str]]]:
    """Old → new sub-items paired on a row or by a merge note; old items whose note names targets."""
    pairs: list[Pair] = []
    named: list[tuple[Item, CrossRow, str]] = []
    merge: Merge | None = None
    for row in rows:
        note = link_note(row)
        olds, news = row.subs("old"), row.subs("new")
        if merge and (news or note or not olds):
            if merge.remaining:
                ext.warn(f"merge note {merge.note!r}: {merge.remaining} more old item(s) expected", *_at(row))
            merge = None
        split = _SPLIT.search(note)
        if split and int(split.group(1)) != len(news):
            ext.warn(f"note {split.group(0)!r} but {len(news)} new item(s) printed", *_at(row))
        for old in olds:
            if news or merge:
                pairs += [(old, new, merge.note if merge else note, row) for new in news or merge.targets]
            elif _REF.search(row.note_raw):
                named.append((old, row, note))
            elif not note.startswith(DELETE_WORDS):
                ext.warn(
                    f"old {old.code_raw} has no new item and its note names no target: no successor",
                    *_at(row),
                )
        merge = next_merge(merge, olds, news, note)
    return pairs, named


def next_merge(merge: Merge | None, olds: list[Item], news: list[Item], note: str) -> Merge | None:
    """The merge still open after a row: `2つの項目を統合` takes the next old-only row(s)."""
    if news:
        m = _MERGE.search(note)
        remaining = (int(m.group(1)) - len(olds) if m.group(1) else None) if m and olds else 0
        return Merge(news, remaining, note) if remaining != 0 else None
    if merge and merge.remaining is not None:
        merge.remaining -= len(olds)
        return merge if merge.remaining > 0 else None
    return merge


def link_note(row: CrossRow) -> str:
    """The row's note for its links: cleaned, circled numbers kept, 新規追加(…) parts dropped."""
    return _NEW_NOTE.sub("", clean(row.note_raw)).strip()


def resolve_targets(
    old: Item, row: CrossRow, ids: dict, titles: dict, successors: dict, ext: Extraction
) -> list[tuple[str, str]]:
    """New items that a note's target codes (`②-8に集約`, `施策②-2、3`) lead to."""
    codes = note_targets(row.note_raw)
    in_old = all(("old", c) in ids for c in codes)
    in_new = all(("new", c) in ids for c in codes)
    where = f"old {old.code_raw}: target {'、'.join(m.group(0) for m in _REF.finditer(row.note_raw))}"
    if in_old and in_new:
        old_score = _similarity(old.title, [titles[("old", c)] for c in codes])
        new_score = _similarity(old.title, [titles[("new", c)] for c in codes])
        in_new = new_score >= old_score
        side = "new" if in_new else "old"
        ext.warn(
            f"{where} exists in both plans; read as {side} numbering by text similarity ({new_score:.2f} new vs {old_score:.2f} old)",
            *_at(row),
        )
    elif not (in_old or in_new):
        ext.warn(f"{where} not found in either plan; no successor", *_at(row))
        return []
    if in_new:
        return [("new", c) for c in codes]
    targets = [dst for c in codes for dst in successors.get(("old", c), [])]
    if not targets:
        ext.warn(f"{where} (old numbering) has no successor itself; no link", *_at(row))
    return list(dict.fromkeys(targets))


def note_targets(note_raw: str) -> list[str]:
    """Sub-item codes a note names: `施策②-2、3に集約` → ['2-2', '2-3']."""
    codes = []
    for m in _REF.finditer(note_raw):
        circled = circled_to_int(m.group(1))
        for number in [m.group(2), *re.findall(rf"[{_NUM}]+", m.group(3))]:
            codes.append(f"{circled}-{int(nfkc(number))}")
    return codes


def _similarity(text: str, others: list[str]) -> float:
    """Mean Dice overlap of character bigrams between `text` and each of `others`."""
    grams = _bigrams(text)
    scores = [2 * len(grams & _bigrams(o)) / (len(grams) + len(_bigrams(o)) or 1) for o in others]
    return sum(scores) / len(scores) if scores else 0.0


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s、。,.]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


# --- helpers -------------------------------------------------------------------------------


def _at(x: Item | CrossRow | Row) -> tuple[int | None, int | None]:
    """(page, line) of an item or row, for warnings."""
    return x.page, x.line


def _where(x: Item | CrossRow | Row) -> str:
    """Where a row is, in a message: `line 41` (text) or `page 3` (PDF)."""
    if x.line is not None:
        return f"line {x.line}"
    return f"page {x.page}" if x.page is not None else "an unplaced row"


def _cell(row: Row, index: int | None) -> str:
    """The raw text of cell `index` ('' when the row is shorter or the column absent)."""
    return row.cells[index].raw if index is not None and index < len(row.cells) else ""


def _is_sub(text: str) -> bool:
    return bool(_SUB_CODE.match(text.strip()))


def _find(texts: list[str], test) -> int | None:
    return next((i for i, t in enumerate(texts) if t and test(t)), None)
