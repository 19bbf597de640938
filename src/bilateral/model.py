"""Plain data passed between stages. Tables are built from these at the end."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    index: int  # 0-based position in the document
    start: int  # offsets into the document text (Python str indices), end exclusive
    end: int
    text: str  # == document_text[start:end]


@dataclass
class EventMention:
    """One event as one sentence reports it, before ids are assigned (see dedup)."""

    sentence_index: int
    start: int  # evidence span in the document text
    end: int
    event_type: str  # one of vocab.PLOVER_TYPES
    evidence: str  # == document_text[start:end]
    mode: str | None = None
    source_actor: str | None = None
    source_country: str | None = None
    target_actor: str | None = None
    target_country: str | None = None
    symmetric: bool = False
    parties: tuple[str, ...] = ()
    event_date: str | None = None  # ISO 8601 at its precision, '~' for approximate
    date_precision: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_source: str = "none"  # sentence, context, none
    date_text: str | None = None
    location: str | None = None
    location_country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    factuality: str = "asserted"
    habitual: bool = False
    trigger: str | None = None


@dataclass
class DocumentText:
    """A decoded document with what metadata found in it."""

    doc_id: str
    source_file: str
    text: str
    body_start: int = 0  # offset where the body begins (after title/byline/date header lines)
    published_date: str | None = None
    published: dt.date | None = None  # the reference date for relative expressions, when day-precise
    extras: dict = field(default_factory=dict)
