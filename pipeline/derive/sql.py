"""SQL shared by the derived tables and the views."""

# Each measure's ancestors, nearest first (depth 1 = parent).
ANCESTORS = """
    ancestors(measure_id, ancestor_id, depth) AS (
        SELECT measure_id, parent_id, 1 FROM measures WHERE parent_id IS NOT NULL
        UNION ALL
        SELECT a.measure_id, m.parent_id, a.depth + 1
        FROM ancestors a JOIN measures m ON m.measure_id = a.ancestor_id
        WHERE m.parent_id IS NOT NULL AND a.depth < 32
    )"""
