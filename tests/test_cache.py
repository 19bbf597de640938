"""The incremental cache's files: batches of results and scan facts, keyed by content hash."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from bilateral import cache, neardup


def _sha(i: int) -> str:
    return f"{i:064x}"


def _lines(*numbers: int) -> dict[str, str]:
    return {_sha(i): f'{{"n":{i}}}' for i in numbers}


def test_batch_round_trip_and_content_addressed_names(tmp_path: Path) -> None:
    first = cache.write_batch(tmp_path, _lines(3, 1, 2))
    again = cache.write_batch(tmp_path, _lines(1, 2, 3))
    assert first == again and cache.batch_files(tmp_path) == [first]  # same results, same file
    cache.write_batch(tmp_path, _lines(4))
    assert cache.cached_shas(tmp_path) == {_sha(i) for i in (1, 2, 3, 4)}
    read = dict(cache.read_batches(tmp_path, {_sha(2), _sha(4)}))
    assert {sha: line.strip() for sha, line in read.items()} == {_sha(2): '{"n":2}', _sha(4): '{"n":4}'}


def test_a_missing_result_is_an_error_not_a_silent_gap(tmp_path: Path) -> None:
    cache.write_batch(tmp_path, _lines(1))
    with pytest.raises(RuntimeError, match="missing from the cache"):
        list(cache.read_batches(tmp_path, {_sha(1), _sha(9)}))


def test_prune_deletes_stale_files_and_rewrites_mostly_stale_ones(tmp_path: Path) -> None:
    gone = cache.write_batch(tmp_path, _lines(1, 2))
    half = cache.write_batch(tmp_path, _lines(10, 11, 12, 13))
    few = cache.write_batch(tmp_path, _lines(*range(20, 30)))
    wanted = {_sha(10), _sha(11)} | {_sha(i) for i in range(20, 29)}  # 29 is stale, one in ten: left there
    assert cache.prune(tmp_path, wanted, batch_size=100) == 2
    files = cache.batch_files(tmp_path)
    assert gone not in files and half not in files and few in files
    assert cache.cached_shas(tmp_path) == wanted | {_sha(29)}
    assert {sha for sha, _line in cache.read_batches(tmp_path, wanted)} == wanted


def test_prune_merges_many_small_files_into_full_batches(tmp_path: Path) -> None:
    full = cache.write_batch(tmp_path, _lines(*range(100, 110)))
    for i in range(30):  # what thirty reruns adding one file each leave behind
        cache.write_batch(tmp_path, _lines(i))
    wanted = {_sha(i) for i in range(30) if i != 7} | {_sha(i) for i in range(100, 110)}
    cache.prune(tmp_path, wanted, batch_size=10)
    files = cache.batch_files(tmp_path)
    assert len(files) == 4 and full in files  # the full batch is left as it was
    assert cache.cached_shas(tmp_path) == wanted
    assert dict(cache.read_batches(tmp_path, {_sha(8)}))[_sha(8)].strip() == '{"n":8}'


def test_scan_facts_round_trip(tmp_path: Path) -> None:
    signatures = neardup.Signatures()
    unused = signatures.add(np.ones(64, dtype=np.uint64))  # a file no longer in the corpus: not stored
    signature = np.arange(64, dtype=np.uint64) * np.uint64(2**40)
    known = {_sha(1): ("ok", None, "utf-8", signatures.add(signature)),
             _sha(2): ("repaired", "decoded as cp1252", "cp1252", -1)}
    jaccards = {(_sha(2), _sha(1)): 0.8125, (_sha(3), _sha(1)): 0.9}  # _sha(3) is gone: its pair is not kept
    cache.write_scan(tmp_path, known, signatures, jaccards)
    read, matrix, read_jaccards = cache.read_scan(tmp_path)
    assert read_jaccards == {(_sha(2), _sha(1)): 0.8125}
    assert unused == 0 and len(matrix) == 1 and matrix.dtype == np.uint64
    assert read == {_sha(1): ("ok", None, "utf-8", 0), _sha(2): known[_sha(2)]}
    assert (neardup.Signatures(matrix)[read[_sha(1)][3]] == signature).all()


@pytest.mark.parametrize("content", [b"not an npz file", b"", b"PK\x03\x04 a zip cut short"])
def test_unreadable_scan_facts_mean_decoding_again(tmp_path: Path, content: bytes) -> None:
    (tmp_path / cache.SCAN_FILE).write_bytes(content)
    assert cache.read_scan(tmp_path) == ({}, None, {})


def _rows(*numbers: int) -> pa.Table:
    """Two rows per result, as the sentences of a batch are stored."""
    return pa.table({"result": [_sha(i) for i in numbers for _ in (0, 1)],
                     "value": [10 * i + k for i in numbers for k in (0, 1)]})


def _stored(directory: Path, wanted: set[str]) -> list[int]:
    tables = list(cache.read_rows(directory, wanted))
    assert all("result" not in t.column_names for t in tables)
    return sorted(v for t in tables for v in t["value"].to_pylist())


def test_rows_round_trip_only_wanted_results_once(tmp_path: Path) -> None:
    first = cache.write_batch(tmp_path, _lines(1, 2, 3), _rows(3, 1, 2))
    cache.write_batch(tmp_path, _lines(3, 4), _rows(3, 4))  # 3 again, as two runners may store it
    assert _stored(tmp_path, {_sha(1), _sha(3), _sha(4)}) == [10, 11, 30, 31, 40, 41]
    assert b"0000000000000003" not in first.with_suffix(".arrow").read_bytes()  # positions, not hashes
    with pytest.raises(ValueError, match="not in the batch"):
        cache.write_batch(tmp_path, _lines(5), _rows(6))


def test_prune_keeps_the_rows_of_what_it_keeps(tmp_path: Path) -> None:
    cache.write_batch(tmp_path, _lines(100, 101, 102, 103), _rows(100, 101, 102, 103))
    for i in range(30):
        cache.write_batch(tmp_path, _lines(i), _rows(i))
    wanted = {_sha(100), _sha(101)} | {_sha(i) for i in range(30) if i != 7}
    cache.prune(tmp_path, wanted, batch_size=10)  # rewrites the first, merges the small ones
    assert len(cache.batch_files(tmp_path)) == 4  # 31 results
    assert _stored(tmp_path, wanted) == sorted([1000, 1001, 1010, 1011] + [10 * i + k for i in range(30) if i != 7
                                                                            for k in (0, 1)])


def test_a_batch_whose_rows_file_is_gone_is_not_cached_and_strays_are_pruned(tmp_path: Path) -> None:
    kept = cache.write_batch(tmp_path, _lines(1), _rows(1))
    lost = cache.write_batch(tmp_path, _lines(2), _rows(2))
    lost.with_suffix(".arrow").unlink()
    stray = tmp_path / "batch-0123456789abcdef01234567.arrow"  # a run killed between the two files
    stray.write_bytes(kept.with_suffix(".arrow").read_bytes())
    assert cache.cached_shas(tmp_path) == {_sha(1)}  # 2 is extracted again
    cache.prune(tmp_path, {_sha(1), _sha(2)}, batch_size=10)
    assert not lost.exists() and not stray.exists() and kept.exists()


def test_cached_shas_follows_files_added_removed_and_completed(tmp_path: Path) -> None:
    """cached_shas reads only what was added since it last looked; anything else makes it count again."""
    first = cache.write_batch(tmp_path, _lines(1, 2), _rows(1, 2))
    assert cache.cached_shas(tmp_path) == {_sha(1), _sha(2)}
    cache.write_batch(tmp_path, _lines(3))
    assert cache.cached_shas(tmp_path) == {_sha(i) for i in (1, 2, 3)}  # added
    rows = first.with_suffix(".arrow")
    held_back = rows.read_bytes()
    rows.unlink()
    assert cache.cached_shas(tmp_path) == {_sha(3)}  # a rows file went: 1 and 2 are no longer cached
    rows.write_bytes(held_back)
    assert cache.cached_shas(tmp_path) == {_sha(i) for i in (1, 2, 3)}  # complete again
    lost = cache.write_batch(tmp_path, _lines(4), _rows(4))
    lost.with_suffix(".arrow").unlink()
    assert cache.cached_shas(tmp_path) == {_sha(i) for i in (1, 2, 3)}
    lost.with_suffix(".arrow").write_bytes(held_back)  # any rows file makes the batch count as complete
    cache.write_batch(tmp_path, _lines(5))
    assert cache.cached_shas(tmp_path) == {_sha(i) for i in (1, 2, 3, 4, 5)}  # the held-back one counts now
    first.unlink()
    assert cache.cached_shas(tmp_path) == {_sha(i) for i in (3, 4, 5)}
