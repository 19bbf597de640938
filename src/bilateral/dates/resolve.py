"""Calendar arithmetic and the rules that anchor underspecified expressions to a reference date.

The rules, for news text (see docs/dates.md):

* A weekday means the reference date when it is the same weekday; otherwise the latest past
  such day, or the next one when the sentence speaks of the future ("will meet on Thursday").
* A day and month without a year ("on May 9") takes the year that puts it nearest the
  reference date; only when that nearest one lies more than three months away on the other
  side from the sentence's tense does the tense win ("the year ended March 31" read in
  November is the last March 31, not the next).
* A month without a year ("in March") is the latest such month up to the reference month,
  or the next one in a future-tense sentence.
* A quarter without a year ("the third quarter") is the latest such quarter that has begun.
* With no reference date these give values with X in place of the unknown parts.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from calendar import monthrange
from dataclasses import dataclass, field

# Words that put a sentence in the future or the past. The nearest one before the
# expression decides; failing that, the first one after it in the same sentence. "Plan" counts as a verb
# only ("plans to"): "signed a working plan on Tuesday" is past.
FUTURE_CUES = re.compile(
    r"\b(?:will|won['’]t|shall|['’]ll|going\s+to|is\s+to|are\s+to|to\s+be|scheduled|schedule|due|expects?|expected|"
    r"plans?\s+to|planned\s+for|planning|set\s+(?:to|for)|next|upcoming|coming|effective|payable|deadline|expires?|as\s+soon\s+as|as\s+early\s+as|"
    r"intends?|aims?|hopes?|tomorrow|starting|begins?|ahead|redeem|redemption|record|resume|convene|"
    r"to\s+hold|to\s+meet|to\s+visit|to\s+begin|to\s+start|to\s+take)\b", re.IGNORECASE)
PAST_CUES = re.compile(
    r"\b(?:was|were|had|did|said|says|ended|ago|last|since|earlier|already|been|took|began|came|went|met|"
    r"made|told|announced|reported|killed|died|arrested|signed|held|won|lost|rose|fell|closed|opened|"
    r"\w+ed)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\"'`(])|\n\s*\n")


def clamp_day(year: int, month: int, day: int) -> dt.date | None:
    if not (1 <= month <= 12 and 1 <= day <= monthrange(year, month)[1]):
        return None
    return dt.date(year, month, day)


def day_value(d: dt.date) -> str:
    return d.isoformat()


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def week_value(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def shift_value(anchor: dt.date, unit: str, n: int) -> str | None:
    """The value n units away from anchor, at the unit's granularity ('two years ago' -> the year)."""
    if unit == "Y":
        return f"{anchor.year + n:04d}"
    if unit == "M":
        return month_value(*add_months(anchor.year, anchor.month, n))
    if unit == "W":
        return week_value(anchor + dt.timedelta(weeks=n))
    if unit in ("D", "TH", "TM"):
        return day_value(anchor + dt.timedelta(days=n if unit == "D" else 0))
    if unit == "Q":
        year, month = add_months(anchor.year, (quarter_of(anchor) - 1) * 3 + 1, 3 * n)
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    if unit == "DE":
        return f"{anchor.year // 10 + n:03d}"
    if unit == "CE":
        return f"{anchor.year // 100 + n:02d}"
    return None


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (n = -1: last) ISO weekday of a month, for holidays such as Thanksgiving."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)


def weekday_date(dct: dt.date, weekday: int, direction: str | None, relation: str | None = None) -> dt.date:
    """The date a weekday name points at, seen from dct."""
    back = (dct.isoweekday() - weekday) % 7
    forward = (weekday - dct.isoweekday()) % 7
    if relation in ("last", "past", "previous", "this past"):
        return dct - dt.timedelta(days=back or 7)
    if relation in ("next", "coming", "this coming", "following"):
        return dct + dt.timedelta(days=forward or 7)
    if relation == "this":
        return dct + dt.timedelta(days=weekday - dct.isoweekday())
    if back == 0:
        return dct
    return dct + dt.timedelta(days=forward) if direction == "future" else dct - dt.timedelta(days=back)


TENSE_OVERRIDES_AFTER_DAYS = 90
AFTER_WINDOW = 30


def pick_year(dct: dt.date, make, direction: str | None) -> dt.date | None:
    """Of the dates make(year) for the years around dct, the nearest one; but when the nearest lies more
    than three months the other way from the sentence's tense, the nearest one on the tense's side."""
    dates = [d for d in (make(dct.year + k) for k in (-1, 0, 1)) if d is not None]
    if not dates:
        return None
    nearest = min(dates, key=lambda d: (abs((d - dct).days), d > dct))
    if abs((nearest - dct).days) <= TENSE_OVERRIDES_AFTER_DAYS or direction is None:
        return nearest
    if direction == "future" and nearest < dct:
        return min((d for d in dates if d >= dct), default=nearest)
    if direction == "past" and nearest > dct:
        return max((d for d in dates if d <= dct), default=nearest)
    return nearest


def month_year(dct: dt.date, month: int, direction: str | None) -> int:
    if direction == "future":
        return dct.year if month >= dct.month else dct.year + 1
    return dct.year if month <= dct.month else dct.year - 1


@dataclass
class Context:
    """What a rule may look at besides its match: the text, the reference date, and the expressions before it."""

    text: str
    dct: dt.date | None
    previous: list = field(default_factory=list)  # Timex objects emitted so far, in text order
    shifted: set = field(default_factory=set)  # indices in previous of values counted from another expression
    _sentence_starts: list[int] | None = None

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        if self._sentence_starts is None:
            self._sentence_starts = [0] + [m.end() for m in SENTENCE_END.finditer(self.text)]
        starts = self._sentence_starts  # ascending, starting with 0
        after = bisect_right(starts, end)
        return starts[bisect_right(starts, start) - 1], (starts[after] if after < len(starts) else len(self.text))

    def direction(self, start: int, end: int) -> str | None:
        """'future' or 'past' from the words around [start, end) in its sentence, or None."""
        begin, finish = self.sentence_bounds(start, end)
        before = self.text[max(begin, start - 120):start]
        # A word that is both ("scheduled") counts as future: ties go to the future cue.
        cues = [(m.end(), 1, "future") for m in FUTURE_CUES.finditer(before)]
        cues += [(m.end(), 0, "past") for m in PAST_CUES.finditer(before)]
        if cues:
            return max(cues)[2]
        after = self.text[end:min(finish, end + AFTER_WINDOW)]
        cues = [(m.start(), 0, "future") for m in FUTURE_CUES.finditer(after)]
        cues += [(m.start(), 1, "past") for m in PAST_CUES.finditer(after)]
        return min(cues)[2] if cues else None

    def anchor(self, start: int, pattern: str = r"^\d{4}-\d\d-\d\d", window: int = 100_000) -> str | None:
        """The value of the latest earlier expression whose value matches pattern, within window characters."""
        for index in range(len(self.previous) - 1, -1, -1):
            timex = self.previous[index]
            if index in self.shifted:
                continue  # "a year earlier" must not count from another "a year earlier"
            if timex.end <= start and start - timex.end <= window and re.match(pattern, timex.value):
                return timex.value
        return None
