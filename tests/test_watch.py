"""The long-lived worker: cycles of incremental releases in one process, stopped between cycles."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bilateral import watch
from tests.incremental.conftest import write_corpus

TABLES = ("documents", "sentences", "mentions", "events", "rejects")


def test_cycles_publish_on_change_only_and_match_a_fresh_run(tmp_path: Path) -> None:
    raw, out = write_corpus(tmp_path / "raw"), tmp_path / "out"
    cycles: list[watch.Cycle] = []

    def after(cycle: watch.Cycle) -> None:
        cycles.append(cycle)
        if cycle.number == 2:
            (raw / "a" / "visit.txt").write_text("Talks\n\nThe president of France visited Germany on Monday.\n",
                                                 encoding="utf-8")
            (raw / "c" / "storm.txt").unlink()

    why = watch.watch(raw, out, every=0, cycles=4, on_cycle=after)
    assert why == "stopped after 4 cycle(s)"
    assert [c.published is not None for c in cycles] == [True, False, True, False]
    assert cycles[1].reason.startswith("no change") and cycles[3].reason.startswith("no change")
    # What the worker published after the change is what a fresh process publishes from the same files.
    fresh = tmp_path / "fresh"
    subprocess.run([sys.executable, "-c", "import sys; from bilateral import incremental; "
                    "incremental.run(sys.argv[1], sys.argv[2])", str(raw), str(fresh)], check=True)
    for name in TABLES:
        for suffix in (".parquet", ".csv"):
            mine = Path(cycles[2].published) / f"{name}{suffix}"
            assert mine.read_bytes() == (fresh / "releases" / "latest" / f"{name}{suffix}").read_bytes(), mine.name
    documents = (Path(cycles[2].published) / "documents.csv").read_text(encoding="utf-8")
    assert "c/storm.txt" not in documents and "a/visit.txt" in documents


def test_a_failed_cycle_is_reported_and_the_next_one_runs(tmp_path: Path) -> None:
    raw, out = write_corpus(tmp_path / "raw"), tmp_path / "out"
    hidden = tmp_path / "hidden"
    cycles: list[watch.Cycle] = []

    def after(cycle: watch.Cycle) -> None:
        cycles.append(cycle)
        if cycle.number == 1:
            raw.rename(hidden)  # the raw folder is being moved
        elif cycle.number == 2:
            hidden.rename(raw)

    watch.watch(raw, out, every=0, cycles=3, on_cycle=after)
    assert cycles[0].published and cycles[1].published is None
    assert cycles[1].reason.startswith("error: ") and "raw" in cycles[1].reason
    assert cycles[2].reason.startswith("no change")  # back as it was: nothing to publish


def test_the_worker_stops_when_its_package_changes_on_disk(tmp_path: Path) -> None:
    raw, out, package = write_corpus(tmp_path / "raw"), tmp_path / "out", tmp_path / "package"
    package.mkdir()
    (package / "module.py").write_text("A = 1\n", encoding="utf-8")
    cycles: list[watch.Cycle] = []

    def after(cycle: watch.Cycle) -> None:
        cycles.append(cycle)
        if cycle.number == 2:
            (package / "module.py").write_text("A = 22\n", encoding="utf-8")  # an upgrade landed

    why = watch.watch(raw, out, every=0, cycles=10, on_cycle=after, package_root=package)
    assert len(cycles) == 2 and why.startswith("stopped: the bilateral package changed on disk")


def test_the_command_stops_between_cycles_on_sigterm(tmp_path: Path) -> None:
    raw, out = write_corpus(tmp_path / "raw"), tmp_path / "out"
    command = [str(Path(sys.executable).with_name("bilateral")), "watch", "--raw", str(raw), "--out", str(out),
               "--every", "0.2", "--json"]
    worker = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        first = json.loads(worker.stdout.readline())
        second = json.loads(worker.stdout.readline())
        assert first["number"] == 1 and first["reason"] == "published" and first["published"]
        assert second["number"] == 2 and second["reason"].startswith("no change")
        worker.send_signal(signal.SIGTERM)
        _rest, errors = worker.communicate(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0 and "stopped by request" in errors
    assert len([p for p in (out / "releases").iterdir() if not p.is_symlink() and not p.name.startswith(".")
                and p.is_dir()]) == 1


SIGNALS_DURING_WAIT = """
import os, random, signal, threading, time
from bilateral import watch
rng = random.Random(7)
for trial in range(int(os.environ["TRIALS"])):
    stop = threading.Event()
    watch.stop_on_signals(stop)
    threading.Timer(rng.random() / 500, os.kill, (os.getpid(), signal.SIGTERM)).start()
    while not stop.wait(0):  # the signal lands inside Event.wait, with its lock held, now and then
        pass
print("done")
try:
    stop = threading.Event()
    watch.stop_on_signals(stop)
    os.kill(os.getpid(), signal.SIGINT)
    stop.wait(5)
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(5)
except KeyboardInterrupt:
    print("second signal: at once")
"""


def test_signals_landing_inside_the_wait_never_hang_and_a_second_stops_at_once() -> None:
    # An Event.set() in the handler itself hung here within the first few trials (the wait holds the lock).
    done = subprocess.run([sys.executable, "-c", SIGNALS_DURING_WAIT], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "TRIALS": "300"})
    assert done.stdout.split() == ["done", "second", "signal:", "at", "once"], done.stderr[-2000:]


def test_the_command_refuses_zero_cycles(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw")
    done = subprocess.run([str(Path(sys.executable).with_name("bilateral")), "watch", "--raw", str(raw), "--out",
                           str(tmp_path / "out"), "--cycles", "0"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "--cycles must be 1 or more" in done.stderr
    assert not (tmp_path / "out").exists()
