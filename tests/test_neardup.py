"""The near-duplicate index's compact storage finds what comparing each file with every earlier one finds."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilateral import ingest, neardup


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
    rng = np.random.default_rng(3)
    picked = rng.integers(0, 9, size=40).tolist()  # repeats, any order, across the first rows and three blocks
    assert (signatures.take(picked) == np.stack([signatures[row] for row in picked])).all()
    with pytest.raises(IndexError):
        signatures.take([9])


def _shingle_jaccard(a: str, b: str) -> float:
    """Jaccard of the two texts' 5-word shingle sets, as strings: what ``neardup.jaccard`` computes on hashes."""
    def shingles(text: str) -> set[str]:
        w = neardup.words(text)
        return {" ".join(w[i:i + neardup.SHINGLE]) for i in range(max(1, len(w) - neardup.SHINGLE + 1))}
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


_WORDS = st.lists(st.sampled_from("the army of Pakistan met Azerbaijan in Baku on Monday and signed a deal".split()),
                  min_size=neardup.MIN_WORDS, max_size=60)


@settings(max_examples=200, deadline=None)
@given(_WORDS, _WORDS)
def test_jaccard_of_shingle_hashes_is_the_jaccard_of_the_shingles(a, b):
    """Repeated shingles, shared and disjoint ones: the hashed sets give the string sets' Jaccard."""
    first, second = " ".join(a), " ".join(b)
    exact = neardup.jaccard(neardup.shingle_hashes(first), neardup.shingle_hashes(second))
    assert exact == pytest.approx(_shingle_jaccard(first, second))


def test_signature_estimates_the_jaccard_within_a_few_standard_errors():
    """MinHash over the mixed shingle hashes is unbiased: over 40 pairs of known overlap, the mean error of the
    estimate is near 0 and each is within 4 standard errors (64 hashes)."""
    rng = np.random.default_rng(3)
    vocabulary = [f"w{i}" for i in range(5000)]
    errors = []
    for _ in range(40):
        base = list(rng.choice(vocabulary, 400))
        edited = base.copy()
        for k in rng.choice(len(edited), rng.integers(0, 40), replace=False):
            edited[k] = str(rng.choice(vocabulary))
        a, b = " ".join(base), " ".join(edited)
        exact = _shingle_jaccard(a, b)
        estimate = float(np.mean(neardup.signature(a) == neardup.signature(b)))
        errors.append(estimate - exact)
        assert abs(estimate - exact) <= 4 * (exact * (1 - exact) / neardup.N_HASHES) ** 0.5 + 1e-9
    assert abs(float(np.mean(errors))) < 0.03


def test_verification_decides_over_the_estimate():
    """Candidates within the margin are checked, best estimate first: the exact Jaccard names the match, an
    estimate over the threshold with a lower Jaccard is no match, and a file that cannot be read is none."""
    rng = np.random.default_rng(11)
    story = rng.integers(0, 2**63, neardup.N_HASHES, dtype=np.uint64)

    def copy(changed: int) -> np.ndarray:
        sig = story.copy()
        sig[:changed] = rng.integers(0, 2**63, changed, dtype=np.uint64)
        return sig

    index = neardup.NearDuplicateIndex()
    for name, changed in (("a", 0), ("b", 16), ("c", 4), ("far", 40)):  # estimates 1.0, 0.75, 0.94, 0.375
        index.add(name, copy(changed))
    asked = []
    exact = {"a": 0.7, "b": 0.85, "c": None, "far": 0.99}

    def verify(name):
        asked.append(name)
        return exact[name]

    assert index.match_signature(story, verify) == ("b", 0.85)
    assert asked == ["a", "c", "b"]  # "far" is no candidate within the margin, so never read
    assert index.match_signature(story) == ("a", 1.0)  # without verification the estimate decides
    assert index.match_signature(story, lambda name: 0.5) == (None, 0.0)


def test_ingest_names_the_exact_jaccard(tmp_path):
    story = " ".join(f"word{i}" for i in range(200))
    (tmp_path / "a.txt").write_text(story)
    (tmp_path / "b.txt").write_text(story.replace("word7 ", "other ").replace("word150 ", "more "))
    records = {r.source_file: r for r in ingest.ingest(tmp_path)}
    expected = _shingle_jaccard(story, records["b.txt"].text)
    assert records["b.txt"].status_detail == f"near copy of a.txt (Jaccard {expected:.2f})"


@pytest.mark.parametrize("max_pairs", [neardup.MAX_PAIRS, 10])
def test_match_all_finds_what_the_index_finds_file_by_file(monkeypatch, max_pairs):
    """The batch decision (one sort of every band key) gives each file the index's answer, and asks the same
    exact Jaccards in the same order; so does a corpus with too many pairs for it, read through the index."""
    monkeypatch.setattr(neardup, "MAX_PAIRS", max_pairs)
    monkeypatch.setattr(neardup, "_SHORT_RUN", 3)  # long runs of equal keys too, in a corpus this small
    corpus = _corpus(seed=5)
    names = [f"f{i}" for i, sig in enumerate(corpus) if sig is not None]
    matrix = np.array([sig for sig in corpus if sig is not None])
    index = neardup.NearDuplicateIndex()
    assert neardup.match_all(names, matrix) == [index.match_and_add(name, sig) for name, sig in zip(names, matrix)]

    def verifier(asked, k):
        # Exact Jaccards over and under the threshold, and None (a file that cannot be read) for some.
        exact = {0: None, 1: 0.95, 2: 0.85, 3: 0.5}
        return lambda earlier: (asked.append((k, earlier)), exact[(k * 7 + int(earlier[1:])) % 4])[1]

    one_by_one, at_once = [], []
    index = neardup.NearDuplicateIndex()
    expected = [index.match_and_add(name, sig, verifier(one_by_one, k)) for k, (name, sig) in enumerate(zip(names, matrix))]
    assert neardup.match_all(names, matrix, lambda k: verifier(at_once, k)) == expected
    assert at_once == one_by_one and sum(name is not None for name, _ in expected) > 20
    assert neardup.match_all(names[:1], matrix[:1]) == [(None, 0.0)] and neardup.match_all([], matrix[:0]) == []


def test_signatures_of_many_texts_are_each_texts_signature():
    """Texts signed together (their shingles in one array) get the signature each gets alone: no shingle runs
    from one text into the next, and texts too short to compare are None wherever they stand."""
    rng = np.random.default_rng(9)
    vocabulary = [f"w{i}" for i in range(300)] + ["Bakı", "çay", "ﬁnal", "Straße"]  # non-ASCII, and NFKC to ASCII
    texts = [" ".join(rng.choice(vocabulary, int(n))) for n in rng.integers(0, 40, 60)]
    texts[:0] = ["", "too short", " ".join(vocabulary[:neardup.MIN_WORDS])]
    together = neardup.signatures(texts)
    for text, sig in zip(texts, together, strict=True):
        alone = neardup.signature(text)
        assert (sig is None) == (alone is None) and (sig is None or (sig == alone).all())
    assert sum(sig is None for sig in together) >= 3 and neardup.signatures([]) == []
    assert any(not text.isascii() for text in texts) and any(text.isascii() and len(text) > 60 for text in texts)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127)), st.text()))
def test_the_byte_table_finds_the_regexs_words(text):
    """ASCII text's words are found with a byte table, the rest with the regex: the same words either way, so
    the same hashes (a word's hash is of its UTF-8 bytes)."""
    keys = neardup._word_keys(text)
    assert [k.decode() if isinstance(k, bytes) else k for k in keys] == neardup.words(text)
    assert all(neardup._word_hash(k) == neardup._word_hash(w) for k, w in zip(keys, neardup.words(text)))
