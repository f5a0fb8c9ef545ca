"""Crosswalk sheets, the reading: header columns, data rows, the items printed in a cell."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model.ir import Document, Row
from pipeline.normalize.text import circled_to_int, clean, nfkc
from pipeline.segment.base import Extraction

# Header words of each column (matched at the start of the cleaned header cell).
OLD_WORDS = ("現行計画", "現行", "旧計画")
NEW_PATTERN = re.compile(r"^(?:第\d+[期次]|次期|新計画|改定)")
NOTE_WORDS = ("作業経過", "経過", "変更内容", "見直し内容", "備考")
DEPT_WORDS = ("関係課", "担当課", "所管課", "関係部署", "担当部署")
PILLAR_WORDS = ("計画の柱", "柱")
MARKS = {"●": "strong", "◎": "strong", "○": "weak"}
CIRCLED = "\u2460-\u2473\u3251-\u325f"  # ①..⑳ ㉑..㉟
DASH = "-‐－ー−―"
NUM = "0-9０-９"
SUB_CODE = re.compile(rf"^([{CIRCLED}])\s*[{DASH}]\s*([{NUM}]+)\s*")
_GOAL_CODE = re.compile(rf"^([{CIRCLED}])\s*")
_SUB_SPLIT = re.compile(rf"\s+(?=[{CIRCLED}]\s*[{DASH}]\s*[{NUM}]+)")
_TAGS = re.compile(r"<[^>]+>")
NEW_NOTE = re.compile(r"新規(?:追加)?(?:\([^)]*\))?")
_ROMAN = re.compile(r"^[IVX]+$|^\d+$")
_BULLETS = "○◯●・◆"


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


def header_columns(row: Row) -> Columns | None:
    """The column map of a crosswalk header row, or None if `row` is not one."""
    texts = [clean(c.raw) for c in row.cells]
    old = find_index(texts, lambda t: t.startswith(OLD_WORDS))
    new = find_index(texts, lambda t: bool(NEW_PATTERN.match(t)))
    if old is None or new is None or old == new:
        return None
    note = find_index(texts, lambda t: t.startswith(NOTE_WORDS))
    dept = find_index(texts, lambda t: t.startswith(DEPT_WORDS))
    start = find_index(texts, lambda t: t.startswith(PILLAR_WORDS))
    pillars = list(range(start, old)) if start is not None and start < old else []
    title = texts[start].rstrip("※*") if start is not None else PILLAR_WORDS[0]
    return Columns(old, new, note, dept, pillars, title, texts[old], texts[new], row.line, row.page)


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
        mark = nfkc(cell_text(row, i))
        label = f"{cols.pillar_title}{cols.labels.get(i, str(i - cols.pillars[0] + 1))}"
        if mark in MARKS:
            marks.append((label, MARKS[mark]))
        elif mark:
            ext.warn(f"unreadable mark {mark!r} in column {label}", *where_at(row))
    old = parse_cell(row, cols.old, "old", ext)
    new = parse_cell(row, cols.new, "new", ext)
    note = cell_text(row, cols.note)
    dept = cell_text(row, cols.dept)
    if not (marks or old or new or note.strip() or dept.strip()):
        return None
    return CrossRow(row.line, row.page, marks, old, new, note, dept, list(row.bbox) if row.bbox else None)


def parse_cell(row: Row, index: int, side: str, ext: Extraction) -> list[Item]:
    """The numbered items printed in one old/new cell (a cell may hold several sub-items)."""
    text = _TAGS.sub(" ", cell_text(row, index)).strip()
    if not text:
        return []
    bbox = row.cells[index].bbox or row.bbox
    prov = {"line": row.line, "page": row.page, "bbox": list(bbox) if bbox else None}
    if SUB_CODE.match(text):
        return [_item(piece, SUB_CODE.match(piece), side, prov) for piece in _SUB_SPLIT.split(text)]
    m = _GOAL_CODE.match(text)
    if m:
        return [_item(text, m, side, prov)]
    ext.warn(f"unnumbered text in the {side} column skipped: {clean(text)[:40]!r}", *where_at(row))
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
        label = nfkc(cell_text(row, i)).replace(" ", "")
        if _ROMAN.match(label):
            cols.labels[i] = label


def _has_data(row: Row, cols: Columns) -> bool:
    """A row holds data when an old/new cell starts with a circled number or a pillar is marked."""
    starts = any(_GOAL_CODE.match(cell_text(row, i).strip()) for i in (cols.old, cols.new))
    return starts or any(nfkc(cell_text(row, i)) in MARKS for i in cols.pillars)


def where_at(x: Item | CrossRow | Row) -> tuple[int | None, int | None]:
    """(page, line) of an item or row, for warnings."""
    return x.page, x.line


def where(x: Item | CrossRow | Row) -> str:
    """Where a row is, in a message: `line 41` (text) or `page 3` (PDF)."""
    if x.line is not None:
        return f"line {x.line}"
    return f"page {x.page}" if x.page is not None else "an unplaced row"


def cell_text(row: Row, index: int | None) -> str:
    """The raw text of cell `index` ('' when the row is shorter or the column absent)."""
    return row.cells[index].raw if index is not None and index < len(row.cells) else ""


def is_sub(text: str) -> bool:
    return bool(SUB_CODE.match(text.strip()))


def find_index(texts: list[str], test) -> int | None:
    return next((i for i, t in enumerate(texts) if t and test(t)), None)
