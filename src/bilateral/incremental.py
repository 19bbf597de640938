"""Incremental builds: process only raw files whose bytes are new, reuse the rest.

Plain functions; ``flows/release.py`` runs ``process_batch`` as Prefect tasks,
``run`` calls them one after the other (``bilateral build --cache``, the benchmark).

- ``scan`` runs ``ingest.ingest`` (hashes, statuses, exact and near duplicates:
  decided over the whole corpus, in order) and keeps no text.
- ``process_batch`` extracts a batch of files. The result of a usable file is
  stored as ``<cache>/<sha256>.json``, where ``<cache>`` is
  ``<root>/<code_fingerprint[:12]>``: a change to the package's code or data
  files (dictionaries included) starts a new, empty cache, so nothing computed
  by other code is reused. Keys are content hashes, never pickled frames.
- Deleted files need no handling: a run reads back only what its scan lists.
- Publishing only what changed: ``unchanged`` stops a run whose inputs and code
  match the latest release's manifest before any extraction; ``finish``
  assembles and publishes unless the tables' Parquet bytes equal the latest
  release's (a code change with no effect on the output).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bilateral import ingest, pipeline, provenance, publish, tableio

BATCH_SIZE = 200


@dataclass(frozen=True)
class Entry:
    """One raw file as ingest saw it, without its text."""

    source_file: str
    sha256: str
    n_bytes: int
    status: str
    status_detail: str | None
    inline: str | None = None  # the result of a file with no text to extract, as JSON; else it is in the cache

    @property
    def cached(self) -> bool:
        return self.inline is None


def cache_dir(cache_root: Path) -> Path:
    return Path(cache_root) / provenance.code_fingerprint()[:12]


def scan(raw_root: Path) -> list[Entry]:
    """Every raw file with its hash and ingest status, in ingest's order.

    This runs ``ingest.ingest`` itself: exact and near duplicates are decided
    over the whole corpus in order, so this step is sequential and not cached.
    A file with nothing to extract (empty, binary, duplicate, ...) is processed
    here at once (a row of metadata); texts are dropped as soon as hashed.
    """
    entries = []
    for record in ingest.ingest(Path(raw_root)):
        usable = record.status in ingest.USABLE and record.doc_id == record.sha256[:16]
        inline = None if usable else to_json(pipeline.process(record))
        entries.append(Entry(record.source_file, record.sha256, record.n_bytes, record.status, record.status_detail, inline))
    return entries


def batches(entries: list[Entry], batch_size: int = BATCH_SIZE) -> list[list[Entry]]:
    """Batches of the files to extract (the cached ones need no work)."""
    return [entries[i:i + batch_size] for i in range(0, len(entries), batch_size)]


def process_batch(raw_root: str | Path, entries: list[Entry], cache_root: str | Path,
                  code_fingerprint: str | None = None) -> dict:
    """Extract the files of one batch whose results the cache lacks; return counts (results go to the cache).

    ``code_fingerprint``: the caller's; a worker running other code (a Dask worker of an older
    install, or a checkout edited mid-run) would file its results where the caller never looks.
    """
    check_code(code_fingerprint)
    raw_root, directory = Path(raw_root), cache_dir(Path(cache_root))
    directory.mkdir(parents=True, exist_ok=True)
    stats = {"files": 0, "bytes": 0, "processed": 0, "reused": 0, "mentions": 0}
    for entry in entries:
        stats["files"] += 1
        stats["bytes"] += entry.n_bytes
        path = directory / f"{entry.sha256}.json"
        if not entry.cached:
            continue
        if path.exists():
            stats["reused"] += 1
            continue
        record = ingest.ingest_file(raw_root / entry.source_file, raw_root)
        if record.sha256 != entry.sha256:
            raise RuntimeError(f"{entry.source_file} changed during the run; run again")
        # The result is computed from this file alone, so it is valid for any file with these bytes;
        # what depends on the other files (near_duplicate) is laid over it in load_results.
        result = pipeline.process(record)
        write_result(path, result, record.status)
        stats["processed"] += 1
        stats["mentions"] += len(result.mentions)
    return stats


def check_code(code_fingerprint: str | None) -> None:
    if code_fingerprint and code_fingerprint != provenance.code_fingerprint():
        raise RuntimeError("this worker runs other bilateral code than the flow (code fingerprints differ); "
                           "install the same version everywhere and run again")


def load_results(entries: Iterable[Entry], cache_root: Path) -> Iterator[pipeline.DocumentResult]:
    """The results of ``entries``, read back one by one."""
    directory = cache_dir(Path(cache_root))
    for entry in entries:
        if entry.inline is not None:
            yield from_json(entry.inline)
            continue
        result, ingest_status = read_result(directory / f"{entry.sha256}.json")
        document = result.document
        # The same bytes may now sit under another name, or be a near copy of a file added since.
        document["source_file"] = entry.source_file
        for mention in result.mentions:
            mention["source_file"] = entry.source_file
        if document["status"] == ingest_status:  # else extraction set its own (e.g. unsupported_language)
            document["status"], document["status_detail"] = entry.status, entry.status_detail
        yield result


def input_fingerprint(entries: Iterable[Entry]) -> str:
    """``provenance.input_fingerprint`` computed from the scan, without assembling the documents table."""
    pairs = [(e.source_file, e.sha256) for e in entries]
    return provenance.input_fingerprint(pd.DataFrame(pairs, columns=["source_file", "sha256"]))


# -- result files ----------------------------------------------------------

def _default(value):
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot store {type(value).__name__} in a result file")


def _hook(obj: dict):
    return dt.date.fromisoformat(obj["$date"]) if obj.keys() == {"$date"} else obj


def to_json(result: pipeline.DocumentResult, **extra) -> str:
    return json.dumps({"document": result.document, "sentences": result.sentences, "mentions": result.mentions, **extra},
                      default=_default, ensure_ascii=False, separators=(",", ":"))


def from_json(text: str) -> pipeline.DocumentResult:
    data = json.loads(text, object_hook=_hook)
    return pipeline.DocumentResult(data["document"], data["sentences"], data["mentions"])


def write_result(path: Path, result: pipeline.DocumentResult, ingest_status: str) -> None:
    # Written beside and renamed: a killed run or a concurrent worker never leaves half a file.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(to_json(result, ingest_status=ingest_status), encoding="utf-8")
    os.replace(temporary, path)


def read_result(path: Path) -> tuple[pipeline.DocumentResult, str]:
    text = path.read_text(encoding="utf-8")
    return from_json(text), json.loads(text)["ingest_status"]


def prune(entries: Iterable[Entry], cache_root: Path) -> int:
    """Delete cached results no current file refers to (deleted or edited files); return how many."""
    keep = {f"{e.sha256}.json" for e in entries if e.cached}
    removed = 0
    for path in cache_dir(Path(cache_root)).glob("*.json"):
        if path.name not in keep:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


# -- publishing only what changed ----------------------------------------------

def latest_manifest(out_root: Path) -> dict | None:
    path = publish.releases_dir(Path(out_root)) / "latest" / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def tables_fingerprint(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """sha256 of each table's Parquet bytes, as ``publish`` would write them (same writer, same bytes)."""
    digests = {}
    for name, frame in tables.items():
        buffer = io.BytesIO()
        tableio.write_parquet(name, frame, buffer)
        digests[f"{name}.parquet"] = hashlib.sha256(buffer.getvalue()).hexdigest()
    return digests


def _manifest_tables(manifest: dict) -> dict[str, str]:
    return {f["path"]: f["sha256"] for f in manifest.get("files", []) if f["path"].endswith(".parquet") and "/" not in f["path"]}


@dataclass
class Outcome:
    published: str | None  # the new release's directory, or None when nothing changed
    reason: str
    row_counts: dict[str, int] | None = None


def unchanged(entries: list[Entry], out_root: Path) -> str | None:
    """Why nothing needs doing, when the latest release was made from these inputs by this code; else None.

    The build is deterministic, so equal inputs and code mean equal tables:
    the run can stop before extracting or assembling anything.
    """
    latest = latest_manifest(out_root)
    if latest is None or latest.get("code_version", {}).get("code_fingerprint") != provenance.code_fingerprint():
        return None
    if latest.get("input_fingerprint") != input_fingerprint(entries):
        return None
    return f"no change: inputs and code match release {latest['version']}"


def finish(entries: list[Entry], cache_root: Path, out_root: Path) -> Outcome:
    """Assemble the tables and publish them, unless the latest release already holds the same tables."""
    latest = latest_manifest(out_root)
    tables = pipeline.assemble(load_results(entries, cache_root))
    counts = {name: len(frame) for name, frame in tables.items()}
    if latest is not None and tables_fingerprint(tables) == _manifest_tables(latest):
        # e.g. a code change that did not change any output: the release stays as it is.
        return Outcome(None, f"no change: tables identical to release {latest['version']}", counts)
    return Outcome(str(publish.publish(tables, Path(out_root))), "published", counts)


def run(raw_root: Path, out_root: Path, cache_root: Path | None = None, batch_size: int = BATCH_SIZE,
        on_batch: Callable[[dict], None] | None = None) -> Outcome:
    """An incremental release without Prefect, one batch after the other in this process."""
    cache_root = Path(cache_root) if cache_root else Path(out_root) / "cache"
    entries = scan(raw_root)
    reason = unchanged(entries, out_root)
    if reason:
        return Outcome(None, reason, latest_manifest(out_root).get("row_counts"))
    for batch in batches(entries, batch_size):
        summary = process_batch(raw_root, batch, cache_root)
        if on_batch:
            on_batch(summary)
    outcome = finish(entries, cache_root, out_root)
    prune(entries, cache_root)
    return outcome
