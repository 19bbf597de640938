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
    read: dict[str, dict[str, pd.DataFrame]] = {}
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
            read.setdefault(table, {})[suffix] = frame
            if len(rejects):
                problems.append(f"{path.name}: {len(rejects)} row-level failures, e.g. "
                                f"{rejects.iloc[0]['column']}: {rejects.iloc[0]['check']} ({rejects.iloc[0]['value']!r})")
    for table, frames in read.items():
        if len(frames) == 2 and not frames[".parquet"].equals(frames[".csv"]):
            problems.append(f"{table}.csv and {table}.parquet do not hold the same rows")
    if all(".parquet" in read.get(table, {}) for table in TABLES):
        problems += check_links({table: read[table][".parquet"] for table in TABLES})
    return problems


def check_links(frames: dict[str, pd.DataFrame]) -> list[str]:
    """What no row check sees: rows point at rows that exist, offsets slice their sentence, counts add up."""
    documents, sentences, mentions, events = (frames[t] for t in ("documents", "sentences", "mentions", "events"))
    problems = []
    known = set(documents["doc_id"])
    for table, frame in (("sentences", sentences), ("mentions", mentions)):
        unknown = sorted(set(frame["doc_id"]) - known)
        if unknown:
            problems.append(f"{table}: {len(unknown)} doc_id(s) not in documents, e.g. {unknown[0]!r}")
    counted = sentences.groupby("doc_id").size()
    stated = documents.set_index("doc_id")["n_sentences"]
    wrong = [d for d, n in stated.items() if int(counted.get(d, 0)) != n]
    if wrong:
        problems.append(f"documents: n_sentences differs from the sentences table for {len(wrong)} document(s), "
                        f"e.g. {wrong[0]!r}")
    sentence = sentences[["doc_id", "sentence_index", "start", "end", "text"]].rename(
        columns={"start": "start_sentence", "end": "end_sentence"})
    joined = mentions.merge(sentence, on=["doc_id", "sentence_index"], how="left")
    orphans = joined["text"].isna()
    if orphans.any():
        problems.append(f"mentions: {int(orphans.sum())} row(s) whose sentence is not in sentences, "
                        f"e.g. {joined.loc[orphans, 'mention_id'].iloc[0]!r}")
    placed = joined[~orphans]
    sliced = [text[start - s_start:end - s_start] == evidence and s_start <= start <= end <= s_end
              for text, s_start, s_end, start, end, evidence in zip(
                  placed["text"], placed["start_sentence"], placed["end_sentence"], placed["start"], placed["end"],
                  placed["evidence"], strict=True)]
    off = [m for m, ok in zip(placed["mention_id"], sliced, strict=True) if not ok]
    if off:
        problems.append(f"mentions: {len(off)} row(s) whose offsets do not give their evidence in their sentence, "
                        f"e.g. {off[0]!r}")
    per_event = mentions.groupby("event_id").size()
    if set(per_event.index) != set(events["event_id"]):
        problems.append("events: the event_ids are not those of the mentions")
    elif any(int(per_event[e]) != n for e, n in zip(events["event_id"], events["n_mentions"], strict=True)):
        problems.append("events: n_mentions differs from the mentions table")
    return problems
