"""Quarantine: a row-level failure lands in rejects and the rest goes on; a schema failure stops everything."""
from __future__ import annotations

import pytest

from bilateral import contract, validate
from builders import mention, mentions_frame


def test_valid_rows_pass_untouched():
    valid, rejects = validate.validate_table("mentions", mentions_frame([mention()]))
    assert len(valid) == 1 and len(rejects) == 0


def test_row_failure_goes_to_rejects_and_the_rest_goes_on():
    frame = mentions_frame([mention(), mention(start=30, end=50, target_country="XYZ", event_type="ASSAULT")])
    valid, rejects = validate.validate_table("mentions", frame)
    assert len(valid) == 1
    assert valid.iloc[0]["target_country"] == "AZE"
    assert rejects.iloc[0]["table"] == "mentions"
    assert rejects.iloc[0]["column"] == "target_country"
    assert rejects.iloc[0]["value"] == "XYZ"
    assert rejects.iloc[0]["check"].startswith("isin")
    assert "ASSAULT" in rejects.iloc[0]["row"]


def test_missing_column_is_a_schema_failure():
    frame = mentions_frame([mention()]).drop(columns=["event_type"])
    with pytest.raises(validate.SchemaContractError, match="event_type"):
        validate.validate_table("mentions", frame)


def test_uncoercible_type_is_a_schema_failure_or_reject_never_silent():
    frame = mentions_frame([mention()])
    frame["start"] = ["not a number"]
    try:
        valid, rejects = validate.validate_table("mentions", frame)
    except validate.SchemaContractError:
        return
    assert len(valid) + len(rejects) >= 1 and len(rejects) == 1


def test_undeclared_column_is_a_schema_failure():
    frame = mentions_frame([mention()]).assign(extra=1)
    with pytest.raises(validate.SchemaContractError):
        validate.validate_table("mentions", frame)


def test_validate_tables_collects_rejects_across_tables():
    tables = {"mentions": mentions_frame([mention(event_type="PARTY")]),
              "documents": contract.empty_frame("documents")}
    out = validate.validate_tables(tables)
    assert len(out["mentions"]) == 0
    assert list(out["rejects"]["value"]) == ["PARTY"]
