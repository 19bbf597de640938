"""Fixtures for the incremental tests: a small corpus of ordinary and awkward files."""
from __future__ import annotations

from pathlib import Path

import pytest

ARTICLES = {
    "a/visit.txt": "Leaders meet in Beijing\n\nBEIJING, May 12 (Reuters) - The U.S. secretary of state visited China on Monday.\n"
                   "Talks covered trade and security. Officials said more talks would follow.\n",
    "a/trade.txt": "Trade figures\n\nExports rose by four percent in the first quarter, the ministry said.\n"
                   "Imports fell slightly. Analysts had expected a smaller rise.\n",
    "b/summit.txt": "Summit ends\n\nThe two presidents ended a two-day summit. The French president will visit Berlin next week.\n"
                    "A joint statement was issued on energy.\n",
    "b/copy.txt": "Trade figures\n\nExports rose by four percent in the first quarter, the ministry said.\n"
                  "Imports fell slightly. Analysts had expected a smaller rise.\n",  # same bytes as a/trade.txt
    "c/empty.txt": "",
    "c/storm.txt": "Storm warning\n\nA storm is expected to reach the coast on Friday. Residents were told to stay home.\n"
                   "Schools will close and ferries will not sail.\n",
}


def write_corpus(root: Path, articles: dict[str, str] = ARTICLES) -> Path:
    for name, text in articles.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "raw")
