"""The release flow gives byte-identical tables on Prefect's default runner and on a Dask cluster."""
from __future__ import annotations

from pathlib import Path

import pytest

from bilateral import cache

TABLE_FILES = [f"{name}{suffix}" for name in ("documents", "sentences", "mentions", "events", "rejects")
               for suffix in (".parquet", ".csv")]


@pytest.mark.slow
def test_dask_and_default_runner_publish_identical_tables(corpus: Path, tmp_path: Path, flow_runner,
                                                         prefect_server) -> None:
    from distributed import LocalCluster

    default = flow_runner(corpus, tmp_path / "out-default", prefect_server.api_url)
    # Two worker processes: the documents are processed away from the flow's own process.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        on_dask = flow_runner(corpus, tmp_path / "out-dask", prefect_server.api_url, dask_address=cluster.scheduler_address)
    assert default["published"] and on_dask["published"]
    assert default["row_counts"] == on_dask["row_counts"]
    for name in TABLE_FILES:
        assert (Path(default["published"]) / name).read_bytes() == (Path(on_dask["published"]) / name).read_bytes(), name
    # The Dask workers wrote the per-document cache the default run wrote (batch files named by their content).
    files = lambda out: sorted(p.name for p in (out / "cache").rglob("batch-*.jsonl"))  # noqa: E731
    assert files(tmp_path / "out-default") == files(tmp_path / "out-dask")
    shas = {sha for path in (tmp_path / "out-dask" / "cache").rglob("batch-*.jsonl") for sha in cache.listed(path)}
    assert len(shas) == 4  # the usable files of the corpus


@pytest.mark.slow
def test_flow_noop_rerun_publishes_nothing(corpus: Path, tmp_path: Path, flow_runner, prefect_server) -> None:
    first = flow_runner(corpus, tmp_path / "out", prefect_server.api_url)
    second = flow_runner(corpus, tmp_path / "out", prefect_server.api_url)
    assert first["published"] and second["published"] is None
    assert second["reason"].startswith("no change") and "no change" in second["summary"]
