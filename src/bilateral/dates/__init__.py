"""Temporal expressions: find and normalise every date in a text.

Public interface (used by metadata, events and ``bilateral dates``):

    find_timexes(text, dct) -> list[Timex]

``dct`` is the reference date (the document's publication date) or None.
Offsets are Python str indices into ``text``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str  # TIMEX3 type: DATE, TIME, DURATION, SET
    value: str  # TIMEX3 value: 2019-10-28, 2003-05, 2019, 2013-W12, 2013-Q1, PRESENT_REF, P3Y, ...
    # For DATE (and TIME) values that denote a calendar interval:
    edtf: str | None = None  # the value at its precision in the dataset's notation: 2019, 2019-10, 2019-10-28, 2019~
    precision: str | None = None  # day, month, season, quarter, year, decade, century
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    # TIMEX3 mod: START ("early 2021"), MID, END, APPROX ("around May 5"); the first four make edtf end in "~".
    mod: str | None = None


def find_timexes(text: str, dct: dt.date | None) -> list[Timex]:
    """All temporal expressions in ``text``, sorted by start, non-overlapping."""
    from bilateral.dates.finder import find  # noqa: PLC0415  (keeps import of the package cheap)

    return find(text, dct)
