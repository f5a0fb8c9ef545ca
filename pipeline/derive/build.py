"""Cross-document tables and views, computed by the database build from the record tables.

`build_derived` runs inside `build_database`'s connection after the record
tables are loaded: `themes`, `measure_themes`, `similar_actions` (models in
`pipeline.model.records.DERIVED_TABLES`) and the comparison views (`pipeline.derive.views`).
Nothing here is stored in normalized/: `plans load` recomputes it all.
"""

from __future__ import annotations

import duckdb

from pipeline.derive.similar import build_similar
from pipeline.derive.themes import build_themes, load_taxonomy
from pipeline.derive.views import create_views
from pipeline.model.records import DERIVED_TABLES
from pipeline.model.schema import duckdb_ddl


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
