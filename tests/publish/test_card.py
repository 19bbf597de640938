"""The release's dataset card, CITATION.cff and SHA256SUMS."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from bilateral import card, contract, ingest, vocab


@pytest.fixture
def release(published):
    return (published / "releases" / "latest").resolve()


def test_citation_cff_is_cff_1_2_0_with_version_and_date(release):
    cff = yaml.safe_load((release / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] == "dataset" and cff["license"] == "CC-BY-4.0"
    assert cff["version"] == release.name
    assert str(cff["date-released"]) == "2026-11-23"
    assert cff["message"] and cff["title"]
    assert cff["authors"] and all(a.get("name") or a.get("family-names") for a in cff["authors"])
    # CFF 1.2.0 allows only its own keys at the top level
    allowed = {"abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi", "identifiers",
               "keywords", "license", "license-url", "message", "preferred-citation", "references",
               "repository", "repository-artifact", "repository-code", "title", "type", "url", "version"}
    assert set(cff) <= allowed


def test_dataset_card_states_coverage_rules_and_fields(release):
    card = (release / "README.md").read_text()
    manifest = json.loads((release / "manifest.json").read_text())
    assert f"Version {release.name}" in card
    assert "2019-09-23 to 2021-03-31" in card  # event date range of the corpus
    assert "ARM, AZE, PAK, TUR" in card
    assert "| documents | 3 |" in card and "| events | 5 |" in card
    assert "PLOVER" in card and "ISO 3166-1 alpha-3" in card and "EDTF" in card
    assert all(code.code in card for code in vocab.igos())
    assert "event_id = hash(identity)" in card  # the dedup rule, taken from dedup's docstring
    assert all(f"| {status} |" in card for status in ingest.STATUSES)
    assert contract.field_docs_markdown() in card
    assert "Known limits" in card and "How to cite" in card
    assert manifest["row_counts"]["events"] == 5


def test_sha256sums_passes_sha256sum_check(release):
    if shutil.which("sha256sum") is None:
        pytest.skip("sha256sum (coreutils) is not installed")
    result = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=release, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    listed = {line.split("  ", 1)[1] for line in (release / "SHA256SUMS").read_text().splitlines()}
    on_disk = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    assert listed == on_disk - {"SHA256SUMS"}
    assert {"manifest.json", "datapackage.json", "CITATION.cff", "README.md", "changes.csv"} <= listed


def test_sha256sums_detects_a_changed_file(release, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(release, copy)
    (copy / "events.csv").write_text((copy / "events.csv").read_text() + "\n")
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=copy, capture_output=True, text=True)
    assert result.returncode != 0 and "events.csv: FAILED" in result.stdout


def test_the_card_says_when_it_lists_only_the_top_dyads():
    stats = {"events_by_dyad": {f"AZE>P{i:02d}": 20 - i for i in range(card.CARD_DYADS + 1)},
             "documents_by_status": {"ok": 1}, "countries": ["AZE"], "events_by_type": {}, "events_by_year": {}}
    text = card.dataset_card("2026.12.04.1", "2026-12-04", {"events": 11}, stats, None)
    assert f"The {card.CARD_DYADS} dyads with the most events of {card.CARD_DYADS + 1}" in text
    assert "AZE>P09" in text and "AZE>P10" not in text
    stats["events_by_dyad"] = {"AZE>PAK": 3}
    assert "dyads with the most events" not in card.dataset_card("2026.12.04.1", "2026-12-04", {}, stats, None)
