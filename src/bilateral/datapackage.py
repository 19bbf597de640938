"""The release's Frictionless Data Package descriptor, ``datapackage.json``.

Each table is described twice:
- the CSV file as a *tabular* resource with the Table Schema from
  ``contract.table_schema`` (field descriptions included). List columns are
  typed ``string`` there because that is what the CSV cell is: the values
  joined by ``;`` (the field says so in ``x-csv-list-separator``);
- the Parquet file as a plain *file* resource (``type: file``): frictionless
  checks its bytes and hash but does not open it (its Parquet reader needs
  fastparquet, which is not a dependency). Its real types (``list<string>``,
  ``date32``, ``int64``) are in the Parquet file's own Arrow schema and in
  ``x-parquet-schema`` here.

Hashes are written as ``sha256:<hex>`` (Data Package v2 form), so
``frictionless validate datapackage.json`` checks every file's bytes too.
"""
from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

from bilateral import contract
from bilateral.provenance import sha256_file

LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0 International"}
CODE_LICENSE = "MIT"
HOMEPAGE = "https://github.com/bilateral-events/bilateral"
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
_TITLES = {
    "documents": "Documents: one row per raw file",
    "sentences": "Sentences of every ingested document",
    "mentions": "Event mentions: one event as one sentence reports it",
    "events": "Events: one row per distinct event",
    "rejects": "Rows quarantined by a row-level check",
}


def _file_facts(path: Path, sha256_of: Callable[[Path], str] = sha256_file) -> dict:
    return {"bytes": path.stat().st_size, "hash": f"sha256:{sha256_of(path)}"}


def _csv_schema(table: str) -> dict:
    schema = copy.deepcopy(contract.table_schema(table))
    for field in schema["fields"]:
        if "x-csv-list-separator" in field:
            field["description"] += " (CSV: the values joined by ';', empty for an empty list; Parquet: list<string>.)"
    return schema


def build_descriptor(directory: Path, version: str, created: str, tables: list[str],
                     statistics: dict | None = None, sha256_of: Callable[[Path], str] = sha256_file) -> dict:
    """The descriptor of the release in ``directory`` (its table files must already be written).

    ``sha256_of``: how to hash a file (publishing hashes each file of a release once, for all its lists)."""
    resources = []
    for table in tables:
        csv_path, parquet_path = directory / f"{table}.csv", directory / f"{table}.parquet"
        resources.append({
            "name": table, "title": _TITLES.get(table, table), "type": "table",
            "path": csv_path.name, "scheme": "file", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", **_file_facts(csv_path, sha256_of),
            "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
            "schema": _csv_schema(table),
        })
        resources.append({
            "name": f"{table}-parquet", "title": _TITLES.get(table, table) + " (Parquet)", "type": "file",
            "path": parquet_path.name, "scheme": "file", "format": "parquet", "mediatype": PARQUET_MEDIATYPE,
            **_file_facts(parquet_path, sha256_of),
            "description": f"The same rows as {table}.csv with native types (dates as date32, lists as "
                           "list<string>, counts as int64). Not opened by frictionless; the types are in "
                           "x-parquet-schema and in the file's own Arrow schema.",
            "x-parquet-schema": [{"name": f.name, "type": str(f.type), "nullable": f.nullable}
                                 for f in contract.arrow_schema(table)],
        })
    for name, path, mediatype, description in (
        ("changes", "changes.json", "application/json", "Events added, modified and removed since the previous release."),
        ("changes-csv", "changes.csv", "text/csv", "The same changes as changes.json, one row per changed event."),
        ("readme", "README.md", "text/markdown", "The dataset card."),
        ("citation", "CITATION.cff", "application/x-yaml", "How to cite this release (Citation File Format 1.2.0)."),
    ):
        if (directory / path).exists():
            resources.append({"name": name, "type": "file", "path": path, "scheme": "file",
                              "format": Path(path).suffix.lstrip("."), "mediatype": mediatype,
                              "description": description, **_file_facts(directory / path, sha256_of)})
    descriptor = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "bilateral",
        "title": "bilateral: political events extracted from news text",
        "description": "Who did what to whom, when and where: PLOVER-coded events between countries and "
                       "international organisations, each with the sentence it was read from.",
        "version": version,
        "created": created,
        "homepage": HOMEPAGE,
        "keywords": ["event data", "PLOVER", "international relations", "news"],
        "licenses": [LICENSE],
        "sources": [{"title": "News articles in the raw corpus (listed in documents.csv with their sha256)",
                     "path": "documents.csv"}],
        "contributors": [{"title": "bilateral contributors", "roles": ["creator"]}],
        "resources": resources,
    }
    if statistics:
        descriptor["x-statistics"] = statistics
    return descriptor


def write_descriptor(directory: Path, version: str, created: str, tables: list[str],
                     statistics: dict | None = None, sha256_of: Callable[[Path], str] = sha256_file) -> Path:
    path = directory / "datapackage.json"
    descriptor = build_descriptor(directory, version, created, tables, statistics, sha256_of)
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
