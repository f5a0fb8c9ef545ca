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
from pipeline.segment.action_cards import read_cards as read_action_cards
from pipeline.segment.base import dominant_era
from pipeline.segment.cards import Card, Field, fill_card, sheet_cards
from pipeline.segment.crosswalk_rows import Sheet, read_table
from pipeline.segment.elements import bare_heading, classify, inline, legend_line, legend_meanings
from pipeline.segment.evaluation_rows import cell_provenance, reasons, row_indicator, split_actors
from pipeline.segment.heading_runs import RunPlacement
from pipeline.segment.headings import Printed, add_paragraph, is_paragraph, move
from pipeline.segment.indicator_tables import IndicatorRow, add_note, is_note
from pipeline.segment.names import cell_text, mark_novelty, marks, named
from pipeline.segment.overview import Overview, read_overview, settle
from pipeline.segment.period import plan_title, report_year
from pipeline.segment.plans import Sections
from pipeline.segment.sentences import sentence_indicators
from pipeline.segment.sheets import card_node, legend_cell, own_header, read_cards, tier_headings
from pipeline.segment.skipped import skipped
from pipeline.segment.strips import aligned_phases
from pipeline.segment.table_values import parse_indicators, strip_phases, yearly_figures
from pipeline.segment.tables import (
    Shape,
    aligned,
    column_header,
    header_like,
    header_texts,
    heading_row,
    lone_header,
    recognize,
    table_year,
)
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
    warnings: list[tuple[Block | Row, str]] = field(default_factory=list)  # about what was read
    legend: list[str] = field(default_factory=list)
    old_roots: list[Node] = field(default_factory=list)  # the items of a plan a crosswalk replaces
    old_plan: str | None = None  # that plan's name, from the crosswalk's header
    sheet: Sheet = field(default_factory=Sheet)  # a grouped crosswalk's rows (`crosswalk.py` emits them)
    title: str | None = None
    report_year: int | None = None  # the year a report's heading names (令和6年度実施状況)
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
        self.meanings: dict[str, str] = {}  # what the legend's grades mean (一部実施 → B)
        self.inline_list = False  # after a line of names separated by /
        self.tree_nodes: dict[str, Node] = {}  # nodes of tree tables, by title: later headings reopen them
        self.run: list[Node] = []  # headings of one level printed one after another (over a table)
        self.plan_period = False  # in the section stating the plan's own period
        self.last_items: list[Node] | None = None  # the action rows of the item table just read
        self.out.title = plan_title(doc)
        self.sections = Sections(self.out.title, self.vocab)  # a section about another plan
        self.printed = Printed()  # headings read so far: one printed again is the same node
        self.para: Node | None = None  # the heading whose paragraphs are being read
        self.label_word: str | None = None  # the word of the action label in force (【実施事業】)
        self.noted: list[IndicatorRow] | None = None  # the rows of the indicator table just read
        self.lead: Node | None = None  # the heading just opened: list items right below it are its aims
        self.last_table: tuple[Block, Shape] | None = None  # the table a header-less one may continue

    # --- the pass -------------------------------------------------------------------------

    def read(self) -> Reading:
        blocks = list(self.doc.blocks)  # a split-off header is joined to its table here, not in the IR
        for i, block in enumerate(blocks):
            header = lone_header(block, blocks[i + 1] if i + 1 < len(blocks) else None)
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
        self.out.report_year = report_year(self.doc, self.vocab)
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
        if el.kind != "heading":
            self.run = []
        if self.noted and is_note(el.text):  # a `※` note under an indicator table
            for line in el.text.split("\n"):
                add_note(self.noted, line)
            self.claim(i, "notes", "a note under an indicator table")
            return
        self.noted = None
        if el.kind == "paragraph" and self.para is not None and is_paragraph(el.text):
            add_paragraph(self.para.description, el.text)  # the heading's description
            return
        self.para = None
        if el.kind in ("chapter", "heading", "label"):
            self.last_table = None  # a new section: the next table has its own header
            self.last_items = None
            periods = self.vocab.plan_period_labels
            self.plan_period = key(el.text).endswith(periods) or (el.kind == "label" and self.plan_period)
        if el.kind == "chapter":
            self.chapter += 1
            self.outline.reset()
            self.actions_follow = False
            self.label_word = None
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
            self.sections.before(n.key, node.code, self.outline)
            again = self.outline.find(n.key, node) or self.tree_nodes.get(key(node.title))
            reprint = self.printed.find(self.sections.heading, n.key, node) if again is None else None
            if again is not None:  # printed again on the next page, or first in a tree table (施策体系)
                if again.code is None or again.code == node.code:
                    again.code, again.code_raw = node.code, node.code_raw
                self.outline.open(n.key, again)
            elif reprint is not None:  # the overview's heading again, in the detailed chapter
                move(reprint, self.outline.open(n.key, reprint), self.out.roots)
                reprint.where, reprint.code_raw = block, node.code_raw  # as printed with its content
                node = reprint
            else:
                self.attach(node, self.outline.open(n.key, node))
                self.printed.add(self.sections.heading, n.key, node)
            self.sections.opened(node, n.key, self.outline)
            self.para = node if not node.description else None
            opened = again or node
            self.run = [*self.run, opened] if self.run and self.run[-1].level == opened.level else [opened]
            self.lead = again or node
            self.actions_follow = False
            self.label_word = None
            self.claim(i, "headings", el.reason)
        elif el.kind == "label":
            self.lead = None
            self.actions_follow = el.label_role == "actions"
            self.label_word = el.word if self.actions_follow else None
            self.legend_lines = [] if any(w in el.text for w in LEGEND_WORDS) else None
            self.claim(i, "labels", el.reason)
            return
        elif el.kind == "legend" and len(el.legend) > 1:
            self.out.legend = el.legend
            self.meanings.update(legend_meanings(block.raw))
            self.claim(i, "legend", el.reason)
        elif el.kind == "legend":  # a grade per line: after a legend label, or two such lines in a row
            self.legend_lines = [*(self.legend_lines or []), *el.legend]
            self.meanings.update(legend_meanings(block.raw))
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
                self.meanings.update(legend_meanings(block.raw))
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
        self.para = self.noted = None
        if all(sum(1 for c in r.cells if clean(c.text)) <= 1 for r in block.rows):
            self.box(i, block)
            return
        shape = recognize(block, self.vocab, self.era)
        found = read_action_cards(block, self.vocab, self.era)
        if found and (shape.kind != "cards" or any(c.schedules for c in found)):  # fields and a year strip
            for card in found:
                self.attach(card.node(), self.outline.current())
            self.claim(i, "cards", f"{len(found)} card(s) headed {found[0].code_raw}")
            self.last_table = None
            return
        self.out.overviews += filter(None, [read_overview(block, self.vocab, i)])  # settled when all is read
        if shape.kind == "strip" and yearly_figures(block, shape):
            shape = Shape("unknown", reason="a table of yearly figures, not a schedule")
        before = self.last_table
        if (
            shape.kind == "unknown"
            and before
            and len(before[0].rows[0].cells) == len(block.rows[0].cells)
            and not header_like(block.rows[0])
        ):
            # rows after a blank line or a page break: the table above goes on, under its header
            block = replace(block, rows=before[0].rows[: before[1].header_rows] + block.rows)
            shape = replace(before[1], reason=f"continues the table above ({before[1].kind})")
        items, self.last_items = (
            self.last_items,
            None,
        )  # an item table's rows pair with a strip right after it
        if shape.kind == "strip" and shape.column("name") is None and items is None:
            shape = Shape("unknown", reason="a year strip that names no row, after no item table")
        shape = skipped(block, shape, self.vocab) or shape
        handler = {
            "figures": _nothing,
            "proposals": _nothing,
            "items": self.items,
            "indicators": self.indicators,
            "strip": lambda b, sh: self.strip(b, sh, items),
            "sheet": self.sheet,
            "cards": self.cards,
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
        self.run = []
        self.claim(i, shape.kind, shape.reason)
        self.last_table = (
            (block, shape) if shape.kind in ("items", "indicators", "strip", "crosswalk") else None
        )

    def items(self, block: Block, shape: Shape) -> None:
        block = aligned(block, shape.header_rows)
        parent = self.outline.current()
        name_col = shape.column("name")
        word = self.label_word or word_of(column_header(block.rows, shape.header_rows, name_col, self.vocab))
        group: Node | None = None
        last: Node | None = None
        fy_eval = table_year(block, shape, self.era)
        marks = self.mark_columns(block, shape)
        shape = replace(shape, roles={c: r for c, r in shape.roles.items() if c not in marks})
        data = block.rows[shape.header_rows :]
        named_rows = sum(1 for r in data if name_col < len(r.cells) and clean(r.cells[name_col].text))
        placement = self.placement(named_rows) if not shape.columns("group") else None
        headings = tier_headings(self.out.roots)
        self.last_items = []
        for row in data:
            cells = [c.text for c in row.cells]
            grouped = [g for g in shape.columns("group") if g < len(cells) and clean(cells[g])]
            for g in grouped:
                group = self.group(cells[g], row, parent, header_texts(block.rows, shape.header_rows)[g])
            if name_col >= len(cells) or not clean(cells[name_col]):
                if last is not None and not grouped:  # a row without a name continues the row above
                    last.description += [
                        cells[c] for c in shape.columns("content") if clean(cell_text(row, c))
                    ]
                continue
            node = self.row_node(row, cells, name_col, shape, word)
            if (
                key(node.title) in headings
                and not node.departments
                and not any(self.vocab.mark_strength(cells[c]) for c in marks if c < len(cells))
            ):
                group = headings[key(node.title)]  # a row naming a goal heading: the rows below go under it
                continue
            if not shape.columns("group") and (heading := heading_row(cells, self.vocab)):  # a heading row
                group = self.group(heading, row, parent, "")
                continue
            last = node
            self.attach(node, group or parent) if placement is None else placement.place(node)
            self.last_items.append(node)
            self.row_fields(node, cells, shape, fy_eval)
            node.indicators += row_indicator(block, row, shape, self.era)
            node.own_indicators = bool(node.indicators)
            cell_provenance(node, row, shape)
            for col, head in marks.items():
                strength = self.vocab.mark_strength(cells[col]) if col < len(cells) else None
                if strength and key(head) in self.vocab.actors:
                    node.actors.append((head, "lead" if strength == "strong" else "partner"))
                elif strength:
                    node.links.append((head, strength))
                    node.where_of["links"] = row
        self.placed(placement)

    def placement(self, n: int) -> RunPlacement | None:
        """Where n rows go when a run of headings is printed right above them (`heading_runs`)."""
        return RunPlacement(self.run, n, self.out.roots, self.attach) if len(self.run) >= 2 else None

    def placed(self, placement: RunPlacement | None) -> None:
        if placement is not None and (warning := placement.finish()):
            self.out.unclaimed.append(warning)

    def crosswalk(self, block: Block, shape: Shape) -> None:
        """Old plan | new plan (| note): the old items form a plan of their own, each linked to its successor.

        A grouped sheet (numbered top items with items below them) is the document's two plans: its
        rows are kept for `crosswalk.emit_sheet`."""
        read_table(self.out.sheet, block, shape, self.vocab)
        if self.out.sheet.grouped:
            return
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
            cells = [c for c in cells if not legend_cell(c, self.vocab)]  # ◎ 特に関連が強いもの ○ …
            if cells and all(self.vocab.mark_strength(c) for c in cells):
                found[col] = own_header(block.rows, shape.header_rows, col) or head
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
            elif role == "partner":
                node.actors.extend(split_actors(text, "partner"))
            elif role == "summary":
                summary, problems = reasons(text, self.vocab)
                node.summary += summary
                node.problems += problems
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
        grade = (
            printed if printed in self.out.legend else self.meanings.get(printed)
        )  # a grade, or its meaning
        if self.out.legend and grade in self.out.legend:
            node.evaluations.append((fy, "ABCDE"[min(self.out.legend.index(grade), 4)], printed))
            return
        found = self.vocab.grade_of(text)
        if found:
            node.evaluations.append((fy, found[0], found[1]))

    def indicators(self, block: Block, shape: Shape) -> None:
        rows = self.noted = parse_indicators(block, shape, self.era)
        node = self.outline.current()
        (node.indicators if node is not None else self.out.plan_indicators).extend(rows)

    def strip(self, block: Block, shape: Shape, items: list[Node] | None = None) -> None:
        """A year strip: phases per fiscal year of the actions it names (new ones under the open heading).

        In the section stating the plan's period it schedules the plan, not actions: not read. A strip
        that names no row, right after an item table, gives its rows to that table's actions in order.
        """
        name_col = shape.column("name")
        if self.plan_period:
            return
        if items is not None and (
            name_col is None or not header_texts(block.rows, shape.header_rows)[name_col]
        ):
            self.out.warnings += aligned_phases(block, shape.header_rows, shape.years, items, self.vocab)
            return
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

    def cards(self, block: Block, shape: Shape) -> None:
        """Numbered cards (推進事項 No. 1 | title): each describes the action of that title, read before or new."""
        known = {key(n.title): n for r in self.out.roots for n in r.walk() if n.origin == "item"}
        for card in read_cards(block.rows, self.vocab, self.era):
            node = card_node(card, known, self.vocab)
            if node is None:
                continue
            if node.parent is None and node not in self.out.roots:
                self.attach(node, self.outline.current())
            fields = {
                k: Field(k, card.text(k), card.row) for k in ("period", "novelty", "grade") if card.text(k)
            }
            self.card(fields, node=node)

    def sheet(self, block: Block, shape: Shape) -> None:
        """Key–value sheets; a `name` label starts a new card (cards printed back to back)."""
        cards = sheet_cards(block, self.vocab)
        placement = self.placement(sum(1 for c in cards if "name" in c))
        for card in cards:
            self.card(card, placement)
        self.placed(placement)

    def card(self, card: Card, placement: RunPlacement | None = None, node: Node | None = None) -> None:
        parent = self.outline.current()
        fields = {f: c.value for f, c in card.items()}
        if node is not None:
            parent = None  # a numbered card describes the action it names
        elif "name" in card:
            node = named(fields["name"], self.vocab, "item", card["name"].row, word_of(card["name"].label))
            if not node.title:
                return
            if placement is None:
                self.attach(node, parent)  # a sheet of one project may stand at the top
            else:
                placement.place(node)
        elif parent is not None:
            node = parent
        else:
            return
        fill_card(node, card, self.vocab, self.era, own=node is not parent)
        if fields.get("grade"):
            self.grade(node, fields["grade"], parse_fy(card["grade"].label, self.era))

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


def _nothing(block: Block, shape: Shape) -> None:
    """A table recognized as holding no records of the plan."""


def _heading_like_name(text: str) -> bool:
    return 0 < len(text) <= 40 and "。" not in text and not text.endswith(("、", "，"))
