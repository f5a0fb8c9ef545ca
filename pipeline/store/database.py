"""The DuckDB file: connections, the contract tables and the atomic swap of a new build.

A new database is written beside the old one and renamed over it only when
complete, so a failed or killed build leaves the previous database queryable.
What goes into a build (records, derived tables, meta) is `pipeline.app.build`'s.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipeline.errors import NotFound, PlansError
from pipeline.model.descriptions import column_description, table_description
from pipeline.model.records import ALL_TABLES, PRIMARY_KEYS, TABLES
from pipeline.model.schema import duckdb_ddl

# The database file is written in the storage format of DuckDB 1.0/1.1 (header version 64),
# so researchers with an older DuckDB (1.1 and later) can open it.
STORAGE_COMPATIBILITY = "v1.1.0"
BUILD_MEMORY_LIMIT = "1GB"  # DuckDB spills beyond it: flat memory at any size

# DuckDB may fetch extensions from its server on first use; nothing may download at run time.
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


# A researcher's SQL (`plans query`) reads the database and nothing else: no COPY … TO,
# ATTACH, read_csv/read_text of other files, INSTALL; and it cannot switch that back on.
SANDBOX = {"enable_external_access": False, "lock_configuration": True}


def connect(db_path: Path, read_only: bool = False, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """A connection that never installs or loads extensions from the network."""
    return duckdb.connect(str(db_path), read_only=read_only, config={**OFFLINE, **(config or {})})


def connect_readonly(db_path: Path, sandbox: bool = False) -> duckdb.DuckDBPyConnection:
    """A read-only connection; `sandbox` also refuses every file outside the database."""
    if not db_path.is_file():
        raise NotFound(f"{db_path}: no database yet; run `plans run` or `plans load` first")
    return connect(db_path, read_only=True, config=SANDBOX if sandbox else None)


def remove_stale_builds(db_path: Path) -> None:
    """Remove the temporary databases (and their .wal) of killed builds; callers hold the lock."""
    if db_path.parent.is_dir():
        for stale in db_path.parent.glob(f".{glob.escape(db_path.name)}.*.tmp*"):
            stale.unlink(missing_ok=True)


@contextmanager
def new_database(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a temporary database that replaces `db_path` when the block succeeds.

    Callers hold the output lock (`store.lock`), so temporary files found here are stale.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(db_path)
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    con = connect(tmp, config={"storage_compatibility_version": STORAGE_COMPATIBILITY})
    con.execute(f"SET memory_limit = '{BUILD_MEMORY_LIMIT}'")
    try:
        yield con
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, db_path)


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Every contract table, empty."""
    for table, model in ALL_TABLES.items():
        con.execute(duckdb_ddl(table, model))


class DuplicateIds(PlansError):
    """Two records with one id: the build stops (the previous database stays) and names them."""

    def __init__(self, table: str, duplicates: list[tuple[str, int, list[str]]]):
        self.table, self.duplicates = table, duplicates
        lines = [
            f"  {table} {key}: {count} records, in {', '.join(documents)}"
            for key, count, documents in duplicates
        ]
        super().__init__(
            f"{table}: {len(duplicates)} id(s) used more than once; the database was not replaced:\n"
            + "\n".join(lines)
        )


def load_records(
    con: duckdb.DuckDBPyConnection, out_dir: Path, files: dict[str, list[Path]] | None = None
) -> dict[str, int]:
    """Fill the record tables from `normalized/` (or the given files per table); return row counts."""
    counts: dict[str, int] = {}
    for table in TABLES:
        paths = files[table] if files is not None else sorted((out_dir / table).glob("*.parquet"))
        if paths:
            cols = ", ".join(f'"{c}"' for c in TABLES[table].model_fields)
            source = "read_parquet(?, union_by_name = true)"
            try:
                con.execute(
                    f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {source}", [[str(f) for f in paths]]
                )
            except duckdb.ConstraintException:
                raise DuplicateIds(table, _duplicates(con, table, source, paths)) from None
        counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return counts


def _duplicates(
    con: duckdb.DuckDBPyConnection, table: str, source: str, paths: list[Path], limit: int = 20
) -> list[tuple[str, int, list[str]]]:
    """(key, count, documents) of the keys `table`'s files repeat (the first `limit`)."""
    key = " || '/' || ".join(f'"{k}"' for k in PRIMARY_KEYS[table])
    return [
        (k, n, list(docs))
        for k, n, docs in con.execute(
            f"""SELECT {key} AS k, count(*) AS n, list(DISTINCT document_id ORDER BY document_id)
                FROM {source} GROUP BY k HAVING count(*) > 1 ORDER BY k LIMIT {limit}""",
            [[str(f) for f in paths]],
        ).fetchall()
    ]


def write_meta(con: duckdb.DuckDBPyConnection, meta: dict[str, str]) -> None:
    con.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))


def read_meta(db_path: Path, key: str) -> str | None:
    """One `meta` value of an existing database; None when there is none or the file cannot be read."""
    if not db_path.is_file():
        return None
    try:
        con = connect(db_path, read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return row[0] if row else None


def table_counts(db_path: Path) -> dict[str, int]:
    """Row counts of the record tables of an existing database."""
    con = connect_readonly(db_path)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def comment_schema(con: duckdb.DuckDBPyConnection) -> None:
    """`COMMENT ON` every table, view and column with its meaning (`pipeline.model.descriptions`)."""
    objects = con.execute(
        "SELECT table_name, 'TABLE' FROM duckdb_tables() WHERE schema_name = 'main' "
        "UNION ALL SELECT view_name, 'VIEW' FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'"
    ).fetchall()
    for name, kind in objects:
        if text := table_description(name):
            con.execute(f'COMMENT ON {kind} "{name}" IS {_quote(text)}')
        for (column,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main'", [name]
        ).fetchall():
            if text := column_description(name, column):
                con.execute(f'COMMENT ON COLUMN "{name}"."{column}" IS {_quote(text)}')
