"""Throughput of event extraction on Reuters-21578, beside a naive keyword-and-gazetteer baseline.

    python benchmarks/bench_extract.py [--limit N] [--corpus PATH]

Measures, on one core, for the documents with a body:
- sentence splitting + extraction with dates found on demand, the pipeline's per-document work
  (``extract`` finds a document's dates when its first event needs one);
- sentence splitting + dates (``bilateral.dates``) for every document + extraction;
- extraction alone (sentences and timexes computed beforehand), the figure the extractor answers for;
- the naive baseline below (pycountry names + a handful of trigger words, two countries in a sentence
  make an event), as a floor for speed and a reminder of what the rules buy.
Prints chars/s, docs/s, events found and peak memory (``resource.getrusage``, max RSS of the process).
The default is the whole corpus (a 27 MB file; 19,779 documents with a body, 16.2 MB of text), which
runs in about two minutes, most of it in the dates module; ``--limit N`` takes the first N documents
for a quicker look. Exits 0 with a note when ../shared is absent.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "reuters21578" / "reuters21578.jsonl"
REFERENCE_DATE = dt.date(1987, 6, 1)  # the corpus is 1987 newswire; dates need a reference day
DEFAULT_LIMIT = 0  # 0: every document


def naive_extract(text: str, regex: re.Pattern, codes: dict[str, str], triggers: dict[str, str]) -> list[tuple]:
    """The baseline: a sentence with two country names and a trigger word is one event between the first two."""
    events = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        found = []
        for match in regex.finditer(sentence):
            code = codes[match.group()]
            if code not in found:
                found.append(code)
        if len(found) < 2:
            continue
        lowered = sentence.lower()
        for word, event_type in triggers.items():
            if word in lowered:
                events.append((event_type, found[0], found[1]))
                break
    return events


def naive_setup() -> tuple[re.Pattern, dict[str, str], dict[str, str]]:
    import pycountry  # noqa: PLC0415

    codes = {}
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None)):
            if name and "," not in name:
                codes[name] = country.alpha_3
    regex = re.compile("|".join(re.escape(n) for n in sorted(codes, key=len, reverse=True)))
    triggers = {"visit": "CONSULT", "met ": "CONSULT", "talks": "CONSULT", "agree": "AGREE", "signed": "AGREE",
                "support": "SUPPORT", "condemn": "ACCUSE", "urge": "REQUEST", "attack": "ASSAULT",
                "sanction": "SANCTION", "aid": "AID", "reject": "REJECT", "threat": "THREATEN"}
    return regex, codes, triggers


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def _row(name: str, chars: int, docs: int, events: int, seconds: float) -> str:
    return (f"| {name:<39} | {chars / seconds / 1e6:8.2f} | {docs / seconds:8.0f} | {events:7d} | "
            f"{seconds:7.1f} | {_peak_mb():7.0f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT,
                        help="only the first N documents with a body (default: all)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} is not present (../shared is absent on this machine)")
        return 0

    from bilateral.dates import find_timexes  # noqa: PLC0415
    from bilateral.events import extract  # noqa: PLC0415
    from bilateral.model import DocumentText  # noqa: PLC0415
    from bilateral.sentences import split_sentences  # noqa: PLC0415

    docs = []
    with args.corpus.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("text"):
                docs.append((record["id"], record["text"]))
            if args.limit and len(docs) >= args.limit:
                break
    chars = sum(len(text) for _, text in docs)
    extract(DocumentText("warm", "warm", "Pakistan met India.", 0, None, None), [], [])  # load dictionaries

    def document(doc_id: str, text: str) -> DocumentText:
        return DocumentText(doc_id, doc_id, text, 0, REFERENCE_DATE.isoformat(), REFERENCE_DATE)

    print(f"{len(docs)} documents, {chars / 1e6:.1f} MB of text ({args.corpus.name})\n")
    print("| stage                                   |     MB/s |   docs/s |  events |       s | peak MB |")
    print("| --------------------------------------- | -------: | -------: | ------: | ------: | ------: |")

    # As the pipeline runs it: a document's dates are found only when one of its events needs a date.
    start = time.perf_counter()
    events = sum(len(extract(document(doc_id, text), split_sentences(text, 0))) for doc_id, text in docs)
    print(_row("sentences + extraction, dates on demand", chars, len(docs), events, time.perf_counter() - start))

    start = time.perf_counter()
    prepared, events = [], 0
    for doc_id, text in docs:
        sentences = split_sentences(text, 0)
        timexes = find_timexes(text, REFERENCE_DATE)
        prepared.append((doc_id, text, sentences, timexes))
        events += len(extract(document(doc_id, text), sentences, timexes))
    print(_row("sentences + dates + extraction", chars, len(docs), events, time.perf_counter() - start))

    start = time.perf_counter()
    events = sum(len(extract(document(doc_id, text), sentences, timexes))
                 for doc_id, text, sentences, timexes in prepared)
    print(_row("extraction alone", chars, len(docs), events, time.perf_counter() - start))

    regex, codes, triggers = naive_setup()
    start = time.perf_counter()
    events = sum(len(naive_extract(text, regex, codes, triggers)) for _, text in docs)
    print(_row("naive keyword + gazetteer baseline", chars, len(docs), events, time.perf_counter() - start))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
