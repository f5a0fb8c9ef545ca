"""`plans export`: every table and view of the database as Parquet, CSV or one Excel workbook,
with a data dictionary (table, kind, column, type, meaning) from the same descriptions as
docs/schema.md and the database's comments.

- parquet: `<table>.parquet` per table and view (types kept, lists as lists) + `dictionary.csv`;
- csv: `<table>.csv` per table and view (UTF-8; `bom` adds the BOM Excel needs; lists as JSON
  arrays, NULL empty) + `dictionary.csv`;
- xlsx: `plans.xlsx`, one sheet per table and view and a `dictionary` sheet (lists as JSON).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.app.output import csv_value, jsonable, write_csv
from pipeline.errors import InvalidInput
from pipeline.query.connect import database_tables, describe_table
from pipeline.store.database import connect_readonly

FORMATS = ("parquet", "csv", "xlsx")
DICTIONARY_COLUMNS = ["table", "kind", "column", "type", "meaning"]
WORKBOOK = "plans.xlsx"
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters a worksheet cannot hold


def xlsx_value(value):
    """A worksheet cell: numbers and booleans as themselves, lists as JSON, NULL empty."""
    if isinstance(value, list | tuple | dict):
        return json.dumps(jsonable(value), ensure_ascii=False)
    if isinstance(value, str):
        return _ILLEGAL_XLSX.sub("", value)
    return value


def export(db_path: Path, out_dir: Path, fmt: str = "parquet", bom: bool = False) -> list[Path]:
    """Write every table and view of `db_path` into `out_dir` in `fmt`; return the files written."""
    if fmt not in FORMATS:
        raise InvalidInput(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    con = connect_readonly(db_path)
    written: list[Path] = []
    try:
        tables = database_tables(con)
        dictionary = []
        for name, kind, _rows, _meaning in tables:
            _kind, _m, columns = describe_table(con, name)
            dictionary += [(name, kind, column, duck_type, meaning) for column, duck_type, meaning in columns]
        if fmt == "xlsx":
            written.append(_workbook(con, [t[0] for t in tables], dictionary, out_dir / WORKBOOK))
            return written
        for name, *_ in tables:
            if fmt == "parquet":
                path = out_dir / f"{name}.parquet"
                pq.write_table(_arrow(con.sql(f'SELECT * FROM "{name}" ORDER BY ALL')), path)
            else:
                path = out_dir / f"{name}.csv"
                cursor = con.execute(f'SELECT * FROM "{name}" ORDER BY ALL')
                names = [d[0] for d in cursor.description]
                with path.open("w", encoding="utf-8", newline="") as f:
                    write_csv(names, cursor.fetchall(), f, excel=bom)
            written.append(path)
        path = out_dir / "dictionary.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            write_csv(DICTIONARY_COLUMNS, dictionary, f, excel=bom)
        written.append(path)
    finally:
        con.close()
    return written


def _arrow(relation):
    """The relation as an Arrow table (`to_arrow_table` from DuckDB 1.4 on, `arrow` before)."""
    return relation.to_arrow_table() if hasattr(relation, "to_arrow_table") else relation.arrow()


def _workbook(con, names: list[str], dictionary: list[tuple], path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("dictionary")
    sheet.append(DICTIONARY_COLUMNS)
    for row in dictionary:
        sheet.append([xlsx_value(v) for v in row])
    for name in names:
        cursor = con.execute(f'SELECT * FROM "{name}" ORDER BY ALL')
        sheet = book.create_sheet(name[:31])
        sheet.append([d[0] for d in cursor.description])
        for row in cursor.fetchall():
            sheet.append([xlsx_value(v) for v in row])
    book.save(path)
    return path


__all__ = ["FORMATS", "export", "csv_value", "xlsx_value"]
