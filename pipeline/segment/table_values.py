"""Reading the cells of recognized tables: indicator rows with their values and years, and the
phases of a year strip."""

from __future__ import annotations

import re

from pipeline.model.ir import Block
from pipeline.normalize.eras import parse_fy
from pipeline.normalize.numbers import QUALIFIERS, parse_quantity
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.indicator_tables import IndicatorRow, Value, footnote_marks, year_kind
from pipeline.segment.tables import Shape, header_texts
from pipeline.segment.vocabulary import Vocabulary, key

_UNIT_IN_NAME = re.compile(r"[(（]\s*([^()（）]{1,8}?)\s*[)）]\s*$")
_CELL_YEAR = re.compile(r"[(（]([^()（）]*?(?:年度?|R\s*\d|H\s*\d|\d{4})[^()（）]*?)[)）]")


def yearly_figures(block: Block, shape: Shape) -> bool:
    """A year-column table whose cells are mostly numbers (a budget by year), not phases or marks."""
    cells = [
        clean(r.cells[c].text)
        for r in block.rows[shape.header_rows :]
        for c in shape.years
        if c < len(r.cells) and clean(r.cells[c].text)
    ]
    numbers = sum(1 for t in cells if re.fullmatch(r"[△▲-]?[\d,.]+[%％]?", t))
    return bool(cells) and numbers * 2 > len(cells)


def strip_phases(
    cells: list[str], years: dict[int, int], vocab: Vocabulary
) -> list[tuple[int, int, str | None, str | None]]:
    """A row of a year strip → (fy, fy, phase) runs: words are phases, `→` carries the phase before it."""
    result: list[tuple[int, int, str | None, str | None]] = []
    before: str | None = None
    for col in sorted(years):
        text = clean(cells[col]) if col < len(cells) else ""
        if not text:
            before = None
            continue
        k = key(text)
        if k.rstrip("→⇒") and k.rstrip("→⇒") != k:  # `検討 →`: the phase, its arrow drawn in the cell
            text = k = k.rstrip("→⇒")
        if k in ("→", "⇒", "→→", "―", "─", "━", "⟶") and before is not None:
            phase = before
        elif k in vocab.phases.marks:
            phase = None
        else:
            phase = text
        fy = years[col]
        if result and result[-1][1] == fy - 1 and result[-1][2] == phase:
            result[-1] = (result[-1][0], fy, phase, "timeline")
        else:
            result.append((fy, fy, phase, "timeline"))
        before = phase
    return result


def parse_indicators(block: Block, shape: Shape, era: str | None) -> list[IndicatorRow]:
    """Indicator rows of a table recognized as an indicator table."""
    heads = header_texts(block.rows, shape.header_rows)
    name_col = _name_column(block, shape, heads)
    unit_col = shape.column("unit")
    result = []
    for row in block.rows[shape.header_rows :]:
        cells = [c.text for c in row.cells]
        if name_col is None or name_col >= len(cells) or not clean(cells[name_col]):
            continue
        name_raw = cells[name_col]
        name = clean(name_raw.replace("\n", ""))
        unit = clean(cells[unit_col]) if unit_col is not None and unit_col < len(cells) else None
        m = _UNIT_IN_NAME.search(name)
        if m and not unit and _looks_like_unit(m.group(1)):
            unit, name = clean(m.group(1)), name[: m.start()].strip()
        values = []
        for col, role in sorted(shape.roles.items()):
            if role not in ("baseline", "target", "actual") or col >= len(cells) or not clean(cells[col]):
                continue
            text = nfkc(cells[col].replace("\n", ""))
            own = _CELL_YEAR.search(text)
            fy = parse_fy(own.group(1), era) if own else None
            value_text = _CELL_YEAR.sub("", text).strip() if own else text
            q = parse_quantity(value_text, unit or None)
            year_text = own.group(1) if own and fy else heads[col]
            values.append(
                Value(role, q, fy or shape.years.get(col) or parse_fy(heads[col], era), year_kind(year_text))
            )
        values = _final_values(values)
        marks = footnote_marks(name_raw, *(cells[c] for c, r in shape.roles.items() if c < len(cells)))
        result.append(
            IndicatorRow(
                name, name_raw, None, unit or None, values, marks, line=row.line, page=row.page, bbox=row.bbox
            )
        )
    return result


def _name_column(block: Block, shape: Shape, heads: list[str]) -> int | None:
    """The indicator column; when it holds only row numbers (`指標` over `1 | name`), the unheaded column after it."""
    col = shape.column("indicator")
    if col is None:
        return None
    cells = [clean(r.cells[col].text) for r in block.rows[shape.header_rows :] if col < len(r.cells)]
    numbers = [t for t in cells if t]
    after = col + 1
    if (
        numbers
        and all(re.fullmatch(r"\d{1,3}", t) for t in numbers)
        and after < len(heads)
        and not heads[after]
        and after not in shape.roles
    ):
        return after
    return col


def _final_values(values: list[Value]) -> list[Value]:
    """Values in printed order, the final target last (an interim target stays in the long form)."""
    targets = [v for v in values if v.kind == "target"]
    if len(targets) > 1:
        final = max(targets, key=lambda v: v.fy or 0)
        values = [v for v in values if v is not final] + [final]
    return values


def _looks_like_unit(text: str) -> bool:
    if any(q in text for q in (*QUALIFIERS, "延べ", "年間", "見込")):
        return False
    return bool(re.fullmatch(r"[%％]|[^\d\s]{1,4}(?:/[^\d\s]{1,3})?", nfkc(text))) and not text.endswith(
        ("年度", "年")
    )
