"""Release diffs: changes.json / changes.csv name exactly the changed events; statistics in the manifest."""
from __future__ import annotations

import csv
import datetime as dt
import json

from bilateral import changes, pipeline, publish


def _events_by_key(tables) -> dict[tuple, str]:
    return {(r["event_type"], r["event_date"]): r["event_id"] for r in tables["events"].to_dict("records")}


def test_diff_of_two_releases_names_exactly_the_changed_events(tmp_path, corpus):
    out = tmp_path / "output"
    first_tables = pipeline.assemble(corpus.results_for(corpus.BASE_DOCS))
    first = publish.publish(first_tables, out, created=corpus.CREATED)
    # Second corpus: c.txt is gone (AID and REQUEST removed), a new article reports the AGREE
    # event again (modified: n_mentions, n_documents, doc_ids) and a PROTEST (added).
    docs = {name: events for name, events in corpus.BASE_DOCS.items() if name != "c.txt"}
    docs["d.txt"] = [("AGREE", "AZE", "PAK", "2020-12", True), ("PROTEST", "FRA", "DEU", "2022-05-04")]
    second_tables = pipeline.assemble(corpus.results_for(docs))
    second = publish.publish(second_tables, out, created=corpus.CREATED + dt.timedelta(hours=1))

    ids_1, ids_2 = _events_by_key(first_tables), _events_by_key(second_tables)
    report = json.loads((second / "changes.json").read_text())
    assert report["version"] == second.name and report["previous_version"] == first.name
    assert [e["event_id"] for e in report["added"]] == [ids_2[("PROTEST", "2022-05-04")]]
    assert sorted(e["event_id"] for e in report["removed"]) == sorted([ids_1[("AID", "2021-03")], ids_1[("REQUEST", "2019-09-23")]])
    assert [m["event_id"] for m in report["modified"]] == [ids_1[("AGREE", "2020-12")]]
    # the identity columns never change; evidence changes only if the new document sorts first
    assert {"n_mentions", "n_documents", "doc_ids"} <= set(report["modified"][0]["columns"]) <= {
        "n_mentions", "n_documents", "doc_ids", "evidence"}
    assert report["modified"][0]["before"]["n_documents"] == 1 and report["modified"][0]["after"]["n_documents"] == 2
    assert report["counts"] == {"added": 1, "modified": 1, "removed": 2, "unchanged": 2}

    with (second / "changes.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted((r["change"], r["event_id"]) for r in rows) == sorted(
        [("added", e["event_id"]) for e in report["added"]] + [("removed", e["event_id"]) for e in report["removed"]]
        + [("modified", m["event_id"]) for m in report["modified"]])
    modified_row = next(r for r in rows if r["change"] == "modified")
    assert modified_row["event_type"] == "AGREE" and modified_row["columns_changed"].startswith("n_mentions;n_documents;doc_ids")

    manifest = json.loads((second / "manifest.json").read_text())
    assert manifest["changes"] == {"previous_version": first.name, **report["counts"]}


def test_first_release_lists_everything_as_added(published):
    release = published / "releases" / "latest"
    report = json.loads((release / "changes.json").read_text())
    manifest = json.loads((release / "manifest.json").read_text())
    assert report["previous_version"] is None
    assert report["counts"]["added"] == manifest["row_counts"]["events"] == 5
    assert report["modified"] == report["removed"] == []


def test_republishing_identical_tables_changes_nothing(tmp_path, corpus_tables, corpus):
    out = tmp_path / "output"
    publish.publish(corpus_tables, out, created=corpus.CREATED)
    again = publish.publish(corpus_tables, out, created=corpus.CREATED + dt.timedelta(minutes=5))
    assert json.loads((again / "changes.json").read_text())["counts"] == {"added": 0, "modified": 0, "removed": 0, "unchanged": 5}


def test_statistics_count_by_type_dyad_and_year(corpus_tables):
    stats = changes.statistics(corpus_tables)
    assert stats["events_by_type"] == {"ACCUSE": 1, "AGREE": 1, "AID": 1, "CONSULT": 1, "REQUEST": 1}
    assert stats["events_by_dyad"] == {"PAK>ARM": 2, "AZE+PAK": 1, "PAK>AZE": 1, "TUR>AZE": 1}
    assert stats["events_by_year"] == {"2019": 2, "2020": 1, "2021": 1, "undated": 1}
    assert stats["event_date_range"] == ["2019-09-23", "2021-03-31"]
    assert stats["countries"] == ["ARM", "AZE", "PAK", "TUR"]
    assert stats["documents_by_status"] == {"ok": 3}


def test_manifest_carries_the_statistics(published, corpus_tables):
    manifest = json.loads((published / "releases" / "latest" / "manifest.json").read_text())
    assert manifest["statistics"] == json.loads(json.dumps(changes.statistics(corpus_tables)))
