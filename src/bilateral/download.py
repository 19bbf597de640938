"""``bilateral download``: fetch a release from any static HTTP server and verify it.

The server only has to serve the ``releases/`` folder as files: the client reads
``<url>/index.json`` (see ``releases_index``), then ``<url>/<version>/<path>``
for every file the index lists.

Guarantees:
- nothing appears in the destination until every file's size and sha256
  match the index (and ``manifest.json`` agrees with the index): files are
  fetched into ``<DIR's parent>/.<DIR name>-<version>.partial`` and that folder
  is renamed to ``DIR/<version>`` in one step;
- a path in the index that could escape the destination (absolute, ``..``,
  backslashes) is refused before anything is fetched;
- a dropped connection is retried a bounded number of times with exponential
  backoff (honouring ``Retry-After`` on 429/503) and resumed with an HTTP
  Range request when the server supports it; the partial folder is kept after
  a network failure so a rerun resumes, and deleted after a checksum failure
  (a corrupt file must not be resumed).
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path, PurePosixPath

import httpx

from bilateral.provenance import sha256_file

RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 30.0


class DownloadError(Exception):
    """A release could not be fetched or did not verify; the message names the file."""


def safe_path(path: str) -> PurePosixPath:
    """``path`` as a relative path that stays inside its folder, or DownloadError."""
    pure = PurePosixPath(path)
    if (not path or "\\" in path or "\0" in path or pure.is_absolute() or (len(path) > 1 and path[1] == ":")
            or any(part in ("..", ".", "") for part in path.split("/"))):
        raise DownloadError(f"refusing unsafe path {path!r} in the index: it could escape the destination folder")
    return pure


def resolve_entry(index: dict, version: str) -> dict:
    versions = index.get("versions") or []
    if not versions:
        raise DownloadError("the server's index.json lists no releases")
    wanted = index.get("latest") if version == "latest" else version
    for entry in versions:
        if entry.get("version") == wanted:
            safe_path(entry["version"])
            if "/" in entry["version"]:
                raise DownloadError(f"refusing version name {entry['version']!r}: not a single folder name")
            return entry
    known = ", ".join(v.get("version", "?") for v in versions[-5:])
    raise DownloadError(f"version {version!r} is not on the server (latest ones: {known})")


class _Fetcher:
    """GETs with bounded, polite retries and Range resume, into one file at a time."""

    def __init__(self, client: httpx.Client, retries: int, backoff: float, advance=lambda n: None):
        self.client, self.retries, self.backoff, self.advance = client, retries, backoff, advance

    def _wait(self, attempt: int, response: httpx.Response | None, what: str, reason: str) -> None:
        if attempt > self.retries:
            raise DownloadError(f"{what}: failed after {attempt} attempts ({reason}); rerun to resume")
        delay = self.backoff * 2 ** (attempt - 1)
        retry_after = response.headers.get("Retry-After", "") if response is not None else ""
        if retry_after.isdigit():
            delay = max(delay, min(float(retry_after), MAX_RETRY_AFTER))
        time.sleep(delay)

    def json(self, url: str, what: str) -> dict:
        attempt = 0
        while True:
            response = None
            try:
                response = self.client.get(url)
                if response.status_code not in RETRYABLE_STATUS:
                    if response.status_code != 200:
                        raise DownloadError(f"{what}: HTTP {response.status_code} from {url}")
                    return response.json()
                reason = f"HTTP {response.status_code}"
            except httpx.TransportError as exc:
                reason = f"{type(exc).__name__}: {exc}"
            except ValueError as exc:
                raise DownloadError(f"{what}: not valid JSON ({exc})") from None
            attempt += 1
            self._wait(attempt, response, what, reason)

    def file(self, url: str, target: Path, expected: int, what: str) -> None:
        attempt = 0
        while True:
            have = target.stat().st_size if target.exists() else 0
            if have > expected:  # more than the index says: cannot be a prefix, start over
                target.unlink()
                have = 0
            if have == expected and target.exists():
                return
            response = None
            try:
                headers = {"Range": f"bytes={have}-"} if have else {}
                with self.client.stream("GET", url, headers=headers) as response:
                    if response.status_code == 416:  # our partial file is not a prefix of theirs
                        target.unlink(missing_ok=True)
                        reason = "HTTP 416"
                    elif response.status_code in RETRYABLE_STATUS:
                        reason = f"HTTP {response.status_code}"
                    elif response.status_code not in (200, 206):
                        raise DownloadError(f"{what}: HTTP {response.status_code} from {url}")
                    else:
                        resumed = response.status_code == 206 and have > 0
                        if not resumed and have:
                            self.advance(-have)  # the server ignored Range: the bar restarts this file
                        with target.open("ab" if resumed else "wb") as handle:
                            # raw and unbuffered: what arrived before a cut-off is kept for the resume
                            for chunk in response.iter_raw():
                                handle.write(chunk)
                                self.advance(len(chunk))
                        if target.stat().st_size >= expected:
                            return
                        reason = f"connection closed after {target.stat().st_size} of {expected} bytes"
            except httpx.TransportError as exc:
                reason = f"{type(exc).__name__}: {exc}"
            attempt += 1
            self._wait(attempt, response, what, reason)


def _progress(enabled: bool):
    from rich.console import Console  # noqa: PLC0415
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn  # noqa: PLC0415

    return Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                    console=Console(stderr=True), disable=not enabled, transient=False)


def download(version: str, base_url: str, dest: Path, *, retries: int = 4, backoff: float = 0.5,
             timeout: float = 30.0, progress: bool = True) -> Path:
    """Fetch ``version`` (or ``latest``) from ``base_url`` into ``dest/<version>``; return that folder."""
    base = base_url.rstrip("/") + "/"
    dest = Path(dest).absolute()
    with httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": "bilateral-download", "Accept-Encoding": "identity"}) as client:
        fetcher = _Fetcher(client, retries, backoff)
        entry = resolve_entry(fetcher.json(base + "index.json", "index.json"), version)
        version = entry["version"]
        files = [(safe_path(f["path"]), int(f["bytes"]), str(f["sha256"]).lower()) for f in entry["files"]]
        final = dest / version
        if final.exists():
            raise DownloadError(f"{final} already exists; remove it to download {version} again")
        staging = dest.parent / f".{dest.name}-{version}.partial"
        staging.mkdir(parents=True, exist_ok=True)
        with _progress(progress) as bar:
            task = bar.add_task(f"bilateral {version}", total=sum(n for _, n, _ in files))
            fetcher.advance = lambda n: bar.advance(task, n)
            for path, size, sha in files:
                target = staging / path
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.exists():  # left by an earlier, interrupted run: counted as done until proven otherwise
                    bar.advance(task, min(target.stat().st_size, size))
                fetcher.file(base + f"{version}/{path.as_posix()}", target, size, str(path))
                actual_size, actual = target.stat().st_size, sha256_file(target)
                if actual_size != size or actual != sha:
                    shutil.rmtree(staging, ignore_errors=True)
                    raise DownloadError(f"{path}: checksum mismatch (expected sha256 {sha}, {size} bytes; got "
                                        f"{actual}, {actual_size} bytes); nothing was placed in {dest}")
        _check_manifest(staging, {p.as_posix(): sha for p, _, sha in files}, dest)
        dest.mkdir(parents=True, exist_ok=True)
        os.rename(staging, final)
    return final


def _check_manifest(staging: Path, listed: dict[str, str], dest: Path) -> None:
    """The release's own manifest must agree with the index (a stale or swapped index is caught here)."""
    manifest_path = staging / "manifest.json"
    if not manifest_path.exists():
        return
    for item in json.loads(manifest_path.read_text(encoding="utf-8")).get("files", []):
        try:
            safe_path(item["path"])
        except DownloadError:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if listed.get(item["path"]) != item["sha256"]:
            shutil.rmtree(staging, ignore_errors=True)
            raise DownloadError(f"{item['path']}: manifest.json and index.json disagree on its sha256; "
                                f"nothing was placed in {dest}")
