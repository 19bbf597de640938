"""Build a raw folder and publish it with plain calls (no Prefect): the run the crash and concurrency tests kill or race.

    python publish_driver.py RAW OUT [LOCK_WAIT]      one run; exit 0 and the version folder on stdout,
                                                      or exit 2 and the PublishError message on stderr
    python publish_driver.py --jobs RAW JSON          many runs, one forked child each, side by side;
                                                      JSON is a list of {"out", "fault", "lock_wait",
                                                      "wait_for_staging"}; prints the jobs as a JSON list
                                                      with "signal" and "exit" added

``--jobs`` exists because importing pandas/pandera costs seconds per process:
the parent imports once and warms the extractor, then each child is a fork, a
separate process that builds, publishes and (with a fault) SIGKILLs itself for
real. Until the event extractor exists, only documents that need no extraction
(empty, binary, duplicate, ...) go through ``pipeline.process``; publishing,
the part under test, is the same either way.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from bilateral import ingest, pipeline, publish
from bilateral.atomic import PublishError


def tables_of(raw: Path):
    try:
        from bilateral.dates.finder import find  # noqa: F401, PLC0415
        from bilateral.events import extract  # noqa: F401, PLC0415
    except ImportError:
        return pipeline.assemble(pipeline.process(r) for r in ingest.ingest(raw) if r.status not in ingest.USABLE)
    return pipeline.build_tables(raw)


def run(raw: str, out: str, lock_wait: str = "60") -> int:
    tables = tables_of(Path(raw))
    try:
        final = publish.publish(tables, Path(out), lock_wait=float(lock_wait))
    except PublishError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(final, flush=True)
    return 0


def _wait_for_staging(releases: Path, timeout: float = 60) -> None:
    import time  # noqa: PLC0415

    deadline = time.monotonic() + timeout
    while not (releases.is_dir() and any(p.is_dir() for p in releases.glob(".tmp-*"))):
        if time.monotonic() > deadline:
            raise TimeoutError(f"no run started staging in {releases}")
        time.sleep(0.05)


def jobs(raw: str, spec: str) -> int:
    os.environ.pop("BILATERAL_FAULT", None)
    tables_of(Path(raw))  # warm up: dictionaries and models load once, before forking
    children = {}
    for job in json.loads(spec):
        pid = os.fork()
        if pid == 0:  # child: a real process of its own; the fault hook kills it with SIGKILL
            if job.get("fault"):
                os.environ["BILATERAL_FAULT"] = job["fault"]
            code = 1
            try:
                if job.get("wait_for_staging"):  # start only once another run holds the lock and stages
                    _wait_for_staging(Path(job["out"]) / "releases")
                code = run(raw, job["out"], str(job.get("lock_wait", 60)))
            finally:
                os._exit(code)
        children[pid] = job
    results = []
    for pid, job in children.items():
        _, status = os.waitpid(pid, 0)
        results.append(dict(job, signal=os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                            exit=os.WEXITSTATUS(status) if os.WIFEXITED(status) else None))
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--jobs":
        sys.exit(jobs(sys.argv[2], sys.argv[3]))
    sys.exit(run(*sys.argv[1:]))
