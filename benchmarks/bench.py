"""Benchmark of the build: cold, no-op and 1%-change runs, memory, and Dask beside the default runner.

    make bench                     # full: Reuters-21578 (21,578 docs) and BBC News
    python benchmarks/bench.py --quick

Each measured run is a fresh subprocess (its wall time and ru_maxrss are its
own). Plain runs call ``bilateral.incremental.run`` (no Prefect, one core);
flow runs call the Prefect flow, and a flow run on a one-file corpus gives the
flow's fixed overhead (temporary server, task set-up) apart from the work.
The worker rows are the cycles of one long-lived ``bilateral watch`` process
(``bilateral.watch``): each cycle's own seconds, and the process's peak RSS so far.
Corpora come from the repository's sibling ``../shared/corpora`` (or ``$BILATERAL_CORPORA``);
skips with a message (exit 0) when they are absent.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The corpora are not part of the repository: they sit beside it, or where the variable says.
SHARED = Path(os.environ.get("BILATERAL_CORPORA") or REPO.parent / "shared" / "corpora")
REUTERS = SHARED / "reuters21578" / "reuters21578.jsonl"
BBC = SHARED / "bbc-news" / "bbc.jsonl"

MEASURE = """
import json, resource, sys, time
mode, raw, out = sys.argv[1:4]
start = time.perf_counter()
if mode == "plain":
    from bilateral import incremental
    outcome = incremental.run(raw, out)
    info = {"published": outcome.published is not None, "reason": outcome.reason, "rows": outcome.row_counts}
else:
    from flows.release import release_flow
    address = None
    if mode == "dask":
        from distributed import LocalCluster
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
        address = cluster.scheduler_address
    result = release_flow(raw_dir=raw, out_dir=out, dask_address=address)
    info = {"published": result["published"] is not None, "reason": result["reason"], "rows": result["row_counts"]}
info.update(seconds=time.perf_counter() - start, rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print("MEASURE " + json.dumps(info))
"""


# The long-lived worker (``bilateral watch``): its cycles in one process, the raw folder changed between them
# as in the plain rows (cycle 1 cold, 2 with no change, 3-5 each after 1% of the files changed, 6 after one file).
WORKER = """
import json, resource, sys
from pathlib import Path
raw, out, bench_dir = sys.argv[1:4]
sys.path.insert(0, bench_dir)
import bench
from bilateral import watch
raw, cycles = Path(raw), []
n = sum(1 for _ in raw.iterdir())
changes = {2: 0.01, 3: 0.01, 4: 0.01, 5: 1 / n}
def after(cycle):
    cycles.append({"seconds": cycle.seconds, "published": cycle.published is not None, "reason": cycle.reason,
                   "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
    if cycle.number in changes:
        cycles[-1]["changed"] = bench.change_files(raw, changes[cycle.number])
watch.watch(raw, out, every=0, cycles=6, on_cycle=after)
print("MEASURE " + json.dumps(cycles))
"""


def write_raw(jsonl: Path, raw: Path, limit: int | None = None) -> tuple[int, int]:
    """Each document's title and text as one .txt file; returns (files, bytes)."""
    raw.mkdir(parents=True, exist_ok=True)
    n = size = 0
    with jsonl.open(encoding="utf-8") as handle:
        for line in handle:
            if limit is not None and n >= limit:
                break
            doc = json.loads(line)
            text = f"{doc.get('title') or ''}\n\n{doc.get('text') or ''}\n"
            data = text.encode("utf-8")
            (raw / f"{n:06d}.txt").write_bytes(data)
            n, size = n + 1, size + len(data)
    return n, size


def measure(mode: str, raw: Path, out: Path, env: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", MEASURE, mode, str(raw), str(out)], env=env,
                          capture_output=True, text=True, timeout=3600)
    lines = [line for line in done.stdout.splitlines() if line.startswith("MEASURE ")]
    if done.returncode != 0 or not lines:
        sys.exit(f"{mode} run failed:\n{done.stderr[-4000:]}")
    return json.loads(lines[-1][len("MEASURE "):])


def measure_worker(raw: Path, out: Path, env: dict) -> list[dict]:
    done = subprocess.run([sys.executable, "-c", WORKER, str(raw), str(out), str(REPO / "benchmarks")], env=env,
                          capture_output=True, text=True, timeout=3600)
    lines = [line for line in done.stdout.splitlines() if line.startswith("MEASURE ")]
    if done.returncode != 0 or not lines:
        sys.exit(f"worker run failed:\n{done.stderr[-4000:]}")
    cycles = json.loads(lines[-1][len("MEASURE "):])
    if any(cycle["reason"].startswith("error") for cycle in cycles):
        sys.exit(f"a worker cycle failed: {cycles}")
    return cycles


def change_files(raw: Path, fraction: float) -> int:
    files = sorted(raw.iterdir())
    step = max(1, round(1 / fraction))
    changed = files[::step]
    for path in changed:
        path.write_text(path.read_text(encoding="utf-8") + "\nThe ministry gave no further details.\n", encoding="utf-8")
    return len(changed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 Reuters docs and 500 BBC docs (a minute or two)")
    parser.add_argument("--no-flow", action="store_true", help="skip the Prefect/Dask runs")
    args = parser.parse_args()
    if not REUTERS.exists() or not BBC.exists():
        print(f"bench skipped: {SHARED} is not present on this machine")
        return 0
    work = Path(tempfile.mkdtemp(prefix="bilateral-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    # Every run imports a snapshot of the package taken now: the cache is keyed on the code, so an edit
    # in the checkout during the bench would otherwise make each rerun a cold run.
    shutil.copytree(REPO / "src" / "bilateral", work / "code" / "bilateral",
                    ignore=shutil.ignore_patterns("__pycache__"))
    # Bytecode for the snapshot, as an installed package has: with PYTHONDONTWRITEBYTECODE set, every
    # run would otherwise compile the package from source again (the fingerprint ignores __pycache__).
    compileall.compile_dir(work / "code", quiet=1)
    env.update(PYTHONPATH=os.pathsep.join([str(work / "code"), str(REPO)]),
               PREFECT_HOME=str(work / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120", PREFECT_LOGGING_LEVEL="WARNING")
    # Likewise the language model's uncompressed copy (``bilateral.langmodel``), written by a machine's first
    # run: every measured run finds it, as every run but the first on a machine does (kept in the bench's
    # own folder, not the user's cache).
    env["XDG_CACHE_HOME"] = str(work / "user-cache")
    subprocess.run([sys.executable, "-c", "from bilateral import langmodel; langmodel.identifier()"], env=env, check=True)
    limit, bbc_limit = (2000, 500) if args.quick else (None, None)
    rows = []
    try:
        n, size = write_raw(REUTERS, work / "reuters", limit)
        half_n, half_size = write_raw(REUTERS, work / "reuters-half", n // 2)
        cold = measure("plain", work / "reuters", work / "out", env)
        rows.append(("reuters cold (plain, 1 core)", n, size, cold))
        noop = measure("plain", work / "reuters", work / "out", env)
        rows.append(("reuters no-op rerun", n, size, noop))
        changed = change_files(work / "reuters", 0.01)
        one_pct = measure("plain", work / "reuters", work / "out", env)
        rows.append((f"reuters rerun, {changed} files (1%) changed", n, size, one_pct))
        # One file changed: what a rerun costs whatever the change (process start, imports, models, whole tables).
        change_files(work / "reuters", 1 / n)
        rows.append(("reuters rerun, 1 file changed", n, size, measure("plain", work / "reuters", work / "out", env)))
        half = measure("plain", work / "reuters-half", work / "out-half", env)
        rows.append(("reuters half, cold", half_n, half_size, half))
        write_raw(REUTERS, work / "reuters-worker", limit)
        cycles = measure_worker(work / "reuters-worker", work / "out-worker", env)
        # Three 1% cycles: the target row takes their median, each is shown.
        worker_one_pct = sorted(cycles[2:5], key=lambda cycle: cycle["seconds"])[1]
        labels = ("worker cycle 1, cold", "worker cycle 2, no change",
                  *(f"worker cycle {k}, {cycles[1]['changed']} files (1%) changed" for k in (3, 4, 5)),
                  "worker cycle 6, 1 file changed")
        rows += [(label, n, size, cycle) for label, cycle in zip(labels, cycles, strict=True)]
        bbc_n, bbc_size = write_raw(BBC, work / "bbc", bbc_limit)
        rows.append(("bbc cold (plain, 1 core)", bbc_n, bbc_size, measure("plain", work / "bbc", work / "out-bbc", env)))
        if not args.no_flow:
            tiny = work / "tiny"
            write_raw(REUTERS, tiny, 1)
            overhead = measure("flow", tiny, work / "out-tiny", env)
            rows.append(("flow overhead (1 file)", 1, 0, overhead))
            rows.append(("flow, default runner, cold", n, size, measure("flow", work / "reuters", work / "out-flow", env)))
            rows.append(("flow, Dask 2 workers, cold", n, size, measure("dask", work / "reuters", work / "out-dask", env)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(report(rows, cold, noop, one_pct, worker_one_pct, half, args.quick))
    return 0


# Flat: a doubled corpus within 5% of the peak RSS of the half (run-to-run, peak RSS varies by 2-3% here).
FLAT = 1.05
RATE_MIN_BYTES = 100_000


def report(rows, cold, noop, one_pct, worker_one_pct, half, quick) -> str:
    lines = [f"bilateral benchmark ({'quick' if quick else 'full'}; {os.cpu_count()} cores)", "",
             "| run | docs | MB | seconds | docs/s | MB/s | peak RSS MB | published |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for name, n, size, m in rows:
        secs = m["seconds"]
        # A rate over a near-empty corpus measures start-up, not throughput.
        rates = (f"{n / secs:.0f} | {size / 1e6 / secs:.2f}" if size >= RATE_MIN_BYTES else "– | –")
        lines.append(f"| {name} | {n} | {size / 1e6:.1f} | {secs:.1f} | {rates} | "
                     f"{m['rss_mb']:.0f} | {'yes' if m['published'] else 'no: ' + m['reason']} |")
    mbps = rows[0][2] / 1e6 / cold["seconds"]
    peak = max(m["rss_mb"] for _name, _n, _size, m in rows)
    half_size = next(size for name, _n, size, _m in rows if name == "reuters half, cold")
    lines += ["", "| target | measured | met |", "|---|---:|---|",
              f"| cold >= 1 MB/s on one core | {mbps:.2f} MB/s | {'yes' if mbps >= 1 else 'no'} |",
              f"| no-op rerun <= 5% of cold | {noop['seconds'] / cold['seconds']:.1%} | {'yes' if noop['seconds'] <= 0.05 * cold['seconds'] else 'no'} |",
              f"| 1% change <= 10% of cold, a run per process (cron, Prefect) | {one_pct['seconds'] / cold['seconds']:.1%} | {'yes' if one_pct['seconds'] <= 0.10 * cold['seconds'] else 'no'} |",
              f"| 1% change <= 10% of cold, long-lived worker (bilateral watch; median of 3 cycles) | {worker_one_pct['seconds'] / cold['seconds']:.1%} | {'yes' if worker_one_pct['seconds'] <= 0.10 * cold['seconds'] else 'no'} |",
              f"| peak RSS < 1 GB | {cold['rss_mb']:.0f} MB (plain cold), {peak:.0f} MB (highest of any run) | "
              f"{'yes' if peak < 1024 else 'no'} |",
              f"| RSS flat as the corpus doubles: full / half <= {FLAT:.2f}x | {cold['rss_mb'] / half['rss_mb']:.2f}x "
              f"(+{cold['rss_mb'] - half['rss_mb']:.0f} MB for +{(rows[0][2] - half_size) / 1e6:.1f} MB of text) | "
              f"{'yes' if cold['rss_mb'] <= FLAT * half['rss_mb'] else 'no'} |"]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
