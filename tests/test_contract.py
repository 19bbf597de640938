"""The published contract (schemas/, Arrow schema, CSV header) is generated from the pandera models."""
from __future__ import annotations

import json

import pyarrow as pa

from bilateral import contract
from bilateral.schemas import TABLES


def test_committed_schema_exports_match_the_models(repo, tmp_path):
    written = contract.export_schemas(tmp_path)
    for path in written:
        committed = repo / "schemas" / path.name
        assert committed.exists(), f"schemas/{path.name} is missing: run `bilateral export-schemas schemas`"
        assert committed.read_text() == path.read_text(), (
            f"schemas/{path.name} is out of date with src/bilateral/schemas.py: run `bilateral export-schemas schemas`")
    assert {p.name for p in (repo / "schemas").iterdir()} == {p.name for p in written}


def test_every_column_is_documented():
    for table, model in TABLES.items():
        for name, column in model.to_schema().columns.items():
            assert column.description, f"{table}.{name} has no description"


def test_arrow_types_follow_the_contract():
    mentions = contract.arrow_schema("mentions")
    assert mentions.field("date_start").type == pa.date32()
    assert mentions.field("parties").type == pa.list_(pa.string())
    assert mentions.field("start").type == pa.int64()
    assert mentions.field("symmetric").type == pa.bool_()
    assert contract.csv_header("mentions")[:3] == ["mention_id", "event_id", "doc_id"]


def test_issue_contract_columns_present():
    required = {
        "documents": ["doc_id", "source_file", "sha256", "bytes", "encoding", "title", "author", "published_date",
                      "published_date_source", "language", "status", "n_chars"],
        "mentions": ["mention_id", "event_id", "doc_id", "source_file", "sentence_index", "start", "end",
                     "event_type", "mode", "source_actor", "source_country", "target_actor", "target_country",
                     "symmetric", "parties", "event_date", "date_precision", "date_start", "date_end", "location",
                     "factuality", "evidence"],
        "events": ["event_id", "n_mentions", "n_documents"],
    }
    for table, names in required.items():
        header = contract.csv_header(table)
        assert [n for n in names if n not in header] == [], table


def test_table_schema_json_is_frictionless_shaped():
    schema = contract.table_schema("mentions")
    assert schema["primaryKey"] == ["mention_id"]
    by_name = {f["name"]: f for f in schema["fields"]}
    assert by_name["event_type"]["constraints"]["enum"][0] == "AGREE"
    assert by_name["date_start"]["type"] == "date"
    json.dumps(schema)


def test_empty_frame_has_the_declared_dtypes():
    frame = contract.empty_frame("events")
    assert list(frame.columns) == contract.csv_header("events")
    assert str(frame["n_mentions"].dtype) == "Int64"
