"""What a long-lived worker wrote to a file, kept to be read back without reading the file.

Each cycle of ``bilateral watch`` reads back what the cycle before it wrote: the file-hash
record, the scan's facts and signatures, and the latest release's tables (~0.1 s a cycle
on Reuters-21578). While the worker runs (``keeping``), the writers of those files also
hand the value they wrote to ``keep``; a reader asks ``recall`` first and reads the file
only when it gets None.

A value is given back only while its file has the size, modification and change times and
inode it had when the value was kept: any write to the file, by anyone, sets its change
time, and the writers here replace their files (a new inode). (Not seen: a write in place
that keeps the size, made within the file system's timestamp granularity of the worker's
own write; ``bilateral.filehashes`` has the same limit for raw files.) Values are shared,
not copied: callers must not change them. Outside ``keeping`` (every one-shot run) nothing is
kept, so a run that would never read its files back holds nothing more in memory.
"""
from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Files kept: a worker reads back five (the file-hash record, the scan, three tables of the latest release).
# Five, not more: the tables of the release before are then let go as the new release's are kept.
KEEP = 5

_kept: OrderedDict[str, tuple[tuple[int, int, int, int], object]] = OrderedDict()
_depth = 0


@contextmanager
def keeping() -> Iterator[None]:
    """Keep what is written while inside (``bilateral.watch`` runs its cycles inside)."""
    global _depth
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            _kept.clear()


def keeping_now() -> bool:
    """Whether what is written now is kept (a writer with a costly value to hand over asks first)."""
    return _depth > 0


def _stat(path: Path | str) -> tuple[int, int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def keep(path: Path | str, value: object) -> None:
    """``value`` is what ``path`` now holds (call it right after writing the file)."""
    if not _depth:
        return
    key, signature = os.fspath(path), _stat(path)
    _kept.pop(key, None)
    if signature is None:
        return
    _kept[key] = (signature, value)
    while len(_kept) > KEEP:
        _kept.popitem(last=False)


def recall(path: Path | str) -> object | None:
    """The value kept for ``path`` if the file is unchanged since; else None (read the file)."""
    key = os.fspath(path)
    held = _kept.get(key)
    if held is None:
        return None
    if _stat(key) != held[0]:
        del _kept[key]
        return None
    return held[1]
