"""Ids and de-duplication: which mentions report the same real-world event.

The rule (also in the dataset card):
- an event's identity is its type, its actors (source and target; for a
  symmetric act the sorted parties) and its date at the precision the text gives;
- mentions whose identities agree and that carry a date are one event, across
  documents: ``event_id = hash(identity)``;
- an undated mention cannot be told apart from another occurrence of the same
  kind, so undated mentions are one event per document: the id also hashes the
  document's id;
- mode, location and factuality do not split an event (two reports of one visit
  may differ on them).
- an event's row takes its date, actors and type from that identity (for a
  symmetric act source and target are the first two sorted parties), so a new
  report of a known event never changes those: only its counts and documents,
  and the fields read from the reports (evidence, mode, location, factuality).
Ids hash content only (never row order or run time), so they are stable when
articles are added or the input order changes, and across releases.
"""
from __future__ import annotations

import hashlib
from collections import Counter

import pandas as pd

from bilateral import contract
from bilateral.validate import SchemaContractError

ID_KEYS = frozenset({"doc_id", "source_file", "start", "end", "event_type", "mode", "source_actor", "target_actor",
                     "source_country", "target_country", "symmetric", "parties", "event_date"})


def _digest(*parts: object) -> str:
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def event_identity(row: dict) -> tuple:
    actors = tuple(sorted(row["parties"])) if row["symmetric"] else (row["source_country"], row["target_country"])
    return (row["event_type"], bool(row["symmetric"]), actors, row["event_date"])


def event_id(row: dict) -> str:
    identity = event_identity(row)
    scope = row["doc_id"] if row["event_date"] is None else ""
    return "e" + _digest(*identity[:2], *identity[2], identity[3], scope)


def mention_id(row: dict) -> str:
    actors = sorted(row["parties"]) if row["symmetric"] else [row["source_country"], row["target_country"]]
    return "m" + _digest(row["doc_id"], row["start"], row["end"], row["event_type"], row["mode"],
                         row["source_actor"], row["target_actor"], *actors)


def assign_ids(mention_rows: list[dict]) -> list[dict]:
    """Give each mention its ``mention_id`` and ``event_id``; identical mentions collapse into one row."""
    seen: dict[str, dict] = {}
    for row in mention_rows:
        missing = ID_KEYS - row.keys()
        if missing:
            # A mention without the columns its ids are made of: the code and the contract disagree.
            raise SchemaContractError(f"table 'mentions' breaks its schema: a row from {row.get('source_file')!r} "
                                      f"lacks column(s) {', '.join(sorted(missing))}")
        row["mention_id"] = mention_id(row)
        row["event_id"] = event_id(row)
        seen.setdefault(row["mention_id"], row)
    return sorted(seen.values(), key=lambda r: (r["source_file"], r["start"], r["mention_id"]))


_EVENT_INPUTS = ("event_type", "mode", "source_country", "target_country", "symmetric", "parties", "event_date",
                 "date_precision", "date_start", "date_end", "location", "factuality", "doc_id", "evidence")


def _of(values: list, positions) -> list:
    """The values of one event's mentions, in their order."""
    return [values[i] for i in positions]


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def events_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per event_id, summarising its mentions."""
    if mentions.empty:
        return contract.empty_frame("events")
    rows = []
    ordered = mentions.sort_values(["event_id", "doc_id", "start", "mention_id"], kind="stable")
    # Plain lists and each event's row positions: a pandas sub-frame per event cost ~1 ms each.
    column = {name: ordered[name].tolist() for name in _EVENT_INPUTS}
    for event_id_, positions in sorted(ordered.groupby("event_id", sort=True).indices.items()):
        first = {name: values[positions[0]] for name, values in column.items()}
        modes = Counter(m for m in _of(column["mode"], positions) if isinstance(m, str))
        factualities = _of(column["factuality"], positions)
        located = [place for place in _of(column["location"], positions) if not _missing(place)]
        doc_ids = _of(column["doc_id"], positions)
        source, target, parties = first["source_country"], first["target_country"], list(first["parties"])
        if first["symmetric"] and len(parties) >= 2:
            # No direction: the sorted parties, so the row does not depend on which report sorts first.
            parties = sorted(parties)
            source, target = parties[0], parties[1]
        rows.append({
            "event_id": event_id_,
            "event_type": first["event_type"],
            "mode": min(modes, key=lambda m: (-modes[m], m)) if modes else None,
            "source_country": source,
            "target_country": target,
            "symmetric": bool(first["symmetric"]),
            "parties": parties,
            "event_date": first["event_date"],
            "date_precision": first["date_precision"],
            "date_start": first["date_start"],
            "date_end": first["date_end"],
            "location": located[0] if located else None,
            "factuality": "asserted" if "asserted" in set(factualities) else Counter(factualities).most_common(1)[0][0],
            "n_mentions": len(positions),
            "n_documents": len({d for d in doc_ids if not _missing(d)}),
            "doc_ids": sorted(set(doc_ids)),
            "evidence": first["evidence"],
        })
    return pd.DataFrame(rows, columns=contract.csv_header("events"))
