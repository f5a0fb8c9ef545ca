"""Measure sheets: one key–value sheet per action, an overview table and a fiscal-year strip.

The shape (seed: 日立市コミュニティ活動推進行動計画):

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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations

from pipeline.model.ir import Block, Cell, Document, Row
from pipeline.model.records import Measure, MeasureLink, Schedule
from pipeline.normalize.departments import parse_departments
from pipeline.normalize.eras import parse_fy, parse_fy_range
from pipeline.normalize.text import clean, group_items, nfkc
from pipeline.segment.base import (
    Context,
    Extraction,
    add_department_records,
    add_plan,
    child_id,
    dominant_era,
    provenance,
)

NAME = "measure_sheets"

# Words that head a sheet (`推進事項 No. 1`) and the first header cell of the overview table.
SHEET_WORDS = ("推進事項", "取組事項")
# Sheet row labels → the field they fill; the last label of a row wins (推進内容 | 具体の行動).
LABELS = {
    **dict.fromkeys(("担当部課", "担当課", "担当部署"), "departments"),
    **dict.fromkeys(("課題", "現状と課題"), "issue"),
    **dict.fromkeys(("推進内容", "具体の行動", "具体的な取組", "取組内容"), "description"),
    **dict.fromkeys(("年度別行動計画", "年度別計画"), "yearly"),
}
GOAL_KINDS = ("取組の視点", "基本目標", "基本方針")  # goal headings: `取組の視点 1 <title>`
DEFAULT_GOAL_KIND = "取組の視点"
PLAN_TITLE_ENDINGS = ("計画", "プラン", "指針", "ビジョン", "戦略")
MARKS = {"◎": "strong", "●": "strong", "○": "weak"}
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

_NUMBERED = re.compile(r"^\s*([0-9０-９]+)\s*(.*)$", re.S)
_SHEET_CODE = r"\s*((?:[NnＮｎ][OoＯｏ]\s*[.．]?\s*)?[0-9０-９]+)(?![0-9０-９])\s*(.*)$"
_YEAR = r"(?:(?:令和|平成|昭和)\s*(?:元|\d{1,2})|(?:19|20)\d{2})\s*年度?"
_YEAR_CELL = re.compile(rf"^{_YEAR}$")
_YEAR_RANGE = re.compile(rf"^{_YEAR}(?:\s*(?:~|-|から)\s*{_YEAR}(?:まで)?)?$")
_PERIOD = re.compile(rf"{_YEAR}\s*(?:~|から)\s*{_YEAR}")
_TITLE_MARK = re.compile(r"^【\s*([^】]+?)\s*】\s*")
_PARENS = re.compile(r"\(([^()]*)\)")
_REFERENCE = re.compile(r"No\.?\s*(\d+)")
_ARROWS = {ord(a): " " for a in "→⇒▶►"}


@dataclass(slots=True)
class Text:
    raw: str
    row: Row


@dataclass(slots=True)
class YearRow:
    fy_start: int
    fy_end: int
    lines: list[str]
    row: Row


@dataclass(slots=True)
class Sheet:
    """One action's sheet as printed."""

    kind: str
    code: str
    code_raw: str
    title_raw: str
    row: Row
    fields: dict[str, list[Text]] = field(default_factory=dict)
    years: list[YearRow] = field(default_factory=list)


@dataclass(slots=True)
class OverviewRow:
    """A numbered row of the overview table: a goal or an action."""

    code: str
    title_raw: str
    is_goal: bool
    marks: dict[str, str]  # column label → mark
    departments_raw: str
    row: Row


@dataclass(slots=True)
class Strip:
    years: list[int]
    columns: list[int]  # cell index of each year
    rows: list[Row]
    block: Block


@dataclass(slots=True)
class Heading:
    kind: str
    code: str
    code_raw: str
    title_raw: str
    description: str | None
    block: Block


def _at(item: Row | Block) -> dict:
    """Where a warning points: the page and line of an IR row or block."""
    return {"page": item.page, "line": item.line}


def _order(fields: dict) -> tuple:
    """Document order of a record's provenance."""
    return fields["page"] or 0, fields["line"] or 0, (fields["bbox"] or [0, 0])[1]


def _filled(cells: list[Cell]) -> list[Cell]:
    return [c for c in cells if clean(c.raw)]


# ---------------------------------------------------------------- detection and reading


def detect(doc: Document) -> float:
    """Score by the number of action sheets: tables headed `推進事項 No. N` with labelled rows."""
    sheets = 0
    for block in doc.tables():
        if block.rows and _sheet_head(block.rows[0]):
            sheets += int(len({kind for row in block.rows[1:] for _, kind in _labels(row)}) >= 2)
    return min(1.0, sheets / 3)


def _labels(row: Row) -> list[tuple[int, str]]:
    """(cell index, field) of every label cell of a sheet row."""
    return [(i, LABELS[clean(c.raw)]) for i, c in enumerate(row.cells) if clean(c.raw) in LABELS]


def _sheet_head(row: Row) -> tuple[str, str, str, str] | None:
    """(kind, code, code_raw, title_raw) when `row` heads a sheet: `推進事項 No. 1 | title`."""
    cells = _filled(row.cells)
    for kind in SHEET_WORDS:
        m = re.match(r"\s*" + r"\s*".join(kind) + _SHEET_CODE, cells[0].raw, re.S) if cells else None
        if m:
            title_raw = m.group(2).strip() or (cells[1].raw.strip() if len(cells) > 1 else "")
            code = str(int(re.search(r"\d+", nfkc(m.group(1))).group(0)))
            return kind, code, m.group(1).strip(), title_raw
    return None


def read_sheets(doc: Document, ext: Extraction, era: str | None) -> list[Sheet]:
    """Every action sheet in document order; rows without a label continue the previous field."""
    sheets: list[Sheet] = []
    for block in doc.tables():
        if not block.rows or not _sheet_head(block.rows[0]):
            continue
        section = None
        for row in block.rows:
            if head := _sheet_head(row):
                sheet, section = Sheet(*head, row=row), None
                if any(s.code == sheet.code for s in sheets):
                    ext.warn(
                        f"{sheet.kind} {sheet.code} is printed twice; only the first is read", **_at(row)
                    )
                else:
                    sheets.append(sheet)
                continue
            if labels := _labels(row):
                index, section = labels[-1]
                values = _filled(row.cells[index + 1 :])
            elif section and not clean(row.cells[0].raw):
                values = _filled(row.cells)
            else:
                first = clean(" ".join(c.raw for c in row.cells))[:40]
                ext.warn(f"{sheet.kind} {sheet.code}: unlabelled row not read: {first}", **_at(row))
                continue
            if section == "yearly":
                _read_year_row(sheet, values, row, ext, era)
            elif values:
                sheet.fields.setdefault(section, []).append(Text(" ".join(c.raw for c in values), row))
    return sheets


def _read_year_row(sheet: Sheet, values: list[Cell], row: Row, ext: Extraction, era: str | None) -> None:
    """Add a `年度別行動計画` row; a row without years continues the previous one."""
    where = f"{sheet.kind} {sheet.code}"
    if not values:
        return
    if not _YEAR_RANGE.match(nfkc(values[0].raw)):
        if sheet.years:
            sheet.years[-1].lines.extend(line for c in values for line in c.lines)
        else:
            ext.warn(f"{where}: yearly plan row without years not read", **_at(row))
        return
    start, end = parse_fy_range(values[0].raw, era)
    lines = [line for c in values[1:] for line in c.lines]
    if start is None or end is None or end < start or not lines:
        ext.warn(
            f"{where}: yearly plan row {nfkc(values[0].raw)!r} has no readable years or no activity",
            **_at(row),
        )
        return
    sheet.years.append(YearRow(start, end, lines, row))


def read_overview(block: Block, goal_titles: set[str], ext: Extraction) -> list[OverviewRow] | None:
    """The numbered rows of an overview table (`推進事項 | 提言… | 担当課`), or None for another table."""
    header = [clean(c.raw) for c in block.rows[0].cells]
    if not header or header[0] not in SHEET_WORDS or not any("担当" in t for t in header):
        return None
    dept_col = next(i for i, t in enumerate(header) if "担当" in t)
    labels: dict[int, str] = {}
    result: list[OverviewRow] = []
    for row in block.rows:
        m = _NUMBERED.match(row.cells[0].raw) if row.cells else None
        if not m:
            if result:
                ext.warn(
                    f"overview row not read: {clean(' '.join(c.raw for c in row.cells))[:40]}", **_at(row)
                )
            else:  # a header row: the last label printed in a column names it
                labels.update({i: nfkc(c.raw) for i, c in enumerate(row.cells) if nfkc(c.raw)})
            continue
        cells = {i: clean(c.raw) for i, c in enumerate(row.cells) if i and i != dept_col and clean(c.raw)}
        marks = {labels.get(i, str(i)): t for i, t in cells.items() if t in MARKS}
        dept = row.cells[dept_col].raw if dept_col < len(row.cells) else ""
        code, title = str(int(nfkc(m.group(1)))), m.group(2).strip()
        is_goal = clean(title) in goal_titles or (not marks and not clean(dept))
        if not is_goal and len(marks) < len(cells):
            ext.warn(f"overview action {code}: a mark column holds text, not ◎/○", **_at(row))
        result.append(OverviewRow(code, title, is_goal, marks, dept, row))
    return result


def read_strip(block: Block, era: str | None) -> Strip | None:
    """A fiscal-year strip: a table whose first row prints only consecutive fiscal years."""
    first = block.rows[0].cells
    columns = [i for i, c in enumerate(first) if clean(c.raw)]
    if len(columns) < 2 or not all(_YEAR_CELL.match(nfkc(first[i].raw)) for i in columns):
        return None
    years = [parse_fy(first[i].raw, era) for i in columns]
    if None in years or years != list(range(years[0], years[0] + len(years))):
        return None
    return Strip(years, columns, block.rows[1:], block)


def read_headings(doc: Document) -> dict[str, Heading]:
    """The first `取組の視点 N title` heading per number, with the paragraphs (…。) printed under it."""
    pattern = re.compile(rf"^({'|'.join(GOAL_KINDS)})\s*(\d+)\s*(.+)$")
    blocks = [b for b in doc.blocks if b.kind != "toc"]
    headings: dict[str, Heading] = {}
    for i, block in enumerate(blocks):
        m = pattern.match(clean(block.raw)) if block.kind == "text" else None
        if not m or str(int(m.group(2))) in headings:
            continue
        paragraphs = []
        for nxt in blocks[i + 1 :]:
            if nxt.kind != "text" or not clean(nxt.raw).endswith("。"):
                break
            paragraphs.append(clean(nxt.raw))
        code = str(int(m.group(2)))
        # The number and the title as printed (the match above ran on the cleaned text).
        printed = re.search(r"([0-9０-９]+|[①-⑳])\s*(.+)$", block.raw, re.S)
        headings[code] = Heading(
            m.group(1), code, printed.group(1), printed.group(2).strip(), "".join(paragraphs) or None, block
        )
    return headings


def centred_bars(positions: list[int], width: int) -> list[list[tuple[int, int]]]:
    """Every split of columns 0..width-1 into contiguous bars, one per label, each label at its bar's centre.

    A bar (a, b) prints its label in column (a + b) // 2; callers accept exactly one split.
    """
    fits = []
    for cuts in combinations(range(1, width), len(positions) - 1) if positions else ():
        bars = list(zip((0, *cuts), (*(c - 1 for c in cuts), width - 1), strict=True))
        if all((a + b) // 2 == p for (a, b), p in zip(bars, positions, strict=True)):
            fits.append(bars)
    return fits


# ---------------------------------------------------------------- records


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
                **_at(period[2]),
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
        return listed.get((fields["tier"] == "goal", fields["code"]), len(rows)), _order(fields)

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
            ext.warn(f"goal {row.code} has no heading in the text; read from the overview", **_at(row.row))
            result.append(
                _measure(pid, None, "goal", DEFAULT_GOAL_KIND, (row.code,) * 2, row.title_raw, row.row)
            )
        elif _title(row.title_raw)[0] != _title(headings[row.code].title_raw)[0]:
            ext.warn(f"goal {row.code}: the overview prints another title than the heading", **_at(row.row))
    return result


def action_parents(ext: Extraction, pid: str, rows: list[OverviewRow]) -> dict[str, str]:
    """Action code → id of the goal row it is listed under in the overview."""
    parents, goal = {}, None
    for row in rows:
        if row.is_goal:
            goal = child_id(pid, row.code)
        elif goal is None:
            ext.warn(f"overview action {row.code} is listed before any goal row", **_at(row.row))
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
                f"{sheet.kind} {sheet.code} is not in the overview table; no parent goal", **_at(sheet.row)
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
            ext.warn(f"overview action {row.code} has no sheet; read from the overview row", **_at(row.row))
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
            ext.warn(f"action {row.code}: the overview prints another title than the sheet", **_at(row.row))
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
            **_at(overview.row),
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


def timeline(ext: Extraction, ids: dict[str, str], actions: list[OverviewRow], strip: Strip) -> list[dict]:
    """Timeline schedules of a strip whose rows align with the overview's action rows.

    A row's phases come from the bars drawn over it (PDF); where none are drawn, from its
    labels, each taken to sit at the centre of its bar (text).
    """
    if len(strip.rows) != len(actions):
        ext.warn(
            f"year strip has {len(strip.rows)} rows but the overview before it lists {len(actions)} actions; "
            "its bars are not assigned",
            **_at(strip.block),
        )
        return []
    result = []
    for k, (action, row) in enumerate(zip(actions, strip.rows, strict=True)):
        phases = drawn_phases(ext, action, strip, k) or centred_phases(ext, action, strip, row)
        result += [
            dict(measure_id=ids[action.code], fy_start=a, fy_end=b, phase=label, source="timeline", **prov)
            for a, b, label, prov in phases
        ]
    return result


def _labels_in(strip: Strip, row: Row, first: int = 0, last: int | None = None) -> list[tuple[int, str]]:
    """(year index, label) of the strip's year cells in columns first..last of a row that print a label."""
    # Only the year columns are read: the strip's trailing free-text column (前期計画の検証、
    # 後期計画の策定) is a note about the whole plan, not a phase of this action.
    last = strip.columns[-1] if last is None else last
    labels = [
        (k, clean(row.cells[i].raw.translate(_ARROWS)))
        for k, i in enumerate(strip.columns)
        if i < len(row.cells) and first <= i <= last
    ]
    return [(k, label) for k, label in labels if label]


def drawn_phases(ext: Extraction, action: OverviewRow, strip: Strip, k: int) -> list[tuple]:
    """(fy_start, fy_end, phase, provenance) of each bar drawn over strip row k, left to right."""
    offset = len(strip.block.rows) - len(strip.rows)  # the header row(s) above the strip's rows
    row, year_of = strip.rows[k], dict(zip(strip.columns, strip.years, strict=True))
    bars = sorted((b for b in strip.block.bars if b.row == k + offset), key=lambda b: b.first)
    for i, label in _labels_in(strip, row):
        if bars and not any(b.first <= strip.columns[i] <= b.last for b in bars):
            ext.warn(f"action {action.code}: label {label} in {strip.years[i]} lies under no bar", **_at(row))
    result = []
    for bar in bars:
        years = [year_of[i] for i in range(bar.first, bar.last + 1) if i in year_of]
        if not years:
            ext.warn(f"action {action.code}: a bar drawn outside the year columns; not read", **_at(row))
            continue
        inside = [label for _, label in _labels_in(strip, row, bar.first, bar.last)]
        label = clean(bar.text.translate(_ARROWS)) or (inside[0] if len(inside) == 1 else None)
        if label is None:
            printed = "、".join(inside) or "no label"
            ext.warn(
                f"action {action.code}: the bar over {years[0]}–{years[-1]} has no single label ({printed}); "
                "its phase is left empty",
                **_at(row),
            )
        result.append(
            (years[0], years[-1], label, {**provenance(row), "bbox": list(bar.bbox) if bar.bbox else None})
        )
    return result


def centred_phases(ext: Extraction, action: OverviewRow, strip: Strip, row: Row) -> list[tuple]:
    """(fy_start, fy_end, phase, provenance) of a row's labels, each centred on its bar (`centred_bars`)."""
    labels = _labels_in(strip, row)
    fits = centred_bars([k for k, _ in labels], len(strip.years))
    if len(fits) != 1:
        printed = ", ".join(f"{label} in {strip.years[k]}" for k, label in labels) or "no label"
        ext.warn(
            f"action {action.code}: {len(fits)} bar layouts fit its timeline row ({printed}); not read",
            **_at(row),
        )
        return []
    return [
        (strip.years[a], strip.years[b], label, provenance(row))
        for (a, b), (_, label) in zip(fits[0], labels, strict=True)
    ]


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
                    **_at(text.row),
                )
            ext.add(
                MeasureLink,
                src_id=ids[sheet.code],
                dst_id=ids.get(code),
                dst_label=m.group(0),
                link_type="references",
                **provenance(text.row),
            )


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
    for fields in sorted(schedules, key=_order):
        counters[fields["measure_id"]] = counters.get(fields["measure_id"], 0) + 1
        ext.add(Schedule, seq=counters[fields["measure_id"]], **fields)
    for sheet in sheet_of.values():
        add_references(ext, ids, sheet)
    return ext
