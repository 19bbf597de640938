"""A scheduled deployment on a real Prefect server creates runs on its own, and they complete."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Needs sqlalchemy<2.1 (pinned in pyproject.toml): under 2.1 prefect 3.8.8's scheduler service fails to
# insert the runs it schedules ("Can't evaluate bulk DML statement" in the server log) and this test fails.

QUERY = """
import asyncio, json, sys, time
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName

async def main(name, timeout):
    async with get_client() as client:
        deadline = time.monotonic() + timeout
        while True:
            deployments = await client.read_deployments(deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=[name])))
            runs = await client.read_flow_runs(deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=[name])))
            if any(r.state and r.state.is_completed() for r in runs) or time.monotonic() > deadline:
                break
            await asyncio.sleep(2)
        print("ANSWER " + json.dumps({
            "schedules": [str(s.schedule) for d in deployments for s in d.schedules],
            "parameters": [d.parameters for d in deployments],
            "runs": [{"state": r.state.type.value if r.state else None, "auto_scheduled": r.auto_scheduled} for r in runs],
        }))

asyncio.run(main(sys.argv[1], float(sys.argv[2])))
"""


@pytest.mark.slow
def test_scheduled_run_is_created_and_completes(tmp_path: Path, prefect_server, corpus, env_for) -> None:
    out = tmp_path / "out"
    env = env_for(tmp_path / "serve-home", PREFECT_API_URL=prefect_server.api_url, PREFECT_RUNNER_POLL_FREQUENCY="2")
    log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen([sys.executable, "-m", "flows.serve", "--raw", str(corpus), "--out", str(out),
                              "--interval", "5", "--name", "every-5s"],
                             cwd=Path(__file__).resolve().parents[2], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        done = subprocess.run([sys.executable, "-c", QUERY, "every-5s", "90"], env=env_for(tmp_path / "query-home",
                              PREFECT_API_URL=prefect_server.api_url), capture_output=True, text=True, timeout=150)
    finally:
        serve.terminate()
        serve.wait(timeout=30)
        log.close()
    lines = [line for line in done.stdout.splitlines() if line.startswith("ANSWER ")]
    assert lines, done.stderr[-3000:] + (tmp_path / "serve.log").read_text()[-3000:]
    answer = json.loads(lines[-1][len("ANSWER "):])
    assert answer["schedules"] and "interval" in answer["schedules"][0]
    assert answer["parameters"][0]["raw_dir"] == str(corpus)
    completed = [r for r in answer["runs"] if r["state"] == "COMPLETED"]
    assert completed and all(r["auto_scheduled"] for r in completed), answer | {"log": (tmp_path / "serve.log").read_text()[-3000:]}
    assert (out / "releases" / "latest" / "manifest.json").exists()
