"""Document metadata read from the head of an article: title, byline, publisher, dateline, date, language.

Where the publication date comes from, in order of trust:
- ``header``: a machine-written ``date YYYY-MM-DD`` line (scrapers add one);
- ``dateline``: ``Islamabad, 13 April 2023 (TDI): ...`` or ``BAKU, May 12 (Reuters) -``;
- ``byline``: a line near the top that holds only a date (``Decemebr 26, 2020``,
  ``12 May 2025 13:17 (UTC+04:00)``), typically under the author's name;
- ``body``: ``Published on 5 May 2020`` / ``Updated: ...`` in the first paragraphs;
- ``none``: nothing found. The date is then null: never the processing date, never a guess.
Dates are read with the temporal-expression module, so misspelt months and glued
tokens are handled there. The date is stored at the precision the text gives.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bilateral.dates import Timex, find_timexes

PUBLISHER_WORDS = 5  # a masthead or agency line: "The Express Tribune", "Associated Press", "APP"
HEAD_LINES = 8  # title, byline, affiliation and date lines all sit in the first few lines
BODY_DATE_WINDOW = 2000

_HEADER_DATE = re.compile(r"^[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.I)
_BYLINE = re.compile(r"^[ \t]*[Bb][Yy][ \t]+(?P<name>[A-Z][\w.'’-]*(?:[ \t]+(?:[A-Z][\w.'’-]*|de|van|von|bin|al|ul|and|&)){0,9})"
                     r"(?:[ \t]*[,|/][ \t]*(?P<org>[^\n]{2,80}?))?\s*$")
_AFFILIATION = re.compile(r"^[^\n|]{2,60}\|[ \t]*(?P<org>[^,\n]{2,60})")
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Za-z.'’ -]{1,40}?),[ \t]+(?P<date>[^()\n:]{4,40}?)"
    r"[ \t]*(?:\((?P<agency>[A-Za-z][A-Za-z .&-]{0,30})\))?[ \t]*(?:[:—–]|-[ \t])"
)
_BODY_DATE_WORDS = ("published", "posted", "updated", "last modified")  # the cue's words: one must be there
# The first-letter look-ahead lets most positions fail at one test (the same matches, in half the time).
_BODY_DATE_CUE = re.compile(rf"(?=[{''.join(sorted({w[0] for w in _BODY_DATE_WORDS}))}])\b(?:{'|'.join(_BODY_DATE_WORDS)})"
                            r"(?:[ \t]+on)?[ \t]*:?[ \t]*", re.I)
_AUTHOR_BIO = re.compile(r"^\s*(?:the\s+)?(?:author|writer|columnist)\s+(?:is|was)\b", re.I)


@dataclass
class Metadata:
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    dateline: str | None = None
    published_date: str | None = None  # ISO 8601 at the text's precision
    published_date_source: str = "none"
    published: dt.date | None = None  # the day, when day-precise: the reference for relative dates
    language: str | None = None
    body_start: int = 0  # where the body starts, past header lines


def read_metadata(text: str) -> Metadata:
    meta = Metadata()
    lines = _head_lines(text)
    consumed_to = 0
    header = _HEADER_DATE.match(text)
    if header:
        _set_date(meta, header.group(1), "header")
        consumed_to = header.end()
        rest_of_line = text[consumed_to:text.find("\n", consumed_to) if "\n" in text[consumed_to:] else len(text)]
        if _date_only(rest_of_line):  # " date 2025-05-12 12 May 2025 13:17 (UTC+04:00)"
            consumed_to += len(rest_of_line)
    for index, (start, end, line) in enumerate(lines):
        if end <= consumed_to:
            continue
        stripped = line.strip()
        byline = _BYLINE.match(line)
        if byline and meta.author is None:
            meta.author = byline.group("name").strip()
            if byline.group("org"):
                meta.publisher = byline.group("org").strip()
            consumed_to = end
            continue
        affiliation = _AFFILIATION.match(stripped)
        if affiliation and meta.author is not None and meta.publisher is None:
            meta.publisher = affiliation.group("org").strip()
            consumed_to = end
            continue
        if index > 0 and meta.publisher is None and _is_publisher_line(stripped, lines[index + 1:]):
            meta.publisher = stripped
            consumed_to = end
            continue
        date_line = _date_only(stripped)
        if date_line is not None:
            if meta.published_date is None:
                _set_from_timex(meta, date_line, "byline")
            consumed_to = end
            continue
        if index == 0 and meta.title is None and _is_title(stripped, lines):
            meta.title = stripped
            consumed_to = end
            continue
        if _AUTHOR_BIO.match(stripped) and index == 0:
            consumed_to = end
            continue
        break
    meta.body_start = _skip_space(text, consumed_to)
    if meta.published_date is None:
        _read_dateline(meta, text[meta.body_start:meta.body_start + 200])
    if meta.published_date is None:
        _read_body_date(meta, text[meta.body_start:meta.body_start + BODY_DATE_WINDOW])
    meta.language = detect_language(text[meta.body_start:meta.body_start + 3000])
    return meta


def _head_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, line) of the first ``HEAD_LINES`` non-blank lines, without splitting the whole text."""
    out, offset = [], 0
    while offset <= len(text) and len(out) < HEAD_LINES:
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        line = text[offset:end]
        if line.strip():
            out.append((offset, end, line))
        offset = end + 1
    return out


def _skip_space(text: str, offset: int) -> int:
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return offset


def _is_title(line: str, lines: list) -> bool:
    """A short first line without a sentence's end, in title case or with a byline or date line under it.

    Sentence-case headlines ("Pakistan, Azerbaijan resolve to deepen cooperation in energy, defence
    sectors": two capitals in eleven words) are the wire and the Pakistani press's usual style; a byline or
    a date line right under the line says it is a headline as surely as capitals do.
    """
    words = line.split()
    if not (0 < len(words) <= 24 and not line.endswith((".", ":", ";")) and not _AUTHOR_BIO.match(line)
            and len(lines) > 1):
        return False
    if len(words) <= 16 and sum(w[:1].isupper() for w in words) >= len(words) / 3:
        return True
    below = lines[1][2]
    return (bool(_BYLINE.match(below)) or _date_only(below.strip()) is not None
            or _is_publisher_line(below.strip(), lines[2:]))


def _is_publisher_line(line: str, below: list) -> bool:
    """A masthead or agency line between the headline and the date line: "The Express Tribune", "APP",
    "Associated Press". A short capitalised name with nothing else, and a date line right under it."""
    words = line.split()
    return (0 < len(words) <= PUBLISHER_WORDS and not any(map(str.isdigit, line)) and line[-1:].isalnum()
            and all(w[:1].isupper() or w.lower() in ("of", "the", "and", "&") for w in words)
            and bool(below) and _date_only(below[0][2].strip()) is not None)


def _date_only(line: str) -> Timex | None:
    """The date of a line that holds a date and nothing else but a time or zone."""
    # A publication date at day, month or year precision always has digits (the year or the day); most
    # header lines are titles and bylines without any, and the date finder has a per-call cost.
    if not line.strip() or len(line) > 60 or not any(map(str.isdigit, line)):
        return None
    timexes = [t for t in find_timexes(line, None) if t.edtf and t.precision in ("day", "month", "year")]
    if not timexes or not all(_plausible_publication(t) for t in timexes):
        return None
    leftover = line
    for t in timexes:
        leftover = leftover.replace(t.text, " ")
    return timexes[0] if not _TIME_AND_ZONE.sub(" ", leftover).strip() else None


# What may stand beside a date on a date line: a time and a zone ("13:17 (UTC+04:00)", "10:30 PST", "GMT+5"),
# "| Updated". A zone's digits need a sign or UTC/GMT: bare numbers beside a month are a price table's
# ("May 1285 1292"), not a date line.
_TIME_AND_ZONE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?|\(?(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?\)?"
                            r"|\(?[+-]\d{1,2}(?::?\d{2})?\)?|[A-Z]{2,4}T\b|\b[ap]\.?m\.?\b|[|,;()\[\]]", re.I)
FIRST_PUBLICATION_YEAR = 1700  # no news text this pipeline reads is older; "MAY 1414" is a price table's row


def _plausible_publication(timex: Timex) -> bool:
    first = timex.first_day
    return first is not None and FIRST_PUBLICATION_YEAR <= first.year <= dt.date.today().year + 1


def _read_dateline(meta: Metadata, head: str) -> None:
    match = _DATELINE.match(head)
    if not match:
        return
    timex = _date_only(match.group("date"))
    if timex is None:
        return
    meta.dateline = match.group("place").strip().title() if match.group("place").isupper() else match.group("place").strip()
    if match.group("agency") and meta.publisher is None:
        meta.publisher = match.group("agency").strip()
    _set_from_timex(meta, timex, "dateline")


def _read_body_date(meta: Metadata, window: str) -> None:
    if window.isascii() and not any(map(window.lower().__contains__, _BODY_DATE_WORDS)):
        return  # the regex would find no cue: in ASCII text a substring test says so in a tenth of its time
    for cue in _BODY_DATE_CUE.finditer(window):
        timex = _date_only(window[cue.end():cue.end() + 40].split("\n")[0].split(".")[0])
        if timex is not None:
            _set_from_timex(meta, timex, "body")
            return


def _set_date(meta: Metadata, iso_day: str, source: str) -> None:
    try:
        meta.published = dt.date.fromisoformat(iso_day)
    except ValueError:
        return
    meta.published_date, meta.published_date_source = iso_day, source


def _set_from_timex(meta: Metadata, timex: Timex, source: str) -> None:
    if timex.edtf is None or "X" in timex.edtf:
        return
    meta.published_date = timex.edtf.rstrip("~")
    meta.published_date_source = source
    meta.published = timex.first_day if timex.precision == "day" else None


@cache
def _language_identifier():
    from bilateral import langmodel  # noqa: PLC0415  (a model: loaded when needed)

    return langmodel.identifier()


# Below this probability a call of another language than English is a guess, and not taken: it would keep an
# article from extraction. On Reuters-21578 and BBC News (English throughout) all but 12 of the identifier's
# 1,700 non-English calls on text the function words do not settle (earnings and price tables, "Qtly div 10 cts
# vs 10 cts prior") are under 0.8; a sentence in French, German, Turkish or Urdu scores 0.98 or more.
LANGUAGE_CONFIDENCE = 0.8


ENGLISH_SHARE = 0.12
_WORD = re.compile(r"[^\W\d_]+")
# The same words in ASCII text, as bytes: a table makes every byte but a letter a space, and a split finds them in
# less than half the time of a regex.
_ASCII_LETTERS = bytes(c if chr(c).isascii() and chr(c).isalpha() else ord(" ") for c in range(256))


def _ascii_words(lower: str) -> list[bytes]:
    return lower.encode().translate(_ASCII_LETTERS).split()


@cache
def english_function_words() -> frozenset[str]:
    text = resources.files("bilateral").joinpath("data/english_function_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def _english_function_bytes() -> frozenset[bytes]:
    return frozenset(word.encode() for word in english_function_words() if word.isascii())


def detect_language(sample: str) -> str | None:
    """ISO 639-1 code of ``sample``'s language (``zxx``: no linguistic content), or None for too little text
    to tell or an unconfident call of another language than English.

    English function words decide first: the identifier calls all-caps wire copy and short plain
    English Yoruba, Lingala or Nigerian Pidgin, and a document labelled non-English is not extracted.
    A document of no known language is extracted: the extractor finds nothing in a table, where a
    wrong label would drop an English article.
    """
    if not _has_letters(sample, 20):
        return None
    lower = sample.lower()
    if lower.isascii():
        words, function_words = _ascii_words(lower), _english_function_bytes()
    else:
        words, function_words = _WORD.findall(lower), english_function_words()
    hits = sum(map(function_words.__contains__, words))
    if hits >= 3 and hits >= ENGLISH_SHARE * len(words):
        return "en"
    code, probability = _language_identifier().classify(sample)
    return code if code == "en" or probability >= LANGUAGE_CONFIDENCE else None


def _has_letters(sample: str, needed: int) -> bool:
    """Whether ``sample`` holds at least ``needed`` letters; stops at the last one needed (a letter by letter
    count of the whole 3,000-character sample was a visible part of a short article's cost)."""
    for ch in sample:
        if ch.isalpha():
            needed -= 1
            if needed <= 0:
                return True
    return needed <= 0
