"""The city × theme comparison: `theme_matrix` pivoted to one row per theme, one column per city."""

from __future__ import annotations

import duckdb


def theme_matrix(con: duckdb.DuckDBPyConnection, share: bool = False) -> tuple[list[str], list[tuple]]:
    """(column names, rows): a row per theme, then the cities' action totals (numbers).

    With `share`, a theme's cells are percents of the city's actions (one decimal).
    """
    rows = con.execute(
        "SELECT municipality_code, city, theme, theme_seq, actions, share, city_actions FROM theme_matrix "
        "ORDER BY theme_seq, municipality_code, city"
    ).fetchall()
    cities = sorted({(r[0] or "", r[1] or "") for r in rows})
    themes = sorted({(r[3], r[2]) for r in rows})
    cell = {(r[2], r[1] or ""): (round(100 * (r[5] or 0), 1) if share else r[4]) for r in rows}
    totals = {r[1] or "": r[6] for r in rows}
    names = ["theme", *(c for _, c in cities)]
    body = [(t, *(cell[(t, c)] for _, c in cities)) for _, t in themes]
    body.append(("actions", *(totals[c] for _, c in cities)))
    return names, body
