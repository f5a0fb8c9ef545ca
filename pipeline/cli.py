"""The `plans` command: thin argument parsing around the library, clear messages at the edge."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from pipeline import PARSER_VERSION, __version__
from pipeline.etl import SUMMARY_COLUMNS, DocumentResult
from pipeline.settings import DEFAULT_MAX_MB, DEFAULT_MAX_PAGES, EXECUTORS, Settings
from pipeline.store.lock import OutputLocked, output_lock

DEFAULT_RAW = Path("raw")
DEFAULT_OUT = Path("normalized")
DB_NAME = "plans.duckdb"

EXAMPLES = {
    "run": "example: plans run                      # all of raw/ per raw/manifest.csv\n"
    "         plans run raw/08201_mito_kyodo_basic_plan_3.txt --out /tmp/out\n"
    "         plans run --workers 2 --executor dask   # a local Dask cluster of 2 workers",
    "load": "example: plans load --out normalized --db normalized/plans.duckdb",
    "query": 'example: plans query "select city, count(*) from measures join plans using (plan_id) '
    "where tier = 'action' group by city\" --format csv",
    "inspect": "example: plans inspect raw/08202_hitachi_community_action_plan.txt --limit 20",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plans",
        description="Read Japanese municipal plan documents into one DuckDB database for cross-city comparison.",
        epilog="Run `plans COMMAND --help` for a command's options and an example.",
    )
    parser.add_argument(
        "--version", action="version", version=f"plans {__version__} (parser {PARSER_VERSION})"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EXAMPLES[name],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    run = command("run", "Ingest documents, write normalized/ and build the database.")
    run.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: all of --raw)"
    )
    run.add_argument(
        "--raw",
        type=Path,
        default=DEFAULT_RAW,
        help="folder with the documents and manifest.csv (default: raw)",
    )
    _out_db(run)
    run.add_argument("--workers", type=int, default=1, help="documents processed in parallel (default: 1)")
    run.add_argument(
        "--executor",
        choices=EXECUTORS,
        default="local",
        help="local processes or a Dask cluster (default: local)",
    )
    run.add_argument(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler address (default: start a local cluster)"
    )
    run.add_argument(
        "--max-mb",
        type=float,
        default=DEFAULT_MAX_MB,
        help=f"skip larger files (default: {DEFAULT_MAX_MB:.0f})",
    )
    run.add_argument(
        "--max-pages",
        type=int,
        default=DEFAULT_MAX_PAGES,
        help=f"skip longer PDFs (default: {DEFAULT_MAX_PAGES})",
    )

    load = command("load", "Rebuild the database from normalized/ alone.")
    _out_db(load)

    query = command("query", "Run SQL against the database.")
    query.add_argument("sql", help="the SQL statement")
    query.add_argument(
        "--db",
        type=Path,
        default=DEFAULT_OUT / DB_NAME,
        help="database file (default: normalized/plans.duckdb)",
    )
    query.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help="output format (default: table)"
    )

    inspect = command("inspect", "Show how one document was read and segmented.")
    inspect.add_argument("file", type=Path, help="a PDF or text document")
    inspect.add_argument("--limit", type=int, default=12, help="rows shown per section (default: 12)")
    return parser


def _out_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: normalized)")
    parser.add_argument("--db", type=Path, default=None, help="database file (default: OUT/plans.duckdb)")


def _console(stderr: bool = False) -> Console:
    """A console; piped output is not wrapped (tables get room, messages stay on one line)."""
    console = Console(stderr=stderr)
    return console if console.is_terminal else Console(stderr=stderr, width=200, soft_wrap=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status (0 ok, 1 fatal, 2 some documents failed)."""
    args = build_parser().parse_args(argv)
    out, err = _console(), _console(stderr=True)
    try:
        return COMMANDS[args.command](args, out, err)
    except (FileNotFoundError, ValueError, OutputLocked) as exc:
        err.print(f"[bold red]error:[/] {exc}")
        return 1
    except Exception as exc:  # duckdb errors and the like: say what, not a traceback
        err.print(f"[bold red]error:[/] {type(exc).__name__}: {exc}")
        return 1


def cmd_run(args, out: Console, err: Console) -> int:
    from pipeline.run import resolve_inputs, run

    if not args.paths and not args.raw.is_dir():
        raise FileNotFoundError(f"{args.raw}: no such folder (give --raw DIR or document paths)")
    for path in args.paths:
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
    settings = Settings(args.workers, args.executor, args.scheduler, args.max_mb, args.max_pages)
    total = len(resolve_inputs(args.paths, args.raw))
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    with progress:
        task = progress.add_task("reading documents", total=total)

        def advance(result: DocumentResult) -> None:
            progress.update(task, advance=1, description=f"{result.document_id}")

        report = run(args.paths, args.raw, args.out, args.db, settings, on_result=advance)
    out.print(summary_table(report.results))
    db = args.db or args.out / DB_NAME
    failed = [r for r in report.results if r.status == "failed"]
    for r in report.results:
        for p in r.problems:
            if p.severity == "error":
                where = f" (line {p.line})" if p.line else f" (page {p.page})" if p.page else ""
                err.print(f"[red]error[/] {r.document_id}{where}: {p.message}")
    out.print(
        f"{len(report.results)} documents, {len(failed)} failed; "
        f"{report.table_counts.get('measures', 0)} measures → {db}"
    )
    return report.exit_code


def summary_table(results: list[DocumentResult]) -> Table:
    table = Table(title="plans run", show_lines=False)
    table.add_column("document")
    table.add_column("status")
    table.add_column("layout")
    for col in SUMMARY_COLUMNS:
        table.add_column(col, justify="right")
    for r in results:
        style = {"failed": "red", "unchanged": "dim"}.get(r.status, "")
        table.add_row(
            r.document_id,
            r.status,
            r.layout or "-",
            *(str(r.summary.get(c, 0)) for c in SUMMARY_COLUMNS),
            style=style,
        )
    return table


def cmd_load(args, out: Console, err: Console) -> int:
    from pipeline.store.database import build_database

    if not args.out.is_dir():
        raise FileNotFoundError(f"{args.out}: no normalized/ folder; run `plans run` first")
    db = args.db or args.out / DB_NAME
    with output_lock(args.out):
        counts = build_database(args.out, db)
    out.print(", ".join(f"{t} {n}" for t, n in counts.items()) + f" → {db}")
    return 0


def cmd_query(args, out: Console, err: Console) -> int:
    from pipeline.store.database import connect_readonly

    con = connect_readonly(args.db)
    try:
        cursor = con.execute(args.sql)
        names = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall()
    finally:
        con.close()
    write_rows(names, rows, args.format, out)
    return 0


def write_rows(names: list[str], rows: list[tuple], fmt: str, out: Console) -> None:
    """Print query results as a table, CSV or JSON."""
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
    elif fmt == "json":
        print(
            json.dumps(
                [dict(zip(names, r, strict=True)) for r in rows], ensure_ascii=False, default=str, indent=1
            )
        )
    else:
        table = Table(*names)
        for r in rows:
            table.add_row(*("" if v is None else str(v) for v in r))
        out.print(table)


def cmd_inspect(args, out: Console, err: Console) -> int:
    from pipeline.inspect import inspect_document

    if not args.file.is_file():
        raise FileNotFoundError(f"{args.file}: no such file")
    for renderable in inspect_document(args.file, args.limit):
        out.print(renderable)
    return 0


COMMANDS = {"run": cmd_run, "load": cmd_load, "query": cmd_query, "inspect": cmd_inspect}

if __name__ == "__main__":
    sys.exit(main())
