"""`plans run` as a library call: which documents, which changed, process, store, build."""

from __future__ import annotations

import hashlib
import stat
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.app.build import build_database, in_step
from pipeline.app.executors import map_unordered
from pipeline.app.process import DocumentResult, failed_result, process_document, sha256_of, summarize
from pipeline.app.settings import DEFAULT_OUT, DEFAULT_RAW, Settings, database_path
from pipeline.errors import InvalidInput, NotFound
from pipeline.ingest.manifest import MANIFEST_NAMES, Entry, find_manifest, read_manifest
from pipeline.model.records import Problem
from pipeline.store.database import remove_stale_builds, table_counts
from pipeline.store.lock import output_lock
from pipeline.store.parquet import (
    read_sources,
    recover,
    remove_document,
    stored_documents,
    stored_ids,
    table_path,
    write_document,
    write_sources,
)

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


def _kind(path: Path) -> str | None:
    """What a path that is not a regular file is (None for a regular file or a missing path)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _checked(path: Path, entry: Entry, folder: Path | None, allow_outside: bool) -> Entry:
    """The entry, or a copy that cannot be read and says why: outside the raw folder, not a file."""
    errors = []
    if folder is not None and not allow_outside:
        try:
            inside = path.resolve().is_relative_to(folder.resolve())
        except (OSError, RuntimeError):  # a symlink loop
            inside = False
        if not inside:
            errors.append(
                f"{entry.file}: the file is outside the raw folder {folder} (an absolute path, .. or a "
                "symlink); give --allow-outside-raw to read it"
            )
    kind = _kind(path)
    if kind:
        errors.append(f"{entry.file}: this is {kind}, not a document file")
    if not errors:
        return entry
    return replace(entry, errors=entry.errors + tuple(errors), readable=False)


def folder_inputs(folder: Path, allow_outside: bool = False) -> list[tuple[Path, Entry]]:
    """The manifest's documents of a folder, then files it does not list.

    A listed file must be inside the folder (unless `allow_outside`) and a regular file;
    an unlisted file whose stem is already an id gets its own id (`X.pdf` → `X_pdf`).
    """
    manifest = find_manifest(folder)
    entries = read_manifest(manifest) if manifest else []
    listed = {e.file for e in entries}
    inputs = [(folder / e.file, _checked(folder / e.file, e, folder, allow_outside)) for e in entries]
    taken = {e.document_id for e in entries}
    for path in sorted(folder.iterdir()):
        if (
            path.suffix.lower() in DOCUMENT_SUFFIXES
            and path.name not in listed
            and path.name not in MANIFEST_NAMES
        ):
            entry = Entry.unlisted(path, taken)
            taken.add(entry.document_id)
            inputs.append((path, _checked(path, entry, folder, allow_outside)))
    return inputs


def resolve_inputs(
    paths: Iterable[Path], raw_dir: Path, allow_outside: bool = False
) -> list[tuple[Path, Entry]]:
    """Documents to process: the given files/folders, or all of `raw_dir`."""
    return [(path, entry) for path, entry, _ in _sourced_inputs(list(paths), raw_dir, allow_outside)]


def _sourced_inputs(
    paths: list[Path], raw_dir: Path, allow_outside: bool = False
) -> list[tuple[Path, Entry, str]]:
    """(path, entry, source folder) of every document to process; the folder is resolved."""
    if not paths:
        source = str(raw_dir.resolve())
        return [(p, e, source) for p, e in folder_inputs(raw_dir, allow_outside)]
    inputs: list[tuple[Path, Entry, str]] = []
    for path in paths:
        if path.is_dir():
            inputs += [(p, e, str(path.resolve())) for p, e in folder_inputs(path, allow_outside)]
            continue
        manifest = find_manifest(path.parent)
        listed = {e.file: e for e in read_manifest(manifest)} if manifest else {}
        entry = listed.get(path.name) or Entry.unlisted(path, {e.document_id for e in listed.values()})
        inputs.append((path, _checked(path, entry, None, True), str(path.parent.resolve())))
    return inputs


def _unchanged(path: Path, entry: Entry, stored: dict[str, dict], settings: Settings) -> bool:
    row = stored.get(entry.document_id)
    return (
        row is not None
        and path.is_file()
        and row["parser_version"] == settings.parser_version
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
    path, entry, settings = job
    return failed_result(path, entry, entry_hash(entry), reason, settings)


def run(
    paths: Iterable[Path] = (),
    raw_dir: Path = DEFAULT_RAW,
    out_dir: Path = DEFAULT_OUT,
    db_path: Path | None = None,
    settings: Settings | None = None,
    on_result: Callable[[DocumentResult], None] | None = None,
    prune: bool | None = None,
    on_start: Callable[[int], None] | None = None,
    allow_outside_raw: bool = False,
) -> RunReport:
    """Process the changed documents, write `normalized/`, rebuild the database.

    Documents are streamed: each result is written as it arrives and only its summary
    is kept. `prune` (default: when no paths are given) removes the files of documents
    that are no longer among the inputs of the folder that put them there; documents of
    other raw folders are never touched. `on_start` hears how many documents there are.
    A manifest file outside its raw folder is an error unless `allow_outside_raw`.
    An empty or missing raw folder is an error: nothing is written or removed.
    """
    paths = list(paths)
    if not paths and not raw_dir.is_dir():
        raise NotFound(f"{raw_dir}: no such folder (give --raw DIR or document paths)")
    for path in paths:
        if not path.exists():
            raise NotFound(f"{path}: no such file or folder")
    inputs = _sourced_inputs(paths, raw_dir, allow_outside_raw)
    if not inputs:
        where = ", ".join(map(str, paths)) if paths else str(raw_dir)
        raise InvalidInput(
            f"{where}: no documents and no manifest rows; nothing was written or removed "
            f"(an empty folder never empties {out_dir})"
        )
    db_path = database_path(out_dir, db_path)
    settings = settings or Settings()
    with output_lock(out_dir, db_path):
        recover(out_dir)
        remove_stale_builds(db_path)
        return _run_locked(inputs, paths, out_dir, db_path, settings, on_result, prune, on_start)


def load(out_dir: Path = DEFAULT_OUT, db_path: Path | None = None) -> dict[str, int]:
    """`plans load`: rebuild the database from `normalized/` alone; return row counts."""
    if not out_dir.is_dir():
        raise NotFound(f"{out_dir}: no normalized/ folder; run `plans run` first")
    db_path = database_path(out_dir, db_path)
    with output_lock(out_dir, db_path):
        recover(out_dir)
        remove_stale_builds(db_path)
        return build_database(out_dir, db_path)


def _conflict(entry: Entry, source: str, other: str) -> DocumentResult:
    """The result of a document whose id another raw folder already has: nothing is written."""
    result = DocumentResult(entry.document_id)
    result.problems = [
        Problem(
            document_id=entry.document_id,
            severity="error",
            stage="manifest",
            message=(
                f"document_id {entry.document_id!r} ({entry.file} in {source}) is already in the output "
                f"from {other}; not replaced (give it another document_id, or remove the other)"
            ),
        )
    ]
    result.summary = summarize(Counter(), 0, 0, Counter(error=1))
    result.status = "failed"
    return result


def _run_locked(
    inputs: list[tuple[Path, Entry, str]],
    paths: list[Path],
    out_dir: Path,
    db_path: Path,
    settings: Settings,
    on_result: Callable[[DocumentResult], None] | None,
    prune: bool | None,
    on_start: Callable[[int], None] | None,
) -> RunReport:
    if on_start:
        on_start(len(inputs))
    stored = stored_documents(out_dir)
    on_disk = stored_ids(out_dir)
    sources = read_sources(out_dir)
    # Documents written before sources were recorded: their folder as far as the stored
    # path tells (relative paths depend on the directory of that run), for pruning only.
    guessed = {
        d: str(Path(stored[d]["path"]).resolve().parent)
        for d in on_disk - set(sources)
        if stored.get(d, {}).get("path")
    }
    report = RunReport()
    todo = []
    for path, entry, source in inputs:
        other = sources.get(entry.document_id)
        if entry.document_id in on_disk and other is not None and other != source:
            result = _conflict(entry, source, other)
        elif _unchanged(path, entry, stored, settings):
            result = _stored_result(out_dir, entry, stored[entry.document_id])
            sources.setdefault(entry.document_id, source)
        else:
            todo.append((path, entry, settings))
            continue
        report.results.append(result)
        if on_result:
            on_result(result)
    source_of = {e.document_id: src for _, e, src in inputs}
    changed = False
    for result in map_unordered(_process, todo, settings, _failed):
        write_document(out_dir, result.document_id, result.records)
        sources[result.document_id] = source_of[result.document_id]
        changed = True
        result.records = {}  # written: keep only the summary, so memory stays flat
        report.results.append(result)
        if on_result:
            on_result(result)
    # Prune only the documents of the folders read now, never another folder's.
    folders = {src for _, _, src in inputs}
    current = {e.document_id for _, e, _ in inputs}
    stale = (
        {
            d
            for d in on_disk - current
            if (sources.get(d) or guessed.get(d)) in folders or (d not in sources and d not in guessed)
        }
        if (prune if prune is not None else not paths)
        else set()
    )
    for document_id in stale:
        remove_document(out_dir, document_id)
        sources.pop(document_id, None)
    if changed or stale or set(sources) != set(read_sources(out_dir)):
        write_sources(out_dir, {d: s for d, s in sources.items() if d in stored_ids(out_dir)})
    order = {e.document_id: i for i, (_, e, _) in enumerate(inputs)}
    report.results.sort(key=lambda r: order.get(r.document_id, len(order)))
    if todo or stale or not in_step(out_dir, db_path):
        report.table_counts = build_database(out_dir, db_path)
    else:  # nothing changed: the database already holds exactly these files
        report.table_counts = table_counts(db_path)
    return report
