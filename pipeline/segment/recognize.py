"""Recognizers for the shapes of Japanese plans, run over every block of any document.

One pass in reading order: text lines become elements (headings open nodes of the outline,
list items under an action label become actions, legends set the grade scale); tables are
recognized by their header words (item tables, indicator tables, year strips, key–value sheets,
tree tables), as cards (`segment.cards`) or as overviews listing the actions again
(`segment.overview`). Each block that a recognizer claims is recorded with the reason, for
`plans inspect`; a table no recognizer claims is a warning naming its header.
`pipeline.segment.emit` turns the finished tree into records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipeline.model.ir import Block, Document, Row
from pipeline.normalize.eras import parse_fy, parse_fy_range
from pipeline.normalize.text import clean
from pipeline.segment.base import dominant_era
from pipeline.segment.cards import read_cards
from pipeline.segment.elements import bare_heading, classify, inline, legend_line
from pipeline.segment.indicator_tables import IndicatorRow
from pipeline.segment.names import cell_text, mark_novelty, marks, named
from pipeline.segment.overview import Overview, read_overview, settle
from pipeline.segment.period import plan_title
from pipeline.segment.sentences import sentence_indicators
from pipeline.segment.table_values import parse_indicators, strip_phases, yearly_figures
from pipeline.segment.tables import Shape, header_texts, label_pairs, recognize
from pipeline.segment.tree import Node, Outline
from pipeline.segment.vocabulary import Vocabulary, key, load_vocabulary, word_of

LEGEND_WORDS = ("評価", "区分", "基準", "凡例")


@dataclass(slots=True)
class Claim:
    """Which recognizer took a block, and why."""

    index: int
    recognizer: str
    reason: str


@dataclass(slots=True)
class Reading:
    """What the recognizers made of a document."""

    roots: list[Node] = field(default_factory=list)
    plan_indicators: list[IndicatorRow] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    unclaimed: list[tuple[Block, str]] = field(default_factory=list)
    legend: list[str] = field(default_factory=list)
    old_roots: list[Node] = field(default_factory=list)  # the items of a plan a crosswalk replaces
    old_plan: str | None = None  # that plan's name, from the crosswalk's header
    title: str | None = None
    overviews: list[Overview] = field(default_factory=list)  # tables listing the actions again (体系図)

    def share(self, doc: Document) -> float:
        """The share of the document's content blocks that a recognizer claimed."""
        content = sum(1 for b in doc.blocks if b.kind == "table" or (b.kind == "text" and b.raw.strip()))
        return len({c.index for c in self.claims}) / max(content, 1)


class Reader:
    """The state of one pass over a document."""

    def __init__(self, doc: Document, vocab: Vocabulary | None = None) -> None:
        self.doc = doc
        self.vocab = vocab or load_vocabulary()
        self.era = dominant_era(doc)
        self.out = Reading()
        self.outline = Outline()
        self.chapter = 0
        self.actions_follow = False  # after an action label, list items are actions
        self.legend_lines: list[str] | None = None  # after a legend label (【評価の基準】)
        self.inline_list = False  # after a line of names separated by /
        self.tree_nodes: dict[str, Node] = {}  # nodes of tree tables, by title: later headings reopen them
        self.lead: Node | None = None  # the heading just opened: list items right below it are its aims
        self.last_table: tuple[Block, Shape] | None = None  # the table a header-less one may continue

    # --- the pass -------------------------------------------------------------------------

    def read(self) -> Reading:
        blocks = list(self.doc.blocks)  # a split-off header is joined to its table here, not in the IR
        for i, block in enumerate(blocks):
            header = _lone_header(block, blocks[i + 1] if i + 1 < len(blocks) else None)
            if header:  # a header row printed as its own table: it heads the next one
                blocks[i + 1] = replace(blocks[i + 1], rows=block.rows + blocks[i + 1].rows)
                self.claim(i, "header", "the header row of the next table")
            elif block.kind == "toc":
                self.claim(i, "toc", "table of contents")
            elif block.kind == "table":
                self.table(i, block)
            elif block.kind == "text" and (joined := bare_heading(block, blocks[i + 1 :], self.vocab)):
                blocks[i + 1] = joined  # `基本方針1` alone on its line: the next line is its title
                self.claim(i, "headings", "a heading number, its title on the next line")
            elif block.kind == "text" and block.raw.strip():
                self.text(i, block)
        self.sentence_indicators(blocks)
        settle(self.out, self.vocab)
        self.out.title = self.out.title or plan_title(self.doc)
        return self.out

    def sentence_indicators(self, blocks: list[Block]) -> None:
        """Indicators stated in a sentence (a prose sheet): on the document's only action, else the plan."""
        texts = [b.raw for b in blocks if b.kind == "text"]
        texts += [c.text for b in blocks if b.kind == "table" for r in b.rows for c in r.cells]
        found = {
            row.name: row
            for t in texts
            if "指標" in t
            for row in sentence_indicators(t, self.vocab, self.era)
        }
        if not found:
            return
        actions = [n for r in self.out.roots for n in r.walk() if n.origin == "item"]
        (actions[0].indicators if len(actions) == 1 else self.out.plan_indicators).extend(found.values())

    def claim(self, index: int, recognizer: str, reason: str) -> None:
        self.out.claims.append(Claim(index, recognizer, reason))

    def attach(self, node: Node, parent: Node | None) -> Node:
        node.chapter = self.chapter
        if parent is None:
            self.out.roots.append(node)
        else:
            parent.add(node)
        return node

    # --- text lines -------------------------------------------------------------------------

    def text(self, i: int, block: Block) -> None:
        el = classify(block.raw, self.vocab)
        if el.kind in ("chapter", "heading", "label"):
            self.last_table = None  # a new section: the next table has its own header
        if el.kind == "chapter":
            self.chapter += 1
            self.outline.reset()
            self.actions_follow = False
            self.claim(i, "headings", el.reason)
        elif el.kind == "heading":
            n = el.numbering
            info = inline(n.title, self.vocab)
            tier = self.vocab.tier_of(n.word) if n.word else None
            # An action printed as a heading: its word says so (事業3 …), or it names its department.
            origin = "item" if tier == "action" or info.departments else "heading"
            node = Node(info.title or n.title, block.raw, origin, block, n.code, n.raw, n.word, tier)
            node.departments = info.departments
            marks(node, info)
            again = self.outline.find(n.key, node) or self.tree_nodes.get(key(node.title))
            if again is not None:  # printed again on the next page, or first in a tree table (施策体系)
                if again.code is None or again.code == node.code:
                    again.code, again.code_raw = node.code, node.code_raw
                self.outline.open(n.key, again)
            else:
                self.attach(node, self.outline.open(n.key, node))
            self.lead = again or node
            self.actions_follow = False
            self.claim(i, "headings", el.reason)
        elif el.kind == "label":
            self.lead = None
            self.actions_follow = el.label_role == "actions"
            self.legend_lines = [] if any(w in el.text for w in LEGEND_WORDS) else None
            self.claim(i, "labels", el.reason)
            return
        elif el.kind == "legend" and len(el.legend) > 1:
            self.out.legend = el.legend
            self.claim(i, "legend", el.reason)
        elif el.kind == "legend":  # a grade per line: after a legend label, or two such lines in a row
            self.legend_lines = [*(self.legend_lines or []), *el.legend]
            if len(self.legend_lines) >= 2:
                self.out.legend = list(self.legend_lines)
            self.claim(i, "legend", el.reason)
            return
        elif el.kind == "item":
            self.item(i, block, el)
        elif el.kind == "inline_list" and self.outline.current() is not None:
            for part in el.parts:
                self.attach(named(part, self.vocab, "item", block), self.outline.current())
            self.inline_list = True
            self.claim(i, "action_lists", el.reason)
            return
        elif el.kind == "paragraph" and self.inline_list and _heading_like_name(el.text):
            self.attach(named(el.text, self.vocab, "item", block), self.outline.current())
            self.claim(i, "action_lists", "a name continuing a list separated by /")
            return
        else:
            grade = legend_line(block.raw)
            if grade and self.legend_lines is not None:  # after a legend label: any grade word
                self.legend_lines.append(grade)
                if len(self.legend_lines) >= 2:
                    self.out.legend = list(self.legend_lines)
                self.claim(i, "legend", f"legend line {grade}")
                return
            if el.kind == "paragraph" and len(el.text) <= 12 and any(w in el.text for w in LEGEND_WORDS):
                self.legend_lines = []  # 評価の区分 (a legend's title without brackets)
                return
        self.legend_lines = None
        self.inline_list = False

    def box(self, i: int, block: Block) -> None:
        """A framed box (a table of one column): its lines are read as text."""
        for row in block.rows:
            for cell in row.cells:
                for line in cell.lines:
                    if line.strip():
                        self.text(i, Block("text", raw=line, line=row.line, page=row.page, bbox=cell.bbox))

    def item(self, i: int, block: Block, el) -> None:
        body = el.text[len(el.bullet) :] if el.bullet else el.text
        numbering = el.numbering
        info = inline(numbering.title if numbering else body, self.vocab)
        parent = self.outline.current()
        lead = parent is not None and parent is self.lead and not parent.children and not self.actions_follow
        if lead and info.title.endswith("。"):  # sentences listed right below a heading: its aims
            parent.description.append(info.title)
            self.claim(i, "aims", el.reason + " right below a heading")
            return
        if parent is None or not info.title or not (self.actions_follow or info.departments):
            return
        node = Node(info.title, block.raw, "item", block, numbering.code if numbering else None)
        node.code_raw = numbering.raw if numbering else None
        node.departments = info.departments
        marks(node, info)
        self.attach(node, parent)
        self.claim(
            i, "action_lists", el.reason + (" with department" if info.departments else " after a label")
        )

    # --- tables -------------------------------------------------------------------------------

    def table(self, i: int, block: Block) -> None:
        if all(sum(1 for c in r.cells if clean(c.text)) <= 1 for r in block.rows):
            self.box(i, block)
            return
        if cards := read_cards(block, self.vocab, self.era):  # one per action: header row, fields, year strip
            for card in cards:
                self.attach(card.node(), self.outline.current())
            self.claim(i, "cards", f"{len(cards)} card(s) headed {cards[0].code_raw}")
            self.last_table = None
            return
        self.out.overviews += filter(None, [read_overview(block, self.vocab, i)])  # settled when all is read
        shape = recognize(block, self.vocab, self.era)
        if shape.kind == "strip" and yearly_figures(block, shape):
            shape = Shape("unknown", reason="a table of yearly figures, not a schedule")
        before = self.last_table
        if (
            shape.kind == "unknown"
            and before
            and len(before[0].rows[0].cells) == len(block.rows[0].cells)
            and not _header_like(block.rows[0])
        ):
            # rows after a blank line or a page break: the table above goes on, under its header
            block = replace(block, rows=before[0].rows[: before[1].header_rows] + block.rows)
            shape = replace(before[1], reason=f"continues the table above ({before[1].kind})")
        handler = {
            "items": self.items,
            "indicators": self.indicators,
            "strip": self.strip,
            "sheet": self.sheet,
            "tree": self.tree,
            "crosswalk": self.crosswalk,
        }.get(shape.kind)
        if handler is None:
            heads = " | ".join(header_texts(block.rows, 1))[:80]
            self.out.unclaimed.append(
                (block, f"a table no recognizer reads ({shape.reason}); header: {heads}")
            )
            return
        handler(block, shape)
        self.claim(i, shape.kind, shape.reason)
        self.last_table = (block, shape) if shape.kind in ("items", "indicators", "strip") else None

    def items(self, block: Block, shape: Shape) -> None:
        parent = self.outline.current()
        name_col = shape.column("name")
        word = word_of(header_texts(block.rows, shape.header_rows)[name_col])
        group: Node | None = None
        fy_eval = _table_year(block, shape, self.era)
        marks = self.mark_columns(block, shape)
        shape = replace(shape, roles={c: r for c, r in shape.roles.items() if c not in marks})
        for row in block.rows[shape.header_rows :]:
            cells = [c.text for c in row.cells]
            for g in shape.columns("group"):
                if g < len(cells) and clean(cells[g]):
                    group = self.group(cells[g], row, parent, header_texts(block.rows, shape.header_rows)[g])
            if name_col >= len(cells) or not clean(cells[name_col]):
                continue
            node = self.row_node(row, cells, name_col, shape, word)
            self.attach(node, group or parent)
            self.row_fields(node, cells, shape, fy_eval)
            for col, head in marks.items():
                strength = self.vocab.mark_strength(cells[col]) if col < len(cells) else None
                if strength and key(head) in self.vocab.actors:
                    node.actors.append((head, "lead" if strength == "strong" else "partner"))
                elif strength:
                    node.links.append((head, strength))

    def crosswalk(self, block: Block, shape: Shape) -> None:
        """Old plan | new plan (| note): the old items form a plan of their own, each linked to its successor."""
        heads = header_texts(block.rows, shape.header_rows)
        old_col, new_col, note_col = shape.column("old"), shape.column("new"), shape.column("note")
        if self.out.old_plan is None:
            self.out.old_plan = heads[old_col]
        parent = self.outline.current()
        known = {key(n.title): n for r in self.out.roots for n in r.walk()}
        for row in block.rows[shape.header_rows :]:
            old_text, new_text, note = (cell_text(row, col) for col in (old_col, new_col, note_col))
            old = named(old_text, self.vocab, "item", row) if old_text else None
            new = named(new_text, self.vocab, "item", row) if new_text else None
            if new is not None and new.title:
                new = known.get(key(new.title)) or self.attach(new, parent)
            if old is not None and old.title:
                self.out.old_roots.append(old)
                if new is not None and new.title:
                    old.successors.append((new, clean(note) or None))

    def mark_columns(self, block: Block, shape: Shape) -> dict[int, str]:
        """Columns of a mark matrix: a header naming no value, and nothing but marks (◎○●△) below it."""
        heads = header_texts(block.rows, shape.header_rows)
        data = block.rows[shape.header_rows :]
        found = {}
        for col, head in enumerate(heads):
            if shape.roles.get(col) not in (None, "content", "target", "note") or not head:
                continue
            cells = [
                clean(r.cells[col].text) for r in data if col < len(r.cells) and clean(r.cells[col].text)
            ]
            if cells and all(self.vocab.mark_strength(c) for c in cells):
                found[col] = head
        return found

    def group(self, text: str, row: Row, parent: Node | None, head: str) -> Node:
        node = named(text, self.vocab, "group", row, word_of(head))
        node.tier = self.vocab.tier_of(word_of(head))
        return self.attach(node, parent)

    def row_node(self, row: Row, cells: list[str], name_col: int, shape: Shape, word: str | None) -> Node:
        node = named(cells[name_col], self.vocab, "item", row, word)
        code_col = shape.column("code")
        code = clean(cells[code_col]) if code_col is not None and code_col < len(cells) else None
        if code:
            node.code = node.code_raw = code
        if node.code and not re.fullmatch(r"[0-9A-Za-z]+(?:[-.][0-9A-Za-z]+)*", node.code):
            node.code = None
        return node

    def row_fields(self, node: Node, cells: list[str], shape: Shape, fy_eval: int | None) -> None:
        for col, role in shape.roles.items():
            if col >= len(cells) or not clean(cells[col]):
                continue
            text = cells[col]
            if role == "content":
                node.description.append(text)
            elif role == "department":
                node.departments.append(text)
            elif role == "actor":
                node.actors.extend((line, None) for line in text.split("\n") if clean(line))
            elif role == "period":
                start, end = parse_fy_range(text, self.era)
                if start:
                    node.schedules.append((start, end or start, None, "timeline"))
            elif role == "novelty":
                node.novelty = node.novelty or mark_novelty(text, self.vocab)
            elif role == "grade":
                self.grade(node, text, fy_eval)

    def grade(self, node: Node, text: str, fy: int | None) -> None:
        printed = key(text)
        if self.out.legend and printed in self.out.legend:
            node.evaluations.append((fy, "ABCDE"[min(self.out.legend.index(printed), 4)], printed))
            return
        found = self.vocab.grade_of(text)
        if found:
            node.evaluations.append((fy, found[0], found[1]))

    def indicators(self, block: Block, shape: Shape) -> None:
        rows = parse_indicators(block, shape, self.era)
        node = self.outline.current()
        (node.indicators if node is not None else self.out.plan_indicators).extend(rows)

    def strip(self, block: Block, shape: Shape) -> None:
        """A year strip: phases per fiscal year of the actions it names (new ones under the open heading)."""
        name_col = shape.column("name")
        known = {key(n.title): n for r in self.out.roots for n in r.walk() if n.origin == "item"}
        parent = self.outline.current()
        word = word_of(header_texts(block.rows, shape.header_rows)[name_col])
        departments = Shape("strip", {c: r for c, r in shape.roles.items() if r == "department"})
        for row in block.rows[shape.header_rows :]:
            cells = [c.text for c in row.cells]
            if name_col >= len(cells) or not clean(cells[name_col]):
                continue
            found = self.row_node(row, cells, name_col, shape, word)
            node = known.get(key(found.title))
            if node is None:
                if parent is None or not found.title:
                    continue
                node = self.attach(found, parent)
                self.row_fields(node, cells, shape, None)
            elif not node.departments:
                self.row_fields(node, cells, departments, None)
            node.schedules.extend(strip_phases(cells, shape.years, self.vocab))

    def sheet(self, block: Block, shape: Shape) -> None:
        """Key–value sheets; a `name` label starts a new card (cards printed back to back)."""
        cards: list[tuple[Row, dict[str, str]]] = []
        for row in block.rows:
            for label, value in label_pairs(row, self.vocab):
                if not cards or (label == "name" and "name" in cards[-1][1]) or label in cards[-1][1]:
                    cards.append((row, {}))
                cards[-1][1].setdefault(label, value)
        for row, fields in cards:
            self.card(row, fields)

    def card(self, row: Row, fields: dict[str, str]) -> None:
        parent = self.outline.current()
        if "name" in fields:
            node = named(fields["name"], self.vocab, "item", row)
            if not node.title:
                return
            self.attach(node, parent)  # a sheet of one project may stand at the top
        elif parent is not None:
            node = parent
        else:
            return
        if fields.get("code") and node is not parent:
            node.code = node.code_raw = clean(fields["code"])
        if fields.get("content"):
            node.description.append(fields["content"])
        if fields.get("department"):
            node.departments.append(fields["department"])
        if fields.get("period"):
            start, end = parse_fy_range(fields["period"], self.era)
            if start:
                node.schedules.append((start, end or start, None, "timeline"))
        if fields.get("novelty"):
            node.novelty = node.novelty or mark_novelty(fields["novelty"], self.vocab)
        if fields.get("grade"):
            self.grade(node, fields["grade"], None)

    def tree(self, block: Block, shape: Shape) -> None:
        """A table of goals → measures (施策体系): nodes the headings did not print."""
        known = {key(n.title) for r in self.out.roots for n in r.walk()}
        cols = sorted(shape.roles)
        heads = header_texts(block.rows, shape.header_rows)
        open_nodes: dict[int, Node] = {}
        for row in block.rows[shape.header_rows :]:
            cells = [c.text for c in row.cells]
            for depth, col in enumerate(cols):
                if col >= len(cells) or not clean(cells[col]):
                    continue
                text = cells[col]
                if (
                    re.fullmatch(r"\d{1,3}", clean(text))
                    and col + 1 < len(cells)
                    and col + 1 not in shape.roles
                ):
                    text = f"{clean(text)} {cells[col + 1]}"  # a number column, the title in the next one
                node = named(text, self.vocab, "heading", row, word_of(heads[col]))
                parent = next((open_nodes[d] for d in range(depth - 1, -1, -1) if d in open_nodes), None)
                if key(node.title) in known or not node.title:
                    continue
                node.tier = self.vocab.tier_of(word_of(heads[col]))
                open_nodes[depth] = self.attach(node, parent)
                self.tree_nodes[key(node.title)] = node
                for d in [d for d in open_nodes if d > depth]:
                    del open_nodes[d]


def _table_year(block: Block, shape: Shape, era: str | None) -> int | None:
    """The fiscal year a table's header names (an evaluation table's year)."""
    for text in header_texts(block.rows, shape.header_rows):
        fy = parse_fy(text, era)
        if fy:
            return fy
    return None


def _header_like(row: Row) -> bool:
    """A row of short words without digits: the header of a table of its own, not continued rows."""
    texts = [clean(c.text) for c in row.cells]
    return all(len(t) <= 8 and not re.search(r"\d", t) for t in texts)


def _heading_like_name(text: str) -> bool:
    return 0 < len(text) <= 40 and "。" not in text and not text.endswith(("、", "，"))


def _lone_header(block: Block, nxt: Block | None) -> bool:
    """A one-row table right before a table of the same width (a header the reader split off)."""
    return (
        block.kind == "table"
        and len(block.rows) == 1
        and nxt is not None
        and nxt.kind == "table"
        and len(nxt.rows) > 0
        and len(block.rows[0].cells) == len(nxt.rows[0].cells) >= 2
    )
