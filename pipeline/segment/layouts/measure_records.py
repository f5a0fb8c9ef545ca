"""Measure sheets, the records: plan, goals and actions, departments, supports, yearly plans, references."""

from __future__ import annotations

import re

from pipeline.model.ir import Block, Document, Row
from pipeline.model.records import Measure, MeasureLink
from pipeline.normalize.departments import parse_departments
from pipeline.normalize.eras import parse_fy_range
from pipeline.normalize.text import clean, group_items, nfkc
from pipeline.segment.base import Context, Extraction, add_department_records, add_plan, child_id, provenance
from pipeline.segment.layouts.measure_reading import (
    DEFAULT_GOAL_KIND,
    MARKS,
    SHEET_WORDS,
    YEAR,
    Heading,
    OverviewRow,
    Sheet,
    Text,
    at,
)

PLAN_TITLE_ENDINGS = ("計画", "プラン", "指針", "ビジョン", "戦略")
ACTIVITY_MARKER = "◆"
# Leading 【…】 marks of a title → (field, value).
TITLE_MARKS = {
    "重点": ("is_priority", True),
    "再掲": ("is_repost", True),
    "新規": ("novelty", "new"),
    "新": ("novelty", "new"),
    "拡充": ("novelty", "expanded"),
    "継続": ("novelty", "continued"),
}
_PERIOD = re.compile(rf"{YEAR}\s*(?:~|から)\s*{YEAR}")
_TITLE_MARK = re.compile(r"^【\s*([^】]+?)\s*】\s*")
_PARENS = re.compile(r"\(([^()]*)\)")
_REFERENCE = re.compile(r"No\.?\s*(\d+)")


def record_order(fields: dict) -> tuple:
    """Document order of a record's provenance."""
    return fields["page"] or 0, fields["line"] or 0, (fields["bbox"] or [0, 0])[1]


def read_plan(doc: Document, ctx: Context, ext: Extraction, era: str | None) -> str:
    """Add the plan (title and period from the text where printed, else the manifest); returns its id."""
    entry = ctx.entry
    title_block = next((b for b in _front_matter(doc) if clean(b.raw).endswith(PLAN_TITLE_ENDINGS)), None)
    title = clean(title_block.raw) if title_block else (entry.title if entry else None)
    if not title:
        ext.warn("plan title neither printed nor in the manifest; the document id stands in")
        title = ctx.document_id
    fy_start, fy_end = (entry.plan_fy_start, entry.plan_fy_end) if entry else (None, None)
    if period := find_period(doc, era):
        if entry and entry.plan_fy_start and (fy_start, fy_end) != period[:2]:
            ext.warn(
                f"printed plan period {period[0]}–{period[1]} differs from the manifest's {fy_start}–{fy_end}; "
                "the printed one is kept",
                **at(period[2]),
            )
        fy_start, fy_end = period[:2]
    return add_plan(
        ext, ctx, title, fy=(fy_start, fy_end), **(provenance(title_block) if title_block else {})
    )


def _front_matter(doc: Document) -> list[Block]:
    """Text blocks before the table of contents (or the first table)."""
    result = []
    for block in doc.blocks:
        if block.kind != "text":
            break
        result.append(block)
    return result


def find_period(doc: Document, era: str | None) -> tuple[int, int, Block] | None:
    """The first year range in a line about the period (期間) or under a heading that names it."""
    in_section = False
    for block in doc.text_blocks():
        text = nfkc(block.raw)
        m = _PERIOD.search(text)
        if m and (in_section or "期間" in text):
            start, end = parse_fy_range(m.group(0), era)
            if start and end:
                return start, end, block
        if not text.endswith("。"):  # a heading opens (or closes) the period section
            in_section = "期間" in text
    return None


def _title(raw: str) -> tuple[str, dict]:
    """A printed title without its leading 【重点】-style marks, and the fields those marks set."""
    text, flags = nfkc(raw), {}
    while (m := _TITLE_MARK.match(text)) and clean(m.group(1)) in TITLE_MARKS:
        key, value = TITLE_MARKS[clean(m.group(1))]
        flags[key] = value
        text = text[m.end() :]
    return clean(text), flags


def _measure(
    pid: str,
    parent: str | None,
    tier: str,
    kind: str,
    printed: tuple[str, str],
    title_raw: str,
    item: Row | Block,
    **texts,
) -> dict:
    """The fields of one `measures` record; `printed` is (code, code_raw)."""
    title, flags = _title(title_raw)
    code, code_raw = printed
    return dict(
        measure_id=child_id(parent or pid, code),
        plan_id=pid,
        parent_id=parent,
        tier=tier,
        kind=kind,
        code=code,
        code_raw=code_raw,
        title=title,
        title_raw=title_raw,
        **flags,
        **texts,
        **provenance(item),
    )


def add_measures(
    ext: Extraction, pid: str, headings: dict[str, Heading], rows: list[OverviewRow], sheets: list[Sheet]
) -> dict[str, str]:
    """Add goals and actions; returns action code → measure id.

    seq is the order of the tree as the overview table prints it (each goal, then its actions);
    nodes the overview does not list follow in the order of their own lines.
    """
    parents = action_parents(ext, pid, rows)
    pending = goal_records(ext, pid, headings, rows) + action_records(ext, pid, parents, rows, sheets)
    listed = {(r.is_goal, r.code): i for i, r in reversed(list(enumerate(rows)))}

    def tree_order(fields: dict) -> tuple:
        return listed.get((fields["tier"] == "goal", fields["code"]), len(rows)), record_order(fields)

    for seq, fields in enumerate(sorted(pending, key=tree_order), start=1):
        ext.add(Measure, seq=seq, **fields)
    return {f["code"]: f["measure_id"] for f in pending if f["tier"] == "action"}


def goal_records(
    ext: Extraction, pid: str, headings: dict[str, Heading], rows: list[OverviewRow]
) -> list[dict]:
    """Goals from the headings, plus overview goal rows that have no heading."""
    result = [
        _measure(
            pid, None, "goal", h.kind, (code, h.code_raw), h.title_raw, h.block, description=h.description
        )
        for code, h in headings.items()
    ]
    for row in {r.code: r for r in rows if r.is_goal}.values():
        if row.code not in headings:
            ext.warn(f"goal {row.code} has no heading in the text; read from the overview", **at(row.row))
            result.append(
                _measure(pid, None, "goal", DEFAULT_GOAL_KIND, (row.code,) * 2, row.title_raw, row.row)
            )
        elif _title(row.title_raw)[0] != _title(headings[row.code].title_raw)[0]:
            ext.warn(f"goal {row.code}: the overview prints another title than the heading", **at(row.row))
    return result


def action_parents(ext: Extraction, pid: str, rows: list[OverviewRow]) -> dict[str, str]:
    """Action code → id of the goal row it is listed under in the overview."""
    parents, goal = {}, None
    for row in rows:
        if row.is_goal:
            goal = child_id(pid, row.code)
        elif goal is None:
            ext.warn(f"overview action {row.code} is listed before any goal row", **at(row.row))
        else:
            parents[row.code] = goal
    return parents


def action_records(
    ext: Extraction, pid: str, parents: dict[str, str], rows: list[OverviewRow], sheets: list[Sheet]
) -> list[dict]:
    """Actions from the sheets, plus overview action rows that have no sheet."""
    result = []
    for sheet in sheets:
        if rows and sheet.code not in parents:
            ext.warn(
                f"{sheet.kind} {sheet.code} is not in the overview table; no parent goal", **at(sheet.row)
            )
        texts = {
            k: clean(" ".join(t.raw for t in sheet.fields.get(k, []))) or None
            for k in ("issue", "description")
        }
        result.append(
            _measure(
                pid,
                parents.get(sheet.code),
                "action",
                sheet.kind,
                (sheet.code, sheet.code_raw),
                sheet.title_raw,
                sheet.row,
                **texts,
            )
        )
    by_code = {s.code: s for s in sheets}
    for row in (r for r in rows if not r.is_goal):
        if row.code not in by_code:
            ext.warn(f"overview action {row.code} has no sheet; read from the overview row", **at(row.row))
            result.append(
                _measure(
                    pid,
                    parents.get(row.code),
                    "action",
                    SHEET_WORDS[0],
                    (row.code,) * 2,
                    row.title_raw,
                    row.row,
                )
            )
        elif _title(row.title_raw)[0] != _title(by_code[row.code].title_raw)[0]:
            ext.warn(f"action {row.code}: the overview prints another title than the sheet", **at(row.row))
    return result


def add_departments(ext: Extraction, mid: str, sheet: Sheet | None, overview: OverviewRow | None) -> None:
    """Departments from the sheet's 担当部課 row (else the overview's 担当課), checked against the overview."""
    texts = sheet.fields.get("departments", []) if sheet else []
    listed = [d.department for d in parse_departments(overview.departments_raw)] if overview else []
    if not texts and listed:
        texts = [Text(overview.departments_raw, overview.row)]
    printed = [(d, t.row) for t in texts for d in parse_departments(t.raw)]
    if printed:
        add_department_records(ext, mid, [d for d, _ in printed], **provenance(printed[0][1]))
    if overview and {d.department for d, _ in printed} != set(listed):
        ext.warn(
            f"{mid}: the sheet's departments {[d.department for d, _ in printed]} differ from the overview's "
            f"{listed}",
            **at(overview.row),
        )


def add_supports(ext: Extraction, mid: str, row: OverviewRow) -> None:
    """One `supports` link per ◎/○ mark of an overview action row."""
    for label, mark in row.marks.items():
        ext.add(
            MeasureLink,
            src_id=mid,
            dst_label=label,
            link_type="supports",
            strength=MARKS[mark],
            **provenance(row.row),
        )


def yearly(mid: str, sheet: Sheet) -> list[dict]:
    """One `yearly_plan` schedule per ◆ activity (with its ・/※ sub-points) per year row."""
    return [
        dict(
            measure_id=mid,
            fy_start=y.fy_start,
            fy_end=y.fy_end,
            source="yearly_plan",
            activity_raw="\n".join(item),
            activity=clean(" ".join(item)).removeprefix(ACTIVITY_MARKER).strip(),
            **provenance(y.row),
        )
        for y in sheet.years
        for item in group_items(y.lines, ACTIVITY_MARKER)
    ]


def add_references(ext: Extraction, ids: dict[str, str], sheet: Sheet) -> None:
    """`references` links for `(No.18)` mentions in a sheet's texts: one per target, none to itself."""
    texts = [t for key in ("issue", "description") for t in sheet.fields.get(key, [])]
    texts += [Text(" ".join(y.lines), y.row) for y in sheet.years]
    seen = {sheet.code}
    for text in texts:
        for m in (m for inner in _PARENS.findall(nfkc(text.raw)) for m in _REFERENCE.finditer(inner)):
            code = str(int(m.group(1)))
            if code in seen:
                continue
            seen.add(code)
            if code not in ids:
                ext.warn(
                    f"{sheet.kind} {sheet.code} mentions {m.group(0)}, no action of this plan",
                    **at(text.row),
                )
            ext.add(
                MeasureLink,
                src_id=ids[sheet.code],
                dst_id=ids.get(code),
                dst_label=m.group(0),
                link_type="references",
                **provenance(text.row),
            )
