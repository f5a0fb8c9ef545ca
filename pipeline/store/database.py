"""Build `plans.duckdb` from `normalized/` alone, and swap it in atomically.

The new database is written beside the old one and renamed over it only when
complete, so a failed or killed build leaves the previous database queryable.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb

from pipeline import PARSER_VERSION
from pipeline.derived import build_derived
from pipeline.models import ALL_TABLES, SCHEMA_VERSION, TABLES
from pipeline.schema import duckdb_ddl
from pipeline.tokenize import dictionary_version


def build_database(out_dir: Path, db_path: Path) -> dict[str, int]:
    """Create every contract table, load the Parquet files, write `meta`; return row counts.

    Callers hold the output lock (`store.lock`), so temporary files found here are stale.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for stale in db_path.parent.glob(f".{db_path.name}.*.tmp*"):  # left by a killed build
        stale.unlink(missing_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    counts: dict[str, int] = {}
    con = connect(tmp)
    con.execute(
        f"SET memory_limit = '{BUILD_MEMORY_LIMIT}'"
    )  # DuckDB spills beyond it: flat memory at any size
    try:
        for table, model in ALL_TABLES.items():
            con.execute(duckdb_ddl(table, model))
        for table in TABLES:
            files = sorted((out_dir / table).glob("*.parquet"))
            if files:
                cols = ", ".join(f'"{c}"' for c in TABLES[table].model_fields)
                con.execute(
                    f"INSERT INTO {table} ({cols}) SELECT {cols} FROM read_parquet(?, union_by_name = true)",
                    [[str(f) for f in files]],
                )
            counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        counts.update(build_derived(con))  # themes, similar actions, comparison views (pipeline.derived)
        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "parser_version": PARSER_VERSION,
            "sudachi_dictionary": dictionary_version(),
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, db_path)
    return counts


BUILD_MEMORY_LIMIT = "1GB"

# DuckDB may fetch extensions from its server on first use; nothing may download at run time.
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def connect(db_path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection that never installs or loads extensions from the network."""
    return duckdb.connect(str(db_path), read_only=read_only, config=dict(OFFLINE))


def connect_readonly(db_path: Path) -> duckdb.DuckDBPyConnection:
    if not db_path.is_file():
        raise FileNotFoundError(f"{db_path}: no database yet; run `plans run` or `plans load` first")
    return connect(db_path, read_only=True)


def table_counts(db_path: Path) -> dict[str, int]:
    """Row counts of the record tables of an existing database."""
    con = connect_readonly(db_path)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()
