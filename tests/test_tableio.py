"""Parquet and CSV round trips keep types and values; CSV is safe to open in a spreadsheet."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from bilateral import tableio, validate
from builders import mention, mentions_frame


def test_round_trip_parquet_and_csv_same_values(tmp_path):
    frame, _ = validate.validate_table("mentions", mentions_frame([
        mention(), mention(start=30, end=60, evidence="=HYPERLINK(\"x\")", source_actor="-minus", date_start=None,
                           date_end=None, event_date=None, date_precision=None, latitude=None, longitude=None,
                           parties=["PAK", "AZE"], symmetric=True)]))
    tableio.write_table("mentions", frame, tmp_path)
    from_parquet = tableio.read_table(tmp_path / "mentions.parquet")
    from_csv = tableio.read_table(tmp_path / "mentions.csv")
    for column in frame.columns:
        assert from_parquet[column].tolist() == from_csv[column].tolist(), column
    assert from_csv.loc[1, "evidence"] == '=HYPERLINK("x")'
    schema = pq.read_schema(tmp_path / "mentions.parquet")
    assert str(schema.field("date_start").type) == "date32[day]"
    assert schema.field("parties").type.value_type == pa.string()


def test_csv_neutralises_formulas(tmp_path):
    frame, _ = validate.validate_table("mentions", mentions_frame([mention(evidence="=1+1", trigger="@cmd")]))
    tableio.write_table("mentions", frame, tmp_path)
    text = (tmp_path / "mentions.csv").read_text()
    assert "'=1+1" in text and "'@cmd" in text
    assert ",=1+1" not in text


def test_writers_are_deterministic(tmp_path):
    frame, _ = validate.validate_table("mentions", mentions_frame([mention()]))
    tableio.write_table("mentions", frame, tmp_path / "a")
    tableio.write_table("mentions", frame, tmp_path / "b")
    for name in ("mentions.parquet", "mentions.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_values_that_start_with_a_quote_round_trip(tmp_path):
    """The escape is one leading quote: a value that itself starts with quotes before a formula sign keeps them."""
    texts = ["'=x", "''+y", "'plain", "-3 dead", "=SUM(A1)"]
    frame, _ = validate.validate_table("mentions", mentions_frame(
        [mention(start=10 * i, end=10 * i + 5, evidence=text) for i, text in enumerate(texts)]
        + [mention(start=99, end=120, parties=["'=a", "b"], symmetric=True)]))
    tableio.write_table("mentions", frame, tmp_path)
    back = tableio.read_table(tmp_path / "mentions.csv")
    assert back["evidence"].tolist()[:len(texts)] == texts
    assert back["parties"].tolist()[-1] == ["'=a", "b"]


def test_a_null_inside_a_list_is_an_error_not_a_null_cell(tmp_path):
    frame, _ = validate.validate_table("mentions", mentions_frame([mention(parties=["PAK", "AZE"], symmetric=True)]))
    frame["parties"] = pd.Series([["PAK", None]], dtype=frame["parties"].dtype)
    with pytest.raises(ValueError, match="null item"):
        tableio.write_csv("mentions", frame, tmp_path / "mentions.csv")


def test_csv_written_batch_by_batch_is_the_file_written_whole(tmp_path, monkeypatch):
    """Cells are made and written a batch of rows at a time (not a second copy of every text column)."""
    frame, _ = validate.validate_table("mentions", mentions_frame(
        [mention(start=10 * i, end=10 * i + 5, evidence=f"=x{i}" if i % 2 else f"plain {i}") for i in range(7)]))
    tableio.write_csv("mentions", frame, tmp_path / "whole.csv")
    monkeypatch.setattr(tableio, "CSV_BATCH_ROWS", 2)
    tableio.write_csv("mentions", frame, tmp_path / "batches.csv")
    tableio.write_csv("mentions", frame.iloc[:0], tmp_path / "empty.csv")
    assert (tmp_path / "batches.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()
    assert (tmp_path / "empty.csv").read_text().splitlines() == [(tmp_path / "whole.csv").read_text().splitlines()[0]]


@pytest.mark.parametrize("cuts", [[], [1], [2, 3], [1, 2, 3, 4]])
def test_a_table_written_in_parts_has_the_bytes_of_the_whole(tmp_path, monkeypatch, cuts):
    """Row groups are ``ROW_GROUP_ROWS`` rows however the parts are cut (``bilateral.spill`` writes parts)."""
    monkeypatch.setattr(tableio, "ROW_GROUP_ROWS", 2)
    frame, _ = validate.validate_table("mentions", mentions_frame([
        mention(start=i, end=i + 5, parties=["PAK", "AZE"][: i % 3], date_start=None if i % 2 else mention()["date_start"])
        for i in range(5)]))
    tableio.write_table("mentions", frame, tmp_path / "whole")
    arrow = tableio.to_arrow("mentions", frame)
    bounds = [0, *cuts, len(frame)]
    with tableio.TableWriter("mentions", tmp_path / "parts.parquet", tmp_path / "parts.csv") as writer:
        for start, end in zip(bounds, bounds[1:]):
            writer.write(arrow.slice(start, end - start))
    assert (tmp_path / "parts.parquet").read_bytes() == (tmp_path / "whole" / "mentions.parquet").read_bytes()
    assert (tmp_path / "parts.csv").read_bytes() == (tmp_path / "whole" / "mentions.csv").read_bytes()
    assert pq.ParquetFile(tmp_path / "parts.parquet").metadata.num_row_groups == 3


def test_an_error_while_writing_is_the_error_raised_and_the_files_are_released(tmp_path):
    """Leaving the ``with`` on an error closes the files without finishing them, so that error is not hidden."""
    frame, _ = validate.validate_table("mentions", mentions_frame([mention()]))
    arrow = tableio.to_arrow("mentions", frame)

    def disk_full(rows):
        raise OSError("no space left on device")

    with pytest.raises(RuntimeError, match="stopped"):
        with tableio.TableWriter("mentions", tmp_path / "m.parquet", tmp_path / "m.csv") as writer:
            writer.write(arrow)
            writer._write_group = disk_full  # finishing the table would fail too
            raise RuntimeError("stopped")
    assert writer._parquet.is_open is False
    with pytest.raises(OSError, match="no space"):  # a plain close still reports its own failure
        with tableio.TableWriter("mentions", tmp_path / "n.parquet") as writer:
            writer.write(arrow)
            writer._write_group = disk_full
