"""Progress of a long run: files, MB and new mentions so far, in the terminal and in a log.

``Tracker.advance`` takes the summary ``incremental.process_batch`` returns.
The terminal bar (rich) appears only on an interactive terminal; the log
(Prefect's run logger in the flow, any ``logging.Logger`` otherwise) gets one
line per ``log_every`` of progress, so a log of a large run stays readable.
"""
from __future__ import annotations

import logging
import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


class Tracker:
    def __init__(self, total_files: int, total_bytes: int, logger: logging.Logger | logging.LoggerAdapter | None = None,
                 terminal: bool | None = None, log_every: float = 0.1, started: float | None = None) -> None:
        self.total_files, self.total_bytes = total_files, total_bytes
        self.files = self.bytes = self.processed = self.reused = self.mentions = 0
        self.logger, self.log_every, self._next_log = logger, log_every, log_every
        self.started = started or time.perf_counter()  # from time.perf_counter(): the run's start, before the scan
        console = Console(stderr=True)
        show = console.is_terminal if terminal is None else terminal
        self._bar = Progress(TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(),
                             TextColumn("{task.fields[detail]}"), TimeRemainingColumn(), console=console,
                             transient=False) if show and total_files else None
        if self._bar:
            self._task = self._bar.add_task("extract", total=total_files, detail="")
            self._bar.start()

    def advance(self, summary: dict) -> None:
        for key in ("files", "bytes", "processed", "reused", "mentions"):
            setattr(self, key, getattr(self, key) + summary.get(key, 0))
        if self._bar:
            self._bar.update(self._task, completed=self.files, detail=self.detail())
        done = self.files / self.total_files if self.total_files else 1.0
        if self.logger and (done >= self._next_log or self.files == self.total_files):
            self.logger.info("progress: %d/%d files, %s", self.files, self.total_files, self.detail())
            while self._next_log <= done:
                self._next_log += self.log_every

    def detail(self) -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        return (f"{self.bytes / 1e6:.1f}/{self.total_bytes / 1e6:.1f} MB, {self.processed} extracted, "
                f"{self.reused} reused, {self.mentions} new mentions, {self.bytes / 1e6 / elapsed:.2f} MB/s")

    def close(self) -> None:
        if self._bar:
            self._bar.stop()
            self._bar = None

    def summary(self, outcome_reason: str, row_counts: dict | None = None) -> str:
        """The run's last line: what was done and what came of it."""
        self.close()
        elapsed = time.perf_counter() - self.started
        counts = ", ".join(f"{name} {n}" for name, n in (row_counts or {}).items())
        line = (f"done in {elapsed:.1f}s: {self.files} files ({self.bytes / 1e6:.1f} MB), {self.processed} extracted, "
                f"{self.reused} reused; {outcome_reason}" + (f"; {counts}" if counts else ""))
        if self.logger:
            self.logger.info(line)
        return line
