"""What changed between two releases, and the summary statistics of one.

``diff_events`` compares the events of a release with the previous release's by
``event_id`` (stable, content-derived: see ``dedup``):
- added: an id the previous release did not have;
- removed: an id that is gone;
- modified: the same id with different row content (e.g. a new document
  reports it, so ``n_documents``/``doc_ids`` change), with the columns that differ.
The result is written as ``changes.json`` (full detail) and ``changes.csv``
(one row per changed event, for a spreadsheet).
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pandas as pd

from bilateral import contract, tableio

CHANGE_KINDS = ("added", "modified", "removed")
IDENTITY_COLUMNS = ("event_id", "event_type", "event_date", "source_country", "target_country")
CSV_COLUMNS = ["change", "event_id", "event_type", "event_date", "source_country", "target_country", "columns_changed"]


def _cell(value):
    """A JSON-comparable value (lists, ISO dates, None for every kind of null)."""
    value = tableio._plain(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_cell(v) for v in value]
    return value


def _rows(events: pd.DataFrame | None) -> dict[str, dict]:
    if events is None or events.empty:
        return {}
    columns = contract.csv_header("events")
    # As the table is written (tableio.to_arrow: nulls, lists and dates as Python's), then JSON-comparable;
    # pandas' to_dict walks Arrow-backed columns a cell at a time, ten times slower.
    records = tableio.to_arrow("events", events).select(columns).to_pylist()
    return {row["event_id"]: {c: _cell(row[c]) for c in columns} for row in records}


def diff_events(previous: pd.DataFrame | None, current: pd.DataFrame, previous_version: str | None = None) -> dict:
    """added / modified / removed events of ``current`` against ``previous`` (None: the first release)."""
    before, after = _rows(previous), _rows(current)
    added = sorted(after.keys() - before.keys())
    removed = sorted(before.keys() - after.keys())
    modified = []
    for event_id in sorted(after.keys() & before.keys()):
        changed = [c for c in after[event_id] if after[event_id][c] != before[event_id][c]]
        if changed:
            identity = {c: after[event_id][c] for c in IDENTITY_COLUMNS}
            modified.append({**identity, "columns": changed,
                             "before": {c: before[event_id][c] for c in changed},
                             "after": {c: after[event_id][c] for c in changed}})
    return {
        "previous_version": previous_version,
        "counts": {"added": len(added), "modified": len(modified), "removed": len(removed),
                   "unchanged": len(after) - len(added) - len(modified)},
        "added": [after[i] for i in added],
        "modified": modified,
        "removed": [before[i] for i in removed],
    }


def write_changes(changes: dict, directory: Path, version: str) -> list[Path]:
    json_path, csv_path = directory / "changes.json", directory / "changes.csv"
    json_path.write_text(json.dumps({"version": version, **changes}, indent=2, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    rows = []
    for kind in CHANGE_KINDS:
        for entry in changes[kind]:
            columns = tableio.LIST_SEPARATOR.join(entry["columns"]) if kind == "modified" else ""
            rows.append([kind, *(None if entry[c] is None else str(entry[c]) for c in IDENTITY_COLUMNS), columns])
    tableio.write_text_csv(CSV_COLUMNS, rows, csv_path)
    return [json_path, csv_path]


def dyad(row: dict) -> str:
    """'SRC>TGT' for a directed event, 'A+B' (sorted parties) for a symmetric one; '?' for an unresolved side."""
    if row["symmetric"]:
        return "+".join(sorted(row["parties"])) or "?"
    return f"{row['source_country'] or '?'}>{row['target_country'] or '?'}"


def year(row: dict) -> str:
    start = tableio._plain(row["date_start"])
    return str(start.year) if isinstance(start, dt.date) else "undated"


def statistics(tables: dict[str, pd.DataFrame]) -> dict:
    """Counts by type, dyad and year, plus the coverage the dataset card states."""
    events = tables["events"].to_dict("records")
    documents = tables["documents"]
    starts = [tableio._plain(e["date_start"]) for e in events]
    ends = [tableio._plain(e["date_end"]) for e in events]
    starts, ends = [d for d in starts if d is not None], [d for d in ends if d is not None]
    countries = sorted({p for e in events for p in tableio._plain(e["parties"]) or [] if p})
    published = sorted(documents["published_date"].dropna().tolist())
    return {
        "events_by_type": dict(sorted(Counter(e["event_type"] for e in events).items())),
        "events_by_dyad": dict(sorted(Counter(dyad(e) for e in events).items(), key=lambda kv: (-kv[1], kv[0]))),
        "events_by_year": dict(sorted(Counter(year(e) for e in events).items())),
        "documents_by_status": dict(sorted(Counter(documents["status"].tolist()).items())),
        "event_date_range": [min(starts).isoformat(), max(ends).isoformat()] if starts else None,
        "published_date_range": [published[0], published[-1]] if published else None,
        "countries": countries,
    }
