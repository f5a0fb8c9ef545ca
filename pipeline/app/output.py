"""Rows for people and for programs: terminal tables that fit, CSV and JSON that keep types.

- A table fits the terminal: rich measures cells by display width (a Japanese character
  takes two columns), long text is cut with … unless `wide`, and a terminal too narrow for
  the columns gets a vertical layout (one `name: value` block per row). NULL is shown as a
  dim `NULL`, numbers are right-aligned.
- CSV keeps full text; lists and structs are JSON arrays/objects; `excel` adds the UTF-8
  BOM Excel needs to read Japanese. JSON keeps numbers as numbers and NULL as null.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import math
from collections.abc import Sequence
from typing import IO, Any

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

NARROW = 60  # columns: below this a table of more than two columns is shown vertically
MIN_CELL = 6  # display columns each cell needs at least to be legible


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 document`, `2 documents`, `0 entries` (with `many`)."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def is_number(value: Any) -> bool:
    return isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool)


def jsonable(value: Any) -> Any:
    """A value JSON can carry as itself: numbers stay numbers, NaN and NULL are null."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return str(value)


def csv_value(value: Any) -> Any:
    """A CSV field: full text, numbers as written, lists and structs as JSON, NULL empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
        return json.dumps(jsonable(value), ensure_ascii=False)
    return value


def write_csv(
    names: Sequence[str], rows: Sequence[Sequence[Any]], stream: IO[str], excel: bool = False
) -> None:
    if excel:
        stream.write("\ufeff")  # the UTF-8 BOM: Excel then reads the Japanese text as UTF-8
    writer = csv.writer(stream, lineterminator="\r\n" if excel else "\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([csv_value(v) for v in row])


def write_json(names: Sequence[str], rows: Sequence[Sequence[Any]], stream: IO[str]) -> None:
    records = [{n: jsonable(v) for n, v in zip(names, row, strict=True)} for row in rows]
    stream.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")


def display(value: Any) -> Text:
    """A cell for people: NULL dim, lists joined, floats without noise."""
    if value is None:
        return Text("NULL", style="dim")
    if isinstance(value, bool):
        return Text("true" if value else "false")
    if isinstance(value, float):
        return Text(f"{value:.6g}" if abs(value) < 1e15 else str(value))
    if isinstance(value, list | tuple):
        return Text(", ".join("NULL" if v is None else str(v) for v in value))
    if isinstance(value, Text):
        return value
    return Text(str(value).replace("\n", " "))


def _numeric_columns(rows: Sequence[Sequence[Any]], width: int) -> list[bool]:
    return [
        all(is_number(r[i]) or r[i] is None for r in rows) and any(is_number(r[i]) for r in rows)
        for i in range(width)
    ]


def render_rows(
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    console: Console,
    wide: bool = False,
    title: str | Text | None = None,
) -> RenderableType:
    """A table that fits `console` (cut with … unless `wide`), or a vertical list when narrow."""
    cells = [[display(v) for v in row] for row in rows]
    widths = None
    if not wide:
        widths = fit_widths(names, cells, console.width)
        if widths is None:
            return vertical(names, rows, title)
    numeric = _numeric_columns(rows, len(names))
    table = Table(title=title)
    for i, (name, is_num) in enumerate(zip(names, numeric, strict=True)):
        table.add_column(
            name,
            justify="right" if is_num else "left",
            no_wrap=not wide,
            overflow="fold" if wide else "ellipsis",
            width=widths[i] if widths else None,
        )
    for row in cells:
        table.add_row(*row)
    return table


def fit_widths(names: Sequence[str], cells: Sequence[Sequence[Text]], width: int) -> list[int] | None:
    """Column widths (display cells) that fit `width`: the widest columns are cut first.

    None when even MIN_CELL per column does not fit a table of more than two columns
    (the caller then lays the rows out vertically).
    """
    natural = [
        max([cell_len(name), *(cell_len(row[i].plain) for row in cells)]) for i, name in enumerate(names)
    ]
    room = width - (3 * len(names) + 1)  # borders and one space of padding on each side
    if sum(natural) <= room:
        return natural
    floor = [min(n, MIN_CELL) for n in natural]
    if len(names) > 2 and (sum(floor) > room or width < NARROW):
        return None
    low, high = MIN_CELL, max(natural)
    while low < high:  # the largest cap under which everything fits
        cap = (low + high + 1) // 2
        if sum(max(f, min(n, cap)) for n, f in zip(natural, floor, strict=True)) <= room:
            low = cap
        else:
            high = cap - 1
    if len(names) > 4 and low < 2 * MIN_CELL:  # most columns would be cut to a stub
        return None
    return [max(f, min(n, low)) for n, f in zip(natural, floor, strict=True)]


def vertical(names: Sequence[str], rows: Sequence[Sequence[Any]], title: str | Text | None = None) -> Group:
    """One block per row: `name  value` lines, values wrapped to the width (nothing is cut)."""
    parts: list[RenderableType] = [Text(str(title), style="bold")] if title else []
    for number, row in enumerate(rows, start=1):
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for name, value in zip(names, row, strict=True):
            grid.add_row(name, display(value))
        parts += [Text(f"── {number} ──", style="dim"), grid]
    return Group(*parts)
