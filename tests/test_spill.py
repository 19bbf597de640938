"""The sentences sorted, validated and written in parts give the bytes of the whole table written at once."""
from __future__ import annotations

import os
import random
import socket
import subprocess
import sys

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilateral import pipeline, spill, tableio, validate


def _random_rows(rng: random.Random, n: int) -> list[dict]:
    """Sentence rows as the pipeline makes them, with ties, ids that are not hex, and a few invalid rows."""
    ids = ["%016x" % rng.getrandbits(64) for _ in range(max(1, n // 4))] + ["a", "a0", "a00", "zz.x", "0"]
    rows = []
    for _ in range(n):
        start = rng.randint(0, 500)
        rows.append({"doc_id": rng.choice(ids), "sentence_index": rng.randint(0, 6), "start": start,
                     "end": start + rng.randint(0, 40), "text": rng.choice(["", "x", "=1+1", "a;b", "é\n\"q\""])})
    for row in rng.sample(rows, k=min(3, n)):  # rejected by the schema's row checks
        row.update(rng.choice([{"start": -1}, {"doc_id": "Not-An-Id"}, {"sentence_index": -2, "doc_id": "BAD"}]))
    return rows


def _whole(rows_by_source: list[list[dict]], folder) -> tuple[bytes, bytes, list]:
    columns = pipeline.Columns("sentences")
    for rows in rows_by_source:
        columns.add_table(pipeline.typed_table("sentences", rows))
    valid, rejects = validate.validate_table("sentences", columns.frame(pipeline.SENTENCE_ORDER))
    tableio.write_table("sentences", valid, folder)
    return (folder / "sentences.parquet").read_bytes(), (folder / "sentences.csv").read_bytes(), rejects.values.tolist()


@pytest.mark.parametrize("seed", range(12))
def test_parts_give_the_bytes_of_the_whole_table(tmp_path, seed, monkeypatch):
    monkeypatch.setattr(tableio, "ROW_GROUP_ROWS", 16)  # several row groups, cut across parts
    rng = random.Random(seed)
    sources = [_random_rows(rng, rng.randint(0, 60)) for _ in range(rng.randint(1, 6))]
    (tmp_path / "whole").mkdir()
    expected = _whole(sources, tmp_path / "whole")
    tables = [pipeline.typed_table("sentences", rows) for rows in sources]
    # Half the sources as loaders, as the cache gives them; None is a batch file without rows.
    loaders = [table if i % 2 else (lambda table=table: table) for i, table in enumerate(tables)] + [lambda: None]
    columns = pipeline.Columns("sentences")
    for source in loaders:
        columns.add_table(source)
    chunks = columns.take_chunks()
    spilled, rejects = spill.sort_validate_write("sentences", chunks, pipeline.SENTENCE_ORDER, tmp_path,
                                                 load=columns.contract_table, part_rows=rng.choice([1, 5, 13, 1000]))
    assert chunks == []  # every source let go
    assert (spilled.parquet.read_bytes(), spilled.csv.read_bytes(), rejects.values.tolist()) == expected
    assert len(spilled) == pq.ParquetFile(tmp_path / "whole" / "sentences.parquet").metadata.num_rows
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sentences.csv", "sentences.parquet", "whole"]  # parts removed


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=30))
def test_prefix_keys_order_rows_as_the_strings_sort(values):
    keys = spill._prefix_keys(pa.array(values, pa.string()))
    encoded = [v.encode() for v in values]
    for i in range(len(values)):
        for j in range(len(values)):
            if encoded[i] < encoded[j]:
                assert keys[i] <= keys[j], (values[i], values[j])


def test_prefix_keys_of_a_slice_and_of_nulls():
    array = pa.array(["zz", None, "ab", "abcdefghij"], pa.string())
    keys = spill._prefix_keys(array.slice(1))
    assert keys[0] == np.iinfo(np.uint64).max  # null sorts last
    assert keys[1] == int.from_bytes(b"ab".ljust(8, b"\0"), "big")
    assert keys[2] == int.from_bytes(b"abcdefgh", "big")


def test_rows_of_one_key_stay_in_one_part():
    cuts = spill._cuts(np.array([5, 1, 5, 5, 5, 2, 9], dtype=np.uint64), part_rows=2)
    parts = np.searchsorted(cuts, np.array([5, 5, 5, 5], dtype=np.uint64), side="right")
    assert len(set(parts.tolist())) == 1


def test_a_table_with_checks_across_rows_is_refused(tmp_path):
    with pytest.raises(ValueError, match="across rows"):
        spill.sort_validate_write("documents", [], ["source_file"], tmp_path)


def test_workspace_is_removed_and_a_dead_runs_is_cleared(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    host = socket.gethostname()
    stale = tmp_path / f"{spill.PREFIX}{int(dead.stdout)}@{host}@xyz"
    stale.mkdir()
    live = tmp_path / f"{spill.PREFIX}{os.getppid()}@{host}@abc"  # a live process's (our parent's) is left alone
    live.mkdir()
    elsewhere = tmp_path / f"{spill.PREFIX}{int(dead.stdout)}@not-{host}@xyz"  # another host's (a shared cache)
    elsewhere.mkdir()
    with spill.workspace(tmp_path) as folder:
        assert folder.is_dir() and folder.parent == tmp_path
        (folder / "part").write_text("x")
    assert not folder.exists() and not stale.exists() and live.exists() and elsewhere.exists()


def test_no_part_file_stays_open(tmp_path, monkeypatch):
    """Each part's file is closed (and so its disk space freed) once read, not when the table is done."""
    open_parts = []
    real_write = tableio.TableWriter.write

    def write(self, arrow):
        open_parts.append(sum("part-" in os.readlink(f"/proc/self/fd/{fd}") for fd in _fds()))
        real_write(self, arrow)

    monkeypatch.setattr(tableio.TableWriter, "write", write)
    rows = _random_rows(random.Random(7), 300)
    spill.sort_validate_write("sentences", [pipeline.typed_table("sentences", rows)], pipeline.SENTENCE_ORDER,
                              tmp_path, part_rows=10)
    assert len(open_parts) > 5 and max(open_parts) == 0


def _fds() -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            os.readlink(f"/proc/self/fd/{fd}")
            found.append(fd)
        except OSError:
            pass
    return found


def test_a_cache_file_changed_between_its_two_reads_is_an_error(tmp_path):
    table = pipeline.typed_table("sentences", _random_rows(random.Random(3), 40))
    reads = iter([table, table.slice(0, 30)])
    with pytest.raises(RuntimeError, match="changed while"):
        spill.sort_validate_write("sentences", [lambda: next(reads)], pipeline.SENTENCE_ORDER, tmp_path,
                                  load=lambda loader: loader(), part_rows=10)


def test_a_low_open_file_limit_makes_fewer_bigger_parts(tmp_path):
    """Under a soft limit of 64 open files (macOS's default is 256), 2,000 one-row parts would fail to open."""
    script = r"""
import random, resource, sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
resource.setrlimit(resource.RLIMIT_NOFILE, (64, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
from bilateral import pipeline, spill
import test_spill
rows = test_spill._random_rows(random.Random(7), 2000)
rows = [dict(r, doc_id="%08x%08x" % (i, 0)) for i, r in enumerate(rows)]  # 2,000 keys: one part each if allowed
tables = [pipeline.typed_table("sentences", rows[i:i + 500]) for i in range(0, 2000, 500)]
assert spill.max_parts() == 32
spilled, rejects = spill.sort_validate_write("sentences", tables, pipeline.SENTENCE_ORDER, Path(sys.argv[1]), part_rows=1)
print(len(spilled) + len(rejects))
"""
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path), os.path.dirname(__file__)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["2000"]
