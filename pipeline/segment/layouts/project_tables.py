"""Project tables: a plan tree printed as headings, each node with a `事業名 | 事業内容` table.

The shape (水戸市協働推進基本計画 and plans like it):

- headings `基本方針1 市民意識の醸成…` (goal) and `基本施策1-1 市民活動情報の発信` (measure),
  spaces anywhere (`基本方針 2`, `基本施策 1-2`), each optionally followed by its paragraph
  (the node's description: the sentences printed right under the heading);
- under a 基本施策, a table whose header row is `事業名 | 事業内容`: one row per action
  (kind from the `【実施事業】` label above the table, else the header word). The table
  may be interrupted by footnotes and blank lines and continue without a header; a row
  with an empty name continues the previous row. `【新】`/`【拡充】`/`【継続】` give the
  novelty, `【重点】` the priority, `（再掲）` marks a repost, linked (`repost_of`) to the
  original action of the same plan with the same 事業内容 or, failing that, the same title;
- per goal an indicator table (`指標 | 現況 | 目標`, read by `indicator_tables`) with `※`
  notes under it, attached to the innermost open node.

The tree is usually printed more than once: an overview (`基本方針1 …` with its paragraph)
and the detailed chapter (the same headings with indicators and tables). Each restart of
the goal numbering (or a numbered section heading such as `2 基本方針`) begins a new *run*
of headings. Runs are merged by printed code; a node is recorded where it is first printed
(its title and line), the later runs add description, measures, actions and indicators.

A run whose action tables have a status column (`実施事業 | 取組状況`) is the review of the
previous plan, which becomes a second plan (title `…計画(第2次)` as printed before the review,
period NULL unless printed). Each of its actions gets one `evaluations` row with the status
as printed and fiscal_year = the year before the reviewing plan starts: the review is written
while the new plan is drafted, i.e. in the last year of the old one. Its 【主な成果】/【今後に
向けた方向性】 bullet lists are per goal, not per action, and are deliberately left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model.ir import Block, Document, Row
from pipeline.model.records import Evaluation, Measure, MeasureLink
from pipeline.normalize.eras import parse_fy_range
from pipeline.normalize.text import clean, nfkc
from pipeline.segment import indicator_tables as it
from pipeline.segment.base import (
    Context,
    Extraction,
    add_plan,
    child_id,
    dominant_era,
    parse_edition,
    provenance,
)

NAME = "project_tables"

GOAL_KINDS = ("基本方針", "基本目標")
MEASURE_KINDS = ("基本施策",)
NAME_HEADERS = ("事業名", "実施事業", "事業名称", "取組名", "主な事業")
CONTENT_HEADERS = ("事業内容", "取組内容", "内容", "概要")
STATUS_HEADERS = ("取組状況", "実施状況", "進捗状況")
PERIOD_WORDS = ("計画の期間", "計画期間")
NOVELTY = {"新": "new", "新規": "new", "拡充": "expanded", "継続": "continued"}

_HEADING = re.compile(
    rf"^\s*({'|'.join(GOAL_KINDS + MEASURE_KINDS)})\s*"
    r"([0-9０-９]+(?:\s*[-‐‑–−－ー]\s*[0-9０-９]+)*)\s*(.*?)\s*$"
)
_SECTION = re.compile(r"^(第\s*\d+\s*章|\d{1,2}\s+\S)")  # `第4章 …`, `2 基本方針`
_LABEL = re.compile(r"^【([^】]{1,10})】$")
_NOVELTY_MARK = re.compile(rf"【\s*({'|'.join(NOVELTY)})\s*】")
_PRIORITY_MARK = re.compile(r"【\s*重点\s*】")
_REPOST_MARK = re.compile(r"[(\[【]\s*再掲\s*[)\]】]")
_EDITION_PART = re.compile(r"\(?\s*第\s*[0-9一二三四五六七八九十]+\s*[次期]\s*\)?")
_TITLE_MAX = 60


@dataclass(slots=True)
class Header:
    """Column positions of an action table and the document's word for its rows."""

    name: int
    content: int | None
    status: int | None
    kind: str


@dataclass(slots=True)
class Item:
    """One action row as printed."""

    name_raw: str
    content: list[str]
    status: str | None
    kind: str
    row: Row


@dataclass(slots=True)
class Node:
    """A goal or measure heading with what is printed under it."""

    tier: str
    kind: str
    code: str
    code_raw: str
    title_raw: str
    block: Block
    description: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    indicators: list[tuple[Block, list[str]]] = field(default_factory=list)


@dataclass(slots=True)
class Run:
    """Goal headings printed in one numbering sequence."""

    goals: list[Node] = field(default_factory=list)

    @property
    def is_review(self) -> bool:
        """True when its action tables print a status column (a review of the previous plan)."""
        return any(i.status is not None for g in self.goals for n in (g, *g.children) for i in n.items)


def parse_heading(text: str) -> tuple[str, str, str, str, str] | None:
    """`基本施策 1-2 情報交換…` → (tier, kind, code, code_raw, title_raw), or None."""
    m = _HEADING.match(text)
    if not m or not m.group(3) or len(m.group(3)) > _TITLE_MAX or nfkc(text).endswith("。"):
        return None
    code = re.sub(r"\s*[-‐‑–−－ー]\s*", "-", nfkc(m.group(2)))
    tier = "goal" if m.group(1) in GOAL_KINDS else "measure"
    return tier, m.group(1), code, m.group(2), m.group(3)


def action_header(row: Row, label: str | None = None) -> Header | None:
    """The columns of a `事業名 | 事業内容` (or `実施事業 | 取組状況`) header row, or None."""
    texts = [clean(t) for t in row.texts()]

    def find(words: tuple[str, ...]) -> int | None:
        return next((i for i, t in enumerate(texts) if t in words), None)

    name, content, status = find(NAME_HEADERS), find(CONTENT_HEADERS), find(STATUS_HEADERS)
    if name is None or (content is None and status is None):
        return None
    return Header(name, content, status, label or texts[name].removesuffix("名称").removesuffix("名"))


def detect(doc: Document) -> float:
    """Score from action-table header rows (strong) and 基本方針/基本施策 headings (weak)."""
    tables = sum(1 for b in doc.tables() if b.rows and action_header(b.rows[0]))
    headings = sum(1 for b in doc.text_blocks() if parse_heading(b.raw))
    return round(0.7 * min(tables, 3) / 3 + 0.3 * min(headings, 3) / 3, 3)


def read_runs(doc: Document, ext: Extraction) -> list[Run]:
    """Walk the blocks once, collecting headings, paragraphs, action rows and indicator tables."""
    walker = Walker(ext)
    for block in doc.blocks:
        if block.kind == "text":
            walker.text(block)
        elif block.kind == "table" and block.rows:
            walker.table(block)
    return walker.runs


@dataclass(slots=True)
class Walker:
    """The reading state: open goal/measure, the action header in force, pending notes."""

    ext: Extraction
    runs: list[Run] = field(default_factory=list)
    goal: Node | None = None
    measure: Node | None = None
    para: Node | None = None  # the node whose paragraph is being read
    header: Header | None = None
    label: str | None = None  # a `【実施事業】` label just above a table
    notes: list[str] | None = None  # `※` notes of the last indicator table

    def text(self, block: Block) -> None:
        """A heading opens a node; a paragraph describes it; a note annotates indicators."""
        text = nfkc(block.raw)
        if self.notes is not None and it.is_note(text):
            self.notes.append(block.raw)
            return
        self.notes = None
        heading = parse_heading(block.raw)
        if heading:
            self.open(Node(*heading, block=block))
        elif self.para is not None and _is_paragraph(text):
            _append_paragraph(self.para.description, block.raw)
        else:
            self.para = None
            if _SECTION.match(text) and len(text) <= _TITLE_MAX and not text.endswith("。"):
                self.goal = self.measure = self.header = None
            label = _LABEL.match(clean(text))
            self.label = label.group(1) if label else None

    def open(self, node: Node) -> None:
        """Open a goal (a restart of the numbering begins a new run) or a measure."""
        self.header = self.label = None
        if node.tier == "goal":
            if self.goal is None or _number(node.code) <= _number(self.goal.code):
                self.runs.append(Run())
            self.runs[-1].goals.append(node)
            self.goal, self.measure = node, None
        elif self.goal is not None:
            self.goal.children.append(node)
            self.measure = node
        else:
            line = node.block.line
            self.ext.warn(f"{node.kind}{node.code} printed outside any goal section; ignored", line=line)
        self.para = node if self.goal is not None else None

    def table(self, block: Block) -> None:
        """An indicator table, an action table, or the continuation of one."""
        self.para, node = None, self.measure or self.goal
        first = block.rows[0]
        if node is None:
            if it.header_columns(first) is not None:
                self.ext.warn(
                    "indicator table outside any 基本方針/基本施策 section; not read", block.page, block.line
                )
            return
        if it.header_columns(first) is not None:
            self.notes = []
            node.indicators.append((block, self.notes))
            self.header = None
        elif (header := action_header(first, self.label)) is not None:
            self.header = header
            _add_rows(node, header, block.rows[1:])
        elif self.header is not None:
            _add_rows(node, self.header, block.rows)


def _is_paragraph(text: str) -> bool:
    """A sentence (ends with 。) or a long wrapped line, not a note or a bullet."""
    return not text.startswith(("※", "-", "・", "【")) and (text.endswith("。") or len(text) >= 30)


def _append_paragraph(paragraphs: list[str], raw: str) -> None:
    """Add a line; a line after one that does not end a sentence continues it."""
    if paragraphs and not nfkc(paragraphs[-1]).endswith("。"):
        paragraphs[-1] += raw.strip()
    else:
        paragraphs.append(raw.strip())


def _add_rows(node: Node, header: Header, rows: list[Row]) -> None:
    """Append action rows; a row with an empty name continues the previous row."""
    for row in rows:
        name, content, status = (_cell_lines(row, i) for i in (header.name, header.content, header.status))
        if not clean(" ".join(name)) and node.items:
            node.items[-1].content.extend(content)
            continue
        status_text = clean(" ".join(status)) if header.status is not None else None
        node.items.append(Item("\n".join(name), list(content), status_text, header.kind, row))


def _cell_lines(row: Row, index: int | None) -> list[str]:
    """The lines of cell `index` of `row` ([] when the column is absent)."""
    return row.cells[index].lines if index is not None and index < len(row.cells) else []


def _number(code: str) -> int:
    """The leading number of a code: `1-2` → 1."""
    return int(code.split("-")[0])


def _key(title: str) -> str:
    """A title with spaces and punctuation removed, for comparing two printings."""
    return re.sub(r"[\s、,・.。]", "", clean(title))


def merge_runs(runs: list[Run], ext: Extraction) -> list[Node]:
    """Merge the goals of several runs by printed code; the first printing keeps title and line."""
    merged: list[Node] = []
    for run in runs:
        _merge_into(merged, run.goals, ext)
    return merged


def _merge_into(target: list[Node], nodes: list[Node], ext: Extraction) -> None:
    """Merge `nodes` into `target` by code, recursively."""
    for node in nodes:
        same = next((t for t in target if t.code == node.code), None)
        if same is None:
            target.append(node)
            continue
        if _key(same.title_raw) != _key(node.title_raw):
            ext.warn(
                f"{node.kind}{node.code} is printed as {clean(same.title_raw)!r} (line {same.block.line}) "
                f"and as {clean(node.title_raw)!r}; keeping the first",
                node.block.page,
                node.block.line,
            )
        same.description = same.description or node.description
        same.items.extend(node.items)
        same.indicators.extend(node.indicators)
        _merge_into(same.children, node.children, ext)


def strip_marks(name: str) -> tuple[str, str | None, bool, bool]:
    """`若者応援枠の創設 【新】` → (title, novelty, is_priority, is_repost)."""
    text = clean(name)
    novelty = next((NOVELTY[m.group(1)] for m in _NOVELTY_MARK.finditer(text)), None)
    priority = bool(_PRIORITY_MARK.search(text))
    repost = bool(_REPOST_MARK.search(text))
    for pattern in (_NOVELTY_MARK, _PRIORITY_MARK, _REPOST_MARK):
        text = pattern.sub("", text)
    return clean(text), novelty, priority, repost


def _paragraphs(lines: list[str]) -> str | None:
    """Cleaned paragraphs joined by newlines (None when nothing is printed)."""
    return "\n".join(t for t in (clean(x) for x in lines) if t) or None


@dataclass(slots=True)
class Emitter:
    """Adds the records of one plan's tree in document order."""

    ext: Extraction
    plan_id: str
    era: str | None
    seq: int = 0
    indicator_seq: int = 0
    actions: list[tuple[Measure, Item]] = field(default_factory=list)

    def node(self, node: Node, parent: str | None) -> None:
        """Add a goal/measure, its indicators and actions, then its children."""
        mid = child_id(parent or self.plan_id, node.code)
        self.seq += 1
        self.ext.add(
            Measure,
            measure_id=mid,
            plan_id=self.plan_id,
            parent_id=parent,
            tier=node.tier,
            kind=node.kind,
            code=node.code,
            code_raw=node.code_raw,
            seq=self.seq,
            title=clean(node.title_raw),
            title_raw=node.title_raw,
            description=_paragraphs(node.description),
            **provenance(node.block),
        )
        self.indicators(node, mid)
        for pos, item in enumerate(node.items, start=1):
            self.seq += 1
            record = _add_action(self.ext, self.plan_id, mid, pos, self.seq, item)
            if record is not None:
                self.actions.append((record, item))
        for child in node.children:
            self.node(child, mid)

    def indicators(self, node: Node, mid: str) -> None:
        """Add the indicator rows printed under `node` (id: printed number or position)."""
        position = 0
        for block, notes in node.indicators:
            rows = it.parse_table(block, self.era, notes)
            if not rows:
                self.ext.warn("indicator table without readable rows", block.page, block.line)
            for row in rows:
                position += 1
                self.indicator_seq += 1
                number = row.number or str(position)
                it.add_indicator(self.ext, f"{mid}/i{number}", self.plan_id, mid, self.indicator_seq, row)


def emit_tree(ext: Extraction, pid: str, goals: list[Node], era: str | None, eval_fy: int | None) -> None:
    """Add measures, indicators, evaluations and repost links of one plan."""
    emitter = Emitter(ext, pid, era)
    for goal in goals:
        emitter.node(goal, None)
    for record, item in emitter.actions:
        if item.status is not None:
            _add_evaluation(ext, record, item, eval_fy)
    link_reposts(ext, emitter.actions)


def _add_action(ext: Extraction, pid: str, parent: str, pos: int, seq: int, item: Item) -> Measure | None:
    """Add one action row as an `action` measure (code NULL, id = position)."""
    title, novelty, priority, repost = strip_marks(item.name_raw)
    if not title:
        ext.warn(
            f"action row without a name: {clean(' '.join(item.content))[:40]!r}", item.row.page, item.row.line
        )
        return None
    return ext.add(
        Measure,
        measure_id=child_id(parent, str(pos)),
        plan_id=pid,
        parent_id=parent,
        tier="action",
        kind=item.kind,
        seq=seq,
        title=title,
        title_raw=item.name_raw,
        description=_paragraphs(item.content),
        novelty=novelty,
        is_priority=priority,
        is_repost=repost,
        **provenance(item.row),
    )


def _add_evaluation(ext: Extraction, action: Measure, item: Item, fiscal_year: int | None) -> None:
    """One `evaluations` row per reviewed action, status as printed."""
    if not item.status:
        ext.warn(f"no status printed for {action.title!r}", item.row.page, item.row.line)
        return
    if fiscal_year is None:
        message = f"status {item.status!r} of {action.title!r} has no year (the plan period is unknown)"
        ext.warn(message, item.row.page, item.row.line)
        return
    ext.add(
        Evaluation,
        measure_id=action.measure_id,
        fiscal_year=fiscal_year,
        status=item.status,
        **provenance(item.row),
    )


def link_reposts(ext: Extraction, actions: list[tuple[Measure, Item]]) -> None:
    """Link each reposted action to its original: same 事業内容 first, then same title."""
    originals = [a for a, _ in actions if not a.is_repost]
    for action, item in actions:
        if not action.is_repost:
            continue
        how, dst = "content", None
        if action.description:
            dst = next((o for o in originals if o.description == action.description), None)
        if dst is None:
            how, dst = "title", next((o for o in originals if o.title == action.title), None)
        if dst is None:
            message = f"reposted action {action.title!r}: no original with the same content or title"
            ext.warn(message, item.row.page, item.row.line)
        ext.add(
            MeasureLink,
            src_id=action.measure_id,
            dst_id=dst.measure_id if dst else None,
            dst_label=dst.title if dst else action.title,
            link_type="repost_of",
            note=f"matched on {how}" if dst else None,
            **provenance(item.row),
        )


def plan_title(doc: Document) -> tuple[str, int | None] | None:
    """The cover title and its line: the first short line naming a 計画, before any heading."""
    for block in doc.text_blocks():
        text = clean(block.raw)
        if parse_heading(block.raw) or _SECTION.match(text):
            return None
        if "計画" in text and len(text) <= 40 and not text.endswith("。"):
            return text, block.line
    return None


def plan_period(doc: Document, era: str | None) -> tuple[int | None, int | None]:
    """`本計画の期間は、2024（令和6）年度から2028（令和10）年度まで` → (2024, 2028)."""
    for block in doc.text_blocks():
        if any(w in nfkc(block.raw) for w in PERIOD_WORDS):
            start, end = parse_fy_range(block.raw, era)
            if start and end and end > start:
                return start, end
    return None, None


def reviewed_title(doc: Document, title: str, edition: int | None, before: int) -> tuple[str, int] | None:
    """The reviewed plan's title and line: the same title with another edition, printed before its review."""
    base = _EDITION_PART.sub("", title)
    pattern = re.compile(re.escape(base) + r"\s*\(\s*第\s*[0-9一二三四五六七八九十]+\s*[次期]\s*\)")
    found = [
        (m.group(0), b.line or 0)
        for b in doc.text_blocks()
        for m in pattern.finditer(clean(b.raw))
        if parse_edition(m.group(0)) not in (None, edition)
    ]
    preceding = [f for f in found if f[1] < before]
    if preceding:
        return preceding[-1]
    earlier = [f for f in found if (parse_edition(f[0]) or 0) < (edition or 0)]
    return max(earlier, key=lambda f: parse_edition(f[0]) or 0) if earlier else None


def segment(doc: Document, ctx: Context) -> Extraction:
    """Read the plan (and the reviewed previous plan, if any) with their trees."""
    ext = Extraction(ctx.document_id)
    era = dominant_era(doc)
    entry = ctx.entry
    title, title_line = plan_title(doc) or (clean(entry.title if entry else "") or "計画", None)
    fy = plan_period(doc, era)
    if fy == (None, None) and entry:
        fy = (entry.plan_fy_start, entry.plan_fy_end)
    runs = read_runs(doc, ext)
    main_runs = [r for r in runs if not r.is_review]
    review_runs = [r for r in runs if r.is_review]
    pid = add_plan(ext, ctx, title, fy=fy, line=title_line)
    emit_tree(ext, pid, merge_runs(main_runs, ext), era, None)
    if review_runs:
        first_line = review_runs[0].goals[0].block.line or 0
        old = reviewed_title(doc, title, parse_edition(title), first_line)
        if old is None:
            old = (f"{_EDITION_PART.sub('', title)}(前計画)", first_line)
            ext.warn(f"title of the reviewed plan not printed; using {old[0]!r}", line=first_line)
        old_pid = add_plan(
            ext, ctx, old[0], fy=(None, None), status="final", line=old[1]
        )  # reviewed: it was in force
        eval_fy = fy[0] - 1 if fy[0] else None
        emit_tree(ext, old_pid, merge_runs(review_runs, ext), era, eval_fy)
    if not ext.get("measures"):
        ext.warn("no 基本方針/基本施策 headings with action tables found")
    return ext
