"""A table too big to hold whole, sorted, validated and written a range of keys at a time: the sentences.

The sentences are the corpus's text (21 MB of Arrow for Reuters' 17 MB). Held whole while they were
sorted, validated and written, they made a build's peak memory grow with the corpus. Here they pass
through files on disk instead:

1. the first sort key of each row is read (its first 8 bytes as a big-endian number: that orders rows
   as the strings do, up to ties) and cut into ranges of about ``PART_ROWS`` rows;
2. each source table is split by range and appended to one Arrow file per range, then let go (a cache
   file's memory map is unmapped; a cache file is read twice, for its keys and for its rows);
3. range by range, in order, the rows are read back, sorted, validated and written
   (``tableio.TableWriter``) into a Parquet and a CSV file, which publishing copies.

A range holds every row of its keys and ranges do not overlap, so the sorted parts, in order, are the
table sorted whole; the sort is stable and the parts keep the sources' order, so ties come out as a
whole sort leaves them. Validation in parts is validation of the whole only for row-wise checks, so
only a model without uniqueness or whole-table checks is accepted. Same rows, same bytes as
``pipeline.Columns.frame`` then ``tableio.write_table`` (tests/test_spill.py).
"""
from __future__ import annotations

import os
import resource
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from bilateral import contract, tableio, validate
from bilateral.schemas import TABLES

PART_ROWS = 8192  # ~2.8 MB of sentences per part
MAX_PARTS = 256  # open files while splitting; a bigger corpus gets bigger parts
PREFIX = ".spill-"


@dataclass(frozen=True)
class SpilledTable:
    """A validated table, sorted, already written as Parquet and CSV (``tableio.write_table`` copies them)."""

    table: str
    parquet: Path
    csv: Path
    num_rows: int

    def __len__(self) -> int:
        return self.num_rows

    def copy_to(self, parquet: Path, csv: Path) -> None:
        shutil.copyfile(self.parquet, parquet)
        shutil.copyfile(self.csv, csv)


@contextmanager
def workspace(parent: Path) -> Iterator[Path]:
    """A folder of this process's own under ``parent``, removed after; a killed run's are removed first."""
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    for stale in parent.glob(PREFIX + "*"):
        # Only this host's: a cache folder shared with other machines (Dask workers) holds theirs too.
        pid, _, host = stale.name[len(PREFIX):].partition("@")
        if pid.isdigit() and host.split("@")[0] == socket.gethostname() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}@{socket.gethostname()}@", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def sort_validate_write(table: str, sources: list, sort_keys: list[str], folder: Path,
                        load: Callable[[object], pa.Table] = lambda source: source,
                        part_rows: int | None = None) -> tuple[SpilledTable, pd.DataFrame]:
    """``sources`` sorted by ``sort_keys``, validated and written into ``folder``; returns the table and the
    rejected rows. ``load`` makes a source a table of ``table``'s contract schema: sources may be loaders of
    memory-mapped files (``pipeline.Columns.contract_table``), each read twice and let go each time. The
    list is emptied as they are read."""
    _check_row_wise(table)
    schema = contract.arrow_schema(table)
    keys = [_prefix_keys(load(source)[sort_keys[0]]) for source in sources]
    cuts = _cuts(np.concatenate(keys) if keys else np.empty(0, np.uint64), part_rows or PART_ROWS)
    parts = _split(sources, load, keys, cuts, folder, schema)
    parquet, csv = folder / f"{table}.parquet", folder / f"{table}.csv"
    rejects = []
    with tableio.TableWriter(table, parquet, csv) as writer:
        for rows in parts:
            frame = rows.sort_by([(key, "ascending") for key in sort_keys]).to_pandas(types_mapper=contract._types_mapper)
            del rows
            valid, rejected = validate.validate_table(table, frame)
            del frame
            writer.write(tableio.to_arrow(table, valid))
            rejects.append(rejected)
            del valid
            pa.default_memory_pool().release_unused()  # the part's pages, before the next part is read
    pa.default_memory_pool().release_unused()  # and the writers' last buffers, before the tables are written
    rejects = [r for r in rejects if len(r)]
    combined = pd.concat(rejects, ignore_index=True) if rejects else contract.empty_frame("rejects")
    return SpilledTable(table, parquet, csv, writer.num_rows), combined


def _check_row_wise(table: str) -> None:
    schema = TABLES[table].to_schema()
    if schema.unique or schema.checks or any(column.unique for column in schema.columns.values()):
        raise ValueError(f"table {table!r} has checks across rows: it cannot be validated in parts")


def _prefix_keys(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Each string's first 8 bytes (zero-padded) as a big-endian uint64: s < t implies key(s) <= key(t).
    Nulls, which a sort puts last, get the largest key."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not pa.types.is_string(array.type):
        raise TypeError(f"the first sort key must be text, not {array.type}")
    n = len(array)
    validity, offsets, data = array.buffers()
    offsets = np.frombuffer(offsets, dtype=np.int32, count=n + 1, offset=array.offset * 4)
    data = np.frombuffer(data, dtype=np.uint8) if data is not None else np.empty(0, np.uint8)
    starts, lengths = offsets[:-1], np.diff(offsets)
    keys = np.zeros(n, dtype=np.uint64)
    for k in range(8):
        byte = np.zeros(n, dtype=np.uint64)
        has = lengths > k
        byte[has] = data[starts[has] + k]
        keys = (keys << np.uint64(8)) | byte
    if array.null_count:
        keys[~np.asarray(array.is_valid())] = np.iinfo(np.uint64).max
    return keys


def _cuts(keys: np.ndarray, part_rows: int) -> np.ndarray:
    """Keys where a new part starts: every ``part_rows``-th key in order (the rows of one key stay together)."""
    step = max(part_rows, -(-len(keys) // max_parts()))
    return np.unique(np.sort(keys)[step::step])


def max_parts() -> int:
    """``MAX_PARTS``, or fewer where the open-file limit is low (macOS's default soft limit is 256)."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAX_PARTS
    # Half the limit at most: the cache's memory maps, Prefect's and Dask's sockets need theirs too.
    return max(1, min(MAX_PARTS, soft // 2))


def _split(sources: list, load: Callable[[object], pa.Table], keys: list[np.ndarray], cuts: np.ndarray,
           folder: Path, schema: pa.Schema) -> Iterator[pa.Table]:
    """The rows of each part, in part order. One part: no files."""
    if len(cuts) == 0:
        tables = [load(source) for source in sources]
        sources.clear()
        yield pa.concat_tables(tables).combine_chunks() if tables else schema.empty_table()
        return
    paths = [folder / f"part-{i:05d}.arrow" for i in range(len(cuts) + 1)]
    with ExitStack() as stack:
        # The files opened here, not by Arrow's stream writer: its close() leaves a path's file open.
        sinks = [stack.enter_context(pa.OSFile(str(path), "wb")) for path in paths]
        writers = [stack.enter_context(pa.ipc.new_stream(sink, schema)) for sink in sinks]
        for source_keys in keys:
            source = load(sources.pop(0))
            if source.num_rows != len(source_keys):  # read twice: a cache file replaced in between
                raise RuntimeError("a cache file changed while the release was assembled; run again")
            part = np.searchsorted(cuts, source_keys, side="right")
            order = np.argsort(part, kind="stable")
            counts = np.bincount(part, minlength=len(paths))
            grouped = source.take(pa.array(order))
            del source  # a cache file's memory map goes with its last reference
            start = 0
            for index in np.flatnonzero(counts):
                writers[index].write_table(grouped.slice(start, int(counts[index])))
                start += int(counts[index])
    del writers, sinks
    keys.clear()
    for path in paths:
        with pa.OSFile(str(path)) as file, pa.ipc.open_stream(file) as reader:
            rows = reader.read_all()
        path.unlink()  # its disk space too: nothing holds it open
        yield rows
