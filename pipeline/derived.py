"""Cross-document tables and views, computed by the database build from the record tables.

`build_derived` runs inside `build_database`'s connection after the record
tables are loaded: `themes`, `measure_themes`, `similar_actions` (models in
`pipeline.models.DERIVED_TABLES`) and the comparison views (`pipeline.views`).
Nothing here is stored in normalized/: `plans load` recomputes it all.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.models import DERIVED_TABLES
from pipeline.schema import duckdb_ddl
from pipeline.similar import build_similar
from pipeline.themes import build_themes, load_taxonomy
from pipeline.views import VIEWS, create_views


def build_derived(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Create and fill the derived tables and the views; record `themes_version` in meta; return row counts."""
    con.execute("SET enable_progress_bar = false")  # long joins on big corpora must not draw on stdout
    taxonomy = load_taxonomy()
    for table, model in DERIVED_TABLES.items():
        con.execute(duckdb_ddl(table, model))
    build_themes(con, taxonomy)
    build_similar(con)
    create_views(con)
    con.execute("INSERT INTO meta VALUES ('themes_version', ?)", [taxonomy.version])
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in DERIVED_TABLES}


def open_database(db_path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only, offline connection; a clear error for a missing database or one built before these tables."""
    from pipeline.store.database import connect_readonly

    con = connect_readonly(db_path)
    names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    missing = sorted((set(DERIVED_TABLES) | set(VIEWS)) - names)
    if missing:
        con.close()
        raise FileNotFoundError(
            f"{db_path} has no {', '.join(missing)} (built before they existed); rebuild it with `plans load`"
        )
    return con
