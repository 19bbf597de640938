"""Helpers shared by the reliability tests (loaded by conftest.py as ``reliability_helpers``)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


def extractor_available() -> bool:
    """True once the dates finder and the event extractor exist (other engineers are writing them)."""
    try:
        from bilateral.dates.finder import find  # noqa: F401, PLC0415
        from bilateral.events import extract  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def run_jobs(raw: Path, jobs: list[dict], timeout: float = 150) -> tuple[list[dict], str]:
    """Run several publishes side by side as forked children of one driver; (jobs with results, stderr)."""
    import json  # noqa: PLC0415

    env = {k: v for k, v in os.environ.items() if k != "BILATERAL_FAULT"}
    spec = json.dumps([dict(job, out=str(job["out"])) for job in jobs])
    done = subprocess.run([PYTHON, str(HERE / "publish_driver.py"), "--jobs", str(raw), spec],
                          env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr
