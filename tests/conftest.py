"""Shared fixtures. Tests that read ../shared skip cleanly where it does not exist."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder beside the checkout, or skip."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present on this machine")
    return SHARED
