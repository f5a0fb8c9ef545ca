"""Repair: the timeline labels of a measure-sheet plan's text export, printed centred on lost bars.

Source: 日立市コミュニティ活動推進行動計画, its text export (read by the shape recognizers: an
overview item table, then a year strip that names no row, `pipeline.segment.strips`).

What is broken: right after each overview table (`推進事項 | 提言… | 担当課`) the plan draws
a fiscal-year strip, one row per action with a bar per phase (準備, 実施) over its years.
The text export keeps the year header and the phase labels but drops the bars: each label
lands in the year cell at the middle of its bar (`\t\t実施\t\t` for a bar over five years).

Signature (`applies`): a text document with a fiscal-year strip (a table whose first row
prints only consecutive fiscal years) right after an overview table (its header names the
items and their department, vocabulary `[roles]`), no bars over it and phase labels in its rows.

The repair (`repair`) draws the bars back: for each strip row, the one split of its years
into contiguous bars that puts every label at its bar's centre (`centred_bars`) becomes one
`Bar` per label, as the PDF reader gives them. A row where no split or several fit keeps no
bar; the strip reader reads its labels from the cells then.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations

from pipeline.model.ir import Bar, Block, Document, Row
from pipeline.normalize.text import clean
from pipeline.segment.base import dominant_era
from pipeline.segment.tables import year_of_header
from pipeline.segment.vocabulary import load_vocabulary

NAME = "centred_timeline"
ARROWS = {ord(a): " " for a in "→⇒▶►"}


@dataclass(slots=True)
class Strip:
    years: list[int]
    columns: list[int]  # cell index of each year
    rows: list[Row]
    block: Block


def is_overview(block: Block) -> bool:
    """An overview table: its header's first column names the items, another their department."""
    vocab = load_vocabulary()
    roles = [vocab.role_of(c.raw) if clean(c.raw) else None for c in block.rows[0].cells]
    return bool(roles) and roles[0] == "name" and "department" in roles


def read_strip(block: Block, era: str | None) -> Strip | None:
    """A fiscal-year strip: a table whose first row prints only consecutive fiscal years."""
    first = block.rows[0].cells
    columns = [i for i, c in enumerate(first) if clean(c.raw)]
    years = [year_of_header(first[i].raw, era) for i in columns]
    if len(columns) < 2 or None in years or years != list(range(years[0], years[0] + len(years))):
        return None
    return Strip(years, columns, block.rows[1:], block)


def strip_labels(strip: Strip, row: Row) -> list[tuple[int, str]]:
    """(year index, label) of the strip's year cells of a row that print a label."""
    # Only the year columns: the strip's trailing free-text column (前期計画の検証、後期計画の策定)
    # is a note about the whole plan, not a phase of this action.
    labels = [
        (k, clean(row.cells[i].raw.translate(ARROWS)))
        for k, i in enumerate(strip.columns)
        if i < len(row.cells)
    ]
    return [(k, label) for k, label in labels if label]


def centred_bars(positions: list[int], width: int) -> list[list[tuple[int, int]]]:
    """Every split of columns 0..width-1 into contiguous bars, one per label, each label at its bar's centre.

    A bar (a, b) prints its label in column (a + b) // 2; callers accept exactly one split.
    """
    fits = []
    for cuts in combinations(range(1, width), len(positions) - 1) if positions else ():
        bars = list(zip((0, *cuts), (*(c - 1 for c in cuts), width - 1), strict=True))
        if all((a + b) // 2 == p for (a, b), p in zip(bars, positions, strict=True)):
            fits.append(bars)
    return fits


def strips(doc: Document) -> list[Strip]:
    """The fiscal-year strips printed right after an overview table, as the layout pairs them."""
    era = dominant_era(doc)
    tables = [t for t in doc.tables() if t.rows]
    return [
        s
        for prev, nxt in zip(tables, tables[1:], strict=False)
        if is_overview(prev) and (s := read_strip(nxt, era))
    ]


def applies(doc: Document) -> bool:
    """The signature: a text export whose strips print phase labels and no bar."""
    if doc.format != "text":
        return False
    return any(not s.block.bars and any(strip_labels(s, row) for row in s.rows) for s in strips(doc))


def strip_bars(strip: Strip) -> list[Bar]:
    """A bar per label of every strip row where exactly one centred split fits."""
    offset = len(strip.block.rows) - len(strip.rows)  # the header row(s) above the strip's rows
    bars = []
    for k, row in enumerate(strip.rows):
        labels = strip_labels(strip, row)
        fits = centred_bars([i for i, _ in labels], len(strip.years))
        if len(fits) == 1:
            bars += [
                Bar(k + offset, strip.columns[a], strip.columns[b], label)
                for (a, b), (_, label) in zip(fits[0], labels, strict=True)
            ]
    return bars


def repair(doc: Document) -> Document:
    """The document with the bars of its strips drawn back (a copy; `doc` is left as read)."""
    drawn: dict[int, Block] = {}
    for strip in strips(doc):
        if not strip.block.bars and (bars := strip_bars(strip)):
            drawn[id(strip.block)] = replace(strip.block, bars=bars)
    blocks = [drawn.get(id(b), b) for b in doc.blocks]
    return replace(doc, blocks=blocks, problems=list(doc.problems))
