"""Project cards, the records: a walk over the blocks that adds the plan tree, schedules, actors, indicators."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.model.ir import Block, Row
from pipeline.model.records import Measure, MeasureActor, Schedule
from pipeline.normalize.text import circled_to_int, clean, nfkc
from pipeline.normalize.tokenize import is_heading
from pipeline.segment import indicator_tables
from pipeline.segment.base import Extraction, child_id, provenance
from pipeline.segment.layouts.project_cards_read import (
    ACTOR_ROLES,
    BULLET,
    GOAL_HEADING,
    MAX_HEADING_LEN,
    MEASURE_HEADING,
    MEASURE_KIND,
    SECTION,
    Node,
    TreeItem,
    card_groups,
    is_tree,
    parse_card,
    parse_tree,
)


@dataclass
class Builder:
    """Walks the blocks in reading order and adds the plan tree's records."""

    ext: Extraction
    plan_id: str
    era: str | None
    seq: int = 0
    goal: dict[str, Any] | None = None  # the open goal heading's fields
    bare_goal: tuple[re.Match[str], Block] | None = None  # a goal number whose title is on the next line
    goal_ids: dict[str, str] = field(default_factory=dict)
    listed_goals: dict[str, dict[str, Any]] = field(default_factory=dict)
    measure: Node | None = None
    pending: dict[str, Any] | None = None  # the open measure's fields, added once its aims are read
    cards: dict[str, Node] = field(default_factory=dict)
    tree: list[TreeItem] = field(default_factory=list)
    actor_names: dict[int, str] = field(default_factory=dict)
    indicator_seq: int = 0
    indicator_ids: set[str] = field(default_factory=set)

    def add_measure(self, fields: dict[str, Any]) -> str | None:
        """Add one measure; returns its id (None when it failed validation)."""
        rec = self.ext.add(Measure, plan_id=self.plan_id, **fields)
        return rec.measure_id if rec else None

    def new_measure(self, parent_id: str | None, code: str, **fields: Any) -> dict[str, Any]:
        """The fields of the next measure in document order below `parent_id` (None: the plan)."""
        self.seq += 1
        measure_id = child_id(parent_id or self.plan_id, code)
        return {"measure_id": measure_id, "parent_id": parent_id, "code": code, "seq": self.seq, **fields}

    def goal_id(self) -> str | None:
        """The open goal's id, adding the goal record where its content starts."""
        if self.goal is None:
            return None
        code = self.goal["code"]
        if code not in self.goal_ids:
            self.goal_ids[code] = self.add_measure(self.new_measure(None, **self.goal)) or ""
        return self.goal_ids[code] or None

    def flush(self) -> None:
        """Add the open measure with the aims read so far."""
        if self.pending is not None:
            if self.add_measure(self.pending) is None:
                self.measure = None
            self.pending = None

    def open_goal(self, heading: re.Match[str], title_raw: str, block: Block) -> None:
        """Make a goal heading the open goal (its record is added where its content starts)."""
        code_raw = heading.string[: heading.start(3)] if heading.group(3) else heading.string
        self.goal = {
            "code": nfkc(heading.group(2)),
            "tier": "goal",
            "kind": heading.group(1),
            "code_raw": code_raw.strip(),
            "title": clean(title_raw),
            "title_raw": title_raw,
            **provenance(block),
        }
        self.listed_goals.setdefault(self.goal["code"], self.goal)

    def visit_text(self, block: Block) -> None:
        """Headings open or close goals and measures; aim paragraphs describe the open measure."""
        raw = block.raw.strip()
        goal, measure = GOAL_HEADING.match(raw), MEASURE_HEADING.match(raw)
        bare, self.bare_goal = self.bare_goal, None
        if bare and not (goal or measure or SECTION.match(raw)) and is_heading(raw, MAX_HEADING_LEN):
            self.open_goal(bare[0], raw, bare[1])  # `基本方針1` printed on a line of its own
        elif goal and is_heading(raw, MAX_HEADING_LEN):
            self.flush()
            self.measure = None
            if goal.group(3):
                self.open_goal(goal, goal.group(3), block)
            else:
                self.goal, self.bare_goal = None, (goal, block)
        elif SECTION.match(raw) and is_heading(raw, MAX_HEADING_LEN):
            self.flush()
            self.goal = self.measure = None
        elif measure and self.goal and is_heading(raw, MAX_HEADING_LEN):
            self.flush()
            code = nfkc(measure.group(1))
            self.pending = self.new_measure(
                self.goal_id(),
                code,
                tier="measure",
                kind=MEASURE_KIND,
                code_raw=raw[: measure.start(2)].strip(),
                title=clean(measure.group(2)),
                title_raw=measure.group(2),
                **provenance(block),
            )
            self.measure = Node(self.pending["measure_id"], self.goal["code"], code)
        elif self.pending is not None:
            aim = BULLET.sub("", raw)
            if aim and (circled_to_int(aim[0]) or aim.endswith("。")):
                text = clean(aim[1:] if circled_to_int(aim[0]) else aim)
                desc = self.pending.get("description")
                self.pending["description"] = f"{desc}\n{text}" if desc else text

    def visit_table(self, block: Block, notes: list[str]) -> None:
        """Cards, the 体系図 and indicator tables; other tables inside a goal are reported."""
        self.flush()
        groups = card_groups(block)
        if groups:
            for rows in groups:
                self.add_card(rows)
        elif indicator_tables.header_columns(block.rows[0], self.era):
            self.add_indicators(block, notes)
        elif is_tree(block):
            self.tree += parse_tree(block, self.actor_names)
        elif self.goal is not None:
            where = self.goal["code_raw"]
            self.ext.warn(f"unrecognised table inside {where}; skipped", block.page, block.line)

    def add_card(self, rows: list[Row]) -> None:
        """One card: the action measure below the open measure (or goal) and its schedules."""
        card = parse_card(rows, self.era)
        for message, row in card.problems:
            self.ext.warn(f"card {card.code_raw}{message}", row.page, row.line)
        if not card.title_raw or card.code in self.cards:
            problem = ": no title" if not card.title_raw else " repeats an earlier card's number"
            self.ext.warn(f"card {card.code_raw}{problem}; skipped", rows[0].page, rows[0].line)
            return
        parent = self.measure.measure_id if self.measure else self.goal_id()
        if parent is None:
            self.ext.warn(
                f"card {card.code_raw} is outside every goal; attached to the plan",
                rows[0].page,
                rows[0].line,
            )
        fields = {
            "tier": "action",
            "kind": card.word,
            "code_raw": card.code_raw,
            "title": clean(card.title_raw),
        }
        fields |= {"title_raw": card.title_raw, "novelty": card.novelty, "description": card.description}
        mid = self.add_measure(self.new_measure(parent, card.code, **fields, **provenance(rows[0])))
        if mid is None:
            return
        goal_code = self.goal["code"] if self.goal else None
        self.cards[card.code] = Node(mid, goal_code, self.measure.measure_code if self.measure else None)
        for n, (phase, start, end) in enumerate(card.spans, start=1):
            self.ext.add(
                Schedule,
                measure_id=mid,
                seq=n,
                fy_start=start,
                fy_end=end,
                phase=phase,
                activity=None,
                source="timeline",
                **provenance(card.phase_row),
            )

    def add_indicators(self, block: Block, notes: list[str]) -> None:
        """Indicators of the open goal, or of the plan outside every goal section."""
        owner = self.goal_id()
        base = owner or self.plan_id
        for pos, row in enumerate(indicator_tables.parse_table(block, self.era, notes), start=1):
            indicator_id = f"{base}/i{row.number or pos}"
            if indicator_id in self.indicator_ids:
                n = 1 + sum(1 for i in self.indicator_ids if i.startswith(f"{base}/i"))
                self.ext.warn(
                    f"indicator {indicator_id} is numbered twice; the second one is {base}/i{n}",
                    row.page,
                    row.line,
                )
                indicator_id = f"{base}/i{n}"
            self.indicator_ids.add(indicator_id)
            self.indicator_seq += 1
            indicator_tables.add_indicator(
                self.ext, indicator_id, self.plan_id, owner, self.indicator_seq, row
            )

    def add_listed_goals(self) -> None:
        """Goals printed only in an overview list still become records."""
        for heading in self.listed_goals.values():
            self.goal = heading
            self.goal_id()

    def add_actors(self) -> None:
        """Actor marks of each 体系図 item, on the card with the same number and tree position."""
        for item in self.tree:
            at = item.row
            card = self.cards.get(str(item.number))
            if card is None:
                self.ext.warn(
                    f"体系図 item {item.label} has no card; its actors are not recorded", at.page, at.line
                )
                continue
            if (card.goal_code, card.measure_code) != (item.goal_code, item.measure_code):
                self.ext.warn(
                    f"体系図 item {item.label} sits at goal {item.goal_code}, measure {item.measure_code} but its "
                    f"card at goal {card.goal_code}, measure {card.measure_code}; actors attached by number",
                    at.page,
                    at.line,
                )
            for actor, mark in item.actors:
                if not actor:
                    self.ext.warn(
                        f"体系図 item {item.label}: mark {mark} in a column without an actor name",
                        at.page,
                        at.line,
                    )
                    continue
                self.ext.add(
                    MeasureActor,
                    measure_id=card.measure_id,
                    actor=actor,
                    role=ACTOR_ROLES[mark],
                    **provenance(at),
                )
