"""The database build: create → load `normalized/` → derive → meta → swap, in one place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline import PARSER_VERSION
from pipeline.derive.build import build_derived
from pipeline.model.records import SCHEMA_VERSION
from pipeline.normalize.tokenize import dictionary_version
from pipeline.store.database import create_tables, load_records, new_database, write_meta


def build_database(out_dir: Path, db_path: Path) -> dict[str, int]:
    """Build `db_path` from `normalized/` alone and swap it in; return row counts per table."""
    with new_database(db_path) as con:
        create_tables(con)
        counts = load_records(con, out_dir)
        counts.update(build_derived(con))  # themes, similar actions, comparison views
        write_meta(
            con,
            {
                "schema_version": str(SCHEMA_VERSION),
                "parser_version": PARSER_VERSION,
                "sudachi_dictionary": dictionary_version(),
                "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            },
        )
    return counts
