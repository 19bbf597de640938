"""Stable ids: event_id and mention_id depend on content only (dedup's rule)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bilateral import dedup, pipeline


def _extractor_ready() -> bool:
    try:
        from bilateral.events import extract  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def _ids(tables) -> tuple[dict, dict]:
    events = {r["event_id"]: (r["event_type"], r["event_date"], tuple(r["parties"]))
              for r in tables["events"].to_dict("records")}
    mentions = {r["mention_id"]: (r["event_id"], r["doc_id"], r["start"]) for r in tables["mentions"].to_dict("records")}
    return events, mentions


def test_ids_unchanged_after_adding_an_unrelated_article(corpus):
    before_events, before_mentions = _ids(pipeline.assemble(corpus.results_for(corpus.BASE_DOCS)))
    after_events, after_mentions = _ids(pipeline.assemble(corpus.results_for({**corpus.BASE_DOCS, **corpus.UNRELATED})))
    assert len(after_events) == len(before_events) + 1
    assert {k: v for k, v in after_events.items() if k in before_events} == before_events
    assert before_mentions.items() <= after_mentions.items()


def test_ids_unchanged_when_input_order_reverses(corpus):
    forward = pipeline.assemble(corpus.results_for(corpus.BASE_DOCS))
    # Same articles, opposite order, under names that also sort the other way.
    renamed = {f"{9 - i}_{name}": events for i, (name, events) in enumerate(corpus.BASE_DOCS.items())}
    backward = pipeline.assemble(reversed(corpus.results_for(renamed)))
    assert _ids(forward) == _ids(backward)
    assert forward["events"].equals(backward["events"])
    # mentions are ordered by file name, which the renaming reversed; their content is the same
    def by_id(frame):
        return frame.drop(columns="source_file").sort_values("mention_id").reset_index(drop=True)
    assert by_id(forward["mentions"]).equals(by_id(backward["mentions"]))


def test_same_event_from_several_articles_is_one_row(corpus):
    tables = pipeline.assemble(corpus.results_for(corpus.BASE_DOCS))
    visit = tables["events"][(tables["events"]["event_type"] == "CONSULT")]
    assert len(visit) == 1  # a.txt and b.txt both report PAK->AZE CONSULT on 2019-10-28
    row = visit.iloc[0]
    assert (row["n_mentions"], row["n_documents"]) == (2, 2)
    assert len(row["doc_ids"]) == 2
    assert tables["mentions"]["event_id"].value_counts()[row["event_id"]] == 2


def test_different_precision_or_direction_is_a_different_event(corpus):
    docs = {"p.txt": [("CONSULT", "PAK", "AZE", "2019-10-28")], "q.txt": [("CONSULT", "PAK", "AZE", "2019-10")],
            "r.txt": [("CONSULT", "AZE", "PAK", "2019-10-28")]}
    assert len(pipeline.assemble(corpus.results_for(docs))["events"]) == 3


def test_symmetric_event_ignores_party_order(corpus):
    docs = {"p.txt": [("AGREE", "PAK", "AZE", "2020-12", True)], "q.txt": [("AGREE", "AZE", "PAK", "2020-12", True)]}
    events = pipeline.assemble(corpus.results_for(docs))["events"]
    assert len(events) == 1 and events.iloc[0]["n_documents"] == 2


def test_undated_mentions_merge_within_a_document_only(corpus):
    docs = {"p.txt": [("ACCUSE", "PAK", "ARM", None), ("ACCUSE", "PAK", "ARM", None)],
            "q.txt": [("ACCUSE", "PAK", "ARM", None)]}
    events = pipeline.assemble(corpus.results_for(docs))["events"]
    assert sorted(events["n_mentions"]) == [1, 2]


def test_event_id_is_a_pure_function_of_identity(corpus):
    row = corpus.make_result("x.txt", [("AID", "TUR", "AZE", "2021-03")]).mentions[0]
    assert dedup.event_id(dict(row)) == dedup.event_id({**row, "doc_id": "other", "mode": "economic"})
    assert dedup.event_id(dict(row)) != dedup.event_id({**row, "event_date": "2021-04"})


@pytest.mark.slow
@pytest.mark.skipif(not _extractor_ready(), reason="bilateral.events.extract (the extractor) is not in this checkout yet")
def test_raw_corpus_ids_stable_under_addition_and_reversed_order(tmp_path, repo):
    raw_files = sorted((repo / "raw").glob("*.txt"))[:4]
    forward, backward = tmp_path / "forward", tmp_path / "backward"
    forward.mkdir(), backward.mkdir()
    for i, path in enumerate(raw_files):
        shutil.copy(path, forward / f"{i:02d}.txt")
        shutil.copy(path, backward / f"{len(raw_files) - i:02d}.txt")  # names sort in the opposite order
    one, two = _ids(pipeline.build_tables(forward)), _ids(pipeline.build_tables(backward))
    assert one[0] == two[0]
    assert {v[0] for v in one[1].values()} == {v[0] for v in two[1].values()}
    (forward / "zz.txt").write_text("Unrelated note.\n\nThe weather in Lisbon was mild on Tuesday.\n", encoding="utf-8")
    grown = _ids(pipeline.build_tables(Path(forward)))
    assert one[0].items() <= grown[0].items()


def test_a_mention_missing_an_id_column_is_a_schema_error(corpus):
    from bilateral.validate import SchemaContractError  # noqa: PLC0415

    result = corpus.make_result("x.txt", [("AID", "TUR", "AZE", "2021-03")])
    del result.mentions[0]["event_type"]
    with pytest.raises(SchemaContractError, match="lacks column.*event_type"):
        pipeline.assemble([result])
