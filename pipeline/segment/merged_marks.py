"""Marks printed in a cell merged over rows (a PDF's drawn cell box, `Cell.rows`).

A mark matrix made in a word processor or a spreadsheet often prints one mark (●) in a cell merged
over the rows it applies to: a heading's row with its action rows, or two headings both marked in
that column. The text of such a print holds the mark once, at the cell's first row. A mark in a
merged cell marks each row it covers that stands at the level of its first row (the level a reader
gives a row: a numbered top item, a named item; `None` for a row of none, never marked); the other
rows it covers (the action rows below a heading) are the first row's own and stay unmarked, as the
text of a plan that prints the mark once reads.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import replace

from pipeline.model.ir import Row
from pipeline.segment.vocabulary import Vocabulary


def covering(rows: list[Row], col: int) -> dict[int, int]:
    """Row index → the index of the row above it whose merged cell at `col` covers it."""
    out: dict[int, int] = {}
    for i, row in enumerate(rows):
        if col < len(row.cells) and row.cells[col].rows > 1:
            for j in range(i + 1, min(i + row.cells[col].rows, len(rows))):
                out[j] = i
    return out


def spread_marks(
    rows: list[Row], cols: Iterable[int], vocab: Vocabulary, level: Callable[[Row], Hashable | None]
) -> list[Row]:
    """`rows` with the mark of each merged mark cell at `cols` copied into the empty cells of the rows
    it covers at its first row's `level`."""
    out = list(rows)
    for col in cols:
        for j, i in covering(rows, col).items():
            mark = rows[i].cells[col]
            own = out[j].cells[col] if col < len(out[j].cells) else None
            if own is None or own.raw.strip() or not vocab.mark_strength(mark.text):
                continue
            first = level(rows[i])
            if first is None or level(rows[j]) != first:
                continue
            cells = list(out[j].cells)
            cells[col] = replace(mark, rows=1, bbox=own.bbox, line=own.line)
            out[j] = replace(out[j], cells=cells)
    return out
