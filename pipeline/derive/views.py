"""Comparison views over the record and derived tables (created by the database build).

Every view is plain SQL over contract tables, so it can be read, copied and
changed like any query; the README's schema section documents their columns.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import duckdb

from pipeline.derive.sql import ANCESTORS

DIRECTION_FILE = "falling_indicators.toml"


def load_direction_words() -> dict[str, list[str]]:
    """The sign words and falling-indicator words (data/falling_indicators.toml)."""
    with resources.files("pipeline.data").joinpath(DIRECTION_FILE).open("rb") as f:
        data = tomllib.load(f)
    return {k: [str(w) for w in data.get(k, [])] for k in ("maintain", "decrease", "increase", "falling")}


_DIRECTION_WORDS = load_direction_words()


def _words(kind: str, text: str = "concat_ws(' ', i.name, i.note, i.target_text)") -> str:
    """SQL: does `text` hold one of the words of `kind`? (FALSE when the list is empty)."""
    words = _DIRECTION_WORDS[kind]
    if not words:
        return "FALSE"
    pattern = "|".join(re.escape(w) for w in words).replace("'", "''")
    return f"coalesce(regexp_matches({text}, '{pattern}'), FALSE)"


VIEWS: dict[str, str] = {
    # One row per action: where it sits in its plan, who carries it, its themes and years.
    "action_overview": f"""
        WITH RECURSIVE {ANCESTORS},
        chain AS (
            SELECT a.measure_id, m.tier, m.title, a.depth
            FROM ancestors a JOIN measures m ON m.measure_id = a.ancestor_id
        ),
        goal AS (
            SELECT measure_id, title FROM chain WHERE tier = 'goal'
            QUALIFY row_number() OVER (PARTITION BY measure_id ORDER BY depth DESC) = 1
        ),
        middle AS (
            SELECT measure_id, title FROM chain WHERE tier = 'measure'
            QUALIFY row_number() OVER (PARTITION BY measure_id ORDER BY depth) = 1
        ),
        departments AS (
            SELECT measure_id, list(department ORDER BY first_seq, department) AS departments
            FROM (SELECT measure_id, department, min(seq) AS first_seq FROM measure_departments GROUP BY ALL)
            GROUP BY measure_id
        ),
        themed AS (
            SELECT mt.measure_id, list(mt.theme ORDER BY mt.score DESC, t.seq) AS themes
            FROM measure_themes mt JOIN themes t USING (theme)
            GROUP BY mt.measure_id
        ),
        years AS (
            SELECT measure_id, min(fy_start) AS fy_start, max(fy_end) AS fy_end FROM schedules GROUP BY measure_id
        ),
        counted AS (
            SELECT measure_id, count(*) AS indicator_count FROM indicators
            WHERE measure_id IS NOT NULL GROUP BY measure_id
        )
        SELECT m.measure_id, p.city, p.municipality_code, m.plan_id, p.title AS plan_title,
               p.status AS plan_status, m.code, m.seq, m.title,
               goal.title AS goal_title, middle.title AS measure_title,
               coalesce(departments.departments, []) AS departments,
               coalesce(themed.themes, []) AS themes, themed.themes[1] AS primary_theme,
               coalesce(years.fy_start, p.fy_start) AS fy_start,
               coalesce(years.fy_end, p.fy_end) AS fy_end,
               CASE WHEN years.measure_id IS NOT NULL THEN 'schedule'
                    WHEN p.fy_start IS NOT NULL THEN 'plan' END AS fy_source,
               coalesce(counted.indicator_count, 0) AS indicator_count,
               m.is_priority, m.novelty, m.document_id, m.page, m.line
        FROM measures m
        JOIN plans p USING (plan_id)
        LEFT JOIN goal USING (measure_id)
        LEFT JOIN middle USING (measure_id)
        LEFT JOIN departments USING (measure_id)
        LEFT JOIN themed USING (measure_id)
        LEFT JOIN years USING (measure_id)
        LEFT JOIN counted USING (measure_id)
        WHERE m.tier = 'action'
    """,
    # City × theme: how many of a city's actions (all its plans in the database) carry each theme.
    "theme_matrix": """
        WITH actions AS (
            SELECT m.measure_id, p.municipality_code, p.city
            FROM measures m JOIN plans p USING (plan_id) WHERE m.tier = 'action'
        ),
        cities AS (
            SELECT municipality_code, city, count(*) AS city_actions FROM actions GROUP BY ALL
        ),
        counts AS (
            SELECT a.municipality_code, a.city, mt.theme, count(DISTINCT a.measure_id) AS actions
            FROM actions a JOIN measure_themes mt USING (measure_id) GROUP BY ALL
        )
        SELECT c.municipality_code, c.city, t.theme, t.seq AS theme_seq,
               coalesce(n.actions, 0) AS actions, c.city_actions,
               round(coalesce(n.actions, 0) / c.city_actions, 4) AS share
        FROM cities c CROSS JOIN themes t
        LEFT JOIN counts n ON n.municipality_code IS NOT DISTINCT FROM c.municipality_code
                          AND n.city IS NOT DISTINCT FROM c.city AND n.theme = t.theme
    """,
    # One row per scheduled measure and fiscal year: its phase(s) and how many activities.
    "schedule_years": """
        WITH expanded AS (
            SELECT measure_id, seq, phase, activity, unnest(range(fy_start, fy_end + 1)) AS fiscal_year
            FROM schedules
        ),
        phases AS (
            SELECT measure_id, fiscal_year, string_agg(phase, '・' ORDER BY first_seq) AS phase
            FROM (
                SELECT measure_id, fiscal_year, phase, min(seq) AS first_seq
                FROM expanded WHERE phase IS NOT NULL GROUP BY ALL
            )
            GROUP BY ALL
        ),
        activities AS (
            SELECT measure_id, fiscal_year, count(activity) AS activity_count,
                   list(activity ORDER BY seq) FILTER (WHERE activity IS NOT NULL) AS activities
            FROM expanded GROUP BY ALL
        )
        SELECT a.measure_id, p.city, p.municipality_code, m.plan_id, m.tier, m.code, m.title, a.fiscal_year,
               ph.phase, a.activity_count, coalesce(a.activities, []) AS activities
        FROM activities a
        LEFT JOIN phases ph USING (measure_id, fiscal_year)
        JOIN measures m USING (measure_id) JOIN plans p USING (plan_id)
    """,
    # Every indicator: which way is better (see data/falling_indicators.toml for the rules),
    # and progress from baseline toward target where the direction and all three values are known.
    "indicator_progress": f"""
        WITH qualified AS (  -- a printed 以上/以下 on the target says which way is better
            SELECT indicator_id, min(qualifier) AS qualifier FROM indicator_values
            WHERE kind = 'target' AND qualifier IN ('以上', '以下') GROUP BY indicator_id
        ),
        directed AS (
            SELECT i.*,
                   CASE WHEN q.qualifier = '以上' THEN 'increase'
                        WHEN q.qualifier = '以下' THEN 'decrease'
                        WHEN {_words("maintain")} THEN 'maintain'
                        WHEN {_words("decrease")} THEN 'decrease'
                        WHEN {_words("increase")} THEN 'increase'
                        WHEN {_words("falling", "i.name")} THEN 'decrease'
                        WHEN i.baseline_value IS NULL OR i.target_value IS NULL THEN NULL
                        WHEN i.target_value > i.baseline_value THEN 'increase'
                        ELSE 'maintain' END AS direction  -- at or below the baseline, no sign: a floor
            FROM indicators i LEFT JOIN qualified q USING (indicator_id)
        )
        SELECT i.indicator_id, p.city, p.municipality_code, i.plan_id, i.measure_id, m.title AS measure_title,
               i.seq, i.name, i.unit,
               i.baseline_value, i.baseline_text, i.baseline_fy,
               i.target_value, i.target_text, i.target_fy,
               i.actual_value, i.actual_text, i.actual_fy,
               i.direction,
               CASE WHEN i.actual_value IS NOT NULL AND (
                        (i.direction = 'increase' AND i.target_value > i.baseline_value)
                        OR (i.direction = 'decrease' AND i.target_value < i.baseline_value))
                    THEN round((i.actual_value - i.baseline_value) / (i.target_value - i.baseline_value), 4) + 0.0
               END AS progress,
               CASE WHEN i.actual_value IS NULL OR i.target_value IS NULL THEN NULL
                    WHEN i.direction = 'decrease' THEN i.actual_value <= i.target_value
                    ELSE i.actual_value >= i.target_value END AS achieved,
               i.document_id, i.page, i.line
        FROM directed i JOIN plans p USING (plan_id) LEFT JOIN measures m USING (measure_id)
    """,
    # The check behind "every action gets a theme": actions with none (empty for the seed corpus).
    "unthemed_actions": """
        SELECT m.measure_id, p.city, m.plan_id, m.code, m.title, m.document_id, m.page, m.line
        FROM measures m JOIN plans p USING (plan_id)
        WHERE m.tier = 'action'
          AND NOT EXISTS (SELECT 1 FROM measure_themes t WHERE t.measure_id = m.measure_id)
    """,
}


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or replace) every comparison view."""
    for name, sql in VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
