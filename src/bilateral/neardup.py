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

import numpy as np

THRESHOLD = 0.8
SHINGLE = 5
N_HASHES = 64
BANDS, ROWS = 16, 4  # 16 bands x 4 rows: pairs above ~0.5 Jaccard become candidates
MIN_WORDS = 8  # too few words to call two texts near copies of each other

_rng = np.random.default_rng(20240501)  # fixed seed: signatures, hence statuses, are reproducible
_A = _rng.integers(1, 2**63, N_HASHES, dtype=np.uint64) | np.uint64(1)  # odd multipliers
_B = _rng.integers(0, 2**63, N_HASHES, dtype=np.uint64)
_BAND_MIX = _rng.integers(1, 2**63, ROWS, dtype=np.uint64) | np.uint64(1)  # a band's rows -> one key
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
    """Signatures of the files seen so far; ``match_signature`` finds the most similar earlier one.

    Kept compact, since it holds every file of the corpus: signatures in one growing matrix, and per
    band a dict from the band's key (an int mixing its rows) to one file's index, or a list of them.
    Two different rows of a band that mix to the same key only add a candidate; candidates are scored exactly.
    """

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self._buckets: list[dict[int, int | list[int]]] = [{} for _ in range(BANDS)]
        self._names: list[str] = []
        self._signatures = np.empty((64, N_HASHES), dtype=np.uint64)

    def match_signature(self, sig: np.ndarray | None) -> tuple[str | None, float]:
        """(earlier file, estimated Jaccard) of the best match at or above the threshold of a signature
        (``signature(text)`` or a cached one; None: no text to sign)."""
        return (None, 0.0) if sig is None else self._best(sig, _band_keys(sig))

    def add(self, name: str, sig: np.ndarray | None) -> None:
        if sig is not None:
            self._add(name, sig, _band_keys(sig))

    def match_and_add(self, name: str, sig: np.ndarray | None) -> tuple[str | None, float]:
        """``match_signature``, then ``add``: how a corpus is read, each file against those before it."""
        if sig is None:
            return None, 0.0
        keys = _band_keys(sig)
        found = self._best(sig, keys)
        self._add(name, sig, keys)
        return found

    def _best(self, sig: np.ndarray, keys: list[int]) -> tuple[str | None, float]:
        candidates: set[int] = set()
        for bucket, key in zip(self._buckets, keys, strict=True):
            held = bucket.get(key)
            if held is None:
                continue
            if type(held) is int:
                candidates.add(held)
            else:
                candidates.update(held)
        best, best_score = None, 0.0
        for i in sorted(candidates):
            score = float(np.mean(self._signatures[i] == sig))
            if score >= self.threshold and score > best_score:
                best, best_score = self._names[i], score
        return best, best_score

    def _add(self, name: str, sig: np.ndarray, keys: list[int]) -> None:
        index = len(self._names)
        if index == len(self._signatures):
            self._signatures = np.concatenate([self._signatures, np.empty_like(self._signatures)])
        self._signatures[index] = sig
        self._names.append(name)
        for bucket, key in zip(self._buckets, keys, strict=True):
            held = bucket.get(key)
            if held is None:
                bucket[key] = index
            elif type(held) is int:
                bucket[key] = [held, index]
            else:
                held.append(index)


def _band_keys(sig: np.ndarray) -> list[int]:
    """Each band's rows mixed into one int, in band order (equal rows, equal key)."""
    # Array arithmetic on uint64 wraps modulo 2**64 without a warning (scalars would warn).
    return (sig.reshape(BANDS, ROWS) * _BAND_MIX).sum(axis=1, dtype=np.uint64).tolist()
