"""What every layout segmenter shares: the context it gets and the output it builds.

A segmenter is a module with `NAME`, `detect(doc) -> float` (0 = not this layout,
1 = certainly) and `segment(doc, ctx) -> Extraction`. It reads the IR, applies
the normalizers and adds records through `Extraction.add`, which validates them
and turns a failure into a `problems` row carrying the record's provenance.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from pipeline.ingest.manifest import Entry
from pipeline.model.ir import Document
from pipeline.model.records import TABLES, Indicator, Measure, MeasureDepartment, Plan, Problem, Record
from pipeline.normalize.departments import Department
from pipeline.normalize.text import nfkc

_TABLE_OF = {model: name for name, model in TABLES.items()}
_ID_FIELDS = {Plan: "plan_id", Measure: "measure_id", Indicator: "indicator_id"}  # unique in a document
_ERA = re.compile(r"(令和|平成|昭和)")
_EDITION = re.compile(r"第\s*([0-9０-９一二三四五六七八九十]+)\s*[次期]")
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九十")}
# Plan-id theme words: the first one found in the plan title names the plan.
PLAN_THEMES = (
    ("協働", "kyodo"),
    ("コミュニティ", "community"),
    ("市民活動", "shimin"),
    ("地域づくり", "chiiki"),
)


@dataclass(slots=True)
class Context:
    """What a segmenter knows besides the document: its id and manifest entry."""

    document_id: str
    entry: Entry | None = None

    @property
    def municipality_code(self) -> str | None:
        return self.entry.municipality_code if self.entry else None

    @property
    def city(self) -> str | None:
        return self.entry.city if self.entry else None


@dataclass(slots=True)
class Extraction:
    """Records and problems of one document, validated as they are added."""

    document_id: str
    records: dict[str, list[Record]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _ids: dict[str, set[str]] = field(default_factory=dict, repr=False)  # ids taken, per id field

    def add(self, model: type[Record], **fields: Any) -> Record | None:
        """Validate and keep a record; on failure record a problem and return None."""
        if "document_id" in model.model_fields:
            fields.setdefault("document_id", self.document_id)
        id_field = _ID_FIELDS.get(model)
        if id_field and fields.get(id_field) is not None:
            seen = self._ids.setdefault(id_field, set())
            if fields[id_field] in seen:
                self.problem(
                    "error",
                    "validate",
                    f"{_TABLE_OF[model]} {fields[id_field]}: the id is already used in this document; record skipped",
                    fields.get("page"),
                    fields.get("line"),
                )
                return None
        try:
            record = model(**fields)
        except ValidationError as exc:
            reasons = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
            ident = next(
                (str(fields[k]) for k in ("measure_id", "indicator_id", "plan_id") if fields.get(k)), ""
            )
            self.problem(
                "error",
                "validate",
                f"{_TABLE_OF[model]} {ident}: {reasons}",
                fields.get("page"),
                fields.get("line"),
            )
            return None
        self.records.setdefault(_TABLE_OF[model], []).append(record)
        if id_field:
            self._ids.setdefault(id_field, set()).add(getattr(record, id_field))
        return record

    def problem(
        self, severity: str, stage: str, message: str, page: int | None = None, line: int | None = None
    ) -> None:
        self.problems.append(
            Problem(
                document_id=self.document_id,
                severity=severity,
                stage=stage,
                message=message,
                page=page,
                line=line,
            )
        )

    def warn(
        self, message: str, page: int | None = None, line: int | None = None, stage: str = "segment"
    ) -> None:
        self.problem("warning", stage, message, page, line)

    def get(self, table: str) -> list[Record]:
        return self.records.get(table, [])


def dominant_era(doc: Document) -> str | None:
    """The era the document prints most, for reading bare years such as `6年度`."""
    counts = Counter(m.group(1) for b in doc.blocks for m in _ERA.finditer(b.raw or ""))
    for b in doc.tables():
        for row in b.rows:
            for cell in row.cells:
                counts.update(m.group(1) for m in _ERA.finditer(cell.raw))
    return counts.most_common(1)[0][0] if counts else None


def parse_edition(title: str | None) -> int | None:
    """第3次 / 第２期 / 第三次 → 3 / 2 / 3."""
    m = _EDITION.search(title or "")
    if not m:
        return None
    token = nfkc(m.group(1))
    if token.isdigit():
        return int(token)
    if token == "十":
        return 10
    return _KANJI_DIGITS.get(token[-1]) if len(token) == 1 else None


def plan_key(municipality_code: str | None, title: str, edition: int | None) -> str:
    """A plan's identity across its documents: `08201-kyodo-3` (code, theme word, edition).

    The draft and the final version of one plan (or its text and its PDF) share the key.
    """
    theme = next((slug for word, slug in PLAN_THEMES if word in title), "plan")
    parts = [municipality_code or "00000", theme]
    if edition is not None:
        parts.append(str(edition))
    return "-".join(parts)


plan_id = plan_key  # the former name: it made the key, which is what callers pass as `key`


def qualified_plan_id(key: str, document_id: str) -> str:
    """The one place a `plan_id` is made: `<plan_key>@<document_id>` (`08201-kyodo-3@08201_mito_…`).

    Unique in the database whatever documents are loaded, because document ids are;
    measure and indicator ids extend it, so they are unique too.
    """
    return f"{key}@{document_id}"


def child_id(parent_id: str, code: str) -> str:
    """A measure id one level below `parent_id`: `08201-kyodo-3/1` + `1-1`."""
    return f"{parent_id}/{code}"


def provenance(item: Any) -> dict[str, Any]:
    """The provenance fields (page, line, bbox) of an IR block or row, for `Extraction.add`."""
    bbox = getattr(item, "bbox", None)
    return {
        "page": getattr(item, "page", None),
        "line": getattr(item, "line", None),
        "bbox": list(bbox) if bbox else None,
    }


def add_plan(
    ext: Extraction,
    ctx: Context,
    title: str,
    *,
    fy: tuple[int | None, int | None] | None = None,
    edition: int | None = None,
    status: str | None = None,
    key: str | None = None,
    **prov: Any,
) -> str:
    """Add a `plans` record and return its `plan_id` (measure ids are built from it).

    `key` (the plan's identity across documents, `plan_key`) from the municipality, the
    title and the edition unless given. Edition from the title unless given; municipality,
    city and (unless given) status from the manifest; `fy=None` takes the manifest's
    period (pass `(None, None)` for a plan whose period is unknown, such as a reviewed
    predecessor). A second plan with the same key in one document gets `-2`, `-3` … and a
    warning, so plan ids never repeat.
    """
    entry = ctx.entry
    edition = edition if edition is not None else parse_edition(title)
    if fy is None:
        fy = (entry.plan_fy_start, entry.plan_fy_end) if entry else (None, None)
    if status is None and entry and entry.status in ("draft", "final"):
        status = entry.status
    key = key or plan_key(ctx.municipality_code, title, edition)
    taken = {p.plan_key for p in ext.get("plans")}  # type: ignore[attr-defined]
    if key in taken:
        n = 2
        while f"{key}-{n}" in taken:
            n += 1
        ext.warn(
            f"a second plan with key {key} in this document is {key}-{n}", prov.get("page"), prov.get("line")
        )
        key = f"{key}-{n}"
    pid = qualified_plan_id(key, ext.document_id)
    ext.add(
        Plan,
        plan_id=pid,
        plan_key=key,
        municipality_code=ctx.municipality_code,
        city=ctx.city,
        title=title,
        edition=edition,
        status=status,
        fy_start=fy[0],
        fy_end=fy[1],
        **prov,
    )
    return pid


def add_department_records(
    ext: Extraction, measure_id: str, departments: list[Department], **prov: Any
) -> None:
    """Add one `measure_departments` record per parsed department, in printed order."""
    for seq, d in enumerate(departments, start=1):
        ext.add(
            MeasureDepartment,
            measure_id=measure_id,
            seq=seq,
            department=d.department,
            bureau=d.bureau,
            department_raw=d.department_raw,
            former_department=d.former_department,
            **prov,
        )
