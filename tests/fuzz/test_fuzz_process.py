"""Property-based tests of metadata and of the whole per-document ``pipeline.process`` on arbitrary text."""
from __future__ import annotations

import hashlib
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilateral import contract, vocab
from bilateral.schemas import ISO_DATE

FUZZ = settings(deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow])

# News-like text: dates, datelines, bylines, country names and verbs the extractor reacts to, in any order.
PIECES = st.sampled_from([
    "Islamabad, 12 March 2024 (APP): ", "BAKU, May 12 (Reuters) - ", "By Ayesha Khan\n", "date 2025-05-12\n",
    "Pakistan", "China", "India", "the United States", "Turkey", "NATO", "the UN", " met ", " signed an agreement with ",
    " accused ", " attacked ", " visited ", " condemned ", " on Monday", " last year", " in 2019", " on 5 June",
    " yesterday", ". ", ".\n", "\n\n", " said.", " Mr. ", " U.S. ", "\"", "(", ")", " ", "Published on 3 May 2020. ",
    "Decemebr 26, 2020\n", "31 February 2021", "the 1990s", " and ", " will ", " denied ", " had always supported ",
])
NEWS = st.lists(PIECES, max_size=60).map("".join)
ANY_TEXT = st.one_of(NEWS, st.text(max_size=800))


@FUZZ
@given(ANY_TEXT)
def test_metadata_never_raises_and_stays_in_range(text):
    pytest.importorskip("bilateral.dates.finder")
    from bilateral.metadata import read_metadata  # noqa: PLC0415

    meta = read_metadata(text)
    assert 0 <= meta.body_start <= len(text)
    assert meta.published_date_source in vocab.PUBLISHED_DATE_SOURCE
    assert (meta.published_date is None) == (meta.published_date_source == "none")
    if meta.published_date is not None:
        assert re.fullmatch(ISO_DATE, meta.published_date)
    assert meta.language is None or re.fullmatch(r"[a-z]{2,3}", meta.language)


def _extractor():
    try:
        from bilateral.events import extract  # noqa: F401, PLC0415
    except ImportError:
        pytest.skip("bilateral.events.extract not importable yet")


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    columns = contract.csv_header(table)
    return pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns) if rows \
        else contract.empty_frame(table)


@FUZZ
@given(ANY_TEXT)
def test_process_emits_only_rows_that_pass_the_schemas(text):
    _extractor()
    from bilateral import dedup, ingest, pipeline, validate  # noqa: PLC0415

    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    record = ingest.IngestedFile("fuzz.txt", digest[:16], digest, len(text.encode("utf-8", "surrogatepass")),
                                 "ok" if text.strip() else "empty", text=text)
    result = pipeline.process(record)
    for table, rows in (("documents", [result.document]), ("sentences", result.sentences),
                        ("mentions", dedup.assign_ids([dict(m) for m in result.mentions]))):
        _valid, rejects = validate.validate_table(table, _frame(table, rows))
        assert rejects.empty, f"{table}: {rejects[['column', 'check', 'value']].to_dict('records')}"
    for mention in result.mentions:
        assert text[mention["start"]:mention["end"]] == mention["evidence"]
    tables = pipeline.assemble([result])
    assert tables["rejects"].empty, tables["rejects"][["table", "column", "check", "value"]].to_dict("records")
