"""Japanese search over measures: BM25 in SQL over Sudachi-normalized terms.

The query is read like the documents were: NFKC, then the normalized forms of
its content words (pipeline.normalize.tokenize.terms), so コミュニティー/コミュニティ,
子供/子ども and full/half width find the same measures. Measures are ranked by
BM25 over the `terms` table (title, description and scheduled activities);
corpus statistics cover every measure, so a filter (--city, --tier) never
changes a score. Ties are broken by plan and document order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from pipeline.errors import InvalidInput
from pipeline.normalize.text import nfkc
from pipeline.normalize.tokenize import terms, tokenize

DEFAULT_LIMIT = 10
BM25_K1 = 1.2
BM25_B = 0.75
SNIPPET_BEFORE = 24  # characters of context before the first match
SNIPPET_WIDTH = 90  # characters of a snippet at most (marks not counted)
MARKS = ("【", "】")

Segment = tuple[str, bool]  # (text, is_match)


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked measure with its snippet and provenance."""

    rank: int
    score: float
    measure_id: str
    city: str | None
    plan_id: str
    plan_title: str
    tier: str
    code: str | None
    title: str
    matched_terms: list[str]
    segments: list[Segment] = field(default_factory=list)
    snippet_field: str = "title"  # title | description | activity
    document_id: str = ""
    page: int | None = None
    line: int | None = None

    @property
    def snippet(self) -> str:
        """The snippet with each match inside 【】."""
        return mark_segments(self.segments)

    @property
    def source(self) -> str:
        """Provenance as document_id:line (text) or document_id p.page (PDF)."""
        if self.line is not None:
            return f"{self.document_id}:{self.line}"
        if self.page is not None:
            return f"{self.document_id} p.{self.page}"
        return self.document_id

    def as_dict(self) -> dict:
        return {
            "rank": self.rank,
            "score": self.score,
            "city": self.city,
            "plan_id": self.plan_id,
            "plan_title": self.plan_title,
            "measure_id": self.measure_id,
            "tier": self.tier,
            "code": self.code,
            "title": self.title,
            "snippet": self.snippet,
            "snippet_field": self.snippet_field,
            "matched_terms": self.matched_terms,
            "document_id": self.document_id,
            "page": self.page,
            "line": self.line,
        }


def query_terms(query: str) -> list[str]:
    """The normalized content terms of a query, sorted and unique."""
    return sorted({term for term, _pos in terms(nfkc(query))})


_BM25_SQL = f"""
WITH docs AS (
    SELECT measure_id, sum(freq) AS dl FROM terms GROUP BY measure_id
),
stats AS (
    SELECT (SELECT count(*) FROM measures) AS n, avg(dl) AS avgdl FROM docs
),
q AS (SELECT DISTINCT unnest($terms::VARCHAR[]) AS term),
tf AS (
    SELECT measure_id, term, sum(freq) AS freq FROM terms WHERE term IN (SELECT term FROM q) GROUP BY ALL
),
df AS (SELECT term, count(*) AS df FROM tf GROUP BY term),
scored AS (
    SELECT tf.measure_id,
           sum(ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5))
               * tf.freq * ({BM25_K1} + 1)
               / (tf.freq + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * d.dl / s.avgdl))) AS score,
           list(tf.term ORDER BY tf.term) AS matched
    FROM tf JOIN df USING (term) JOIN docs d USING (measure_id) CROSS JOIN stats s
    GROUP BY tf.measure_id
)
SELECT round(sc.score, 6) AS score, m.measure_id, p.city, m.plan_id, p.title AS plan_title, m.tier,
       m.code, m.title, sc.matched, m.description, m.document_id, m.page, m.line
FROM scored sc JOIN measures m USING (measure_id) JOIN plans p USING (plan_id)
WHERE ($city IS NULL OR p.city = $city OR p.municipality_code = $city)
  AND ($tier IS NULL OR m.tier = $tier)
ORDER BY round(sc.score, 9) DESC, m.plan_id, m.seq, m.measure_id
LIMIT $limit
"""


def search(
    con: duckdb.DuckDBPyConnection,
    query: str,
    city: str | None = None,
    tier: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[Hit]:
    """Measures ranked by BM25 for `query`, best first, each with a marked snippet."""
    wanted = query_terms(query)
    if not wanted:
        raise InvalidInput(f"{query!r} has no searchable words (nouns, verbs or adjectives)")
    if limit < 1:
        raise InvalidInput("--limit must be at least 1")
    rows = con.execute(_BM25_SQL, {"terms": wanted, "city": city, "tier": tier, "limit": limit}).fetchall()
    activities = _activities(con, [r[1] for r in rows])
    hits = []
    for rank, row in enumerate(rows, start=1):
        score, mid, cty, plan_id, plan_title, tier_, code, title, matched, desc, doc, page, line = row
        field_name, segments, (page, line) = best_snippet(
            set(matched), title, desc, activities.get(mid, []), (page, line)
        )
        hits.append(
            Hit(
                rank=rank,
                score=score,
                measure_id=mid,
                city=cty,
                plan_id=plan_id,
                plan_title=plan_title,
                tier=tier_,
                code=code,
                title=title,
                matched_terms=list(matched),
                segments=segments,
                snippet_field=field_name,
                document_id=doc,
                page=page,
                line=line,
            )
        )
    return hits


def _activities(
    con: duckdb.DuckDBPyConnection, ids: list[str]
) -> dict[str, list[tuple[str, int | None, int | None]]]:
    """Each measure's scheduled activities with their provenance, in order."""
    if not ids:
        return {}
    found: dict[str, list[tuple[str, int | None, int | None]]] = {}
    for mid, activity, page, line in con.execute(
        "SELECT measure_id, activity, page, line FROM schedules "
        "WHERE activity IS NOT NULL AND list_contains($ids, measure_id) ORDER BY measure_id, seq",
        {"ids": ids},
    ).fetchall():
        found.setdefault(mid, []).append((activity, page, line))
    return found


def matched_segments(text: str, wanted: set[str]) -> list[Segment]:
    """`text` cut into segments: runs of morphemes whose normalized form is wanted are matches."""
    segments: list[Segment] = []
    for m in tokenize(text):
        is_match = m.normal in wanted
        if segments and segments[-1][1] == is_match:
            segments[-1] = (segments[-1][0] + m.surface, is_match)
        else:
            segments.append((m.surface, is_match))
    return segments


def best_snippet(
    wanted: set[str],
    title: str,
    description: str | None,
    activities: list[tuple[str, int | None, int | None]],
    where: tuple[int | None, int | None],
) -> tuple[str, list[Segment], tuple[int | None, int | None]]:
    """(field, segments, (page, line)) of the text that best shows the match.

    The description or activity with the most distinct matched terms (the first
    among equals) gives the snippet; the title when the match is only there.
    """
    candidates: list[tuple[str, str, tuple[int | None, int | None]]] = []
    if description:
        candidates.append(("description", description, where))
    candidates += [("activity", text, (page, line)) for text, page, line in activities]
    best: tuple[int, str, list[Segment], tuple[int | None, int | None]] | None = None
    for name, text, loc in candidates:
        segments = matched_segments(text, wanted)
        distinct = len({s for s, hit in segments if hit})
        if distinct and (best is None or distinct > best[0]):
            best = (distinct, name, segments, loc)
    if best is None:
        return "title", window(matched_segments(title, wanted)), where
    return best[1], window(best[2]), best[3]


def window(
    segments: list[Segment], before: int = SNIPPET_BEFORE, width: int = SNIPPET_WIDTH
) -> list[Segment]:
    """The part of `segments` around the first match, with … where text was cut."""
    first = next((i for i, (_, hit) in enumerate(segments) if hit), 0)
    offset = sum(len(s) for s, _ in segments[:first])
    start = max(0, offset - before)
    end = start + width
    out: list[Segment] = []
    pos = 0
    for text, hit in segments:
        lo, hi = pos, pos + len(text)
        pos = hi
        if hi <= start or lo >= end:
            continue
        if hit:  # never cut a match
            out.append((text, True))
        else:
            out.append((text[max(0, start - lo) : max(0, end - lo)], False))
    if start > 0:
        out.insert(0, ("…", False))
    if pos > end:
        out.append(("…", False))
    return [s for s in out if s[0]]


def mark_segments(segments: list[Segment], marks: tuple[str, str] = MARKS) -> str:
    """Segments as one string, each match inside `marks`."""
    return "".join(f"{marks[0]}{text}{marks[1]}" if hit else text for text, hit in segments).replace(
        "\n", " "
    )
