"""Row builders shared by tests: valid rows that a test changes one field of."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from bilateral import contract, dedup


def mention(**overrides) -> dict:
    row = {
        "doc_id": "0123456789abcdef", "source_file": "a.txt", "sentence_index": 0, "start": 0, "end": 20,
        "event_type": "CONSULT", "mode": "visit", "source_actor": "Pakistan", "source_country": "PAK",
        "target_actor": "Baku", "target_country": "AZE", "symmetric": False, "parties": ["PAK", "AZE"],
        "event_date": "2019", "date_precision": "year", "date_start": dt.date(2019, 1, 1),
        "date_end": dt.date(2019, 12, 31), "date_source": "sentence", "date_text": "In 2019", "location": "Baku",
        "location_country": "AZE", "latitude": 40.4, "longitude": 49.9, "factuality": "asserted",
        "habitual": False, "trigger": "visited", "evidence": "In 2019 X visited Baku",
    }
    row.update(overrides)
    return row


def mentions_frame(rows: list[dict]) -> pd.DataFrame:
    rows = dedup.assign_ids(rows)
    return pd.DataFrame([{c: r.get(c) for c in contract.csv_header("mentions")} for r in rows])
