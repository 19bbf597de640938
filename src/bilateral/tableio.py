"""Reading and writing tables as Parquet and CSV, typed by the contract.

Parquet: zstd, the Arrow schema from ``contract`` (dates as date32, lists as
list<string>, counts as int64). CSV (Arrow's writer): UTF-8, header, text in
double quotes, ISO dates, lists joined by ``;``, booleans ``true``/``false``,
numbers unquoted (a whole float as ``1``), empty cell for null. A text or list
cell that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or CR, after any ``'``) is written with one more leading ``'``;
``read_table`` removes it again, so values round-trip. Both writers are
deterministic: same frame, same bytes, whether written whole or in parts
(``TableWriter``): Parquet row groups are ``ROW_GROUP_ROWS`` rows however the rows arrive.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from bilateral import contract

LIST_SEPARATOR = ";"
CSV_BATCH_ROWS = 10_000
ROW_GROUP_ROWS = 16384  # ~5.5 MB of sentences: row groups a reader can skip, and a writer's buffer stays small
_PARQUET_OPTIONS = dict(compression="zstd", write_statistics=True, store_schema=True, use_dictionary=True)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A cell that starts like a formula, after any quotes: those quotes are part of the value, so that a
# value "'=x" is written "''=x" and read back as "'=x" (one quote is the escape). Arrow and re both read it.
_FORMULA_LIKE = re.compile("^'*[" + "".join({"-": r"\-", "\t": r"\t", "\r": r"\r"}.get(c, c) for c in _FORMULA_START) + "]")


def to_arrow(table: str, frame: pd.DataFrame) -> pa.Table:
    schema = contract.arrow_schema(table)
    arrays = []
    for field in schema:
        values = frame[field.name] if field.name in frame.columns else pd.Series([None] * len(frame))
        array = _from_extension(values, field.type)
        if array is None:
            # Cell by cell; most cells are already plain (str, int, bool, None) and skip _plain.
            array = pa.array([v if type(v) in _PLAIN_TYPES else _plain(v) for v in values], type=field.type)
        arrays.append(array)
    return pa.Table.from_arrays(arrays, schema=schema)


# Validated tables hold pandas extension arrays (strings, nullable ints and booleans, Arrow lists and
# dates) whose missing values are always null: those convert as whole columns, the same values as the
# cell-by-cell path gives, one contiguous array (a chunked one could split Parquet pages elsewhere).
# Float columns are not among them: a masked float can hold NaN, which the cell path writes as null.
_WHOLE_COLUMN = (pd.StringDtype, pd.ArrowDtype, pd.Int64Dtype, pd.BooleanDtype)


def _from_extension(values: pd.Series, arrow_type: pa.DataType) -> pa.Array | None:
    if not isinstance(values.dtype, _WHOLE_COLUMN):
        return None
    array = pa.array(values, from_pandas=True)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array if array.type == arrow_type else array.cast(arrow_type)


_PLAIN_TYPES = frozenset({str, int, bool, type(None)})


def _plain(value):
    """Python value from a pandas cell (pd.NA and NaN -> None; arrays -> lists)."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return list(value)
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return value.tolist()
    if isinstance(value, pd.Timestamp):
        return value.date()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def write_parquet(table: str, frame: pd.DataFrame, path) -> None:
    with TableWriter(table, path) as writer:
        writer.write(to_arrow(table, frame))


def write_csv(table: str, frame: pd.DataFrame, path: Path) -> None:
    """Arrow's CSV writer (a tenth of the time of the csv module's): text cells quoted, lists joined, formula
    starts escaped, all as whole columns."""
    arrow = to_arrow(table, frame)
    with _csv_writer(arrow.schema, path) as writer:
        _write_cells(writer, arrow)


class TableWriter:
    """One table's Parquet file (and CSV file, given ``csv_path``), written part by part, in the order given.

    A table too big to hold whole (the sentences, ``bilateral.spill``) is written a sorted part at a time.
    The bytes are those of the whole table written at once: a Parquet row group is ``ROW_GROUP_ROWS``
    contiguous rows (parts are buffered and cut), and CSV text does not depend on where a part ends.
    """

    def __init__(self, table: str, parquet_path, csv_path: Path | None = None):
        self.schema = contract.arrow_schema(table)
        self.num_rows = 0
        self._parquet = pq.ParquetWriter(parquet_path, self.schema, **_PARQUET_OPTIONS)
        try:
            self._csv = None if csv_path is None else _csv_writer(self.schema, csv_path)
        except BaseException:
            self._parquet.close()
            raise
        self._pending: list[pa.Table] = []
        self._pending_rows = 0

    def write(self, arrow: pa.Table) -> None:
        """The next rows, as an Arrow table of the contract's schema."""
        if self._csv is not None:
            _write_cells(self._csv, arrow)
        self.num_rows += arrow.num_rows
        self._pending.append(arrow)
        self._pending_rows += arrow.num_rows
        while self._pending_rows >= ROW_GROUP_ROWS:
            self._write_group(ROW_GROUP_ROWS)

    def _write_group(self, rows: int) -> None:
        # One contiguous table per group: pages are cut the same way whatever chunks the parts came in.
        pending = pa.concat_tables(self._pending).combine_chunks() if self._pending else self.schema.empty_table()
        self._parquet.write_table(pending.slice(0, rows), row_group_size=ROW_GROUP_ROWS)
        rest = pending.slice(rows)
        self._pending, self._pending_rows = ([rest] if rest.num_rows else []), rest.num_rows

    def close(self) -> None:
        try:
            if self._pending_rows or self.num_rows == 0:  # an empty table is one empty row group, as pq.write_table makes
                self._write_group(self._pending_rows)
        finally:
            self._close_files()

    def _close_files(self) -> None:
        try:
            self._parquet.close()
        finally:
            if self._csv is not None:
                self._csv.close()

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is None:
            self.close()
            return
        # The files are incomplete and will be discarded: release them without writing the rest, and let an
        # error in closing not hide the one that stopped the writing.
        try:
            self._close_files()
        except Exception:
            pass


def write_text_csv(header: list[str], rows: list[list[str | None]], path: Path) -> None:
    """Rows of text (None for null) as CSV written like the tables' (``changes.csv``)."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    arrow = pa.table([pa.array(list(column), type=pa.string()) for column in columns], names=header)
    with _csv_writer(arrow.schema, path) as writer:
        _write_cells(writer, arrow)


def _csv_writer(schema: pa.Schema, path) -> pacsv.CSVWriter:
    options = pacsv.WriteOptions(quoting_style="needed", batch_size=CSV_BATCH_ROWS)
    return pacsv.CSVWriter(path, _cells(schema.empty_table()).schema, write_options=options)


def _write_cells(writer: pacsv.CSVWriter, arrow: pa.Table) -> None:
    """The cells made and written ``CSV_BATCH_ROWS`` rows at a time, the batches Arrow's writer writes anyway:
    made for the whole table at once, the cells were one more copy of every text column (the sentences'
    text, as big as the corpus), held beside the table while it was written."""
    for column in arrow.columns:
        if pa.types.is_list(column.type) and pc.list_flatten(column).null_count:  # Arrow would write a null cell
            raise ValueError("a list cell holds a null item; lists hold text only")
    for start in range(0, arrow.num_rows, CSV_BATCH_ROWS):
        writer.write_table(_cells(arrow.slice(start, CSV_BATCH_ROWS)))


def _cells(arrow: pa.Table) -> pa.Table:
    return pa.table([_csv_column(arrow.column(i)) for i in range(arrow.num_columns)], names=arrow.schema.names)


def _csv_column(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_list(column.type):
        column = pc.binary_join(column, LIST_SEPARATOR)
    if not pa.types.is_string(column.type):
        return column  # integers, booleans (true/false), dates (ISO) and floats as Arrow writes them
    formula = pc.fill_null(pc.match_substring_regex(column, _FORMULA_LIKE.pattern), False)
    return pc.if_else(formula, pc.binary_join_element_wise("'", column, ""), column)


def write_table(table: str, frame, directory: Path, written: dict | None = None) -> list[Path]:
    """``table`` as Parquet and CSV in ``directory``. ``frame``: a DataFrame, or a table already written in
    parts (``bilateral.spill.SpilledTable``, copied). ``written``: gets the Arrow table written, by name."""
    directory.mkdir(parents=True, exist_ok=True)
    parquet, csv_path = directory / f"{table}.parquet", directory / f"{table}.csv"
    if not isinstance(frame, pd.DataFrame):
        frame.copy_to(parquet, csv_path)
        if written is not None:
            written[table] = pq.read_table(parquet)
        return [parquet, csv_path]
    arrow = to_arrow(table, frame)  # once for both files
    with TableWriter(table, parquet, csv_path) as writer:
        writer.write(arrow)
    if written is not None:
        written[table] = arrow
    del arrow
    # Arrow's allocator keeps what the writers freed (~20 MB of Parquet pages for the sentences): given back
    # here, the next table is not written on top of it.
    pa.default_memory_pool().release_unused()
    return [parquet, csv_path]


def read_table(path: Path) -> pd.DataFrame:
    """A table file as a typed DataFrame (the table is named by the file's stem)."""
    table = path.stem
    if path.suffix == ".parquet":
        return pq.read_table(path).to_pandas(types_mapper=contract._types_mapper)
    if path.suffix == ".csv":
        return _read_csv(table, path)
    raise ValueError(f"{path}: not a .parquet or .csv table")


def _read_csv(table: str, path: Path) -> pd.DataFrame:
    schema = contract.arrow_schema(table)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        raise ValueError(f"{path}: empty file, no header")
    header, body = rows[0], rows[1:]
    if header != schema.names:
        raise ValueError(f"{path}: header {header} does not match the contract {schema.names}")
    arrays = []
    for i, field in enumerate(schema):
        arrays.append(pa.array([_parse_cell(r[i], field.type) for r in body], type=field.type))
    return pa.Table.from_arrays(arrays, schema=schema).to_pandas(types_mapper=contract._types_mapper)


def _parse_cell(cell: str, arrow_type: pa.DataType):
    if cell == "":
        return [] if pa.types.is_list(arrow_type) else None
    if cell.startswith("'") and _FORMULA_LIKE.match(cell[1:]):  # the escape write_csv put there
        cell = cell[1:]
    if pa.types.is_string(arrow_type):
        return cell
    if pa.types.is_list(arrow_type):
        return cell.split(LIST_SEPARATOR)
    if pa.types.is_boolean(arrow_type):
        return {"true": True, "false": False}[cell]
    if pa.types.is_int64(arrow_type):
        return int(cell)
    if pa.types.is_floating(arrow_type):
        return float(cell)
    if pa.types.is_date32(arrow_type):
        return dt.date.fromisoformat(cell)
    raise TypeError(f"no CSV reader for {arrow_type}")
