"""Serve the release flow on a schedule against a Prefect server (``make serve-flows``).

    PREFECT_API_URL=http://127.0.0.1:4200/api python -m flows.serve --raw raw --out output --cron "0 3 * * *"

This registers the deployment ``bilateral-release/scheduled`` with its schedule
and parameters on the server and then runs each scheduled run in a subprocess,
until stopped (Ctrl-C pauses the schedule). The server keeps the schedule and
the run history: SQLite under PREFECT_HOME by default, PostgreSQL when the
server is started with PREFECT_API_DATABASE_CONNECTION_URL set (see docs/performance.md).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from flows.release import BATCH_SIZE, release_flow


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m flows.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw", default="raw", help="raw root the scheduled runs read")
    parser.add_argument("--out", default="output", help="output root the scheduled runs publish into")
    parser.add_argument("--cron", default="0 3 * * *", help="cron schedule, UTC (default: daily at 03:00)")
    parser.add_argument("--interval", type=float, help="an interval in seconds instead of the cron schedule")
    parser.add_argument("--name", default="scheduled", help="deployment name")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--dask-address", help="run the tasks on this Dask scheduler (tcp://host:port)")
    args = parser.parse_args(argv)
    # Absolute paths: the runs execute in their own processes, not necessarily from this folder.
    parameters = {"raw_dir": str(Path(args.raw).resolve()), "out_dir": str(Path(args.out).resolve()),
                  "batch_size": args.batch_size, "dask_address": args.dask_address}
    schedule = {"interval": args.interval} if args.interval else {"cron": args.cron}
    # limit=1: a run that outlasts the interval is not overlapped by the next one.
    release_flow.serve(name=args.name, parameters=parameters, limit=1, tags=["bilateral"], **schedule)


if __name__ == "__main__":
    main()
