"""Measure sheets, the reading: action sheets, overview tables and goal headings as printed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model.ir import Block, Cell, Document, Row
from pipeline.normalize.eras import parse_fy, parse_fy_range
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.base import Extraction

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
MARKS = {"◎": "strong", "●": "strong", "○": "weak"}
_NUMBERED = re.compile(r"^\s*([0-9０-９]+)\s*(.*)$", re.S)
_SHEET_CODE = r"\s*((?:[NnＮｎ][OoＯｏ]\s*[.．]?\s*)?[0-9０-９]+)(?![0-9０-９])\s*(.*)$"
YEAR = r"(?:(?:令和|平成|昭和)\s*(?:元|\d{1,2})|(?:19|20)\d{2})\s*年度?"
_YEAR_RANGE = re.compile(rf"^{YEAR}(?:\s*(?:~|-|から)\s*{YEAR}(?:まで)?)?$")
ARROWS = {ord(a): " " for a in "→⇒▶►"}


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
class Heading:
    kind: str
    code: str
    code_raw: str
    title_raw: str
    description: str | None
    block: Block


def at(item: Row | Block) -> dict:
    """Where a warning points: the page and line of an IR row or block."""
    return {"page": item.page, "line": item.line}


def filled(cells: list[Cell]) -> list[Cell]:
    return [c for c in cells if clean(c.raw)]


def row_labels(row: Row) -> list[tuple[int, str]]:
    """(cell index, field) of every label cell of a sheet row."""
    return [(i, LABELS[clean(c.raw)]) for i, c in enumerate(row.cells) if clean(c.raw) in LABELS]


def sheet_head(row: Row) -> tuple[str, str, str, str] | None:
    """(kind, code, code_raw, title_raw) when `row` heads a sheet: `推進事項 No. 1 | title`."""
    cells = filled(row.cells)
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
        if not block.rows or not sheet_head(block.rows[0]):
            continue
        section = None
        for row in block.rows:
            if head := sheet_head(row):
                sheet, section = Sheet(*head, row=row), None
                if any(s.code == sheet.code for s in sheets):
                    ext.warn(f"{sheet.kind} {sheet.code} is printed twice; only the first is read", **at(row))
                else:
                    sheets.append(sheet)
                continue
            if labels := row_labels(row):
                index, section = labels[-1]
                values = filled(row.cells[index + 1 :])
            elif section and not clean(row.cells[0].raw):
                values = filled(row.cells)
            else:
                first = clean(" ".join(c.raw for c in row.cells))[:40]
                ext.warn(f"{sheet.kind} {sheet.code}: unlabelled row not read: {first}", **at(row))
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
            ext.warn(f"{where}: yearly plan row without years not read", **at(row))
        return
    start, end = parse_fy_range(values[0].raw, era)
    lines = [line for c in values[1:] for line in c.lines]
    if start is None or end is None or end < start or not lines:
        ext.warn(
            f"{where}: yearly plan row {nfkc(values[0].raw)!r} has no readable years or no activity",
            **at(row),
        )
        return
    sheet.years.append(YearRow(start, end, lines, row))


def is_overview(block: Block) -> bool:
    """An overview table: its header starts with 推進事項 and names the 担当課 column."""
    header = [clean(c.raw) for c in block.rows[0].cells]
    return bool(header) and header[0] in SHEET_WORDS and any("担当" in t for t in header)


def read_overview(block: Block, goal_titles: set[str], ext: Extraction) -> list[OverviewRow] | None:
    """The numbered rows of an overview table (`推進事項 | 提言… | 担当課`), or None for another table."""
    if not is_overview(block):
        return None
    header = [clean(c.raw) for c in block.rows[0].cells]
    dept_col = next(i for i, t in enumerate(header) if "担当" in t)
    labels: dict[int, str] = {}
    result: list[OverviewRow] = []
    for row in block.rows:
        m = _NUMBERED.match(row.cells[0].raw) if row.cells else None
        if not m:
            if result:
                ext.warn(
                    f"overview row not read: {clean(' '.join(c.raw for c in row.cells))[:40]}", **at(row)
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
            ext.warn(f"overview action {code}: a mark column holds text, not ◎/○", **at(row))
        result.append(OverviewRow(code, title, is_goal, marks, dept, row))
    return result


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


_YEAR_CELL = re.compile(rf"^{YEAR}$")


@dataclass(slots=True)
class Strip:
    years: list[int]
    columns: list[int]  # cell index of each year
    rows: list[Row]
    block: Block


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


def strip_labels(strip: Strip, row: Row, first: int = 0, last: int | None = None) -> list[tuple[int, str]]:
    """(year index, label) of the strip's year cells in columns first..last of a row that print a label."""
    # Only the year columns are read: the strip's trailing free-text column (前期計画の検証、
    # 後期計画の策定) is a note about the whole plan, not a phase of this action.
    last = strip.columns[-1] if last is None else last
    labels = [
        (k, clean(row.cells[i].raw.translate(ARROWS)))
        for k, i in enumerate(strip.columns)
        if i < len(row.cells) and first <= i <= last
    ]
    return [(k, label) for k, label in labels if label]
