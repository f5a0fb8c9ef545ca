"""Action cards: a table opening with an action tier word and a number (`事業1 | title`), its fields and year strip.

A card opens with a numbered header row — an action word and a number in its first
filled cell (`事業1`, `取組 3`, `施策No.4`), the title in the next filled cell (or after
the number), a novelty word (新規, 拡充, 継続 …) anywhere in the row. Key–value rows follow,
their labels naming a role (vocabulary `[sheet_labels]`: 内容, 担当課, 実施主体, 実施期間 …), and
optionally a year strip (a row of fiscal years) with each year's phase in the row below it
(`検討 → 実施`). Several cards may stand in one table. A content cell splits at its bullets
into lines; a row without a label continues the field above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipeline.model.ir import Block, Row
from pipeline.normalize.eras import parse_fy_range
from pipeline.normalize.numbering import Numbering, parse_numbering
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.headings import add_paragraph
from pipeline.segment.names import mark_novelty
from pipeline.segment.table_values import strip_phases
from pipeline.segment.tables import year_of_header
from pipeline.segment.tree import Node
from pipeline.segment.vocabulary import Vocabulary

_END = "#"
_ACTORS = re.compile(r"[、,，・/／\n]+")


@dataclass(slots=True)
class Card:
    """What one card prints."""

    numbering: Numbering
    code_raw: str  # the numbering in normal form, as headings keep it (`事業 6`)
    title: str
    head: Row
    novelty: str | None = None
    fields: dict[str, list[str]] = field(default_factory=dict)  # role → values, in printed order
    schedules: list[tuple] = field(default_factory=list)  # (fy start, fy end, phase, source, phase row)
    unread: list[Row] = field(default_factory=list)  # rows neither a field nor a strip
    bullets: tuple[str, ...] = ()
    grades: list[tuple[str, str]] = field(default_factory=list)  # (letter, printed) of a 評価 field

    def node(self) -> Node:
        """The card as an action of the plan tree."""
        n = self.numbering
        node = Node(self.title, self.title, "item", self.head, n.code, self.code_raw, n.word, "action")
        node.novelty = self.novelty
        node.description = [
            line for v in self.fields.get("content", []) for line in content_lines(v, self.bullets)
        ]
        node.departments = list(self.fields.get("department", []))
        node.actors = [(a, None) for v in self.fields.get("actor", []) for a in _ACTORS.split(v) if a.strip()]
        node.schedules = list(self.schedules)
        node.evaluations = [(None, letter, printed) for letter, printed in self.grades]
        return node


def read_cards(block: Block, vocab: Vocabulary, era: str | None) -> list[Card]:
    """The cards of a table block (from one numbered header row to the next); [] when it holds none.

    Every card must print something besides its header: a labelled field or a year strip.
    """
    starts = [i for i, row in enumerate(block.rows) if card_header(row, vocab)]
    if not starts or starts[0] != 0:
        return []
    cards = [
        _card(block.rows[a:b], vocab, era)
        for a, b in zip(starts, [*starts[1:], len(block.rows)], strict=True)
    ]
    if not all(c.title and (c.fields or c.schedules) for c in cards):
        return []
    return cards


def card_header(row: Row, vocab: Vocabulary) -> Numbering | None:
    """The numbering of a card's header row: an action word and a number in its first filled cell."""
    first = next((c.text for c in row.cells if clean(c.text)), "")
    n = parse_numbering(f"{nfkc(first).strip()} {_END}", vocab.tiers.action)  # `事業1` alone is one too
    if n is None or n.style != "word" or vocab.label_of(first) or not n.title.endswith(_END):
        return None
    return replace(n, title=n.title[: -len(_END)].strip())


def _card(rows: list[Row], vocab: Vocabulary, era: str | None) -> Card:
    head = rows[0]
    n = card_header(head, vocab)
    assert n is not None
    texts = [c.text for c in head.cells if clean(c.text)]
    words = [nfkc(t).strip("【】[]()〔〕 ") for t in texts[1:]]
    novelty = [v for w in words if (v := vocab.novelty_of(w))]
    titles = [clean(t) for t, w in zip(texts[1:], words, strict=True) if not vocab.novelty_of(w)]
    title = clean(n.title) or " ".join(titles)
    card = Card(n, n.raw, title, head, novelty[0] if novelty else None, bullets=vocab.bullets)
    last: str | None = None
    skip = -1
    for k, row in enumerate(rows[1:], start=1):
        if k == skip:
            continue
        cells = [c.text for c in row.cells]
        years = {i: fy for i, t in enumerate(cells) if clean(t) and (fy := year_of_header(t, era))}
        if len(years) >= 2:  # a year strip: the row below it holds the phases, unless it is a field
            phases = rows[k + 1] if k + 1 < len(rows) and not _pairs(rows[k + 1], vocab) else None
            below = [c.text for c in phases.cells] if phases else []
            card.schedules += [(*s, phases) for s in strip_phases(_aligned(below, years), years, vocab)]
            skip, last = k + 1 if phases else skip, None
            continue
        pairs = _pairs(row, vocab)
        if pairs:
            for label, value in pairs:
                card.fields.setdefault(label, []).append(value)
            last = pairs[-1][0]
        elif last is not None and any(clean(t) for t in cells):
            card.fields[last][-1] += "\n" + "\n".join(t for t in cells if clean(t))
        elif any(clean(t) for t in cells):
            card.unread.append(row)
    for text in card.fields.get("period", []):
        start, end = parse_fy_range(text, era)
        if start and not card.schedules:
            card.schedules.append((start, end or start, None, "timeline", head))
    for text in card.fields.get("novelty", []):
        card.novelty = card.novelty or mark_novelty(text, vocab)
    card.grades = [found for text in card.fields.get("grade", []) if (found := vocab.grade_of(text))]
    return card


def _pairs(row: Row, vocab: Vocabulary) -> list[tuple[str, str]]:
    """(field, value) of the label cells of a row, each followed by its value (the next filled cell)."""
    texts = [c.text for c in row.cells]
    pairs = []
    for i, text in enumerate(texts):
        label = vocab.label_of(text) if clean(text) else None
        if not label:
            continue
        value = next((t for t in texts[i + 1 :] if clean(t)), None)
        if value is not None and not vocab.label_of(value):
            pairs.append((label, value))
    return pairs


def _aligned(cells: list[str], years: dict[int, int]) -> list[str]:
    """A phase row against its year strip: by column, or — its cells shifted — in order."""
    filled = [i for i, t in enumerate(cells) if clean(t)]
    if not filled or set(filled) <= set(years) or len(filled) != len(years):
        return cells
    out = [""] * (max(years) + 1)
    for col, i in zip(sorted(years), filled, strict=True):
        out[col] = cells[i]
    return out


NOTE = "※"


def content_lines(text: str, bullets: tuple[str, ...]) -> list[str]:
    """A content cell's items: one per bullet, ※ note or numbering (also after a sentence
    mid-line), its wrapped lines joined (`headings.add_paragraph`); the bullets dropped."""
    marks = "".join(b for b in bullets if len(b) == 1)
    items: list[str] = []
    for line in text.split("\n"):
        for piece in re.split(rf"(?<=。)\s*(?=[{re.escape(marks + NOTE)}])", line):
            if piece := clean(piece):
                add_paragraph(items, piece)
    return [body for item in items if (body := item.lstrip(marks + " "))]
