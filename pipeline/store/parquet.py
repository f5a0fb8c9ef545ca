"""`normalized/<table>/<document_id>.parquet`: the interchange format, written atomically."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.model.records import TABLES, Record
from pipeline.model.schema import arrow_schema


def table_path(out_dir: Path, table: str, document_id: str) -> Path:
    return out_dir / table / f"{document_id}.parquet"


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write a Parquet file under a temporary name, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def to_arrow(table: str, records: list[Record]) -> pa.Table:
    schema = arrow_schema(TABLES[table])
    return pa.Table.from_pylist([r.model_dump() for r in records], schema=schema)


def write_document(out_dir: Path, document_id: str, records: dict[str, list[Record]]) -> None:
    """Replace every table file of one document; tables it no longer has are removed.

    The `documents` file is written last: it marks the document's files as complete.
    """
    doc_file = table_path(out_dir, "documents", document_id)
    doc_file.unlink(missing_ok=True)
    for table in TABLES:
        if table == "documents":
            continue
        path = table_path(out_dir, table, document_id)
        rows = records.get(table, [])
        if rows:
            write_atomic(to_arrow(table, rows), path)
        else:
            path.unlink(missing_ok=True)
    if records.get("documents"):
        write_atomic(to_arrow("documents", records["documents"]), doc_file)


def remove_document(out_dir: Path, document_id: str) -> None:
    for table in TABLES:
        table_path(out_dir, table, document_id).unlink(missing_ok=True)


def stored_documents(out_dir: Path) -> dict[str, dict]:
    """document_id → its stored `documents` row (sha256, parser_version …)."""
    folder = out_dir / "documents"
    if not folder.is_dir():
        return {}
    rows = {}
    for path in sorted(folder.glob("*.parquet")):
        for row in pq.ParquetFile(path).read().to_pylist():
            rows[row["document_id"]] = row
    return rows


def stored_ids(out_dir: Path) -> set[str]:
    """Every document id with any file in `normalized/`."""
    return (
        {p.stem for table in TABLES for p in (out_dir / table).glob("*.parquet")}
        if out_dir.is_dir()
        else set()
    )
