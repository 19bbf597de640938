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
_BAND_SALT = _rng.integers(0, 2**63, BANDS, dtype=np.uint64)  # drawn last: the values above stay as they were
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


class Signatures:
    """Signatures as the rows of a uint64 matrix that grows by blocks of ``BLOCK`` rows, never copied.

    A scan holds one per file. As one numpy array each (a malloc'd 512-byte buffer apiece, living as long
    as the scan among its short-lived buffers), they left the heap fragmented after the scan: 11 MB of it
    held but free on Reuters-21578, which the rest of the run never reused. One matrix that doubled held
    its old and new copies at once. ``first``: rows to start with (read back from the cache), kept as is.
    """

    BLOCK = 4096

    def __init__(self, first: np.ndarray | None = None):
        self._first = first if first is not None and len(first) else np.empty((0, N_HASHES), dtype=np.uint64)
        self._blocks: list[np.ndarray] = []
        self._size = len(self._first)

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, row: int) -> np.ndarray:
        if row < len(self._first):
            return self._first[row]
        block, offset = divmod(row - len(self._first), self.BLOCK)
        return self._blocks[block][offset]

    def add(self, sig: np.ndarray) -> int:
        """Store ``sig`` as the next row; return its row number."""
        if self._size - len(self._first) == len(self._blocks) * self.BLOCK:
            self._blocks.append(np.empty((self.BLOCK, N_HASHES), dtype=np.uint64))
        self._size += 1
        self[self._size - 1][:] = sig
        return self._size - 1

    def take(self, rows: list[int]) -> np.ndarray:
        """The given rows as one matrix."""
        matrix = np.empty((len(rows), N_HASHES), dtype=np.uint64)
        for i, row in enumerate(rows):
            matrix[i] = self[row]
        return matrix


class NearDuplicateIndex:
    """Signatures of the files seen so far; ``match_signature`` finds the most similar earlier one.

    Kept compact, since it holds every file of the corpus: the signatures as ``Signatures``; the band keys
    (16 a file, each an int mixing one band's rows, salted by band so that all bands share one key space) of
    all but the latest files in one sorted array, with the file of each key beside it, and those of the
    latest files in a dict (key -> file, or a list of them), merged into the array every ``MERGE_EVERY``
    files. (A dict entry per key, a Python int each, cost about 1 KB a file.) Two different rows of a band
    that mix to the same key only add a candidate; candidates are scored exactly.
    """

    MERGE_EVERY = 1024

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self._names: list[str] = []
        self._signatures = Signatures()
        self._keys = np.empty(0, dtype=np.uint64)  # sorted
        self._files = np.empty(0, dtype=np.int32)  # the file (its index in _names) of each of _keys
        self._recent: dict[int, int | list[int]] = {}  # the keys of the files not merged yet
        self._pending = np.empty((self.MERGE_EVERY, BANDS), dtype=np.uint64)  # the same keys, file by file

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

    def _best(self, sig: np.ndarray, keys: np.ndarray) -> tuple[str | None, float]:
        candidates: set[int] = set()
        for key in keys.tolist():
            held = self._recent.get(key)
            if held is None:
                continue
            if type(held) is int:
                candidates.add(held)
            else:
                candidates.update(held)
        if len(self._keys):  # most keys are in no earlier file: one search tells
            at = np.searchsorted(self._keys, keys)
            hits = self._keys.take(at, mode="clip") == keys
            if hits.any():
                for key in keys[hits]:
                    start, end = np.searchsorted(self._keys, key, "left"), np.searchsorted(self._keys, key, "right")
                    candidates.update(self._files[start:end].tolist())
        best, best_score = None, 0.0
        for i in sorted(candidates):
            score = float(np.mean(self._signatures[i] == sig))
            if score >= self.threshold and score > best_score:
                best, best_score = self._names[i], score
        return best, best_score

    def _add(self, name: str, sig: np.ndarray, keys: np.ndarray) -> None:
        index = len(self._names)
        self._signatures.add(sig)
        self._names.append(name)
        for key in keys.tolist():
            held = self._recent.get(key)
            if held is None:
                self._recent[key] = index
            elif type(held) is int:
                self._recent[key] = [held, index]
            else:
                held.append(index)
        self._pending[index % self.MERGE_EVERY] = keys
        if (index + 1) % self.MERGE_EVERY == 0:
            self._merge(index + 1 - self.MERGE_EVERY)

    def _merge(self, first: int) -> None:
        """Move the keys of the files from ``first`` on into the sorted array (an insertion, no sort of it)."""
        order = np.argsort(self._pending, axis=None, kind="stable")
        keys, files = self._pending.ravel()[order], first + order // BANDS
        at = np.searchsorted(self._keys, keys)
        self._keys, self._files = np.insert(self._keys, at, keys), np.insert(self._files, at, files)
        self._recent = {}


def _band_keys(sig: np.ndarray) -> np.ndarray:
    """Each band's rows mixed into one int, in band order (equal rows of a band, equal key)."""
    # Array arithmetic on uint64 wraps modulo 2**64 without a warning (scalars would warn).
    return (sig.reshape(BANDS, ROWS) * _BAND_MIX).sum(axis=1, dtype=np.uint64) + _BAND_SALT
