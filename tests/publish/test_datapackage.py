"""datapackage.json is a valid Frictionless Data Package that describes every table file."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import frictionless

from bilateral import contract


def _release(published: Path) -> Path:
    return (published / "releases" / "latest").resolve()


def test_frictionless_validate_passes_on_a_release(published):
    report = frictionless.validate(_release(published) / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])
    # every CSV table was opened and its rows checked, not only the descriptor
    tabular = [task for task in report.tasks if task.type == "table"]
    assert {task.name for task in tabular} == {"documents", "sentences", "mentions", "events", "rejects"}
    assert next(t for t in tabular if t.name == "events").stats["rows"] == 5


def test_frictionless_cli_passes(published):
    cli = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(cli), "validate", "datapackage.json"], cwd=_release(published),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_validation_catches_a_tampered_parquet_file(published, tmp_path):
    release = _release(published)
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(release), str(copy)], check=True)
    with (copy / "events.parquet").open("r+b") as handle:
        handle.seek(100)
        handle.write(b"\x00\x01\x02")
    report = frictionless.validate(copy / "datapackage.json")
    assert not report.valid
    assert "hash-count" in {error[0] for error in report.flatten(["type"])}


def test_descriptor_lists_every_table_with_schema_licence_and_sources(published):
    release = _release(published)
    descriptor = json.loads((release / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["sources"] and descriptor["version"] == release.name
    resources = {r["path"]: r for r in descriptor["resources"]}
    for table in ("documents", "sentences", "mentions", "events", "rejects"):
        csv_resource, parquet_resource = resources[f"{table}.csv"], resources[f"{table}.parquet"]
        assert csv_resource["mediatype"] == "text/csv" and csv_resource["format"] == "csv"
        assert parquet_resource["format"] == "parquet" and parquet_resource["type"] == "file"
        for resource in (csv_resource, parquet_resource):
            assert resource["bytes"] == (release / resource["path"]).stat().st_size
            assert resource["hash"].startswith("sha256:")
        names = [f["name"] for f in csv_resource["schema"]["fields"]]
        assert names == contract.csv_header(table)
        assert all(f["description"] for f in csv_resource["schema"]["fields"])
    assert {"changes.json", "changes.csv", "README.md", "CITATION.cff"} <= set(resources)
    parties = next(f for f in resources["events.csv"]["schema"]["fields"] if f["name"] == "parties")
    # honest about the list column: a ';'-joined string in CSV, list<string> in Parquet
    assert parties["type"] == "string" and parties["x-csv-list-separator"] == ";"
    assert {"name": "parties", "type": "list<item: string>", "nullable": False} in resources["events.parquet"]["x-parquet-schema"]
