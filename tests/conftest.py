"""Shared fixtures. Tests that read ../shared skip cleanly where it does not exist."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _own_user_cache():
    """The tests, and the processes they start, keep the language model's copy (``bilateral.langmodel``) in a
    folder of their own: the user's ``~/.cache`` is neither written nor read, so a damaged copy there cannot
    change a result."""
    with tempfile.TemporaryDirectory(prefix="bilateral-test-cache-") as folder:
        before = os.environ.get("XDG_CACHE_HOME")
        os.environ["XDG_CACHE_HOME"] = folder
        yield
        if before is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder beside the checkout, or skip."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present on this machine")
    return SHARED
