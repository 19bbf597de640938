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
    # The 8-byte digests joined and read as little-endian uint64 in one go (a Python int per shingle cost
    # twice as much); the values are those of int.from_bytes(digest, "little").
    blake2b = hashlib.blake2b
    digests = b"".join([blake2b(s.encode("utf-8", "surrogatepass"), digest_size=8).digest() for s in shingles])
    hashes = np.frombuffer(digests, dtype="<u8").astype(np.uint64)
    with np.errstate(over="ignore"):  # multiplication mod 2**64 is the point
        return (hashes[None, :] * _A[:, None] + _B[:, None]).min(axis=1)


class NearDuplicateIndex:
    """Signatures of the files seen so far; ``match_signature`` finds the most similar earlier one."""

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        # One table per band, keyed by the band's rows as bytes: two files are candidates when any band
        # of theirs is identical. (A table per band spares a (band, key) tuple per look-up.)
        self._buckets: list[dict[bytes, list[int]]] = [defaultdict(list) for _ in range(BANDS)]
        self._names: list[str] = []
        self._signatures: list[np.ndarray] = []

    def match_signature(self, sig: np.ndarray | None) -> tuple[str | None, float]:
        """(earlier file, estimated Jaccard) of the best match at or above the threshold of a signature
        (``signature(text)`` or a cached one; None: no text to sign)."""
        if sig is None:
            return None, 0.0
        keys = self._keys(sig)
        candidates = {i for bucket, key in zip(self._buckets, keys, strict=True) for i in bucket.get(key, ())}
        best, best_score = None, 0.0
        for i in sorted(candidates):
            score = float(np.mean(self._signatures[i] == sig))
            if score >= self.threshold and score > best_score:
                best, best_score = self._names[i], score
        return best, best_score

    def add(self, name: str, sig: np.ndarray | None) -> None:
        if sig is None:
            return
        index = len(self._names)
        self._names.append(name)
        self._signatures.append(sig)
        for bucket, key in zip(self._buckets, self._keys(sig), strict=True):
            bucket[key].append(index)

    def _keys(self, sig: np.ndarray) -> list[bytes]:
        """Each band's rows as bytes, in band order (one view of the signature, not a slice per band)."""
        return np.ascontiguousarray(sig).view(f"V{ROWS * sig.itemsize}").tolist()
