"""From a TIMEX3 value to the dataset's date: EDTF subset (YYYY, YYYY-MM, YYYY-MM-DD, trailing ~),
precision, and the inclusive calendar interval.

The dataset's notation has no week, quarter, season, decade or century, so:
* quarter and season keep their precision and interval; the EDTF is the year
  (a winter, YYYY-WI, runs from December of YYYY-1 to February of YYYY);
* a decade or century: the EDTF is its first year, the precision and interval say the rest;
* a week (or weekend) or a half year is widened to the month that holds it, else its year.
Values with X, reference words (PRESENT_REF ...), durations and sets have no interval.
"""
from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from functools import lru_cache
from typing import NamedTuple

SEASON_SPANS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11)}


class CalendarDate(NamedTuple):
    edtf: str
    precision: str
    first_day: dt.date
    last_day: dt.date


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, monthrange(year, month)[1])


def _widen(first: dt.date, last: dt.date) -> tuple[str, str, dt.date, dt.date]:
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year:04d}-{first.month:02d}", "month", first.replace(day=1), _month_end(first.year, first.month)
    return f"{last.year:04d}", "year", dt.date(last.year, 1, 1), dt.date(last.year, 12, 31)


def _interval(value: str) -> tuple[str, str, dt.date, dt.date] | None:
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?", value):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return day.isoformat(), "day", day, day
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        year, month = int(m[1]), int(m[2])
        return value, "month", dt.date(year, month, 1), _month_end(year, month)
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return value, "year", dt.date(year, 1, 1), dt.date(year, 12, 31)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        year, q = int(m[1]), int(m[2])
        return m[1], "quarter", dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        year = int(m[1])
        if m[2] == "WI":
            return m[1], "season", dt.date(year - 1, 12, 1), _month_end(year, 2)
        first, last = SEASON_SPANS[m[2]]
        return m[1], "season", dt.date(year, first, 1), _month_end(year, last)
    if m := re.fullmatch(r"(\d{3})", value):
        start = int(value) * 10
        return f"{start:04d}", "decade", dt.date(start, 1, 1), dt.date(start + 9, 12, 31)
    if m := re.fullmatch(r"(\d{2})", value):
        start = int(value) * 100
        return f"{max(start, 1):04d}", "century", dt.date(max(start, 1), 1, 1), dt.date(start + 99, 12, 31)
    if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value):
        try:
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
        first = monday + dt.timedelta(days=5) if m[3] else monday
        return _widen(first, monday + dt.timedelta(days=6))
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        year, half = int(m[1]), int(m[2])
        return _widen(dt.date(year, 6 * half - 5, 1), _month_end(year, 6 * half))
    return None


@lru_cache(maxsize=4096)  # the texts of a corpus share most of their values (its years, its months)
def calendar_date(value: str, approximate: bool = False) -> CalendarDate | None:
    """The dataset's date for a TIMEX3 value, or None when the value has no calendar interval."""
    try:
        found = _interval(value)
    except (ValueError, OverflowError):  # an impossible day (2019-02-30) or one past the calendar (week 52 of 9999)
        return None
    if found is None:
        return None
    edtf, precision, first, last = found
    return CalendarDate(edtf + ("~" if approximate else ""), precision, first, last)
