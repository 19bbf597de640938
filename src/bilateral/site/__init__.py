"""The static dataset page: ``<out>/site/index.html`` and one ``<version>.html`` per release.

Everything a page needs is inside it (CSS, the SVG chart, the events as JSON
and the small filter script), so it works from ``make serve``, from any static
host and from a file:// URL; no CDN or font is fetched. Download links are
relative (``../releases/<version>/<file>``), so the site must sit beside
``releases/`` as ``bilateral publish`` writes it. Pages are written to a
temporary name and renamed, so a reader never gets half a page.
"""
from __future__ import annotations

import json
import os
from html import escape
from importlib import resources
from pathlib import Path

import bilateral
from bilateral import releases_index, tableio
from bilateral.site.chart import events_svg

EVENT_COLUMNS = ["event_id", "date", "type", "source", "target", "documents", "evidence"]
TOP_DYADS = 15


def _asset(name: str) -> str:
    return resources.files("bilateral").joinpath(f"data/site/{name}").read_text(encoding="utf-8")


def _page(title: str, heading: str, lede: str, body: str, script: str = "") -> str:
    replacements = {"title": escape(title), "heading": escape(heading), "lede": lede, "css": _asset("site.css"),
                    "body": body, "script": script, "package_version": escape(bilateral.__version__)}
    page = _asset("page.html")
    for key, value in replacements.items():
        page = page.replace("{{" + key + "}}", value)
    return page


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(f".tmp-{path.name}-{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def _json_script(element_id: str, payload: object) -> str:
    # '</' would end the script element early; '<\/' is the same string to JSON.parse.
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False).replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def _cards(items: list[tuple[str, object]]) -> str:
    return '<div class="cards">' + "".join(
        f'<div class="card"><b>{escape(str(v))}</b><span>{escape(k)}</span></div>' for k, v in items) + "</div>"


def release_page(entry: dict, release_dir: Path) -> str:
    """The page of one release (``entry`` is its record in ``releases/index.json``)."""
    version = entry["version"]
    manifest = json.loads((release_dir / "manifest.json").read_text(encoding="utf-8"))
    stats = manifest.get("statistics") or {}
    events = tableio.read_table(release_dir / "events.parquet").to_dict("records")
    counts = entry["row_counts"]
    date_range = stats.get("event_date_range")
    cards = _cards([("documents", counts.get("documents", 0)), ("events", counts.get("events", 0)),
                    ("mentions", counts.get("mentions", 0)), ("countries and IGOs", len(stats.get("countries", []))),
                    ("event dates", f"{date_range[0]} – {date_range[1]}" if date_range else "none")])
    svg, undated = events_svg([(tableio._plain(e["date_start"]), e["event_type"]) for e in events])
    dyads = list((stats.get("events_by_dyad") or {}).items())[:TOP_DYADS]
    dyad_rows = "".join(f"<tr><td><code>{escape(d)}</code></td><td class=num>{n}</td></tr>" for d, n in dyads)
    # _plain turns pandas' NA/NaN into None: JSON has no NaN, and JSON.parse would reject the page's data.
    rows = [[tableio._plain(v) for v in (e["event_id"], e["event_date"], e["event_type"], e["source_country"],
                                         e["target_country"], int(e["n_documents"]), e["evidence"])] for e in events]
    files = "".join(
        f'<tr><td><a href="../releases/{escape(version)}/{escape(f["path"])}">{escape(f["path"])}</a></td>'
        f'<td class=num>{_size(f["bytes"])}</td><td class="hash">{f["sha256"]}</td></tr>' for f in entry["files"])
    change = manifest.get("changes") or {}
    change_text = (f"Against {escape(change['previous_version'])}: {change.get('added', 0)} added, "
                   f"{change.get('modified', 0)} modified, {change.get('removed', 0)} removed."
                   if change.get("previous_version") else "First release: every event is new.")
    body = f"""
<section id="summary"><h2>Summary</h2>{cards}<p>{change_text} Details: <a href="../releases/{escape(version)}/changes.csv">changes.csv</a>.</p></section>
<section id="over-time"><h2>Events over time, by type</h2><div id="chart">{svg}</div>
<p class="lede">{undated} undated event(s) are not drawn.</p></section>
<section id="dyads"><h2>Most active dyads</h2>
<table><thead><tr><th>dyad (SRC&gt;TGT directed, A+B joint)</th><th class=num>events</th></tr></thead><tbody>{dyad_rows}</tbody></table></section>
<section id="events"><h2>Events</h2>
<p><input id="search" type="search" placeholder="Filter: country code, type, date, words of the evidence…" aria-label="Filter events"><span id="count"></span></p>
<table><thead><tr>{"".join(f"<th>{c}</th>" for c in EVENT_COLUMNS)}</tr></thead><tbody id="events-body"></tbody></table></section>
<section id="downloads"><h2>Download</h2>
<p>Check files with <code>sha256sum -c SHA256SUMS</code>, or fetch and verify in one step with
<code>bilateral download {escape(version)} --from &lt;url of releases/&gt; --to data/</code>.</p>
<table><thead><tr><th>file</th><th class=num>size</th><th>sha256</th></tr></thead><tbody>{files}</tbody></table></section>
"""
    script = _json_script("events-data", {"columns": EVENT_COLUMNS, "rows": rows}) + f"<script>{_asset('site.js')}</script>"
    lede = f"Released {escape(entry['created'][:10])}. Cite as version {escape(version)}; see CITATION.cff."
    return _page(f"bilateral {version}", f"bilateral {version}", lede, body, script)


def index_page(index: dict) -> str:
    rows = "".join(
        f'<tr><td><a href="{escape(v["version"])}.html">{escape(v["version"])}</a>'
        f'{" (latest)" if v["version"] == index["latest"] else ""}</td><td>{escape(v["created"][:10])}</td>'
        f'<td class=num>{v["row_counts"].get("documents", 0)}</td><td class=num>{v["row_counts"].get("events", 0)}</td>'
        f'<td class=num>{_size(v["bytes"])}</td></tr>' for v in reversed(index["versions"]))
    body = (f'<section><h2>Releases</h2><table><thead><tr><th>version</th><th>released</th><th class=num>documents</th>'
            f'<th class=num>events</th><th class=num>size</th></tr></thead><tbody>{rows}</tbody></table>'
            '<p>Machine-readable list: <a href="../releases/index.json">releases/index.json</a>.</p></section>')
    return _page("bilateral releases", "bilateral releases",
                 "Versioned releases of political events extracted from news text.", body)


def build_site(out_root: Path) -> Path:
    """(Re)write ``<out_root>/site``: a page for each release that has none yet, and the index page."""
    releases = Path(out_root) / "releases"
    index = releases_index.build_index(releases)
    site = Path(out_root) / "site"
    site.mkdir(parents=True, exist_ok=True)
    for entry in index["versions"]:
        page = site / f"{entry['version']}.html"
        if not page.exists():  # releases never change, so neither do their pages
            _write(page, release_page(entry, releases / entry["version"]))
    _write(site / "index.html", index_page(index))
    return site

