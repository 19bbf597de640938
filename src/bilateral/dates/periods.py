"""Rules built on a unit of time: "last week", "the end of the year", "two years ago",
"the past two months" (a duration), "every day" (a set), "now" (a reference word), "10 a.m." (a clock time).

Same contract as absolute.py: one function per rule of patterns.py, returning Readings or None.
"""
from __future__ import annotations

import datetime as dt
import re

from bilateral.dates import resolve
from bilateral.dates.reading import Reading, edge_mod, previous_word
from bilateral.dates.relative import ANCHORED_RELATIONS, RELATION_STEPS, UNIT_CODES, words, unknown_value, anchored
from bilateral.dates.vocab import month_number, number_value, vocabulary

DURATION_UNITS = {"Y": ("", "Y"), "M": ("", "M"), "W": ("", "W"), "D": ("", "D"), "TH": ("T", "H"), "TM": ("T", "M"),
                  "TS": ("T", "S"), "Q": ("", "Q"), "DE": ("", "DE"), "CE": ("", "CE")}
HALF_OF = {"Y": (6, "M"), "M": (15, "D"), "D": (12, "TH"), "TH": (30, "TM"), "TM": (30, "TS")}
APPROX_WORDS = re.compile(r"^(?:about|around|approximately|roughly|nearly|almost|some|circa)\b", re.IGNORECASE)


def unit_code(word: str) -> str:
    word = word.lower()
    if word in ("centuries", "century"):
        return "CE"
    if word.startswith("second"):
        return "TS"
    return vocabulary().units.get(word.rstrip("s"), UNIT_CODES.get(word.rstrip("s"), "D"))


def duration_value(amount, unit: str) -> str:
    """TIMEX3 duration: P2Y, PT4H, PXM; decades and centuries as years, quarters as months (as the TimeBank annotators do)."""
    if amount is None:
        return f"PX{DURATION_UNITS[unit][1]}" if unit not in ("TH", "TM", "TS") else f"PTX{DURATION_UNITS[unit][1]}"
    if unit == "DE":
        return f"P{int(amount * 10)}Y"
    if unit == "CE":
        return f"P{int(amount * 100)}Y"
    if unit == "Q":
        return f"P{int(amount * 3)}M"
    whole = int(amount)
    time_mark, letter = DURATION_UNITS[unit]
    text = f"P{time_mark}{whole}{letter}"
    if amount != whole and (amount - whole != 0.5 or unit not in HALF_OF):
        return f"P{time_mark}{amount:g}{letter}"  # "1.2 years": ISO 8601 allows a decimal last unit
    if amount != whole:  # "2 1/2 years" = P2Y6M
        extra, extra_unit = HALF_OF[unit]
        extra_mark, extra_letter = DURATION_UNITS[extra_unit]
        text = (f"P{time_mark}{whole}{letter}{int(extra)}{extra_letter}" if time_mark or not extra_mark
                else f"P{whole}{letter}T{int(extra)}{extra_letter}")
        if whole == 0:
            text = f"P{extra_mark}{int(extra)}{extra_letter}"
    return text


def relative_unit(m, ctx):
    relation, unit = words(m["rel"]), UNIT_CODES[m["unit"].lower()]
    text = words(m.group())
    mod = edge_mod(m["edge"])
    if unit == "D" and relation not in ("next", "following", "previous", "prior", "preceding", "same", "that"):
        return None  # "last day" ("the last day of talks") is not a day we can place
    if unit == "D" and relation == "next" and not text.startswith(("the", "that")):
        return None
    if unit == "DE" and relation in ("last", "past"):
        return [Reading(m.start(), m.end(), "DURATION", "P10Y", mod)]
    if unit == "W" and m["unit"].lower() == "fortnight":
        return None
    if relation in ANCHORED_RELATIONS or (relation in ("previous", "prior", "preceding", "next") and text.startswith("the")
                                          and unit in ("D", "Y", "M", "W")):
        step = ANCHORED_RELATIONS.get(relation, RELATION_STEPS.get(relation, 0))
        return [Reading(m.start(), m.end(), "DATE", anchored(unit, step), mod, shifted=step != 0)]
    step = RELATION_STEPS.get(relation, 0)
    if ctx.dct is None:
        return [Reading(m.start(), m.end(), "DATE", unknown_value(unit), mod)]
    if unit == "WE":
        value = resolve.week_value(ctx.dct + dt.timedelta(weeks=step)) + "-WE"
    else:
        value = resolve.shift_value(ctx.dct, unit, step)
    if unit == "Y" and step == -1 and not mod and re.search(r"\d\s*(?:million|billion|cents?|%)?\s*,?\s*$",
                                                          ctx.text[max(0, m.start() - 25):m.start()]):
        # "$3 million last year" in a quarter's results: the same quarter a year before
        def in_results(c, start, plain=value):
            named = c.anchor(start, r"^\d{4}-Q[1-4]$", window=600)
            return f"{int(named[:4]) - 1:04d}-Q{named[-1]}" if named else plain
        return [Reading(m.start(), m.end(), "DATE", in_results, shifted=True)]
    return [Reading(m.start(), m.end(), "DATE", value, mod)]


def weekend(m, ctx):
    """The weekend of a week: 'over the weekend' in a weekday story is the one just past."""
    relation = words(m["rel"]).replace("the ", "")
    if relation in ("following", "that"):
        return [Reading(m.start(), m.end(), "DATE", anchored("WE", 0 if relation == "that" else 1), shifted=True)]
    if ctx.dct is None:
        return [Reading(m.start(), m.end(), "DATE", "XXXX-WXX-WE")]
    in_weekend = ctx.dct.isoweekday() >= 6
    if relation == "this" or in_weekend and not relation:
        step = 0
    elif relation in ("last", "past", "previous"):
        step = -1
    elif relation in ("next", "coming"):
        step = 1 if in_weekend else 0
    else:
        step = 0 if ctx.direction(m.start(), m.end()) == "future" else -1
    return [Reading(m.start(), m.end(), "DATE", resolve.week_value(ctx.dct + dt.timedelta(weeks=step)) + "-WE")]


def year_ago(m, ctx):
    """'year-earlier', 'the year-ago period', 'the latest period': in results stories, a quarter."""
    latest = words(m["latest"])
    back = 0 if latest in ("latest", "most recent") else 1

    def value(c, start):
        named = c.anchor(start, r"^\d{4}-Q[1-4]$", window=1500)
        if named:
            return f"{int(named[:4]) - back:04d}-Q{named[-1]}"
        if latest in ("latest", "most recent", "same", "corresponding", "comparable"):
            return ""  # a period with no quarter in sight is not something we can place
        return f"{c.dct.year - 1:04d}" if c.dct else "XXXX"
    start = m.start()
    if not m["period"] and not m["latest"] and m.group()[:4].lower() == "the ":
        start += 4  # "the year-ago results": the article belongs to the noun
    return [Reading(start, m.end(), "DATE", value, shifted=bool(back))]


def unit_edge(m, ctx):
    word = (m["unit"] or m["edge2"] or m["edge3"]).lower()
    unit = {"week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE"}[word]
    mod = edge_mod(m["edge"]) if m["edge"] else "END"
    if ctx.dct is None:
        return [Reading(m.start(), m.end(), "DATE", unknown_value(unit), mod)]
    return [Reading(m.start(), m.end(), "DATE", resolve.shift_value(ctx.dct, unit, 0), mod)]


def ago(m, ctx):
    direction = words(m["dir"])
    unit = unit_code(m["unit"])
    amount = number_value(m["num"]) if m["num"] else None
    mod = "APPROX" if m["approx"] and APPROX_WORDS.match(m["approx"]) else None
    if direction in ("before", "after", "later"):  # counted from an event, not from a date: only the duration is ours
        end = m.start("dir")
        return [Reading(m.start(), len(ctx.text[:end].rstrip()), "DURATION", duration_value(amount, unit))]
    if m["approx"] and not mod:  # "more than two years ago": a duration reaching back
        return [Reading(m.start(), m.end(), "DURATION", duration_value(amount, unit))]
    if amount is None or amount != int(amount) or unit in ("TS",):
        return [Reading(m.start(), m.end(), "DATE", "PAST_REF" if direction != "from now" else "FUTURE_REF", mod)]
    sign = 1 if direction in ("later", "from now", "hence") else -1
    if unit in ("TH", "TM"):
        return [Reading(m.start(), m.end(), "TIME" if ctx.dct else "DATE", ctx.dct.isoformat() if ctx.dct else "XXXX-XX-XX", mod)]
    steps = sign * int(amount)
    if direction in ("earlier", "later", "previously"):
        plain = anchored(unit, steps)  # counted from the time being talked about, not from today
    elif ctx.dct is None:
        return [Reading(m.start(), m.end(), "DATE", unknown_value(unit), mod)]
    else:
        def plain(c, start, shifted=resolve.shift_value(ctx.dct, unit, steps)):
            return shifted

    def value(c, start):
        # In a story about a quarter's results, "a year ago" / "a year earlier" is that quarter a year before.
        named = c.anchor(start, r"^\d{4}-Q[1-4]$", window=600) if unit == "Y" and steps == -1 else None
        return f"{int(named[:4]) - 1:04d}-Q{named[-1]}" if named else plain(c, start)
    return [Reading(m.start(), m.end(), "DATE", value, mod, shifted=True)]


def duration(m, ctx):
    if m["halfa"]:  # "half an hour"
        return [Reading(m.start(), m.end(), "DURATION", duration_value(0.5, unit_code(m["unit2"])))]
    if m["unit3"]:  # "month-long", "decades-long"
        plural = m.group().lower().startswith(m["unit3"].lower() + "s")
        return [Reading(m.start(), m.end(), "DURATION", duration_value(None if plural else 1, unit_code(m["unit3"])))]
    unit = unit_code(m["unit"])
    plural = m["unit"].lower().endswith("s")
    amount = number_value(m["num"]) if m["num"] else None
    if m["num"] and amount is None:
        return None
    if m["num"] and m["num"].strip().lower() in ("a", "an") and plural:
        return None
    if m["num"] and re.fullmatch(r"\d+(?:\.\d+)?", m["num"]) and (
            previous_word(ctx.text, m.start("num")).endswith(("$", ",")) or 1000 <= amount <= 2100):
        return None  # "$5 a year", "the 1988 quarter": an amount or a year, not a count of units
    if unit == "Q" and re.match(r"[\s-]*quarters?\b", ctx.text[m.end("num"):m.end()]) and "-" in ctx.text[m.end("num"):m.end("num") + 1]:
        return None  # "three-quarters": a fraction
    if m["num"] and m["num"].strip().lower() in ("a", "an") and not m["the"] and re.search(
            r"(?:\d|\b(?:times|twice|once|million|billion|thousand|hundred|cents?|percent))\S*(?:\s+\S+){0,2}\s*$",
            ctx.text[max(0, m.start() - 40):m.start()].lower()):
        # "$1 billion a year", "twice a week": a rate, which TimeML reads as a set of times
        return [Reading(m.start(), m.end(), "SET", duration_value(1, unit))]
    if (m["half"] or m["half_before"]) and amount is not None:
        amount += 0.5  # "two and a half years"
    if (m["num2"] or m["num3"]) and amount is not None:
        amount = None  # "two or three years", "12 to 18 months": a range, so the count is unknown
    start = m.start()
    hyphenated = "-" in ctx.text[m.end("num" if m["num"] else "vague"):m.start("unit")]
    if m["the"] and not m["adj"] and not m["approx"] and (m["the"].lower() in ("a", "an") or hyphenated):
        # "a two-year term", "the two-week strike": the article belongs to the noun phrase, not to the duration
        start = m.start("num") if m["num"] else m.start("vague")
    return [Reading(start, m.end(), "DURATION", duration_value(amount, unit))]


def bare_units(m, ctx):
    phrase = words(m.group())
    if phrase in vocabulary().reference_words:
        return [Reading(m.start(), m.end(), "DATE", vocabulary().reference_words[phrase])]
    pre = words(m["pre"])
    start = m.start() if pre.startswith(("the", "recent", "coming", "past")) else m.start("unit")
    return [Reading(start, m.end(), "DURATION", duration_value(None, unit_code(m["unit"])))]


def set_expression(m, ctx):
    v = vocabulary()
    if m["phrase"]:
        return [Reading(m.start(), m.end(), "SET", v.sets[words(m["phrase"])])]
    if m["weekday"]:
        return [Reading(m.start(), m.end(), "SET", f"XXXX-WXX-{v.weekdays[m['weekday'].lower()]}")]
    if m["season"]:
        return [Reading(m.start(), m.end(), "SET", f"XXXX-{v.seasons[m['season'].lower()]}")]
    if m["month"]:
        from bilateral.dates.vocab import month_number  # noqa: PLC0415

        return [Reading(m.start(), m.end(), "SET", f"XXXX-{month_number(m['month']):02d}")]
    amount = number_value(m["num"]) if m["num"] else 1
    return [Reading(m.start(), m.end(), "SET", duration_value(amount, unit_code(m["unit"])))]


def reference(m, ctx):
    phrase = words(m["ref"])
    if phrase == "current" and re.match(r"\s+(?:account|affairs|events|president|leader|chairman|government|regime)\b",
                                        ctx.text[m.end():m.end() + 16], re.IGNORECASE):
        return None  # "current account", "current affairs": economics and office words, not a time
    return [Reading(m.start(), m.end(), "DATE", vocabulary().reference_words[phrase])]


def clock_time(m, ctx):
    if m["word"]:
        hour, minute = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0)}[m["word"].lower()]
        start, weekday, day = m.start("word"), m["weekday2"], m["day2"]
    else:
        hour = int(m["hour"]) % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
        minute = int(m["minute"] or 0)
        start, weekday, day = m.start("hour"), m["weekday"], m["day"]
    clock = f"T{hour:02d}:{minute:02d}" if hour != 24 else "T24:00"
    month = m.groupdict().get("month")
    dated = bool(weekday or day or month)
    if month:  # "5 p.m. EST Nov. 9"
        from bilateral.dates.absolute import underspecified_day  # noqa: PLC0415

        date = underspecified_day(ctx, month_number(month), int(re.match(r"\d+", m["mday"]).group()), start, m.end())
        if date is None:
            return None
    elif ctx.dct is None:
        date = "XXXX-XX-XX"
    elif weekday:
        number = vocabulary().weekdays[weekday.lower()]
        date = resolve.weekday_date(ctx.dct, number, ctx.direction(start, m.end())).isoformat()
    else:
        date = (ctx.dct + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[(day or "today").lower()])).isoformat()
    return [Reading(start, m.end(), "TIME", date + clock, calendar=dated)]
