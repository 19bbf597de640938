"""Content hashes of raw files, remembered by their stat so a rerun need not read every file.

A rerun's first step is to know every raw file's sha256 (``incremental.hash_raw``).
Reading and hashing a 21,578-file corpus takes about as long as a no-op rerun
may; a ``stat`` per file is a tenth of that. So, as ``git`` and ``rsync`` do, a
file whose size, modification time, change time and inode are those recorded at
its last hashing keeps its recorded hash without being read.

- Any write to a file sets its change time (``ctime``), which no tool can set
  back, so an edit is seen even when the modification time is restored.
- A file modified (or its times set) less than ``RACY_SECONDS`` before it was
  recorded is not trusted: a second write within the file system's timestamp granularity could
  leave its times unchanged. It is read again next time.
- Only regular files that read as ``ok`` are remembered; links, unreadable and
  too-large files are always looked at afresh.
- ``bilateral release --rehash`` reads and hashes every file regardless.

The record is ``<cache root>/file-hashes.json``: ``{"recorded_ns": ..., "files":
{path: [source_file, size, mtime_ns, ctime_ns, inode, sha256]}}``. It does not
depend on the code, so it lives beside the code-keyed folders, not in one.
"""
from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

FILE_NAME = "file-hashes.json"
RACY_SECONDS = 2


def _signature(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _lstat(path: Path) -> os.stat_result | None:
    """The file's stat when it is a regular file (not a link, folder or anything else); else None."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def read(cache_root: Path) -> tuple[int, dict[str, list]]:
    """(recorded_ns, path -> [source_file, size, mtime_ns, ctime_ns, inode, sha256]); empty when absent or unreadable."""
    try:
        data = json.loads((Path(cache_root) / FILE_NAME).read_text(encoding="utf-8"))
        return int(data["recorded_ns"]), dict(data["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0, {}  # no record, or a damaged one: every file is read, as on a first run


class Remembered:
    """The recorded hashes, and the ones to record for this run."""

    def __init__(self, cache_root: Path | None):
        self.cache_root = Path(cache_root) if cache_root is not None else None
        self.recorded_ns, self.files = read(self.cache_root) if self.cache_root is not None else (0, {})
        self.trusted_before_ns = self.recorded_ns - RACY_SECONDS * 10**9
        self.seen: dict[str, list] = {}
        self.started_ns = time.time_ns()
        self.changed = False  # a file was read: record again, if only to trust it next time
        self._stats: dict[str, os.stat_result | None] = {}

    def stat(self, path: Path) -> os.stat_result | None:
        """Take the file's stat before reading it, for ``remember``."""
        self._stats[os.fspath(path)] = info = _lstat(path)
        return info

    def lookup(self, path: Path) -> tuple[str, int, str] | None:
        """(source_file, size, sha256) of an unchanged regular file seen before; else None: read it, then
        ``remember`` it."""
        info = self.stat(path)
        entry = self.files.get(os.fspath(path))
        if info is None or entry is None or entry[1:5] != _signature(info) \
                or max(info.st_mtime_ns, info.st_ctime_ns) >= self.trusted_before_ns:
            return None
        self.seen[os.fspath(path)] = entry
        return entry[0], entry[1], entry[5]

    def remember(self, path: Path, source_file: str, sha256: str) -> None:
        """Record a regular file just read and hashed by the stat taken before the read (a write
        during the read changes the change time, so the next run reads the file again)."""
        info = self._stats.pop(os.fspath(path), None)
        if info is not None:
            self.seen[os.fspath(path)] = [source_file, *_signature(info), sha256]
        self.changed = True

    def save(self) -> None:
        """Write the record of this run's files (deleted files drop out), replacing the old one atomically."""
        if self.cache_root is None or not (self.changed or self.seen.keys() != self.files.keys()):
            return
        self.cache_root.mkdir(parents=True, exist_ok=True)
        target = self.cache_root / FILE_NAME
        temporary = target.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"recorded_ns": self.started_ns, "files": self.seen}, separators=(",", ":")),
                             encoding="utf-8")
        os.replace(temporary, target)
