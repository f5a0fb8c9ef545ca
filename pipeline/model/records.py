"""Record models: the single source of the DuckDB DDL and the Parquet schema.

Each model is one contract table (`TABLES` maps table name → model). Validators
hold the rules every record must pass: fiscal years in range, target year not
before baseline year, codes well-formed. A record that fails goes to `problems`.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

SCHEMA_VERSION = 1
MIN_FY, MAX_FY = 1900, 2100
_CODE = re.compile(r"^[0-9A-Za-z]+(?:[-.][0-9A-Za-z]+)*$")

Tier = Literal["goal", "measure", "action"]
Severity = Literal["error", "warning"]


class Record(BaseModel):
    """Base of every record: strict fields, provenance columns shared by all."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Provenance(Record):
    document_id: str
    page: int | None = None
    line: int | None = None
    bbox: list[float] | None = None


def _check_fy(value: int | None) -> int | None:
    if value is not None and not MIN_FY <= value <= MAX_FY:
        raise ValueError(f"fiscal year {value} is outside {MIN_FY}–{MAX_FY}")
    return value


class DocumentRecord(Record):
    document_id: str
    path: str
    sha256: str
    format: Literal["pdf", "text"]
    pages: int | None = None
    title: str | None = None
    municipality_code: str | None = None
    prefecture: str | None = None
    city: str | None = None
    doc_kind: Literal["plan", "crosswalk", "progress_report"] | None = None
    status: Literal["draft", "final"] | None = None
    published: str | None = None
    layout: str | None = None
    parser_version: str
    encoding: str | None = None
    entry_hash: str | None = None  # of the manifest row: an edited row re-parses the document


class Plan(Provenance):
    plan_id: str  # `<plan_key>@<document_id>`: one document's version of the plan, unique
    plan_key: str  # the plan across its versions and formats: `08201-kyodo-3`
    municipality_code: str | None = None
    city: str | None = None
    title: str
    edition: int | None = None
    status: Literal["draft", "final"] | None = None
    fy_start: int | None = None
    fy_end: int | None = None

    _fy = field_validator("fy_start", "fy_end")(_check_fy)

    @model_validator(mode="after")
    def _period(self) -> Plan:
        if self.fy_start and self.fy_end and self.fy_end < self.fy_start:
            raise ValueError(f"plan ends ({self.fy_end}) before it starts ({self.fy_start})")
        return self


class Measure(Provenance):
    measure_id: str
    plan_id: str
    parent_id: str | None = None
    tier: Tier
    kind: str
    code: str | None = None
    code_raw: str | None = None
    seq: int
    title: str
    title_raw: str | None = None
    description: str | None = None
    issue: str | None = None
    is_priority: bool = False
    novelty: Literal["new", "expanded", "continued"] | None = None
    is_repost: bool = False

    @field_validator("code")
    @classmethod
    def _code(cls, value: str | None) -> str | None:
        if value is not None and not _CODE.match(value):
            raise ValueError(f"code {value!r} is not ASCII numbering such as 1-1")
        return value

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("empty title")
        return value


class MeasureDepartment(Provenance):
    measure_id: str
    seq: int
    department: str
    bureau: str | None = None
    department_raw: str
    former_department: str | None = None


class Schedule(Provenance):
    measure_id: str
    seq: int
    fy_start: int
    fy_end: int
    phase: str | None = None
    activity: str | None = None
    activity_raw: str | None = None
    source: Literal["yearly_plan", "timeline"]

    _fy = field_validator("fy_start", "fy_end")(_check_fy)

    @model_validator(mode="after")
    def _order(self) -> Schedule:
        if self.fy_end < self.fy_start:
            raise ValueError(f"schedule ends ({self.fy_end}) before it starts ({self.fy_start})")
        return self


class Indicator(Provenance):
    indicator_id: str
    plan_id: str
    measure_id: str | None = None
    seq: int
    name: str
    name_raw: str | None = None
    unit: str | None = None
    baseline_value: float | None = None
    baseline_text: str | None = None
    baseline_fy: int | None = None
    target_value: float | None = None
    target_text: str | None = None
    target_fy: int | None = None
    actual_value: float | None = None
    actual_text: str | None = None
    actual_fy: int | None = None
    note: str | None = None

    _fy = field_validator("baseline_fy", "target_fy", "actual_fy")(_check_fy)

    @model_validator(mode="after")
    def _years(self) -> Indicator:
        if self.baseline_fy and self.target_fy and self.target_fy < self.baseline_fy:
            raise ValueError(f"target year {self.target_fy} is before baseline year {self.baseline_fy}")
        return self


class IndicatorValue(Provenance):
    indicator_id: str
    kind: Literal["baseline", "target", "actual"]
    fiscal_year: int | None = None
    year_kind: Literal["fiscal", "calendar"] = "fiscal"
    value: float | None = None
    value_text: str
    unit: str | None = None
    qualifier: str | None = None
    note: str | None = None

    _fy = field_validator("fiscal_year")(_check_fy)


class Evaluation(Provenance):
    measure_id: str
    fiscal_year: int
    grade: str | None = None
    status: str | None = None
    summary: str | None = None
    problems: str | None = None

    _fy = field_validator("fiscal_year")(_check_fy)

    @field_validator("grade")
    @classmethod
    def _grade(cls, value: str | None) -> str | None:
        if value is not None and value not in {"A", "B", "C", "D", "E", "S"}:
            raise ValueError(f"grade {value!r} is not a letter grade")
        return value


class MeasureLink(Provenance):
    src_id: str
    dst_id: str | None = None
    dst_label: str | None = None
    link_type: Literal["successor", "repost_of", "supports", "references"]
    strength: Literal["strong", "weak"] | None = None
    note: str | None = None


class MeasureActor(Provenance):
    measure_id: str
    actor: str
    role: Literal["lead", "partner"] | None = None


class Term(Provenance):
    measure_id: str
    term: str
    pos: str
    freq: int


class Problem(Record):
    document_id: str
    severity: Severity
    stage: str
    message: str
    page: int | None = None
    line: int | None = None


class Meta(Record):
    key: str
    value: str


TABLES: dict[str, type[Record]] = {
    "documents": DocumentRecord,
    "plans": Plan,
    "measures": Measure,
    "measure_departments": MeasureDepartment,
    "schedules": Schedule,
    "indicators": Indicator,
    "indicator_values": IndicatorValue,
    "evaluations": Evaluation,
    "measure_links": MeasureLink,
    "measure_actors": MeasureActor,
    "terms": Term,
    "problems": Problem,
}
# `meta` is written by the database build, not per document.
ALL_TABLES: dict[str, type[Record]] = {**TABLES, "meta": Meta}


# Derived tables: computed by the database build from the loaded record tables
# (they are cross-document), never stored in normalized/. Same type map.


class ThemeRecord(Record):
    """One theme of the taxonomy (pipeline/data/themes.toml), in its order."""

    theme: str
    seq: int
    en: str
    description: str
    keywords: list[str]


class MeasureTheme(Record):
    """A theme of a measure, with the taxonomy keywords that gave it."""

    measure_id: str
    theme: str
    score: float
    matched_terms: list[str]
    inherited_from: str | None = None  # the ancestor whose themes an unmatched action took


class SimilarAction(Record):
    """One of the k actions of other cities most similar to an action (TF-IDF cosine over terms)."""

    measure_id: str
    other_measure_id: str
    score: float
    rank: int


DERIVED_TABLES: dict[str, type[Record]] = {
    "themes": ThemeRecord,
    "measure_themes": MeasureTheme,
    "similar_actions": SimilarAction,
}


# Declared in the DDL: a repeated id makes the database build fail (with a message naming
# the id and its documents) instead of silently doubling rows. Identity tables only:
# the big per-measure tables (terms, schedules …) stay without an index for load speed.
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("document_id",),
    "plans": ("plan_id",),
    "measures": ("measure_id",),
    "indicators": ("indicator_id",),
    "meta": ("key",),
    "themes": ("theme",),
    "measure_themes": ("measure_id", "theme"),
    "similar_actions": ("measure_id", "other_measure_id"),
}
