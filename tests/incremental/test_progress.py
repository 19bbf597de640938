"""Progress lines go to the log as batches finish, and a run ends with one summary line."""
from __future__ import annotations

import logging

from bilateral.progress import Tracker


def test_tracker_logs_progress_and_a_summary(caplog) -> None:
    logger = logging.getLogger("bilateral.test.progress")
    tracker = Tracker(total_files=400, total_bytes=4_000_000, logger=logger, terminal=False, log_every=0.5)
    with caplog.at_level(logging.INFO, logger=logger.name):
        tracker.advance({"files": 200, "bytes": 2_000_000, "processed": 150, "reused": 50, "mentions": 7})
        tracker.advance({"files": 200, "bytes": 2_000_000, "processed": 200, "reused": 0, "mentions": 5})
        line = tracker.summary("published", {"documents": 400})
    messages = [r.getMessage() for r in caplog.records]
    assert messages[0].startswith("progress: 200/400 files, 2.0/4.0 MB, 150 extracted, 50 reused, 7 new mentions")
    assert messages[1].startswith("progress: 400/400 files")
    assert messages[-1] == line and "400 files (4.0 MB), 350 extracted, 50 reused; published; documents 400" in line
