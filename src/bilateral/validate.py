"""Validation with quarantine.

Each table is checked against its pandera model. Two kinds of failure:
- a *schema* failure (a column missing or undeclared, a type that cannot be
  coerced) means the code and the contract disagree: ``SchemaContractError``
  is raised and nothing is published;
- a *row* failure (a value outside its vocabulary, a bad pattern, a duplicate
  id) sends that row to the ``rejects`` table with the check and the value,
  and the rest of the table goes on.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from bilateral import contract
from bilateral.schemas import TABLES

ID_COLUMNS = {"documents": "doc_id", "mentions": "mention_id", "events": "event_id"}
_SCHEMA_CHECKS = ("column_in_dataframe", "column_in_schema", "dataframe_column_labels_unique", "column_ordered")


class SchemaContractError(Exception):
    """A table does not have the shape its model declares."""


@dataclass(frozen=True)
class Validated:
    """A table validated already (``bilateral.spill``, in parts), with its rejects: ``validate_tables`` takes
    it as it is."""

    table: object
    rejects: pd.DataFrame


def _is_schema_level(case: pd.Series) -> bool:
    check = str(case["check"])
    return check.startswith(_SCHEMA_CHECKS) or check.startswith("dtype(") or pd.isna(case["index"]) and not check.startswith("coerce_dtype")


def validate_table(table: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (valid rows, rejects); raise SchemaContractError on a schema failure."""
    model = TABLES[table]
    frame = frame.reset_index(drop=True)
    try:
        return model.validate(frame, lazy=True), contract.empty_frame("rejects")
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    schema_cases = cases[cases.apply(_is_schema_level, axis=1)]
    if len(schema_cases):
        raise SchemaContractError(f"table {table!r} breaks its schema:\n{_report(schema_cases)}")
    # In row order (pandera lists them check by check): the same order whether a table is validated whole
    # or in consecutive parts (``bilateral.spill``).
    cases = cases.sort_values("index", kind="stable")
    bad_index = sorted({int(i) for i in cases["index"].dropna()})
    rejects = []
    for _, case in cases.iterrows():
        row = frame.loc[int(case["index"])].to_dict()
        rejects.append({
            "table": table,
            "row_id": _text(row.get(ID_COLUMNS.get(table, ""))),
            "column": _text(case["column"]),
            "check": _short(str(case["check"])),
            "value": _text(case["failure_case"]),
            "row": json.dumps(row, default=str, ensure_ascii=False, sort_keys=True),
        })
    valid = model.validate(frame.drop(index=bad_index).reset_index(drop=True), lazy=True)
    return valid, pd.DataFrame(rejects, columns=contract.csv_header("rejects"))


def validate_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Validate every table; row failures are collected into ``rejects``."""
    out: dict[str, pd.DataFrame] = {}
    rejects = [tables["rejects"]] if "rejects" in tables else []
    for table, frame in tables.items():
        if table == "rejects":
            continue
        out[table], rejected = (frame.table, frame.rejects) if isinstance(frame, Validated) else validate_table(table, frame)
        rejects.append(rejected)
    rejects = [r for r in rejects if len(r)]
    combined = pd.concat(rejects, ignore_index=True) if rejects else contract.empty_frame("rejects")
    out["rejects"], _ = validate_table("rejects", combined)
    return out


def _short(check: str) -> str:
    """A check's name without a long argument list (an isin over 270 codes says nothing more)."""
    return check if len(check) <= 80 else check[:check.find("(") + 1] + "...)"


def _text(value) -> str | None:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    return str(value)


def _report(cases: pd.DataFrame) -> str:
    lines = [f"  - column {c['column']!r}: {c['check']} (got {c['failure_case']!r})" for _, c in cases.iterrows()]
    return "\n".join(lines[:30]) + (f"\n  ... and {len(lines) - 30} more" if len(lines) > 30 else "")


def validate_directory(directory: Path) -> list[str]:
    """Check every table file in a build or release directory; return problems (empty when valid)."""
    from bilateral.tableio import read_table  # noqa: PLC0415

    problems = []
    if not directory.is_dir():
        return [f"{directory} is not a directory"]
    for table in TABLES:
        for suffix in (".parquet", ".csv"):
            path = directory / f"{table}{suffix}"
            if not path.exists():
                problems.append(f"{path.name}: missing")
                continue
            try:
                frame = read_table(path)
                if list(frame.columns) != contract.csv_header(table):
                    problems.append(f"{path.name}: columns {list(frame.columns)} != {contract.csv_header(table)}")
                    continue
                _valid, rejects = validate_table(table, frame)
            except (SchemaContractError, ValueError, OSError) as exc:
                problems.append(f"{path.name}: {exc}")
                continue
            if len(rejects):
                problems.append(f"{path.name}: {len(rejects)} row-level failures, e.g. "
                                f"{rejects.iloc[0]['column']}: {rejects.iloc[0]['check']} ({rejects.iloc[0]['value']!r})")
    return problems
