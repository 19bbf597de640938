"""Fixtures for the event tests: the extractor run on a text as the pipeline runs it."""
from __future__ import annotations

import datetime as dt

import pytest

from bilateral.dates import find_timexes
from bilateral.events import extract
from bilateral.model import DocumentText, EventMention
from bilateral.sentences import split_sentences

PUBLISHED = dt.date(2021, 5, 1)


def run(text: str, published: dt.date | None = PUBLISHED) -> list[EventMention]:
    doc = DocumentText("doc", "doc.txt", text, 0, published.isoformat() if published else None, published)
    return extract(doc, split_sentences(text, 0), find_timexes(text, published))


def coded(text: str, published: dt.date | None = PUBLISHED) -> list[tuple]:
    """(type, source, target) per mention; for a joint act (type, 'sym', sorted parties)."""
    out = []
    for event in run(text, published):
        if event.symmetric:
            out.append((event.event_type, "sym", tuple(event.parties)))
        else:
            out.append((event.event_type, event.source_country, event.target_country))
    return out


@pytest.fixture
def extract_text():
    return run


@pytest.fixture
def codes_of():
    return coded
