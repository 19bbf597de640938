"""The collector's threshold is raised while documents are extracted, and put back after, however runs overlap."""
from __future__ import annotations

import gc
import threading

from bilateral import collector


def test_raised_inside_and_restored_after():
    before = gc.get_threshold()
    with collector.fewer_collections():
        assert gc.get_threshold()[0] >= collector.YOUNG_THRESHOLD
        assert gc.get_threshold()[1:] == before[1:]
        with collector.fewer_collections():  # incremental.run around process_batch
            assert gc.get_threshold()[0] >= collector.YOUNG_THRESHOLD
        assert gc.get_threshold()[0] >= collector.YOUNG_THRESHOLD  # the inner exit leaves the outer's setting
    assert gc.get_threshold() == before


def test_restored_when_overlapping_threads_end_in_any_order():
    before = gc.get_threshold()
    entered, release_first = threading.Barrier(2), threading.Event()
    raised_while_other_ran = []

    def first():
        with collector.fewer_collections():
            entered.wait()
            release_first.wait()

    def second():
        with collector.fewer_collections():
            entered.wait()
            release_first.set()
            worker.join()  # the first user has left; this one still runs
            raised_while_other_ran.append(gc.get_threshold()[0] >= collector.YOUNG_THRESHOLD)

    worker = threading.Thread(target=first)
    worker.start()
    second()
    assert raised_while_other_ran == [True]
    assert gc.get_threshold() == before


def test_restored_after_an_error():
    before = gc.get_threshold()
    try:
        with collector.fewer_collections():
            raise ValueError("extraction failed")
    except ValueError:
        pass
    assert gc.get_threshold() == before


def test_a_collector_switched_off_stays_off():
    before = gc.get_threshold()
    gc.set_threshold(0, *before[1:])
    try:
        with collector.fewer_collections():
            assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)
