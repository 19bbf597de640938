"""Near-duplicate detection: MinHash over word shingles, with LSH banding, checked exactly.

Policy (also in docs/reliability.md): a file whose normalised text shares at
least ``THRESHOLD`` of its 5-word shingles (Jaccard) with an earlier file is
ingested with status ``near_duplicate`` and the earlier file named in
status_detail. It is still extracted: near copies of one story (a wire report
republished with a changed headline, a correction, one more paragraph) can
carry details the first copy lacks, and the event de-duplication in
``bilateral.dedup`` already merges the dated events they share (they show up as
one event with ``n_documents`` 2), so nothing is counted twice as an event.

The text is normalised first (NFKC, case-folded, words only), so the same
article in UTF-8 and in Latin-1, or with different line wrapping, is a near
duplicate with Jaccard 1.0. MinHash only proposes: the earlier files whose
estimate (64 hashes, a standard error of about 0.05 at 0.8) comes within
``VERIFY_MARGIN`` of the threshold have their Jaccard computed exactly, and that
decides. A shingle's hash mixes its words' hashes (one blake2b per distinct
word, remembered), so signing costs numpy work per shingle, not a digest.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable

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
_BAND_SALT = _rng.integers(0, 2**63, BANDS, dtype=np.uint64)
_SHINGLE_MIX = _rng.integers(1, 2**63, SHINGLE, dtype=np.uint64) | np.uint64(1)  # a shingle's words -> one hash
_WORD = re.compile(r"\w+")
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_ASCII_WORD_BYTES = bytes(c if c in _WORD_BYTES else ord(" ") for c in range(256))  # any other byte splits words
VERIFY_MARGIN = 0.2  # estimates this far under the threshold are checked: 4 standard errors at 0.8
MAX_VERIFIED = 8  # candidates checked exactly per file, best estimates first
# Word -> its blake2b: a corpus has far fewer words than shingles. Words of ASCII text are kept as bytes, apart
# (a str and a bytes key in one dict would be compared, which ``python -bb`` makes an error).
_WORD_HASHES: dict[str, int] = {}
_BYTE_WORD_HASHES: dict[bytes, int] = {}
_MAX_REMEMBERED_WORDS = 1_000_000  # then forgotten and learnt again, so memory stays bounded


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _word_keys(text: str) -> list[str] | list[bytes]:
    """``words(text)``, as their UTF-8 bytes when the text is ASCII: there ``\\w`` is ``[A-Za-z0-9_]``, and a byte
    table and a split find the words in less than half the regex's time (most news text is ASCII)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return folded.encode().translate(_ASCII_WORD_BYTES).split() if folded.isascii() else _WORD.findall(folded)


def shingle_hashes(text: str) -> np.ndarray | None:
    """One uint64 per 5-word shingle of ``text``, in text order; None when it has too few words to compare."""
    values = _word_values(text)
    return None if values is None else _mix(np.array(values, dtype=np.uint64))


def _word_values(text: str) -> list[int] | None:
    """The hashes of ``text``'s words, in text order; None when it has too few words to compare."""
    tokens = _word_keys(text)
    if len(tokens) < MIN_WORDS:
        return None
    memo = _BYTE_WORD_HASHES if isinstance(tokens[0], bytes) else _WORD_HASHES
    if len(memo) > _MAX_REMEMBERED_WORDS:
        memo.clear()
    values = list(map(memo.get, tokens))
    if None in values:
        values = [value if value is not None else _word_hash(word, memo) for word, value in zip(tokens, values)]
    return values


def _mix(hashed: np.ndarray) -> np.ndarray:
    """The hash of each run of ``SHINGLE`` words of ``hashed`` (word hashes), by where the run starts."""
    n = max(1, len(hashed) - SHINGLE + 1)
    with np.errstate(over="ignore"):  # multiplication mod 2**64 is the point
        mixed = hashed[:n] * _SHINGLE_MIX[0]
        for k in range(1, SHINGLE):
            mixed += hashed[k:k + n] * _SHINGLE_MIX[k]
        # splitmix64's finaliser: a shingle's hash is a linear mix of its words', and the permutations below are
        # linear too; this makes each hash behave as a random value of its own.
        mixed ^= mixed >> np.uint64(30)
        mixed *= np.uint64(0xBF58476D1CE4E5B9)
        mixed ^= mixed >> np.uint64(27)
        mixed *= np.uint64(0x94D049BB133111EB)
        mixed ^= mixed >> np.uint64(31)
    return mixed


def _word_hash(word: str | bytes, memo: dict | None = None) -> int:
    """The word's blake2b (of its UTF-8 bytes), remembered in ``memo``."""
    data = word if isinstance(word, bytes) else word.encode("utf-8", "surrogatepass")
    value = int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")
    if memo is not None:
        memo[word] = value
    return value


def signature(text: str) -> np.ndarray | None:
    """MinHash signature of ``text``'s word shingles; None when the text is too short to compare."""
    shingles = shingle_hashes(text)
    if shingles is None:
        return None
    with np.errstate(over="ignore"):
        return (shingles[None, :] * _A[:, None] + _B[:, None]).min(axis=1)


def signatures(texts: list[str]) -> list[np.ndarray | None]:
    """``signature`` of each text, computed for all at once: the same values in two thirds of the time on
    short news texts, where one document's arrays are too small for numpy's per-call cost to pay off."""
    values = [_word_values(text) for text in texts]
    signed = [k for k, v in enumerate(values) if v is not None]
    found: list[np.ndarray | None] = [None] * len(texts)
    if not signed:
        return found
    lengths = np.array([len(values[k]) for k in signed], dtype=np.int64)
    hashed = np.fromiter((h for k in signed for h in values[k]), dtype=np.uint64, count=int(lengths.sum()))
    mixed = _mix(hashed)  # runs that start in a text's last SHINGLE - 1 words cross into the next: dropped
    ends = np.cumsum(lengths)
    crossing = (ends[:-1, None] - np.arange(1, SHINGLE)).ravel()
    keep = np.ones(len(mixed), dtype=bool)
    keep[crossing] = False
    shingles = mixed[keep]
    starts = np.concatenate(([0], np.cumsum(lengths - SHINGLE + 1)[:-1]))
    matrix = np.empty((len(signed), N_HASHES), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for h in range(N_HASHES):  # one permutation at a time over all texts (a whole matrix would not fit in cache)
            matrix[:, h] = np.minimum.reduceat(shingles * _A[h] + _B[h], starts)
    for row, k in enumerate(signed):
        found[k] = matrix[row]
    return found


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard of two texts' shingle sets, given their ``shingle_hashes`` (exact but for 64-bit collisions)."""
    a, b = np.unique(a), np.unique(b)
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


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
        """The given rows as one matrix (gathered per block: a row at a time took 0.03 s on Reuters)."""
        rows = np.asarray(rows, dtype=np.int64).reshape(-1)
        matrix = np.empty((len(rows), N_HASHES), dtype=np.uint64)
        if len(rows) and (rows.min() < 0 or rows.max() >= self._size):
            raise IndexError("a signature row out of range")
        n_first = len(self._first)
        in_first = rows < n_first
        matrix[in_first] = self._first[rows[in_first]]
        positions = np.flatnonzero(~in_first)
        block_of, offset = np.divmod(rows[positions] - n_first, self.BLOCK)
        for block in np.unique(block_of):
            chosen = block_of == block
            matrix[positions[chosen]] = self._blocks[block][offset[chosen]]
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

    def match_signature(self, sig: np.ndarray | None,
                        verify: Callable[[str], float | None] | None = None) -> tuple[str | None, float]:
        """(earlier file, Jaccard) of the best match at or above the threshold of a signature (``signature(text)``
        or a cached one; None: no text to sign), else (None, 0.0).

        ``verify(earlier file)``: the exact Jaccard with it (None: it cannot be read, so it is no match). It is
        asked of the candidates whose estimate comes within ``VERIFY_MARGIN`` of the threshold, best first, and
        decides. Without it the estimate decides."""
        return (None, 0.0) if sig is None else self._best(sig, _band_keys(sig), verify)

    def add(self, name: str, sig: np.ndarray | None) -> None:
        if sig is not None:
            self._add(name, sig, _band_keys(sig))

    def match_and_add(self, name: str, sig: np.ndarray | None,
                      verify: Callable[[str], float | None] | None = None) -> tuple[str | None, float]:
        """``match_signature``, then ``add``: how a corpus is read, each file against those before it."""
        if sig is None:
            return None, 0.0
        keys = _band_keys(sig)
        found = self._best(sig, keys, verify)
        self._add(name, sig, keys)
        return found

    def _best(self, sig: np.ndarray, keys: np.ndarray, verify) -> tuple[str | None, float]:
        floor = _floor(self.threshold, verify)
        estimates = [(score, i) for i in sorted(self._candidates(keys))
                     if (score := float(np.mean(self._signatures[i] == sig))) >= floor]
        estimates.sort(key=lambda pair: -pair[0])  # stable: the earliest file first among equal estimates
        return _choose([(score, self._names[i]) for score, i in estimates], verify, self.threshold)

    def _candidates(self, keys: np.ndarray) -> set[int]:
        """The files that share a band key with ``keys``."""
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
        return candidates

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


def _floor(threshold: float, verify) -> float:
    return threshold - VERIFY_MARGIN if verify is not None else threshold


def _choose(estimates: list[tuple[float, str]], verify, threshold: float) -> tuple[str | None, float]:
    """The match among candidates (estimate, earlier file) at or above the floor, best estimate first and the
    earliest file first among equals: without ``verify`` the first over the threshold; with it, the best exact
    Jaccard of the first ``MAX_VERIFIED``, the first among equals."""
    if verify is None:
        return next(((name, score) for score, name in estimates if score >= threshold), (None, 0.0))
    best, best_score = None, 0.0
    for _estimate, name in estimates[:MAX_VERIFIED]:
        score = verify(name)
        if score is not None and score >= threshold and score > best_score:
            best, best_score = name, score
    return best, best_score


def match_all(names: list[str], matrix: np.ndarray,
              verify_for: Callable[[int], Callable[[str], float | None]] | None = None, threshold: float = THRESHOLD) -> list[tuple[str | None, float]]:
    """What ``NearDuplicateIndex.match_and_add`` gives each row of ``matrix`` (the signature of ``names[k]``) in
    turn, each against the rows before it, found at once: the pairs that share a band key come from one sort of
    all the keys, so only the few files with a candidate cost Python work. ``verify_for(k)``: row k's ``verify``.

    A corpus whose files share keys in more than ``MAX_PAIRS`` pairs (a page copied thousands of times: c
    copies give c**2 / 2 pairs in each band) is read file by file through the index instead, whose memory
    does not grow with the pairs; both take time in proportion to them."""
    n = len(matrix)
    if n < 2:
        return [(None, 0.0)] * n
    keys = _band_keys(matrix).ravel()
    order = np.argsort(keys, kind="stable")  # equal keys: rows in ascending order
    sorted_keys, rows = keys[order], order // BANDS
    starts = np.concatenate(([0], np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1))
    lengths = np.diff(np.concatenate((starts, [len(sorted_keys)])))
    if int((lengths * (lengths - 1) // 2).sum()) > MAX_PAIRS:
        index = NearDuplicateIndex(threshold)
        return [index.match_and_add(name, sig, verify_for(k) if verify_for is not None else None)
                for k, (name, sig) in enumerate(zip(names, matrix, strict=True))]
    floor = _floor(threshold, verify_for)
    kept, kept_scores = [], []  # later * n + earlier of the pairs that score at the floor, and their scores
    for earlier, later in _pairs_in_runs(rows, starts, lengths):
        distinct = earlier != later  # one file's two bands may mix to one key
        codes = _distinct(later[distinct] * n + earlier[distinct])
        scores = (matrix[codes % n] == matrix[codes // n]).sum(axis=1) / N_HASHES
        kept.append(codes[scores >= floor])
        kept_scores.append(scores[scores >= floor])
    codes = np.concatenate(kept) if kept else np.empty(0, dtype=np.int64)
    scores = np.concatenate(kept_scores) if kept else np.empty(0)
    order = np.argsort(codes, kind="stable")  # by file, then candidate; a pair met in several blocks once
    codes, scores = codes[order], scores[order]
    first_of_each = np.concatenate(([True], codes[1:] != codes[:-1])) if len(codes) else np.empty(0, dtype=bool)
    codes, scores = codes[first_of_each], scores[first_of_each]
    later, earlier = codes // n, codes % n
    found: list[tuple[str | None, float]] = [(None, 0.0)] * n
    ends = np.flatnonzero(np.diff(later)) + 1
    for first, end in zip([0, *ends.tolist()], [*ends.tolist(), len(later)]) if len(later) else ():
        estimates = sorted(zip(scores[first:end].tolist(), earlier[first:end].tolist()), key=lambda pair: -pair[0])
        k = int(later[first])
        found[k] = _choose([(score, names[i]) for score, i in estimates], verify_for(k) if verify_for else None,
                           threshold)
    return found


MAX_PAIRS = 2_000_000  # pairs sharing a band key (counted once for each band) that match_all takes at once
_BLOCK = 1 << 16  # pairs made and scored at a time
_SHORT_RUN = 64  # runs of equal keys up to this long are paired all at once, per length


def _pairs_in_runs(rows: np.ndarray, starts: np.ndarray, lengths: np.ndarray):
    """(earlier rows, later rows) of every two positions of each run (``starts``, ``lengths``) of ``rows``, in
    blocks of about ``_BLOCK`` pairs."""
    for length in np.unique(lengths[(lengths > 1) & (lengths <= _SHORT_RUN)]).tolist():
        first, second = np.triu_indices(length, 1)
        runs = starts[lengths == length]
        step = max(1, _BLOCK // len(first))
        for i in range(0, len(runs), step):
            block = runs[i:i + step, None]
            yield rows[(block + first).ravel()], rows[(block + second).ravel()]
    for start, length in zip(starts[lengths > _SHORT_RUN].tolist(), lengths[lengths > _SHORT_RUN].tolist()):
        members = rows[start:start + length]
        for i in range(length - 1):
            yield np.full(length - 1 - i, members[i]), members[i + 1:]


def _distinct(codes: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (by a sort: numpy's hash-based ``unique`` took seconds on a million)."""
    codes = np.sort(codes)
    return codes[np.concatenate(([True], codes[1:] != codes[:-1]))] if len(codes) else codes


def _band_keys(sig: np.ndarray) -> np.ndarray:
    """Each band's rows mixed into one int, in band order (equal rows of a band, equal key); of a matrix of
    signatures, one row of keys per signature."""
    # Array arithmetic on uint64 wraps modulo 2**64 without a warning (scalars would warn).
    return (sig.reshape(*sig.shape[:-1], BANDS, ROWS) * _BAND_MIX).sum(axis=-1, dtype=np.uint64) + _BAND_SALT
