"""SIGKILL a release run at every fault point; published versions must stay intact and the next run must clean up.

Each run is a real child process (``publish_driver.py``) that kills itself with
SIGKILL at the point named in BILATERAL_FAULT (see ``bilateral.faults``): no
``finally`` runs, the publish lock is released only because the kernel closes
the dead process's files. Runs for different points use separate copies of one
published output folder, so they can run side by side.
"""
from __future__ import annotations

import json
import shutil
import signal
from pathlib import Path

import pytest

from bilateral import faults, publish
from bilateral.atomic import TMP_PREFIX
from bilateral.verify import published_versions, verify_all

import publish_driver  # loaded by this folder's conftest
from reliability_helpers import run_jobs

pytestmark = pytest.mark.slow


def make_raw(root: Path) -> Path:
    raw = root / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Islamabad, 12 March 2024: Pakistan and China signed an energy agreement on Tuesday.\n")
    (raw / "b.txt").write_text("Ankara, 5 June 2023: Turkey and Greece held talks on maritime borders on Monday.\n")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "blob.bin").write_bytes(b"\x00\x01\x02" * 100)
    (raw / "copy.txt").write_bytes((raw / "a.txt").read_bytes())
    return raw


def latest_target(releases: Path) -> str | None:
    link = releases / "latest"
    return link.resolve().name if link.is_symlink() else None


def assert_only_complete_versions(releases: Path) -> list[str]:
    """Every visible version verifies against its manifest, and ``latest`` names one of them."""
    results = verify_all(releases.parent)
    broken = {name: problems for name, problems in results.items() if problems}
    assert not broken, f"partial or damaged versions visible: {broken}"
    assert latest_target(releases) in results
    return sorted(results)


def test_sigkill_at_every_point_leaves_releases_intact_and_next_run_cleans_up(tmp_path):
    raw = make_raw(tmp_path)
    base = tmp_path / "base"
    publish.publish(publish_driver.tables_of(raw), base)
    releases = base / "releases"
    (v1,) = assert_only_complete_versions(releases)

    # One killed run per fault point, each on its own copy of the published folder, side by side.
    outs = {point: tmp_path / f"out-{point}" for point in faults.POINTS}
    for out in outs.values():
        shutil.copytree(base, out, symlinks=True)
    for job in run_jobs(raw, [{"out": out, "fault": point} for point, out in outs.items()])[0]:
        assert job["signal"] == signal.SIGKILL, f"{job['fault']}: not killed there: {job}"

    for point, out in outs.items():
        rel = out / "releases"
        visible = assert_only_complete_versions(rel)
        if point == "after-rename":
            # The rename is the commit point: the version is complete and visible; latest still names v1.
            assert len(visible) == 2 and latest_target(rel) == v1, point
        else:
            assert visible == [v1], f"{point}: {visible}"
        if point in ("before-write", "after-write-tables", "after-manifest", "before-rename"):
            assert list(rel.glob(TMP_PREFIX + "*")), f"{point}: expected the dead run's staging folder"

    # The next run on each folder publishes normally and removes what the dead run left.
    for job in run_jobs(raw, [{"out": out} for out in outs.values()])[0]:
        assert job["exit"] == 0, f"recovery run failed: {job}"
    for point, out in outs.items():
        rel = out / "releases"
        visible = assert_only_complete_versions(rel)
        assert latest_target(rel) == visible[-1] and len(visible) == (3 if point == "after-rename" else 2), point
        assert not list(rel.glob(TMP_PREFIX + "*")), f"{point}: stale temporaries left: {list(rel.glob('.tmp-*'))}"
        index = json.loads((rel / "index.json").read_text())
        assert [v["version"] for v in index["versions"]] == published_versions(rel)
