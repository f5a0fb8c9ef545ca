"""`plans inspect`: how one document was read and segmented, as rich renderables."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from rich.table import Table

from pipeline.app.process import DocumentResult, process_document
from pipeline.app.run import resolve_inputs
from pipeline.errors import NotFound


def _where(record) -> str:
    parts = []
    if getattr(record, "page", None):
        parts.append(f"p.{record.page}")
    if getattr(record, "line", None):
        parts.append(f"l.{record.line}")
    if getattr(record, "bbox", None):
        parts.append("[" + ",".join(f"{v:.0f}" for v in record.bbox) + "]")
    return " ".join(parts)


def inspect_document(path: Path, limit: int = 12) -> Iterator:
    """Yield tables describing blocks, layout scores, records and problems of `path`."""
    if not path.is_file():
        raise NotFound(f"{path}: no such file")
    ((_, entry),) = resolve_inputs([path], path.parent)
    result = process_document(path, entry, keep_document=True)
    doc = result.document
    if doc is None:  # unreadable: the problems say why
        yield _problems(result)
        return
    kinds = Counter(b.kind for b in doc.blocks)
    yield (
        f"[bold]{path}[/] — {doc.format}, {doc.pages or '-'} pages, encoding {doc.encoding or '-'}; "
        + ", ".join(f"{n} {k} blocks" for k, n in kinds.items())
    )
    blocks = Table("where", "kind", "content", title=f"blocks (first {limit})")
    for b in doc.blocks[:limit]:
        content = (
            b.raw if b.kind != "table" else " | ".join(c.text.replace("\n", " / ") for c in b.rows[0].cells)
        )
        blocks.add_row(
            _where(b), b.kind if b.kind != "table" else f"table ({len(b.rows)} rows)", content[:100]
        )
    yield blocks
    scores = result.layout_scores
    yield (
        f"layout: [bold]{result.layout}[/]  ("
        + ", ".join(f"{k} {v:.2f}" for k, v in sorted(scores.items(), key=lambda kv: -kv[1]))
        + ")"
    )
    counts = Table("table", "records", title="records")
    for table, records in result.records.items():
        counts.add_row(table, str(len(records)))
    yield counts
    measures = Table("measure_id", "tier", "kind", "title", "where", title=f"measures (first {limit})")
    for m in result.records.get("measures", [])[:limit]:
        measures.add_row(m.measure_id, m.tier, m.kind, m.title[:50], _where(m))
    yield measures
    indicators = Table(
        "indicator_id", "name", "baseline", "target", "actual", "where", title=f"indicators (first {limit})"
    )
    for i in result.records.get("indicators", [])[:limit]:
        indicators.add_row(
            i.indicator_id,
            i.name[:40],
            i.baseline_text or "",
            i.target_text or "",
            i.actual_text or "",
            _where(i),
        )
    yield indicators
    yield _problems(result)


def _problems(result: DocumentResult):
    if not result.problems:
        return "problems: none"
    problems = Table("severity", "stage", "where", "message", title="problems")
    for p in result.problems:
        problems.add_row(p.severity, p.stage, _where(p), p.message)
    return problems
