"""`plans export` round-trips every table and view; the Python API answers the common questions."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest

from pipeline import api
from pipeline.app.export import WORKBOOK, xlsx_value
from pipeline.app.output import csv_value
from pipeline.cli import main
from pipeline.model.docs import all_tables


def db_rows(con, name):
    cursor = con.execute(f'select * from "{name}"')
    return [d[0] for d in cursor.description], sorted(cursor.fetchall(), key=repr)


def ordered(rows):
    return sorted(rows, key=repr)


@pytest.mark.parametrize("bom", [False, True])
def test_csv_export_round_trips(seed_db, con, tmp_path, bom):
    args = ["export", "--format", "csv", "--out", str(tmp_path), "--db", str(seed_db)]
    assert main(args + (["--excel"] if bom else [])) == 0
    assert {p.stem for p in tmp_path.glob("*.csv")} == set(all_tables()) | {"dictionary"}
    for name in all_tables():
        raw = (tmp_path / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") == bom
        with (tmp_path / f"{name}.csv").open(encoding="utf-8-sig", newline="") as f:
            header, *body = list(csv.reader(f))
        names, rows = db_rows(con, name)
        assert header == names
        assert ordered(body) == ordered([[str(csv_value(v)) for v in row] for row in rows]), name
    with (tmp_path / "dictionary.csv").open(encoding="utf-8-sig", newline="") as f:
        dictionary = list(csv.DictReader(f))
    assert {r["table"] for r in dictionary} == set(all_tables()) and all(r["meaning"] for r in dictionary)


def test_parquet_export_round_trips(seed_db, con, tmp_path):
    assert main(["export", "--out", str(tmp_path), "--db", str(seed_db)]) == 0
    for name in all_tables():
        names, rows = db_rows(con, name)
        table = pq.read_table(tmp_path / f"{name}.parquet")
        assert table.column_names == names
        assert ordered([tuple(r.values()) for r in table.to_pylist()]) == rows, name


def test_xlsx_export_is_one_workbook_that_round_trips(seed_db, con, tmp_path):
    from openpyxl import load_workbook

    assert main(["export", "--format", "xlsx", "--out", str(tmp_path), "--db", str(seed_db)]) == 0
    book = load_workbook(tmp_path / WORKBOOK, read_only=True)
    assert set(book.sheetnames) == set(all_tables()) | {"dictionary"}
    for name in all_tables():
        header, *body = [list(r) for r in book[name].iter_rows(values_only=True)]
        names, rows = db_rows(con, name)
        body = [r + [None] * (len(names) - len(r)) for r in body]  # trailing empty cells are not stored
        assert header == names
        assert ordered(body) == ordered([[xlsx_value(v) for v in row] for row in rows]), name
    list_cell = next(r for r in book["themes"].iter_rows(min_row=2, values_only=True))[4]
    assert isinstance(json.loads(list_cell), list)


def test_api_answers_the_common_questions(seed_db, monkeypatch):
    monkeypatch.setenv("PLANS_DB", str(seed_db))
    hitachi = api.actions(city="日立市")
    assert len(hitachi) > 0 and set(hitachi.city) == {"日立市"}
    assert len(api.actions(city="08202")) == len(hitachi)
    assert set(api.indicators().columns) >= {"name", "progress", "direction"}
    found = api.search("防災", tier="action", limit=3)
    assert len(found) == 3 and {"city", "title", "score"} <= set(found.columns)
    pairs = api.similar("08202-community@08202_hitachi_community_action_plan/1/14")
    assert pairs.title.iloc[0] == "市民活動事例集の募集・提供"
    assert set(api.problems().severity) <= {"warning", "error"}
    assert len(api.table("documents", db=seed_db)) == 5
    assert "meaning" in api.describe("measures").columns and len(api.tables()) == len(all_tables())
