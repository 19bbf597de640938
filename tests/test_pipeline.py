"""The build end to end on the sample corpus: one documents row per raw file, right dates, stable bytes."""
from __future__ import annotations

import copy
import shutil

import pandas as pd
import pytest

from bilateral import ingest, pipeline, publish, validate
from builders import mention

SEED_DATES = {
    "000_6f48ea46729e4df5.txt": ("2020-12-26", "byline"),
    "001_5f27a9d7d31554ec.txt": ("2020-03-04", "header"),
    "002_072c7506d9b82cf7.txt": ("2023-04-13", "dateline"),
    "003_121cc63d40340d23.txt": ("2025-05-12", "header"),
    "004_fab54a6f06b445ff.txt": (None, "none"),
}


@pytest.fixture(scope="module")
def seed_tables(repo):
    return pipeline.build_tables(repo / "raw")


def test_one_documents_row_per_raw_file(repo, seed_tables):
    raw_files = [p for p in (repo / "raw").rglob("*") if p.is_file()]
    assert len(seed_tables["documents"]) == len(raw_files)
    assert set(seed_tables["documents"]["status"]) == {"ok"}


def test_publication_dates_of_the_seed_articles(seed_tables):
    documents = seed_tables["documents"].set_index("source_file")
    for name, (date, source) in SEED_DATES.items():
        row = documents.loc[name]
        got = None if row["published_date"] is None or row["published_date"] != row["published_date"] else row["published_date"]
        assert (got, row["published_date_source"]) == (date, source), name


def test_tables_are_valid_and_linked(seed_tables):
    for name, frame in seed_tables.items():
        validate.validate_table(name, frame)
    assert len(seed_tables["rejects"]) == 0
    assert set(seed_tables["mentions"]["doc_id"]) <= set(seed_tables["documents"]["doc_id"])
    assert set(seed_tables["mentions"]["event_id"]) == set(seed_tables["events"]["event_id"])
    documents = seed_tables["documents"].set_index("doc_id")
    sentences = seed_tables["sentences"].set_index(["doc_id", "sentence_index"])
    for row in seed_tables["mentions"].itertuples():
        assert sentences.loc[(row.doc_id, row.sentence_index), "text"] == row.evidence
        assert documents.loc[row.doc_id, "source_file"] == row.source_file


def test_two_builds_are_byte_identical(repo, tmp_path):
    pipeline.build(repo / "raw", tmp_path / "a")
    pipeline.build(repo / "raw", tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert "mentions.parquet" in names and "documents.csv" in names
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_row_failure_is_quarantined_and_release_goes_on(tmp_path):
    bad = pipeline.DocumentResult(
        document={"doc_id": "00000000000000aa", "source_file": "x.txt", "sha256": "0" * 64, "bytes": 3,
                  "encoding": "utf-8", "title": None, "author": None, "publisher": None, "dateline": None,
                  "published_date": None, "published_date_source": "none", "language": "en", "status": "ok",
                  "status_detail": None, "n_chars": 3, "n_sentences": 1},
        mentions=[mention(doc_id="00000000000000aa", source_file="x.txt", target_country="ATLANTIS"),
                  mention(doc_id="00000000000000aa", source_file="x.txt", start=40, end=60)])
    tables = pipeline.assemble([bad])
    assert len(tables["mentions"]) == 1
    assert list(tables["rejects"]["value"]) == ["ATLANTIS"]
    release = publish.publish(tables, tmp_path)
    assert (release / "rejects.parquet").exists()


def test_schema_failure_publishes_nothing(tmp_path):
    broken = pipeline.DocumentResult(document={"doc_id": "00000000000000bb", "source_file": "y.txt",
                                               "sha256": "1" * 64, "bytes": 1, "status": "ok"},
                                     mentions=[mention(doc_id="00000000000000bb") | {"evnt_type": "typo"}])
    broken.mentions[0].pop("event_type")
    with pytest.raises(validate.SchemaContractError):
        tables = pipeline.assemble([broken])
        publish.publish(tables, tmp_path)
    assert publish.list_versions(tmp_path / "releases") == []


def test_published_version_is_never_overwritten(repo, seed_tables, tmp_path):
    first = publish.publish(seed_tables, tmp_path, version="2026.01.01.1")
    before = {p.name: p.read_bytes() for p in first.iterdir() if p.is_file()}
    with pytest.raises(publish.PublishError, match="never overwritten"):
        publish.publish(seed_tables, tmp_path, version="2026.01.01.1")
    assert {p.name: p.read_bytes() for p in first.iterdir() if p.is_file()} == before
    second = publish.publish(seed_tables, tmp_path)
    assert second.name != first.name
    assert (tmp_path / "releases" / "latest").resolve() == second.resolve()
    for name in ("events.parquet", "mentions.csv", "documents.parquet"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_raw_files_in_subfolders_and_duplicates_are_accounted_for(repo, tmp_path):
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    for src in sorted((repo / "raw").iterdir())[:2]:
        shutil.copy(src, raw / src.name)
    shutil.copy(sorted((repo / "raw").iterdir())[0], raw / "sub" / "copy.txt")
    (raw / "empty.txt").write_text("")
    records = list(ingest.ingest(raw))
    assert len(records) == 4
    assert sorted(r.status for r in records) == ["duplicate", "empty", "ok", "ok"]
    assert len({r.doc_id for r in records}) == 4


def test_extractor_error_is_recorded_and_the_other_files_go_on(repo, tmp_path, monkeypatch):
    # Fault injection: the splitter raises on one document only; the build must record it, not crash.
    raw = tmp_path / "raw"
    shutil.copytree(repo / "raw", raw)
    (raw / "poison.txt").write_text("Pakistan and Azerbaijan signed an agreement on 3 May 2021. POISON\n")
    real_split = pipeline.split_sentences

    def split_or_raise(text, body_start=0):
        if "POISON" in text:
            raise RuntimeError("splitter failed")
        return real_split(text, body_start)

    monkeypatch.setattr(pipeline, "split_sentences", split_or_raise)
    tables = pipeline.build_tables(raw)
    documents = tables["documents"].set_index("source_file")
    assert documents.loc["poison.txt", "status"] == "extract_error"
    assert "RuntimeError: splitter failed" in documents.loc["poison.txt", "status_detail"]
    assert documents.loc["poison.txt", "n_sentences"] == 0
    poisoned_id = documents.loc["poison.txt", "doc_id"]
    assert poisoned_id not in set(tables["mentions"]["doc_id"])
    assert poisoned_id not in set(tables["sentences"]["doc_id"])
    assert (documents.drop(index="poison.txt")["status"] == "ok").all()
    assert len(tables["mentions"]) > 0


# -- big tables are gathered as Arrow chunks; a value Arrow cannot type goes the row path -------------

@pytest.fixture(scope="module")
def seed_results(repo):
    return [pipeline.process(record) for record in ingest.ingest(repo / "raw")]


def test_chunked_arrow_gathering_gives_the_same_tables(seed_results, monkeypatch):
    whole = pipeline.assemble(seed_results)
    monkeypatch.setattr(pipeline, "ARROW_CHUNK_ROWS", 7)  # many chunks, concatenated and sorted
    chunked = pipeline.assemble(reversed(seed_results))
    for name in whole:
        pd.testing.assert_frame_equal(whole[name], chunked[name])


@pytest.mark.parametrize("column, value, expected", [("n_chars", 1234.5, "SchemaContractError"),
                                                      ("n_chars", True, [1]), ("title", 7, ["7"])])
def test_a_value_of_another_type_goes_to_pandera_as_before(seed_results, monkeypatch, column, value, expected):
    """Arrow would truncate 1234.5 into an int64 column; pandera reports it (schema failure), as it
    coerces True and 7, as it did before tables were gathered in Arrow."""
    odd = copy.deepcopy(seed_results[-1])
    odd.document[column] = value
    outcomes = []
    for chunk_rows in (2, 10**6):  # gathered as Arrow chunks, or (all rows in one chunk) at the end
        monkeypatch.setattr(pipeline, "ARROW_CHUNK_ROWS", chunk_rows)
        try:
            frame = pipeline.assemble([*seed_results[:-1], odd])["documents"]
            outcomes.append(frame.loc[frame["doc_id"] == odd.document["doc_id"], column].tolist())
        except validate.SchemaContractError as error:
            outcomes.append(type(error).__name__)
    assert outcomes == [expected, expected]


def test_a_value_arrow_cannot_type_takes_the_row_path(seed_results, monkeypatch):
    monkeypatch.setattr(pipeline, "ARROW_CHUNK_ROWS", 2)
    odd = copy.deepcopy(seed_results[-1])
    odd.document["title"] = 2024  # a number where text belongs: pandera coerces it
    documents = pipeline.assemble([*seed_results[:-1], odd])["documents"]
    expected = pipeline.assemble(seed_results)["documents"]
    assert documents.loc[documents["doc_id"] == odd.document["doc_id"], "title"].tolist() == ["2024"]
    pd.testing.assert_frame_equal(documents.drop(columns="title"), expected.drop(columns="title"))
