"""Read-only connections for the researcher's side, checked for the derived tables it reads."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.derive.views import VIEWS
from pipeline.errors import NotFound
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
