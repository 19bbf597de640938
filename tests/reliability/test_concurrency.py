"""Two runs publishing into one output folder: never both at once, never a corrupted or shared version."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bilateral.atomic import TMP_PREFIX
from bilateral.verify import published_versions, verify_all

from reliability_helpers import run_jobs  # loaded by this folder's conftest

pytestmark = pytest.mark.slow


def test_concurrent_runs_serialise_on_the_lock_and_a_no_wait_run_exits_clearly(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Islamabad, 12 March 2024: Pakistan and China signed an energy agreement on Tuesday.\n")
    (raw / "empty.txt").write_bytes(b"")
    together, held = tmp_path / "together", tmp_path / "held"
    jobs, stderr = run_jobs(raw, [
        # Two runs started at the same moment on one folder, both willing to wait.
        {"out": together}, {"out": together},
        # A holds the lock 3 s while staging; B (no waiting) must give up with a message; C waits its turn.
        {"out": held, "fault": "pause:before-write:3"},
        {"out": held, "wait_for_staging": True, "lock_wait": 0},
        {"out": held, "wait_for_staging": True, "lock_wait": 60},
    ])
    first, second, holder, impatient, patient = jobs
    assert first["exit"] == second["exit"] == 0, stderr
    assert holder["exit"] == 0 and patient["exit"] == 0, stderr
    assert impatient["exit"] == 2, stderr
    assert "another bilateral run is publishing into" in stderr and "Traceback" not in stderr

    for out in (together, held):
        releases = out / "releases"
        versions = published_versions(releases)
        assert len(versions) == 2, f"{out.name}: {versions}"  # two distinct versions, none overwritten
        assert all(not problems for problems in verify_all(out).values()), verify_all(out)
        assert (releases / "latest").resolve().name == versions[-1]
        assert not list(releases.glob(TMP_PREFIX + "*"))
        index = json.loads((releases / "index.json").read_text())
        assert [v["version"] for v in index["versions"]] == versions
