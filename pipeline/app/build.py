"""The database build: create → load `normalized/` → derive → meta → swap, in one place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline import PARSER_VERSION
from pipeline.derive.build import build_derived
from pipeline.ingest.municipalities import table_version
from pipeline.model.records import SCHEMA_VERSION
from pipeline.normalize.tokenize import dictionary_version
from pipeline.store.database import (
    comment_schema,
    create_tables,
    load_records,
    new_database,
    read_meta,
    write_meta,
)
from pipeline.store.parquet import fingerprint, stored_files

FINGERPRINT_KEY = "normalized_fingerprint"  # in meta: which normalized/ files the database holds


def normalized_fingerprint(out_dir: Path) -> str:
    return fingerprint(stored_files(out_dir))


def in_step(out_dir: Path, db_path: Path) -> bool:
    """Does `db_path` hold exactly the current `normalized/` (same files, sizes, times)?"""
    return read_meta(db_path, FINGERPRINT_KEY) == normalized_fingerprint(out_dir)


def build_database(out_dir: Path, db_path: Path) -> dict[str, int]:
    """Build `db_path` from `normalized/` alone and swap it in; return row counts per table.

    The files are listed once, loaded by name, and their fingerprint is kept in `meta`,
    so the next `plans run` knows whether the database is in step with `normalized/`.
    """
    files = stored_files(out_dir)
    with new_database(db_path) as con:
        create_tables(con)
        counts = load_records(con, out_dir, files)
        counts.update(build_derived(con))  # themes, similar actions, comparison views
        comment_schema(con)  # every table, view and column carries its meaning
        write_meta(
            con,
            {
                "schema_version": str(SCHEMA_VERSION),
                "parser_version": PARSER_VERSION,
                "sudachi_dictionary": dictionary_version(),
                "municipality_table": table_version(),
                "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                FINGERPRINT_KEY: fingerprint(files),
            },
        )
    return counts
