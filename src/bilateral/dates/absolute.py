"""Rules for dates that name their calendar position: days, months, years, decades, quarters, holidays.

Each function takes a regex match of the rule of the same name in patterns.py and the Context,
and returns the Readings it makes of it, or None when the match is not a date after all.
"""
from __future__ import annotations

import datetime as dt
import re

from bilateral.dates import resolve
from bilateral.dates.reading import Reading, count_noun_after, edge_mod, is_capitalised, looks_like_name_part, number_label_before
from bilateral.dates.vocab import month_number, number_value, vocabulary

ORDINAL_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8, "nineties": 9}


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def month_of(m: re.Match, group: str = "month", fuzzy: bool = False) -> int | None:
    """The month of a match group; verb-like forms ("may", "march") must be capitalised."""
    word = m.group(group)
    number = month_number(word, fuzzy=fuzzy)
    if number is None:
        return None
    if not is_capitalised(word) and word.lower().rstrip(".") in vocabulary().verb_like_months:
        return None
    return number


def _with_clock(m: re.Match, date: dt.date, start: int) -> list[Reading]:
    if m.groupdict().get("hour"):
        hour = int(m.group("hour")) % 12 + (12 if (m.group("ampm") or "").lower().startswith("p") else 0) \
            if m.group("ampm") else int(m.group("hour"))
        return [Reading(start, m.end(), "TIME", f"{date.isoformat()}T{hour:02d}:{m.group('minute')}")]
    return [Reading(start, m.end(), "DATE", date.isoformat())]


def iso_date(m, ctx):
    date = resolve.clamp_day(int(m["year"]), int(m["month"]), int(m["day"]))
    if date is None:
        return None
    if m["hour"]:
        return [Reading(m.start(), m.end(), "TIME", f"{date.isoformat()}T{m['hour']}:{m['minute']}")]
    return [Reading(m.start(), m.end(), "DATE", date.isoformat())]


def numeric_date(m, ctx):
    """dd/mm/yyyy, unless the first number cannot be a day-of-month-first reading (13/04 is day-first, 04/13 month-first)."""
    first, second = int(m["first"]), int(m["second"])
    year = int(m["year"])
    if year < 100:
        year += 2000 if year < 50 else 1900
    day, month = (first, second) if second <= 12 else (second, first)
    date = resolve.clamp_day(year, month, day)
    return [Reading(m.start(), m.end(), "DATE", date.isoformat())] if date else None


def _explicit_date(m, ctx):
    month = month_of(m, fuzzy=True)
    if month is None:
        return None
    date = resolve.clamp_day(int(m["year"]), month, _day(m["day"]))
    if date is None:
        return None
    return _with_clock(m, date, m.start())  # a weekday that does not fit is the writer's slip; the date wins


day_month_year = _explicit_date
month_day_year = _explicit_date


def underspecified_day(ctx, month: int, day: int, start: int, end: int, weekday: str | None = None):
    """A day and month with no year: pick the year (see resolve.pick_year), or XXXX with no reference date."""
    if ctx.dct is None:
        return f"XXXX-{month:02d}-{day:02d}" if resolve.clamp_day(2000, month, day) else None
    wanted = vocabulary().weekdays.get(weekday.lower().rstrip(".")) if weekday else None
    if wanted:  # a weekday settles the year when one of the nearby years has it
        fitting = [d for d in (resolve.clamp_day(ctx.dct.year + k, month, day) for k in (0, -1, 1)) if d and d.isoweekday() == wanted]
        if fitting:
            return fitting[0].isoformat()
    date = resolve.pick_year(ctx.dct, lambda y: resolve.clamp_day(y, month, day), ctx.direction(start, end))
    return date.isoformat() if date else None


def _day_with_month(m, ctx):
    month = month_of(m)
    if month is None or (m["month"].lower().rstrip(".") in vocabulary().verb_like_months and looks_like_name_part(ctx.text, m.start("month"), m.end("month"))):
        return None
    value = underspecified_day(ctx, month, _day(m["day"]), m.start(), m.end(), m["weekday"])
    mod = edge_mod(m.groupdict().get("approx"))
    return [Reading(m.start(), m.end(), "DATE", value, mod)] if value else None


day_month = _day_with_month
month_day = _day_with_month


def _range_year(m, ctx, month: int, day: int, start: int, end: int) -> str | None:
    if m["year"]:
        date = resolve.clamp_day(int(m["year"]), month, day)
        return date.isoformat() if date else None
    return underspecified_day(ctx, month, day, start, end)


def day_range(m, ctx):
    """'from 7 to 10 May': two expressions, the first borrowing the second's month and year."""
    return _two_days(m, ctx, first_start=m.start("day1"))


def month_day_range(m, ctx):
    """'May 7 to 10': the month stands before the first day, so the first expression starts with it."""
    return _two_days(m, ctx, first_start=m.start())


def _two_days(m, ctx, first_start: int):
    month = month_of(m)
    day1, day2 = _day(m["day1"]), _day(m["day2"])
    if month is None or day1 >= day2:
        return None
    first = _range_year(m, ctx, month, day1, m.start(), m.end())
    second = _range_year(m, ctx, month, day2, m.start(), m.end())
    if not first or not second:
        return None
    return [Reading(first_start, m.end("day1"), "DATE", first), Reading(m.start("day2"), m.end(), "DATE", second)]


def month_range(m, ctx):
    first, second = month_of(m, "month1"), month_of(m, "month2")
    if first is None or second is None or first >= second:
        return None
    year = int(m["year"])
    return [Reading(m.start("month1"), m.end("month1"), "DATE", resolve.month_value(year, first)),
            Reading(m.start("month2"), m.end(), "DATE", resolve.month_value(year, second))]


def year_range(m, ctx):
    """'2019–2020', '1992-94': two years (TimeML annotates a span as its two ends)."""
    first = int(m["year1"])
    second_text = m["year2"]
    second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
    if not first < second <= first + 50 or number_label_before(ctx.text, m.start()) or count_noun_after(ctx.text, m.end()):
        return None
    return [Reading(m.start("year1"), m.end("year1"), "DATE", str(first)),
            Reading(m.start("year2"), m.end("year2"), "DATE", str(second))]


def month_year(m, ctx):
    month = month_of(m, fuzzy=True)
    if month is None:
        return None
    return [Reading(m.start(), m.end(), "DATE", resolve.month_value(int(m["year"]), month), edge_mod(m["edge"]))]


def year(m, ctx):
    value = int(m["year"])
    start = m.start("year")
    explicit = m["fiscal"] or m.group().lower().startswith("the year") or m["edge"]
    if not explicit and (value < 1600 or number_label_before(ctx.text, start) or count_noun_after(ctx.text, m.end())):
        return None
    if re.match(r"[\w%]", ctx.text[m.end():m.end() + 1]):
        return None
    return [Reading(m.start(), m.end(), "DATE", str(value), edge_mod(m["edge"]))]


def apostrophe_year(m, ctx):
    short = int(m["year"])
    century = (ctx.dct.year // 100 * 100) if ctx.dct else 1900
    value = century + short if century + short <= (ctx.dct.year if ctx.dct else 2099) + 1 else century - 100 + short
    if not m["fiscal"] and not re.match(r"\s*(?:season|elections?|budget|polls?|campaign|games|olympics|cup)\b|[,.;)]",
                                        ctx.text[m.end():m.end() + 12], re.IGNORECASE):
        return None
    return [Reading(m.start(), m.end(), "DATE", str(value))]


def spelled_year(m, ctx):
    words = re.split(r"[\s-]+(?:and\s+)?", m["year"].lower())
    if words[0] in ("nineteen", "eighteen"):
        rest = number_value(" ".join(words[1:])) if words[1:] != ["hundred"] else 0
        if rest is None:
            return None
        return [Reading(m.start(), m.end(), "DATE", str((19 if words[0] == "nineteen" else 18) * 100 + rest))]
    rest = number_value(" ".join(words[2:])) if len(words) > 2 else 0
    return [Reading(m.start(), m.end(), "DATE", str(2000 + (rest or 0)))]


def decade(m, ctx):
    if m["short"]:
        century = 19 if not ctx.dct or int(m["short"]) * 10 > ctx.dct.year % 100 else ctx.dct.year // 100
        value = f"{century}{m['short']}"
    else:
        value = f"{m['century']}{m['decade']}"
    return [Reading(m.start(), m.end(), "DATE", value, edge_mod(m["edge"]))]


def decade_word(m, ctx):
    if not m.group().lower().startswith("the") and "nineteen" not in m.group().lower():
        return None
    return [Reading(m.start(), m.end(), "DATE", f"19{DECADE_WORDS[m['word'].lower()]}", edge_mod(m["edge"]))]


def century(m, ctx):
    if m["ordinal"]:
        number = number_value(m["ordinal"]) or int(re.match(r"\d+", m["ordinal"]).group())
        value = f"{number - 1:02d}"
    elif ctx.dct is None:
        return None
    else:
        value = resolve.shift_value(ctx.dct, "CE", {"this": 0}.get(m["rel"].lower(), -1))
    return [Reading(m.start(), m.end(), "DATE", value, edge_mod(m["edge"]))]


def holiday(m, ctx):
    if not is_capitalised(m["holiday"]):
        return None
    rule = vocabulary().holidays[re.sub(r"\s+", " ", m["holiday"].lower()).replace("’", "'")]

    def on(year: int) -> dt.date:
        if "date" in rule:
            month, day = (int(x) for x in str(rule["date"]).split("-"))
            return dt.date(year, month, day)
        if "easter" in rule:
            from dateutil.easter import easter  # noqa: PLC0415 (dateparser's dependency; only for Easter)

            return easter(year) + dt.timedelta(days=rule["easter"])
        month, weekday, n = rule["nth_weekday"]
        return resolve.nth_weekday(year, month, weekday, n) + dt.timedelta(days=rule.get("after_day", 0))

    if m["year"]:
        date = on(int(m["year"]))
    elif ctx.dct is None:
        return None
    else:
        relation = (m["rel"] or "").lower()
        direction = {"last": "past", "next": "future"}.get(relation) or ctx.direction(m.start(), m.end())
        date = resolve.pick_year(ctx.dct, on, direction)
    return [Reading(m.start(), m.end(), "DATE", date.isoformat())]
