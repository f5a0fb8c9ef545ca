"""Overview tables: a table that lists the plan's actions once more, with marks against them.

A plan often prints its tree as one table (体系図) before the sections that detail it:
goal and measure columns, a column of numbered actions (`①情報発信…`), and mark columns
(◎ ○) under actor headers (市民 | 事業者 | 市) or other headers (pillars, SDGs). When the
sections print the same actions again (cards, headings, lists), the overview's rows are not
actions of their own: each row's marks go to the action with its title, else with its
number (when the document numbers its actions once, `①` ↔ `事業1`), and the nodes the
table made are dropped. A measure heading that prints no word takes the word of the
overview column that lists it (施策). Where the sections do not repeat the actions, the
table stays what the table recognizers made of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model.ir import Block, Row
from pipeline.normalize.numbering import parse_numbering
from pipeline.normalize.text import clean
from pipeline.segment.merged_marks import spread_marks
from pipeline.segment.tables import MAX_HEADER
from pipeline.segment.tree import Node
from pipeline.segment.vocabulary import Vocabulary, key, word_of


@dataclass(slots=True)
class Item:
    """One row of an overview: its action's number and title, its marks and the groups above it."""

    code: str | None
    title: str
    marks: list[tuple[str, str]]  # (column header, strong | weak)
    groups: list[tuple[str, str]]  # (column header, title) of the columns left of the action
    row: Row
    printed: str = ""


@dataclass(slots=True)
class Overview:
    items: list[Item]
    index: int  # the table's block
    rows: list[Row]


def read_overview(block: Block, vocab: Vocabulary, index: int = -1) -> Overview | None:
    """The overview a table is: rows of an action with marks to its right; None for another table."""
    rows = block.rows
    marked = [r for r in rows if any(vocab.mark_strength(c.text) for c in r.cells)]
    if len(marked) < 2:
        return None
    width = max(len(r.cells) for r in rows)
    cols = [i for i in range(width) if _all_marks([_cell(r, i) for r in marked], vocab)]
    if not cols:
        return None
    filled = [sum(1 for r in marked if _cell(r, i)) for i in range(min(cols))]
    if not filled or max(filled) * 2 < len(marked):
        return None
    item_col = max(i for i, n in enumerate(filled) if n * 2 >= len(marked))
    header = 0
    while header < len(rows) and _header_row(rows[header], vocab):
        header += 1
    heads = [next((_cell(r, i) for r in reversed(rows[:header]) if _cell(r, i)), "") for i in range(width)]
    if not header or any(vocab.role_of(heads[i]) and key(heads[i]) not in vocab.actors for i in cols):
        return None  # marks under a value's header (評価 ◎○△) grade the rows: an evaluation table
    items, groups = [], {}
    spread = spread_marks(rows, cols, vocab, lambda r: "item" if _cell(r, item_col) else None)
    for row, seen in zip(rows[header:], spread[header:], strict=True):
        for i in range(item_col):
            if _cell(row, i) and not re.fullmatch(r"[0-9A-Za-z.\-]+", _cell(row, i)):
                groups[i] = _cell(row, i)
        text = _cell(row, item_col)
        if not text or text in heads:
            continue
        n = parse_numbering(text)
        marks = [(heads[i], s) for i in cols if (s := vocab.mark_strength(_cell(seen, i)))]
        title = n.title if n and n.title else text
        groups_now = [(heads[i], t) for i, t in groups.items()]
        items.append(Item(n.code if n else None, title, marks, groups_now, row, text))
    return Overview(items, index, rows) if len(items) >= 2 else None


def settle(reading, vocab: Vocabulary) -> None:
    """Resolve the overviews of a `Reading`: a resolved table is claimed as an overview; its rows
    that match no action are reported."""
    for overview in reading.overviews:
        unmatched = resolve(overview, reading.roots, vocab)
        if unmatched is None:
            continue
        for claim in reading.claims:
            if claim.index == overview.index:
                claim.recognizer = "overview"
                claim.reason = f"{len(overview.items)} actions listed again, with marks"
        for item in unmatched:
            message = f"overview row {item.printed} matches no action: its marks are not recorded"
            reading.unclaimed.append((item.row, message))


def resolve(overview: Overview, roots: list[Node], vocab: Vocabulary) -> list[Item] | None:
    """Give the overview's marks to the actions the sections print; returns the items no action
    matches, None when the sections print (most of) them nowhere.

    An item finds its action by title, else by number (only where numbers are unique on both sides).
    """
    rows = {id(r) for r in overview.rows}
    own = [n for r in roots for n in r.walk() if id(n.where) in rows]  # what the table recognizers made of it
    actions = [n for r in roots for n in r.walk() if n.origin == "item" and id(n.where) not in rows]
    by_title = {key(n.title): n for n in actions}
    codes = [n.code for n in actions if n.code]
    by_code = {n.code: n for n in actions if n.code} if len(set(codes)) == len(codes) else {}
    item_codes = [i.code for i in overview.items if i.code]
    if len(set(item_codes)) != len(item_codes):
        by_code = {}
    found = [(item, by_title.get(key(item.title)) or by_code.get(item.code)) for item in overview.items]
    if sum(1 for _, node in found if node is not None) * 2 < len(found):
        return None
    for node in own:
        _detach(node, roots)
    for item, node in found:
        if node is None:
            continue
        for head, strength in item.marks:
            if key(head) in vocab.actors:
                node.actors.append((head, "lead" if strength == "strong" else "partner", item.row))
            else:
                node.links.append((head, strength))
    headings = {key(n.title): n for r in roots for n in r.walk() if n.origin == "heading"}
    for item, _ in found:
        for head, title in item.groups:
            node = headings.get(key(title))
            word = word_of(head)
            if node is not None and node.word is None and vocab.tier_of(word):
                node.word = word
    return [item for item, node in found if node is None]


def _detach(node: Node, roots: list[Node]) -> None:
    siblings = node.parent.children if node.parent is not None else roots
    if node in siblings:
        siblings.remove(node)


def _cell(row: Row, i: int) -> str:
    return clean(row.cells[i].text) if i < len(row.cells) else ""


def _all_marks(texts: list[str], vocab: Vocabulary) -> bool:
    filled = [t for t in texts if t]
    return bool(filled) and all(vocab.mark_strength(t) for t in filled)


def _header_row(row: Row, vocab: Vocabulary) -> bool:
    """A row of two short words or more and no marks: part of the header (a goal's row across the
    table fills one cell)."""
    texts = [t for i in range(len(row.cells)) if (t := _cell(row, i))]
    return len(texts) >= 2 and all(len(t) <= MAX_HEADER and not vocab.mark_strength(t) for t in texts)
