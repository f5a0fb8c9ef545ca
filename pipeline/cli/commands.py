"""The `plans` commands: each calls one library function and prints what it returns."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import duckdb
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from pipeline.app.output import plural, render_rows, write_csv, write_json
from pipeline.app.process import SUMMARY_COLUMNS, DocumentResult
from pipeline.app.settings import (
    Settings,
)
from pipeline.errors import InvalidInput, PlansError


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
        pdf_engine=args.pdf_engine,
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
