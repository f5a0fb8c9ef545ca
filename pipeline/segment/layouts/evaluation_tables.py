"""Evaluation sheets read from their tables (a PDF, or a text export that kept the cells).

Tables whose header rows (one or two; a header may be split over them, a group title such
as `（２）目標指標の状況` above them) carry the column words are read row by row, each cell
by the column its header names (`COLUMN_WORDS`), whatever the column order. The headings
are the text lines printed around the tables: a goal (`プロセス３ …`) and the （n） headings
of each page, that is, the text since the previous sheet table. A （n） heading printed in
a 項目 cell (or as a row of its own) is explicit: it holds for its row and the rows below
it in that table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model.ir import BBox, Block, Cell, Document, Row
from pipeline.normalize.eras import parse_fy
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.base import Extraction
from pipeline.segment.repair.sheet_lines import (
    ARROWS,
    CODES,
    DEFAULT_VALUE_ORDER,
    GOAL_WORDS,
    GRADE,
    VALUE_COLUMNS,
    Heading,
    Item,
    Project,
    Sheet,
    assign_measures,
    heading_of,
    is_header,
    read_items,
    split_effect,
    split_headings,
    text_of,
    value_years,
)

# Table columns by the words of their header, tried in this order (a header naming two takes the first):
# 事業の評価 is a grade column, not a title one; 目標値 a value column, not an indicator one.
COLUMN_WORDS = (
    ("grade", ("事業の評価", "評価")),
    ("title", ("事業名", "取組名", "施策名")),
    ("department", ("担当課", "所管課", "担当部署", "担当")),
    ("description", ("取組内容", "実施内容", "事業内容", "事業概要")),
    ("partners", ("協働の相手", "協働相手", "連携先")),
    ("effect", ("効果", "理由", "問題点", "課題")),
    ("baseline", VALUE_COLUMNS["baseline"]),
    ("target", VALUE_COLUMNS["target"]),
    ("actual", VALUE_COLUMNS["actual"]),
    ("indicator", ("指標",)),
    ("item", ("項目",)),
)
SHEET_ROLES = {"title", "grade"}  # a sheet table names these columns, and two more
MIN_SHEET_COLUMNS = 4
MAX_HEADER_ROWS = 3
MAX_HEADER_CHARS = 20
_PARTNER_SPLIT = re.compile(r"[、,，\n]")
TABLE_UNPLACED = (
    "the page does not show which （n） heading these projects belong to "
    "(it prints several headings over its table or none)"
)


@dataclass(slots=True)
class Column:
    """A sheet column: what its header names, its position and its header text."""

    role: str
    index: int
    header: str


@dataclass(slots=True)
class SheetTable:
    """A table whose header rows name the sheet's columns."""

    block: Block
    header_rows: int
    frame: list[BBox | None]  # the columns' boxes, from the header row with the most cells
    columns: dict[str, Column]


def column_role(text: str) -> str | None:
    """The column a header names (`事業の評価` → grade, `基準値（R3)` → baseline), or None."""
    norm = re.sub(r"\s", "", nfkc(text))
    return next((role for role, words in COLUMN_WORDS if any(w in norm for w in words)), None)


def cell_lines(cell: Cell | None) -> list[str]:
    """A cell's non-empty lines."""
    if cell is None:
        return []
    return [t.strip() for t in (cell.lines or [cell.raw]) if t.strip()]


def _header_cell(lines: list[str]) -> bool:
    """A short cell that names a column or is a header line (`（１）令和5年度実施状況`, `①～⑦`)."""
    text = re.sub(r"\s", "", nfkc("".join(lines)))
    return len(text) <= MAX_HEADER_CHARS and bool(column_role(text) or all(map(is_header, lines)))


def _is_header_row(row: Row) -> bool:
    """A row whose cells are mostly headers (the rest may be parts of a header split over rows: `協働の`)."""
    texts = [lines for c in row.cells if (lines := cell_lines(c))]
    named = sum(1 for t in texts if _header_cell(t))
    return named > 0 and 2 * named >= len(texts)


def _overlap(a: BBox, b: BBox) -> float:
    """How far two boxes overlap horizontally, in points (negative when apart)."""
    return min(a[2], b[2]) - max(a[0], b[0])


def place_cells(row: Row, frame: list[BBox | None]) -> list[Cell | None]:
    """The row's cells by column: by position when the counts agree (or boxes are unknown), else by overlap."""
    cells = row.cells
    if len(cells) == len(frame) or not all(frame) or not all(c.bbox for c in cells):
        return [*cells[: len(frame)], *[None] * (len(frame) - len(cells))]
    placed: list[Cell | None] = [None] * len(frame)
    for cell in cells:
        overlaps = [_overlap(cell.bbox, box) for box in frame]  # type: ignore[arg-type]
        j = max(range(len(frame)), key=overlaps.__getitem__)
        if overlaps[j] > 0 and cell_lines(cell):
            before = placed[j]
            placed[j] = (
                cell if before is None else Cell(f"{before.raw} {cell.raw}", [*before.lines, *cell.lines])
            )
    return placed


def sheet_table(block: Block) -> SheetTable | None:
    """The table's header rows and columns when they name the sheet's columns, else None."""
    if not block.is_table:
        return None
    n = 0
    while n < min(MAX_HEADER_ROWS, len(block.rows)) and _is_header_row(block.rows[n]):
        n += 1
    if n == 0:
        return None
    heads = block.rows[:n]
    frame = [c.bbox for c in max(reversed(heads), key=lambda r: len(r.cells)).cells]
    placed = [place_cells(r, frame) for r in heads]
    columns: dict[str, Column] = {}
    for j in range(len(frame)):
        texts = ["".join(lines) for row in placed if (lines := cell_lines(row[j]))]
        # The lowest header cell naming a column decides (a group title may sit above it);
        # else the header split over the rows (`協働の` / `相手`).
        role = next((r for t in reversed(texts) if (r := column_role(t))), None) or column_role(
            "".join(texts)
        )
        if role and role not in columns:
            columns[role] = Column(role, j, "".join(texts))
    if not SHEET_ROLES <= columns.keys() or len(columns) < MIN_SHEET_COLUMNS:
        return None
    return SheetTable(block, n, frame, columns)


def sheet_tables(doc: Document) -> list[SheetTable]:
    """Every table of the document that is a sheet table."""
    return [t for b in doc.tables() if (t := sheet_table(b))]


def column_year(header: str) -> int | None:
    """The fiscal year in a value column's header: `基準値（R3)` → 2021."""
    return next(
        (y for m in re.finditer(r"\([^()]{1,12}\)", nfkc(header)) if (y := parse_fy(m.group(0)))), None
    )


def table_years(tables: list[SheetTable], items: list[Item]) -> dict[str, int | None]:
    """The fiscal year of each value column from the tables' headers, else from the lines around them."""
    printed = value_years(items)
    years: dict[str, int | None] = {}
    for kind in DEFAULT_VALUE_ORDER:
        found = [column_year(t.columns[kind].header) for t in tables if kind in t.columns]
        years[kind] = next((y for y in found if y), None) or printed.get(kind)
    return years


def row_cells(table: SheetTable, row: Row, page_key: int) -> dict[str, list[Item]]:
    """The lines of each named column of one row, as items with the row's provenance."""
    placed = place_cells(row, table.frame)
    cells: dict[str, list[Item]] = {}
    for role, column in table.columns.items():
        cell = placed[column.index] if column.index < len(placed) else None
        bbox = (cell.bbox if cell else None) or row.bbox
        cells[role] = [Item(t, row.line, row.page, bbox, 0, page_key) for t in cell_lines(cell)]
    return cells


def row_grade(cells: dict[str, list[Item]]) -> re.Match | None:
    """The grade letter of a row (and text printed after it)."""
    return GRADE.match(" ".join(it.norm for it in cells.get("grade", [])))


def _joined(items: list[Item]) -> Item | None:
    """One item for a cell's lines (a value wrapped over lines)."""
    if not items:
        return None
    first = items[0]
    return Item(
        "".join(it.text for it in items), first.line, first.page, first.bbox, first.para, first.page_key
    )


def _department_text(items: list[Item]) -> str:
    """A department cell's lines, joined by spaces except around a rename arrow."""
    text = ""
    for it in items:
        glue = "" if not text or text.endswith(ARROWS) or it.text.startswith(ARROWS) else " "
        text += glue + it.text
    return text


def _partners(items: list[Item]) -> tuple[str, list[str]]:
    """(circled partner codes, partners printed as names) of a 協働の相手 cell."""
    matches = [CODES.match(it.text) for it in items]
    if all(m and not m.group(2).strip() for m in matches):
        return "".join(m.group(1) for m in matches if m), []
    names = _PARTNER_SPLIT.split("\n".join(it.text for it in items))
    return "", [name for n in names if (name := clean(n))]


def row_project(cells: dict[str, list[Item]], ext: Extraction) -> Project:
    """One project from its row's cells by column."""
    grade = row_grade(cells)
    codes, others = _partners(cells.get("partners", []))
    title = cells.get("title", [])
    pivot = next(iter(cells.get("grade") or cells.get("partners") or title))
    project = Project(pivot, codes, grade.group(1) if grade else None, title=title, others=others)
    name = clean(text_of(title))
    if grade is None:
        printed = clean(text_of(cells.get("grade", [])))
        message = f"project {name!r}: no grade letter in its 評価 cell" + (
            f" ({printed!r})" if printed else ""
        )
        ext.warn(message, pivot.page, pivot.line)
    project.dept = cells.get("department", [])
    project.dept_raw = _department_text(project.dept)
    if not project.dept:
        ext.warn(f"project {name!r}: its 担当課 cell is empty", project.first.page, project.first.line)
    project.desc = cells.get("description", [])
    rest = (grade.group(2) or "") if grade else ""
    project.effect, project.problems = split_effect([rest, *(it.text for it in cells.get("effect", []))])
    project.name = cells.get("indicator", [])
    values = [(kind, v) for kind in DEFAULT_VALUE_ORDER if (v := _joined(cells.get(kind, [])))]
    project.kinds, project.values = tuple(k for k, _ in values), [v for _, v in values]
    return project


def _groups(doc: Document, tables: list[SheetTable]) -> list[tuple[list[Block], SheetTable | None]]:
    """Each sheet table with the text lines since the previous one (its page), then the text after the last."""
    by_block = {id(t.block): t for t in tables}
    groups: list[tuple[list[Block], SheetTable | None]] = []
    lines: list[Block] = []
    for block in doc.blocks:
        if id(block) in by_block:
            groups.append((lines, by_block[id(block)]))
            lines = []
        elif block.kind == "text":
            lines.append(block)
    return [*groups, (lines, None)] if lines else groups


def read_table_sheet(doc: Document, tables: list[SheetTable], ext: Extraction) -> Sheet:
    """Projects row by row from the sheet tables; headings from the text lines of each page and 項目 cells."""
    goals: list[Heading] = []
    printed: list[Heading] = []  # （n） headings printed as lines above a table
    explicit: list[Heading] = []  # in a 項目 cell or a row of their own
    projects: list[Project] = []
    codes: list[str | None] = []
    for key, (lines, table) in enumerate(_groups(doc, tables)):
        items = read_items(Document(doc.path, doc.format, lines))
        for item in items:
            item.page_key = key
        _, page_goals, page_headings = split_headings(items)
        goals += page_goals
        printed += page_headings
        if table is None:
            continue
        current: str | None = None
        for row in table.block.rows[table.header_rows :]:
            cells = row_cells(table, row, key)
            heading, alone = _row_heading(cells, row, key)
            if heading and heading.kind in GOAL_WORDS:
                goals.append(heading)
            elif heading:
                explicit.append(heading)
                current = heading.code
            if alone or not (cells.get("title") or row_grade(cells)):
                if not heading and (text := clean(" ".join(t for c in row.cells for t in cell_lines(c)))):
                    ext.warn(
                        f"a table row without a project name or grade is skipped: {text[:60]!r}",
                        row.page,
                        row.line,
                    )
                continue
            projects.append(row_project(cells, ext))
            codes.append(current)
    implicit = [p for p, c in zip(projects, codes, strict=True) if c is None]
    placed = iter(assign_measures(implicit, printed))
    assigned = [c if c is not None else next(placed) for c in codes]
    return Sheet(goals, printed + explicit, projects, assigned, TABLE_UNPLACED)


def _row_heading(cells: dict[str, list[Item]], row: Row, key: int) -> tuple[Heading | None, bool]:
    """(heading, printed alone): a heading in the row's 項目 cell, or as the row's only text."""
    if cells.get("item"):
        return heading_of(cells["item"]), False
    filled = [c for c in row.cells if cell_lines(c)]
    if len(filled) != 1:
        return None, False
    lines = [Item(t, row.line, row.page, filled[0].bbox or row.bbox, 0, key) for t in cell_lines(filled[0])]
    heading = heading_of(lines)
    return heading, heading is not None
