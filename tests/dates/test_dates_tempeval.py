"""Scores on TempEval-3 (../shared): platinum (the test set) and TBAQ (the development set).

The floors sit a little under the scores reached (docs/dates.md); a change that loses more fails here.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import json

import pytest

from bilateral.dates import find_timexes

FLOORS = {  # value F1, strict F1, relaxed F1
    "platinum": (0.79, 0.81, 0.89),
    "train": (0.79, 0.86, 0.93),
}


def load_scorer(shared):
    spec = importlib.util.spec_from_file_location("score_timex", shared / "eval" / "score_timex.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
@pytest.mark.parametrize("split", sorted(FLOORS))
def test_tempeval3_scores_stay_above_their_floors(shared, split, tmp_path):
    scorer = load_scorer(shared)
    gold_path = shared / "corpora" / "tempeval3" / f"{split}.jsonl"
    pred_path = tmp_path / "pred.jsonl"
    with gold_path.open(encoding="utf-8") as lines, pred_path.open("w", encoding="utf-8") as out:
        for line in lines:
            doc = json.loads(line)
            timexes = find_timexes(doc["text"], dt.date.fromisoformat(doc["dct"]))
            out.write(json.dumps({"id": doc["doc_id"], "timexes": [
                {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value} for t in timexes]}) + "\n")
    gold = scorer.load_gold(gold_path)
    preds, _warnings = scorer.load_pred(pred_path, gold, lenient=False)
    metrics, _details = scorer.score(gold, preds, scorer.ALL_TYPES)
    reached = (metrics["value"]["f1"], metrics["strict"]["f1"], metrics["relaxed"]["f1"])
    for name, got, floor in zip(("value", "strict", "relaxed"), reached, FLOORS[split]):
        assert got >= floor, f"{split} {name} F1 {got:.4f} fell under {floor}"
