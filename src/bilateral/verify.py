"""``bilateral verify``: re-check a published release against its manifest.

A published version is immutable: its ``manifest.json`` lists every file with
its size and sha256 (every file but itself and ``SHA256SUMS``, which are
written after it; ``SHA256SUMS`` covers the manifest). Verification recomputes
both for every listed file, checks ``SHA256SUMS`` line by line, and reports
files that are missing or were added, so any change after publishing (an
edited CSV, a deleted schema, a stray file, an edited manifest) is named.
"""
from __future__ import annotations

import json
from pathlib import Path

from bilateral.provenance import sha256_file

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"


class VerifyError(Exception):
    """The release to verify cannot be found (wrong --out, unknown version)."""


def resolve(out_root: Path, version: str | None) -> Path:
    """The directory of ``version`` (default: what ``latest`` points to) under ``out_root/releases``."""
    releases = Path(out_root) / "releases"
    if not releases.is_dir():
        raise VerifyError(f"no releases folder: {releases} (wrong --out?)")
    name = version or "latest"
    path = releases / name
    if name == "latest" and not path.exists():
        raise VerifyError(f"{releases} has no 'latest' release yet")
    if name.startswith(".") or "/" in name or not path.is_dir():
        known = ", ".join(published_versions(releases)) or "none"
        raise VerifyError(f"version {name!r} not found in {releases} (published: {known})")
    return path.resolve() if path.is_symlink() else path


def published_versions(releases: Path) -> list[str]:
    """Every version directory (hidden staging folders and ``latest`` excluded)."""
    return sorted(p.name for p in releases.iterdir()
                  if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))


def verify_release(directory: Path) -> list[str]:
    """Problems found in one release directory; empty when it matches its manifest exactly."""
    directory = Path(directory)
    manifest_path = directory / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        entries = {entry["path"]: entry for entry in manifest["files"]}
    except FileNotFoundError:
        return [f"{MANIFEST}: missing (not a complete release)"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"{MANIFEST}: unreadable or malformed ({type(exc).__name__}: {exc})"]
    problems = []
    if manifest.get("version") != directory.name:
        problems.append(f"{MANIFEST}: version {manifest.get('version')!r} does not match folder {directory.name!r}")
    present = {p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file() or p.is_symlink()}
    present -= {MANIFEST, SUMS}  # written after the manifest, so not in it; SHA256SUMS is checked below
    problems += _check_sums(directory, entries)
    for rel in sorted(present - entries.keys()):
        problems.append(f"{rel}: not in the manifest (added after publishing)")
    for rel, entry in sorted(entries.items()):
        path = directory / rel
        if rel not in present:
            problems.append(f"{rel}: missing")
            continue
        if path.is_symlink():  # a symlink could make a file "match" by pointing elsewhere
            problems.append(f"{rel}: replaced by a symlink")
            continue
        size = path.stat().st_size
        if size != entry.get("bytes"):
            problems.append(f"{rel}: {size} bytes, manifest says {entry.get('bytes')}")
        elif sha256_file(path) != entry.get("sha256"):
            problems.append(f"{rel}: sha256 differs from the manifest (content changed)")
    return problems


def _check_sums(directory: Path, entries: dict) -> list[str]:
    """SHA256SUMS, when the release has one: each line must match, and it must cover the manifest."""
    sums = directory / SUMS
    if not sums.exists():
        return []
    problems, covered = [], set()
    for number, line in enumerate(sums.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        digest, _, rel = line.partition("  ")
        if not rel:
            problems.append(f"{SUMS}: line {number} is malformed")
            continue
        covered.add(rel)
        path = directory / rel
        if rel == MANIFEST or rel not in entries:  # other files are checked against the manifest
            if not path.is_file() or path.is_symlink():
                problems.append(f"{SUMS}: lists {rel}, which is missing")
            elif sha256_file(path) != digest:
                problems.append(f"{rel}: sha256 differs from {SUMS} (content changed)")
    if MANIFEST not in covered:
        problems.append(f"{SUMS}: does not cover {MANIFEST}")
    return problems


def verify_all(out_root: Path) -> dict[str, list[str]]:
    """version -> problems, for every published version under ``out_root/releases``."""
    releases = Path(out_root) / "releases"
    if not releases.is_dir():
        raise VerifyError(f"no releases folder: {releases} (wrong --out?)")
    return {name: verify_release(releases / name) for name in published_versions(releases)}
