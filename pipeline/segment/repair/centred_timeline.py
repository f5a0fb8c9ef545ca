"""Repair: the timeline labels of a measure-sheet plan's text export, printed centred on lost bars.

Source: 日立市コミュニティ活動推進行動計画, its text export
(`pipeline.segment.layouts.measure_sheets`).

What is broken: right after each overview table (`推進事項 | 提言… | 担当課`) the plan draws
a fiscal-year strip, one row per action with a bar per phase (準備, 実施) over its years.
The text export keeps the year header and the phase labels but drops the bars: each label
lands in the year cell at the middle of its bar (`\t\t実施\t\t` for a bar over five years).

Signature (`applies`): a text document with a fiscal-year strip (a table whose first row
prints only consecutive fiscal years) right after an overview table, no bars over it and
phase labels in its rows.

The repair (`repair`) draws the bars back: for each strip row, the one split of its years
into contiguous bars that puts every label at its bar's centre (`centred_bars`) becomes one
`Bar` per label, as the PDF reader gives them. A row where no split or several fit keeps no
bar; the layout reads its labels again and reports it.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations

from pipeline.model.ir import Bar, Block, Document
from pipeline.segment.base import dominant_era
from pipeline.segment.layouts.measure_reading import Strip, is_overview, read_strip, strip_labels

NAME = "centred_timeline"


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
