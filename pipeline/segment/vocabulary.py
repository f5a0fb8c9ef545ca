"""The words the recognizers read (`pipeline/data/vocabulary.toml`), validated by a pydantic model.

A bad key or an empty list is an error that names it; every word is kept in its
matching form (NFKC, no spaces), so lookups compare like with like.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from pipeline.errors import InvalidInput
from pipeline.normalize.text import clean, nfkc

ROLES = (
    "name", "content", "department", "period", "grade", "indicator", "baseline", "target", "actual",
    "unit", "code", "novelty", "note", "actor", "old", "new", "partner", "summary",
)  # fmt: skip
TIERS = ("goal", "measure", "action")


def key(text: str | None) -> str:
    """The matching form of a printed word: normal form without spaces or brackets around it."""
    return clean(text).replace(" ", "").strip("【】[]〔〕<>＜＞()（）《》「」:：")


_YEAR_PREFIX = re.compile(r"^(?:令和|平成|R|H)?(?:元|\d{1,4})年度の?")


def word_of(head: str) -> str | None:
    """The document's own word for the items of a column: `事業名` → 事業, `主な取組` → 主な取組."""
    word = key(head).removesuffix("名称").removesuffix("名")
    return word or None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _words(value: list[str]) -> tuple[str, ...]:
    words = tuple(dict.fromkeys(w for w in (key(v) for v in value) if w))
    if not words:
        raise ValueError("needs at least one word")
    return words


class Tiers(_Strict):
    goal: tuple[str, ...]
    measure: tuple[str, ...]
    action: tuple[str, ...]

    _norm = field_validator("*", mode="before")(_words)


class Roles(_Strict):
    name: tuple[str, ...]
    content: tuple[str, ...]
    department: tuple[str, ...]
    period: tuple[str, ...]
    grade: tuple[str, ...]
    indicator: tuple[str, ...]
    baseline: tuple[str, ...]
    target: tuple[str, ...]
    actual: tuple[str, ...]
    unit: tuple[str, ...]
    code: tuple[str, ...]
    novelty: tuple[str, ...]
    note: tuple[str, ...]
    actor: tuple[str, ...]
    old: tuple[str, ...]
    new: tuple[str, ...]
    partner: tuple[str, ...]
    summary: tuple[str, ...]

    _norm = field_validator("*", mode="before")(_words)


class SheetLabels(_Strict):
    name: tuple[str, ...]
    content: tuple[str, ...]
    department: tuple[str, ...]
    period: tuple[str, ...]
    grade: tuple[str, ...]
    novelty: tuple[str, ...]
    code: tuple[str, ...]
    indicator: tuple[str, ...]
    baseline: tuple[str, ...]
    target: tuple[str, ...]
    actual: tuple[str, ...]
    current: tuple[str, ...]
    partner: tuple[str, ...]
    actor: tuple[str, ...]
    summary: tuple[str, ...]
    problems: tuple[str, ...]
    issue: tuple[str, ...]
    yearly: tuple[str, ...]

    _norm = field_validator("*", mode="before")(_words)


class Marks(_Strict):
    new: tuple[str, ...]
    expanded: tuple[str, ...]
    continued: tuple[str, ...]
    repost: tuple[str, ...]
    priority: tuple[str, ...]

    _norm = field_validator("*", mode="before")(_words)


class Phases(_Strict):
    words: tuple[str, ...]
    marks: tuple[str, ...]

    _norm = field_validator("*", mode="before")(_words)


class Scale(_Strict):
    marks: tuple[str, ...]
    status: bool = False  # implementation statuses: a letter only from the document's legend

    _norm = field_validator("marks", mode="before")(_words)


class CrosswalkWords(_Strict):
    """Note words of a crosswalk (what became of an old item) and the words naming such a sheet."""

    new: tuple[str, ...]
    deleted: tuple[str, ...]
    merged: tuple[str, ...]
    split: tuple[str, ...]
    sheets: tuple[str, ...]
    draft: tuple[str, ...]

    _norm = field_validator("*", mode="before")(_words)


class Vocabulary(_Strict):
    version: str
    tiers: Tiers
    roles: Roles
    sheet_labels: SheetLabels
    action_labels: tuple[str, ...]
    plan_period_labels: tuple[str, ...]
    bullets: tuple[str, ...]
    number_words: tuple[str, ...]
    department_markers: tuple[str, ...]
    actors: tuple[str, ...]
    strong_marks: tuple[str, ...]
    weak_marks: tuple[str, ...]
    plan_words: tuple[str, ...]
    proposal_words: tuple[str, ...]
    marks: Marks
    phases: Phases
    grades: tuple[Scale, ...]
    crosswalk: CrosswalkWords
    report_words: tuple[str, ...]

    @field_validator(
        "action_labels",
        "plan_period_labels",
        "number_words",
        "department_markers",
        "actors",
        "strong_marks",
        "weak_marks",
        "plan_words",
        "proposal_words",
        "report_words",
        mode="before",
    )
    @classmethod
    def _norm(cls, value: list[str]) -> tuple[str, ...]:
        return _words(value)

    @field_validator("bullets", mode="before")
    @classmethod
    def _bullets(cls, value: list[str]) -> tuple[str, ...]:
        if not value or any(not b or len(b) > 2 for b in value):
            raise ValueError("bullets are one or two characters each")
        return tuple(value)

    def tier_of(self, word: str | None) -> str | None:
        """The tier a heading word gives (`基本目標` → goal), longest word first."""
        return _best({t: getattr(self.tiers, t) for t in TIERS}, key(word), exact=True)

    def role_of(self, header: str | None) -> str | None:
        """The role of a table column from its header text (`担当課名` → department)."""
        return _best({r: getattr(self.roles, r) for r in ROLES}, key(header))

    def role_fit(self, header: str | None) -> int:
        """How well the header names its role: 3 exactly, 2 as its start, 1 inside, 0 not."""
        text, word = key(header), self.role_word(header)
        return 0 if not word else 3 if text == word else 2 if text.startswith(word) else 1

    def role_word(self, header: str | None) -> str:
        """The header word that gave the column its role (the longest match), or ''."""
        text = key(header)
        return max(
            (w for r in ROLES for w in getattr(self.roles, r) if _matches(text, w, exact=False)),
            key=len,
            default="",
        )

    def label_of(self, label: str | None) -> str | None:
        """The field a key–value sheet's label names (`所管課` → department)."""
        labels = self.sheet_labels
        # 実施期間（…期間） → 実施期間; 令和6年度事業名 → 事業名
        text = key(re.sub(r"[(（※].*", "", nfkc(label))) or key(label)
        text = _YEAR_PREFIX.sub("", text) or text
        return _best({f: getattr(labels, f) for f in SheetLabels.model_fields}, text, exact=True)

    def novelty_of(self, text: str | None) -> str | None:
        """`new`, `expanded` or `continued` when `text` is (or is marked with) one of their words."""
        k = key(text)
        for novelty in ("new", "expanded", "continued"):
            if k in getattr(self.marks, novelty):
                return novelty
        return None

    def grade_of(self, text: str | None) -> tuple[str | None, str] | None:
        """(letter, printed) for a printed grade: `B` → (B, B), `◎` → (A, ◎), `概ね達成` → (B, 概ね達成);
        a word of a status scale has no letter: `一部実施` → (None, 一部実施)."""
        k = key(text)
        if not k:
            return None
        letter = k[0].upper()  # B, B.順調に推移していない, B:概ね順調
        if letter in {"S", "A", "B", "C", "D", "E"} and (len(k) == 1 or k[1] in ".:" or not k[1].isascii()):
            return letter, k
        for scale in self.grades:
            if k in scale.marks:
                return (None if scale.status else "ABCDE"[scale.marks.index(k)]), k
        return None

    def mark_strength(self, text: str | None) -> str | None:
        """`strong` for ◎/●, `weak` for ○/△, None for anything else (a mark matrix cell)."""
        k = key(text)
        return "strong" if k in self.strong_marks else "weak" if k in self.weak_marks else None

    def is_phase(self, text: str) -> bool:
        k = key(text)
        return bool(k) and (k in self.phases.words or k in self.phases.marks)


def _best(candidates: dict[str, tuple[str, ...]], text: str, exact: bool = False) -> str | None:
    """The name whose longest word matches `text` (exactly, or as a prefix/infix for headers)."""
    best, length = None, 0
    for name, words in candidates.items():
        for w in words:
            if _matches(text, w, exact) and len(w) > length:
                best, length = name, len(w)
    return best


def _matches(text: str, word: str, exact: bool) -> bool:
    return (
        text == word
        if exact
        else (text == word or text.startswith(word) or (len(word) >= 2 and word in text))
    )


def parse_vocabulary(data: dict) -> Vocabulary:
    try:
        return Vocabulary.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInput(f"vocabulary: {where}: {first['msg']}") from None


@cache
def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """The packaged vocabulary (or another file), validated."""
    if path is None:
        with resources.files("pipeline.data").joinpath("vocabulary.toml").open("rb") as f:
            return parse_vocabulary(tomllib.load(f))
    return parse_vocabulary(tomllib.loads(path.read_text(encoding="utf-8")))
