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


def _tampered(build_dir, table, change):
    """Rewrite one table of a build (Parquet and CSV alike) with ``change`` applied to its frame."""
    from bilateral import tableio  # noqa: PLC0415

    frame = tableio.read_table(build_dir / f"{table}.parquet")
    tableio.write_table(table, change(frame.copy()), build_dir)


def test_validate_directory_checks_the_links_between_tables(tmp_path):
    import shutil  # noqa: PLC0415

    from bilateral import pipeline, tableio  # noqa: PLC0415
    from bilateral.validate import validate_directory  # noqa: PLC0415

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Talks\n\nMarch 3, 2021\n\nNorway and Sweden held talks in Oslo on Monday. "
                               "The Norwegian king met the Swedish prime minister.", encoding="utf-8")
    pipeline.build(raw, tmp_path / "good")
    assert validate_directory(tmp_path / "good") == []
    assert len(tableio.read_table(tmp_path / "good" / "mentions.parquet")) >= 2

    def case(name, table, change):
        copy = tmp_path / name
        shutil.copytree(tmp_path / "good", copy)
        _tampered(copy, table, change)
        return validate_directory(copy)

    def shifted(frame):
        frame.loc[0, "start"] += 1
        return frame

    def orphan(frame):
        frame.loc[0, "doc_id"] = "0" * 16
        return frame

    def miscounted(frame):
        frame.loc[0, "n_sentences"] += 1
        return frame

    assert any("offsets do not give their evidence" in p for p in case("shifted", "mentions", shifted))
    assert any("not in documents" in p for p in case("orphan", "mentions", orphan))
    assert any("n_sentences differs" in p for p in case("miscounted", "documents", miscounted))
    assert any("event_ids are not those" in p for p in case("no_events", "events", lambda f: f.iloc[:0]))
    # A CSV that no longer matches its Parquet file.
    copy = tmp_path / "csv"
    shutil.copytree(tmp_path / "good", copy)
    text = (copy / "sentences.csv").read_text(encoding="utf-8")
    (copy / "sentences.csv").write_text(text.replace("Oslo", "Bergen"), encoding="utf-8")
    assert validate_directory(copy) == ["sentences.csv and sentences.parquet do not hold the same rows"]
