"""`plans inspect`: how one document was read and segmented, as rich renderables."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from rich.table import Table

from pipeline.app.process import DocumentResult, process_document
from pipeline.app.run import resolve_inputs
from pipeline.errors import NotFound
from pipeline.model.ir import Block, Document
from pipeline.segment.recognize import Reading


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
    details = result.details
    if details is not None and details.reading is not None:
        yield from claims_tables(details.document or doc, details.reading, limit)
        if details.repairs:
            yield "repairs applied before the recognizers: " + ", ".join(details.repairs)
    yield f"layout: [bold]{result.layout}[/]"
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


def _content(block: Block) -> str:
    if block.kind != "table":
        return block.raw
    return " | ".join(c.text.replace("\n", " / ") for c in block.rows[0].cells) if block.rows else ""


def _kind(block: Block) -> str:
    return f"{block.kind} ({len(block.rows)} rows)" if block.kind in ("table", "toc") else block.kind


def claims_tables(doc: Document, reading: Reading, limit: int) -> Iterator:
    """Block by block, which recognizer claimed it and why; then the blocks no recognizer claimed."""
    claims: dict[int, list[tuple[str, str]]] = {}
    for c in reading.claims:
        claims.setdefault(c.index, []).append((c.recognizer, c.reason))
    why_not = {_at(block): message for block, message in reading.unclaimed}
    blocks = Table(
        "#",
        "where",
        "kind",
        "content",
        "recognizer",
        "reason",
        title=f"blocks (first {limit}) and their claims",
    )
    unclaimed = []
    for i, b in enumerate(doc.blocks):
        found = list(dict.fromkeys(claims.get(i, [])))
        content = b.kind == "table" or (b.kind in ("text", "toc") and b.raw.strip())
        if not found and content:
            unclaimed.append((i, b))
        if i < limit:
            recognizer = ", ".join(dict.fromkeys(r for r, _ in found)) or ("-" if content else "")
            reason = "; ".join(r for _, r in found) or (_unclaimed_reason(b, why_not) if content else "")
            blocks.add_row(str(i), _where(b), _kind(b), _content(b)[:80], recognizer, reason)
    yield blocks
    if not unclaimed:
        yield "unclaimed blocks: none"
        return
    table = Table(
        "#", "where", "kind", "content", "why", title=f"unclaimed blocks ({len(unclaimed)}, first {limit})"
    )
    for i, b in unclaimed[:limit]:
        table.add_row(str(i), _where(b), _kind(b), _content(b)[:80], _unclaimed_reason(b, why_not))
    yield table


def _at(block: Block) -> tuple:
    """Where a block is: the Reader may hand back a copy (a table joined to its split-off header)."""
    return (block.kind, block.page, block.line, block.bbox)


def _unclaimed_reason(block: Block, why_not: dict[tuple, str]) -> str:
    if _at(block) in why_not:
        return why_not[_at(block)]
    return "no recognizer claimed it (a paragraph, or a line outside a list)"


def _problems(result: DocumentResult):
    if not result.problems:
        return "problems: none"
    problems = Table("severity", "stage", "where", "message", title="problems")
    for p in result.problems:
        problems.add_row(p.severity, p.stage, _where(p), p.message)
    return problems
