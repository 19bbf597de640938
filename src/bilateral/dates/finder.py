"""Find every temporal expression in a text: run the rules, keep the best non-overlapping readings,
resolve them in text order, and attach the calendar date.

Speed comes from running each rule's regex only where its words are (scan.py: the same matches as a
scan of the whole text); dateparser is touched only for the month names of other languages, once, when
a day-month-year date carries a word that is not an English month.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from bilateral.dates import Timex, absolute, periods, relative, scan
from bilateral.dates.edtf import calendar_date
from bilateral.dates.factors import Factors
from bilateral.dates.patterns import RULE_NEEDS, features, rules
from bilateral.dates.reading import APPROXIMATE_MODS, Reading
from bilateral.dates.resolve import Context

# Digit runs that are phone numbers: a leading + or a bracketed area code, or at least 9 digits in 3+ groups.
PHONE = re.compile(r"(?:\+\d{1,3}[\s.-]?|\(\d{1,5}\)[\s.-]?)\d{2,5}(?:[\s.-]\d{2,5})+|\d{2,5}(?:[\s.-]\d{2,5}){2,}")
RULE_FUNCTIONS = {
    "iso_date": absolute.iso_date, "numeric_date": absolute.numeric_date,
    "day_month_year": absolute.day_month_year, "month_day_year": absolute.month_day_year,
    "day_range": absolute.day_range, "month_day_range": absolute.month_day_range,
    "month_range": absolute.month_range, "year_range": absolute.year_range,
    "day_month": absolute.day_month, "month_day": absolute.month_day, "month_year": absolute.month_year,
    "month": relative.month, "year": absolute.year, "apostrophe_year": absolute.apostrophe_year,
    "spelled_year": absolute.spelled_year, "decade": absolute.decade, "decade_word": absolute.decade_word,
    "century": absolute.century, "season": relative.season, "quarter": relative.quarter,
    "quarter_code": relative.quarter_code, "holiday": absolute.holiday, "relative_day": relative.relative_day,
    "part_of_day": relative.part_of_day, "weekday": relative.weekday, "relative_unit": periods.relative_unit,
    "weekend": periods.weekend, "year_ago": periods.year_ago, "unit_edge": periods.unit_edge, "ago": periods.ago, "duration": periods.duration,
    "bare_units": periods.bare_units, "set": periods.set_expression, "reference": periods.reference,
    "clock_time": periods.clock_time,
}


@dataclass(frozen=True)
class _Plans:
    """Every rule's and feature's scan plan, made in one place: they number their factor sets in one
    table, complete (frozen) before the first text is scanned."""

    rules: tuple  # (name, regex, read, needs, plan, anchors: the factor sets of its plan's options)
    features: dict[str, tuple]  # name -> (regex, plan)
    table: Factors


@cache
def _plans() -> _Plans:
    table = Factors()
    feature_plans = {name: (regex, scan.plan(regex, table)) for name, regex in features().items()}
    rule_plans = []
    for name, regex in rules():
        plan = scan.plan(regex, table)
        rule_plans.append((name, regex, RULE_FUNCTIONS[name], RULE_NEEDS[name], plan,
                           frozenset(f for f, _ in plan.options)))
    table.frozen = True
    return _Plans(tuple(rule_plans), feature_plans, table)


def _phone_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in PHONE.finditer(text):
        digits = sum(c.isdigit() for c in m.group())
        if m.group().startswith(("+", "(")) or digits >= 9:
            spans.append(m.span())
    return spans


def _candidates(text: str, ctx: Context) -> list[tuple[int, list[Reading]]]:
    """Every rule's readings, as (rule rank, readings) groups; a group is kept or dropped whole."""
    plans = _plans()
    phones = None
    scanner = scan.Scanner(text, plans.table)
    words = scanner.present().keys()
    present: dict[str, bool] = {}

    def has(feature: str) -> bool:
        if feature not in present:
            present[feature] = scanner.search(*plans.features[feature])
        return present[feature]

    found = []
    for rank, (_name, regex, read, needs, plan, anchors) in enumerate(plans.rules):
        # A rule with nothing to anchor on has no match: skip it before looking for its words.
        if not anchors <= words:
            continue
        checked = False
        for m in scanner.finditer(regex, scanner.windows(plan)):
            if m.end() == m.start():
                continue
            # The words a rule needs are looked for only once it matches: a rule that finds nothing
            # costs no search for them, and one whose words are absent is dropped as before.
            if not checked:
                if not all(has(f) for f in needs):
                    break
                checked = True
            try:
                readings = read(m, ctx)
            except (ValueError, OverflowError):  # a day the calendar cannot hold (year 0, 10000): not a date
                continue
            if not readings:
                continue
            readings = [r for r in readings if r.end > r.start]
            if phones is None:
                phones = _phone_spans(text)
            if readings and not any(s < r.end and r.start < e for r in readings for s, e in phones):
                found.append((rank, readings))
    return found


def _select(groups: list[tuple[int, list[Reading]]]) -> list[Reading]:
    """Greedy: longest total extent first, then the rule listed first; no two readings overlap."""
    groups.sort(key=lambda g: (-(g[1][-1].end - g[1][0].start), g[0], g[1][0].start))
    taken: list[Reading] = []
    for _rank, readings in groups:
        if not any(r.start < t.end and t.start < r.end for r in readings for t in taken):
            taken.extend(readings)
    return sorted(taken, key=lambda r: r.start)


def _trim(text: str, reading: Reading) -> tuple[int, int]:
    """Drop whitespace and trailing commas the regexes let into an extent."""
    start, end = reading.start, reading.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end


def find(text: str, dct: dt.date | None) -> list[Timex]:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    ctx = Context(text=text, dct=dct)
    for reading in _select(_candidates(text, ctx)):
        try:
            value = reading.value(ctx, reading.start) if callable(reading.value) else reading.value
        except (ValueError, OverflowError):
            continue
        if not value:
            continue
        start, end = _trim(text, reading)
        if start >= end:
            continue
        cal = calendar_date(value, reading.mod in APPROXIMATE_MODS) if reading.calendar and reading.type in ("DATE", "TIME") else None
        if reading.shifted:
            ctx.shifted.add(len(ctx.previous))
        ctx.previous.append(Timex(
            start, end, text[start:end], reading.type, value,
            edtf=cal.edtf if cal else None, precision=cal.precision if cal else None,
            first_day=cal.first_day if cal else None, last_day=cal.last_day if cal else None, mod=reading.mod,
        ))
    return ctx.previous
