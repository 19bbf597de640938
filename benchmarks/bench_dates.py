"""Speed and quality of bilateral.dates against the naive baseline, on the same TempEval-3 texts.

    python benchmarks/bench_dates.py [--train-chars N]

The baseline is dateparser.search.search_dates(text, settings={"RELATIVE_BASE": dct}), whose
matches are placed in the text left to right and typed DATE with a day value. Both run on
TE3-platinum plus the first TBAQ training documents (about --train-chars characters), and both
are scored with the TempEval-3 scorer in ../shared/eval. Needs ../shared; skips without it.
The baseline is slow (about 2,000 characters a second): the default size keeps the run near a minute.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpora" / "tempeval3"


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_timex", SHARED / "eval" / "score_timex.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_docs(train_chars: int) -> dict[str, list[dict]]:
    def read(name):
        with (CORPUS / f"{name}.jsonl").open(encoding="utf-8") as lines:
            return [json.loads(line) for line in lines]
    sample, total = [], 0
    for doc in read("train"):
        if total >= train_chars:
            break
        sample.append(doc)
        total += len(doc["text"])
    return {"platinum": read("platinum"), "train sample": sample}


def ours(doc: dict) -> list[dict]:
    from bilateral.dates import find_timexes

    return [{"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
            for t in find_timexes(doc["text"], dt.date.fromisoformat(doc["dct"]))]


def baseline(doc: dict) -> list[dict]:
    from dateparser.search import search_dates

    text = doc["text"]
    base = dt.datetime.fromisoformat(doc["dct"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(text, settings={"RELATIVE_BASE": base}) or []
    timexes, cursor = [], 0
    for phrase, when in found:
        start = text.find(phrase, cursor)
        if start < 0:
            continue
        cursor = start + len(phrase)
        timexes.append({"start": start, "end": cursor, "text": phrase, "type": "DATE", "value": when.date().isoformat()})
    return timexes


def run_system(system, docs: list[dict], repeat: int = 1) -> tuple[dict[str, list[dict]], float]:
    started = time.perf_counter()
    for _ in range(repeat):
        predictions = {doc["doc_id"]: system(doc) for doc in docs}
    return predictions, (time.perf_counter() - started) / repeat


def scores(scorer, docs: list[dict], predictions: dict[str, list[dict]]) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        gold_path, pred_path = Path(tmp) / "gold.jsonl", Path(tmp) / "pred.jsonl"
        gold_path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
        pred_path.write_text("".join(json.dumps({"id": i, "timexes": t}) + "\n" for i, t in predictions.items()), encoding="utf-8")
        gold = scorer.load_gold(gold_path)
        preds, _ = scorer.load_pred(pred_path, gold, lenient=True)
        m, _ = scorer.score(gold, preds, scorer.ALL_TYPES)
    return m["value"]["f1"], m["strict"]["f1"], m["relaxed"]["f1"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train-chars", type=int, default=40_000, help="characters of TBAQ training text to add (default 40000)")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir() or not (SHARED / "eval" / "score_timex.py").is_file():
        print(f"bench_dates: skipped: {CORPUS} or the scorer is not present (it lives in ../shared beside the checkout)")
        return 0
    sys.path.insert(0, str(REPO / "src"))
    scorer = load_scorer()
    splits = load_docs(args.train_chars)
    everything = [doc for docs in splits.values() for doc in docs]
    chars = sum(len(d["text"]) for d in everything)

    # Load rules, vocabularies and dateparser's language data outside the timing, as a running pipeline has them.
    for doc in everything[:5]:
        ours(doc)
    baseline(everything[0])
    predicted_ours, seconds_ours = run_system(ours, everything, repeat=3)
    predicted_base, seconds_base = run_system(baseline, everything)

    rows = []
    for name, predicted, seconds in (("bilateral.dates", predicted_ours, seconds_ours),
                                     ("dateparser search_dates", predicted_base, seconds_base)):
        per_split = {split: scores(scorer, docs, {d["doc_id"]: predicted[d["doc_id"]] for d in docs})
                     for split, docs in splits.items()}
        rows.append((name, seconds, chars / seconds, per_split))

    print(f"corpus: TE3-platinum ({len(splits['platinum'])} docs) + TBAQ sample ({len(splits['train sample'])} docs), "
          f"{chars:,} characters\n")
    header = f"| system | seconds | chars/s | " + " | ".join(f"{s} value / strict / relaxed F1" for s in splits) + " |"
    print(header)
    print("|" + " --- |" * (3 + len(splits)))
    for name, seconds, speed, per_split in rows:
        cells = " | ".join(" / ".join(f"{x:.3f}" for x in per_split[s]) for s in splits)
        print(f"| {name} | {seconds:.2f} | {speed:,.0f} | {cells} |")
    ratio = rows[0][2] / rows[1][2]
    print(f"\nthroughput ratio bilateral.dates / baseline: {ratio:.0f}x (target >= 20x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
