"""The `plans` command line: its commands, options and examples."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline import PARSER_VERSION, __version__
from pipeline.app.settings import (
    DEFAULT_MAX_MB,
    DEFAULT_MAX_MEMORY_MB,
    DEFAULT_MAX_PAGES,
    DEFAULT_RAW,
    DEFAULT_TIMEOUT_S,
    EXECUTORS,
)
from pipeline.read.pdf.settings import ENGINES

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
    run.add_argument(
        "--pdf-engine",
        choices=ENGINES,
        default=ENGINES[0],
        help=f"what parses PDF pages: {ENGINES[1]} is the slower reference (default: {ENGINES[0]})",
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
