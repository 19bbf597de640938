"""The near-duplicate index's compact storage finds what comparing each file with every earlier one finds."""
from __future__ import annotations

import numpy as np
import pytest

from bilateral import neardup


def _corpus(n: int = 600, seed: int = 7) -> list[np.ndarray | None]:
    """Signatures of ``n`` files: copies of 60 stories with 0 to 30 of their 64 rows changed, some unsigned."""
    rng = np.random.default_rng(seed)
    stories = rng.integers(0, 2**63, (60, neardup.N_HASHES), dtype=np.uint64)
    corpus = []
    for _ in range(n):
        sig = stories[rng.integers(0, len(stories))].copy()
        changed = rng.choice(neardup.N_HASHES, rng.integers(0, 31), replace=False)
        sig[changed] = rng.integers(0, 2**63, len(changed), dtype=np.uint64)
        corpus.append(sig if rng.random() > 0.05 else None)
    return corpus


def _by_comparing_all(corpus: list[np.ndarray | None]) -> list[tuple[str | None, float]]:
    """Each file's best earlier match at or above the threshold, the first of equals (no banding)."""
    found, seen = [], []
    for i, sig in enumerate(corpus):
        best, best_score = None, 0.0
        for j, earlier in seen:
            score = float(np.mean(earlier == sig)) if sig is not None else 0.0
            if score >= neardup.THRESHOLD and score > best_score:
                best, best_score = f"f{j}", score
        found.append((best, best_score))
        if sig is not None:
            seen.append((i, sig))
    return found


@pytest.mark.parametrize("merge_every", [1, 7, 1024])
def test_index_finds_every_match_over_the_threshold(monkeypatch, merge_every):
    """Band keys held in a sorted array and in a dict of the latest files, merged now and then: at 0.8 a
    match shares at least 4 whole bands with its file, so banding misses none, whenever keys are merged."""
    monkeypatch.setattr(neardup.NearDuplicateIndex, "MERGE_EVERY", merge_every)
    corpus = _corpus()
    index = neardup.NearDuplicateIndex()
    found = [index.match_and_add(f"f{i}", sig) for i, sig in enumerate(corpus)]
    assert found == _by_comparing_all(corpus)
    assert sum(name is not None for name, _ in found) > 100


def test_signatures_rows_span_blocks_and_the_rows_read_back(monkeypatch):
    monkeypatch.setattr(neardup.Signatures, "BLOCK", 3)
    first = np.arange(2 * neardup.N_HASHES, dtype=np.uint64).reshape(2, neardup.N_HASHES)
    signatures = neardup.Signatures(first)
    rows = [signatures.add(np.full(neardup.N_HASHES, 100 + i, dtype=np.uint64)) for i in range(7)]
    assert rows == list(range(2, 9)) and len(signatures) == 9
    assert (signatures[1] == first[1]).all() and (signatures[8] == 106).all()
    matrix = signatures.take([8, 0, 4])
    assert matrix.shape == (3, neardup.N_HASHES) and matrix.dtype == np.uint64
    assert (matrix[0] == 106).all() and (matrix[1] == first[0]).all() and (matrix[2] == 102).all()
    assert len(neardup.Signatures()) == 0 and neardup.Signatures().take([]).shape == (0, neardup.N_HASHES)
