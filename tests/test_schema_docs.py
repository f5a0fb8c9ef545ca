"""docs/schema.md is generated from the models, and the database carries the same meanings."""

from __future__ import annotations

import re

import pytest

from pipeline.model.descriptions import VIEW_COLUMNS, column_description, table_description
from pipeline.model.docs import SCHEMA_DOC, all_tables, schema_markdown, table_columns
from tests.conftest import ROOT


def test_schema_doc_is_generated_and_current():
    assert SCHEMA_DOC.read_text(encoding="utf-8") == schema_markdown(), (
        "docs/schema.md is out of date: run `python -m pipeline.model.docs`"
    )


@pytest.mark.parametrize("table", sorted(all_tables()))
def test_every_table_and_column_has_a_meaning(table):
    assert table_description(table)
    missing = [name for name, _type, meaning in table_columns(table) if not meaning]
    assert not missing, f"{table}: no description for {missing}"


def test_view_columns_are_those_of_the_database(con):
    for view, documented in VIEW_COLUMNS.items():
        found = [r[0] for r in con.execute(f"describe {view}").fetchall()]
        assert found == list(documented), view


def test_the_database_carries_every_meaning_as_a_comment(con):
    rows = con.execute(
        "select table_name, column_name, comment from duckdb_columns() where not internal"
    ).fetchall()
    assert {t for t, _c, _m in rows} == set(all_tables())
    for table, column, comment in rows:
        assert comment == column_description(table, column), (table, column)
    tables = dict(con.execute("select table_name, comment from duckdb_tables()").fetchall())
    views = dict(con.execute("select view_name, comment from duckdb_views() where not internal").fetchall())
    for name, comment in {**tables, **views}.items():
        assert comment == table_description(name)


def test_nothing_in_the_repository_points_outside_it():
    """Documentation and code name no sibling folder (`../shared`): a clone stands alone."""
    files = [ROOT / "README.md", ROOT / "CHANGELOG.md", *(ROOT / "docs").glob("*.md")]
    files += [*(ROOT / "pipeline").rglob("*.py"), *(ROOT / "notebooks").glob("*.ipynb")]
    offenders = [str(p.relative_to(ROOT)) for p in files if re.search(r"\.\./shared", p.read_text("utf-8"))]
    assert not offenders
