"""The garbage collector's setting while a corpus is read and its documents extracted.

Extraction makes many short-lived containers (tokens, phrases, candidate rows) while the dictionaries,
gazetteer and date rules stay loaded: at CPython's default threshold (a young collection each time
tracked allocations outnumber deallocations by 700, each older one walking everything that survived)
the collector took about 7% of a cold build of Reuters-21578. At ``YOUNG_THRESHOLD`` it takes about 1%
(16.4 -> 15.6 s) for some 20 MB more at the peak: garbage waits longer, bounded, whatever the corpus
size. Reference counting, which frees nearly everything here, is untouched. The setting is the
process's: other threads of a Prefect or Dask worker collect less often meanwhile, and a collector
switched off (threshold 0) is left off.
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 10_000

_lock = threading.Lock()
_depth = 0  # nested or concurrent users (Prefect runs batches in threads): the first sets, the last restores
_saved: tuple[int, ...] = ()


@contextmanager
def fewer_collections() -> Iterator[None]:
    global _depth, _saved
    entered = False
    try:
        with _lock:
            if _depth == 0:
                _saved = gc.get_threshold()
                if _saved[0]:
                    gc.set_threshold(max(_saved[0], YOUNG_THRESHOLD), *_saved[1:])
            _depth += 1
            entered = True
        yield
    finally:
        if entered:
            with _lock:
                _depth -= 1
                if _depth == 0:
                    gc.set_threshold(*_saved)
