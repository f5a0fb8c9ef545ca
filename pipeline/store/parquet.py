"""`normalized/<table>/<document_id>.parquet`: the interchange format, one document committed at a time.

Every path is made by `table_path`, which refuses an unsafe id and a path outside the
output folder. A document's files are written under temporary names, then renamed into
place, its `documents` file last: that file marks the document complete. A run killed
half-way leaves a document without its `documents` file; `recover` (called under the
output lock before anything else) removes such orphans and stale temporary files, so a
database is never built from a mix of two versions of one document.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import InvalidInput
from pipeline.ingest.manifest import SAFE_ID_RULE, is_safe_id
from pipeline.model.records import TABLES, Record
from pipeline.model.schema import arrow_schema

SOURCES_NAME = ".sources.json"  # document_id → the raw folder that put it in normalized/


def table_path(out_dir: Path, table: str, document_id: str) -> Path:
    """The file of one table and document; an unsafe id or a path outside `out_dir` is refused."""
    if table not in TABLES or not is_safe_id(document_id):
        raise InvalidInput(f"document id {document_id!r} cannot name a file ({SAFE_ID_RULE})")
    path = out_dir / table / f"{document_id}.parquet"
    if not path.resolve().is_relative_to(out_dir.resolve()):
        raise InvalidInput(f"{path} is outside the output folder {out_dir}")
    return path


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write a Parquet file under a temporary name, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp(path)
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def to_arrow(table: str, records: list[Record]) -> pa.Table:
    schema = arrow_schema(TABLES[table])
    return pa.Table.from_pylist([r.model_dump() for r in records], schema=schema)


def write_document(out_dir: Path, document_id: str, records: dict[str, list[Record]]) -> None:
    """Replace every table file of one document; tables it no longer has are removed.

    All files are written under temporary names first, then renamed; the `documents`
    file goes last and marks the document's files as complete (see `recover`).
    """
    paths = {table: table_path(out_dir, table, document_id) for table in TABLES}
    paths["documents"].unlink(missing_ok=True)  # from here until the end: incomplete
    written: list[tuple[Path, Path]] = []
    try:
        for table, path in paths.items():
            rows = records.get(table, [])
            if rows:
                path.parent.mkdir(parents=True, exist_ok=True)
                pq.write_table(to_arrow(table, rows), _tmp(path))
                written.append((_tmp(path), path))
    except BaseException:
        for tmp, _ in written:
            tmp.unlink(missing_ok=True)
        raise
    # `documents` last; `problems` just before it (a document of problems only is complete).
    order = [t for t in TABLES if t not in ("problems", "documents")] + ["problems", "documents"]
    pending = dict((path, tmp) for tmp, path in written)
    for table in order:
        path = paths[table]
        if path in pending:
            os.replace(pending[path], path)
        else:
            path.unlink(missing_ok=True)


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


def stored_files(out_dir: Path) -> dict[str, list[Path]]:
    """table → its Parquet files, sorted (what a database build loads)."""
    return {table: sorted((out_dir / table).glob("*.parquet")) for table in TABLES}


def recover(out_dir: Path) -> list[str]:
    """Remove what a killed run left (callers hold the output lock); return the orphaned ids.

    Stale temporary files go; a document whose `documents` file is missing while tables
    other than `problems` exist was cut off between its writes: all its files go (the next
    `plans run` parses it again). A document of problems only (a manifest row that cannot
    be read) has no `documents` file by design and stays.
    """
    if not out_dir.is_dir():
        return []
    for table in TABLES:
        for tmp in (out_dir / table).glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
    (out_dir / f"{SOURCES_NAME}.tmp").unlink(missing_ok=True)
    complete = {p.stem for p in (out_dir / "documents").glob("*.parquet")}
    orphans = sorted(
        {
            p.stem
            for table in TABLES
            if table not in ("documents", "problems")
            for p in (out_dir / table).glob("*.parquet")
        }
        - complete
    )
    for document_id in orphans:
        for table in TABLES:
            (out_dir / table / f"{document_id}.parquet").unlink(missing_ok=True)
    return orphans


def fingerprint(files: dict[str, list[Path]]) -> str:
    """A hash of exactly which files (name, size, modification time) a build loads."""
    h = hashlib.sha256()
    for table in sorted(files):
        for path in files[table]:
            st = path.stat()
            h.update(f"{table}/{path.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def read_sources(out_dir: Path) -> dict[str, str]:
    """document_id → the raw folder (resolved) it came from; empty when not recorded."""
    path = out_dir / SOURCES_NAME
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    documents = data.get("documents", {}) if isinstance(data, dict) else {}
    return {str(k): str(v) for k, v in documents.items()}


def write_sources(out_dir: Path, sources: dict[str, str]) -> None:
    path = out_dir / SOURCES_NAME
    tmp = out_dir / f"{SOURCES_NAME}.tmp"
    data = {"version": 1, "documents": dict(sorted(sources.items()))}
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)
