"""The `plans` command: thin argument parsing around the library, clear messages at the edge."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

import duckdb
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from pipeline import PARSER_VERSION, __version__
from pipeline.app.output import plural, render_rows, write_csv, write_json
from pipeline.app.process import SUMMARY_COLUMNS, DocumentResult
from pipeline.app.settings import (
    DEFAULT_MAX_MB,
    DEFAULT_MAX_MEMORY_MB,
    DEFAULT_MAX_PAGES,
    DEFAULT_RAW,
    DEFAULT_TIMEOUT_S,
    EXECUTORS,
    Settings,
    resolve_paths,
)
from pipeline.errors import InvalidInput, PlansError

EXAMPLES = {
    "run": "example: plans run                      # all of raw/ per raw/manifest.csv\n"
    "         plans run raw/08201_mito_kyodo_basic_plan_3.txt --out /tmp/out\n"
    "         plans run --workers 2 --executor dask   # a local Dask cluster of 2 workers",
    "load": "example: plans load --out normalized --db normalized/plans.duckdb",
    "query": 'example: plans query "select city, count(*) from measures join plans using (plan_id) '
    "where tier = 'action' group by city\" --format csv\n"
    "         plans query --file question.sql --format csv --excel > answer.csv\n"
    "         echo 'select * from meta' | plans query -\n"
    "         plans query --allow-files \"copy measures to 'measures.parquet'\"",
    "inspect": "example: plans inspect raw/08202_hitachi_community_action_plan.txt --limit 20",
    "search": "example: plans search 防災\n"
    "         plans search 子ども --city 鶴岡市 --tier action --limit 5 --format json",
    "similar": "example: plans similar 08202-community@08202_hitachi_community_action_plan/1/14   # 日立市 コミュニティ活動事例集の作成",
    "compare": "example: plans compare            # actions per theme and city\n"
    "         plans compare --share --format csv",
    "report": "example: plans report --out /tmp/plans_report.html",
    "tables": "example: plans tables            # every table and view, its rows and meaning",
    "describe": "example: plans describe measures  # the columns of a table or view and their meanings",
    "export": "example: plans export --format xlsx --out export/     # one workbook, a sheet per table\n"
    "         plans export --format csv --excel --out export/  # CSV with a UTF-8 BOM for Excel",
    "problems": "example: plans problems --severity error\n"
    "         plans problems --document 08201_mito_kyodo_basic_plan_3 --format csv",
}

PATHS_EPILOG = (
    "Paths: --db defaults to $PLANS_DB, else plans.duckdb in --out; --out defaults to $PLANS_OUT, "
    "else normalized."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plans",
        description="Read Japanese municipal plan documents into one DuckDB database for cross-city comparison.",
        epilog="Run `plans COMMAND --help` for a command's options and an example. " + PATHS_EPILOG,
    )
    parser.add_argument(
        "--version", action="version", version=f"plans {__version__} (parser {PARSER_VERSION})"
    )
    _verbosity(parser, argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EXAMPLES[name] + "\n\n" + PATHS_EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _verbosity(command, argparse.SUPPRESS)  # also accepted after the command
        return command

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
    run.add_argument(
        "--allow-outside-raw",
        action="store_true",
        help="read manifest files outside --raw (absolute paths, .., symlinks); refused by default",
    )
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
    run.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        metavar="SECONDS",
        help=f"stop a document that takes longer, report it (default: {DEFAULT_TIMEOUT_S:.0f})",
    )
    run.add_argument(
        "--max-memory",
        type=float,
        default=DEFAULT_MAX_MEMORY_MB,
        metavar="MB",
        help=f"stop a document that needs more memory, report it (default: {DEFAULT_MAX_MEMORY_MB:.0f})",
    )

    load = command("load", "Rebuild the database from normalized/ alone.")
    _out_db(load)

    query = command(
        "query",
        "Run SQL against the database. The SQL reads the database only: files (COPY … TO, ATTACH, "
        "read_csv, read_text, read_parquet) and INSTALL are refused unless --allow-files is given.",
    )
    query.add_argument("sql", nargs="?", help="the SQL statement; `-` reads it from standard input")
    query.add_argument("--file", "-f", type=Path, metavar="FILE", help="read the SQL from FILE")
    query.add_argument(
        "--allow-files",
        action="store_true",
        help="let the SQL read and write files (COPY … TO, read_parquet, ATTACH); off by default",
    )
    _db_format(query)

    inspect = command("inspect", "Show how one document was read and segmented.")
    inspect.add_argument("file", type=Path, help="a PDF or text document")
    inspect.add_argument("--limit", type=int, default=12, help="rows shown per section (default: 12)")

    search = command("search", "Find measures by Japanese words (BM25 over normalized terms).")
    search.add_argument("query", help="words to find; spelling variants (子供/子ども, ｺﾐｭﾆﾃｨ) agree")
    search.add_argument("--city", help="only this city (name such as 日立市, or municipality code)")
    search.add_argument("--tier", choices=("goal", "measure", "action"), help="only this tier")
    search.add_argument("--limit", type=int, default=10, help="results shown (default: 10)")
    _db_format(search)

    similar = command("similar", "Show the most similar actions of other cities (TF-IDF cosine).")
    similar.add_argument("measure_id", help="an action's measure_id")
    _db_format(similar)

    compare = command("compare", "Print the city × theme matrix: actions per theme in each city.")
    compare.add_argument(
        "--share", action="store_true", help="percent of each city's actions instead of counts"
    )
    _db_format(compare)

    report = command(
        "report", "Write a self-contained HTML report (themes, timelines, indicators, departments)."
    )
    report.add_argument(
        "--out", type=Path, default=None, help="HTML file (default: report.html beside the database)"
    )
    _db(report)

    tables = command("tables", "List the tables and views of the database with their rows and meaning.")
    _db_format(tables)

    describe = command("describe", "Show the columns of a table or view with their types and meanings.")
    describe.add_argument("table", help="a table or view (see `plans tables`)")
    _db_format(describe)

    export = command(
        "export",
        "Write every table and view (derived ones too) with a data dictionary: Parquet, CSV or Excel.",
    )
    export.add_argument(
        "--format", choices=("parquet", "csv", "xlsx"), default="parquet", help="(default: parquet)"
    )
    export.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write into")
    export.add_argument("--excel", action="store_true", help="CSV: start each file with a UTF-8 BOM")
    _db(export)

    problems = command("problems", "List the warnings and errors of the loaded documents.")
    problems.add_argument("--document", metavar="ID", help="only this document")
    problems.add_argument("--severity", choices=("error", "warning"), help="only this severity")
    _db_format(problems)
    return parser


def _verbosity(parser: argparse.ArgumentParser, default) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quiet", "-q", action="store_true", default=default, help="print only errors")
    group.add_argument(
        "--verbose", "-v", action="store_true", default=default, help="also print every warning"
    )


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, default=None, help="database file (default: $PLANS_DB, else OUT/plans.duckdb)"
    )


def _db_format(parser: argparse.ArgumentParser) -> None:
    _db(parser)
    parser.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help="output format (default: table)"
    )
    parser.add_argument(
        "--wide", action="store_true", help="tables: full text, wrapped (default: cut to the terminal)"
    )
    parser.add_argument(
        "--excel", action="store_true", help="CSV: start with a UTF-8 BOM so Excel reads Japanese"
    )


def _out_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, default=None, help="output folder (default: $PLANS_OUT, else normalized)"
    )
    _db(parser)


def _console(stderr: bool = False) -> Console:
    """A console; piped output is not wrapped (tables get room, messages stay on one line)."""
    console = Console(stderr=stderr)
    return console if console.is_terminal else Console(stderr=stderr, width=200, soft_wrap=True)


def _quiet_stdout() -> None:
    """After a closed pipe (`plans query … | head`): send what is left to /dev/null, silently."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # a captured stdout without a descriptor
        pass


SIGPIPE_STATUS = 141  # 128 + SIGPIPE, what a shell reports for a reader that went away


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status (0 ok, 1 fatal, 2 some documents failed)."""
    args = build_parser().parse_args(argv)
    args.quiet = getattr(args, "quiet", False) or False
    args.verbose = getattr(args, "verbose", False) or False
    out, err = _console(), _console(stderr=True)
    args.info = Console(quiet=True) if args.quiet else err  # progress and counts; errors go to err
    if hasattr(args, "db"):  # every command but inspect: paths from options, environment, defaults
        out_dir = args.out if args.command in ("run", "load") else None  # report/export: --out is a target
        args.out_dir, args.db = resolve_paths(out_dir, args.db)
    try:
        return COMMANDS[args.command](args, out, err)
    except BrokenPipeError:
        _quiet_stdout()
        return SIGPIPE_STATUS
    except PlansError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        return 1
    except (duckdb.Error, OSError) as exc:  # SQL errors, unreadable files: say what, not a traceback
        err.print(f"[bold red]error:[/] {type(exc).__name__}: {escape(str(exc))}")
        if args.verbose:
            err.print_exception()
        return 1


def cmd_run(args, out: Console, err: Console) -> int:
    from pipeline.app.run import run

    settings = Settings(
        workers=args.workers,
        executor=args.executor,
        scheduler=args.scheduler,
        max_mb=args.max_mb,
        max_pages=args.max_pages,
        timeout_s=args.timeout,
        max_memory_mb=args.max_memory,
    )
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal or args.quiet,
    )
    with progress:
        task = progress.add_task("reading documents", total=None)

        def advance(result: DocumentResult) -> None:
            progress.update(task, advance=1, description=escape(result.document_id))

        report = run(
            args.paths,
            args.raw,
            args.out_dir,
            args.db,
            settings,
            on_result=advance,
            on_start=lambda total: progress.update(task, total=total),
            allow_outside_raw=args.allow_outside_raw,
        )
    if not args.quiet:
        out.print(summary_table(report.results))
    shown = ("error", "warning") if args.verbose else ("error",)
    for r in report.results:
        for p in r.problems:
            if p.severity in shown:
                where = f" (line {p.line})" if p.line else f" (page {p.page})" if p.page else ""
                colour = "red" if p.severity == "error" else "yellow"
                err.print(f"[{colour}]{p.severity}[/] {escape(f'{r.document_id}{where}: {p.message}')}")
    if not args.quiet:
        out.print(
            Text(
                run_footer(
                    report.results,
                    report.table_counts.get("measures", 0),
                    args.db,
                )
            )
        )
    return report.exit_code


def run_footer(results: list[DocumentResult], measures: int, db: Path) -> str:
    """The closing lines of `plans run`: counts, where the database is, where the problems are."""
    statuses = Counter(r.status for r in results)
    failed = sum(r.failed for r in results)
    parts = ", ".join(plural(statuses[s], s, s) for s in ("parsed", "unchanged", "failed") if statuses[s])
    lines = [
        f"{plural(len(results), 'document')} ({parts or 'none'}), {failed} failed; "
        f"{plural(measures, 'measure')} → {db}"
    ]
    warnings = sum(r.summary.get("warnings", 0) for r in results)
    errors = sum(r.summary.get("errors", 0) for r in results)
    if warnings or errors:
        counted = " and ".join(plural(n, w) for n, w in ((errors, "error"), (warnings, "warning")) if n)
        lines.append(f"{counted}: `plans problems` lists them (--severity error, --document ID)")
    return "\n".join(lines)


def summary_table(results: list[DocumentResult]) -> Table:
    """One row per document, the same columns as the footer's totals."""
    table = Table(title="plans run", show_lines=False, show_footer=len(results) > 1)
    totals = {c: sum(r.summary.get(c, 0) for r in results) for c in SUMMARY_COLUMNS}
    table.add_column("document", footer=f"total ({plural(len(results), 'document')})", overflow="fold")
    table.add_column("status")
    table.add_column("layout")
    for col in SUMMARY_COLUMNS:
        table.add_column(col, justify="right", footer=str(totals[col]))
    for r in results:
        style = "red" if r.failed else {"unchanged": "dim"}.get(r.status, "")
        table.add_row(
            Text(r.document_id),
            r.status,
            Text(r.layout) if r.layout else Text("–", style="dim"),
            *(str(r.summary.get(c, 0)) for c in SUMMARY_COLUMNS),
            style=style,
        )
    return table


def cmd_load(args, out: Console, err: Console) -> int:
    from pipeline.app.run import load

    counts = load(args.out_dir, args.db)
    args.info.print(", ".join(f"{t} {n:,}" for t, n in counts.items()) + f" → {args.db}")
    return 0


def cmd_query(args, out: Console, err: Console) -> int:
    from pipeline.store.database import connect_readonly

    sql = query_text(args)
    con = connect_readonly(args.db, sandbox=not args.allow_files)
    try:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall()
    except duckdb.PermissionException as exc:
        raise PlansError(
            f"{exc}\n`plans query` reads only the database; give --allow-files to let the SQL use files"
        ) from None
    finally:
        con.close()
    write_rows(names, rows, args.format, out, args)
    if args.format == "table":
        args.info.print(plural(len(rows), "row"))
    return 0


def query_text(args) -> str:
    """The SQL: the argument, standard input for `-`, or --file."""
    if args.file and args.sql:
        raise InvalidInput("give the SQL as an argument or with --file, not both")
    if args.file:
        try:
            return args.file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InvalidInput(f"{args.file}: no such SQL file") from None
    if args.sql == "-":
        return sys.stdin.read()
    if not args.sql:
        raise InvalidInput("no SQL: give a statement, `-` for standard input, or --file FILE")
    return args.sql


def write_rows(names: list[str], rows: list[tuple], fmt: str, out: Console, args=None) -> None:
    """Print rows as a table that fits the terminal, as CSV or as JSON (full text, typed values)."""
    if fmt == "csv":
        write_csv(names, rows, sys.stdout, excel=bool(getattr(args, "excel", False)))
    elif fmt == "json":
        write_json(names, rows, sys.stdout)
    else:
        out.print(render_rows(names, rows, out, wide=bool(getattr(args, "wide", False))))
    sys.stdout.flush()


def cmd_inspect(args, out: Console, err: Console) -> int:
    from pipeline.app.inspect import inspect_document

    for renderable in inspect_document(args.file, args.limit):
        out.print(renderable)
    return 0


def _marked(segments: list[tuple[str, bool]], out: Console) -> Text | str:
    """A snippet: matches in bold on a terminal, inside 【】 elsewhere."""
    from pipeline.query.search import mark_segments

    if not out.is_terminal:
        return mark_segments(segments)
    text = Text()
    for part, hit in segments:
        text.append(part.replace("\n", " "), style="bold yellow" if hit else "")
    return text


def cmd_search(args, out: Console, err: Console) -> int:
    from pipeline.query.connect import open_database
    from pipeline.query.search import query_terms, search

    con = open_database(args.db)
    try:
        hits = search(con, args.query, args.city, args.tier, args.limit)
    finally:
        con.close()
    if args.format != "table":
        names = list(hits[0].as_dict()) if hits else ["rank"]
        write_rows(names, [tuple(h.as_dict().values()) for h in hits], args.format, out, args)
        return 0
    table = Table("#", "score", "city", "plan", "code", "title", "snippet", "source")
    for h in hits:
        table.add_row(
            str(h.rank), f"{h.score:.3f}", Text(h.city or ""), Text(h.plan_id), Text(h.code or "-"),
            Text(h.title), _marked(h.segments, out), Text(h.source),
        )  # fmt: skip
    out.print(table)
    args.info.print(f"{plural(len(hits), 'result')} for {' '.join(query_terms(args.query))}")
    return 0


def cmd_similar(args, out: Console, err: Console) -> int:
    from pipeline.query.connect import open_database
    from pipeline.query.similar import describe, similar_to

    con = open_database(args.db)
    try:
        _tier, city, plan_id, title = describe(con, args.measure_id)
        found = similar_to(con, args.measure_id)
    finally:
        con.close()
    if args.format != "table":
        names = list(found[0].as_dict()) if found else ["rank"]
        write_rows(names, [tuple(f.as_dict().values()) for f in found], args.format, out, args)
        return 0
    table = Table(
        "#", "score", "city", "plan", "code", "title", "shared terms", title=Text(f"{city} {title}")
    )
    for f in found:
        table.add_row(
            str(f.rank), f"{f.score:.3f}", Text(f.city or ""), Text(f.plan_id), Text(f.code or "-"),
            Text(f.title), Text("、".join(f.shared_terms)),
        )  # fmt: skip
    out.print(table)
    return 0


def cmd_compare(args, out: Console, err: Console) -> int:
    from pipeline.query.compare import theme_matrix
    from pipeline.query.connect import open_database

    con = open_database(args.db)
    try:
        names, body = theme_matrix(con, args.share)
    finally:
        con.close()
    if args.format != "table":
        write_rows(names, body, args.format, out, args)
        return 0
    table = Table(title="actions per theme" + (" (percent of the city's actions)" if args.share else ""))
    table.add_column(names[0])
    for name in names[1:]:
        table.add_column(name, justify="right")
    for i, row in enumerate(body):
        cells = [f"{v:.0f}%" if args.share and i < len(body) - 1 else str(v) for v in row[1:]]
        table.add_row(Text(row[0]), *cells, end_section=i == len(body) - 2)
    out.print(table)
    return 0


def cmd_report(args, out: Console, err: Console) -> int:
    from pipeline.query.connect import open_database
    from pipeline.query.report import write_report

    target = args.out or args.db.parent / "report.html"
    con = open_database(args.db)
    try:
        size = write_report(con, target)
    finally:
        con.close()
    out.print(f"report → {target} ({size / 1024:.0f} KiB, self-contained)")
    return 0


def cmd_tables(args, out: Console, err: Console) -> int:
    from pipeline.query.connect import database_tables

    con = _connect(args.db)
    try:
        rows = database_tables(con)
    finally:
        con.close()
    write_rows(["name", "kind", "rows", "meaning"], rows, args.format, out, args)
    return 0


def cmd_describe(args, out: Console, err: Console) -> int:
    from pipeline.query.connect import describe_table

    con = _connect(args.db)
    try:
        kind, meaning, columns = describe_table(con, args.table)
    finally:
        con.close()
    if args.format == "table":
        args.info.print(Text(f"{args.table} ({kind}): {meaning}", style="bold"))
    write_rows(["column", "type", "meaning"], columns, args.format, out, args)
    return 0


def cmd_problems(args, out: Console, err: Console) -> int:
    from pipeline.query.connect import problems

    con = _connect(args.db)
    try:
        names, rows = problems(con, args.document, args.severity)
    finally:
        con.close()
    write_rows(names, rows, args.format, out, args)
    if args.format == "table":
        counts = Counter(r[names.index("severity")] for r in rows)
        summary = ", ".join(plural(counts[s], s) for s in ("error", "warning")) if rows else "no problems"
        args.info.print(summary)
    return 0


def cmd_export(args, out: Console, err: Console) -> int:
    from pipeline.app.export import export

    written = export(args.db, args.out, args.format, bom=args.excel)
    args.info.print(f"{plural(len(written), 'file')} → {args.out}")
    return 0


def _connect(db: Path):
    from pipeline.store.database import connect_readonly

    return connect_readonly(db)


COMMANDS = {
    "run": cmd_run,
    "load": cmd_load,
    "query": cmd_query,
    "inspect": cmd_inspect,
    "search": cmd_search,
    "similar": cmd_similar,
    "compare": cmd_compare,
    "report": cmd_report,
    "tables": cmd_tables,
    "describe": cmd_describe,
    "problems": cmd_problems,
    "export": cmd_export,
}

if __name__ == "__main__":
    sys.exit(main())
