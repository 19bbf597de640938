"""releases/index.json: every version with its files, sizes and checksums; replaced atomically."""
from __future__ import annotations

import datetime as dt
import hashlib
import json

from bilateral import publish, releases_index


def test_index_lists_every_version_with_verified_files(tmp_path, corpus_tables, corpus):
    out = tmp_path / "output"
    first = publish.publish(corpus_tables, out, created=corpus.CREATED)
    second = publish.publish(corpus_tables, out, created=corpus.CREATED + dt.timedelta(days=1))
    index = json.loads((out / "releases" / "index.json").read_text())
    assert [v["version"] for v in index["versions"]] == [first.name, second.name]
    assert index["latest"] == second.name == (out / "releases" / "latest").resolve().name
    for entry in index["versions"]:
        release = out / "releases" / entry["version"]
        on_disk = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
        assert {f["path"] for f in entry["files"]} == on_disk  # manifest.json and SHA256SUMS included
        for item in entry["files"]:
            data = (release / item["path"]).read_bytes()
            assert item["bytes"] == len(data) and item["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == sum(f["bytes"] for f in entry["files"])
        assert entry["row_counts"]["events"] == 5 and entry["created"].startswith(entry["version"][:4])
    assert index["versions"][1]["changes"]["previous_version"] == first.name


def test_update_leaves_no_temporary_and_can_rebuild(published):
    releases = published / "releases"
    before = (releases / "index.json").read_text()
    (releases / "index.json").unlink()
    releases_index.update(releases)  # rebuilt from the manifests alone
    assert (releases / "index.json").read_text() == before
    assert not [p.name for p in releases.iterdir() if p.name.startswith(".tmp-")]
