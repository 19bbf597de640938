"""Rows of the latest release reused for the documents a rerun did not change (``incremental.finish``).

A rerun used to read every document's result back from the cache, a line of
JSON each (a third of a second on Reuters-21578, whatever the change). The
latest release already holds those rows, validated. They are taken from it for
a document when all of these hold, and read from the cache otherwise:

- the release was made by this code (the manifest's code fingerprint), and
  its Parquet files still have the sha256 its manifest lists;
- it has no rejects: a rejected row is missing from its table, so the table
  alone does not give that document's rows;
- its tables have the contract's Arrow schemas (a new pyarrow could read them
  back otherwise; the code fingerprint covers this package, not its libraries);
- the document's raw file was extracted (not a duplicate, an empty file or an
  error: those rows are made from the scan, at no cost) and has the same name,
  hash, ``doc_id`` and status in the scan as in the release's documents table.
  The rows of an extracted file depend only on its bytes, its name and the
  status the scan gives it (near copies, decided against the other files), so
  equal inputs mean equal rows. A status that extraction set (a language the
  extractor does not read, an extraction error) is not the scan's: such a
  document is reused whatever the scan says, as ``incremental.load_results``
  would also give it that status.

The reused rows go through the same assembly and the same validation as rows
read from the cache, so the tables are the ones a full read gives (tested, to
the byte, on random edits).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from bilateral import contract, filememo, nochange
from bilateral.ingest import doc_id_for
from bilateral.pipeline import EXTRACTION_STATUSES

TABLES = ("documents", "sentences", "mentions")


@dataclass
class Reused:
    """The latest release's rows of the documents that did not change."""

    source_files: frozenset[str]  # the raw files whose rows these are
    documents: pa.Table
    sentences: pa.Table | None  # None once handed over to the assembly (``incremental``)
    mentions: list[dict]  # as rows: mentions are assembled from rows (``dedup.assign_ids``)


def from_release(out_root: Path, latest: dict | None, entries: list) -> Reused | None:
    """The reusable rows of the latest release for ``entries`` (the scan's), or None when it cannot serve."""
    if not nochange.same_code(latest) or (latest.get("row_counts") or {}).get("rejects", 1) != 0:
        return None
    folder = Path(out_root) / "releases" / latest["version"]
    expected = nochange.manifest_tables(latest)
    try:
        tables = {name: _read(folder / f"{name}.parquet", expected.get(f"{name}.parquet")) for name in TABLES}
    except (OSError, ValueError, pa.ArrowException):
        return None  # gone, edited or damaged: everything is read from the cache
    if any(table is None or not table.schema.equals(contract.arrow_schema(name)) for name, table in tables.items()):
        return None
    documents = tables.pop("documents")
    clean = _unchanged(documents, entries)
    if not clean:
        return None
    # Filtered by what is dropped, a few hundred ids on a rerun, not by the thousands kept.
    dropped = pc.invert(pc.is_in(documents["source_file"], value_set=pa.array(sorted(clean), pa.string())))
    dropped_ids = pa.array(sorted(set(documents.filter(dropped)["doc_id"].to_pylist())), pa.string())
    documents = documents.filter(pc.invert(dropped))
    kept = {}
    for name in ("sentences", "mentions"):  # each release table dropped once filtered: a table is one copy at a time
        table = tables.pop(name)
        kept[name] = table.filter(pc.invert(pc.is_in(table["doc_id"], value_set=dropped_ids)))
        del table
    return Reused(frozenset(clean), documents, kept["sentences"], kept["mentions"].to_pylist())


def _read(path: Path, sha256: str | None) -> pa.Table | None:
    """The table in ``path`` when its bytes have ``sha256``; the bytes hashed are the bytes read (one map)."""
    if sha256 is None:
        return None
    kept = filememo.recall(path)  # as a worker wrote it, the file unchanged since (``bilateral.filememo``)
    if kept is not None:
        return kept
    with pa.memory_map(str(path)) as mapped:
        data = mapped.read_buffer()
        if hashlib.sha256(data).hexdigest() != sha256:
            return None
        return pq.read_table(pa.BufferReader(data))


def _unchanged(documents: pa.Table, entries: list) -> set[str]:
    """The source files of extracted entries whose documents row the release has as the scan would make it."""
    by_name = {entry.source_file: entry for entry in entries if entry.cached}
    columns = [documents[name].to_pylist() for name in ("source_file", "sha256", "doc_id", "status", "status_detail")]
    clean = set()
    for source_file, sha256, doc_id, status, detail in zip(*columns, strict=True):
        entry = by_name.get(source_file)
        if entry is None or entry.sha256 != sha256 or doc_id != doc_id_for(sha256):
            continue
        if status in EXTRACTION_STATUSES or (status, detail) == (entry.status, entry.status_detail):
            clean.add(source_file)
    return clean
