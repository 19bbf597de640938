"""Fixtures for the flow tests: an isolated Prefect home, a small corpus, and running the flow in a subprocess.

The flow runs in a subprocess so each run has its own Prefect settings and
server.
"""
from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INCREMENTAL_CONFTEST = REPO / "tests" / "incremental" / "conftest.py"


def _incremental_conftest():
    spec = importlib.util.spec_from_file_location("bilateral_incremental_conftest", INCREMENTAL_CONFTEST)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


write_corpus = _incremental_conftest().write_corpus

RUN_FLOW = """
import json, sys
from flows.release import release_flow
result = release_flow(raw_dir=sys.argv[1], out_dir=sys.argv[2], dask_address=sys.argv[3] or None)
print("RESULT " + json.dumps(result))
"""


def prefect_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOGGING_LEVEL="INFO",
               # A loaded 2-core machine can take longer than the default 20 s to start a temporary server.
               PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120", **extra)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``prefect server start`` on 127.0.0.1 with its own home (SQLite there), as a subprocess."""

    def __init__(self, home: Path, **settings: str) -> None:
        self.home, self.port = home, free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        home.mkdir(parents=True, exist_ok=True)
        self.log = (home / "server.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
            env=prefect_env(home, **settings), stdout=self.log, stderr=subprocess.STDOUT, cwd=home)

    def wait_healthy(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (self.home / "server.log").read_text()[-3000:]
            try:
                with urllib.request.urlopen(self.api_url + "/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise TimeoutError(f"prefect server not healthy after {timeout}s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def run_flow(raw: Path, out: Path, api_url: str, dask_address: str = "", timeout: float = 240) -> dict:
    home = out.parent / f"{out.name}-prefect-home"
    done = subprocess.run([sys.executable, "-c", RUN_FLOW, str(raw), str(out), dask_address],
                          cwd=REPO, env=prefect_env(home, PREFECT_API_URL=api_url), capture_output=True, text=True,
                          timeout=timeout)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stdout[-3000:] + done.stderr[-5000:]
    return json.loads(lines[-1][len("RESULT "):])


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """One real Prefect server for the flow tests of this session (it takes ~10-20 s to start)."""
    server = Server(tmp_path_factory.mktemp("prefect-server-home"), PREFECT_API_SERVICES_SCHEDULER_LOOP_SECONDS="2")
    try:
        server.wait_healthy()
        yield server
    finally:
        server.stop()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "raw")


@pytest.fixture
def flow_runner():
    """``run_flow(raw, out, api_url, dask_address="")`` -> the flow's result dict."""
    return run_flow


@pytest.fixture
def env_for():
    """``env_for(home, **settings)``: this environment without PREFECT_* settings, plus an own PREFECT_HOME."""
    return prefect_env
