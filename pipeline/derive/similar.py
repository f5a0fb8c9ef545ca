"""Similar actions across cities: TF-IDF cosine over the `terms` table, in SQL.

Each measure is a vector of its terms weighted (1 + ln tf) × ln(N / df), N being
every measure in the database and df the measures that hold the term; a term
found in every measure weighs nothing. For each action, the k most similar
actions of OTHER municipalities are kept in `similar_actions`, ranked by cosine
(ties: the other measure's id), so the table is the same on every build.

All pairs would grow with the square of the corpus, so the search runs in two
steps, as search engines do: each action looks up its terms among each term's
`postings` heaviest actions only, which gives candidates with a partial score;
its best `candidates` are then scored exactly on all their shared terms. Scores
are exact; a counterpart can be missed only when it is not among the heaviest
holders of any term the two share. On the seed corpus the result equals the
exhaustive all-pairs computation (`exhaustive_similar`; a test checks it).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

DEFAULT_K = 5
DEFAULT_POSTINGS = 32  # a term's heaviest actions: where candidates are looked up
DEFAULT_CANDIDATES = 20  # candidates per action scored exactly on all their terms
DENSE_BYTES = 64 * 2**20  # a chunk of actions is scored as dense rows of this size at most
PAIRS_PER_CHUNK = 1_000_000  # candidate pairs expanded at once (about 100 MB of working arrays)

# Term weights before normalization: every value is computed from integers, so it is the
# same on every build (a parallel float sum is not; `build_similar` takes the norm in numpy).
WEIGHTS = """
WITH n AS (SELECT count(*) AS n FROM measures),
bag AS (SELECT measure_id, term, sum(freq) AS freq FROM terms GROUP BY ALL),
idf AS (SELECT term, ln(n.n / count(*)) AS idf FROM bag CROSS JOIN n GROUP BY term, n.n),
w AS (
    SELECT b.measure_id, b.term, (1 + ln(b.freq)) * idf.idf AS w
    FROM bag b JOIN idf USING (term) WHERE idf.idf > 0
)"""
RAW_VECTORS = f"""{WEIGHTS},
vec AS (
    SELECT w.measure_id, w.term, w.w, coalesce(p.municipality_code, p.city, m.plan_id) AS municipality
    FROM w JOIN measures m USING (measure_id) JOIN plans p USING (plan_id)
    WHERE m.tier = 'action'
)
"""
VECTORS = f"""{WEIGHTS},
norm AS (SELECT measure_id, sqrt(sum(w * w)) AS norm FROM w GROUP BY measure_id),
vec AS (
    SELECT w.measure_id, w.term, w.w / norm.norm AS w,
           coalesce(p.municipality_code, p.city, m.plan_id) AS municipality
    FROM w JOIN norm USING (measure_id) JOIN measures m USING (measure_id) JOIN plans p USING (plan_id)
    WHERE m.tier = 'action'
)
"""


def build_similar(
    con: duckdb.DuckDBPyConnection,
    k: int = DEFAULT_K,
    postings: int = DEFAULT_POSTINGS,
    candidates: int = DEFAULT_CANDIDATES,
) -> None:
    """Fill `similar_actions`: the top k other-city actions of every action.

    Works on numpy arrays a chunk of actions at a time, so memory stays bounded
    whatever the corpus size (a join of every action with every term's holders
    does not: it ran out of memory at 300 documents).
    """
    # Integer codes from SQL: only numbers cross into Python (id order = code-point order,
    # as DuckDB sorts, so ties break on the id), the ids themselves once per action.
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _similar_vec AS {RAW_VECTORS}
        SELECT dense_rank() OVER (ORDER BY measure_id) - 1 AS action,
               dense_rank() OVER (ORDER BY term) - 1 AS term,
               dense_rank() OVER (ORDER BY municipality) - 1 AS town, measure_id, w
        FROM vec"""
    )
    try:
        vec = con.execute("SELECT action, term, w FROM _similar_vec ORDER BY action, term").fetchnumpy()
        ids = con.execute("SELECT measure_id FROM _similar_vec GROUP BY ALL ORDER BY measure_id").fetchnumpy()
        towns = con.execute(
            "SELECT any_value(town) FROM _similar_vec GROUP BY action ORDER BY action"
        ).fetchnumpy()
        n_terms = con.execute("SELECT coalesce(max(term) + 1, 0) FROM _similar_vec").fetchone()[0]
    finally:
        con.execute("DROP TABLE IF EXISTS _similar_vec")
    action = np.asarray(vec["action"], dtype=np.int64)
    if len(action) == 0:
        return
    term = np.asarray(vec["term"], dtype=np.int64)
    weight = np.asarray(vec["w"], dtype=float)
    ids = np.asarray(ids["measure_id"], dtype=object)
    town = np.asarray(towns[next(iter(towns))], dtype=np.int64)
    terms = range(n_terms)
    by_action = np.searchsorted(action, np.arange(len(ids) + 1))  # CSR over actions
    # Unit vectors; the norm summed in one fixed order (action, term), so every build agrees.
    norm = np.sqrt(np.add.reduceat(weight * weight, by_action[:-1]))
    weight = weight / norm[action]
    # Each term's heaviest holders: where candidates are looked up.
    order = np.lexsort((action, -weight, term))
    rank_in_term = np.arange(len(order)) - np.searchsorted(term[order], term[order])
    kept = order[rank_in_term < postings]
    p_term, p_action, p_weight = term[kept], action[kept], weight[kept]
    by_term = np.searchsorted(p_term, np.arange(len(terms) + 1))
    out = []
    # Rows of the dense chunk, and candidate pairs (terms per action × postings) per chunk, are bounded.
    pairs_per_action = max(1, len(action) // len(ids)) * postings
    chunk = max(1, min(DENSE_BYTES // (8 * len(terms)), PAIRS_PER_CHUNK // pairs_per_action))
    for start in range(0, len(ids), chunk):
        stop = min(start + chunk, len(ids))
        out.append(
            _chunk_top_k(
                start,
                stop,
                by_action,
                term,
                weight,
                by_term,
                p_action,
                p_weight,
                town,
                len(terms),
                k,
                candidates,
            )
        )
    result = np.concatenate(out)
    table = pa.table(
        {
            "measure_id": ids[result[:, 0].astype(int)],
            "other_measure_id": ids[result[:, 1].astype(int)],
            "score": result[:, 2],
            "rank": result[:, 3].astype(np.int64),
        }
    )
    con.register("_similar_rows", table)
    con.execute("INSERT INTO similar_actions SELECT * FROM _similar_rows ORDER BY measure_id, rank")
    con.unregister("_similar_rows")


def _chunk_top_k(
    start, stop, by_action, term, weight, by_term, p_action, p_weight, town, n_terms, k, candidates
):
    """(action, other, score, rank) rows of the top k for actions start..stop-1."""
    lo, hi = by_action[start], by_action[stop]
    a_local = np.repeat(np.arange(stop - start), np.diff(by_action[start : stop + 1]))
    a_term, a_weight = term[lo:hi], weight[lo:hi]
    # Candidates: every holder among the heaviest of each of the action's terms, with a partial score.
    counts = by_term[a_term + 1] - by_term[a_term]
    pos = np.repeat(by_term[a_term] - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
    pair_a = np.repeat(a_local, counts)
    pair_b = p_action[pos]
    partial = np.repeat(a_weight, counts) * p_weight[pos]
    other_town = town[pair_b] != town[pair_a + start]
    pair_a, pair_b, partial = pair_a[other_town], pair_b[other_town], partial[other_town]
    key = pair_a.astype(np.int64) * len(town) + pair_b
    keys, inverse = np.unique(key, return_inverse=True)
    sums = np.bincount(inverse, weights=partial)
    cand_a, cand_b = keys // len(town), keys % len(town)
    # Ties on the (rounded) partial score go to the smaller other_measure_id, as in the final rank.
    keep = _first_per_group(cand_a, -np.round(sums, 9), cand_b, candidates)
    cand_a, cand_b = cand_a[keep], cand_b[keep]
    # Exact scores: the chunk's vectors as dense rows, dotted with each candidate's terms.
    dense = np.zeros((stop - start, n_terms))
    dense[a_local, a_term] = a_weight
    b_counts = by_action[cand_b + 1] - by_action[cand_b]
    b_pos = np.repeat(by_action[cand_b] - np.cumsum(b_counts) + b_counts, b_counts) + np.arange(
        b_counts.sum()
    )
    which = np.repeat(np.arange(len(cand_b)), b_counts)
    exact = np.bincount(
        which, weights=dense[cand_a[which], term[b_pos]] * weight[b_pos], minlength=len(cand_b)
    )
    score = np.round(exact, 6)
    top = _first_per_group(cand_a, -np.round(exact, 9), cand_b, k)
    cand_a, cand_b, score = cand_a[top], cand_b[top], score[top]
    rank = np.arange(len(cand_a)) - np.searchsorted(cand_a, cand_a) + 1
    return np.column_stack([cand_a + start, cand_b, score, rank])


def _first_per_group(group, primary, secondary, n):
    """Indices of the first n rows of each group, ordered by (group, primary, secondary)."""
    order = np.lexsort((secondary, primary, group))
    g = group[order]
    position = np.arange(len(order)) - np.searchsorted(g, g)
    return order[position < n]


def exhaustive_similar(con: duckdb.DuckDBPyConnection, k: int = DEFAULT_K) -> list[tuple]:
    """The top k by scoring every pair of actions that share a term (the reference `build_similar` approximates)."""
    return con.execute(
        f"""
        {VECTORS},
        pairs AS (
            SELECT a.measure_id, b.measure_id AS other_measure_id, sum(a.w * b.w) AS score
            FROM vec a JOIN vec b ON a.term = b.term AND a.municipality <> b.municipality
            GROUP BY a.measure_id, b.measure_id
        )
        SELECT measure_id, other_measure_id, round(score, 6) AS score,
               row_number() OVER (PARTITION BY measure_id ORDER BY round(score, 9) DESC, other_measure_id) AS rank
        FROM pairs
        QUALIFY rank <= $k
        ORDER BY measure_id, rank
        """,
        {"k": k},
    ).fetchall()
