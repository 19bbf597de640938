"""Everything generated from the pandera models in ``schemas``: Arrow schemas,
CSV headers, the exported schema files under ``schemas/`` and field docs.

A test regenerates the exports and fails when they differ from the committed
files, so the published contract cannot drift from the code.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pandas as pd
import pyarrow as pa

from bilateral.schemas import TABLES

_SIMPLE_ARROW = {
    "str": pa.string(),
    "string": pa.string(),
    "Int64": pa.int64(),
    "boolean": pa.bool_(),
    "Float64": pa.float64(),
}
_TABLE_SCHEMA_TYPE = {
    pa.string(): "string",
    pa.int64(): "integer",
    pa.bool_(): "boolean",
    pa.float64(): "number",
    pa.date32(): "date",
}


def columns(table: str) -> dict:
    """name -> pandera Column of a table, in declared order."""
    return TABLES[table].to_schema().columns


def arrow_type(dtype) -> pa.DataType:
    pandas_dtype = dtype.type
    if isinstance(pandas_dtype, pd.ArrowDtype):
        return pandas_dtype.pyarrow_dtype
    name = str(pandas_dtype)
    if name not in _SIMPLE_ARROW:
        raise TypeError(f"no Arrow type declared for pandas dtype {name!r}")
    return _SIMPLE_ARROW[name]


@cache  # pandera builds the model's schema on every call (milliseconds); an Arrow schema is immutable
def arrow_schema(table: str) -> pa.Schema:
    fields = []
    for name, column in columns(table).items():
        fields.append(pa.field(name, arrow_type(column.dtype), nullable=column.nullable,
                               metadata={"description": column.description or ""}))
    return pa.schema(fields, metadata={"table": table})


def csv_header(table: str) -> list[str]:
    return list(columns(table))


def empty_frame(table: str) -> pd.DataFrame:
    """A zero-row frame with the table's columns and dtypes."""
    return arrow_schema(table).empty_table().to_pandas(types_mapper=_types_mapper)


def _types_mapper(arrow: pa.DataType):
    if pa.types.is_list(arrow) or pa.types.is_date32(arrow):
        return pd.ArrowDtype(arrow)
    return {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(), pa.float64(): pd.Float64Dtype()}.get(arrow)


def table_schema(table: str) -> dict:
    """Frictionless Table Schema (JSON) of a table."""
    model = TABLES[table]
    fields = []
    for name, column in columns(table).items():
        arrow = arrow_type(column.dtype)
        field: dict = {"name": name, "description": column.description or ""}
        if pa.types.is_list(arrow):
            # CSV carries lists as ';'-joined text; Parquet as list<string>.
            field.update(type="string", format="default", **{"x-parquet-type": "list<string>", "x-csv-list-separator": ";"})
        else:
            field["type"] = _TABLE_SCHEMA_TYPE[arrow]
        constraints = {}
        if not column.nullable:
            constraints["required"] = True
        if column.unique:
            constraints["unique"] = True
        for check in column.checks:
            stats = check.statistics or {}
            if "allowed_values" in stats:
                constraints["enum"] = list(stats["allowed_values"])
            elif "pattern" in stats:
                constraints["pattern"] = str(stats["pattern"])
            elif "min_value" in stats:
                constraints["minimum"] = stats["min_value"]
            elif "max_value" in stats:
                constraints["maximum"] = stats["max_value"]
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema = {"fields": fields, "missingValues": [""]}
    keys = {"documents": ["doc_id"], "mentions": ["mention_id"], "events": ["event_id"]}
    if table in keys:
        schema["primaryKey"] = keys[table]
    if model.__doc__:
        schema["description"] = " ".join(model.__doc__.split())
    return schema


def export_schemas(directory: Path) -> list[Path]:
    """Write ``<table>.yaml`` (pandera) and ``<table>.schema.json`` (Table Schema) for every table."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in _schema_files():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


@cache  # the code's own: made once per process (a long-lived worker publishes many releases)
def _schema_files() -> tuple[tuple[str, str], ...]:
    files = []
    for table, model in TABLES.items():
        files.append((f"{table}.yaml", model.to_schema().to_yaml()))
        files.append((f"{table}.schema.json", json.dumps(table_schema(table), indent=2, ensure_ascii=False) + "\n"))
    return tuple(files)


def field_docs_markdown() -> str:
    """The per-table column reference used in the README and the dataset card."""
    out = []
    for table, model in TABLES.items():
        out.append(f"### `{table}`\n\n{' '.join((model.__doc__ or '').split())}\n")
        out.append("| column | type | null | description |\n| --- | --- | --- | --- |")
        for name, column in columns(table).items():
            arrow = arrow_type(column.dtype)
            out.append(f"| `{name}` | {arrow} | {'yes' if column.nullable else 'no'} | {column.description or ''} |")
        out.append("")
    return "\n".join(out)
