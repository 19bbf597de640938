"""Rows reused from the latest release: a rerun's tables are, to the byte, those of a full read."""
from __future__ import annotations

import contextlib
import json
import random
import shutil
from pathlib import Path

import pytest

from bilateral import filememo, incremental, nochange, reuse
from tests.incremental.conftest import ARTICLES, write_corpus

TABLES = ("documents", "sentences", "mentions", "events", "rejects")
EXTRA = {
    "e/talks.txt": "Talks\n\nThe foreign minister of Pakistan visited Azerbaijan on Monday.\nThey signed an agreement on trade.\n",
    "e/german.txt": "Gespräche\n\nDer Außenminister besuchte am Montag die Hauptstadt und sprach mit der Regierung über "
                    "die Zusammenarbeit der beiden Länder.\n",
    "e/protest.txt": "Protest\n\nAzerbaijan condemned the attack and accused Armenia of shelling villages.\n",
}


def _tables_of(out: Path) -> dict[str, bytes]:
    latest = out / "releases" / "latest"
    return {f"{name}{suffix}": (latest / f"{name}{suffix}").read_bytes() for name in TABLES for suffix in (".parquet", ".csv")}


def _edit_a_file(raw: Path) -> None:
    (raw / "a" / "visit.txt").write_text("Talks\n\nThe president of France visited Germany.\n", encoding="utf-8")


def _assert_rerun_matches_scratch(raw: Path, out: Path, tmp_path: Path) -> None:
    incremental.run(raw, out)
    scratch = tmp_path / "scratch"
    incremental.run(raw, scratch)  # no earlier release: every row from extraction
    assert _tables_of(out) == _tables_of(scratch)


def _reused(out: Path, raw: Path) -> reuse.Reused | None:
    entries = incremental.scan(raw, out / "cache")
    return reuse.from_release(out, nochange.latest_manifest(out), entries)


def _step(rng: random.Random, raw: Path) -> str:
    files = sorted(p for p in raw.rglob("*") if p.is_file())
    victim = rng.choice(files)
    text = victim.read_text(encoding="utf-8")
    kind = rng.choice(["edit", "delete", "copy", "near copy", "rename", "add"])
    if kind == "edit":
        victim.write_text(text + "Pakistan and Azerbaijan agreed to hold more talks.\n", encoding="utf-8")
    elif kind == "delete" and len(files) > 3:
        victim.unlink()
    elif kind == "copy":
        (raw / "z" / f"copy-{rng.randrange(10**6)}.txt").write_text(text, encoding="utf-8")
    elif kind == "near copy":
        (raw / "z" / f"near-{rng.randrange(10**6)}.txt").write_text(text.replace(". ", ".\n"), encoding="utf-8")
    elif kind == "rename":
        victim.rename(raw / "0" / f"first-{victim.name}")  # sorts first: an exact or near copy's order flips
    else:
        name = rng.choice(sorted(EXTRA))
        (raw / "z" / f"{rng.randrange(10**6)}-{Path(name).name}").write_text(EXTRA[name], encoding="utf-8")
    return kind


@pytest.mark.parametrize("keeping", [False, True], ids=["one-shot", "worker"])
@pytest.mark.parametrize("seed", range(4))
def test_reruns_give_the_tables_of_a_run_from_scratch(tmp_path: Path, seed: int, keeping: bool) -> None:
    """Also as a worker runs them, the files it wrote kept in memory (``bilateral.filememo``)."""
    with filememo.keeping() if keeping else contextlib.nullcontext():
        _random_reruns(tmp_path, seed)


def _random_reruns(tmp_path: Path, seed: int) -> None:
    raw, out = write_corpus(tmp_path / "raw", {**ARTICLES, **EXTRA}), tmp_path / "out"
    (raw / "z").mkdir()
    (raw / "0").mkdir()
    rng = random.Random(seed)
    incremental.run(raw, out)
    reused_some = 0
    for number in range(8):
        kinds = [_step(rng, raw) for _ in range(rng.randint(1, 3))]
        reused = _reused(out, raw)
        reused_some += reused is not None and len(reused.source_files) > 0
        outcome = incremental.run(raw, out)
        scratch = tmp_path / f"scratch-{number}"
        incremental.run(raw, scratch)  # no earlier release: every row read from extraction
        assert _tables_of(out) == _tables_of(scratch), (seed, number, kinds, outcome.reason)
        shutil.rmtree(scratch)
    assert reused_some >= 6  # the comparison above was of reused rows, not of two full reads


def test_a_release_edited_since_it_was_published_is_not_a_source(tmp_path: Path) -> None:
    raw, out = write_corpus(tmp_path / "raw"), tmp_path / "out"
    incremental.run(raw, out)
    _edit_a_file(raw)
    assert _reused(out, raw) is not None
    latest = (out / "releases" / "latest").resolve()
    documents = latest / "documents.parquet"
    documents.write_bytes(documents.read_bytes())  # same bytes: still a source
    assert _reused(out, raw) is not None
    (latest / "sentences.parquet").write_bytes(b"PAR1 not parquet PAR1")
    assert _reused(out, raw) is None
    _assert_rerun_matches_scratch(raw, out, tmp_path)


def test_a_release_with_rejects_or_from_other_code_is_not_a_source(tmp_path: Path) -> None:
    raw, out = write_corpus(tmp_path / "raw"), tmp_path / "out"
    incremental.run(raw, out)
    entries = incremental.scan(raw, out / "cache")
    manifest = nochange.latest_manifest(out)
    assert reuse.from_release(out, manifest, entries) is not None
    assert reuse.from_release(out, {**manifest, "row_counts": {**manifest["row_counts"], "rejects": 2}}, entries) is None
    other = json.loads(json.dumps(manifest))
    other["code_version"]["code_fingerprint"] = "0" * 64
    assert reuse.from_release(out, other, entries) is None
    assert reuse.from_release(out, None, entries) is None


def test_only_extracted_files_with_the_release_row_are_reused(tmp_path: Path) -> None:
    raw, out = write_corpus(tmp_path / "raw"), tmp_path / "out"
    incremental.run(raw, out)
    _edit_a_file(raw)
    (raw / "0").mkdir()
    shutil.move(raw / "c" / "storm.txt", raw / "0" / "storm.txt")  # same bytes, another name
    reused = _reused(out, raw)
    # Not the edited or renamed file, nor the duplicate (b/copy.txt) or the empty one: they cost nothing.
    assert reused.source_files == {"a/trade.txt", "b/summit.txt"}
    assert set(reused.documents["source_file"].to_pylist()) == reused.source_files
    assert {row["source_file"] for row in reused.mentions} <= reused.source_files


def test_a_release_whose_tables_read_back_with_other_types_is_not_a_source(tmp_path: Path) -> None:
    """The code fingerprint covers this package, not pyarrow: a table that reads back with other types
    (as another library version might write it) is not reused, and the run reads the cache instead."""
    import hashlib

    import pyarrow as pa
    import pyarrow.parquet as pq

    raw, out = write_corpus(tmp_path / "raw"), tmp_path / "out"
    incremental.run(raw, out)
    latest = (out / "releases" / "latest").resolve()
    sentences = pq.read_table(latest / "sentences.parquet")
    retyped = sentences.set_column(sentences.schema.get_field_index("start"), "start",
                                   sentences["start"].cast(pa.int32()))
    pq.write_table(retyped, latest / "sentences.parquet")
    manifest = json.loads((latest / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:  # the manifest vouches for the new bytes: only the types differ
        if entry["path"] == "sentences.parquet":
            entry["sha256"] = hashlib.sha256((latest / "sentences.parquet").read_bytes()).hexdigest()
    (latest / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    _edit_a_file(raw)
    assert _reused(out, raw) is None
    _assert_rerun_matches_scratch(raw, out, tmp_path)


def test_a_worker_does_not_take_a_release_edited_since_it_wrote_it(tmp_path: Path) -> None:
    raw, out = write_corpus(tmp_path / "raw"), tmp_path / "out"
    with filememo.keeping():
        incremental.run(raw, out)
        latest = (out / "releases" / "latest").resolve()
        assert filememo.recall(latest / "sentences.parquet") is not None  # kept as written
        (latest / "sentences.parquet").write_bytes(b"PAR1 not parquet PAR1")
        assert filememo.recall(latest / "sentences.parquet") is None
        _edit_a_file(raw)
        assert _reused(out, raw) is None
