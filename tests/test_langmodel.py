"""The language model's uncompressed copy classifies exactly as py3langid's own load, and its absence or damage
only costs time."""
from __future__ import annotations

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from bilateral import langmodel

TEXTS = ["Pakistan and Azerbaijan signed a memorandum on defence cooperation in Baku on Monday.",
         "Le ministre des affaires étrangères a rencontré son homologue à Bakou.",
         "Azərbaycan və Pakistan arasında əməkdaşlıq genişlənir.",
         "پاکستان اور آذربائیجان کے وزرائے خارجہ نے ملاقات کی",
         "Qtly div 10 cts vs 10 cts prior Pay April 15 Record April 1", "", "1234 5678"]


@pytest.fixture(scope="module")
def reference():
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _folders(root):
    return sorted(p.name for p in (root / "bilateral").iterdir()) if (root / "bilateral").exists() else []


def test_the_cached_copy_is_written_once_and_classifies_as_py3langid(tmp_path, monkeypatch, reference):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = langmodel.identifier()
    (folder,) = _folders(tmp_path)
    assert folder.startswith("langid-")
    written = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "bilateral" / folder).iterdir()}
    second = langmodel.identifier()  # read back, not written again
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "bilateral" / folder).iterdir()} == written
    assert isinstance(second.nb_ptc, np.memmap)
    for text in TEXTS:
        assert first.classify(text) == second.classify(text) == reference.classify(text)


def test_without_a_writable_cache_the_model_is_loaded_as_py3langid_loads_it(tmp_path, monkeypatch, reference):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    identifier = langmodel.identifier()
    assert not isinstance(identifier.nb_ptc, np.memmap)
    assert [identifier.classify(t) for t in TEXTS] == [reference.classify(t) for t in TEXTS]


def test_a_damaged_copy_is_not_used_and_is_written_again(tmp_path, monkeypatch, reference):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    langmodel.identifier()
    (folder,) = _folders(tmp_path)
    table = tmp_path / "bilateral" / folder / "ptc.npy"
    table.write_bytes(table.read_bytes()[:1000])  # cut short, as by a full disk
    identifier = langmodel.identifier()
    assert not isinstance(identifier.nb_ptc, np.memmap)
    assert [identifier.classify(t) for t in TEXTS] == [reference.classify(t) for t in TEXTS]
    assert _folders(tmp_path) == []  # removed, so that the next load writes it again
    assert isinstance(langmodel.identifier().nb_ptc, np.memmap) and _folders(tmp_path) == [folder]
