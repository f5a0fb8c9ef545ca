"""One type map from the record models to DuckDB DDL and Arrow schemas."""

from __future__ import annotations

import types
import typing
from typing import Any, Literal

import pyarrow as pa

from pipeline.model.records import ALL_TABLES, PRIMARY_KEYS, Provenance, Record

_DUCK = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN"}
_ARROW = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}


def _base_type(annotation: Any) -> tuple[Any, bool]:
    """(python type, is_list) for a field annotation, unwrapping Optional and Literal."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _base_type(args[0])
    if origin is Literal:
        return type(typing.get_args(annotation)[0]), False
    if origin is list:
        return typing.get_args(annotation)[0], True
    return annotation, False


def columns(model: type[Record]) -> list[tuple[str, Any, bool]]:
    """(name, python type, is_list) for each field: the table's own columns, then provenance."""
    hints = typing.get_type_hints(model)
    own = [n for n in model.model_fields if n not in Provenance.model_fields]
    shared = [n for n in model.model_fields if n in Provenance.model_fields]
    return [(name, *_base_type(hints[name])) for name in own + shared]


def duckdb_ddl(table: str, model: type[Record]) -> str:
    """CREATE TABLE with the table's primary key (`PRIMARY_KEYS`), if it has one.

    No foreign keys: a record whose parent failed validation (a plan with an impossible
    period) would then fail the whole build instead of being one document's problem.
    """
    cols = [f'"{n}" {_DUCK[t]}{"[]" if is_list else ""}' for n, t, is_list in columns(model)]
    if table in PRIMARY_KEYS:
        keys = ", ".join(f'"{k}"' for k in PRIMARY_KEYS[table])
        cols.append(f"PRIMARY KEY ({keys})")
    return f"CREATE TABLE {table} ({', '.join(cols)})"


def arrow_schema(model: type[Record]) -> pa.Schema:
    return pa.schema(
        [pa.field(n, pa.list_(_ARROW[t]) if is_list else _ARROW[t]) for n, t, is_list in columns(model)]
    )


def all_ddl() -> list[str]:
    return [duckdb_ddl(name, model) for name, model in ALL_TABLES.items()]
