"""Policy themes: a versioned taxonomy (data/themes.toml) matched on normalized terms.

Keywords are written in plain Japanese and tokenized by the same Sudachi
tokenizer as the `terms` table, so spelling variants agree. `build_themes`
fills the derived tables `themes` and `measure_themes` inside an open database
connection (see the scoring rules at the top of themes.toml).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.derive.sql import ANCESTORS
from pipeline.errors import InvalidInput
from pipeline.normalize.text import clean
from pipeline.normalize.tokenize import terms

TAXONOMY_FILE = "themes.toml"


@dataclass(frozen=True, slots=True)
class ThemeSettings:
    """Scoring settings; unknown keys and out-of-range values are named."""

    min_score: float = 1.0
    relative: float = 0.4
    title_bonus: float = 1.0
    inherit_factor: float = 0.5

    @classmethod
    def from_dict(cls, data: dict) -> ThemeSettings:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidInput(
                f"themes settings: unknown key {unknown[0]!r} (known: {', '.join(sorted(known))})"
            )
        settings = cls(**{k: float(v) for k, v in data.items()})
        for name in ("relative", "inherit_factor"):
            if not 0 <= getattr(settings, name) <= 1:
                raise InvalidInput(f"themes settings: {name} must be between 0 and 1")
        return settings


@dataclass(frozen=True, slots=True)
class Keyword:
    text: str  # as written in the taxonomy
    terms: tuple[str, ...]  # its normalized content terms, sorted


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    en: str
    description: str
    keywords: tuple[Keyword, ...]


@dataclass(frozen=True, slots=True)
class Taxonomy:
    version: str
    settings: ThemeSettings
    themes: tuple[Theme, ...]


def keyword_terms(text: str) -> tuple[str, ...]:
    """The normalized content terms of a keyword (how it is matched)."""
    return tuple(sorted({term for term, _pos in terms(clean(text))}))


def parse_taxonomy(data: dict) -> Taxonomy:
    """Validate a taxonomy read from TOML; errors name the bad key, theme or keyword."""
    unknown = sorted(set(data) - {"version", "settings", "themes"})
    if unknown:
        raise InvalidInput(f"themes: unknown key {unknown[0]!r}")
    if not str(data.get("version", "")).strip():
        raise InvalidInput("themes: a `version` is required")
    themes: list[Theme] = []
    seen: set[str] = set()
    for i, entry in enumerate(data.get("themes", []), start=1):
        extra = sorted(set(entry) - {"name", "en", "description", "keywords"})
        if extra:
            raise InvalidInput(f"themes[{i}]: unknown key {extra[0]!r}")
        name = str(entry.get("name", "")).strip()
        if not name:
            raise InvalidInput(f"themes[{i}]: a `name` is required")
        if name in seen:
            raise InvalidInput(f"theme {name!r} is defined twice")
        seen.add(name)
        keywords: list[Keyword] = []
        by_terms: dict[tuple[str, ...], str] = {}
        for text in entry.get("keywords", []):
            kw_terms = keyword_terms(text)
            if not kw_terms:
                raise InvalidInput(f"theme {name!r}: keyword {text!r} has no content words to match")
            if kw_terms in by_terms:
                raise InvalidInput(
                    f"theme {name!r}: keywords {by_terms[kw_terms]!r} and {text!r} match the same terms"
                )
            by_terms[kw_terms] = text
            keywords.append(Keyword(text, kw_terms))
        if not keywords:
            raise InvalidInput(f"theme {name!r} has no keywords")
        themes.append(
            Theme(name, str(entry.get("en", "")), str(entry.get("description", "")), tuple(keywords))
        )
    if not themes:
        raise InvalidInput("themes: no [[themes]] defined")
    return Taxonomy(str(data["version"]), ThemeSettings.from_dict(data.get("settings", {})), tuple(themes))


@cache
def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The taxonomy from `path`, or the packaged data/themes.toml."""
    if path is None:
        with resources.files("pipeline.data").joinpath(TAXONOMY_FILE).open("rb") as f:
            return parse_taxonomy(tomllib.load(f))
    with path.open("rb") as f:
        return parse_taxonomy(tomllib.load(f))


def _keyword_table(taxonomy: Taxonomy) -> pa.Table:
    rows: dict[str, list] = {
        k: [] for k in ("theme", "theme_seq", "keyword", "keyword_seq", "term", "n_terms")
    }
    for t_seq, theme in enumerate(taxonomy.themes, start=1):
        for k_seq, kw in enumerate(theme.keywords, start=1):
            for term in kw.terms:
                for col, value in zip(
                    rows, (theme.name, t_seq, kw.text, k_seq, term, len(kw.terms)), strict=True
                ):
                    rows[col].append(value)
    return pa.table(rows)


def _title_terms(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """(measure_id, term) of every measure's title; each distinct title is tokenized once."""
    ids: list[str] = []
    found: list[str] = []
    seen: dict[str, list[str]] = {}
    for measure_id, title in con.execute(
        "SELECT measure_id, title FROM measures ORDER BY measure_id"
    ).fetchall():
        if title not in seen:
            seen[title] = sorted({t for t, _pos in terms(title)})
        for term in seen[title]:
            ids.append(measure_id)
            found.append(term)
    return pa.table({"measure_id": pa.array(ids, pa.string()), "term": pa.array(found, pa.string())})


def build_themes(con: duckdb.DuckDBPyConnection, taxonomy: Taxonomy | None = None) -> None:
    """Fill `themes` and `measure_themes` from `measures` and `terms` (tables must exist)."""
    taxonomy = taxonomy or load_taxonomy()
    s = taxonomy.settings
    con.executemany(
        "INSERT INTO themes VALUES (?, ?, ?, ?, ?)",
        [
            (t.name, seq, t.en, t.description, [k.text for k in t.keywords])
            for seq, t in enumerate(taxonomy.themes, start=1)
        ],
    )
    con.register("_theme_keywords", _keyword_table(taxonomy))
    con.register("_title_terms", _title_terms(con))
    try:
        con.execute(
            f"""
            INSERT INTO measure_themes
            WITH RECURSIVE bag AS (
                SELECT measure_id, term, sum(freq) AS freq FROM terms GROUP BY ALL
            ),
            hits AS (  -- keywords whose every term occurs in the measure
                SELECT b.measure_id, k.theme, k.theme_seq, k.keyword, k.keyword_seq, min(b.freq) AS tf
                FROM bag b JOIN _theme_keywords k USING (term)
                GROUP BY ALL
                HAVING count(*) = any_value(k.n_terms)
            ),
            title_hits AS (
                SELECT t.measure_id, k.theme, k.keyword
                FROM _title_terms t JOIN _theme_keywords k USING (term)
                GROUP BY ALL
                HAVING count(*) = any_value(k.n_terms)
            ),
            contributions AS (
                SELECT h.*, (1 + ln(h.tf)) + CASE WHEN th.keyword IS NULL THEN 0 ELSE $title_bonus END AS points
                FROM hits h LEFT JOIN title_hits th USING (measure_id, theme, keyword)
            ),
            scored AS (
                SELECT measure_id, theme, any_value(theme_seq) AS theme_seq,
                       round(sum(points), 6) AS score,
                       list(keyword ORDER BY points DESC, keyword_seq) AS matched_terms
                FROM contributions GROUP BY measure_id, theme
            ),
            own AS (
                SELECT * FROM scored
                QUALIFY score >= $min_score AND score >= $relative * max(score) OVER (PARTITION BY measure_id)
            ),
            {ANCESTORS},
            donor AS (  -- an action without themes of its own: its nearest ancestor that has some
                SELECT a.measure_id, a.ancestor_id
                FROM ancestors a JOIN measures m USING (measure_id)
                WHERE m.tier = 'action'
                  AND a.measure_id NOT IN (SELECT measure_id FROM own)
                  AND a.ancestor_id IN (SELECT measure_id FROM own)
                QUALIFY row_number() OVER (PARTITION BY a.measure_id ORDER BY a.depth) = 1
            )
            SELECT measure_id, theme, score, matched_terms, inherited_from FROM (
                SELECT measure_id, theme, theme_seq, score, matched_terms, NULL AS inherited_from FROM own
                UNION ALL
                SELECT d.measure_id, o.theme, o.theme_seq, round(o.score * $inherit_factor, 6),
                       o.matched_terms, d.ancestor_id
                FROM donor d JOIN own o ON o.measure_id = d.ancestor_id
            )
            ORDER BY measure_id, score DESC, theme_seq
            """,
            {
                "title_bonus": s.title_bonus,
                "min_score": s.min_score,
                "relative": s.relative,
                "inherit_factor": s.inherit_factor,
            },
        )
    finally:
        con.unregister("_theme_keywords")
        con.unregister("_title_terms")
