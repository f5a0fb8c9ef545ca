"""The models are the schema: the DDL they generate carries every contract column."""

import duckdb
import pytest

from pipeline.model.records import ALL_TABLES, SCHEMA_VERSION
from pipeline.model.schema import all_ddl, arrow_schema, columns

# Table → columns, as the research contract (schema_version 1) fixes them.
CONTRACT = {
    "documents": "document_id path sha256 format pages title municipality_code prefecture city doc_kind status published layout parser_version",
    "plans": "plan_id document_id municipality_code city title edition status fy_start fy_end",
    "measures": "measure_id plan_id parent_id tier kind code code_raw seq title description issue is_priority novelty is_repost page line",
    "measure_departments": "measure_id seq department bureau department_raw former_department",
    "schedules": "measure_id seq fy_start fy_end phase activity source",
    "indicators": "indicator_id plan_id measure_id name unit baseline_value baseline_text baseline_fy target_value target_text "
    "target_fy actual_value actual_text actual_fy note page line",
    "indicator_values": "indicator_id kind fiscal_year value value_text unit qualifier note year_kind",
    "evaluations": "measure_id fiscal_year grade status summary problems",
    "measure_links": "src_id dst_id dst_label link_type strength note",
    "measure_actors": "measure_id actor role",
    "terms": "measure_id term pos freq",
    "problems": "document_id severity stage message page line",
    "meta": "key value",
}


def test_every_contract_table_has_a_model():
    assert set(CONTRACT) == set(ALL_TABLES)


@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_model_has_every_contract_column(table):
    names = [name for name, _, _ in columns(ALL_TABLES[table])]
    assert set(CONTRACT[table].split()) <= set(names)


def test_generated_ddl_creates_the_tables_in_duckdb():
    con = duckdb.connect()
    for ddl in all_ddl():
        con.execute(ddl)
    for table, expected in CONTRACT.items():
        got = {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()}
        assert set(expected.split()) <= got


def test_arrow_and_duckdb_types_agree():
    schema = arrow_schema(ALL_TABLES["indicators"])
    assert str(schema.field("baseline_value").type) == "double"
    assert str(schema.field("target_fy").type) == "int64"
    assert str(arrow_schema(ALL_TABLES["measures"]).field("bbox").type) == "list<item: double>"
    assert SCHEMA_VERSION == 1


def test_database_is_written_in_the_storage_format_duckdb_1_1_reads(seed_db):
    """DuckDB's file header: b'DUCK' at byte 8, then the storage version (64 = DuckDB 1.0/1.1)."""
    import struct

    header = seed_db.read_bytes()[:20]
    assert header[8:12] == b"DUCK"
    assert struct.unpack("<Q", header[12:20]) == (64,)
