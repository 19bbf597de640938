"""The language model's uncompressed copy classifies exactly as py3langid's own load, and its absence or damage
only costs time."""
from __future__ import annotations

import os
import time

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


@pytest.mark.parametrize("damage", ["cut short", "empty"])
def test_a_damaged_copy_is_not_used_and_is_written_again(tmp_path, monkeypatch, reference, damage):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    langmodel.identifier()
    (folder,) = _folders(tmp_path)
    for name in ("ptc.npy", "pc.npy"):
        table = tmp_path / "bilateral" / folder / name
        data = table.read_bytes()
        table.write_bytes(data[:len(data) // 2] if damage == "cut short" else b"")  # a full disk, a crash
        identifier = langmodel.identifier()
        assert not isinstance(identifier.nb_ptc, np.memmap)
        assert [identifier.classify(t) for t in TEXTS] == [reference.classify(t) for t in TEXTS]
        assert _folders(tmp_path) == []  # removed, so that the next load writes it again
        langmodel.identifier()
        assert isinstance(langmodel.identifier().nb_ptc, np.memmap) and _folders(tmp_path) == [folder]


def test_without_a_home_the_model_is_loaded_as_py3langid_loads_it(monkeypatch, reference):
    monkeypatch.delenv("XDG_CACHE_HOME")

    def no_home():
        raise RuntimeError("Could not determine home directory.")
    monkeypatch.setattr(langmodel.Path, "home", no_home)
    identifier = langmodel.identifier()
    assert [identifier.classify(t) for t in TEXTS] == [reference.classify(t) for t in TEXTS]


def test_a_relative_cache_home_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert langmodel.cache_root() == tmp_path / ".cache" / "bilateral"


def test_a_copy_left_half_written_by_a_dead_process_is_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    stale, fresh = tmp_path / "bilateral" / ".langid-dead", tmp_path / "bilateral" / ".langid-writing"
    for folder in (stale, fresh):
        folder.mkdir(parents=True)
        (folder / "ptc.npy").write_bytes(b"partial")
    hours_ago = time.time() - 2 * 3600
    os.utime(stale, (hours_ago, hours_ago))
    langmodel.identifier()
    assert not stale.exists() and fresh.exists()  # another process may still be writing that one
