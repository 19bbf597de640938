"""Fixtures for the reliability tests: the bad-input corpus; sibling helper modules made importable."""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _load(name: str):
    # Tests run with --import-mode=importlib, so sibling modules are loaded by path, once.
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


corpus_generator = _load("corpus_generator")
_load("reliability_helpers")
_load("publish_driver")


@pytest.fixture(scope="session")
def bad_corpus(tmp_path_factory):
    """(raw folder, {source_file: expected ingest status}); the 50 MB file is deleted afterwards."""
    raw = tmp_path_factory.mktemp("bad") / "raw"
    expected = corpus_generator.generate(raw)
    yield raw, expected
    shutil.rmtree(raw, ignore_errors=True)
