"""What an evaluation row or card adds to its action: who takes part, the evaluation's reasons, its indicator.

- Partners (`協働の相手`): a run of circled codes (`①③⑤`) is one actor each (the codes of the
  document's legend), names are separated by 、 or lines.
- Reasons (`効果、理由（問題点）`): a cell may print labels at the start of its lines (`効果`,
  `問題点`, `課題`, the vocabulary's `summary` and `problems` sheet labels); text after a
  problems label is the evaluation's problems, the rest its summary.
- An item table that also prints indicator columns (指標 | 基準値 | 目標値 | 現状値) gives each
  row's indicator, read as an indicator table's row is.
- A cell with a line of its own (a repaired text export) is the provenance of what it gives.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.model.ir import Block, Row
from pipeline.normalize.text import CIRCLED, clean, nfkc
from pipeline.segment.indicator_tables import IndicatorRow
from pipeline.segment.table_values import parse_indicators
from pipeline.segment.tables import Shape
from pipeline.segment.tree import Node
from pipeline.segment.vocabulary import Vocabulary

_CIRCLED_RUN = re.compile(rf"^[{CIRCLED}]+$")
_NAMES = re.compile(r"[、,，\n]")
PROVENANCE = {
    "department": "departments",
    "grade": "evaluations",
    "partner": "actors",
    "actor": "actors",
}  # → record kind


def split_actors(text: str, role: str | None) -> list[tuple[str, str | None]]:
    """(actor, role) of each partner a cell names: `①③` → ①, ③; `自治会、NPO法人` → 自治会, NPO法人."""
    actors: list[tuple[str, str | None]] = []
    for part in (clean(p) for p in _NAMES.split(text)):
        if _CIRCLED_RUN.match(part):
            actors += [(code, role) for code in part]
        elif part:
            actors.append((part, role))
    return actors


def reasons(text: str, vocab: Vocabulary) -> tuple[list[str], list[str]]:
    """(summary, problems) lines of an evaluation's reasons: a label starting a line switches between them."""
    labels = {w: "summary" for w in vocab.sheet_labels.summary}
    labels |= {w: "problems" for w in (*vocab.sheet_labels.problems, *vocab.sheet_labels.issue)}
    found: dict[str, list[str]] = {"summary": [], "problems": []}
    target = "summary"
    for line in text.split("\n"):
        norm = nfkc(line)
        word = next(
            (w for w in _longest_first(labels) if re.match(rf"^{re.escape(w)}(?:$|\s|[:：])", norm)), None
        )
        if word:
            target, line = labels[word], norm[len(word) :].lstrip(" :：")
        if line.strip():
            found[target].append(line)
    return found["summary"], found["problems"]


def row_indicator(block: Block, row: Row, shape: Shape, era: str | None) -> list[IndicatorRow]:
    """The indicator an item table's row prints in its indicator columns, if any (from its name cell's line)."""
    col = shape.column("indicator")
    if col is None:
        return []
    found = parse_indicators(replace(block, rows=[*block.rows[: shape.header_rows], row]), shape, era)
    cell = row.cells[col] if col < len(row.cells) else None
    if cell is not None and cell.line is not None:
        found = [replace(i, line=cell.line) for i in found]
    return found


def cell_provenance(node: Node, row: Row, shape: Shape) -> None:
    """Where a row's department, grade and partners were printed, for cells that have their own line."""
    for role, kind in PROVENANCE.items():
        col = shape.column(role)
        cell = row.cells[col] if col is not None and col < len(row.cells) else None
        if cell is not None and cell.line is not None and cell.text.strip():
            node.where_of.setdefault(kind, replace(row, line=cell.line, bbox=cell.bbox or row.bbox))


def _longest_first(words: dict[str, str]) -> list[str]:
    return sorted(words, key=len, reverse=True)
