"""`plans run` as a library call: which documents, which changed, process, store, build."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from pipeline import PARSER_VERSION
from pipeline.app.build import build_database
from pipeline.app.executors import map_unordered
from pipeline.app.process import DocumentResult, failed_result, process_document, sha256_of, summarize
from pipeline.app.settings import DEFAULT_OUT, DEFAULT_RAW, Settings, database_path
from pipeline.errors import NotFound
from pipeline.ingest.manifest import MANIFEST_NAMES, Entry, find_manifest, read_manifest
from pipeline.model.records import Problem
from pipeline.store.database import table_counts
from pipeline.store.lock import output_lock
from pipeline.store.parquet import remove_document, stored_documents, stored_ids, table_path, write_document

DOCUMENT_SUFFIXES = (".txt", ".text", ".pdf")


@dataclass(slots=True)
class RunReport:
    results: list[DocumentResult] = field(default_factory=list)
    table_counts: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 2 if any(r.failed for r in self.results) else 0


def entry_hash(entry: Entry) -> str:
    """A hash of the manifest row: editing the manifest re-parses the document."""
    fields = {k: v for k, v in asdict(entry).items() if k not in ("line",)}
    return hashlib.sha256(repr(sorted(fields.items())).encode()).hexdigest()[:16]


def folder_inputs(folder: Path) -> list[tuple[Path, Entry]]:
    """The manifest's documents of a folder, then files it does not list."""
    manifest = find_manifest(folder)
    entries = read_manifest(manifest) if manifest else []
    listed = {e.file for e in entries}
    inputs = [(folder / e.file, e) for e in entries]
    for path in sorted(folder.iterdir()):
        if (
            path.suffix.lower() in DOCUMENT_SUFFIXES
            and path.name not in listed
            and path.name not in MANIFEST_NAMES
        ):
            inputs.append((path, Entry.unlisted(path)))
    return inputs


def resolve_inputs(paths: Iterable[Path], raw_dir: Path) -> list[tuple[Path, Entry]]:
    """Documents to process: the given files/folders, or all of `raw_dir`."""
    paths = list(paths)
    if not paths:
        return folder_inputs(raw_dir)
    inputs: list[tuple[Path, Entry]] = []
    for path in paths:
        if path.is_dir():
            inputs += folder_inputs(path)
            continue
        manifest = find_manifest(path.parent)
        listed = {e.file: e for e in read_manifest(manifest)} if manifest else {}
        entry = listed.get(path.name) or Entry.unlisted(path)
        inputs.append((path, entry))
    return inputs


def _unchanged(path: Path, entry: Entry, stored: dict[str, dict]) -> bool:
    row = stored.get(entry.document_id)
    return (
        row is not None
        and path.is_file()
        and row["parser_version"] == PARSER_VERSION
        and row.get("entry_hash") == entry_hash(entry)
        and row["sha256"] == sha256_of(path)
    )


def _stored_result(out_dir: Path, entry: Entry, stored_row: dict) -> DocumentResult:
    """The result of an unchanged document, its summary read back from Parquet."""
    result = DocumentResult(entry.document_id, layout=stored_row.get("layout"), status="unchanged")

    def column(table: str, name: str) -> list:
        path = table_path(out_dir, table, entry.document_id)
        return pq.ParquetFile(path).read(columns=[name]).column(name).to_pylist() if path.is_file() else []

    def rows(table: str) -> int:
        path = table_path(out_dir, table, entry.document_id)
        return pq.read_metadata(path).num_rows if path.is_file() else 0

    problems = (
        pq.ParquetFile(table_path(out_dir, "problems", entry.document_id)).read().to_pylist()
        if rows("problems")
        else []
    )
    result.problems = [Problem(**p) for p in problems]
    severities = Counter(p.severity for p in result.problems)
    result.summary = summarize(
        Counter(column("measures", "tier")), rows("schedules"), rows("indicators"), severities
    )
    return result


def _process(job: tuple[Path, Entry, Settings]) -> DocumentResult:
    path, entry, settings = job
    return process_document(path, entry, entry_hash(entry), settings)


def _failed(job: tuple[Path, Entry, Settings], reason: str) -> DocumentResult:
    path, entry, _ = job
    return failed_result(path, entry, entry_hash(entry), reason)


def run(
    paths: Iterable[Path] = (),
    raw_dir: Path = DEFAULT_RAW,
    out_dir: Path = DEFAULT_OUT,
    db_path: Path | None = None,
    settings: Settings | None = None,
    on_result: Callable[[DocumentResult], None] | None = None,
    prune: bool | None = None,
    on_start: Callable[[int], None] | None = None,
) -> RunReport:
    """Process the changed documents, write `normalized/`, rebuild the database.

    Documents are streamed: each result is written as it arrives and only its summary
    is kept. `prune` (default: when no paths are given) removes the files of documents
    that are no longer among the inputs. `on_start` hears how many documents there are.
    """
    paths = list(paths)
    if not paths and not raw_dir.is_dir():
        raise NotFound(f"{raw_dir}: no such folder (give --raw DIR or document paths)")
    for path in paths:
        if not path.exists():
            raise NotFound(f"{path}: no such file or folder")
    db_path = database_path(out_dir, db_path)
    settings = settings or Settings()
    with output_lock(out_dir):
        return _run_locked(paths, raw_dir, out_dir, db_path, settings, on_result, prune, on_start)


def load(out_dir: Path = DEFAULT_OUT, db_path: Path | None = None) -> dict[str, int]:
    """`plans load`: rebuild the database from `normalized/` alone; return row counts."""
    if not out_dir.is_dir():
        raise NotFound(f"{out_dir}: no normalized/ folder; run `plans run` first")
    with output_lock(out_dir):
        return build_database(out_dir, database_path(out_dir, db_path))


def _run_locked(
    paths: list[Path],
    raw_dir: Path,
    out_dir: Path,
    db_path: Path,
    settings: Settings,
    on_result: Callable[[DocumentResult], None] | None,
    prune: bool | None,
    on_start: Callable[[int], None] | None,
) -> RunReport:
    inputs = resolve_inputs(paths, raw_dir)
    if on_start:
        on_start(len(inputs))
    stored = stored_documents(out_dir)
    report = RunReport()
    todo = []
    for path, entry in inputs:
        if _unchanged(path, entry, stored):
            result = _stored_result(out_dir, entry, stored[entry.document_id])
            report.results.append(result)
            if on_result:
                on_result(result)
        else:
            todo.append((path, entry, settings))
    for result in map_unordered(_process, todo, settings, _failed):
        write_document(out_dir, result.document_id, result.records)
        result.records = {}  # written: keep only the summary, so memory stays flat
        report.results.append(result)
        if on_result:
            on_result(result)
    stale = (
        stored_ids(out_dir) - {e.document_id for _, e in inputs}
        if (prune if prune is not None else not paths)
        else set()
    )
    for document_id in stale:
        remove_document(out_dir, document_id)
    order = {e.document_id: i for i, (_, e) in enumerate(inputs)}
    report.results.sort(key=lambda r: order.get(r.document_id, len(order)))
    if todo or stale or not db_path.is_file():
        report.table_counts = build_database(out_dir, db_path)
    else:  # nothing changed: the database already holds exactly these files
        report.table_counts = table_counts(db_path)
    return report
