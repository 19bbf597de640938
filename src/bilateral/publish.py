"""Publishing versioned releases under ``<out>/releases/``.

A release is written into a hidden temporary directory beside the others and
renamed into place in one step, so a reader never sees half a release; an
existing version is never overwritten (the rename fails instead). A lock file
keeps two runs from publishing at once. ``latest`` is a relative symlink,
replaced atomically.

Version names are calendar versions, ``YYYY.MM.DD.N`` (N counts releases of
that day from 1), so they sort in time and can be cited.

Besides the tables a release carries what its users need (see
``write_release_files``): the diff against the previous release, a dataset card,
CITATION.cff, a Frictionless ``datapackage.json``, the manifest and SHA256SUMS.
After the rename, still under the lock, ``releases/index.json`` and the static
pages in ``<out>/site/`` are brought up to date (``after_publish``).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from bilateral import card, changes, contract, datapackage, faults, filememo, provenance, releases_index, reuse, tableio
from bilateral.atomic import TMP_PREFIX, PublishError, fsync_tree, point_latest, publish_lock, remove_stale_temporaries


def releases_dir(out_root: Path) -> Path:
    return Path(out_root) / "releases"


def list_versions(releases: Path) -> list[str]:
    """Published versions, oldest first."""
    if not releases.is_dir():
        return []
    names = [p.name for p in releases.iterdir()
             if p.is_dir() and not p.is_symlink() and not p.name.startswith(".") and (p / "manifest.json").exists()]
    return sorted(names, key=_version_key)


def _version_key(name: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in name.split("."))


def next_version(releases: Path, today: dt.date) -> str:
    prefix = today.strftime("%Y.%m.%d")
    taken = [v for v in list_versions(releases) if v.startswith(prefix + ".")]
    return f"{prefix}.{len(taken) + 1}"


def file_entry(path: Path, sha256_of: Callable[[Path], str] = provenance.sha256_file) -> dict:
    return {"path": path.name, "bytes": path.stat().st_size, "sha256": sha256_of(path)}


class _Digests(dict):
    """sha256 of the files of a release being written, each file read once: the data package, the manifest
    and SHA256SUMS list the same files (a release is ~35 MB on Reuters; three passes took 0.07 s)."""

    def __call__(self, path: Path) -> str:
        if path not in self:
            self[path] = provenance.sha256_file(path)
        return self[path]


def _sha256sums(directory: Path, sha256_of: Callable[[Path], str] = provenance.sha256_file) -> Path:
    """``SHA256SUMS`` over every file of the release (``sha256sum -c SHA256SUMS`` checks them)."""
    lines = [f"{sha256_of(p)}  {p.relative_to(directory).as_posix()}"
             for p in _release_files(directory) if p.name != "SHA256SUMS"]
    path = directory / "SHA256SUMS"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _release_files(directory: Path) -> list[Path]:
    return sorted((p for p in directory.rglob("*") if p.is_file()), key=lambda p: p.relative_to(directory).as_posix())


def _previous_events(previous: Path | None) -> pd.DataFrame | None:
    if previous is None or not (previous / "events.parquet").exists():
        return None
    return tableio.read_table(previous / "events.parquet")


def write_release_files(tables: dict[str, pd.DataFrame], directory: Path, version: str,
                        created: dt.datetime, previous: Path | None = None, input_fingerprint: str | None = None,
                        written: dict | None = None) -> dict:
    """Everything of one release, written into ``directory``; returns the manifest.

    Order matters: tables, schemas, changes (against ``previous``, the prior
    release's folder), dataset card and CITATION.cff, then ``datapackage.json``
    (hashes the files before it), ``manifest.json`` (lists every file before it)
    and last ``SHA256SUMS`` (covers every other file, the manifest included).

    ``input_fingerprint``: over every raw file (``nochange.input_fingerprint`` of a scan); by default it is
    computed from the documents table, which lacks the rows validation rejected. ``written``: gets each
    table as the Arrow table written (``tableio.write_table``).
    """
    created_iso = created.astimezone(dt.UTC).isoformat(timespec="seconds")
    digests = _Digests()  # every file is written before it is first hashed, and not written again
    for name, frame in tables.items():
        tableio.write_table(name, frame, directory, written)
    faults.checkpoint("after-write-tables")
    contract.export_schemas(directory / "schemas")
    stats = changes.statistics(tables)
    diff = changes.diff_events(_previous_events(previous), tables["events"], previous.name if previous else None)
    changes.write_changes(diff, directory, version)
    row_counts = {name: len(frame) for name, frame in tables.items()}
    change_counts = diff["counts"] if previous is not None else None
    card.write_card(directory, version, created_iso[:10], row_counts, stats, change_counts)
    card.write_citation(directory, version, created_iso[:10])
    datapackage.write_descriptor(directory, version, created_iso, list(tables), sha256_of=digests)
    manifest = {
        "name": "bilateral",
        "version": version,
        "created": created_iso,
        "code_version": provenance.code_version(),
        "input_fingerprint": input_fingerprint or provenance.input_fingerprint(tables["documents"]),
        "row_counts": row_counts,
        "statistics": stats,
        "changes": {"previous_version": diff["previous_version"], **diff["counts"]},
        "files": [dict(file_entry(p, digests), path=p.relative_to(directory).as_posix()) for p in _release_files(directory)],
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _sha256sums(directory, digests)
    return manifest


def after_publish(out_root: Path, releases: Path) -> None:
    """Derived views of the releases directory: ``index.json`` and the static site. Call under the lock."""
    releases_index.update(releases)
    from bilateral import site  # noqa: PLC0415  (only publishing needs the page templates)

    site.build_site(Path(out_root))


def publish(tables: dict[str, pd.DataFrame], out_root: Path, *, created: dt.datetime | None = None,
            version: str | None = None, lock_wait: float = 60.0, input_fingerprint: str | None = None) -> Path:
    """Publish ``tables`` as a new version under ``out_root/releases``; return its directory."""
    created = created or dt.datetime.now(dt.UTC)
    releases = releases_dir(out_root)
    with publish_lock(releases, lock_wait):
        remove_stale_temporaries(releases)
        version = version or next_version(releases, created.date())
        final = releases / version
        if final.exists():
            raise PublishError(f"version {version} already exists in {releases}; published versions are never overwritten")
        earlier = list_versions(releases)
        previous = releases / earlier[-1] if earlier else None
        staging = releases / f"{TMP_PREFIX}{version}-{os.getpid()}"
        staging.mkdir()
        try:
            faults.checkpoint("before-write")
            # A long-lived worker reads the next rerun's unchanged rows from this release (``bilateral.reuse``):
            # it keeps them as written, while it runs (``bilateral.filememo``).
            written = {} if filememo.keeping_now() else None
            write_release_files(tables, staging, version, created, previous, input_fingerprint, written)
            faults.checkpoint("after-manifest")
            fsync_tree(staging)
            faults.checkpoint("before-rename")
            os.rename(staging, final)  # atomic; fails rather than replace an existing version
            faults.checkpoint("after-rename")
            for name in reuse.TABLES if written is not None else ():  # the tables a rerun reads back, no more
                filememo.keep(final / f"{name}.parquet", written[name])
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        point_latest(releases, version)
        after_publish(out_root, releases)
    return final
