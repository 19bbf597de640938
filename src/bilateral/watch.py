"""A long-lived worker: ``bilateral watch`` runs an incremental release every N seconds in one process.

Why a worker beside the Prefect deployment: each scheduled Prefect run is a fresh
process (Prefect's runner spawns one per flow run), so every run pays the same
~2 s before it reaches the change: imports, then the dictionaries, gazetteer,
date rules and language model on the first document with text. A worker that
stays up pays them once; after that a cycle costs what the raw folder's change
costs (``docs/performance.md`` has the figures). A cycle is exactly
``incremental.run``: the same cache, the same no-change check (a cycle with
nothing new publishes nothing), the same tables as ``bilateral release``.

The worker stops between cycles, never inside one (unless signalled twice), on SIGINT or SIGTERM, after
``cycles`` cycles, or when the package's files change on disk (an upgrade: the
code it has loaded is no longer the code installed, and its releases would name
the wrong code version). A cycle that fails is reported and the next one runs:
a raw folder being moved or a lock held too long is not a reason to stop.
"""
from __future__ import annotations

import datetime as dt
import gc
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from bilateral import filememo, incremental


@dataclass
class Cycle:
    """What one cycle did (``bilateral watch --json`` prints it as one line)."""

    number: int
    started: str  # UTC, ISO 8601
    seconds: float
    published: str | None  # the new release's folder, or None
    reason: str  # "published", "no change: ...", or "error: ..."
    row_counts: dict[str, int] | None = None


def package_state(root: Path | None = None) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of each file of the installed package (or under ``root``): cheap enough to compare
    every cycle (~100 files)."""
    root = root or Path(str(resources.files("bilateral")))
    state = {}
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [name for name in dirnames if name != "__pycache__"]
        for name in filenames:
            if not name.endswith(".pyc"):
                try:
                    info = os.stat(os.path.join(folder, name))
                except FileNotFoundError:  # removed while listed (an upgrade in progress): a change all the same
                    continue
                state[os.path.join(folder, name)] = (info.st_size, info.st_mtime_ns)
    return state


def stop_on_signals(stop: threading.Event) -> None:
    """SIGINT and SIGTERM set ``stop`` (the worker stops after the cycle in progress); a second one raises
    KeyboardInterrupt, which stops it at once (a release being written is removed, as on any failure)."""
    received: list[int] = []

    def handler(signum, _frame) -> None:
        if received:
            raise KeyboardInterrupt
        received.append(signum)
        # Set from another thread, never here: the handler runs in the main thread, which may be inside
        # stop.wait() holding the event's lock, and Event.set() would then wait for that lock for ever.
        threading.Thread(target=stop.set, daemon=True).start()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, handler)


def run_cycle(number: int, raw_root: Path, out_root: Path, cache_root: Path | None = None) -> Cycle:
    """One incremental release; an exception is reported in the cycle, not raised."""
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    start = time.perf_counter()
    try:
        outcome = incremental.run(raw_root, out_root, cache_root)
    except Exception as exc:  # noqa: BLE001  (a worker outlives a bad cycle; the next one tries again)
        detail = "".join(traceback.format_exception_only(exc)).strip()
        return Cycle(number, started, time.perf_counter() - start, None, f"error: {detail}"[:1000])
    return Cycle(number, started, time.perf_counter() - start, outcome.published, outcome.reason,
                 outcome.row_counts)


def watch(raw_root: Path, out_root: Path, cache_root: Path | None = None, every: float = 60.0,
          cycles: int | None = None, stop: threading.Event | None = None,
          on_cycle: Callable[[Cycle], None] | None = None, package_root: Path | None = None) -> str:
    """Run a cycle, wait ``every`` seconds from its start, and again, until told to stop; return why it stopped.

    ``stop``: set it (a signal handler does) to stop after the cycle in progress. ``package_root``: the
    files whose change stops the worker (default: the installed package's).
    """
    stop = stop or threading.Event()
    installed = package_state(package_root)
    number = 0
    # What a cycle writes and the next reads back (file-hash record, scan facts, the release's tables) is
    # kept in memory while the worker runs (``bilateral.filememo``).
    with filememo.keeping():
        try:
            while True:
                number += 1
                started = time.monotonic()
                cycle = run_cycle(number, Path(raw_root), Path(out_root), cache_root)
                if on_cycle:
                    on_cycle(cycle)
                if cycles is not None and number >= cycles:
                    return f"stopped after {number} cycle(s)"
                _collect_while_idle()
                if stop.wait(max(0.0, every - (time.monotonic() - started))):
                    return f"stopped by request after {number} cycle(s)"
                if package_state(package_root) != installed:
                    return "stopped: the bilateral package changed on disk; start the worker again to run the new code"
        finally:
            gc.unfreeze()  # the caller's collector as it was: frozen objects are never freed, not even at exit


def _collect_while_idle() -> None:
    """A full garbage collection between cycles, and what survives it set aside (``gc.freeze``).

    What survives is mostly what the first cycle loaded and keeps (dictionaries, gazetteer, date rules,
    language model): frozen, it is not walked again by the collections during the next cycle, which
    then walk only what that cycle makes. Without this, the first rerun after a cold cycle spent ~0.2 s
    in one full collection. The collection itself (~0.15 s on Reuters) is done here, while idle;
    unfreezing first lets garbage among the frozen objects be collected too, so nothing accumulates.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
