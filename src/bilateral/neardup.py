"""Near-duplicate detection: MinHash over word shingles, with LSH banding.

Policy (also in docs/reliability.md): a file whose normalised text shares at
least ``THRESHOLD`` of its 5-word shingles (estimated Jaccard) with an earlier
file is ingested with status ``near_duplicate`` and the earlier file named in
status_detail. It is still extracted: near copies of one story (a wire report
republished with a changed headline, a correction, one more paragraph) can
carry details the first copy lacks, and the event de-duplication in
``bilateral.dedup`` already merges the dated events they share (they show up as
one event with ``n_documents`` 2), so nothing is counted twice as an event.

The text is normalised first (NFKC, case-folded, words only), so the same
article in UTF-8 and in Latin-1, or with different line wrapping, is a near
duplicate with Jaccard 1.0. Cost: one blake2b per shingle plus a numpy min
over 64 hash permutations, about 1 ms for a 1,000-word article.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict

import numpy as np

THRESHOLD = 0.8
SHINGLE = 5
N_HASHES = 64
BANDS, ROWS = 16, 4  # 16 bands x 4 rows: pairs above ~0.5 Jaccard become candidates
MIN_WORDS = 8  # too few words to call two texts near copies of each other

_rng = np.random.default_rng(20240501)  # fixed seed: signatures, hence statuses, are reproducible
_A = _rng.integers(1, 2**63, N_HASHES, dtype=np.uint64) | np.uint64(1)  # odd multipliers
_B = _rng.integers(0, 2**63, N_HASHES, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def signature(text: str) -> np.ndarray | None:
    """MinHash signature of ``text``'s word shingles; None when the text is too short to compare."""
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return None
    shingles = {" ".join(tokens[i:i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))}
    hashes = np.fromiter((int.from_bytes(hashlib.blake2b(s.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
                          for s in shingles), dtype=np.uint64, count=len(shingles))
    with np.errstate(over="ignore"):  # multiplication mod 2**64 is the point
        return (hashes[None, :] * _A[:, None] + _B[:, None]).min(axis=1)


class NearDuplicateIndex:
    """Signatures of the files seen so far; ``match`` finds the most similar earlier one."""

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self._buckets: dict[tuple, list[int]] = defaultdict(list)
        self._names: list[str] = []
        self._signatures: list[np.ndarray] = []

    def match(self, text: str) -> tuple[str | None, float, np.ndarray | None]:
        """(earlier file, estimated Jaccard, signature) for the best match at or above the threshold."""
        sig = signature(text)
        if sig is None:
            return None, 0.0, None
        candidates = {i for band in range(BANDS) for i in self._buckets.get(self._key(sig, band), ())}
        best, best_score = None, 0.0
        for i in sorted(candidates):
            score = float(np.mean(self._signatures[i] == sig))
            if score >= self.threshold and score > best_score:
                best, best_score = self._names[i], score
        return best, best_score, sig

    def add(self, name: str, sig: np.ndarray | None) -> None:
        if sig is None:
            return
        index = len(self._names)
        self._names.append(name)
        self._signatures.append(sig)
        for band in range(BANDS):
            self._buckets[self._key(sig, band)].append(index)

    @staticmethod
    def _key(sig: np.ndarray, band: int) -> tuple:
        return (band, sig[band * ROWS:(band + 1) * ROWS].tobytes())
