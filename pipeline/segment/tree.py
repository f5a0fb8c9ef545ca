"""The plan tree under construction: nodes, the heading outline, pruning and tiers.

Headings open nodes (an outline keyed by numbering style: a style seen before
closes the levels below it; a heading known by its look, `look.py`, closes the look levels
not larger than its own and a numbered heading printed with the same look); table rows,
list items and sheets add actions under the innermost open node. When the document is read, headings that lead to no
action are dropped (they were the plan's preface or appendix), and every node
gets its tier: the vocabulary's word when its heading prints one, else its depth
(top level goal, levels between measure, actions from items — or, in a plan
printed only as headings, the leaves).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.model.ir import Block
from pipeline.segment.indicator_tables import IndicatorRow
from pipeline.segment.look import level_of, rank


@dataclass(eq=False, slots=True)
class Node:
    title: str
    title_raw: str
    origin: str  # heading | group | item
    where: Any  # the IR block or row it was read from (provenance)
    code: str | None = None
    code_raw: str | None = None
    word: str | None = None  # the document's own word for it (基本目標, 施策, 事業 …)
    tier: str | None = None  # from the vocabulary, when the word says
    chapter: int = 0
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    issue: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    actors: list[tuple[str, str | None]] = field(default_factory=list)  # (actor, lead | partner | None)
    links: list[tuple[str, str]] = field(default_factory=list)  # (header marked, strong | weak)
    successors: list[tuple[Node, str | None]] = field(default_factory=list)  # (new node, note): crosswalks
    measure_id: str | None = None  # set when its record is made
    novelty: str | None = None
    is_priority: bool = False
    is_repost: bool = False
    # (fy_start, fy_end, phase, source[, where, activity_raw, activity]): where defaults to the node's
    schedules: list[tuple] = field(default_factory=list)
    references: list[tuple[str, str, Any]] = field(default_factory=list)  # (code, label, where): (No.18)
    where_of: dict[str, Any] = field(default_factory=dict)  # record kind → where it was printed
    evaluations: list[tuple[int | None, str, str]] = field(default_factory=list)  # fy, letter, printed
    summary: list[str] = field(default_factory=list)  # the evaluations' reasons (a sheet's 効果)
    problems: list[str] = field(default_factory=list)  # …and problems (問題点)
    indicators: list[IndicatorRow] = field(default_factory=list)
    own_indicators: bool = False  # its indicators are printed in its own row or card
    keep: bool = True
    level: str | None = None  # the outline level of a heading (its numbering style)
    plan: tuple[str, int] | None = None  # (title, edition) of the other plan a heading opens

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def has_items(self) -> bool:
        return any(n.origin in ("item", "group") for n in self.walk())


OUTERMOST = ("roman",)  # Ⅰ Ⅱ Ⅲ number a document's parts: never under another level


@dataclass(slots=True)
class Outline:
    """The open headings, one per numbering style, outermost first."""

    levels: list[tuple[str, Node]] = field(default_factory=list)

    def open(self, level_key: str, node: Node) -> Node | None:
        """Open `node` at the level of its style; return its parent heading.

        A style printed again closes the levels below it when its numbering continues that level;
        a number that does not, below deeper levels, reuses the style one level down (`1` goals, `1` actions).
        """
        level_key = self._level(level_key, node)
        node.level = level_key
        keys = [k for k, _ in self.levels]
        if level_key in keys:
            del self.levels[keys.index(level_key) :]
        elif (mine := rank(level_key)) is not None:  # a heading by its look closes those not larger
            outer = [
                i
                for i, (k, n) in enumerate(self.levels)
                if ((r := rank(k)) is not None and r <= mine) or (r is None and _look(n) == level_key)
            ]
            if outer:
                del self.levels[outer[0] :]
        parent = self.levels[-1][1] if self.levels else None
        self.levels.append((level_key, node))
        return parent

    def _level(self, style: str, node: Node) -> str:
        if rank(style) is not None:  # a heading by its look: its look is its level
            return style
        same = [i for i, (k, _) in enumerate(self.levels) if k.split("@")[0] == style]
        if not same:
            if style in OUTERMOST:
                self.levels.clear()
            return style
        for i in reversed(same):  # the numbering continues a level (`3-3` under `2` counts as 3): that level
            below = [_first(n.code) for _, n in self.levels[i + 1 :] if "-" in (n.code or "")]
            if _number(node.code) - 1 in (_number(self.levels[i][1].code), *below):
                return self.levels[i][0]
        inner = same[-1]
        if inner < len(self.levels) - 1:  # no continuation, and deeper levels are open: one level down
            return f"{style}@{len(self.levels)}"
        return self.levels[inner][0]

    def find(self, level_key: str, node: Node) -> Node | None:
        """The open heading at this level with the same numbering and title, if any."""
        for key, open_node in self.levels:
            if key == level_key and (open_node.code, open_node.title) == (node.code, node.title):
                return open_node
        return None

    def current(self) -> Node | None:
        return self.levels[-1][1] if self.levels else None

    def reset(self) -> None:
        self.levels.clear()


def _look(node: Node) -> str | None:
    """The look level of a numbered heading's printed line (a PDF's), as if it had no numbering."""
    where = node.where
    return level_of(where) if isinstance(where, Block) and where.size is not None else None


def _number(code: str | None) -> int:
    """The last number of a printed code (`1-3` → 3); -1 when there is none."""
    tail = (code or "").replace(".", "-").split("-")[-1]
    return int(tail) if tail.isdigit() else -1


def _first(code: str | None) -> int:
    """The first number of a compound code (`3-3` → 3); -1 when there is none."""
    head = (code or "").split("-")[0]
    return int(head) if head.isdigit() else -1


def finish(roots: list[Node], plan_indicators: list[IndicatorRow]) -> list[Node]:
    """Drop headings that lead to no action and give every node its tier; return the kept roots.

    The indicators of a dropped heading go to its nearest kept ancestor, else to `plan_indicators`.
    """
    items = any(r.has_items() for r in roots)
    if items:
        _level_actions(roots)
        for root in roots:
            for n in root.walk():
                n.keep = n.origin != "heading" or n.has_items()
        _sections_above_goals(roots)
    kept = _kept(roots, plan_indicators)
    if (
        len(kept) == 1
        and kept[0].level in OUTERMOST
        and sum(c.origin == "heading" for c in kept[0].children) >= 2
    ):
        kept = kept[0].children  # one part (Ⅲ 総合戦略) around the whole plan: its goals are the roots
    kept = [c for root in kept for c in (_section_goals(root) or [root])]
    for root in kept:
        root.parent = None
    _closing_indicators(kept)
    for root in kept:
        _tiers(root, 1, leaves_are_actions=not items)
    return kept


def _closing_indicators(roots: list[Node]) -> None:
    """Indicators printed at the end of every goal section, after its last measure's actions (and
    nowhere else in it), measure the goals: in two goals or more, they move up to the goal."""
    moves = []
    for root in roots:
        holders = [n for n in root.walk() if n.indicators and n is not root]
        if not holders:
            continue
        last = root.children[-1] if len(root.children) >= 2 else None
        inside = [_at(n.where) for n in last.walk() if n is not last] if last is not None else []
        if holders != [last] or not inside or min(_at(row) for row in last.indicators) <= max(inside):
            return
        moves.append((root, last))
    if len(moves) >= 2:
        for root, last in moves:
            root.indicators, last.indicators = root.indicators + last.indicators, []


def _at(where: Any) -> tuple[float, float, float]:
    """Where something is printed, in reading order: page, text line, top of its box on the page."""
    bbox = getattr(where, "bbox", None)
    return (getattr(where, "page", None) or 0, getattr(where, "line", None) or 0, bbox[1] if bbox else 0)


def _section_goals(node: Node) -> list[Node]:
    """The goals of a section heading that holds only headings printed with a goal word
    (`7 主な施策` → `基本方針1 …`): the section is the document's, the goals are the plan's roots."""
    if node.origin != "heading" or node.tier or node.indicators or not node.children:
        return []
    return node.children if all(c.origin == "heading" and c.tier == "goal" for c in node.children) else []


def _level_actions(roots: list[Node]) -> None:
    """Headings at an outline level that prints actions elsewhere are actions too (when they are leaves);
    an action's indicator table belongs to the heading above it (not the indicator its own row or card prints)."""
    levels = {n.level for r in roots for n in r.walk() if n.origin == "item" and n.level}
    for root in roots:
        for n in list(root.walk()):
            if n.origin == "heading" and n.level in levels and not n.children:
                n.origin = "item"
            if n.origin == "item" and n.indicators and n.parent is not None and not n.own_indicators:
                n.parent.indicators.extend(n.indicators)
                n.indicators = []


def _sections_above_goals(roots: list[Node]) -> None:
    """Headings without a tier word above one whose word names a goal (取組の視点 1) are the
    document's sections (第2次提言を受けて…), not levels of the plan: they are dropped."""
    for root in roots:
        for n in root.walk():
            if n.origin == "heading" and n.tier == "goal" and n.keep:
                up = n.parent
                while up is not None:
                    if up.origin == "heading" and up.tier is None:
                        up.keep = False
                    up = up.parent


def _kept(nodes: list[Node], plan_indicators: list[IndicatorRow]) -> list[Node]:
    """The kept nodes, with the children of a dropped node moved up to its parent."""
    result = []
    for n in nodes:
        children = _kept(n.children, plan_indicators)
        if n.keep:
            n.children = children
            for c in children:
                c.parent = n
            result.append(n)
        else:
            moved_to = n.parent
            while moved_to is not None and not moved_to.keep:
                moved_to = moved_to.parent
            (moved_to.indicators if moved_to else plan_indicators).extend(n.indicators)
            n.indicators = []
            result.extend(children)
    return result


def _tiers(node: Node, depth: int, leaves_are_actions: bool) -> None:
    if node.origin == "item":
        node.tier = "action"
    elif node.origin == "group":
        node.tier = node.tier if node.tier in ("goal", "measure") else "measure"
    elif node.tier is None:
        if leaves_are_actions and not node.children and depth > 1:
            node.tier = "action"
        else:
            node.tier = "goal" if depth == 1 else "measure"
    if node.tier == "goal" and depth > 1:  # a goal word below a goal (基本目標 → 政策): a measure
        node.tier = "measure"
    for c in node.children:
        _tiers(c, depth + 1, leaves_are_actions)
