"""Content hashes of raw files, remembered by their stat so a rerun need not read every file.

A rerun's first step is to know every raw file's sha256 (``incremental.hash_raw``).
Reading and hashing a 21,578-file corpus takes about as long as a no-op rerun
may; a ``stat`` per file is a fraction of that. So, as ``git`` and ``rsync`` do, a
file whose size, modification time, change time and inode are those recorded at
its last hashing keeps its recorded hash without being read.

- Any write to a file sets its change time (``ctime``), which no tool can set
  back, so an edit is seen even when the modification time is restored.
- A file modified (or its times set) less than ``RACY_SECONDS`` before it was
  recorded is not trusted: a second write within the file system's timestamp
  granularity could leave its times unchanged. It is read again next time.
  This compares the file system's times with this machine's clock: on a network
  file system whose server clock is more than ``RACY_SECONDS`` off, run with
  ``--rehash``.
- Only regular files are remembered; links, unreadable and too-large files are
  always looked at afresh. A record made for another raw folder is not used.
- ``bilateral release --rehash`` reads and hashes every file, trusting nothing
  recorded, and records what it read: a wrong record is repaired by one such run.

The record is ``<cache root>/file-hashes.json``: ``{"raw_root": ..., "recorded_ns":
..., "files": {path: [source_file, size, mtime_ns, ctime_ns, inode, sha256]}}``. It
does not depend on the code, so it lives beside the code-keyed folders, not in one.
"""
from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

from bilateral import filememo

FILE_NAME = "file-hashes.json"
RACY_SECONDS = 2


def _signature(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def regular_stat(path: Path | str) -> os.stat_result | None:
    """The file's stat when it is a regular file (not a link, folder or anything else); else None."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def _valid(entry: object) -> bool:
    # Types spelt out, not looped over: every entry of the record is checked on every run. (JSON gives
    # exact types: an int is never a bool or a subclass; ``type(True) is int`` is False.)
    return (type(entry) is list and len(entry) == 6 and type(entry[0]) is str and type(entry[5]) is str
            and type(entry[1]) is int and type(entry[2]) is int and type(entry[3]) is int and type(entry[4]) is int)


def read(cache_root: Path, raw_root: str) -> tuple[int, dict[str, list]]:
    """(recorded_ns, path -> [source_file, size, mtime_ns, ctime_ns, inode, sha256]) recorded for ``raw_root``;
    empty when absent, made for another raw folder, or damaged in any way (then every file is read)."""
    try:
        path = Path(cache_root) / FILE_NAME
        data = filememo.recall(path)  # a worker's own last record, unchanged since (``bilateral.filememo``)
        if data is None:
            data = json.loads(path.read_text(encoding="utf-8"))
        files, recorded_ns = data["files"], data["recorded_ns"]
        if data["raw_root"] != raw_root or not isinstance(files, dict) or not isinstance(recorded_ns, int) \
                or not all(isinstance(k, str) and _valid(v) for k, v in files.items()):
            return 0, {}
        return recorded_ns, files
    except (OSError, ValueError, KeyError, TypeError):
        return 0, {}


class Remembered:
    """The hashes recorded for a raw folder, and the ones to record for this run.

    ``trust=False`` (``--rehash``): nothing recorded is used, but what this run reads is recorded.
    """

    def __init__(self, cache_root: Path, raw_root: Path, trust: bool = True):
        self.cache_root = Path(cache_root)
        self.raw_root = os.fspath(Path(raw_root).resolve())
        self.recorded_ns, self.files = read(self.cache_root, self.raw_root) if trust else (0, {})
        self.trusted_before_ns = self.recorded_ns - RACY_SECONDS * 10**9
        self.seen: dict[str, list] = {}
        self.started_ns = time.time_ns()
        self.changed = False  # something was recorded afresh: write the record, if only to trust it next time

    def lookup(self, path: Path) -> tuple[os.stat_result | None, tuple[str, int, str] | None]:
        """(stat to pass to ``remember`` after reading, (source_file, size, sha256) of an unchanged regular
        file seen before or None: read it)."""
        key = os.fspath(path)
        info = regular_stat(key)
        entry = self.files.get(key)
        # Field by field, not as _signature lists: this runs once per raw file on every rerun.
        if info is None or entry is None or entry[1] != info.st_size or entry[2] != info.st_mtime_ns \
                or entry[3] != info.st_ctime_ns or entry[4] != info.st_ino \
                or max(info.st_mtime_ns, info.st_ctime_ns) >= self.trusted_before_ns:
            return info, None
        self.seen[key] = entry
        return info, (entry[0], entry[1], entry[5])

    def remember(self, path: Path, before: os.stat_result | None, source_file: str, sha256: str) -> None:
        """Record a regular file just read and hashed, by its stat taken ``before`` the read (a write during
        the read changes the change time, so the next run reads the file again)."""
        if before is not None:
            self.seen[os.fspath(path)] = [source_file, *_signature(before), sha256]
            self.changed = True

    def save(self) -> None:
        """Write the record of this run's files (deleted files drop out), replacing the old one atomically."""
        if not (self.changed or self.seen.keys() != self.files.keys()):
            return
        self.cache_root.mkdir(parents=True, exist_ok=True)
        target = self.cache_root / FILE_NAME
        temporary = target.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
        record = {"raw_root": self.raw_root, "recorded_ns": self.started_ns, "files": self.seen}
        temporary.write_text(json.dumps(record, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, target)
        filememo.keep(target, record)
