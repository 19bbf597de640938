"""Fault injection for the crash-safety tests: a real SIGKILL at a named point.

Production code calls ``checkpoint("name")`` at stage boundaries. It does
nothing unless the environment names that point:

    BILATERAL_FAULT=before-rename          -> the process SIGKILLs itself there
    BILATERAL_FAULT=pause:before-rename:3  -> it sleeps 3 s there (to hold the
                                              publish lock while a second run starts)

A real signal, not an exception, so no ``finally`` or ``except`` runs: exactly
what an OOM kill or a power cut leaves behind. The cost when unset is one
dict lookup.
"""
from __future__ import annotations

import os
import signal
import time

ENV = "BILATERAL_FAULT"

# Every point the code marks, in run order; the tests iterate over this list.
POINTS = (
    "mid-extract",           # pipeline.process: on the first document, before any table exists
    "before-write",          # publish: lock held, staging directory created, empty
    "after-write-tables",    # publish: tables written into staging, no manifest yet
    "after-manifest",        # publish: staging complete, not yet fsynced/renamed
    "before-rename",         # publish: fsynced, about to rename into place
    "after-rename",          # publish: version visible, ``latest`` not yet moved
)


def checkpoint(name: str) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    for item in spec.split(","):
        if item == name:
            os.kill(os.getpid(), signal.SIGKILL)
        if item.startswith("pause:"):
            _, point, seconds = item.split(":", 2)
            if point == name:
                time.sleep(float(seconds))
