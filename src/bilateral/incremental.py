"""Incremental builds: process only raw files whose bytes are new, reuse the rest.

Plain functions; ``flows/release.py`` runs ``process_batch`` as Prefect tasks,
``run`` calls them one after the other (``bilateral build --cache``, the benchmark).

- ``scan`` reads and hashes every raw file and decides the statuses that need
  the whole corpus in order (exact and near duplicates); it keeps no text. A
  file whose bytes an earlier scan decoded is not decoded again: its decoding
  facts and near-duplicate signature come from the cache (``bilateral.cache``).
- ``process_batch`` extracts the files of a batch the cache lacks and stores
  their results as one batch file under ``<root>/<code_fingerprint[:12]>``: a
  change to the package's code or data files (dictionaries included) starts a
  new, empty cache, so nothing computed by other code is reused. Keys are
  content hashes, never pickled frames.
- Deleted files need no handling: a run reads back only what its scan lists.
- Publishing only what changed (the checks are in ``bilateral.nochange``):
  ``survey`` first hashes the raw files alone (reading only files whose stat
  changed, ``bilateral.filehashes``) and stops when they and the code match the
  latest release's manifest (no decoding, no pandas); ``finish`` assembles and
  publishes unless the tables' Parquet bytes equal the latest release's (a code
  change with no effect on the output).

This module imports pandas and the pipeline only where a run gets past the
no-change check: a no-op rerun is a scan of hashes and a manifest read.
"""
from __future__ import annotations

import contextlib
import dataclasses
import itertools
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bilateral import cache, collector, filehashes, filememo, ingest, nochange, provenance

if TYPE_CHECKING:
    from bilateral import pipeline

BATCH_SIZE = 200
SIGN_AT_ONCE = 256  # texts signed together in a scan (``neardup.signatures``), or fewer holding SIGN_CHARS
SIGN_CHARS = 4_000_000
# One document at a time per process. Prefect's default runner runs batches in threads: they gain
# nothing from running extraction side by side (it is pure Python, under the GIL), and the first
# documents of each thread would each load the dictionaries, language model and gazetteer (their
# caches have no lock), which took a full-corpus flow run past 4 GB.
_EXTRACTING = threading.Lock()


@dataclass(frozen=True, slots=True)
class Entry:
    """One raw file as ingest saw it, without its text (slots: a run holds one per raw file)."""

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


def hash_raw(raw_root: Path, remembered: filehashes.Remembered | None = None) -> list[tuple[Path, ingest.IngestedFile]]:
    """Every raw file hashed, not decoded: (path, record). Enough for the input fingerprint, so a no-op
    rerun stops after this. With ``remembered``, a file unchanged since it was last hashed (same size,
    times and inode) is not read again, and the files read are recorded (``bilateral.filehashes``). A
    file that raises here is left for ``scan``, which records why."""
    hashed = []
    raw_root = Path(raw_root)
    for path in ingest.list_raw_files(raw_root):
        before, known = remembered.lookup(path) if remembered is not None else (None, None)
        if known is not None:
            source_file, size, sha256 = known
            hashed.append((path, ingest.IngestedFile(source_file=source_file, doc_id=ingest.doc_id_for(sha256),
                                                     sha256=sha256, n_bytes=size, status="ok")))
            continue
        try:
            record, _data = ingest.read_file(path, raw_root)
        except Exception as exc:  # noqa: BLE001  (scan reads it again and records the error)
            record = ingest.failed(path, raw_root, exc)
        if remembered is not None and record.status == "ok":
            remembered.remember(path, before, record.source_file, record.sha256)
        hashed.append((path, record))
    return hashed


def scan(raw_root: Path, cache_root: Path | None = None,
         hashed: list[tuple[Path, ingest.IngestedFile]] | None = None,
         remembered: filehashes.Remembered | None = None) -> list[Entry]:
    """Every raw file with its hash and ingest status, in ingest's order.

    Statuses are decided exactly as ``ingest.ingest`` decides them: exact and
    near duplicates over the whole corpus in order, so this step is sequential.
    With ``cache_root``, a usable file whose bytes an earlier scan decoded (same
    code) takes its decoding facts and near-duplicate signature from the cache
    instead of being decoded again; ``hashed`` (from ``hash_raw``) spares
    reading those files twice. A file with nothing to extract (empty, binary,
    duplicate, ...) is processed here at once (a row of metadata); texts are
    dropped as soon as they are signed.
    """
    from bilateral import neardup, pipeline  # noqa: PLC0415  (see the module docstring)

    raw_root = Path(raw_root)
    directory = cache_dir(cache_root) if cache_root is not None else None
    known, read, jaccards = cache.read_scan(directory) if directory is not None else ({}, None, {})
    signatures = neardup.Signatures(read)  # the rows known's facts name: those read, then those signed here
    learned = False
    statuses = ingest.CorpusStatuses(raw_root, jaccards)
    entries: list[Entry] = []
    # The usable files that are no duplicate, for the near-duplicate decisions: their entries' positions and
    # signatures' rows (-1: too short to sign), and those still to sign with their texts and decoding facts.
    usable, rows = array("q"), array("q")
    unsigned: list[tuple[int, str, tuple]] = []  # (position in usable, text, decoding facts)

    def sign() -> None:
        # The texts pending (up to SIGN_AT_ONCE of them, or SIGN_CHARS characters) signed at once, then dropped.
        try:
            found = neardup.signatures([text for _, text, _ in unsigned])
        except Exception:  # noqa: BLE001  (one at a time, so that only a text that cannot be signed fails)
            found = [_signed_alone(neardup, text) for _, text, _ in unsigned]
        for (k, _text, decoded), sig in zip(unsigned, found, strict=True):
            at = usable[k]
            if isinstance(sig, Exception):  # recorded as the per-file handler below records what breaks
                failed = ingest.failed(ingest.raw_path(raw_root, entries[at].source_file), raw_root, sig)
                entries[at], rows[k] = _entry(failed, pipeline), -1
                continue
            rows[k] = signatures.add(sig) if sig is not None else -1
            known[entries[at].sha256] = (*decoded, rows[k])
        unsigned.clear()

    pending_chars = 0
    items = hashed if hashed is not None else ((path, None) for path in ingest.list_raw_files(raw_root))
    for path, prior in items:
        text = None
        try:
            if prior is not None and prior.status == "ok" and prior.sha256 in known:
                record, data = prior, None  # read and hashed already, and decoded by an earlier scan
            else:
                # A file read here has its hash recorded (``remembered``), so that the next run's hash_raw
                # need not read it; this also mends a record that gave ``hashed`` a wrong hash.
                before = filehashes.regular_stat(path) if remembered is not None else None
                record, data = ingest.read_file(path, raw_root)
                if remembered is not None and record.status == "ok":
                    remembered.remember(path, before, record.source_file, record.sha256)
            facts = known.get(record.sha256) if record.status == "ok" else None
            if facts is not None:
                record.status, record.status_detail, record.encoding, row = facts
                statuses.decide_duplicate(record)
            else:
                if data is not None:
                    ingest.decode_into(record, data)
                decoded = (record.status, record.status_detail, record.encoding)
                statuses.decide_duplicate(record)
                row, text = None, record.text
        except Exception as exc:  # noqa: BLE001  (one bad file must not stop the run; the row says what broke)
            record = ingest.failed(path, raw_root, exc)
        entries.append(_entry(record, pipeline))
        if entries[-1].cached and record.status in ingest.USABLE:
            usable.append(len(entries) - 1)
            rows.append(-1 if row is None else row)
            if text is not None:
                unsigned.append((len(usable) - 1, text, decoded))
                pending_chars += len(text)
                learned = True
        record.text = ""
        if len(unsigned) >= SIGN_AT_ONCE or pending_chars >= SIGN_CHARS:
            sign()
            pending_chars = 0
    sign()
    files = [(at, row) for at, row in zip(usable, rows) if row >= 0]
    found = statuses.near_copies([(entries[at].source_file, entries[at].sha256) for at, _ in files],
                                 signatures.take([row for _, row in files]))
    for (at, _row), (match, score) in zip(files, found, strict=True):
        if match is not None:
            status, detail = statuses.near_status(entries[at].status, entries[at].status_detail, match, score)
            entries[at] = dataclasses.replace(entries[at], status=status, status_detail=detail)
    if directory is not None and (learned or statuses.jaccards_learned):
        current = {e.sha256 for e in entries if e.cached}
        cache.write_scan(directory, {sha: facts for sha, facts in known.items() if sha in current}, signatures,
                         statuses.jaccards)
    return entries


def _entry(record: ingest.IngestedFile, pipeline) -> Entry:
    """The record's entry; a file with nothing to extract (empty, binary, duplicate, ...) has its result at once."""
    if record.status in ingest.USABLE and record.doc_id == record.sha256[:16]:
        inline = None
    else:
        inline = cache.dumps(_fields(pipeline.process(record)))
    return Entry(record.source_file, record.sha256, record.n_bytes, record.status, record.status_detail, inline)


def _signed_alone(neardup, text: str):
    try:
        return neardup.signature(text)
    except Exception as exc:  # noqa: BLE001  (the file gets an error row, as any file that fails in the scan)
        return exc


def batches(entries: list[Entry], batch_size: int = BATCH_SIZE, have: set[str] | frozenset[str] | None = None
            ) -> list[list[Entry]]:
    """The files in batches of ``batch_size``, each file in exactly one batch.

    With ``have`` (the sha256s whose results the cache holds, ``cached_shas``), the files to extract are
    put together and every other file (its result cached, or made by the scan) goes into one batch first,
    which does no work: a rerun that changed 1% of a corpus then extracts two batches, not a file or two
    in each of a hundred (each a task of the flow, each storing a cache file of its own).
    """
    if have is None:
        return [entries[i:i + batch_size] for i in range(0, len(entries), batch_size)]
    todo, done = [], []
    for entry in entries:
        (todo if entry.cached and entry.sha256 not in have else done).append(entry)
    return ([done] if done else []) + [todo[i:i + batch_size] for i in range(0, len(todo), batch_size)]


def process_batch(raw_root: str | Path, entries: list[Entry], cache_root: str | Path,
                  code_fingerprint: str | None = None, have: set[str] | None = None) -> dict:
    """Extract the files of one batch whose results the cache lacks; return counts (results go to the cache).

    ``code_fingerprint``: the caller's; a worker running other code (a Dask worker of an older
    install, or a checkout edited mid-run) would file its results where the caller never looks.
    ``have``: the sha256s the cache holds, from a caller that runs the batches one after the other
    (``run``); this adds what it stores. Else the cache folder is listed (tasks run side by side).
    """
    import pyarrow as pa  # noqa: PLC0415  (see the module docstring)

    from bilateral import pipeline  # noqa: PLC0415

    check_code(code_fingerprint)
    raw_root, directory = Path(raw_root), cache_dir(Path(cache_root))
    directory.mkdir(parents=True, exist_ok=True)
    shared = have is not None
    have = have if shared else cache.cached_shas(directory)
    stats = {"files": 0, "bytes": 0, "processed": 0, "reused": 0, "mentions": 0}
    # Each result is made compact as soon as it is extracted: its line of JSON, its sentences (most of the
    # bytes) gathered as Arrow columns. A flow on Prefect's default runner has every batch in flight at once,
    # each waiting for the extraction lock with what it has done so far: as rows of dicts they took it past 1 GB.
    lines: dict[str, str] = {}
    sentences = pipeline.Columns("sentences", (pa.field("result", pa.string()),))
    with collector.fewer_collections():
        for entry in entries:
            stats["files"] += 1
            stats["bytes"] += entry.n_bytes
            if not entry.cached:
                continue
            if entry.sha256 in have or entry.sha256 in lines:
                stats["reused"] += 1
                continue
            record = ingest.ingest_file(raw_root / entry.source_file, raw_root)
            if record.sha256 != entry.sha256:
                raise RuntimeError(f"{entry.source_file} changed during the run; run again")
            # The result is computed from this file alone, so it is valid for any file with these bytes;
            # what depends on the other files (near_duplicate) is laid over it in load_results.
            with _EXTRACTING:
                result = pipeline.process(record)
            sentences.add([{**row, "result": entry.sha256} for row in result.sentences])
            lines[entry.sha256] = cache.dumps(_fields(result, ingest_status=record.status, sentences=[]))
            stats["processed"] += 1
            stats["mentions"] += len(result.mentions)
    if lines:
        # The sentences are stored as columns (``cache.read_rows``); if Arrow cannot type some as the
        # contract's, they all stay in their results' lines instead, for pandera to coerce or report.
        rows = sentences.arrow()
        if rows is None:
            lines = _with_sentences(lines, sentences.rows)
        cache.write_batch(directory, lines, rows)
        if shared:
            have.update(lines)
    return stats


def check_code(code_fingerprint: str | None) -> None:
    if code_fingerprint and code_fingerprint != provenance.code_fingerprint():
        raise RuntimeError("this worker runs other bilateral code than the flow (code fingerprints differ); "
                           "install the same version everywhere and run again")


def load_results(entries: Iterable[Entry], cache_root: Path) -> Iterator[pipeline.DocumentResult]:
    """The results of ``entries``, read back batch file by batch file (the tables sort their rows)."""
    directory = cache_dir(Path(cache_root))
    entries = list(entries)
    by_sha = {entry.sha256: entry for entry in entries if entry.cached}
    for sha, line in cache.read_batches(directory, set(by_sha)):
        entry = by_sha[sha]
        data = cache.loads(line)
        result = _result(data)
        document = result.document
        # The same bytes may now sit under another name, or be a near copy of a file added since.
        document["source_file"] = entry.source_file
        for mention in result.mentions:
            mention["source_file"] = entry.source_file
        if document["status"] == data["ingest_status"]:  # else extraction set its own (e.g. unsupported_language)
            document["status"], document["status_detail"] = entry.status, entry.status_detail
        yield result
    for entry in entries:
        if entry.inline is not None:
            yield _result(cache.loads(entry.inline))


def load_sentences(entries: Iterable[Entry], cache_root: Path) -> list:
    """The sentence rows of ``entries`` stored as columns: per batch file, a loader of its Arrow table
    (``cache.row_loaders``; ``pipeline.assemble`` reads them one at a time)."""
    return cache.row_loaders(cache_dir(Path(cache_root)), {entry.sha256 for entry in entries if entry.cached})


def _with_sentences(lines: dict[str, str], rows: list[dict]) -> dict[str, str]:
    """The result lines with their sentence rows (``rows``, each naming its result) put back in."""
    by_result: dict[str, list[dict]] = {sha: [] for sha in lines}
    for row in rows:
        by_result[row["result"]].append({k: v for k, v in row.items() if k != "result"})
    return {sha: cache.dumps({**cache.loads(line), "sentences": by_result[sha]}) for sha, line in lines.items()}


def _fields(result: pipeline.DocumentResult, sentences: list[dict] | None = None, **extra) -> dict:
    return {"document": result.document, "sentences": result.sentences if sentences is None else sentences,
            "mentions": result.mentions, **extra}


def _result(data: dict) -> pipeline.DocumentResult:
    from bilateral import pipeline  # noqa: PLC0415

    return pipeline.DocumentResult(data["document"], data["sentences"], data["mentions"])


def cached_shas(cache_root: Path) -> set[str]:
    """The content hashes whose results the cache holds (for this code)."""
    return cache.cached_shas(cache_dir(Path(cache_root)))


def prune(entries: Iterable[Entry], cache_root: Path, batch_size: int = BATCH_SIZE) -> int:
    """Drop cached results no current file refers to (deleted or edited files); see ``cache.prune``."""
    return cache.prune(cache_dir(Path(cache_root)), {e.sha256 for e in entries if e.cached}, batch_size)


# -- publishing only what changed ----------------------------------------------

@dataclass
class Outcome:
    published: str | None  # the new release's directory, or None when nothing changed
    reason: str
    row_counts: dict[str, int] | None = None


@dataclass
class Survey:
    """What a run has to do: the scan's entries, or why nothing (then ``entries`` is None, and
    ``row_counts`` are the latest release's)."""

    entries: list[Entry] | None
    reason: str | None
    files: int
    bytes: int
    row_counts: dict[str, int] | None = None


class EmptyRawError(RuntimeError):
    """The raw folder holds no file while the latest release has documents."""


def _refuse_empty(files: int, latest: dict | None, allow_empty: bool, raw_root: Path) -> None:
    # An unmounted disk usually leaves its mount point behind, empty: taken at its word, a run would
    # publish a release without a row as "latest" and prune the whole cache.
    documents = ((latest or {}).get("row_counts") or {}).get("documents", 0)
    if files == 0 and documents and not allow_empty:
        raise EmptyRawError(f"raw folder {raw_root} is empty, but the latest release ({latest['version']}) has "
                            f"{documents} documents: is a disk unmounted? Nothing was published (to publish an "
                            "empty release on purpose, run with allow_empty)")


def survey(raw_root: Path, out_root: Path, cache_root: Path, rehash: bool = False,
           allow_empty: bool = False) -> Survey:
    """Hash the raw files and stop if they and the code match the latest release; else scan them.

    The hashes alone give the input fingerprint, so a no-op rerun stats (or reads, when changed) each
    file once and decodes, signs and imports nothing more. Only when a release exists from this code
    is this worth a separate pass (the scan reuses it). ``rehash``: read and hash every file, trusting
    no recorded hash. An empty raw folder is refused (``EmptyRawError``) when the latest release has
    documents, unless ``allow_empty``.
    """
    if not Path(raw_root).is_dir():
        # A raw folder that is gone (an unmounted disk, a move in progress) is not a corpus with no files:
        # read as one, it would publish a release without a single row.
        raise FileNotFoundError(f"raw folder not found (or not a folder): {raw_root}")
    latest = nochange.latest_manifest(out_root)
    remembered = filehashes.Remembered(cache_root, raw_root, trust=not rehash)
    hashed = None
    if nochange.same_code(latest):
        hashed = hash_raw(raw_root, remembered)
        records = [record for _path, record in hashed]
        _refuse_empty(len(records), latest, allow_empty, raw_root)
        reason = nochange.unchanged(records, latest)
        if reason:
            remembered.save()
            return Survey(None, reason, len(records), sum(r.n_bytes for r in records), latest.get("row_counts"))
    entries = scan(raw_root, cache_root, hashed, remembered)
    _refuse_empty(len(entries), latest, allow_empty, raw_root)
    remembered.save()
    # A file that failed to read while hashing and reads now has another hash: compare again (only then:
    # with the same names and hashes, the answer is the one hashing gave).
    same_inputs = hashed is not None and len(entries) == len(hashed) and all(
        e.sha256 == r.sha256 and e.source_file == r.source_file for e, (_path, r) in zip(entries, hashed, strict=True))
    reason = None if same_inputs else nochange.unchanged(entries, latest)
    return Survey(None if reason else entries, reason, len(entries), sum(e.n_bytes for e in entries),
                  latest.get("row_counts") if reason else None)


def finish(entries: list[Entry], cache_root: Path, out_root: Path) -> Outcome:
    """Assemble the tables and publish them, unless the latest release already holds the same tables."""
    from bilateral import spill  # noqa: PLC0415  (see the module docstring)

    latest = nochange.latest_manifest(out_root)
    # A worker keeps the tables it publishes (``bilateral.filememo``): they are held whole anyway. Otherwise the
    # sentences, as big as the corpus, are sorted and written a part at a time in a folder of the cache.
    with contextlib.nullcontext() if filememo.keeping_now() else spill.workspace(Path(cache_root)) as spill_dir:
        return _assemble_and_publish(entries, cache_root, out_root, latest, spill_dir)


def _assemble_and_publish(entries: list[Entry], cache_root: Path, out_root: Path, latest: dict | None,
                          spill_dir: Path | None) -> Outcome:
    from bilateral import pipeline, publish, reuse  # noqa: PLC0415  (see the module docstring)

    # The unchanged documents' rows come from the latest release when it can serve them (``bilateral.reuse``).
    reused = reuse.from_release(out_root, latest, entries)
    if reused is None:
        tables = pipeline.assemble(load_results(entries, cache_root), load_sentences(entries, cache_root),
                                   spill_dir=spill_dir)
    else:
        fresh = [entry for entry in entries if entry.source_file not in reused.source_files]
        # The release's sentences (nearly the whole corpus) handed over, no reference kept here: the spill
        # lets each source go once it is split.
        release_sentences, reused.sentences = [reused.sentences], None
        tables = pipeline.assemble(load_results(fresh, cache_root),
                                   itertools.chain(load_sentences(fresh, cache_root), _handed_over(release_sentences)),
                                   [reused.documents], reused.mentions, spill_dir=spill_dir)
    counts = {name: len(frame) for name, frame in tables.items()}
    # With the latest release's code and other inputs, the documents table (every file's name and hash)
    # differs: no need to write the tables twice to compare them. Other code may give the same tables.
    comparable = latest is not None and (not nochange.same_code(latest) or nochange.unchanged(entries, latest))
    if comparable and nochange.tables_fingerprint(tables) == nochange.manifest_tables(latest):
        # e.g. a code change that did not change any output: the release stays as it is.
        return Outcome(None, f"no change: tables identical to release {latest['version']}", counts)
    # The inputs are every raw file: a documents row that validation rejected is not in the table, and a
    # fingerprint of the table would never match the next scan's (every rerun would publish again).
    published = publish.publish(tables, Path(out_root), input_fingerprint=nochange.input_fingerprint(entries))
    return Outcome(str(published), "published", counts)


def _handed_over(items: list) -> Iterator:
    while items:
        yield items.pop(0)


def run(raw_root: Path, out_root: Path, cache_root: Path | None = None, batch_size: int = BATCH_SIZE,
        on_batch: Callable[[dict], None] | None = None, rehash: bool = False, allow_empty: bool = False) -> Outcome:
    """An incremental release without Prefect, one batch after the other in this process."""
    cache_root = Path(cache_root) if cache_root else Path(out_root) / "cache"
    with collector.fewer_collections():
        found = survey(raw_root, out_root, cache_root, rehash, allow_empty)
        if found.entries is None:
            return Outcome(None, found.reason, found.row_counts)
        entries = found.entries
        have = set(cached_shas(cache_root))  # one listing of the cache for all batches, not one each
        for batch in batches(entries, batch_size, have):  # made before any batch adds to ``have``
            summary = process_batch(raw_root, batch, cache_root, have=have)
            if on_batch:
                on_batch(summary)
        outcome = finish(entries, cache_root, out_root)
        prune(entries, cache_root)
    return outcome
