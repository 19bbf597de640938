"""The incremental build's cache: per-document results and per-file scan facts, keyed by content hash.

Everything lives in ``<cache root>/<code_fingerprint[:12]>/``, so a change to
the code or its data files starts an empty cache. Keys are the sha256 of a raw
file's bytes; values are plain JSON and numpy arrays, never pickled frames.

- Results: one file per extracted batch, ``batch-<key>.jsonl``. Its first line
  lists the sha256 of the results in it, each further line is one result. One
  file per batch rather than per document: a 21,578-file corpus is read back
  from ~110 files instead of 21,578, and a worker writes one file per task.
  ``<key>`` hashes the listed sha256s, so two runners extracting the same batch
  write the same file. A file is written beside and renamed into place: a
  killed run never leaves half a file, at worst a batch to extract again.
- Rows: the bulk of a batch's results (its sentences, most of the bytes) as
  columns, ``batch-<key>.arrow`` (Arrow IPC), one row per table row plus a
  ``result`` column (the row's result, as its position in the batch's list).
  Written before its ``.jsonl``, which alone makes a batch count as cached: a
  run killed between the two leaves a stray ``.arrow``, pruned later. Read
  back as columns, memory-mapped: no JSON to parse, no Python object per row.
- Scan facts: ``scan.npz``, what decoding a usable file found (status, repairs,
  encoding) and its near-duplicate signature. A rerun reads and hashes every
  raw file but decodes and signs only the new ones.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bilateral import filememo

if TYPE_CHECKING:
    import numpy as np

BATCH_PREFIX, BATCH_SUFFIX, ROWS_SUFFIX = "batch-", ".jsonl", ".arrow"
SCAN_FILE = "scan.npz"
# Files are read back per batch file: their listed sha256s are read once per process and remembered by name
# (a name is the hash of its list, so a remembered list never goes stale).
_listed: dict[Path, tuple[list[str], bool]] = {}  # batch file -> (its sha256s, whether it has a rows file)
_held: dict[Path, tuple[frozenset[str], bool, frozenset[str]]] = {}  # (names, all batch files complete, sha256s)


# -- result lines: JSON, with dates as {"$date": "YYYY-MM-DD"} ------------------------

def _default(value):
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot store {type(value).__name__} in a result file")


def _hook(obj: dict):
    return dt.date.fromisoformat(obj["$date"]) if obj.keys() == {"$date"} else obj


def dumps(data: dict) -> str:
    """One line of JSON (JSON escapes every control character, so no newline inside)."""
    return json.dumps(data, default=_default, ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> dict:
    # The hook runs for every object (each sentence is one); only a text holding a date needs it.
    return json.loads(text, object_hook=_hook) if '"$date"' in text else json.loads(text)


# -- batch files -------------------------------------------------------------------

def _write_atomically(path: Path, data: bytes) -> None:
    temporary = _temporary(path)
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def batch_files(directory: Path, names: frozenset[str] | set[str] | None = None) -> list[Path]:
    """The complete batch files: a batch whose rows file is gone counts as not cached (it is extracted
    again, and ``prune`` removes it). ``names``: the folder's listing, when the caller has it."""
    names = _names(directory) if names is None else names
    return _complete(_all_batch_files(directory, names), names)


def _complete(candidates: list[Path], names: frozenset[str] | set[str]) -> list[Path]:
    return [path for path in candidates if not _header(path)[1] or _rows_path(path).name in names]


def _all_batch_files(directory: Path, names: frozenset[str] | set[str] | None = None) -> list[Path]:
    names = _names(directory) if names is None else names
    # Names sorted as text (the order of their paths in one folder): sorting the paths cost 0.1 s a run.
    return [directory / n for n in sorted(names) if n.startswith(BATCH_PREFIX) and n.endswith(BATCH_SUFFIX)]


def _names(directory: Path) -> set[str]:
    return set(os.listdir(directory)) if directory.is_dir() else set()


def listed(path: Path) -> list[str]:
    """The sha256s of the results in a batch file, in order."""
    return _header(path)[0]


def _header(path: Path) -> tuple[list[str], bool]:
    if path not in _listed:
        with path.open(encoding="utf-8") as handle:
            header = json.loads(handle.readline())
        _listed[path] = (header["results"], header["rows"])
    return _listed[path]


def cached_shas(directory: Path) -> frozenset[str]:
    """The sha256s of every result in ``directory``. Each batch task asks: the set is remembered for as long
    as the folder holds the same files (batch names hash their contents), and when files were only added
    since, just those are read (each extracted batch adds one: counting all ~110 again, per batch, took
    0.5 s of a 1% rerun). One listing of the folder tells."""
    names = frozenset(_names(directory))
    held_names, all_complete, held = _held.get(directory, (frozenset(), True, frozenset()))
    if names == held_names:
        return held
    if not (all_complete and held_names <= names):  # a file went, or one held back may be complete now
        held_names, held = frozenset(), frozenset()
    candidates = _all_batch_files(directory, names - held_names)
    files = _complete(candidates, names)
    held = held.union(sha for path in files for sha in listed(path))
    _held[directory] = (names, len(files) == len(candidates), held)
    return held


def write_batch(directory: Path, lines: dict[str, str], rows=None) -> Path:
    """Store results (sha256 -> one line of JSON) as one batch file; return it.

    ``rows``: an Arrow table of rows belonging to these results, with a ``result`` column holding each
    row's sha256 (stored as ``batch-<key>.arrow``, see the module docstring; ``read_rows`` reads it)."""
    shas = sorted(lines)
    key = hashlib.sha256("\n".join(shas).encode()).hexdigest()[:24]
    path = directory / f"{BATCH_PREFIX}{key}{BATCH_SUFFIX}"
    if rows is not None:
        _write_rows(_rows_path(path), rows, shas)
    header = {"results": shas, "rows": rows is not None}
    body = "\n".join([json.dumps(header, separators=(",", ":"))] + [lines[sha] for sha in shas]) + "\n"
    _write_atomically(path, body.encode("utf-8"))
    _listed[path] = (shas, rows is not None)
    return path


def _rows_path(batch: Path) -> Path:
    return batch.with_name(batch.name[:-len(BATCH_SUFFIX)] + ROWS_SUFFIX)


def _write_rows(path: Path, rows, shas: list[str]) -> None:
    import pyarrow as pa  # noqa: PLC0415  (a no-op rerun never writes: it must not pay for the import)
    import pyarrow.compute as pc  # noqa: PLC0415

    position = pc.index_in(rows["result"], value_set=pa.array(shas, pa.string()))
    if position.null_count:
        raise ValueError("rows of a result that is not in the batch")
    rows = rows.set_column(rows.schema.get_field_index("result"), "result", position.cast(pa.int32()))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, rows.schema) as writer:
        writer.write_table(rows)
    _write_atomically(path, sink.getvalue().to_pybytes())


def _read_rows(batch: Path):
    """The rows stored with a batch file, ``result`` as sha256 again; None when it has none."""
    import pyarrow as pa  # noqa: PLC0415

    if not _header(batch)[1]:
        return None
    table = pa.ipc.open_file(pa.memory_map(str(_rows_path(batch)))).read_all()
    shas = pa.array(listed(batch), pa.string())
    return table.set_column(table.schema.get_field_index("result"), "result", shas.take(table["result"]))


def read_rows(directory: Path, wanted: set[str]):
    """The stored rows of the wanted results, one Arrow table per batch file (``result`` column dropped);
    each result's rows once, from the first batch file that lists it, as ``read_batches`` reads lines."""
    for load in row_loaders(directory, wanted):
        table = load()
        if table is not None:
            yield table


def row_loaders(directory: Path, wanted: set[str]) -> list[Callable[[], object]]:
    """``read_rows``, deferred: one loader per batch file, returning its table (or None), for a caller that
    holds them all but reads one at a time (``bilateral.spill``). A table read from its memory-mapped file
    has every page of the file resident until the table is let go."""
    loaders, seen = [], set()
    for path in batch_files(directory):
        shas = listed(path)
        taken = {sha for sha in shas if sha in wanted and sha not in seen}
        if taken:
            seen |= taken
            loaders.append(functools.partial(_load_rows, path, None if len(taken) == len(shas) else frozenset(taken)))
    return loaders


def _load_rows(path: Path, taken: frozenset[str] | None):
    table = _read_rows(path)
    if table is None:
        return None
    return (table if taken is None else _rows_of_table(table, taken)).drop_columns(["result"])


def read_batches(directory: Path, wanted: set[str]):
    """(sha256, line) of every wanted result, batch file by batch file; each sha256 once."""
    seen: set[str] = set()
    for path in batch_files(directory):
        shas = listed(path)
        if wanted.isdisjoint(shas):
            continue
        with path.open(encoding="utf-8") as handle:
            handle.readline()
            for sha, line in zip(shas, handle, strict=True):
                if sha in wanted and sha not in seen:
                    seen.add(sha)
                    yield sha, line
    missing = wanted - seen
    if missing:
        raise RuntimeError(f"{len(missing)} results are missing from the cache in {directory} "
                           f"(e.g. {sorted(missing)[0]}); run again")


def prune(directory: Path, wanted: set[str], batch_size: int) -> int:
    """Drop results no current file refers to; return how many batch files were removed or rewritten.

    A file with no wanted result is deleted; one where a quarter or more is unwanted is rewritten with
    the rest. Each rerun adds a small file per batch that had something new: when there are more files
    than twice a fresh cache's, the small ones (under half a batch) are merged into full batches, so
    reading back stays a few file opens and the full files are not rewritten.
    """
    touched = 0
    complete = set(batch_files(directory))
    for path in _all_batch_files(directory):
        if path not in complete:  # its rows file is gone: it was not read, it is extracted again
            _remove(path)
            touched += 1
    if directory.is_dir():  # a rows file whose batch file never landed (a run killed between the two)
        for stray in directory.glob(f"{BATCH_PREFIX}*{ROWS_SUFFIX}"):
            if not stray.with_name(stray.name[:-len(ROWS_SUFFIX)] + BATCH_SUFFIX).exists():
                stray.unlink(missing_ok=True)
    for path in batch_files(directory):
        shas = listed(path)
        kept = [sha for sha in shas if sha in wanted]
        stale = len(shas) - len(kept)
        if stale == 0 or (kept and stale < len(shas) / 4):
            continue
        if kept:
            write_batch(directory, _lines_of(path, set(kept)), _rows_of([path], set(kept)))
        _remove(path)
        touched += 1
    files = batch_files(directory)
    if len(files) > 2 * -(-len(wanted) // batch_size) + 8:
        small = [path for path in files if len(listed(path)) < batch_size / 2]
        lines: dict[str, str] = {}
        for path in small:
            lines.update(_lines_of(path, wanted))
        shas = sorted(lines)
        rows = _rows_of(small, set(shas))
        fresh = set()
        for i in range(0, len(shas), batch_size):
            part = set(shas[i:i + batch_size])
            fresh.add(write_batch(directory, {sha: lines[sha] for sha in part}, _rows_of_table(rows, part)))
        for path in small:
            if path not in fresh:
                _remove(path)
        touched += len(small)
    return touched


def _lines_of(path: Path, keep: set[str]) -> dict[str, str]:
    with path.open(encoding="utf-8") as handle:
        handle.readline()
        return {sha: line.rstrip("\n") for sha, line in zip(listed(path), handle, strict=True) if sha in keep}


def _rows_of(paths: list[Path], keep: set[str]):
    """The stored rows of the kept results in these batch files, as one table; None when none has rows."""
    import pyarrow as pa  # noqa: PLC0415

    tables = list(_rows_by_file(paths, keep))
    return pa.concat_tables(tables) if tables else None


def _rows_by_file(paths: list[Path], keep: set[str]):
    """Per batch file with rows, the rows of its kept results; each result's rows from the first file that
    lists it only (two files listing a result hold the same result: it is keyed by content and code)."""
    seen: set[str] = set()
    for path in paths:
        shas = listed(path)
        taken = {sha for sha in shas if sha in keep and sha not in seen}
        if not taken:
            continue
        seen |= taken
        table = _read_rows(path)
        if table is not None:
            yield table if len(taken) == len(shas) else _rows_of_table(table, taken)


def _rows_of_table(rows, keep: set[str]):
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    if rows is None:
        return None
    return rows.filter(pc.is_in(rows["result"], value_set=pa.array(sorted(keep), pa.string())))


def _remove(path: Path) -> None:
    _rows_path(path).unlink(missing_ok=True)
    path.unlink(missing_ok=True)
    _listed.pop(path, None)


# -- scan facts ------------------------------------------------------------------

def read_scan(directory: Path) -> tuple[dict[str, tuple], np.ndarray | None, dict[tuple[str, str], float]]:
    """(sha256 -> (status, status_detail, encoding, row), signatures, jaccards) of usable files seen before:
    ``row`` is the file's near-duplicate signature in the ``signatures`` matrix (-1: none); ``jaccards``, the
    exact Jaccard of near-duplicate candidates computed before, by (sha256, sha256 of the earlier file)."""
    path = directory / SCAN_FILE
    kept = filememo.recall(path)  # a worker's own last scan, unchanged since (``bilateral.filememo``)
    if kept is not None:
        facts, signatures, jaccards = kept
        return dict(facts), signatures, dict(jaccards)  # the scan adds to both dicts
    if not path.exists():
        return {}, None, {}
    import numpy as np  # noqa: PLC0415

    try:
        with np.load(path, allow_pickle=False) as data:
            facts = {sha: (status, detail, encoding, row) for sha, status, detail, encoding, row
                     in json.loads(bytes(data["facts"]).decode("utf-8"))}
            signatures = data["signatures"]
            jaccards = {(a, b): float(v) for a, b, v in json.loads(bytes(data["jaccards"]).decode("utf-8"))}
        if any(fact[3] >= len(signatures) for fact in facts.values()):
            raise ValueError("a signature row past the matrix")
    except Exception:  # noqa: BLE001  (unreadable in any way, e.g. a zip flag flipped: the scan decodes all again)
        return {}, None, {}
    return facts, signatures, jaccards


def write_scan(directory: Path, known: dict[str, tuple], signatures, jaccards: dict[tuple[str, str], float]) -> None:
    """Store ``known`` and ``jaccards`` as ``read_scan`` reads them; each fact's ``row`` is its signature's in
    ``signatures`` (a ``neardup.Signatures``), or -1. Only the Jaccards of pairs both in ``known`` are kept."""
    import numpy as np  # noqa: PLC0415

    facts, rows = [], []
    for sha in sorted(known):
        status, detail, encoding, row = known[sha]
        if row >= 0:
            rows.append(row)
            row = len(rows) - 1
        facts.append([sha, status, detail, encoding, row])
    pairs = sorted([a, b, v] for (a, b), v in jaccards.items() if a in known and b in known)
    directory.mkdir(parents=True, exist_ok=True)
    # Written to the file as it is made (an in-memory zip was one more copy of the signatures).
    temporary = _temporary(directory / SCAN_FILE)
    matrix = signatures.take(rows)
    with temporary.open("wb") as handle:
        np.savez(handle, facts=np.frombuffer(json.dumps(facts).encode("utf-8"), dtype=np.uint8),
                 signatures=matrix, jaccards=np.frombuffer(json.dumps(pairs).encode("utf-8"), dtype=np.uint8))
    os.replace(temporary, directory / SCAN_FILE)
    # What read_scan would read back: the facts as tuples with their new rows, the Jaccards as floats by pair.
    filememo.keep(directory / SCAN_FILE, ({sha: tuple(fact) for sha, *fact in facts}, matrix,
                                          {(a, b): float(v) for a, b, v in pairs}))
