"""The build: raw files in, validated tables out. Plain function calls, no Prefect.

    ingest -> metadata -> sentences -> events (-> dates, for documents with events)  (per document, see ``process``)
           -> ids and events table (dedup) -> validate -> tables

``bilateral build`` calls ``build``; the Prefect flow in ``flows/`` runs the same
``process`` per document (in batches, through ``bilateral.incremental``) and the
same ``assemble``, so both produce the same tables.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from bilateral import collector, contract, dedup, faults, ingest, tableio, validate
from bilateral.metadata import read_metadata
from bilateral.model import DocumentText
from bilateral.sentences import split_sentences

EXTRACTED_LANGUAGES = frozenset({"en"})
# The statuses ``process`` gives a document itself; every other status is the scan's (``ingest``).
EXTRACTION_STATUSES = frozenset({"unsupported_language", "extract_error"})
ARROW_CHUNK_ROWS = 2_000  # rows held as dicts until made a chunk: 2,000 documents are ~3 MB, 20,000 were ~30
ingest.STATUSES.setdefault("unsupported_language", "decoded, but not in a language the extractor reads; no events")


@dataclass
class DocumentResult:
    """What one raw file contributes to the tables."""

    document: dict
    sentences: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)


def process(record: ingest.IngestedFile) -> DocumentResult:
    """Metadata, sentences, dates and events of one ingested file."""
    faults.checkpoint("mid-extract")
    document = {
        "doc_id": record.doc_id, "source_file": record.source_file, "sha256": record.sha256,
        "bytes": record.n_bytes, "encoding": record.encoding, "title": None, "author": None,
        "publisher": None, "dateline": None, "published_date": None, "published_date_source": "none",
        "language": None, "status": record.status, "status_detail": record.status_detail,
        "n_chars": len(record.text), "n_sentences": 0,
    }
    if record.status not in ingest.USABLE:
        return DocumentResult(document)
    try:
        return _extract(record, document)
    except Exception as error:  # noqa: BLE001  (one bad document must not sink the release; it is recorded)
        document.update(status="extract_error", status_detail=f"{type(error).__name__}: {error}"[:500],
                        n_sentences=0)
        return DocumentResult(document)


def _extract(record: ingest.IngestedFile, document: dict) -> DocumentResult:
    meta = read_metadata(record.text)
    document.update(title=meta.title, author=meta.author, publisher=meta.publisher, dateline=meta.dateline,
                    published_date=meta.published_date, published_date_source=meta.published_date_source,
                    language=meta.language)
    sentences = split_sentences(record.text, meta.body_start)
    document["n_sentences"] = len(sentences)
    sentence_rows = [{"doc_id": record.doc_id, "sentence_index": s.index, "start": s.start, "end": s.end,
                      "text": s.text} for s in sentences]
    if meta.language is not None and meta.language not in EXTRACTED_LANGUAGES:
        document["status"] = "unsupported_language"
        document["status_detail"] = f"language {meta.language}"
        return DocumentResult(document, sentence_rows)
    doc = DocumentText(record.doc_id, record.source_file, record.text, meta.body_start,
                       meta.published_date, meta.published)
    from bilateral.events import extract  # noqa: PLC0415  (loads the dictionaries once, on first use)

    mentions = []
    # The timexes are found (``bilateral.dates``) only when an event needs a date: most documents have none.
    for mention in extract(doc, sentences):
        row = dataclasses.asdict(mention)
        row.update(doc_id=record.doc_id, source_file=record.source_file, parties=list(mention.parties))
        mentions.append(row)
    return DocumentResult(document, sentence_rows, mentions)


def assemble(results: Iterable[DocumentResult], sentence_tables: Iterable[pa.Table] = (),
             document_tables: Iterable[pa.Table] = (), mention_rows: Iterable[dict] = (),
             spill_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """Tables from per-document results: ids assigned, events aggregated, every table validated.

    ``sentence_tables``, ``document_tables``: rows already in columns (``typed_table``, as the incremental
    cache stores sentences and a release holds them, see ``bilateral.reuse``), beside those of the results;
    a sentence table may be a loader (a function returning the table or None, ``cache.row_loaders``);
    ``mention_rows``: mentions beside theirs. ``spill_dir``: the sentences are sorted, validated and written
    there a part at a time (``bilateral.spill``), not held whole: ``tables["sentences"]`` is then a
    ``spill.SpilledTable``, the same rows and bytes."""
    documents, sentences, mentions = Columns("documents"), Columns("sentences"), []
    for result in results:
        documents.add([result.document])
        sentences.add(result.sentences)
        mentions += result.mentions
    sentences.add_tables(sentence_tables)  # in a method, so no loop variable here keeps the last table
    documents.add_tables(document_tables)
    mentions += mention_rows
    tables = {
        "documents": documents.frame(["source_file"]),
        "sentences": _sentences(sentences, spill_dir),
        "mentions": _frame("mentions", dedup.assign_ids(mentions)),
    }
    tables = validate.validate_tables(tables)
    # Events are built from the mentions that passed, so a rejected mention cannot leak into them.
    events, event_rejects = validate.validate_table("events", dedup.events_table(tables["mentions"]))
    tables["events"] = events
    if len(event_rejects):
        tables["rejects"] = pd.concat([tables["rejects"], event_rejects], ignore_index=True)
    return {name: tables[name] for name in ("documents", "sentences", "mentions", "events", "rejects")}


SENTENCE_ORDER = ["doc_id", "sentence_index"]


def _sentences(sentences: Columns, spill_dir: Path | None):
    chunks = None if spill_dir is None else sentences.take_chunks()
    if chunks is None:
        return sentences.frame(SENTENCE_ORDER)
    from bilateral import spill  # noqa: PLC0415

    return validate.Validated(*spill.sort_validate_write("sentences", chunks, SENTENCE_ORDER, spill_dir,
                                                         load=sentences.contract_table))


class Columns:
    """The rows of a big table, gathered as Arrow tables of ``ARROW_CHUNK_ROWS`` rows.

    A corpus's sentences held as a Python dict per row took ~200 MB of a 17 MB corpus and grew with it;
    as Arrow columns they take about the size of the text. A chunk Arrow cannot type (a value of the
    wrong type, for pandera to coerce or to report) sends the table back to rows and the pandas path.
    """

    def __init__(self, table: str, extra: tuple[pa.Field, ...] = ()):
        self.table, self.extra = table, extra
        self.schema = pa.schema(list(contract.arrow_schema(table)) + list(extra))
        self.rows: list[dict] = []
        self.chunks: list[pa.Table] = []
        self.typed = True

    def add(self, rows: list[dict]) -> None:
        self.rows += rows
        if self.typed and len(self.rows) >= ARROW_CHUNK_ROWS:
            self._to_arrow()

    def add_table(self, table: pa.Table | Callable[[], pa.Table | None]) -> None:
        """Rows already typed as the contract's columns (``typed_table``), or a loader of them, read when
        they are needed (``take_chunks`` leaves that to its caller: see ``contract_table``)."""
        if self.typed:
            self.chunks.append(table if callable(table) else self.contract_table(table))
        else:
            self.rows += self.contract_table(table).to_pylist()

    def add_tables(self, tables: Iterable[pa.Table | Callable[[], pa.Table | None]]) -> None:
        for table in tables:
            self.add_table(table)

    def contract_table(self, table: pa.Table | Callable[[], pa.Table | None]) -> pa.Table:
        """A chunk as a table of the contract's schema (a loader is called; nothing loaded: no rows)."""
        if callable(table):
            table = table()
            if table is None:
                return self.schema.empty_table()
        if not table.schema.equals(self.schema):
            raise TypeError(f"{self.table} rows with the columns {table.schema.names}, not the contract's")
        return pa.Table.from_arrays(table.columns, schema=self.schema)  # the contract's field descriptions

    def _loaded(self) -> list[pa.Table]:
        return [self.contract_table(chunk) for chunk in self.chunks]

    def _to_arrow(self) -> None:
        chunk = typed_table(self.table, self.rows, self.extra)
        if chunk is not None:
            self.chunks.append(chunk)
            self.rows = []
        else:
            self.typed = False
            self.rows = [row for chunk in self._loaded() for row in chunk.to_pylist()] + self.rows
            self.chunks = []

    def arrow(self) -> pa.Table | None:
        """The rows as one Arrow table, unsorted; None when some could not be typed (they are in ``rows``)."""
        if self.typed and self.rows:
            self._to_arrow()
        if not self.typed:
            return None
        return pa.concat_tables(self._loaded()) if self.chunks else self.schema.empty_table()

    def take_chunks(self) -> list[pa.Table | Callable[[], pa.Table | None]] | None:
        """The typed rows as Arrow tables or their loaders (``contract_table`` reads one), in the order
        ``frame`` concatenates them; they leave this object. None when some rows could not be typed
        (they stay, for ``frame``)."""
        if self.typed and self.rows:
            self._to_arrow()
        if not self.typed:
            return None
        chunks, self.chunks = self.chunks, []
        return chunks

    def frame(self, sort_keys: list[str]) -> pd.DataFrame:
        if self.typed and self.rows:
            self._to_arrow()
        if not self.typed:
            return _frame(self.table, sorted(self.rows, key=lambda row: tuple(row.get(k) for k in sort_keys)))
        if not self.chunks:
            return contract.empty_frame(self.table)
        # One copy of the rows, made before the sort and without the chunks (the cache's memory-mapped files):
        # a sort of many chunks concatenates them first, and held the chunks, their concatenation and the
        # sorted copy at once. The frame's text columns are the sorted table's buffers, not a copy.
        combined = pa.concat_tables(self._loaded()).combine_chunks()
        self.chunks = []
        table = combined.sort_by([(key, "ascending") for key in sort_keys])
        del combined
        pa.default_memory_pool().release_unused()  # the allocator would keep the concatenation's pages
        return table.to_pandas(types_mapper=contract._types_mapper)


def typed_table(table: str, rows: list[dict], extra: tuple[pa.Field, ...] = ()) -> pa.Table | None:
    """``rows`` as an Arrow table of ``table``'s contract types (and the ``extra`` fields), or None when a
    value is not of its column's type (such rows take the pandas path, where pandera coerces or reports)."""
    schema = contract.arrow_schema(table)
    for field_ in extra:
        schema = schema.append(field_)
    try:
        arrays = [_typed([row.get(field_.name) for row in rows], field_.type) for field_ in schema]
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, TypeError):
        return None
    return pa.Table.from_arrays(arrays, schema=schema)


def _typed(values: list, arrow_type: pa.DataType) -> pa.Array:
    """The values as an Arrow array of the contract's type, when that is the type they have. Arrow asked
    for int64 would truncate a float (1234.5 -> 1234) without a word: the type is inferred and
    compared instead, and anything else goes to pandera, which coerces or reports it."""
    array = pa.array(values)
    if pa.types.is_null(array.type):  # nothing but nulls
        return array.cast(arrow_type)
    if array.type != arrow_type:
        raise TypeError(f"{array.type} values where the contract has {arrow_type}")
    return array


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    columns = contract.csv_header(table)
    if not rows:
        return contract.empty_frame(table)
    return pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)


def build_tables(raw_dir: Path) -> dict[str, pd.DataFrame]:
    with collector.fewer_collections():
        return assemble(process(record) for record in ingest.ingest(raw_dir))


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    written = []
    for name, frame in tables.items():
        written += tableio.write_table(name, frame, out_dir)
    return written


def build(raw_dir: Path, out_dir: Path, cache_dir: Path | None = None,
          on_batch: Callable[[dict], None] | None = None) -> dict[str, pd.DataFrame]:
    """``bilateral build``: the tables of ``raw_dir`` as Parquet and CSV in ``out_dir`` (no versioning).

    With ``cache_dir``, per-document results are stored there and reused for files
    whose bytes (and the code) have not changed (see ``bilateral.incremental``).
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw directory not found: {raw_dir}")
    if cache_dir is None:
        tables = build_tables(raw_dir)
    else:
        from bilateral import incremental  # noqa: PLC0415  (incremental imports this module)

        entries = incremental.scan(raw_dir, cache_dir)
        for batch in incremental.batches(entries, have=incremental.cached_shas(Path(cache_dir))):
            summary = incremental.process_batch(raw_dir, batch, cache_dir)
            if on_batch:
                on_batch(summary)
        tables = assemble(incremental.load_results(entries, Path(cache_dir)),
                          incremental.load_sentences(entries, Path(cache_dir)))
        incremental.prune(entries, Path(cache_dir))
    write_tables(tables, out_dir)
    return tables
