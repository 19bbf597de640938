"""The release flow: build the tables of a raw corpus and publish them as a new version.

Only wiring lives here; every step is a plain function of ``bilateral.incremental``.
Work is batched (one task per batch of files, not per file) so Prefect's per-task
overhead stays small next to the work. Tasks pass paths, hashes and small
summaries, never the corpus or its tables: per-document results go to cache
files, and the last task reads them back, assembles and publishes.

The same flow runs on Prefect's default task runner or, given ``dask_address``,
on a Dask cluster through ``prefect_dask.DaskTaskRunner`` (the workers must see
the raw, output and cache folders at the same paths).
"""
from __future__ import annotations

import time

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import unmapped

from bilateral import incremental, provenance
from bilateral.progress import Tracker

BATCH_SIZE = incremental.BATCH_SIZE

# Prefect's default task runner (threads), bounded: extraction runs one document at a time per process
# anyway (``incremental._EXTRACTING``), and an unbounded pool starts every batch at once, each holding its
# partial results while it waits; with Arrow's allocator keeping memory per thread that took a full-corpus
# run to 1.4 GB of RSS (600 MB with 4 threads). A Dask run uses the cluster's workers instead.
THREADS = 4

# Results are plain files we manage (the cache); Prefect must not pickle or cache them as well.
_TASK_OPTIONS = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="scan", **_TASK_OPTIONS)
def scan_task(raw_dir: str, out_dir: str, cache_dir: str, rehash: bool = False) -> incremental.Survey:
    return incremental.survey(raw_dir, out_dir, cache_dir, rehash)


@task(name="extract-batch", **_TASK_OPTIONS)
def extract_batch(raw_dir: str, entries: list[incremental.Entry], cache_dir: str, code_fingerprint: str) -> dict:
    return incremental.process_batch(raw_dir, entries, cache_dir, code_fingerprint)


@task(name="assemble-and-publish", **_TASK_OPTIONS)
def finish_task(entries: list[incremental.Entry], cache_dir: str, out_dir: str, code_fingerprint: str) -> incremental.Outcome:
    incremental.check_code(code_fingerprint)
    outcome = incremental.finish(entries, cache_dir, out_dir)
    incremental.prune(entries, cache_dir)
    return outcome


@flow(name="bilateral-release", log_prints=True, task_runner=ThreadPoolTaskRunner(max_workers=THREADS))
def release_flow(raw_dir: str = "raw", out_dir: str = "output", batch_size: int = BATCH_SIZE,
                 cache_dir: str | None = None, dask_address: str | None = None, rehash: bool = False) -> dict:
    """Extract what changed under ``raw_dir``, publish a new version under ``out_dir`` if the tables changed."""
    if dask_address:
        from prefect_dask import DaskTaskRunner  # noqa: PLC0415  (only needed for scale-out)

        # The task runner is fixed per flow run, so the Dask run is this same flow as a subflow.
        on_dask = release_flow.with_options(task_runner=DaskTaskRunner(address=dask_address))
        return on_dask(raw_dir, out_dir, batch_size, cache_dir, None, rehash)
    logger = get_run_logger()
    cache_dir = cache_dir or f"{out_dir}/cache"
    started = time.perf_counter()
    found = scan_task(raw_dir, out_dir, cache_dir, rehash)
    entries = found.entries
    tracker = Tracker(found.files, found.bytes, logger=logger, started=started)
    logger.info("%d raw files (%.1f MB) in %s", found.files, tracker.total_bytes / 1e6, raw_dir)
    if entries is None:
        outcome = incremental.Outcome(None, found.reason, found.row_counts)
        tracker.advance({"files": found.files, "bytes": tracker.total_bytes})
    else:
        batches = incremental.batches(entries, batch_size, incremental.cached_shas(cache_dir))
        futures = extract_batch.map(unmapped(raw_dir), batches, unmapped(cache_dir),
                                    unmapped(provenance.code_fingerprint()))
        for future in as_completed(futures):
            tracker.advance(future.result())
        outcome = finish_task(entries, cache_dir, out_dir, provenance.code_fingerprint())
    line = tracker.summary(outcome.published or outcome.reason, outcome.row_counts)
    return {"published": outcome.published, "reason": outcome.reason, "row_counts": outcome.row_counts,
            "summary": line}
