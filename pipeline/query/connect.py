"""Read-only connections for the researcher's side, checked for the derived tables it reads."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.derive.views import VIEWS
from pipeline.errors import InvalidInput, NotFound
from pipeline.model.descriptions import column_description, table_description
from pipeline.model.docs import all_tables
from pipeline.model.records import DERIVED_TABLES
from pipeline.store.database import connect_readonly


def open_database(db_path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only, offline connection; a clear error for a missing database or one built before these tables."""
    con = connect_readonly(db_path)
    names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    missing = sorted((set(DERIVED_TABLES) | set(VIEWS)) - names)
    if missing:
        con.close()
        raise NotFound(
            f"{db_path} has no {', '.join(missing)} (built before they existed); rebuild it with `plans load`"
        )
    return con


def database_tables(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(name, kind, rows, meaning) of every table and view; rows for tables only (views compute)."""
    found = con.execute(
        """SELECT table_name, 'table', estimated_size, comment FROM duckdb_tables() WHERE NOT internal
           UNION ALL SELECT view_name, 'view', NULL, comment FROM duckdb_views() WHERE NOT internal"""
    ).fetchall()
    order = {name: i for i, name in enumerate(all_tables())}
    rows = []
    for name, kind, _size, comment in sorted(found, key=lambda r: (order.get(r[0], len(order)), r[0])):
        count = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] if kind == "table" else None
        rows.append((name, all_tables().get(name, kind), count, comment or table_description(name)))
    return rows


def describe_table(con: duckdb.DuckDBPyConnection, table: str) -> tuple[str, str, list[tuple]]:
    """(kind, meaning, [(column, type, meaning)]) of a table or view of the database."""
    names = {r[0]: r for r in database_tables(con)}
    if table not in names:
        raise InvalidInput(f"no table or view {table!r}; there are: {', '.join(names)}")
    columns = con.execute(
        "SELECT column_name, data_type, comment FROM duckdb_columns() WHERE table_name = ? AND NOT internal "
        "ORDER BY column_index",
        [table],
    ).fetchall()
    rows = [(c, t, comment or column_description(table, c)) for c, t, comment in columns]
    return names[table][1], names[table][3], rows


def problems(
    con: duckdb.DuckDBPyConnection, document: str | None = None, severity: str | None = None
) -> tuple[list[str], list[tuple]]:
    """(names, rows) of the problems table, errors first, then by document and place."""
    where, params = [], []
    if document:
        where.append("document_id = ?")
        params.append(document)
    if severity:
        where.append("severity = ?")
        params.append(severity)
    cursor = con.execute(
        "SELECT document_id, severity, stage, page, line, message FROM problems"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY severity = 'warning', document_id, page NULLS FIRST, line NULLS FIRST, message",
        params,
    )
    return [d[0] for d in cursor.description], cursor.fetchall()
