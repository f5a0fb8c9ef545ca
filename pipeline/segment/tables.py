"""Tables → a shape: what each column holds, and what kind of table it is.

The header row's words give each column a role (vocabulary `[roles]`); column
headers that are fiscal years make a year strip; a column of labels makes a
key–value sheet; columns headed by tier words (基本目標 | 施策) make a tree.
The shape says why it was chosen, for `plans inspect`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model.ir import Block, Row
from pipeline.normalize.eras import parse_fy
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.vocabulary import Vocabulary, key, word_of

_YEAR_HEAD = re.compile(
    r"^(?:(?:令和|平成|R|H)\s*(?:元|\d{1,2})\s*(?:年度?)?|(?:19|20)\d{2}\s*(?:年度?)?|\d{1,2}\s*年度?)"
    r"(?:\(.*\))?(?:年度)?$|^FY\s*\d{2,4}$"  # a bare `7` is a number, not a year
)


MAX_HEADER = 24  # characters of a column header at most: longer cells are data, not headers


@dataclass(slots=True)
class Shape:
    """A recognized table: its kind, the role of each column and why."""

    kind: str  # items | indicators | strip | sheet | tree | unknown
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
            shape = _shape(header_texts(rows, n), header_texts(rows[n - 1 :], 1), vocab, era)
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
    return found or _sheet(rows, vocab, first_column=False) or (shapes[0] if shapes else best)


def _shape(heads: list[str], last: list[str], vocab: Vocabulary, era: str | None) -> Shape:
    """The shape from the header texts of each column (`last`: the header's last row alone)."""
    roles: dict[int, str] = {}
    years: dict[int, int] = {}
    tiers: dict[int, str] = {}
    for i, head in enumerate(heads):
        role = vocab.role_of(head) if len(key(head)) <= MAX_HEADER else None
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
    found = ", ".join(f"{heads[i]}→{r}" for i, r in roles.items())
    if len(years) >= 2:
        name = next((i for i in sorted(roles) if roles[i] in ("name", "group", "content")), None)
        if name is None:
            name = next((i for i in range(len(heads)) if i not in years and i not in roles), None)
        if name is not None:
            roles[name] = "name"
            return Shape(
                "strip",
                roles,
                years,
                reason=f"year strip {min(years.values())}–{max(years.values())}; {found}",
            )
    if "indicator" in roles.values() and {"baseline", "target", "actual"} & set(roles.values()):
        return Shape("indicators", roles, _value_years(heads, roles, era), reason=f"indicator table: {found}")
    olds, news = [i for i, r in roles.items() if r == "old"], [i for i, r in roles.items() if r == "new"]
    if olds and news:
        return Shape("crosswalk", roles, reason=f"crosswalk {heads[olds[0]]} → {heads[news[0]]}: {found}")
    names = [i for i, r in roles.items() if r == "name"]
    if names:
        best = max(names, key=lambda i: (vocab.role_fit(heads[i]), -i))
        for i in names:  # one name column: the header that names it best (the first of equals)
            if i != best:
                roles[i] = "content"
        return Shape("items", roles, reason=f"item table: {found}")
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
    else:
        pairs = [label for row in rows for label, _ in label_pairs(row, vocab)]
    if len(pairs) >= max(least, share if least > 1 else 1) and len(pairs) * share >= len(rows):
        return Shape("sheet", {0: "label"}, reason=f"key–value sheet ({', '.join(dict.fromkeys(pairs))})")
    return None


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
