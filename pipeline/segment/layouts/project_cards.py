"""Project cards: a plan tree whose concrete units are printed as one card table each.

The shape (e.g. 一関市協働推進計画):

- goal headings `基本方針1 協働のための人づくり` (they may also be listed once in an
  overview before their sections; a goal's record is added where its content starts),
- measure headings `(1) 市民意識の啓発`, numbered within the goal, followed by
  their aims (`① …` paragraphs, kept as the description),
- one card table per action: a header row `事業1 | title | 拡充` (novelty word
  anywhere in the row), a `内容 | ○… ○… | 実施年度` row, a year strip
  (`6年度 7年度 …`, bare years in the document's era) and a phase row
  (`検討 → 実施 → →`: an arrow continues the phase before it),
- a tree table (体系図) listing the actions as `①…⑱` with actor columns marked
  ◎ (lead) / ○ (partner); its items are matched to the cards by number and tree
  position and never become measures of their own,
- indicator tables (指標 | 単位 | 現状 | 目標): inside a goal section they belong to
  the goal, outside every goal section to the whole plan.

Numbered section headings (`6 成果指標`, `第4章 …`) close the current goal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.model.ir import Block, Document, Row
from pipeline.model.records import Measure, MeasureActor, Schedule
from pipeline.normalize.eras import parse_fy, parse_fy_range
from pipeline.normalize.text import circled_to_int, clean, nfkc
from pipeline.normalize.tokenize import is_heading
from pipeline.segment import indicator_tables
from pipeline.segment.base import Context, Extraction, add_plan, child_id, dominant_era, provenance

NAME = "project_cards"

GOAL_WORDS = ("基本方針", "基本目標")
MEASURE_KIND = "施策"
CARD_WORDS = ("事業",)
CONTENT_WORDS = ("内容", "事業内容", "取組内容")
YEAR_LABELS = ("実施年度", "スケジュール")
NOVELTY = {"新規": "new", "拡充": "expanded", "継続": "continued"}
ARROWS = "→⇒➡"
ACTOR_ROLES = {"◎": "lead", "○": "partner"}
PLAN_TITLE_ENDINGS = ("計画", "プラン", "指針", "ビジョン")
MAX_HEADING_LEN = 40

# Headings are matched on the printed text: \d and \s also match full-width digits and spaces.
_GOAL = re.compile(rf"^({'|'.join(GOAL_WORDS)})\s*(\d+)\s*(\S.*)?$")
_MEASURE = re.compile(r"^[(（]\s*(\d+)\s*[)）]\s*(\S.*)$")
_CARD = re.compile(rf"^({'|'.join(CARD_WORDS)})\s*(\d+)$")
_SECTION = re.compile(r"^(?:第\s*\d+\s*章|\d+(?:-\d+)?\s+\S)")
_YEAR = re.compile(r"^(?:令和|平成|R|H)?\s*(?:元|\d{1,4})\s*年度$")
_EDITION_LINE = re.compile(r"^\(?\s*第\s*\S{1,3}\s*[次期]\s*\)?$")
_PERIOD = re.compile(r"年度\s*[~\-–―]\s*\S*年度")
_BULLET = re.compile(r"^[-*•・]\s*")
_ITEM_SPLIT = re.compile(r"(?<=。)\s*(?=○)")


@dataclass(slots=True)
class Node:
    """A measure id with its position in the tree (goal code, measure code)."""

    measure_id: str
    goal_code: str | None
    measure_code: str | None


@dataclass(slots=True)
class TreeItem:
    """One 体系図 item (①…) with its tree position and actor marks."""

    label: str
    number: int
    goal_code: str | None
    measure_code: str | None
    actors: list[tuple[str, str]]
    row: Row


def first_text(row: Row) -> str:
    """The first non-empty cell of a row, NFKC-normalized."""
    return next((t for c in row.cells if (t := nfkc(c.raw))), "")


def card_groups(block: Block) -> list[list[Row]]:
    """The cards of a table block: rows from one `事業N` header row to the next."""
    groups: list[list[Row]] = []
    for row in block.rows:
        if _CARD.match(first_text(row)):
            groups.append([row])
        elif groups:
            groups[-1].append(row)
    return groups


def year_columns(row: Row, era: str | None) -> list[tuple[int, int]]:
    """(cell index, fiscal year) of a year strip row; empty when `row` is not one."""
    found = [(i, parse_fy(nfkc(c.raw), era)) for i, c in enumerate(row.cells) if _YEAR.match(nfkc(c.raw))]
    years = [(i, fy) for i, fy in found if fy is not None]
    return years if len(years) >= 2 else []


def find_year_row(rows: list[Row], era: str | None) -> int | None:
    """Index of the year strip row among a card's rows."""
    return next((i for i, r in enumerate(rows) if year_columns(r, era)), None)


def find_content_row(rows: list[Row]) -> int | None:
    """Index of the card's `内容` row."""
    return next((i for i, r in enumerate(rows) if first_text(r).replace(" ", "") in CONTENT_WORDS), None)


def detect(doc: Document) -> float:
    """Score cards (`事業N` header rows) by how many carry a year strip and a `内容` row."""
    era = dominant_era(doc)
    cards = [g for b in doc.tables() for g in card_groups(b)]
    if not cards:
        return 0.0
    n = len(cards)
    strips = sum(1 for g in cards if find_year_row(g, era) is not None)
    content = sum(1 for g in cards if find_content_row(g) is not None)
    return round(0.3 + 0.35 * strips / n + 0.25 * content / n + 0.1 * min(n, 3) / 3, 3)


def description_lines(rows: list[Row]) -> list[str]:
    """The ○ items of a card's `内容` rows (label cells left out), cleaned, one per line."""
    lines = []
    for cell in (c for row in rows for c in row.cells):
        if nfkc(cell.raw).replace(" ", "") in CONTENT_WORDS + YEAR_LABELS:
            continue
        for line in cell.lines:
            lines += [t for piece in _ITEM_SPLIT.split(line) if (t := clean(piece.lstrip("○ ")))]
    return lines


def phase_spans(years: list[tuple[int, int]], row: Row | None) -> list[tuple[str, int, int]] | None:
    """(phase, first year, last year) per span of a phase row; None when it cannot be read."""
    if row is None:
        return None
    cells = [nfkc(c.raw) for c in row.cells]
    filled = [i for i, t in enumerate(cells) if t]
    if filled and set(filled) <= {i for i, _ in years}:
        texts = [cells[i] if i < len(cells) else "" for i, _ in years]
    elif filled and len(filled) == len(years):  # cells shifted against the strip: read in order
        texts = [cells[i] for i in filled]
    else:
        return None
    spans: list[list[Any]] = []
    current: list[Any] | None = None
    for text, (_, fy) in zip(texts, years, strict=True):
        word = clean(text.strip(ARROWS + " "))
        if word:
            current = [word, fy, fy]
            spans.append(current)
        elif text and current is not None:
            current[2] = fy
        elif text:
            return None  # an arrow with no phase before it
        else:
            current = None
    return [(w, a, b) for w, a, b in spans]


@dataclass(slots=True)
class Card:
    """What one card table prints, with the problems found reading it."""

    word: str
    code: str
    code_raw: str
    title_raw: str
    novelty: str | None
    description: str | None
    spans: list[tuple[str, int, int]]
    phase_row: Row
    problems: list[tuple[str, Row]]


def parse_card(rows: list[Row], era: str | None) -> Card:
    """Read a card: header row (`事業N | title | 新規`), `内容` rows, year strip and phase row."""
    head, problems = rows[0], []
    cells = [t for c in head.cells if (t := c.raw.strip())]
    m = _CARD.match(nfkc(cells[0]))
    word, code = (m.group(1), nfkc(m.group(2))) if m else (cells[0], cells[0])
    words = [nfkc(t).strip("【】[]() ") for t in cells[1:]]
    novelty = [NOVELTY[w] for w in words if w in NOVELTY]
    titles = [t for t, w in zip(cells[1:], words, strict=True) if w not in NOVELTY]
    if len(titles) > 1 or len(novelty) > 1:
        problems.append((": several titles or novelty words in the header row; titles joined", head))
    ci, yi = find_content_row(rows), find_year_row(rows, era)
    if ci is None:
        problems.append((" has no 内容 row", head))
    content = [] if ci is None else rows[ci : yi if yi is not None and yi > ci else None]
    strip = rows[yi] if yi is not None else None
    phase_row = rows[yi + 1] if yi is not None and yi + 1 < len(rows) else None
    read = [head, *content, strip, phase_row]
    unread = [r for r in rows if not any(r is x for x in read) and first_text(r)]
    problems += [(": a row outside 内容 and the year strip is not read", r) for r in unread]
    spans = phase_spans(year_columns(strip, era), phase_row) if strip else None
    at = phase_row or strip or head
    if spans is None:
        problems.append(
            (": the phase row cannot be read against the year strip" if strip else " has no year strip", at)
        )
    return Card(
        word=word,
        code=code,
        code_raw=cells[0],
        title_raw=" ".join(titles),
        novelty=novelty[0] if novelty else None,
        description="\n".join(description_lines(content)) or None,
        spans=spans or [],
        phase_row=at,
        problems=problems,
    )


def find_plan_title(doc: Document) -> tuple[str, Block, str | None] | None:
    """(printed title with its edition line, title block, printed period) from the cover."""
    cover: list[Block] = []
    for block in doc.blocks:
        if block.kind != "text" or _SECTION.match(block.raw.strip()):
            break
        cover.append(block)
    period = next((b.raw for b in cover if _PERIOD.search(nfkc(b.raw))), None)
    for i, block in enumerate(cover):
        text = clean(block.raw)
        if len(text) <= MAX_HEADING_LEN and text.endswith(PLAN_TITLE_ENDINGS):
            edition = next(
                (b.raw.strip() for b in cover[i + 1 : i + 2] if _EDITION_LINE.match(nfkc(b.raw))), ""
            )
            return block.raw.strip() + edition, block, period
    return None


def read_plan(ext: Extraction, doc: Document, ctx: Context, era: str | None) -> str:
    """The plan record: title, edition and period as printed, else from the manifest."""
    entry = ctx.entry
    found = find_plan_title(doc)
    if found is None:
        ext.warn("no plan title printed on the cover; using the manifest title")
    title = clean(found[0]) if found else clean(entry.title if entry else "") or ctx.document_id
    start, end = parse_fy_range(found[2], era) if found and found[2] else (None, None)
    if start is None and entry:
        start, end = entry.plan_fy_start, entry.plan_fy_end
    return add_plan(ext, ctx, title, fy=(start, end), **(provenance(found[1]) if found else {}))


def item_index(raws: list[str]) -> int | None:
    """Index of the cell holding a circled-number item (`①情報発信…`)."""
    return next((i for i, t in enumerate(raws) if t and circled_to_int(t[0])), None)


def is_tree(block: Block) -> bool:
    """A 体系図: rows with a circled-number item followed by actor marks."""
    for row in block.rows:
        raws = [c.raw.strip() for c in row.cells]
        i = item_index(raws)
        if i is not None and any(t in ACTOR_ROLES for t in raws[i + 1 :]):
            return True
    return False


def parse_tree(block: Block, names: dict[int, str]) -> list[TreeItem]:
    """Items of a 体系図 table with their goal, measure number and actor marks.

    `names` maps an actor column index to the printed actor; it is filled from the
    header rows and reused by a continuation table printed without them.
    """
    items: list[TreeItem] = []
    goal = measure = None
    for row in block.rows:
        raws = [c.raw.strip() for c in row.cells]
        i = item_index(raws)
        position = [nfkc(t) for t in raws[: len(raws) if i is None else i]]
        for text in position:
            if m := _GOAL.match(text):
                goal, measure = nfkc(m.group(2)), None
            elif text.isdigit():
                measure = text
        if i is None:
            if not items and not any(_GOAL.match(t) for t in position):
                names.update({j: clean(t) for j, t in enumerate(raws) if t})
            continue
        actors = [(names.get(j, ""), t) for j, t in enumerate(raws) if j > i and t in ACTOR_ROLES]
        label, number = raws[i][0] + clean(raws[i][1:]), circled_to_int(raws[i][0]) or 0
        items.append(TreeItem(label, number, goal, measure, actors, row))
    return items


def following_notes(blocks: list[Block], i: int) -> list[str]:
    """The `※` note lines printed right after block `i`."""
    notes = []
    for block in blocks[i + 1 :]:
        if block.kind != "text" or not indicator_tables.is_note(block.raw):
            break
        notes.append(block.raw)
    return notes


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
        goal, measure = _GOAL.match(raw), _MEASURE.match(raw)
        bare, self.bare_goal = self.bare_goal, None
        if bare and not (goal or measure or _SECTION.match(raw)) and is_heading(raw, MAX_HEADING_LEN):
            self.open_goal(bare[0], raw, bare[1])  # `基本方針1` printed on a line of its own
        elif goal and is_heading(raw, MAX_HEADING_LEN):
            self.flush()
            self.measure = None
            if goal.group(3):
                self.open_goal(goal, goal.group(3), block)
            else:
                self.goal, self.bare_goal = None, (goal, block)
        elif _SECTION.match(raw) and is_heading(raw, MAX_HEADING_LEN):
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
            aim = _BULLET.sub("", raw)
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


def segment(doc: Document, ctx: Context) -> Extraction:
    """Read the plan, its goal/measure/card tree, schedules, actors and indicators."""
    ext = Extraction(ctx.document_id)
    era = dominant_era(doc)
    builder = Builder(ext, read_plan(ext, doc, ctx, era), era)
    for i, block in enumerate(doc.blocks):
        if block.kind == "text":
            builder.visit_text(block)
        elif block.kind == "table" and block.rows:
            builder.visit_table(block, following_notes(doc.blocks, i))
    builder.flush()
    builder.add_listed_goals()
    builder.add_actors()
    return ext
