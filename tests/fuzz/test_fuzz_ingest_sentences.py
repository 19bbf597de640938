"""Property-based tests: ingest never raises on any bytes, and sentence offsets always hold."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from bilateral import decoding, ingest
from bilateral.schemas import IDENT
from bilateral.sentences import split_sentences

FUZZ = settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])

# Bytes that look like the inputs that break decoders: BOMs, NULs, high bytes, HTML and mojibake markers.
PREFIXES = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"<html>", b"\x00", b"\xc3\x83\xc2"])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252",
                             "cp1250", "koi8-r", "shift_jis", "gb18030"])


def one_record(data: bytes) -> ingest.IngestedFile:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "f.txt").write_bytes(data)
        records = list(ingest.ingest(Path(folder)))
    assert len(records) == 1
    return records[0]


def check_record(record: ingest.IngestedFile, data: bytes) -> None:
    assert record.status in ingest.STATUSES
    assert re.fullmatch(IDENT, record.doc_id) and re.fullmatch(r"[0-9a-f]{64}", record.sha256)
    assert record.n_bytes == len(data)
    record.text.encode("utf-8")  # no lone surrogates: every text can be written to Parquet
    if record.status in ingest.USABLE:
        assert record.text.strip()
    else:
        assert record.status_detail or record.status == "ok"


@FUZZ
@given(st.tuples(PREFIXES, st.binary(max_size=3000)).map(b"".join))
def test_ingest_never_raises_on_arbitrary_bytes(data):
    check_record(one_record(data), data)


@FUZZ
@given(st.text(max_size=1500), ENCODINGS)
def test_ingest_any_text_in_any_encoding(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    check_record(one_record(data), data)


@FUZZ
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00\ufeffÃÂâ€ðŸ"),
               max_size=1500))
def test_clean_utf8_is_kept_as_it_is(text):
    assume(not decoding._looks_like_html(text))
    record = one_record(text.encode("utf-8"))
    if not text.strip():
        assert record.status == "empty"
    else:
        assert record.status == "ok", record.status_detail
        assert record.text == text.replace("\r\n", "\n").replace("\r", "\n")


SENTENCE_ALPHABET = st.sampled_from(list("aAbZ19 .!?\n\"'()[]”’“‘\t\u00a0-:,") + ["Mr.", "U.S.", " No. 5", "Gen.", "2013.Moreover"])


@settings(deadline=None, max_examples=400)
@given(st.lists(SENTENCE_ALPHABET, max_size=200).map("".join), st.data())
def test_sentence_offsets(text, data):
    start = data.draw(st.integers(0, len(text)))
    sentences = split_sentences(text, start)
    previous_end = start
    for i, sentence in enumerate(sentences):
        assert sentence.index == i
        assert previous_end <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        previous_end = sentence.end
    # Nothing is lost: every non-space character from ``start`` on lies inside a sentence.
    covered = {i for s in sentences for i in range(s.start, s.end)}
    assert all(i in covered for i in range(start, len(text)) if not text[i].isspace())


# Text made of what sentence breaks are made of: end punctuation, closers, line breaks, capitals, "U.S.".
BREAKY = st.lists(st.sampled_from([".", "!", "?", "\n", "\n\n", " ", "\t", "\u00a0", '"', "”", ")", "“", "(",
                                   "Mr", "U.S", "A", "word", "Moreover", "2013", "é", "É", "x"]),
                  max_size=60).map("".join)


@FUZZ
@given(BREAKY, st.integers(min_value=0, max_value=8))
@example("word. Moreover", 5)  # a break right at ``start``, after punctuation just before it
@example("2013.Moreover", 5)
@example("x.\n\nA", 2)
def test_breaks_tried_where_they_can_begin_are_those_of_the_whole_text_scan(text: str, start: int) -> None:
    from bilateral.sentences import _BREAK, _breaks

    start = min(start, len(text))
    assert [m.span() for m in _breaks(text, start)] == [m.span() for m in _BREAK.finditer(text, start)]
