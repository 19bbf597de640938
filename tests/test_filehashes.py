"""Raw files' hashes remembered by stat: unchanged files are not read again, any edit is."""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from bilateral import filehashes, incremental

FAKE = "f" * 64  # a hash no file has: seen in a result only when the record was trusted without a read


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch) -> Path:
    # Files written by the test are seconds old at most: trust records at once (the racy window is tested apart).
    monkeypatch.setattr(filehashes, "RACY_SECONDS", 0)
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in {"a.txt": "Pakistan and Azerbaijan signed a deal.", "b.txt": "Nothing happened."}.items():
        (raw / name).write_text(text, encoding="utf-8")
    time.sleep(0.01)  # the record's time is after the files' change times
    return raw


def _hashes(raw: Path, cache: Path | None, trust: bool = True) -> dict[str, str]:
    """source_file -> sha256 as ``hash_raw`` gives them, with the record in ``cache`` (None: no record)."""
    remembered = filehashes.Remembered(cache, raw, trust) if cache is not None else None
    hashed = incremental.hash_raw(raw, remembered)
    if remembered is not None:
        remembered.save()
    return {record.source_file: record.sha256 for _path, record in hashed}


def _tamper(cache: Path, name: str) -> None:
    """Put a false hash in the record for ``name``: a run that trusts the record returns it."""
    path = cache / filehashes.FILE_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["files"].values():
        if entry[0] == name:
            entry[5] = FAKE
    path.write_text(json.dumps(data), encoding="utf-8")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_unchanged_file_is_not_read_again(corpus, tmp_path):
    cache = tmp_path / "cache"
    first = _hashes(corpus, cache)
    assert first == {"a.txt": _sha(corpus / "a.txt"), "b.txt": _sha(corpus / "b.txt")}
    _tamper(cache, "a.txt")
    assert _hashes(corpus, cache)["a.txt"] == FAKE  # taken from the record: the file was not read
    assert _hashes(corpus, None)["a.txt"] == first["a.txt"]  # without a cache every file is read


def test_an_edit_is_seen_even_with_its_modification_time_restored(corpus, tmp_path):
    cache = tmp_path / "cache"
    _hashes(corpus, cache)
    _tamper(cache, "a.txt")
    path = corpus / "a.txt"
    before = os.stat(path)
    path.write_text("Pakistan and Azerbaijan signed a pact.", encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the change time still moves
    assert _hashes(corpus, cache)["a.txt"] == _sha(path)


def test_a_deleted_file_leaves_the_record(corpus, tmp_path):
    cache = tmp_path / "cache"
    _hashes(corpus, cache)
    (corpus / "b.txt").unlink()
    assert list(_hashes(corpus, cache)) == ["a.txt"]
    files = json.loads((cache / filehashes.FILE_NAME).read_text(encoding="utf-8"))["files"]
    assert [entry[0] for entry in files.values()] == ["a.txt"]


def test_a_recently_changed_file_is_read_again(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(filehashes, "RACY_SECONDS", 3600)  # every file is "recent": none is trusted
    cache = tmp_path / "cache"
    _hashes(corpus, cache)
    _tamper(cache, "a.txt")
    assert _hashes(corpus, cache)["a.txt"] == _sha(corpus / "a.txt")


@pytest.mark.parametrize("damage", ["{not json", "[]", "entry"])
def test_a_damaged_record_means_reading_everything(corpus, tmp_path, damage):
    cache = tmp_path / "cache"
    _hashes(corpus, cache)
    _tamper(cache, "a.txt")
    path = cache / filehashes.FILE_NAME
    if damage == "entry":  # well-formed JSON for this raw folder, with one entry of the wrong shape
        record = json.loads(path.read_text(encoding="utf-8"))
        damage = json.dumps({**record, "files": {**record["files"], "extra": 5}})
    path.write_text(damage, encoding="utf-8")
    assert _hashes(corpus, cache)["a.txt"] == _sha(corpus / "a.txt")
    assert len(json.loads(path.read_text(encoding="utf-8"))["files"]) == 2  # written anew


def test_a_record_of_another_raw_folder_is_not_used(tmp_path, monkeypatch):
    """The recorded names are relative to the raw folder: reading the parent folder must not reuse them."""
    monkeypatch.setattr(filehashes, "RACY_SECONDS", 0)
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "a.txt").write_text("Pakistan and Azerbaijan signed a deal.", encoding="utf-8")
    time.sleep(0.01)
    cache = tmp_path / "cache"
    assert list(_hashes(raw, cache)) == ["a.txt"]
    assert list(_hashes(tmp_path / "data", cache)) == ["raw/a.txt"]


def test_links_are_not_recorded(corpus, tmp_path):
    (corpus / "link.txt").symlink_to(corpus / "a.txt")
    cache = tmp_path / "cache"
    assert _hashes(corpus, cache)["link.txt"] == _sha(corpus / "a.txt")
    files = json.loads((cache / filehashes.FILE_NAME).read_text(encoding="utf-8"))["files"]
    assert sorted(entry[0] for entry in files.values()) == ["a.txt", "b.txt"]


def test_rehash_trusts_no_record(corpus, tmp_path):
    out = tmp_path / "out"
    incremental.run(corpus, out)
    # An edit the record missed (as a clock set back could make it): the record has the new times, the old hash.
    record_path = out / "cache" / filehashes.FILE_NAME
    record = json.loads(record_path.read_text(encoding="utf-8"))
    (corpus / "a.txt").write_text("Pakistan and Azerbaijan signed two deals.", encoding="utf-8")
    time.sleep(0.01)
    info = os.stat(corpus / "a.txt")
    for entry in record["files"].values():
        if entry[0] == "a.txt":
            entry[1:5] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
    record["recorded_ns"] = time.time_ns()
    record_path.write_text(json.dumps(record), encoding="utf-8")
    assert incremental.run(corpus, out).published is None  # the record is trusted
    assert incremental.run(corpus, out, rehash=True).published is not None  # every file read: the edit is seen
    # ... and recorded: the next run trusts the mended record and finds nothing to do.
    assert incremental.run(corpus, out).reason.startswith("no change: inputs and code match")
