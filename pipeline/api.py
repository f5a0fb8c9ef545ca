"""The common questions as pandas DataFrames: `from pipeline import api`.

Every function opens the database read-only (`db`, else `$PLANS_DB`, else
`$PLANS_OUT/plans.duckdb` or `normalized/plans.duckdb`), answers, and closes it.
Column meanings: `api.describe(TABLE)` or docs/schema.md.

    from pipeline import api
    api.actions(city="日立市")            # one row per action (action_overview)
    api.indicators(city="08201")          # indicators with direction and progress
    api.search("防災", tier="action")      # BM25 over normalized terms
    api.similar("08202-community@08202_hitachi_community_action_plan/1/14")
    api.problems(severity="error")
    api.table("measures")                 # any table or view
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.app.settings import resolve_paths
from pipeline.errors import InvalidInput
from pipeline.query import connect as _connect
from pipeline.query.search import search as _search
from pipeline.query.similar import similar_to


def database(db: str | Path | None = None) -> Path:
    """The database file these functions read."""
    return resolve_paths(None, Path(db) if db else None)[1]


@contextmanager
def _open(db: str | Path | None):
    con = _connect.open_database(database(db))
    try:
        yield con
    finally:
        con.close()


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def _city_filter(city: str | None) -> tuple[str, list]:
    if not city:
        return "", []
    return " WHERE (city = ? OR municipality_code = ?)", [city, city]


def tables(db: str | Path | None = None) -> pd.DataFrame:
    """Every table and view: name, kind, rows (tables), meaning."""
    with _open(db) as con:
        return pd.DataFrame(_connect.database_tables(con), columns=["name", "kind", "rows", "meaning"])


def describe(table: str, db: str | Path | None = None) -> pd.DataFrame:
    """The columns of a table or view with their types and meanings."""
    with _open(db) as con:
        _kind, _meaning, columns = _connect.describe_table(con, table)
    return pd.DataFrame(columns, columns=["column", "type", "meaning"])


def table(name: str, db: str | Path | None = None) -> pd.DataFrame:
    """A whole table or view."""
    with _open(db) as con:
        known = {r[0] for r in _connect.database_tables(con)}
        if name not in known:
            raise InvalidInput(f"no table or view {name!r}; there are: {', '.join(sorted(known))}")
        return _frame(con, f'SELECT * FROM "{name}"')


def actions(city: str | None = None, db: str | Path | None = None) -> pd.DataFrame:
    """One row per action (`action_overview`), of one city (name or municipality code) or all."""
    where, params = _city_filter(city)
    with _open(db) as con:
        return _frame(
            con, f"SELECT * FROM action_overview{where} ORDER BY municipality_code, plan_id, seq", params
        )


def indicators(city: str | None = None, db: str | Path | None = None) -> pd.DataFrame:
    """Indicators with baseline, target, actual, direction and progress (`indicator_progress`)."""
    where, params = _city_filter(city)
    with _open(db) as con:
        return _frame(
            con, f"SELECT * FROM indicator_progress{where} ORDER BY municipality_code, plan_id, seq", params
        )


def search(
    query: str,
    city: str | None = None,
    tier: str | None = None,
    limit: int = 10,
    db: str | Path | None = None,
) -> pd.DataFrame:
    """Measures ranked by BM25 for Japanese words (spelling variants agree), as `plans search`."""
    with _open(db) as con:
        hits = _search(con, query, city, tier, limit)
    return pd.DataFrame([h.as_dict() for h in hits])


def similar(measure_id: str, db: str | Path | None = None) -> pd.DataFrame:
    """The most similar actions of other municipalities, with the shared terms, as `plans similar`."""
    with _open(db) as con:
        found = similar_to(con, measure_id)
    return pd.DataFrame([f.as_dict() for f in found])


def problems(
    document: str | None = None, severity: str | None = None, db: str | Path | None = None
) -> pd.DataFrame:
    """Warnings and errors of the loaded documents, as `plans problems`."""
    with _open(db) as con:
        names, rows = _connect.problems(con, document, severity)
    return pd.DataFrame(rows, columns=names)
