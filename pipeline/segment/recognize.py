"""Recognizers for the shapes of Japanese plans, run over every block of any document.

One pass in reading order: text lines become elements (headings — by their numbering, or in a
PDF by their look, `look.py` — open nodes of the outline,
list items under an action label become actions, legends set the grade scale); tables are
recognized by their header words (item tables, indicator tables, year strips, key–value sheets,
tree tables), as cards (`segment.cards`) or as overviews listing the actions again
(`segment.overview`). Each block that a recognizer claims is recorded with the reason, for
`plans inspect`; a table no recognizer claims is a warning naming its header.
`pipeline.segment.emit` turns the finished tree into records.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pipeline.model.ir import Block, Document, Row
from pipeline.normalize.numbering import Numbering
from pipeline.normalize.text import clean
from pipeline.segment.action_cards import read_cards as read_action_cards
from pipeline.segment.base import dominant_era
from pipeline.segment.crosswalk_rows import Sheet
from pipeline.segment.elements import Element, bare_heading, classify, inline, legend_line, legend_meanings
from pipeline.segment.headings import Printed, add_paragraph, is_paragraph, move
from pipeline.segment.indicator_tables import IndicatorRow, add_note, is_note
from pipeline.segment.look import look_headings
from pipeline.segment.names import marks, named
from pipeline.segment.overview import Overview, read_overview, settle
from pipeline.segment.period import plan_title, report_year
from pipeline.segment.plans import Sections
from pipeline.segment.sentences import sentence_indicators
from pipeline.segment.skipped import skipped
from pipeline.segment.table_reader import TableReader
from pipeline.segment.table_values import yearly_figures
from pipeline.segment.tables import (
    Shape,
    header_like,
    header_texts,
    lone_header,
    recognize,
)
from pipeline.segment.tree import Node, Outline
from pipeline.segment.vocabulary import Vocabulary, key, load_vocabulary

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


class Reader(TableReader):
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
        self.looks = look_headings(  # lines without numbering that are headings by their look
            doc, self.out.title, lambda raw: classify(raw, self.vocab).kind == "paragraph"
        )
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
        if (
            el.kind == "paragraph" and not self.inline_list and block.size is not None and i in self.looks
        ):  # a heading by its look
            el = Element(
                "heading", el.text, Numbering(self.looks[i], "", "", el.text), reason="heading by its look"
            )
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
            node = Node(
                info.title or n.title, block.raw, origin, block, n.code or None, n.raw or None, n.word, tier
            )
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
        before, continued = self.last_table, False
        if (
            shape.kind == "unknown"
            and before
            and len(before[0].rows[0].cells) == len(block.rows[0].cells)
            and not header_like(block.rows[0])
        ):
            # rows after a blank line or a page break: the table above goes on, under its header
            block = replace(block, rows=before[0].rows[: before[1].header_rows] + block.rows)
            shape = replace(before[1], reason=f"continues the table above ({before[1].kind})")
            continued = True
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
        self.claim(i, "continued" if continued else shape.kind, shape.reason)  # one table, as a PDF's parts
        self.last_table = (
            (block, shape) if shape.kind in ("items", "indicators", "strip", "crosswalk") else None
        )


def _nothing(block: Block, shape: Shape) -> None:
    """A table recognized as holding no records of the plan."""


def _heading_like_name(text: str) -> bool:
    return 0 < len(text) <= 40 and "。" not in text and not text.endswith(("、", "，"))
