"""Differential check and speed of bilateral.dates.find on real news text.

    python benchmarks/dates_diff.py snapshot DIR   # write the current output for every text to DIR
    python benchmarks/dates_diff.py compare DIR    # recompute and report every text whose output differs
    python benchmarks/dates_diff.py speed          # characters / second of find() on the first 5,000 Reuters docs
    python benchmarks/dates_diff.py speed HEAD     # the same, against the finder of a git revision, in one process

A speed change to the finder must leave its output identical, field by field, on every text: take a
snapshot before the change and compare after it. The corpora live in ../shared (skipped without it)
and raw/ beside the checkout.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import pickle
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"
REUTERS_DCT = dt.date(1987, 3, 1)
FIELDS = ("start", "end", "text", "type", "value", "edtf", "precision", "first_day", "last_day", "mod")


def _jsonl(path: Path, limit: int | None = None):
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if limit is not None and n >= limit:
                return
            yield json.loads(line)


def _date(value):
    return dt.date.fromisoformat(value[:10]) if value else None


def reuters(limit: int = 5000) -> list[str]:
    return [(d.get("title") or "") + "\n\n" + (d.get("text") or "")
            for d in _jsonl(CORPORA / "reuters21578" / "reuters21578.jsonl", limit)]


def cases():
    """(set name, [(text, dct), ...]) for every set that is present."""
    for name in ("train", "platinum", "silver"):
        path = CORPORA / "tempeval3" / f"{name}.jsonl"
        if path.is_file():
            yield f"tempeval3-{name}", [(d["text"], _date(d["dct"])) for d in _jsonl(path, 1000 if name == "silver" else None)]
    if (CORPORA / "reuters21578").is_dir():
        texts = reuters()
        yield "reuters-nodct", [(t, None) for t in texts]
        yield "reuters-dct", [(t, REUTERS_DCT) for t in texts]
    path = CORPORA / "bbc-news" / "bbc.jsonl"
    if path.is_file():
        yield "bbc", [((d.get("title") or "") + "\n\n" + d["text"], None) for d in _jsonl(path, 1000)]
    raw = sorted((REPO / "raw").glob("*"))
    if raw:
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in raw if p.is_file()]
        yield "raw", [(t, d) for t in texts for d in (None, dt.date(2020, 1, 1))]


def outputs(pairs) -> list[list[tuple]]:
    from bilateral.dates import find_timexes

    return [[tuple(getattr(t, f) for f in FIELDS) for t in find_timexes(text, dct)] for text, dct in pairs]


def snapshot(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for name, pairs in cases():
        (folder / f"{name}.pkl").write_bytes(pickle.dumps(outputs(pairs)))
        print(f"{name}: {len(pairs)} texts")
    return 0


def compare(folder: Path) -> int:
    total = differing = 0
    for name, pairs in cases():
        before = pickle.loads((folder / f"{name}.pkl").read_bytes())
        after = outputs(pairs)
        bad = [i for i, (b, a) in enumerate(zip(before, after, strict=True)) if b != a]
        total += len(pairs)
        differing += len(bad)
        print(f"{name}: {len(pairs)} texts, {len(bad)} differ")
        for i in bad[:5]:
            b, a = set(before[i]), set(after[i])
            print(f"  text {i}: only before {sorted(b - a)[:4]}  only after {sorted(a - b)[:4]}")
    print(f"total: {total} texts compared, {differing} differ")
    return 1 if differing else 0


def speed(revision: str | None = None, repeat: int = 3) -> int:
    """CPU seconds (steadier than wall time on a shared machine), the best of ``repeat`` runs."""
    from bilateral.dates.finder import find

    finders = {"this checkout": find}
    if revision:
        finders = {f"{revision}": _finder_at(revision), **finders}
    texts = reuters()
    chars = sum(map(len, texts))
    for name, finder in finders.items():
        for text in texts[:20]:
            finder(text, REUTERS_DCT)  # rules and vocabulary compiled outside the timing
    best = {name: min(_timed(finder, texts) for _ in range(repeat)) for name, finder in finders.items()}
    for name, seconds in best.items():
        print(f"find() of {name} on {len(texts)} Reuters docs, {chars:,} chars: {seconds:.2f} s, {chars / seconds:,.0f} chars/s")
    if revision:
        print(f"speed-up: {best[revision] / best['this checkout']:.1f}x")
    return 0


def _finder_at(revision: str):
    """bilateral.dates as it was at a git revision, imported as bilateral_at_revision.dates."""
    import importlib
    import subprocess
    import tarfile
    import tempfile

    folder = Path(tempfile.mkdtemp())
    archive = subprocess.run(["git", "-C", str(REPO), "archive", revision, "src/bilateral/dates"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    package = folder / "bilateral_at_revision"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (folder / "src" / "bilateral" / "dates").rename(package / "dates")
    for path in (package / "dates").glob("*.py"):
        path.write_text(path.read_text(encoding="utf-8").replace("bilateral.dates", "bilateral_at_revision.dates"), encoding="utf-8")
    sys.path.insert(0, str(folder))
    return importlib.import_module("bilateral_at_revision.dates.finder").find


def _timed(find, texts) -> float:
    started = time.process_time()
    for text in texts:
        find(text, REUTERS_DCT)
    return time.process_time() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("snapshot", "compare", "speed"))
    parser.add_argument("folder", nargs="?", default="/tmp/dates_before",
                        help="snapshot folder; for speed: a git revision to compare with")
    args = parser.parse_args(argv)
    if not CORPORA.is_dir():
        print(f"dates_diff: skipped: {CORPORA} is not present")
        return 0
    sys.path.insert(0, str(REPO / "src"))
    if args.command == "speed":
        return speed(args.folder if args.folder != "/tmp/dates_before" else None)
    return snapshot(Path(args.folder)) if args.command == "snapshot" else compare(Path(args.folder))


if __name__ == "__main__":
    sys.exit(main())
