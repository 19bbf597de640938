"""Hand-made documents and mentions for the publishing tests.

The event extractor is another module; these tests need tables whose content
they control (which events exist, which articles report them), so they build
``pipeline.DocumentResult`` objects by hand and run the real ``assemble``
(ids, de-duplication, validation) on them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from types import SimpleNamespace

import pytest

from bilateral import ingest, pipeline, publish

CREATED = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def _interval(date: str | None) -> tuple[str | None, dt.date | None, dt.date | None]:
    if date is None:
        return None, None, None
    core = date.rstrip("~")
    parts = [int(p) for p in core.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return "day", day, day
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return "month", first, nxt - dt.timedelta(days=1)
    return "year", dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def make_result(name: str, events: list[tuple], published: str | None = "2024-03-01") -> pipeline.DocumentResult:
    """A document ``name`` whose sentences each report one event.

    ``events``: (event_type, source, target, date[, symmetric]) tuples; the
    sentence text is generated from them, so it is the evidence verbatim.
    """
    sentences, mentions, text, offset = [], [], "", 0
    for index, (event_type, source, target, date, *rest) in enumerate(events):
        symmetric = bool(rest and rest[0])
        sentence = f"{source} and {target}: {event_type.lower()} reported ({date or 'undated'})."
        start, end = offset, offset + len(sentence)
        text += sentence + " "
        offset = len(text)
        precision, first, last = _interval(date)
        sentences.append({"sentence_index": index, "start": start, "end": end, "text": sentence})
        mentions.append({
            "sentence_index": index, "start": start, "end": end, "event_type": event_type, "evidence": sentence,
            "mode": None, "source_actor": source, "source_country": source, "target_actor": target,
            "target_country": target, "symmetric": symmetric,
            "parties": sorted([source, target]) if symmetric else [source, target],
            "event_date": date, "date_precision": precision, "date_start": first, "date_end": last,
            "date_source": "sentence" if date else "none", "date_text": date, "location": None,
            "location_country": None, "latitude": None, "longitude": None, "factuality": "asserted",
            "habitual": False, "trigger": event_type.lower(),
        })
    sha = hashlib.sha256(text.encode()).hexdigest()
    doc_id = ingest.doc_id_for(sha)
    for row in sentences:
        row["doc_id"] = doc_id
    for row in mentions:
        row.update(doc_id=doc_id, source_file=name)
    document = {
        "doc_id": doc_id, "source_file": name, "sha256": sha, "bytes": len(text.encode()), "encoding": "utf-8",
        "title": f"Report {name}", "author": None, "publisher": "Test Wire", "dateline": None,
        "published_date": published, "published_date_source": "header" if published else "none",
        "language": "en", "status": "ok", "status_detail": None, "n_chars": len(text), "n_sentences": len(sentences),
    }
    return pipeline.DocumentResult(document, sentences, mentions)


# A small corpus: a visit reported by two agencies, a joint agreement, an undated accusation,
# a month-precision aid event and a formula-looking actor name to exercise CSV neutralisation.
BASE_DOCS = {
    "a.txt": [("CONSULT", "PAK", "AZE", "2019-10-28"), ("AGREE", "PAK", "AZE", "2020-12", True)],
    "b.txt": [("CONSULT", "PAK", "AZE", "2019-10-28"), ("ACCUSE", "PAK", "ARM", None)],
    "c.txt": [("AID", "TUR", "AZE", "2021-03"), ("REQUEST", "PAK", "ARM", "2019-09-23")],
}
UNRELATED = {"z.txt": [("PROTEST", "FRA", "DEU", "2022-05-04")]}


def results_for(docs: dict[str, list[tuple]]) -> list[pipeline.DocumentResult]:
    return [make_result(name, events) for name, events in docs.items()]


@pytest.fixture
def corpus_tables():
    """Tables of BASE_DOCS, through the real assemble (ids, dedup, validation)."""
    return pipeline.assemble(results_for(BASE_DOCS))


@pytest.fixture(scope="session")
def _published_once(tmp_path_factory):
    out = tmp_path_factory.mktemp("published") / "output"
    publish.publish(pipeline.assemble(results_for(BASE_DOCS)), out, created=CREATED)
    return out


@pytest.fixture
def published(tmp_path, _published_once):
    """An output root with one published release of the base corpus (a private copy: tests may change it)."""
    out = tmp_path / "output"
    shutil.copytree(_published_once, out, symlinks=True)
    return out


@pytest.fixture(scope="session")
def corpus():
    """The helpers above (with --import-mode=importlib a test cannot import conftest by name)."""
    return SimpleNamespace(make_result=make_result, results_for=results_for, BASE_DOCS=BASE_DOCS,
                           UNRELATED=UNRELATED, CREATED=CREATED)
