"""``releases/index.json``: every published version, what downloaders read first.

Built from the releases' own ``manifest.json`` files (so it can always be
rebuilt) and replaced atomically (temporary file + ``os.replace``); call
``update`` while holding the publish lock so two runs cannot interleave.
Each file entry has the path relative to the version's folder, its size and
its sha256; ``bilateral download`` verifies every file against these.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

INDEX_NAME = "index.json"
FORMAT = 1


def _version_key(name: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in name.split("."))


def _versions(releases: Path) -> list[str]:
    names = [p.name for p in releases.iterdir()
             if p.is_dir() and not p.is_symlink() and not p.name.startswith(".") and (p / "manifest.json").exists()]
    return sorted(names, key=_version_key)


def version_entry(release_dir: Path) -> dict:
    manifest = json.loads((release_dir / "manifest.json").read_text(encoding="utf-8"))
    files = list(manifest["files"])
    # manifest.json and SHA256SUMS cannot list themselves; the index lists them so downloads verify them too.
    for extra in ("manifest.json", "SHA256SUMS"):
        path = release_dir / extra
        if path.exists() and all(f["path"] != extra for f in files):
            from bilateral.publish import file_entry  # noqa: PLC0415  (publish imports this module)
            files.append(file_entry(path))
    files.sort(key=lambda f: f["path"])
    return {
        "version": manifest["version"],
        "created": manifest["created"],
        "row_counts": manifest["row_counts"],
        "statistics": {k: manifest.get("statistics", {}).get(k) for k in ("events_by_type", "events_by_year")},
        "changes": manifest.get("changes"),
        "bytes": sum(f["bytes"] for f in files),
        "files": files,
    }


def build_index(releases: Path) -> dict:
    versions = [version_entry(releases / v) for v in _versions(releases)]
    return {
        "name": "bilateral",
        "format": FORMAT,
        "latest": versions[-1]["version"] if versions else None,
        "versions": versions,
    }


def update(releases: Path) -> Path:
    """Rewrite ``releases/index.json`` from the published versions, atomically."""
    path = releases / INDEX_NAME
    temporary = releases / f".tmp-index-{os.getpid()}.json"
    temporary.write_text(json.dumps(build_index(releases), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return path


def read_index(releases: Path) -> dict:
    return json.loads((releases / INDEX_NAME).read_text(encoding="utf-8"))
