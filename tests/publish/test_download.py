"""bilateral download against a real HTTP server on 127.0.0.1 (http.server in a thread)."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import bilateral
from bilateral.download import DownloadError, download, safe_path

BILATERAL = str(Path(sys.executable).with_name("bilateral"))


class Handler(SimpleHTTPRequestHandler):
    """Static files with HTTP Range support, and a switch to cut a file off halfway.

    ``drops`` maps a URL path to how many more times it is cut off (-1: always).
    """

    drops: dict[str, int] = {}
    busy: dict[str, int] = {}  # URL path -> how many more times to answer 503 with Retry-After: 0
    log: list[tuple[str, str | None]] = []

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.log.append((self.path, self.headers.get("Range")))
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            return super().do_GET()
        if self.busy.get(self.path, 0) > 0:
            self.busy[self.path] -= 1
            self.send_response(503)
            self.send_header("Retry-After", "0")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = path.read_bytes()
        start = 0
        if (value := self.headers.get("Range", "")).startswith("bytes="):
            start = int(value[6:].split("-")[0])
        body = data[start:]
        self.send_response(206 if start else 200)
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        left = self.drops.get(self.path, 0)
        if left:
            self.drops[self.path] = left - 1 if left > 0 else left
            self.wfile.write(body[: len(body) // 2])  # half the file, then the connection closes
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)


@contextmanager
def serve(directory: Path, drops: dict[str, int] | None = None,
          busy: dict[str, int] | None = None) -> Iterator[tuple[str, type[Handler]]]:
    handler = type("H", (Handler,), {"drops": dict(drops or {}), "busy": dict(busy or {}), "log": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/releases", handler
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site_root(published, tmp_path):
    """A copy of the output folder to serve (tests may tamper with it)."""
    root = tmp_path / "served"
    shutil.copytree(published, root, symlinks=True)
    return root


def _version(root: Path) -> str:
    return json.loads((root / "releases" / "index.json").read_text())["latest"]


def test_download_latest_verifies_and_places_the_release(site_root, tmp_path):
    dest = tmp_path / "data"
    with serve(site_root) as (url, handler):
        path = download("latest", url, dest, progress=False)
    version = _version(site_root)
    assert path == dest / version
    source = site_root / "releases" / version
    for item in json.loads((source / "manifest.json").read_text())["files"]:
        assert (path / item["path"]).read_bytes() == (source / item["path"]).read_bytes()
    assert (path / "SHA256SUMS").exists() and (path / "manifest.json").exists()
    assert [p.name for p in dest.parent.iterdir() if p.name.startswith(".")] == []  # no partial folder left
    events = bilateral.load(root=dest)
    assert len(events) == 5 and str(events["n_mentions"].dtype) == "Int64"


def test_cli_download_exits_zero(site_root, tmp_path):
    with serve(site_root) as (url, _):
        result = subprocess.run([BILATERAL, "download", _version(site_root), "--from", url, "--to",
                                 str(tmp_path / "data"), "--quiet"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "downloaded and verified" in result.stdout


def test_tampered_file_fails_cleanly_and_leaves_dir_untouched(site_root, tmp_path):
    version = _version(site_root)
    target = site_root / "releases" / version / "events.csv"
    data = bytearray(target.read_bytes())
    data[-2] = ord("X") if data[-2] != ord("X") else ord("Y")  # same size, different content
    target.write_bytes(bytes(data))
    dest = tmp_path / "data"
    with serve(site_root) as (url, _):
        result = subprocess.run([BILATERAL, "download", "latest", "--from", url, "--to", str(dest), "--quiet"],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "events.csv: checksum mismatch" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not dest.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_server_dropping_mid_file_fails_cleanly(site_root, tmp_path):
    dest = tmp_path / "data"
    version = _version(site_root)
    with serve(site_root, drops={f"/releases/{version}/events.parquet": -1}) as (url, handler):
        with pytest.raises(DownloadError, match=r"events\.parquet: failed after 3 attempts"):
            download("latest", url, dest, retries=2, backoff=0.01, progress=False)
        attempts = [r for p, r in handler.log if p.endswith("/events.parquet")]
        # the retries resume where the cut-off left the file
        assert len(attempts) == 3 and attempts[0] is None and all(r and r != "bytes=0-" for r in attempts[1:])
        result = subprocess.run([BILATERAL, "download", "latest", "--from", url, "--to", str(dest), "--quiet",
                                 "--retries", "1"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "events.parquet" in result.stderr
    assert "Traceback" not in result.stderr
    assert not dest.exists()


def test_resumes_with_range_after_a_dropped_connection(site_root, tmp_path):
    version = _version(site_root)
    path = f"/releases/{version}/mentions.parquet"
    with serve(site_root, drops={path: 1}) as (url, handler):
        placed = download(version, url, tmp_path / "data", retries=3, backoff=0.01, progress=False)
    ranges = [r for p, r in handler.log if p == path]
    size = (site_root / "releases" / version / "mentions.parquet").stat().st_size
    assert ranges == [None, f"bytes={size // 2}-"]
    assert (placed / "mentions.parquet").read_bytes() == (site_root / "releases" / version / "mentions.parquet").read_bytes()


@pytest.mark.parametrize("bad", ["../escape.txt", "/etc/passwd", "schemas/../../x", "a\\b", "C:/x", ""])
def test_paths_that_escape_dir_are_refused(site_root, tmp_path, bad):
    index_path = site_root / "releases" / "index.json"
    index = json.loads(index_path.read_text())
    index["versions"][-1]["files"].append({"path": bad, "bytes": 1, "sha256": "0" * 64})
    index_path.write_text(json.dumps(index))
    dest = tmp_path / "data"
    with serve(site_root) as (url, handler):
        with pytest.raises(DownloadError, match="unsafe path"):
            download("latest", url, dest, progress=False)
    assert [p for p, _ in handler.log] == ["/releases/index.json"]  # refused before any file was fetched
    assert not dest.exists()


def test_safe_path_accepts_nested_relative_paths():
    assert safe_path("schemas/events.schema.json").parts == ("schemas", "events.schema.json")


def test_unknown_version_is_a_clear_error(site_root, tmp_path):
    with serve(site_root) as (url, _), pytest.raises(DownloadError, match="not on the server"):
        download("1999.01.01.1", url, tmp_path / "data", progress=False)


def test_busy_server_is_retried_then_succeeds(site_root, tmp_path):
    version = _version(site_root)
    path = f"/releases/{version}/events.csv"
    with serve(site_root, busy={path: 2}) as (url, handler):
        placed = download(version, url, tmp_path / "data", retries=3, backoff=0.01, progress=False)
    assert [p for p, _ in handler.log].count(path) == 3
    assert (placed / "events.csv").read_bytes() == (site_root / "releases" / version / "events.csv").read_bytes()


def test_index_and_manifest_disagreeing_is_refused(site_root, tmp_path):
    """A stale index that matches swapped files is still caught: the release's own manifest must agree."""
    version = _version(site_root)
    release = site_root / "releases" / version
    manifest = json.loads((release / "manifest.json").read_text())
    next(f for f in manifest["files"] if f["path"] == "events.csv")["sha256"] = "0" * 64
    (release / "manifest.json").write_text(json.dumps(manifest))
    index_path = site_root / "releases" / "index.json"
    index = json.loads(index_path.read_text())
    entry = next(f for f in index["versions"][-1]["files"] if f["path"] == "manifest.json")
    data = (release / "manifest.json").read_bytes()
    entry.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())  # the index vouches for the new manifest
    index_path.write_text(json.dumps(index))
    dest = tmp_path / "data"
    with serve(site_root) as (url, _), pytest.raises(DownloadError, match="events.csv: manifest.json and index.json disagree"):
        download("latest", url, dest, progress=False)
    assert not dest.exists() and not list(tmp_path.glob(".data-*"))
