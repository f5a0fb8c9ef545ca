"""The table half of the recognizers' pass: each table shape's handler (item tables, indicator
tables, year strips, key–value sheets and cards, tree tables, crosswalks) as a mixin of `Reader`
(`pipeline.segment.recognize`), which owns the pass, the outline and what was claimed."""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.model.ir import Block, Row
from pipeline.normalize.eras import parse_fy, parse_fy_range
from pipeline.normalize.text import clean
from pipeline.segment.cards import Card, Field, fill_card, sheet_cards
from pipeline.segment.crosswalk_rows import read_table
from pipeline.segment.evaluation_rows import cell_provenance, reasons, row_indicator, split_actors
from pipeline.segment.heading_runs import RunPlacement
from pipeline.segment.merged_marks import spread_marks
from pipeline.segment.names import cell_text, mark_novelty, named
from pipeline.segment.sheets import card_node, legend_cell, own_header, read_cards, tier_headings
from pipeline.segment.strips import aligned_phases
from pipeline.segment.table_values import parse_indicators, strip_phases
from pipeline.segment.tables import (
    Shape,
    aligned,
    column_header,
    header_texts,
    heading_row,
    table_year,
)
from pipeline.segment.tree import Node
from pipeline.segment.vocabulary import key, word_of


class TableReader:
    """Handlers of the table shapes; `Reader` supplies the state (`out`, `vocab`, `era`, `outline` …)."""

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

        def named_row(r: Row) -> str | None:  # a merged mark marks the named rows it covers
            return "item" if name_col < len(r.cells) and clean(r.cells[name_col].text) else None

        spread = spread_marks(block.rows, marks, self.vocab, named_row)[shape.header_rows :]
        named_rows = sum(1 for r in data if named_row(r))
        placement = self.placement(named_rows) if not shape.columns("group") else None
        headings = tier_headings(self.out.roots)
        self.last_items = []
        for row, seen in zip(data, spread, strict=True):
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
                strength = self.vocab.mark_strength(seen.cells[col].text) if col < len(seen.cells) else None
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
