"""The stored similar actions of one action, with the terms that make them alike."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb

from pipeline.derive.similar import VECTORS
from pipeline.errors import InvalidInput

SHARED_TERMS_SHOWN = 6


@dataclass(frozen=True, slots=True)
class Similar:
    rank: int
    score: float
    measure_id: str
    city: str | None
    plan_id: str
    code: str | None
    title: str
    shared_terms: list[str]  # the shared terms that weigh most in the score

    def as_dict(self) -> dict:
        return asdict(self)


def describe(con: duckdb.DuckDBPyConnection, measure_id: str) -> tuple[str, str | None, str, str]:
    """(tier, city, plan_id, title) of a measure; a clear error when the id is unknown."""
    row = con.execute(
        "SELECT m.tier, p.city, m.plan_id, m.title FROM measures m JOIN plans p USING (plan_id) "
        "WHERE m.measure_id = ?",
        [measure_id],
    ).fetchone()
    if row is None:
        near = [
            r[0]
            for r in con.execute(
                "SELECT measure_id FROM measures WHERE measure_id LIKE ? || '%' ORDER BY measure_id LIMIT 5",
                [measure_id.rsplit("/", 1)[0]],
            ).fetchall()
        ]
        hint = f" (ids that start alike: {', '.join(near)})" if near else ""
        raise InvalidInput(f"no measure {measure_id!r}{hint}")
    return row


def similar_to(con: duckdb.DuckDBPyConnection, measure_id: str) -> list[Similar]:
    """The stored most similar other-city actions of one action, with the terms they share."""
    tier, _city, _plan, _title = describe(con, measure_id)
    if tier != "action":
        raise InvalidInput(f"{measure_id} is a {tier}; similar_actions pairs actions (tier 'action')")
    rows = con.execute(
        f"""
        {VECTORS}
        SELECT s.rank, s.score, s.other_measure_id, p.city, m.plan_id, m.code, m.title,
               (SELECT list(a.term ORDER BY a.w * b.w DESC, a.term)[1:{SHARED_TERMS_SHOWN}]
                FROM vec a JOIN vec b ON a.term = b.term
                WHERE a.measure_id = s.measure_id AND b.measure_id = s.other_measure_id) AS shared
        FROM similar_actions s JOIN measures m ON m.measure_id = s.other_measure_id JOIN plans p USING (plan_id)
        WHERE s.measure_id = ?
        ORDER BY s.rank
        """,
        [measure_id],
    ).fetchall()
    return [Similar(r[0], r[1], r[2], r[3], r[4], r[5], r[6], list(r[7] or [])) for r in rows]
