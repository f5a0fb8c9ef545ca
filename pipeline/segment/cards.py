"""Key–value sheets → cards: each field with its printed label and the row it was read from.

A sheet prints an action as label | value rows (`事業名 | …`, `担当課 | …`, `指標 | …`,
`基準値（R3) | 17件`); the vocabulary's `[sheet_labels]` name each label's field. A `name`
label, or a label the card already has, starts the next card (cards printed back to back).
Besides name, code, content, department, period, novelty and grade (`Reader.card`), a card gives:

- its indicator: the `indicator` label's value with the values labelled baseline, target,
  actual or current — the latest value, an actual where the card prints a baseline too, else
  the baseline; a year in the label (`基準値（R3)`) is its value's year;
- who takes part: `partner` (role partner) and `actor` labels (`evaluation_rows.split_actors`);
- the evaluation's reasons: `summary` (which may print a problems label inside) and `problems`;
- each of those fields' own row as its provenance (`Node.where_of`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model.ir import Block, Row
from pipeline.normalize.eras import parse_fy, parse_fy_range
from pipeline.normalize.numbers import parse_quantity
from pipeline.normalize.text import clean
from pipeline.segment.evaluation_rows import PROVENANCE, reasons, split_actors
from pipeline.segment.indicator_tables import KINDS, IndicatorRow, Value, year_kind
from pipeline.segment.names import mark_novelty
from pipeline.segment.tables import label_cells
from pipeline.segment.tree import Node
from pipeline.segment.vocabulary import Vocabulary

ACTOR_FIELDS = (("partner", "partner"), ("actor", None))  # (field, role)


@dataclass(slots=True, frozen=True)
class Field:
    label: str  # as printed
    value: str
    row: Row


Card = dict[str, Field]


def sheet_cards(block: Block, vocab: Vocabulary) -> list[Card]:
    """The cards of a key–value sheet, in order."""
    cards: list[Card] = []
    for row in block.rows:
        for name, label, value in label_cells(row, vocab):
            if not cards or name in cards[-1]:
                cards.append({})
            cards[-1][name] = Field(label, value, row)
    return cards


def card_indicator(card: Card, era: str | None) -> IndicatorRow | None:
    """The card's indicator with its labelled values, or None without an `indicator` label."""
    name = card.get("indicator")
    if name is None:
        return None
    values: dict[str, Value] = {}
    for field in ("baseline", "target", "actual", "current"):
        f = card.get(field)
        kind = field if field != "current" else "actual" if "baseline" in card else "baseline"
        if f is not None and kind not in values:
            values[kind] = Value(kind, parse_quantity(f.value), parse_fy(f.label, era), year_kind(f.label))
    ordered = [values[k] for k in KINDS if k in values]
    row = name.row
    return IndicatorRow(
        clean(name.value), name.value, None, None, ordered, line=row.line, page=row.page, bbox=row.bbox
    )


def card_actors(card: Card) -> list[tuple[str, str | None]]:
    """(actor, role) of everyone the card names as taking part."""
    return [a for field, role in ACTOR_FIELDS if field in card for a in split_actors(card[field].value, role)]


def fill_card(node: Node, card: Card, vocab: Vocabulary, era: str | None, own: bool = True) -> None:
    """A card's fields on its node (`own`: the card's own node, not the heading it describes), the
    provenance of each; the grade is the reader's (it knows the document's legend)."""
    fields = {f: c.value for f, c in card.items()}
    if fields.get("code") and own:
        node.code = node.code_raw = clean(fields["code"])
    if fields.get("content"):
        node.description.append(fields["content"])
    if fields.get("department"):
        node.departments.append(fields["department"])
    if fields.get("period"):
        start, end = parse_fy_range(fields["period"], era)
        if start:
            node.schedules.append((start, end or start, None, "timeline"))
    if fields.get("novelty"):
        node.novelty = node.novelty or mark_novelty(fields["novelty"], vocab)
    for field, kind in PROVENANCE.items():
        if field in card:
            node.where_of.setdefault(kind, card[field].row)
    node.actors.extend(card_actors(card))
    indicator = card_indicator(card, era)
    if indicator is not None:
        node.indicators.append(indicator)
        node.own_indicators = True
    if "summary" in card:
        summary, problems = reasons(card["summary"].value, vocab)
        node.summary += summary
        node.problems += problems
    if "problems" in card:
        node.problems.append(card["problems"].value)
