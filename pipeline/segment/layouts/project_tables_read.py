"""Project tables, the reading: headings and action tables into runs of nodes, merged by code."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model.ir import Block, Document, Row
from pipeline.normalize.text import clean, nfkc
from pipeline.segment import indicator_tables as it
from pipeline.segment.base import (
    Extraction,
)

GOAL_KINDS = ("基本方針", "基本目標")
MEASURE_KINDS = ("基本施策",)
NAME_HEADERS = ("事業名", "実施事業", "事業名称", "取組名", "主な事業")
CONTENT_HEADERS = ("事業内容", "取組内容", "内容", "概要")
STATUS_HEADERS = ("取組状況", "実施状況", "進捗状況")
NOVELTY = {"新": "new", "新規": "new", "拡充": "expanded", "継続": "continued"}
_HEADING = re.compile(
    rf"^\s*({'|'.join(GOAL_KINDS + MEASURE_KINDS)})\s*"
    r"([0-9０-９]+(?:\s*[-‐‑–−－ー]\s*[0-9０-９]+)*)\s*(.*?)\s*$"
)
SECTION = re.compile(r"^(第\s*\d+\s*章|\d{1,2}\s+\S)")  # `第4章 …`, `2 基本方針`
_LABEL = re.compile(r"^【([^】]{1,10})】$")
_NOVELTY_MARK = re.compile(rf"【\s*({'|'.join(NOVELTY)})\s*】")
_PRIORITY_MARK = re.compile(r"【\s*重点\s*】")
_REPOST_MARK = re.compile(r"[(\[【]\s*再掲\s*[)\]】]")
EDITION_PART = re.compile(r"\(?\s*第\s*[0-9一二三四五六七八九十]+\s*[次期]\s*\)?")
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
            if SECTION.match(text) and len(text) <= _TITLE_MAX and not text.endswith("。"):
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


def title_key(title: str) -> str:
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
        if title_key(same.title_raw) != title_key(node.title_raw):
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


def paragraphs(lines: list[str]) -> str | None:
    """Cleaned paragraphs joined by newlines (None when nothing is printed)."""
    return "\n".join(t for t in (clean(x) for x in lines) if t) or None
