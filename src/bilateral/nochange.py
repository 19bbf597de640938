"""Whether a run has anything to publish: the latest release's manifest against this run.

Three questions, cheapest first (``bilateral.incremental`` asks them):
- same code? the manifest's ``code_fingerprint`` against ``provenance.code_fingerprint()``;
- same inputs? its ``input_fingerprint`` against one computed from the raw files'
  names and hashes (the scan's entries or ``hash_raw``'s records): with the same code
  too, the tables would be the same, so the run stops before extracting anything;
- same tables? (other code, e.g. a change that does not touch the output) the sha256
  of each table's Parquet bytes, written as ``publish`` writes them, against the
  manifest's file hashes.
No pandas is imported for the first two: a no-op rerun stays a scan of hashes.
"""
from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from bilateral import provenance

if TYPE_CHECKING:
    import pandas as pd


def latest_manifest(out_root: Path) -> dict | None:
    path = Path(out_root) / "releases" / "latest" / "manifest.json"  # publish.releases_dir, without pandas
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def same_code(latest: dict | None) -> bool:
    return latest is not None and latest.get("code_version", {}).get("code_fingerprint") == provenance.code_fingerprint()


def input_fingerprint(files: Iterable) -> str:
    """``provenance.input_fingerprint`` of files with ``source_file`` and ``sha256``, without assembling the
    documents table."""
    files = list(files)
    return provenance.input_fingerprint({"source_file": [f.source_file for f in files],
                                         "sha256": [f.sha256 for f in files]})


def unchanged(files: Iterable, latest: dict | None) -> str | None:
    """Why nothing needs doing, when release manifest ``latest`` was made from these inputs by this code; else None.

    ``files``: anything with ``source_file`` and ``sha256`` (scan entries, ``hash_raw`` records). The build
    is deterministic, so equal inputs and code mean equal tables: the run can stop before extracting or
    assembling anything.
    """
    if not same_code(latest) or latest.get("input_fingerprint") != input_fingerprint(files):
        return None
    return f"no change: inputs and code match release {latest['version']}"


def tables_fingerprint(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """sha256 of each table's Parquet bytes, as ``publish`` would write them (same writer, same bytes)."""
    from bilateral import tableio  # noqa: PLC0415  (pandas and pyarrow: only once tables exist)

    digests = {}
    for name, frame in tables.items():
        if hasattr(frame, "parquet"):  # written already, in parts (``bilateral.spill``)
            digests[f"{name}.parquet"] = provenance.sha256_file(frame.parquet)
            continue
        buffer = io.BytesIO()
        tableio.write_parquet(name, frame, buffer)
        digests[f"{name}.parquet"] = hashlib.sha256(buffer.getvalue()).hexdigest()
    return digests


def manifest_tables(manifest: dict) -> dict[str, str]:
    """The manifest's sha256 of each table's Parquet file (top-level ``*.parquet`` files)."""
    return {f["path"]: f["sha256"] for f in manifest.get("files", []) if f["path"].endswith(".parquet") and "/" not in f["path"]}
