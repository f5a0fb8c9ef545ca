"""Crosswalk sheets, the reading: the column map, the data rows and the numbered items of a cell.

A crosswalk table sets the old plan beside the new one (`tables.py` gives the `old`, `new`,
`note` and `department` columns by their header words). Columns without a role whose cells
hold only marks (● ◎ ○) are a mark matrix: their header, spanning them (`計画の柱※`), with the
label printed below (`I`, `II` …) names what a marked row supports; a mark printed once in a cell
merged over rows marks each row it covers whose item stands at the level of its first row's item
(`merged_marks`: ③ and ④ under one ●, not ③'s action rows). The header rows below the
plan labels name the items' words (`市のコミュニティ施策 / 主な施策`).

Each old/new cell prints numbered items in any numbering (`①住民…`, `①-3 ○…`, `1-1 …`,
`(1) …`); a cell may hold several items (`①-1 ○… ①-4 ○…`). An item whose code extends a
code (`①-3`, `1-2`) belongs to that item; an item numbered in another style than its side's
top items (`ア` under `(1)`) belongs to the last top item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model.ir import Block, Row
from pipeline.normalize.numbering import Numbering, parse_numbering
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.merged_marks import spread_marks
from pipeline.segment.tables import Shape
from pipeline.segment.vocabulary import Vocabulary, key

_TAGS = re.compile(r"<[^>]+>")
_LABEL = re.compile(r"^(?:[IVX]+|\d{1,2}|[A-Za-z])$")  # a mark column's own label under its span


@dataclass(slots=True)
class Columns:
    """Where each column sits, read from the header rows."""

    old: int
    new: int
    note: int | None
    dept: int | None
    marks: dict[int, str]  # mark column → the label a marked row supports (`計画の柱III`)
    old_label: str
    new_label: str
    words: tuple[str | None, str | None] = (None, None)  # the words of the top items and the items
    line: int | None = None
    page: int | None = None


@dataclass(slots=True)
class Item:
    """A numbered item printed in the old or new column: a top item (`①…`) or one below it (`①-3 …`)."""

    side: str  # "old" | "new"
    code: str  # `1`, `1-3`
    parent: str | None  # the code of the top item it belongs to (None: a top item)
    code_raw: str
    title: str
    title_raw: str
    line: int | None
    page: int | None
    bbox: list[float] | None

    @property
    def sub(self) -> int | None:
        """The item's own number below its top item (`①-3` → 3), None for a top item."""
        if self.parent is None:
            return None
        last = self.code.rsplit("-", 1)[-1]
        return int(last) if last.isdigit() else None

    @property
    def key(self) -> tuple[str, str]:
        return self.side, self.code

    @property
    def prov(self) -> dict:
        """Provenance fields of a record read from this item."""
        return {"page": self.page, "line": self.line, "bbox": self.bbox}


@dataclass(slots=True)
class CrossRow:
    """One data row: marks, old items, note, new items, departments."""

    line: int | None
    page: int | None
    marks: list[tuple[str, str]]
    old: list[Item]
    new: list[Item]
    note_raw: str
    dept_raw: str
    bbox: list[float] | None = None

    def subs(self, side: str) -> list[Item]:
        """The items below a top item printed in the old or new column."""
        return [i for i in (self.old if side == "old" else self.new) if i.parent is not None]


@dataclass(slots=True)
class Sheet:
    """The crosswalk rows of a document, read table by table (a repeated header continues it)."""

    columns: Columns | None = None
    rows: list[CrossRow] = field(default_factory=list)
    warnings: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    top_style: dict[str, str] = field(default_factory=dict)  # side → the numbering style of its top items
    last_top: dict[str, str] = field(default_factory=dict)  # side → the code of its last top item

    def warn(self, message: str, page: int | None = None, line: int | None = None) -> None:
        self.warnings.append((message, page, line))

    @property
    def grouped(self) -> bool:
        """Top items with items below them on one side: a grouped sheet, not a flat old | new list."""
        items = [i for r in self.rows for i in r.old + r.new]
        tops = {i.key for i in items if i.parent is None}
        return any(i.parent is not None and (i.side, i.parent) in tops for i in items)


Pair = tuple[Item, Item, str, CrossRow]  # old item, new item, note, row it was read from


def read_table(sheet: Sheet, block: Block, shape: Shape, vocab: Vocabulary) -> None:
    """Add one crosswalk table's header and rows to `sheet`."""
    old, new = shape.column("old"), shape.column("new")
    if old is None or new is None:
        return
    rows = block.rows
    first = next((i for i, r in enumerate(rows[1:], 1) if _has_data(r, (old, new), vocab)), len(rows))
    header, data = rows[:first], rows[first:]
    cols = _columns(header, data, shape, vocab, sheet.columns)
    sheet.columns = sheet.columns or cols
    for row in spread_marks(data, cols.marks, vocab, lambda r: _level(r, (old, new))):
        parsed = parse_row(sheet, row, cols, vocab)
        if parsed is not None:
            sheet.rows.append(parsed)


def _columns(header: list[Row], data: list[Row], shape: Shape, vocab: Vocabulary, before: Columns | None):
    """The column map of a table from its header rows (the labels of a repeated header may be omitted)."""
    texts = [[clean(cell_text(r, i)) for r in header] for i in range(max(len(r.cells) for r in header))]
    old, new = shape.column("old"), shape.column("new")
    roles = {old, new, shape.column("note"), shape.column("department")}
    marks: dict[int, tuple[str, str]] = {}  # mark column → (its spanning header, its own label)
    span = ""
    for i, column in enumerate(texts):
        cells = [nfkc(cell_text(r, i)).strip() for r in data]
        if i in roles or not all(vocab.mark_strength(c) for c in cells if c):
            span = ""
            continue
        span = (column[0] if column and column[0] else span).rstrip("※*＊")
        below = "".join(nfkc(t).replace(" ", "") for t in column[1:])
        marks[i] = (span, below if _LABEL.match(below) else "")
    labels = {i: (s, b) for i, (s, b) in marks.items() if s or b}
    named = {}
    for i, (s, b) in labels.items():
        group = [j for j in labels if labels[j][0] == s]
        own = b or (before.marks.get(i, "").removeprefix(s) if before else "")
        own = own or (str(group.index(i) + 1) if len(group) > 1 else "")  # a span without labels: 1, 2 …
        named[i] = f"{s}{own}"
    row = header[0] if header else None
    words = _item_words([cell_text(r, i) for i in (old, new) for r in header[1:]], vocab)
    return Columns(
        old,
        new,
        shape.column("note"),
        shape.column("department"),
        named,
        texts[old][0] if texts[old] else "",
        texts[new][0] if texts[new] else "",
        words,
        row.line if row else None,
        row.page if row else None,
    )


def _item_words(texts: list[str], vocab: Vocabulary) -> tuple[str | None, str | None]:
    """The words of the items, from the header rows below the plan labels: the last one names
    the items (`主な施策`), the one before it the top items by its tier word (`…施策` → 施策)."""
    parts = list(dict.fromkeys(p for t in texts for p in nfkc(t).split() if p))
    if not parts:
        return None, None
    top = None
    if len(parts) >= 2:
        words = [w for ws in (vocab.tiers.goal, vocab.tiers.measure, vocab.tiers.action) for w in ws]
        top = max((w for w in words if key(parts[-2]).endswith(w)), key=len, default=None)
    return top, key(parts[-1])


def parse_row(sheet: Sheet, row: Row, cols: Columns, vocab: Vocabulary) -> CrossRow | None:
    """A data row's marks, items, note and departments (None for an empty row)."""
    marks = []
    for i, label in cols.marks.items():
        mark = nfkc(cell_text(row, i)).strip()
        strength = vocab.mark_strength(mark)
        if strength:
            marks.append((label, strength))
    old = parse_cell(sheet, row, cols.old, "old", vocab)
    new = parse_cell(sheet, row, cols.new, "new", vocab)
    note = cell_text(row, cols.note)
    dept = cell_text(row, cols.dept)
    if not (marks or old or new or note.strip() or dept.strip()):
        return None
    return CrossRow(row.line, row.page, marks, old, new, note, dept, list(row.bbox) if row.bbox else None)


def parse_cell(sheet: Sheet, row: Row, index: int, side: str, vocab: Vocabulary) -> list[Item]:
    """The numbered items printed in one old/new cell (a cell may hold several)."""
    text = _TAGS.sub(" ", cell_text(row, index)).strip()
    if not text:
        return []
    bbox = row.cells[index].bbox or row.bbox
    prov = {"line": row.line, "page": row.page, "bbox": list(bbox) if bbox else None}
    first = _numbering(text)
    if first is None:
        sheet.warn(f"unnumbered text in the {side} column skipped: {clean(text)[:40]!r}", row.page, row.line)
        return []
    items = []
    for piece, numbering in _pieces(text, first):
        parent = _parent(sheet, side, numbering)
        code = numbering.code if parent is None or numbering.depth > 1 else f"{parent}-{numbering.code}"
        raw = _after(piece, numbering.raw)
        title = clean(raw.lstrip("".join(vocab.bullets)))
        items.append(Item(side, code, parent, numbering.raw, title, raw, **prov))
    return items


def _level(row: Row, cols: tuple[int, int]) -> str | None:
    """The level of a row's first item, old side first (`circled:1` for `③…`, `circled:2` for `③-1`)."""
    for side, col in zip(("old", "new"), cols, strict=True):
        text = _TAGS.sub(" ", cell_text(row, col)).strip()
        if text:
            n = _numbering(text)
            return f"{side}:{n.key}" if n is not None else None
    return None


def _numbering(text: str) -> Numbering | None:
    """The numbering that starts a cell's text (its lines read as one)."""
    return parse_numbering(" ".join(text.split()), ())


def _after(piece: str, code: str) -> str:
    """The printed text after an item's code (`code` in normal form, without the layout spaces)."""
    want = len(code.replace(" ", ""))
    for i, char in enumerate(piece):
        if want <= 0:
            return piece[i:].strip()
        want -= len(nfkc(char).strip())
    return ""


def _pieces(text: str, first: Numbering) -> list[tuple[str, Numbering]]:
    """A cell split where another item of the first one's style (and parent) starts after a space."""
    starts = [0]
    for m in re.finditer(r"\s+", text):
        found = _numbering(text[m.end() :])
        if (
            found is not None
            and found.style == first.style
            and found.depth == first.depth > 1
            and found.code.rsplit("-", 1)[0] == first.code.rsplit("-", 1)[0]
        ):
            starts.append(m.end())
    pieces = [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    return [(p, n) for p in pieces if (n := _numbering(p)) is not None]


def _parent(sheet: Sheet, side: str, numbering: Numbering) -> str | None:
    """The top item an item belongs to: the code it extends, or the last top item of its side
    when it is numbered in another style; None for a top item (which it then becomes)."""
    if numbering.depth > 1:
        return numbering.code.rsplit("-", 1)[0]
    style = sheet.top_style.setdefault(side, numbering.style)
    if numbering.style != style and side in sheet.last_top:
        return sheet.last_top[side]
    sheet.last_top[side] = numbering.code
    return None


def _has_data(row: Row, columns: tuple[int, int], vocab: Vocabulary) -> bool:
    """A row holds data when an old/new cell starts with a numbering or a cell is a mark."""
    starts = any(_numbering(cell_text(row, i)) for i in columns)
    return starts or any(vocab.mark_strength(c.raw) for c in row.cells)


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
