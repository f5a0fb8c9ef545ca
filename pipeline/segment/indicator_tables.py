"""Indicator tables (指標 | 単位 | 現状 | 目標 | 実績), wherever a layout prints them.

The header row names the columns; the years come from the header (`現状
(令和4年度)`) unless a cell prints its own (`49.7% (2022 (令和4) 年度調査)`).
Footnote marks in cells (`^{※1}`, `[※]`) pick up the `※` notes printed after
the table. `add_indicator` is the one place that turns a parsed row into an
`indicators` record and its long-form `indicator_values`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model.ir import Block, Row
from pipeline.model.records import Indicator, IndicatorValue
from pipeline.normalize.eras import parse_fy
from pipeline.normalize.numbers import Quantity, parse_quantity
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.base import Extraction

KINDS = ("baseline", "target", "actual")
# Header words of each value column, most specific first (現状値 is an actual, 現状 a baseline).
HEADER_WORDS = {
    "actual": ("実績", "現状値", "達成状況"),
    "baseline": ("現状", "現況", "基準", "策定時", "当初"),
    "target": ("目標",),
}
_MARK = re.compile(r"\^\{(※\d*)\}|\[(※\d*)\]")
_NOTE = re.compile(r"^(※\d*)\s*(.*)$")
_NUMBER_ONLY = re.compile(r"^\d{1,3}$")
_CALENDAR = re.compile(r"(?:\d|元)\s*年(?!度)")


@dataclass(slots=True)
class Column:
    index: int
    fy: int | None
    header: str


@dataclass(slots=True)
class Value:
    kind: str
    quantity: Quantity
    fy: int | None
    year_kind: str = "fiscal"


@dataclass(slots=True)
class IndicatorRow:
    """One parsed indicator row, before it becomes records."""

    name: str
    name_raw: str
    number: str | None
    unit: str | None
    values: list[Value]
    marks: list[str] = field(default_factory=list)
    note: str | None = None
    line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None


def header_columns(row: Row, default_era: str | None = None) -> dict[str, Column] | None:
    """The value columns of an indicator header row, or None if `row` is not one."""
    texts = [nfkc(t) for t in row.texts()]
    if not any(t.startswith("指標") for t in texts):
        return None
    cols: dict[str, Column] = {}
    for i, text in enumerate(texts):
        if text.startswith("単位"):
            cols["unit"] = Column(i, None, text)
            continue
        for kind, words in HEADER_WORDS.items():
            if kind not in cols and any(text.startswith(w) for w in words):
                cols[kind] = Column(i, parse_fy(text, default_era), text)
                break
        if text.startswith("指標") and "name" not in cols:
            cols["name"] = Column(i, None, text)
    return cols if "target" in cols or "baseline" in cols else None


def parse_table(
    block: Block, default_era: str | None = None, notes: list[str] | None = None
) -> list[IndicatorRow]:
    """Parse an indicator table block; `notes` are the `※` lines printed after it."""
    if not block.rows:
        return []
    cols = header_columns(block.rows[0], default_era)
    if cols is None:
        return []
    note_by_mark = dict(_split_note(n) for n in notes or [])
    result = []
    for row in block.rows[1:]:
        cells = [c.raw for c in row.cells]
        name_i = cols["name"].index
        number = None
        # A 指標 header spanning a number column and a name column: `1 | 市民1人当たり…`.
        if name_i + 1 < len(cells) and _NUMBER_ONLY.match(nfkc(cells[name_i])):
            number, name_i = nfkc(cells[name_i]), name_i + 1
        name_raw = cells[name_i] if name_i < len(cells) else ""
        if not clean(name_raw):
            continue
        unit = nfkc(cells[cols["unit"].index]) if "unit" in cols and cols["unit"].index < len(cells) else None
        values, marks = [], []
        for kind in KINDS:
            if kind not in cols or cols[kind].index >= len(cells):
                continue
            raw = cells[cols[kind].index]
            marks += [a or b for a, b in _MARK.findall(raw)]
            q = parse_quantity(raw, unit or None)
            own = parse_fy(_after_value(q.text), default_era)
            year_text = _after_value(q.text) if own else cols[kind].header
            values.append(Value(kind, q, own or cols[kind].fy, year_kind(year_text)))
        marks += [a or b for a, b in _MARK.findall(name_raw)]
        note = "\n".join(note_by_mark[m] for m in dict.fromkeys(marks) if m in note_by_mark) or None
        result.append(
            IndicatorRow(
                clean(name_raw),
                name_raw,
                number,
                unit or None,
                values,
                marks,
                note,
                row.line,
                row.page,
                row.bbox,
            )
        )
    return result


def year_kind(text: str) -> str:
    """`calendar` for a year printed as 年 (`R4年`, `2022年`), else `fiscal` (年度, or no word)."""
    return "calendar" if _CALENDAR.search(nfkc(text)) else "fiscal"


def _after_value(text: str) -> str:
    """The part of a value cell after the value itself (where a cell prints its own year)."""
    m = re.search(r"[(（]", text)
    return text[m.start() :] if m else ""


def _split_note(line: str) -> tuple[str, str]:
    m = _NOTE.match(nfkc(line))
    return (m.group(1), clean(m.group(2))) if m else ("※", clean(line))


def footnote_marks(*texts: str) -> list[str]:
    """The footnote marks printed in cells (`^{※1}`, `[※]`), in order."""
    return [a or b for text in texts for a, b in _MARK.findall(text)]


def add_note(rows: list[IndicatorRow], line: str) -> None:
    """A `※` note printed below an indicator table: the note of the rows that print its mark."""
    mark, text = _split_note(line)
    for row in rows:
        if mark in row.marks:
            row.note = f"{row.note}\n{text}" if row.note else text


def is_note(text: str) -> bool:
    """A `※` footnote line printed below a table."""
    return nfkc(text).startswith("※")


def add_indicator(
    ext: Extraction, indicator_id: str, plan_id: str, measure_id: str | None, seq: int, row: IndicatorRow
) -> Indicator | None:
    """Add an `indicators` record and one `indicator_values` row per printed value."""
    by_kind = {v.kind: v for v in row.values}
    wide = {}
    for kind in KINDS:
        v = by_kind.get(kind)
        wide[f"{kind}_value"] = v.quantity.value if v else None
        wide[f"{kind}_text"] = v.quantity.text if v else None
        wide[f"{kind}_fy"] = v.fy if v else None
    unit = row.unit or next((v.quantity.unit for v in row.values if v.quantity.unit), None)
    prov = {"page": row.page, "line": row.line, "bbox": list(row.bbox) if row.bbox else None}
    indicator = ext.add(
        Indicator,
        indicator_id=indicator_id,
        plan_id=plan_id,
        measure_id=measure_id,
        seq=seq,
        name=row.name,
        name_raw=row.name_raw,
        unit=unit,
        note=row.note,
        **wide,
        **prov,
    )
    if indicator is None:
        return None
    for v in row.values:
        ext.add(
            IndicatorValue,
            indicator_id=indicator_id,
            kind=v.kind,
            fiscal_year=v.fy,
            year_kind=v.year_kind,
            value=v.quantity.value,
            value_text=v.quantity.text,
            unit=v.quantity.unit or unit,
            qualifier=v.quantity.qualifier,
            **prov,
        )
    return indicator
