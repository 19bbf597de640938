"""The dataset card (``README.md``) and ``CITATION.cff`` written into every release.

The card is generated, not hand-written, so its numbers, its status list and
its field reference always match the release it ships in: coverage from
``changes.statistics``, statuses from ``ingest.STATUSES``, fields from
``contract.field_docs_markdown`` and the id rule from ``dedup``'s docstring.
"""
from __future__ import annotations

import inspect
from pathlib import Path

import yaml

from bilateral import contract, dedup, ingest, tableio, vocab
from bilateral.datapackage import HOMEPAGE, LICENSE

TITLE = "bilateral: political events extracted from news text"
AUTHORS = [{"name": "bilateral contributors"}]


def citation(version: str, date_released: str) -> dict:
    """CITATION.cff content (Citation File Format 1.2.0) for one release."""
    return {
        "cff-version": "1.2.0",
        "message": "If you use this dataset, please cite this release by its version.",
        "type": "dataset",
        "title": TITLE,
        "version": version,
        "date-released": date_released,
        "authors": AUTHORS,
        "license": LICENSE["name"],
        "url": HOMEPAGE,
        "repository-code": HOMEPAGE,
        "keywords": ["event data", "PLOVER", "international relations"],
    }


def write_citation(directory: Path, version: str, date_released: str) -> Path:
    path = directory / "CITATION.cff"
    # sort_keys=False keeps cff-version first, as the CFF examples do; dates stay quoted strings.
    path.write_text(yaml.safe_dump(citation(version, date_released), sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path


def _table(rows: list[tuple], header: tuple) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _dedup_rule() -> str:
    doc = inspect.getdoc(dedup) or ""
    rule = doc.split("The rule (also in the dataset card):", 1)[-1]
    return rule.strip()


CARD_DYADS = 10  # the card is read on one screen; the manifest and the site list them all


def dataset_card(version: str, created: str, row_counts: dict, stats: dict, changes_counts: dict | None) -> str:
    date_range = stats.get("event_date_range")
    published = stats.get("published_date_range")
    igo_codes = ", ".join(f"`{i.code}` ({i.name})" for i in vocab.igos())
    all_dyads = list(stats["events_by_dyad"].items())
    dyads = all_dyads[:CARD_DYADS]
    parts = [
        f"# {TITLE}\n",
        f"**Version {version}**, released {created}. Data licence: {LICENSE['title']} ({LICENSE['name']}); "
        "code: MIT.\n",
        "## What this is\n",
        "Events between countries and international organisations (who did what to whom, when and where), "
        "read from news articles. Every event comes with the sentence it was read from, so each row can be "
        "checked against its text.\n",
        "## Coverage\n",
        _table([(t, n) for t, n in row_counts.items()], ("table", "rows")) + "\n",
        f"- documents: {row_counts.get('documents', 0)} raw files; by status: "
        + ", ".join(f"{k} {v}" for k, v in stats["documents_by_status"].items()),
        f"- event dates: {date_range[0]} to {date_range[1]}" if date_range else "- event dates: none dated",
        f"- publication dates: {published[0]} to {published[1]}" if published else "- publication dates: none found",
        f"- countries and organisations ({len(stats['countries'])}): " + (", ".join(stats["countries"]) or "none"),
        "- events by type: " + (", ".join(f"{k} {v}" for k, v in stats["events_by_type"].items()) or "none"),
        "- events by year: " + (", ".join(f"{k} {v}" for k, v in stats["events_by_year"].items()) or "none"),
        "",
        _table(dyads, ("dyad", "events")) if dyads else "",
        "\nA dyad is `SRC>TGT` for a directed event and `A+B` for a joint act (sorted parties)."
        + (f" The {CARD_DYADS} dyads with the most events of {len(all_dyads)}; every dyad is in manifest.json "
           "(`statistics.events_by_dyad`) and on the site." if len(all_dyads) > CARD_DYADS else "") + "\n",
    ]
    if changes_counts is not None:
        parts.append("Changes since the previous release (see `changes.json` / `changes.csv`): "
                     + ", ".join(f"{k} {v}" for k, v in changes_counts.items()) + ".\n")
    parts += [
        "## Coding rules\n",
        "- Event types: PLOVER (" + ", ".join(vocab.PLOVER_TYPES) + "), with PLOVER modes where the text tells them.",
        "- Actors: ISO 3166-1 alpha-3 country codes, or a code from this list of international organisations "
        f"and territories: {igo_codes}.",
        "- Dates: ISO 8601 / EDTF at the precision the source gives (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`); a "
        "trailing `~` marks an approximate date (EDTF); `date_start`/`date_end` give the interval for filtering. "
        "The publication date is never used as the event date by default.",
        "",
        "## Ids and de-duplication\n",
        _dedup_rule() + "\n",
        "`doc_id` is the first 16 hex digits of the sha256 of the raw file's bytes, so it too is stable.\n",
        "## Documents status list\n",
        _table(sorted(ingest.STATUSES.items()), ("status", "meaning")) + "\n",
        "## Files\n",
        "Every table is published as Parquet (native types: dates `date32`, lists `list<string>`, counts "
        f"`int64`; row groups of {tableio.ROW_GROUP_ROWS:,} rows in the table's order) and as CSV (UTF-8, text in double quotes, ISO dates, lists joined by `;`, booleans "
        "`true`/`false`, empty cell for null; a text cell starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'` so spreadsheets "
        "do not run it; `bilateral`'s `read_table` removes the prefix). `datapackage.json` is a Frictionless "
        "Data Package; `SHA256SUMS` can be checked with `sha256sum -c SHA256SUMS`; `manifest.json` records the "
        "code and input fingerprints.\n",
        "## Fields\n",
        contract.field_docs_markdown(),
        "## Known limits\n",
        "- Events are read by rules from English text only; documents in other languages are listed "
        "(`unsupported_language`) but yield no events.",
        "- Actors are resolved to states and organisations; sub-state actors are kept only as named text.",
        "- An undated mention is one event per document: two undated reports of one event are not merged.",
        "- Counts reflect the corpus, not the world: coverage follows what the sources reported.",
        "",
        "## How to cite\n",
        f"Cite the version: *bilateral contributors ({created[:4]}). {TITLE}, version {version}. "
        f"{HOMEPAGE}.* `CITATION.cff` has the same in Citation File Format. Join across versions on "
        "`event_id`, `mention_id` and `doc_id`.\n",
    ]
    return "\n".join(parts)


def write_card(directory: Path, version: str, created: str, row_counts: dict, stats: dict,
               changes_counts: dict | None) -> Path:
    path = directory / "README.md"
    path.write_text(dataset_card(version, created, row_counts, stats, changes_counts), encoding="utf-8")
    return path
