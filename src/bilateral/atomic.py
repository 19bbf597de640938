"""Crash- and concurrency-safety for the releases directory.

- ``publish_lock``: one run at a time publishes (an flock on ``releases/.lock``);
- a release is staged in ``.tmp-*`` and renamed into place; ``remove_stale_temporaries``
  deletes what a killed run left (called under the lock, so never a live run's);
- ``point_latest`` swaps the ``latest`` symlink atomically (rename over it);
- ``fsync_tree`` makes the staged files durable before the rename.
"""
from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TMP_PREFIX = ".tmp-"
LOCK_NAME = ".lock"


class PublishError(Exception):
    """A release could not be published (another run holds the lock, the version exists, ...)."""


@contextmanager
def publish_lock(releases: Path, wait_seconds: float = 60.0) -> Iterator[None]:
    """Hold the releases directory's lock; wait up to ``wait_seconds`` for another run to finish."""
    releases.mkdir(parents=True, exist_ok=True)
    with (releases / LOCK_NAME).open("a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() >= deadline:
                    raise PublishError(f"another bilateral run is publishing into {releases}; "
                                       f"gave up after {wait_seconds:.0f}s") from exc
                time.sleep(0.2)
        try:
            handle.seek(0), handle.truncate(), handle.write(f"{os.getpid()}\n"), handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale_temporaries(releases: Path) -> list[str]:
    """Delete what a killed run left behind. Call only while holding the lock."""
    removed = []
    for path in releases.glob(TMP_PREFIX + "*"):
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed


def point_latest(releases: Path, version: str) -> None:
    link = releases / "latest"
    temporary = releases / f"{TMP_PREFIX}latest-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(version)
    os.replace(temporary, link)
    # Makes the version's rename (done just before) and the new link durable: both are entries of this folder.
    fsync_dir(releases)


def fsync_tree(directory: Path) -> None:
    for path in directory.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    fsync_dir(directory)


def fsync_dir(directory: Path) -> None:
    """Flush a folder's entries (new names, renames) to disk; a file's fsync does not cover them."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
