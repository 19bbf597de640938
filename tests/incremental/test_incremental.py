"""Incremental runs: only new or changed files are extracted, and a release is published only on change."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import pyarrow as pa
import pyarrow.parquet as pq

from bilateral import cache, incremental, ingest, pipeline, provenance, spill, tableio, validate

TABLES = ("documents", "sentences", "mentions", "events", "rejects")


def _run(raw: Path, out: Path) -> tuple[incremental.Outcome, dict]:
    counts = {"processed": 0, "reused": 0}

    def count(summary: dict) -> None:
        for key in counts:
            counts[key] += summary[key]

    return incremental.run(raw, out, on_batch=count), counts


def _release_table(out: Path, name: str) -> pd.DataFrame:
    return tableio.read_table(out / "releases" / "latest" / f"{name}.parquet")


def _versions(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "releases").iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))


def _same_files(left: Path, right: Path) -> None:
    for name in TABLES:
        for suffix in (".parquet", ".csv"):
            assert (left / f"{name}{suffix}").read_bytes() == (right / f"{name}{suffix}").read_bytes(), name + suffix


def test_cached_build_gives_the_plain_build_bytes(corpus: Path, tmp_path: Path) -> None:
    pipeline.build(corpus, tmp_path / "plain")
    pipeline.build(corpus, tmp_path / "cold", cache_dir=tmp_path / "cache")
    processed = []
    pipeline.build(corpus, tmp_path / "warm", cache_dir=tmp_path / "cache", on_batch=lambda s: processed.append(s["processed"]))
    _same_files(tmp_path / "plain", tmp_path / "cold")
    _same_files(tmp_path / "plain", tmp_path / "warm")
    assert sum(processed) == 0  # every usable file came from the cache
    # The cache is keyed on the code: results live under the code fingerprint's directory.
    assert list((tmp_path / "cache").iterdir()) == [tmp_path / "cache" / provenance.code_fingerprint()[:12]]


def test_a_release_written_in_parts_has_the_plain_build_bytes(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """A release's sentences go through ``bilateral.spill``, here in parts of 2 rows and row groups of 3."""
    monkeypatch.setattr(spill, "PART_ROWS", 2)
    monkeypatch.setattr(tableio, "ROW_GROUP_ROWS", 3)
    pipeline.build(corpus, tmp_path / "plain")
    outcome = incremental.run(corpus, tmp_path / "out")
    released = Path(outcome.published)
    _same_files(tmp_path / "plain", released)
    assert pq.ParquetFile(released / "sentences.parquet").metadata.num_row_groups > 3
    assert not list((tmp_path / "out" / "cache").glob(spill.PREFIX + "*"))  # the parts are gone


def test_noop_rerun_publishes_nothing(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first, counts = _run(corpus, out)
    assert first.published and counts["processed"] == 4  # the duplicate and the empty file need no extraction
    second, counts = _run(corpus, out)
    assert second.published is None and second.reason.startswith("no change")
    assert counts == {"processed": 0, "reused": 0}  # stopped before any batch
    assert len(_versions(out)) == 1


def test_edited_file_changes_exactly_its_own_rows(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    before = {name: _release_table(out, name) for name in ("documents", "sentences", "mentions")}
    edited = corpus / "b" / "summit.txt"
    old_id = before["documents"].set_index("source_file").loc["b/summit.txt", "doc_id"]
    edited.write_text(edited.read_text() + "The chancellor visited Paris in June.\n", encoding="utf-8")
    outcome, counts = _run(corpus, out)
    assert outcome.published and counts["processed"] == 1 and counts["reused"] == 3
    after = {name: _release_table(out, name) for name in ("documents", "sentences", "mentions")}
    new_id = after["documents"].set_index("source_file").loc["b/summit.txt", "doc_id"]
    assert new_id != old_id
    for name, frame in before.items():
        kept_before = frame[frame["doc_id"] != old_id].reset_index(drop=True)
        kept_after = after[name][after[name]["doc_id"] != new_id].reset_index(drop=True)
        pd.testing.assert_frame_equal(kept_before, kept_after)
    assert len(after["mentions"][after["mentions"]["doc_id"] == new_id]) == 2  # the old visit and the new one
    assert len(_versions(out)) == 2


def test_deleted_file_leaves_the_next_release(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    documents = _release_table(out, "documents").set_index("source_file")
    visit_id, visit_sha = documents.loc["a/visit.txt", "doc_id"], documents.loc["a/visit.txt", "sha256"]
    assert visit_sha in incremental.cached_shas(out / "cache")
    (corpus / "a" / "visit.txt").unlink()
    outcome, counts = _run(corpus, out)
    assert outcome.published and counts["processed"] == 0
    for name in ("documents", "sentences", "mentions"):
        assert visit_id not in set(_release_table(out, name)["doc_id"])
    assert "a/visit.txt" not in set(_release_table(out, "documents")["source_file"])
    # Its cached result is pruned with it (a quarter of its batch file was stale: the file is rewritten).
    assert visit_sha not in incremental.cached_shas(out / "cache")
    directory = incremental.cache_dir(out / "cache")
    assert visit_sha.encode() not in b"".join(p.read_bytes() for p in directory.glob("batch-*"))
    stored = pa.concat_tables(cache.read_rows(directory, set(incremental.cached_shas(out / "cache"))))
    assert len(stored) and visit_id not in set(stored["doc_id"].to_pylist())  # nor its sentences


def test_renamed_file_reuses_its_result_under_the_new_name(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    shutil.move(corpus / "a" / "visit.txt", corpus / "a" / "visit-renamed.txt")
    outcome, counts = _run(corpus, out)
    assert outcome.published and counts["processed"] == 0
    assert set(_release_table(out, "mentions")["source_file"]) == {"a/visit-renamed.txt", "b/summit.txt"}
    pipeline.build(corpus, tmp_path / "plain")
    _same_files(tmp_path / "plain", out / "releases" / "latest")


def test_near_copy_added_later_gets_its_status_over_cached_results(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    text = (corpus / "c" / "storm.txt").read_text()
    (corpus / "d").mkdir()
    (corpus / "d" / "storm-again.txt").write_text(text.replace(". ", ".\n"), encoding="utf-8")  # same words, rewrapped
    outcome, counts = _run(corpus, out)
    assert outcome.published and counts["processed"] == 1
    statuses = _release_table(out, "documents").set_index("source_file")["status"]
    assert statuses["d/storm-again.txt"] == "near_duplicate"
    pipeline.build(corpus, tmp_path / "plain")
    _same_files(tmp_path / "plain", out / "releases" / "latest")


def test_code_change_invalidates_the_cache_but_publishes_only_changed_tables(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    # A new code fingerprint (what an edit of the extractor or a dictionary gives) means a new, empty cache ...
    monkeypatch.setattr(provenance, "code_fingerprint", lambda: "f" * 64)
    outcome, counts = _run(corpus, out)
    assert counts["processed"] == 4 and counts["reused"] == 0
    # ... and when the output is the same after all, no new version.
    assert outcome.published is None and "tables identical" in outcome.reason
    assert len(_versions(out)) == 1


def test_noop_rerun_only_hashes_the_raw_files(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    # A fresh interpreter, as a scheduled run is: the no-op check must not import pandas or decode a file.
    script = ("import sys\nfrom bilateral import incremental, ingest\n"
              "def boom(*args):\n    raise AssertionError('decoded on a no-op rerun')\n"
              "ingest.decode_into = boom\n"
              f"outcome = incremental.run({str(corpus)!r}, {str(out)!r})\n"
              "print(outcome.reason)\nprint(sorted(m for m in ('pandas', 'pandera', 'prefect', 'numpy') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    reason, modules = done.stdout.splitlines()
    assert reason.startswith("no change: inputs and code match") and modules == "[]"


def test_rerun_decodes_only_new_bytes_and_scans_as_ingest_does(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    text = (corpus / "c" / "storm.txt").read_text()
    (corpus / "d").mkdir()
    (corpus / "d" / "storm-again.txt").write_text(text.replace(". ", ".\n"), encoding="utf-8")  # a near copy
    (corpus / "d" / "latin.txt").write_bytes("Caf\xe9 owners in Paris met the mayor on Monday.\n".encode("cp1252"))
    decoded = []
    real = ingest.decode_into
    monkeypatch.setattr(ingest, "decode_into", lambda record, data: (decoded.append(record.source_file), real(record, data)))
    entries = incremental.scan(corpus, out / "cache", incremental.hash_raw(corpus))
    # Only the new files, those whose decoding is not kept (the empty one; the duplicate's bytes are known), and
    # the near copy and its earlier file, read again for their exact Jaccard (the scan keeps no text).
    assert sorted(decoded) == ["c/empty.txt", "c/storm.txt", "d/latin.txt", "d/storm-again.txt", "d/storm-again.txt"]
    monkeypatch.setattr(ingest, "decode_into", real)
    fresh = [(r.source_file, r.sha256, r.n_bytes, r.status, r.status_detail) for r in ingest.ingest(corpus)]
    assert [(e.source_file, e.sha256, e.n_bytes, e.status, e.status_detail) for e in entries] == fresh
    assert dict((e.source_file, e.status) for e in entries)["d/storm-again.txt"] == "near_duplicate"


def test_rerun_takes_known_near_copies_jaccard_from_the_cache(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """A near-copy pair whose bytes are unchanged is not read again for its exact Jaccard: the last scan's is
    kept by the two files' hashes, and gives the statuses ingest gives."""
    text = (corpus / "c" / "storm.txt").read_text()
    (corpus / "d").mkdir()
    (corpus / "d" / "storm-again.txt").write_text(text.replace(". ", ".\n"), encoding="utf-8")
    out = tmp_path / "out"
    incremental.scan(corpus, out / "cache", incremental.hash_raw(corpus))
    (corpus / "a-new.txt").write_text("A new file, unrelated to any other one in the corpus at all.", encoding="utf-8")
    decoded = []
    real = ingest.decode_into
    monkeypatch.setattr(ingest, "decode_into", lambda record, data: (decoded.append(record.source_file), real(record, data)))
    entries = incremental.scan(corpus, out / "cache", incremental.hash_raw(corpus))
    assert sorted(decoded) == ["a-new.txt", "c/empty.txt"]  # neither storm file
    monkeypatch.setattr(ingest, "decode_into", real)
    fresh = [(r.source_file, r.status, r.status_detail) for r in ingest.ingest(corpus)]
    assert [(e.source_file, e.status, e.status_detail) for e in entries] == fresh
    assert dict((e.source_file, e.status) for e in entries)["d/storm-again.txt"] == "near_duplicate"


def _near_copy(corpus: Path) -> None:
    text = (corpus / "c" / "storm.txt").read_text()
    (corpus / "d").mkdir(exist_ok=True)
    (corpus / "d" / "storm-again.txt").write_text(text.replace(". ", ".\n"), encoding="utf-8")


def test_texts_signed_a_few_at_a_time_give_the_statuses_ingest_gives(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """Texts are signed in groups bounded by their number and their size; the statuses do not depend on it."""
    _near_copy(corpus)
    monkeypatch.setattr(incremental, "SIGN_AT_ONCE", 2)
    monkeypatch.setattr(incremental, "SIGN_CHARS", 150)  # most groups end on size here
    entries = incremental.scan(corpus, tmp_path / "cache")
    fresh = [(r.source_file, r.sha256, r.status, r.status_detail) for r in ingest.ingest(corpus)]
    assert [(e.source_file, e.sha256, e.status, e.status_detail) for e in entries] == fresh


def test_a_text_that_cannot_be_signed_is_an_error_row_not_a_failed_run(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    from bilateral import neardup

    _near_copy(corpus)

    def signatures(texts):
        raise MemoryError("while signing a group")

    real = neardup.signature
    monkeypatch.setattr(neardup, "signatures", signatures)
    monkeypatch.setattr(neardup, "signature", lambda text: real(text) if "Summit" not in text else signatures([text]))
    entries = {e.source_file: e for e in incremental.scan(corpus, tmp_path / "cache")}
    assert entries["b/summit.txt"].status == "error" and "MemoryError" in entries["b/summit.txt"].status_detail
    assert not entries["b/summit.txt"].cached  # its row is in the scan's result: nothing to extract
    fresh = {r.source_file: r.status for r in ingest.ingest(corpus)}
    assert {name: e.status for name, e in entries.items() if name != "b/summit.txt"} == \
        {name: status for name, status in fresh.items() if name != "b/summit.txt"}
    assert entries["d/storm-again.txt"].status == "near_duplicate"


def test_an_exact_jaccard_that_fails_names_no_near_copy_and_stops_nothing(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """A candidate whose exact Jaccard cannot be computed (out of memory on a huge text, say) is no match, on the
    streaming path and in the scan alike; the run goes on."""
    from bilateral import neardup

    _near_copy(corpus)

    def jaccard(a, b):
        raise MemoryError("jaccard")
    monkeypatch.setattr(neardup, "jaccard", jaccard)
    entries = incremental.scan(corpus, tmp_path / "cache")
    fresh = [(r.source_file, r.status, r.status_detail) for r in ingest.ingest(corpus)]
    assert [(e.source_file, e.status, e.status_detail) for e in entries] == fresh
    assert dict((e.source_file, e.status) for e in entries)["d/storm-again.txt"] == "ok"


def test_a_file_changed_since_the_scan_read_it_is_no_near_copy_to_name(corpus: Path) -> None:
    """Read again for an exact Jaccard, a file must still have the bytes it was scanned with."""
    statuses = ingest.CorpusStatuses(corpus)
    record = ingest.ingest_file(corpus / "c" / "storm.txt", corpus)
    assert statuses._read_shingles("c/storm.txt", record.sha256) is not None
    assert statuses._read_shingles("c/storm.txt", "0" * 64) is None


def test_sentences_arrow_cannot_type_stay_in_their_results_lines(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """A sentence value of another type than the contract's (here a float offset) is not truncated into the
    cached columns: the batch keeps its sentences in the JSON lines, and pandera sees them as they were."""
    real = pipeline.process

    def with_a_float(record):
        result = real(record)
        if result.sentences:
            result.sentences[0] = {**result.sentences[0], "start": 0.5}
        return result

    monkeypatch.setattr(pipeline, "process", with_a_float)
    out = tmp_path / "out"
    with pytest.raises(validate.SchemaContractError, match="'start'"):  # a schema failure publishes nothing
        incremental.run(corpus, out)
    directory = incremental.cache_dir(out / "cache")
    assert not list(directory.glob("batch-*.arrow"))
    lines = [line for path in directory.glob("batch-*.jsonl") for line in path.read_text().splitlines()[1:]]
    assert any('"start":0.5' in line for line in lines)


def test_documents_are_extracted_with_fewer_collections(tmp_path, monkeypatch):
    import gc  # noqa: PLC0415

    from bilateral import collector  # noqa: PLC0415

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Pakistan and Azerbaijan signed a trade agreement in Baku on 3 May 2019.\n", encoding="utf-8")
    before, thresholds = gc.get_threshold(), []
    extract = pipeline.process
    monkeypatch.setattr(pipeline, "process", lambda record: thresholds.append(gc.get_threshold()[0]) or extract(record))
    incremental.run(raw, tmp_path / "out")  # the plain run, as `bilateral release` without Prefect
    incremental.process_batch(raw, incremental.scan(raw), tmp_path / "cache")  # a flow's batch task
    pipeline.build(raw, tmp_path / "built")  # `bilateral build` without a cache
    assert len(thresholds) == 3 and min(thresholds) >= collector.YOUNG_THRESHOLD
    assert gc.get_threshold() == before


def test_a_missing_raw_folder_is_an_error_not_an_empty_release(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    incremental.run(corpus, out)
    corpus.rename(tmp_path / "moved")
    with pytest.raises(FileNotFoundError, match="raw folder not found"):
        incremental.run(corpus, out)
    assert _versions(out) == [_versions(out)[0]]  # nothing published without the folder


def test_batches_put_the_files_to_extract_together(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    incremental.run(corpus, out)
    for name in ("a/visit.txt", "c/storm.txt"):  # two edits far apart in the corpus's order
        (corpus / name).write_text((corpus / name).read_text() + "More talks are planned.\n", encoding="utf-8")
    entries = incremental.scan(corpus, out / "cache")
    have = incremental.cached_shas(out / "cache")
    batches = incremental.batches(entries, batch_size=2, have=have)
    assert [len(batch) for batch in batches] == [len(entries) - 2, 2]  # the no-work batch first
    assert {entry.source_file for entry in batches[1]} == {"a/visit.txt", "c/storm.txt"}
    assert sorted(e.source_file for batch in batches for e in batch) == sorted(e.source_file for e in entries)
    assert [len(b) for b in incremental.batches(entries, batch_size=2)] == [2, 2, 2]  # without the cache: in order
    summaries = [incremental.process_batch(corpus, batch, out / "cache") for batch in batches]
    assert [s["processed"] for s in summaries] == [0, 2]


def test_a_rejected_documents_row_does_not_make_every_rerun_publish(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """The manifest's input fingerprint covers every raw file, the one whose row validation rejected too."""
    extract = pipeline._extract

    def with_a_bad_date(record, document):  # a row a contract check rejects (fault injection)
        result = extract(record, document)
        if "REJECTME" in record.text:
            result.document["published_date"] = "not-a-date"
        return result

    monkeypatch.setattr(pipeline, "_extract", with_a_bad_date)
    (corpus / "r.txt").write_text("Talks\n\nREJECTME. Iran and Iraq signed an agreement on Monday.\n", encoding="utf-8")
    out = tmp_path / "out"
    first = incremental.run(corpus, out)
    assert first.published and first.row_counts["rejects"] >= 1
    again = incremental.run(corpus, out)
    assert again.published is None and again.reason.startswith("no change")
    (corpus / "r.txt").unlink()  # the rejected file goes: its reject goes with it
    third = incremental.run(corpus, out)
    assert third.published and third.row_counts["rejects"] == 0


def test_an_emptied_raw_folder_is_refused_while_the_release_has_documents(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    incremental.run(corpus, out)
    held = incremental.cached_shas(out / "cache")
    corpus.rename(tmp_path / "elsewhere")
    corpus.mkdir()  # an unmounted disk leaves its mount point, empty
    with pytest.raises(incremental.EmptyRawError, match="is empty, but the latest release"):
        incremental.run(corpus, out)
    assert len(_versions(out)) == 1 and incremental.cached_shas(out / "cache") == held  # nothing published or pruned
    emptied = incremental.run(corpus, out, allow_empty=True)  # on purpose
    assert emptied.published and emptied.row_counts["documents"] == 0
