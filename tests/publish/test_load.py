"""Formats users load: pandas, polars and DuckDB see the same rows and types; CSV is spreadsheet-safe."""
from __future__ import annotations

import csv
import datetime as dt

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import bilateral
from bilateral import contract, pipeline, publish, tableio
from bilateral.load import release_dir
from bilateral.schemas import TABLES

# Arrow type of the contract -> what each library must report for it.
POLARS = {pa.string(): pl.String, pa.int64(): pl.Int64, pa.bool_(): pl.Boolean, pa.float64(): pl.Float64,
          pa.date32(): pl.Date, pa.list_(pa.string()): pl.List(pl.String)}
DUCKDB = {pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.bool_(): "BOOLEAN", pa.float64(): "DOUBLE",
          pa.date32(): "DATE", pa.list_(pa.string()): "VARCHAR[]"}
PANDAS = {pa.string(): ("object", "str", "string"), pa.int64(): ("Int64",), pa.bool_(): ("boolean",),
          pa.float64(): ("Float64",), pa.date32(): ("date32[day][pyarrow]",),
          pa.list_(pa.string()): ("list<item: string>[pyarrow]", "list<element: string>[pyarrow]")}  # Parquet names the item "element"
FORMULAS = {"title": "=HYPERLINK(\"http://x\")", "source_actor": "+Pakistan", "target_actor": "@Azerbaijan",
            "evidence": "-PAK and AZE: consult reported (2019-10-28)."}


@pytest.fixture(scope="module")
def release(tmp_path_factory, corpus):
    """A release whose text cells start with =, +, @ and - (what a spreadsheet would run)."""
    results = corpus.results_for(corpus.BASE_DOCS)
    results[0].document["title"] = FORMULAS["title"]
    results[0].mentions[0].update(source_actor=FORMULAS["source_actor"], target_actor=FORMULAS["target_actor"],
                                  evidence=FORMULAS["evidence"])
    out = tmp_path_factory.mktemp("load") / "output"
    return publish.publish(pipeline.assemble(results), out, created=corpus.CREATED)


@pytest.mark.parametrize("table", list(TABLES))
def test_pandas_polars_duckdb_read_the_same_rows_and_types(release, table):
    path = release / f"{table}.parquet"
    frame = bilateral.load(table=table, root=release.parents[1])
    polars_frame = pl.read_parquet(path)
    relation = duckdb.sql(f"SELECT * FROM read_parquet('{path}')")
    n_duck = duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()[0][0]
    assert len(frame) == polars_frame.height == n_duck
    assert list(frame.columns) == polars_frame.columns == relation.columns == contract.csv_header(table)
    duck_types = dict(zip(relation.columns, (str(t) for t in relation.types), strict=True))
    for field in contract.arrow_schema(table):
        assert str(frame[field.name].dtype) in PANDAS[field.type], (field.name, frame[field.name].dtype)
        assert polars_frame.schema[field.name] == POLARS[field.type], field.name
        assert duck_types[field.name] == DUCKDB[field.type], field.name


def test_values_survive_the_round_trip(release):
    events = bilateral.load(root=release.parents[1]).set_index("event_id")
    polars_events = {r["event_id"]: r for r in pl.read_parquet(release / "events.parquet").to_dicts()}
    duck_events = {r[0]: r for r in duckdb.sql(
        f"SELECT event_id, date_start, n_documents, doc_ids FROM read_parquet('{release / 'events.parquet'}')").fetchall()}
    consult = events[events["event_type"] == "CONSULT"].iloc[0]
    event_id = consult.name
    assert consult["date_start"] == dt.date(2019, 10, 28) == polars_events[event_id]["date_start"] == duck_events[event_id][1]
    assert consult["n_documents"] == 2 == polars_events[event_id]["n_documents"] == duck_events[event_id][2]
    assert list(consult["doc_ids"]) == polars_events[event_id]["doc_ids"] == duck_events[event_id][3]


@pytest.mark.parametrize("table", list(TABLES))
def test_csv_reads_back_into_the_same_values(release, table):
    from_csv = tableio.read_table(release / f"{table}.csv")
    from_parquet = tableio.read_table(release / f"{table}.parquet")
    pd.testing.assert_frame_equal(from_csv, from_parquet)


def test_csv_is_safe_in_a_spreadsheet(release):
    for table in TABLES:
        with (release / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
            for row in list(csv.reader(handle))[1:]:
                assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in row), (table, row)
                assert not any(cell.startswith("-") and not _number(cell) for cell in row), (table, row)
    documents = bilateral.load(table="documents", root=release.parents[1], format="csv")
    mentions = tableio.read_table(release / "mentions.csv")
    assert FORMULAS["title"] in set(documents["title"])
    assert {FORMULAS["source_actor"], FORMULAS["target_actor"]} <= set(mentions["source_actor"]) | set(mentions["target_actor"])
    assert FORMULAS["evidence"] in set(mentions["evidence"])


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_load_finds_versions_in_output_and_download_layouts(release, tmp_path):
    root = release.parents[1]
    assert release_dir("latest", root) == release.resolve()
    assert release_dir(release.name, root) == release
    assert release_dir("latest", root / "releases") == release.resolve()  # a download folder has versions directly
    with pytest.raises(FileNotFoundError, match="no release '1999.01.01.1'"):
        bilateral.load("1999.01.01.1", root=root)
    with pytest.raises(ValueError, match="unknown table"):
        bilateral.load(table="nope", root=root)
