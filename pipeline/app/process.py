"""The per-document pipeline: read → segment → terms, as a pure function.

`process_document` never raises for a bad document: whatever goes wrong becomes
a `problems` row, so one bad file never stops the others. Only `pipeline.store`
touches the output folder.
"""

from __future__ import annotations

import hashlib
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.app.settings import Settings
from pipeline.ingest.cover import detect_entry
from pipeline.ingest.manifest import Entry
from pipeline.model.ir import Document
from pipeline.model.records import DocumentRecord, Problem, Record, Term
from pipeline.normalize.tokenize import terms
from pipeline.read import ReadError, read_document
from pipeline.segment import Details, segment_document
from pipeline.segment.base import Context, Extraction

SUMMARY_COLUMNS = ("goals", "measures", "actions", "schedules", "indicators", "warnings", "errors")


@dataclass(slots=True)
class DocumentResult:
    """Everything one document yields: its records per table, and how it went."""

    document_id: str
    records: dict[str, list[Record]] = field(default_factory=dict)
    layout: str | None = None
    status: str = "parsed"  # parsed | unchanged | failed
    summary: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    document: Document | None = None  # the IR, kept only when asked (`plans inspect`)
    details: Details | None = None  # how it was segmented, kept only when asked (`plans inspect`)

    @property
    def failed(self) -> bool:
        """Failed now, or unchanged since a run in which it failed (its errors still stand)."""
        return self.status == "failed" or (self.status == "unchanged" and self.summary.get("errors", 0) > 0)

    def finish(self) -> DocumentResult:
        """Set problems, summary counts and status from the records."""
        self.problems = list(self.records.get("problems", []))  # type: ignore[arg-type]
        tiers = Counter(m.tier for m in self.records.get("measures", []))
        severities = Counter(p.severity for p in self.problems)
        self.summary = summarize(
            tiers, len(self.records.get("schedules", [])), len(self.records.get("indicators", [])), severities
        )
        self.status = "failed" if severities["error"] else "parsed"
        return self


def summarize(tiers: Counter, schedules: int, indicators: int, severities: Counter) -> dict[str, int]:
    """The run summary's counts for one document."""
    return {
        "goals": tiers["goal"],
        "measures": tiers["measure"],
        "actions": tiers["action"],
        "schedules": schedules,
        "indicators": indicators,
        "warnings": severities["warning"],
        "errors": severities["error"],
    }


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def process_document(
    path: Path,
    entry: Entry,
    entry_hash: str | None = None,
    settings: Settings | None = None,
    keep_document: bool = False,
) -> DocumentResult:
    """Read, segment and tokenize one document; problems never escape as exceptions.

    With `keep_document` the result also carries the IR it was read into.
    """
    result = DocumentResult(entry.document_id)
    ext = Extraction(entry.document_id)
    for message in entry.errors:
        ext.problem("error", "manifest", f"manifest line {entry.line}: {message}", line=entry.line)
    for message in entry.warnings:
        ext.warn(message, line=entry.line, stage="manifest")
    if not entry.readable:
        result.records["problems"] = ext.problems
        return result.finish()
    if not path.is_file():
        ext.problem("error", "read", f"{path}: the manifest names this file but it does not exist")
        result.records["problems"] = ext.problems
        return result.finish()
    doc: Document | None = None
    try:
        settings = settings or Settings()
        doc = read_document(path, settings.max_bytes, settings.max_pages, settings.max_inflated, settings.pdf)
        for severity, message, page, line in doc.problems:
            ext.problem(severity, "read", message, page, line)
        if not entry.in_manifest:
            entry, found = detect_entry(doc, entry)
            ext.warn(f"{path.name} is not in the manifest; {found}", stage="manifest")
        details = Details()
        result.layout, segmented = segment_document(doc, Context(entry.document_id, entry), details)
        if keep_document:
            result.details = details
        ext.records, ext.problems = segmented.records, ext.problems + segmented.problems
        add_terms(ext)
    except ReadError as exc:
        ext.problem("error", "read", f"{path.name}: {exc}")
    except MemoryError:  # a worker's address space is capped (see app.executors)
        ext.records.clear()
        limit = (settings or Settings()).max_memory_mb
        ext.problem(
            "error", "process", f"{path.name}: needed more than {limit:g} MB of memory (--max-memory)"
        )
    except Exception as exc:  # a bug or an input no rule foresaw: report it, keep going
        where = traceback.extract_tb(exc.__traceback__)[-1]
        ext.problem(
            "error",
            "segment",
            f"{path.name}: {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})",
        )
    if keep_document:
        result.document = doc
    result.records = dict(ext.records)
    result.records["documents"] = [document_record(path, entry, doc, result.layout, entry_hash, settings)]
    result.records["problems"] = ext.problems
    return result.finish()


def failed_result(
    path: Path, entry: Entry, entry_hash: str | None, reason: str, settings: Settings | None = None
) -> DocumentResult:
    """The result of a document whose worker was stopped or died: its record and one error."""
    result = DocumentResult(entry.document_id)
    problem = Problem(
        document_id=entry.document_id, severity="error", stage="process", message=f"{path.name}: {reason}"
    )
    result.records["documents"] = [document_record(path, entry, None, None, entry_hash, settings)]
    result.records["problems"] = [problem]
    return result.finish()


def document_record(
    path: Path,
    entry: Entry,
    doc: Document | None,
    layout: str | None,
    entry_hash: str | None = None,
    settings: Settings | None = None,
) -> DocumentRecord:
    """The `documents` row: what the file is and how it was read."""
    return DocumentRecord(
        document_id=entry.document_id,
        path=str(path),
        sha256=sha256_of(path),
        format=doc.format if doc else ("pdf" if path.suffix.lower() == ".pdf" else "text"),
        pages=doc.pages if doc else None,
        title=entry.title,
        municipality_code=entry.municipality_code,
        prefecture=entry.prefecture,
        city=entry.city,
        doc_kind=entry.doc_kind if entry.doc_kind in ("plan", "crosswalk", "progress_report") else None,
        status=entry.status if entry.status in ("draft", "final") else None,
        published=entry.published,
        layout=layout,
        parser_version=(settings or Settings()).parser_version,
        encoding=doc.encoding if doc else None,
        entry_hash=entry_hash,
    )


def add_terms(ext: Extraction) -> None:
    """Fill `terms` from each measure's title, description and scheduled activities."""
    activities: dict[str, list[str]] = defaultdict(list)
    for s in ext.get("schedules"):
        if s.activity:
            activities[s.measure_id].append(s.activity)
    for m in ext.get("measures"):
        text = "\n".join(t for t in (m.title, m.description, *activities[m.measure_id]) if t)
        counts: Counter = terms(text)
        for (term, pos), freq in sorted(counts.items()):
            ext.add(Term, measure_id=m.measure_id, term=term, pos=pos, freq=freq, page=m.page, line=m.line)
