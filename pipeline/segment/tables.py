"""Tables → a shape: what each column holds, and what kind of table it is.

The header row's words give each column a role (vocabulary `[roles]`); column
headers that are fiscal years make a year strip; a column of labels makes a
key–value sheet; columns headed by tier words (基本目標 | 施策) make a tree.
The shape says why it was chosen, for `plans inspect`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipeline.model.ir import BBox, Block, Cell, Row
from pipeline.normalize.eras import parse_fy
from pipeline.normalize.numbering import parse_numbering
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.base import parse_edition
from pipeline.segment.elements import classify
from pipeline.segment.sheets import card_head, is_card_table
from pipeline.segment.vocabulary import Vocabulary, key, word_of

_YEAR_HEAD = re.compile(
    r"^(?:(?:令和|平成|R|H)\s*(?:元|\d{1,2})\s*(?:年度?)?|(?:19|20)\d{2}\s*(?:年度?)?|\d{1,2}\s*年度?)"
    r"(?:\(.*\))?(?:年度)?$|^FY\s*\d{2,4}$"  # a bare `7` is a number, not a year
)


MAX_HEADER = 24  # characters of a column header at most: longer cells are data, not headers


@dataclass(slots=True)
class Shape:
    """A recognized table: its kind, the role of each column and why."""

    kind: str  # items | indicators | strip | sheet | cards | tree | crosswalk | unknown
    roles: dict[int, str] = field(default_factory=dict)  # column → role
    years: dict[int, int] = field(default_factory=dict)  # column → fiscal year (strips, headers)
    header_rows: int = 1
    reason: str = ""

    def column(self, role: str) -> int | None:
        return next((i for i, r in self.roles.items() if r == role), None)

    def columns(self, role: str) -> list[int]:
        return [i for i, r in self.roles.items() if r == role]


def header_texts(rows: list[Row], n: int) -> list[str]:
    """The header text of each column over the first `n` rows (cells of a column joined)."""
    width = max((len(r.cells) for r in rows[:n]), default=0)
    texts = []
    for i in range(width):
        parts = [clean(r.cells[i].text) for r in rows[:n] if i < len(r.cells)]
        texts.append("".join(dict.fromkeys(p for p in parts if p)))
    return texts


def column_header(rows: list[Row], n: int, col: int, vocab: Vocabulary) -> str:
    """A column's header: its lowest header row's text where that names a role (a group title may sit
    above it), else the text of all its header rows."""
    lowest = header_texts(rows[n - 1 : n], 1) if n else []
    if col < len(lowest) and vocab.role_of(lowest[col]):
        return lowest[col]
    heads = header_texts(rows, n)
    return heads[col] if col < len(heads) else ""


def year_of_header(text: str, era: str | None) -> int | None:
    """The fiscal year a column header names (`令和7年度`, `R7`, `2025年度`, `7年度`), else None."""
    t = nfkc(text).replace(" ", "")
    if not _YEAR_HEAD.match(t):
        return None
    return parse_fy(t if not t.isdigit() or len(t) == 4 else f"{t}年度", era)


def recognize(block: Block, vocab: Vocabulary, era: str | None) -> Shape:
    """The shape of a table block."""
    rows = block.rows
    if not rows or max(len(r.cells) for r in rows) < 2:
        return Shape("unknown", reason="fewer than two columns")
    if is_card_table(rows, vocab):
        return Shape(
            "cards", {0: "label"}, reason=f"numbered cards ({card_head(rows[0], vocab)[0]} N | title)"
        )
    sheet = _sheet(rows, vocab, first_column=True) or _sheet(rows, vocab, first_column=False, share=3)
    if sheet:
        return sheet
    if len(rows) < 2:
        return _sheet(rows, vocab, first_column=False, least=1) or Shape(
            "unknown", reason="one row, no labels"
        )
    best = Shape("unknown", reason="no header words of a known role")
    shapes = []
    for n in (1, 2):
        if len(rows) > n:
            shape = _shape(
                header_texts(rows, n), header_texts(rows[n - 1 :], 1), vocab, era, _titled(rows, n)
            )
            shape.header_rows = n
            shapes.append(shape)
    if len(shapes) == 2 and shapes[1].kind == "strip" and shapes[0].kind != "strip":
        return shapes[1]  # the years sit in a second header row
    if (
        len(shapes) == 2
        and shapes[0].kind == shapes[1].kind != "unknown"
        and _continues_header(rows[1], shapes[0])
    ):
        return shapes[1]  # a second header row (years, units) under the first
    found = next((s for s in shapes if s.kind != "unknown"), None)
    if found and found.kind == "items":
        _numbered_groups(found, rows)
    return found or _sheet(rows, vocab, first_column=False) or (shapes[0] if shapes else best)


def _numbered_groups(shape: Shape, rows: list[Row]) -> None:
    """A column before the name column that prints numbered headings over merged cells groups the rows
    (項目: `（１）人材の育成` over the projects below it)."""
    name = shape.column("name")
    for col in [c for c, r in shape.roles.items() if r == "content" and name is not None and c < name]:
        cells = [clean(r.cells[col].text) if col < len(r.cells) else "" for r in rows[shape.header_rows :]]
        filled = [c for c in cells if c]
        if filled and len(filled) < len(cells) and all(parse_numbering(c) for c in filled):
            shape.roles[col] = "group"


def _titled(rows: list[Row], n: int) -> set[int]:
    """The columns under a group title (a header cell spanning the empty cells after it) or under
    nothing: there the header's lowest row names the column (`（２）目標指標の状況` over `指標`)."""
    if n < 2:
        return set()
    top = [clean(c.text) for c in rows[0].cells]
    return {i for i in range(len(top)) if not top[i] or (i + 1 < len(top) and not top[i + 1])}


def _shape(
    heads: list[str], last: list[str], vocab: Vocabulary, era: str | None, titled: set[int] | None = None
) -> Shape:
    """The shape from the header texts of each column (`last`: the header's last row alone, which names
    the `titled` columns)."""
    roles: dict[int, str] = {}
    years: dict[int, int] = {}
    tiers: dict[int, str] = {}
    for i, head in enumerate(heads):
        lowest = last[i] if i in (titled or ()) and i < len(last) and last[i] != head else ""
        role = (vocab.role_of(lowest) if lowest and len(key(lowest)) <= MAX_HEADER else None) or (
            vocab.role_of(head) if len(key(head)) <= MAX_HEADER else None
        )
        year = year_of_header(last[i], era) if i < len(last) else None
        if year is not None and role not in ("baseline", "target", "actual"):
            years[i] = year
            continue
        word = word_of(head) or ""
        tier = vocab.tier_of(word) if word else None
        if tier in ("goal", "measure") and (role in (None, "name") or len(word) > len(vocab.role_word(head))):
            tiers[i] = tier
            roles[i] = "group"
        elif role:
            roles[i] = role
    _current_values(heads, roles, vocab)
    _plan_columns(heads, roles)
    found = ", ".join(f"{heads[i]}→{r}" for i, r in roles.items())
    if len(years) >= 2:
        name = next((i for i in sorted(roles) if roles[i] in ("name", "group", "content")), None)
        if name is None:
            name = next((i for i in range(len(heads)) if i not in years and i not in roles), None)
        if name is None and len(years) == len(heads):  # years only: rows that pair with a table beside it
            return Shape(
                "strip",
                {},
                years,
                reason=f"year strip {min(years.values())}–{max(years.values())}, rows unnamed",
            )
        if name is not None:
            roles[name] = "name"
            return Shape(
                "strip",
                roles,
                years,
                reason=f"year strip {min(years.values())}–{max(years.values())}; {found}",
            )
    names = [i for i, r in roles.items() if r == "name"]
    evaluated = bool(names) and bool({"grade", "department"} & set(roles.values()))
    if "indicator" in roles.values() and {"baseline", "target", "actual"} & set(roles.values()):
        shape = Shape(
            "indicators", roles, _value_years(heads, roles, era), reason=f"indicator table: {found}"
        )
        if not evaluated:
            return shape  # else an item table whose rows print their indicator too (an evaluation table)
    olds, news = [i for i, r in roles.items() if r == "old"], [i for i, r in roles.items() if r == "new"]
    if olds and news:
        return Shape("crosswalk", roles, reason=f"crosswalk {heads[olds[0]]} → {heads[news[0]]}: {found}")
    if names:
        # One name column: the header that names actions (事業名), else names it best (the first of equals).
        best = max(
            names, key=lambda i: (vocab.tier_of(word_of(heads[i])) == "action", vocab.role_fit(heads[i]), -i)
        )
        for i in names:
            if i != best:
                roles[i] = "content"
        years = _value_years(heads, roles, era)
        return Shape("items", roles, years, reason=f"item table: {found}")
    if "indicator" not in roles.values() and {"department", "actor"} & set(roles.values()):
        text = next((i for i in sorted(roles) if roles[i] in ("content", "target")), None)
        if text is not None:  # 目標 | 推進者: the text column is what the rows do
            roles[text] = "name"
            return Shape("items", roles, reason=f"item table (its text column as names): {found}")
    if "group" in roles.values() and ({"content", "department", "period", "grade"} & set(roles.values())):
        last = max(i for i, r in roles.items() if r == "group")
        roles[last] = "name"
        return Shape("items", roles, reason=f"item table (last tier column as names): {found}")
    groups = [i for i, r in roles.items() if r == "group"]
    if len(groups) >= 2 and groups == list(range(len(groups))):  # leading columns of tier words
        return Shape("tree", roles, reason=f"tree table of {'/'.join(heads)}")
    return Shape("unknown", roles, reason=f"no name or indicator column ({found or 'no known header words'})")


def _current_values(heads: list[str], roles: dict[int, str], vocab: Vocabulary) -> None:
    """Beside a baseline column, a column of the latest value (現状値, the vocabulary's `current`) is the actual."""
    baselines = [i for i, r in roles.items() if r == "baseline"]
    if len(baselines) < 2:
        return
    for i in baselines:
        if any(key(heads[i]).startswith(w) for w in vocab.sheet_labels.current):
            roles[i] = "actual"


def _plan_columns(heads: list[str], roles: dict[int, str]) -> None:
    """Columns headed by a plan's edition (`第2期計画(案)`) beside a crosswalk's other plan: beside a
    `現行計画` column the edition is the new plan; two editions without words, the older is the old."""
    editions = {
        i: e
        for i, head in enumerate(heads)
        if i not in roles and len(key(head)) <= MAX_HEADER and (e := parse_edition(nfkc(head)))
    }
    if not editions or "new" in roles.values():
        return
    if "old" in roles.values():
        roles[max(editions, key=lambda i: (editions[i], i))] = "new"
    elif len(set(editions.values())) >= 2:
        roles[min(editions, key=lambda i: (editions[i], i))] = "old"
        roles[max(editions, key=lambda i: (editions[i], i))] = "new"


def _continues_header(row: Row, shape: Shape) -> bool:
    """A second row that belongs to the header: its name column is empty."""
    col = shape.column("indicator") if shape.kind == "indicators" else shape.column("name")
    return col is not None and (col >= len(row.cells) or not clean(row.cells[col].text))


def _value_years(heads: list[str], roles: dict[int, str], era: str | None) -> dict[int, int]:
    years = {}
    for i, role in roles.items():
        if role in ("baseline", "target", "actual"):
            fy = parse_fy(heads[i], era)
            if fy:
                years[i] = fy
    return years


def _sheet(
    rows: list[Row], vocab: Vocabulary, first_column: bool, share: int = 2, least: int = 2
) -> Shape | None:
    """A key–value sheet: a column of labels (cards), or label–value pairs across rows (a form)."""
    if first_column:
        pairs = [
            label
            for row in rows
            for label, _ in label_pairs(row, vocab)[:1]
            if vocab.label_of(row.cells[0].text)
        ]
    else:  # a form: label–value pairs across rows, not a header row of column words
        pairs = [label for row in rows if not _header_row(row, vocab) for label, _ in label_pairs(row, vocab)]
    if len(pairs) >= max(least, share if least > 1 else 1) and len(pairs) * share >= len(rows):
        return Shape("sheet", {0: "label"}, reason=f"key–value sheet ({', '.join(dict.fromkeys(pairs))})")
    return None


def _header_row(row: Row, vocab: Vocabulary) -> bool:
    """More than half of the row's cells are column words (labels, or headers that start with a role word)."""
    texts = [t for c in row.cells if (t := clean(c.text))]
    words = sum(
        1 for t in texts if len(key(t)) <= MAX_HEADER and (vocab.label_of(t) or vocab.role_fit(t) >= 2)
    )
    return words * 2 > len(texts)


def label_pairs(row: Row, vocab: Vocabulary) -> list[tuple[str, str]]:
    """(field, value) of each label cell of a row followed by a value (the next non-empty cell)."""
    return [(field, value) for field, _, value in label_cells(row, vocab)]


def label_cells(row: Row, vocab: Vocabulary) -> list[tuple[str, str, str]]:
    """(field, printed label, value) of each label cell of a row followed by a value (the next non-empty cell)."""
    texts = [c.text for c in row.cells]
    found = []
    for i, text in enumerate(texts):
        label = vocab.label_of(text) if clean(text) else None
        if not label:
            continue
        value = next((t for t in texts[i + 1 :] if clean(t)), None)
        if value is not None and not vocab.label_of(value) and vocab.role_fit(value) < 3:  # not a header word
            found.append((label, text, value))
    return found


def aligned(block: Block, header_rows: int) -> Block:
    """`block` with each row that lost cells (a PDF reader may drop an empty one) put back under the
    header's columns by how its cells' boxes overlap theirs; rows already as wide as the header stay."""
    heads = block.rows[:header_rows]
    frame = [c.bbox for c in max(heads, key=lambda r: len(r.cells)).cells] if heads else []
    if not frame or not all(frame):
        return block
    rows = [*heads]
    for row in block.rows[header_rows:]:
        if len(row.cells) >= len(frame) or not all(c.bbox for c in row.cells):
            rows.append(row)
            continue
        placed: list[Cell] = [Cell("", []) for _ in frame]
        for cell in row.cells:
            overlaps = [_overlap(cell.bbox, box) for box in frame]  # type: ignore[arg-type]
            j = max(range(len(frame)), key=overlaps.__getitem__)
            if overlaps[j] > 0:
                before = placed[j]
                placed[j] = (
                    cell if not before.raw else Cell(f"{before.raw} {cell.raw}", [*before.lines, *cell.lines])
                )
        rows.append(replace(row, cells=placed))
    return replace(block, rows=rows)


def _overlap(a: BBox, b: BBox | None) -> float:
    """How far two boxes overlap horizontally, in points (negative when apart)."""
    return min(a[2], b[2]) - max(a[0], b[0]) if b else -1.0


def table_year(block: Block, shape: Shape, era: str | None) -> int | None:
    """The fiscal year a table's header names (an evaluation table's year), not a value column's."""
    values = ("indicator", "baseline", "target", "actual")
    for col, text in enumerate(header_texts(block.rows, shape.header_rows)):
        fy = parse_fy(text, era) if shape.roles.get(col) not in values else None
        if fy:
            return fy
    return None


def heading_row(cells: list[str], vocab: Vocabulary) -> str | None:
    """The text of a row that prints nothing but a numbered heading (`（３）情報の発信`) across a wide table."""
    filled = [t for t in cells if clean(t)]
    if len(filled) == 1 and len(cells) != 2 and classify(filled[0], vocab).kind == "heading":
        return filled[0]
    return None


def header_like(row: Row) -> bool:
    """A row of short words without digits: the header of a table of its own, not continued rows."""
    texts = [clean(c.text) for c in row.cells]
    return all(len(t) <= 8 and not re.search(r"\d", t) for t in texts)


def lone_header(block: Block, nxt: Block | None) -> bool:
    """A one-row table right before a table of the same width (a header the reader split off)."""
    return (
        block.kind == "table"
        and len(block.rows) == 1
        and nxt is not None
        and nxt.kind == "table"
        and len(nxt.rows) > 0
        and len(block.rows[0].cells) == len(nxt.rows[0].cells) >= 2
    )
