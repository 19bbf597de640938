"""Build the sample corpus (raw/) and score it with the shared scorer; floors just under the reached scores.

Reached on the final code (see docs/events.md): strict F1 0.894, loose F1 0.957 on the three annotated
articles; recall 0.655 on the interstate PLOVER gold-standard records; strict F1 0.686 and 0.659 on the two
sets of probe articles (tests/events/probes). A change that loses ground fails here.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bilateral.pipeline import build

pytestmark = [pytest.mark.slow, pytest.mark.shared]

DEV_STRICT_F1 = 0.85
DEV_LOOSE_F1 = 0.92
GSR_INTERSTATE_RECALL = 0.64
PROBE_STRICT_F1 = {"one": 0.62, "two": 0.62}  # reached 0.686 and 0.659 (tests/events/probes/README.md)
NO_REJECTS = 0


def _score(shared, gold, build_dir, tmp_path, docs_gold=None) -> dict:
    out = tmp_path / f"score-{gold.stem}.json"
    command = [sys.executable, str(shared / "eval" / "score_events.py"), "--gold", str(gold),
               "--build", str(build_dir), "--json", str(out)]
    if docs_gold is not None:
        command += ["--docs-gold", str(docs_gold)]
    subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(out.read_text())


def test_dev_set_score(repo, shared, tmp_path):
    tables = build(repo / "raw", tmp_path / "build")
    assert len(tables["rejects"]) == NO_REJECTS  # every mention passes the Mentions contract
    result = _score(shared, shared / "eval" / "dev_gold.jsonl", tmp_path / "build", tmp_path,
                    shared / "eval" / "dev_docs_gold.jsonl")
    assert result["strict"]["f1"] >= DEV_STRICT_F1
    assert result["loose"]["f1"] >= DEV_LOOSE_F1


def test_plover_gold_standard_recall(shared, tmp_path):
    gsr = shared / "eval" / "plover-gsr"
    tables = build(gsr / "raw", tmp_path / "gsr")
    assert len(tables["rejects"]) == NO_REJECTS
    result = _score(shared, gsr / "gold_interstate.jsonl", tmp_path / "gsr", tmp_path)
    assert result["strict"]["recall"] >= GSR_INTERSTATE_RECALL


@pytest.mark.parametrize("probe", sorted(PROBE_STRICT_F1))
def test_probe_articles_score(shared, tmp_path, probe):
    """Invented articles in the styles of the corpus's sources (tests/events/probes); the scorer is shared's."""
    folder = Path(__file__).parent / "probes" / probe
    tables = build(folder / "raw", tmp_path / probe)
    assert len(tables["rejects"]) == NO_REJECTS
    result = _score(shared, folder / "gold.jsonl", tmp_path / probe, tmp_path)
    assert result["strict"]["f1"] >= PROBE_STRICT_F1[probe]
