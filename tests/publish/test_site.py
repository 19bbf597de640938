"""The static dataset page: built by publish, self-contained, and rendering in headless Chromium."""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bilateral import pipeline, publish, vocab

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "site-screenshot.png"
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                    reason="/usr/bin/chromium is absent (scripts/ensure-chromium.sh installs it)")


@pytest.fixture(scope="module")
def output(tmp_path_factory, corpus):
    """Two releases of a synthetic corpus of 60 events over 2023-2024 (enough for a chart worth looking at)."""
    rng = random.Random(6)
    countries = ["PAK", "AZE", "TUR", "ARM", "IRN", "RUS", "USA", "CHN", "UNO", "EU"]
    docs = {}
    for n in range(30):
        events = []
        for _ in range(2):
            source, target = rng.sample(countries, 2)
            day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(700))
            events.append((rng.choice(vocab.PLOVER_TYPES[:12]), source, target, day.isoformat()))
        docs[f"{n:03d}.txt"] = events
    docs["999.txt"] = [("AID", "TUR", "AZE", None)]
    out = tmp_path_factory.mktemp("site") / "output"
    publish.publish(pipeline.assemble(corpus.results_for(dict(list(docs.items())[:20]))), out, created=corpus.CREATED)
    publish.publish(pipeline.assemble(corpus.results_for(docs)), out, created=corpus.CREATED + dt.timedelta(days=1))
    return out


def _latest(output: Path) -> str:
    return json.loads((output / "releases" / "index.json").read_text())["latest"]


def test_publish_builds_a_page_per_release_and_an_index(output):
    index = json.loads((output / "releases" / "index.json").read_text())
    assert index["versions"][-1]["row_counts"]["mentions"] == 61 and index["versions"][-1]["row_counts"]["rejects"] == 0
    site = output / "site"
    assert sorted(p.name for p in site.glob("*.html")) == sorted(["index.html"] + [f"{v['version']}.html" for v in index["versions"]])
    front = (site / "index.html").read_text()
    assert all(f'href="{v["version"]}.html"' in front for v in index["versions"])


def test_page_is_self_contained_with_chart_dyads_events_and_downloads(output):
    version = _latest(output)
    page = (output / "site" / f"{version}.html").read_text()
    assert not re.search(r'(src|href)="(https?:)?//', page), "the page must not load anything from elsewhere"
    assert "<svg" in page and page.count('class="bar"') >= 10
    data = json.loads(re.search(r'<script type="application/json" id="events-data">(.*?)</script>', page, re.S).group(1))
    manifest = json.loads((output / "releases" / version / "manifest.json").read_text())
    assert len(data["rows"]) == manifest["row_counts"]["events"]
    top_dyad = next(iter(manifest["statistics"]["events_by_dyad"]))
    assert f"<code>{top_dyad.replace('>', '&gt;')}</code>" in page
    entry = json.loads((output / "releases" / "index.json").read_text())["versions"][-1]
    for item in entry["files"]:
        assert f'href="../releases/{version}/{item["path"]}"' in page and item["sha256"] in page
        assert (output / "releases" / version / item["path"]).is_file()  # every link resolves


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(directory: Path) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _chromium(url: str, tmp_path: Path, *extra: str) -> tuple[str, list[str]]:
    """(DOM after the scripts ran, console messages). Our pages never log, so any message is a failure."""
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp_path / 'chromium-profile'}", "--enable-logging=stderr", "--v=0",
               "--virtual-time-budget=5000", *extra, url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=90)
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return result.stdout, console


@needs_chromium
def test_console_check_catches_a_script_error(tmp_path):
    (tmp_path / "broken.html").write_text("<html><body><script>undefinedFunction();</script></body></html>")
    _, console = _chromium((tmp_path / "broken.html").as_uri(), tmp_path, "--dump-dom")
    assert any("Uncaught ReferenceError" in line for line in console)


@needs_chromium
def test_page_renders_chart_and_table_in_chromium_without_console_errors(output, tmp_path):
    version = _latest(output)
    server = _serve(output)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/site/{version}.html"
        dom, console = _chromium(base, tmp_path, "--dump-dom")
        assert console == []
        body = re.search(r'<tbody id="events-body" data-rendered="(\d+)">(.*?)</tbody>', dom, re.S)
        manifest = json.loads((output / "releases" / version / "manifest.json").read_text())
        assert body and int(body.group(1)) == manifest["row_counts"]["events"] == body.group(2).count("<tr>")
        assert f"of {manifest['row_counts']['events']} events" in dom and dom.count('class="bar"') >= 10
        filtered, console = _chromium(base + "?q=AID+undated", tmp_path, "--dump-dom")
        assert console == [] and 'data-rendered="1"' in filtered  # the filter ran: only the undated AID event
        index_dom, console = _chromium(f"http://127.0.0.1:{server.server_address[1]}/site/", tmp_path, "--dump-dom")
        assert console == [] and f"{version}.html" in index_dom
        shot = tmp_path / "shot.png"
        _, console = _chromium(base, tmp_path, f"--screenshot={shot}", "--window-size=1200,1800", "--hide-scrollbars")
        assert console == [] and shot.stat().st_size > 20_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        # docs/ keeps one to show what a release page looks like; refreshed on request, not on every run,
        # so the test does not leave a changed binary in the working tree each time.
        if not SCREENSHOT.exists() or os.environ.get("BILATERAL_UPDATE_SCREENSHOT") == "1":
            SCREENSHOT.parent.mkdir(exist_ok=True)
            shutil.copyfile(shot, SCREENSHOT)
    finally:
        server.shutdown()
        server.server_close()


def test_cli_site_rebuilds_the_pages(output, tmp_path):
    copy = tmp_path / "output"
    shutil.copytree(output, copy, symlinks=True)
    shutil.rmtree(copy / "site")
    bilateral_cli = Path(sys.executable).with_name("bilateral")
    result = subprocess.run([str(bilateral_cli), "site", "--out", str(copy)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert (copy / "site" / f"{_latest(output)}.html").read_text() == (output / "site" / f"{_latest(output)}.html").read_text()
    missing = subprocess.run([str(bilateral_cli), "site", "--out", str(tmp_path / "nothing")], capture_output=True, text=True)
    assert missing.returncode == 1 and "no releases folder" in missing.stderr and "Traceback" not in missing.stderr
