"""The expected answer of a generated plan: the records a correct reader must yield.

Every text field is in normal form: NFKC, spaces removed where a title was
wrapped, units taken out of indicator names. Fiscal years are Gregorian start
years (令和7年度 → 2025). Node keys are ordinal paths (`2-1-3`: third action of
the first measure of the second goal), independent of what the document prints.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Literal

Tier = Literal["goal", "measure", "action"]


def norm(text: str | None) -> str:
    """Matching form of a title or name: NFKC, no white space, 〜/～ as ~."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", text).replace("〜", "~")
    return "".join(text.split())


@dataclass
class Node:
    """A goal, measure or action of the plan tree."""

    key: str
    tier: Tier
    title: str
    parent_key: str | None = None
    kind: str | None = None  # the printed tier word (基本目標, 施策, 事業…), None when not printed
    code: str | None = None  # printed numbering in ASCII (`（１）` → `1`, `ア` → `1`, `1-2`), None when none
    code_printed: str | None = None  # the numbering exactly as printed (`（１）`, `施策1-2`)
    departments: list[str] = field(default_factory=list)
    fy_start: int | None = None
    fy_end: int | None = None
    novelty: Literal["new", "expanded", "continued"] | None = None


@dataclass
class Indicator:
    name: str
    unit: str | None = None
    baseline_value: float | None = None
    baseline_fy: int | None = None
    target_value: float | None = None
    target_fy: int | None = None
    actual_value: float | None = None
    actual_fy: int | None = None
    qualifier: str | None = None  # of the target: 以上, 以下, 程度, 約
    node_key: str | None = None  # the goal or measure it is printed under; None at plan level


@dataclass
class Evaluation:
    node_key: str
    grade: str  # as printed: A, ◎, 概ね達成…
    grade_letter: str  # position in the printed legend: best → A, next → B…
    fiscal_year: int


@dataclass
class ScheduleEntry:
    node_key: str
    fiscal_year: int
    phase: str | None  # as printed (検討, 実施…); a `→` cell carries the phase before it; marks → None


@dataclass
class ExpectedPlan:
    title: str
    fy_start: int
    fy_end: int
    kind: str = ""  # generator's plan kind: kyodo, senryaku, jisshi, kodo, (+ progress)
    nodes: list[Node] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)
    schedules: list[ScheduleEntry] = field(default_factory=list)

    def node(self, key: str | None) -> Node | None:
        return next((n for n in self.nodes if n.key == key), None) if key else None

    def of_tier(self, tier: Tier) -> list[Node]:
        return [n for n in self.nodes if n.tier == tier]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ExpectedPlan:
        return cls(
            title=data["title"],
            fy_start=data["fy_start"],
            fy_end=data["fy_end"],
            kind=data.get("kind", ""),
            nodes=[Node(**n) for n in data["nodes"]],
            indicators=[Indicator(**i) for i in data["indicators"]],
            evaluations=[Evaluation(**e) for e in data["evaluations"]],
            schedules=[ScheduleEntry(**s) for s in data["schedules"]],
        )
