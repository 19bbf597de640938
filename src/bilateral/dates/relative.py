"""Rules for expressions that need the reference date or the text before them: "yesterday",
"last week", "on Friday", "in March", "two years ago", "the third quarter", "the following day".

Same contract as absolute.py: one function per rule of patterns.py, returning Readings or None.
"""
from __future__ import annotations

import datetime as dt
import re

from bilateral.dates import resolve
from bilateral.dates.absolute import ORDINAL_QUARTERS, month_of
from bilateral.dates.reading import Reading, edge_mod, is_capitalised, looks_like_name_part, next_word, previous_word
from bilateral.dates.vocab import vocabulary

UNIT_CODES = {"year": "Y", "month": "M", "week": "W", "day": "D", "fortnight": "W", "decade": "DE", "century": "CE",
              "quarter": "Q", "weekend": "WE"}
RELATION_STEPS = {"last": -1, "past": -1, "previous": -1, "prior": -1, "preceding": -1, "this": 0, "current": 0,
                  "next": 1, "coming": 1, "upcoming": 1}
ANCHORED_RELATIONS = {"following": 1, "same": 0, "that": 0}


def words(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").lower()).strip()


def anchored(unit: str, step: int):
    """A value function: step units from the latest earlier expression precise enough for unit (else dct).

    'the following day' counts from the last day mentioned, 'that year' from the last year mentioned.
    """
    pattern = r"^\d{4}-\d\d-\d\d" if unit in ("D", "W", "WE") else (r"^\d{4}-\d\d" if unit == "M" else r"^\d{4}")

    def value(ctx, start: int) -> str:
        found = ctx.anchor(start, pattern)
        if found:
            base = dt.date(int(found[:4]), int(found[5:7]) if len(found) >= 7 and found[5:7].isdigit() else 7,
                           int(found[8:10]) if len(found) >= 10 else 1)
        elif ctx.dct:
            base = ctx.dct
        else:
            return unknown_value(unit)
        if unit == "WE":
            return resolve.week_value(base + dt.timedelta(weeks=step)) + "-WE"
        return resolve.shift_value(base, unit, step) or unknown_value(unit)
    return value


def unknown_value(unit: str) -> str:
    return {"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX", "D": "XXXX-XX-XX", "Q": "XXXX-QX",
            "DE": "XXX", "CE": "XX", "WE": "XXXX-WXX-WE"}.get(unit, "XXXX")


def relative_day(m, ctx):
    word = words(m["day"])
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
              "the day before yesterday": -2, "the day after tomorrow": 2}[word]
    date = ctx.dct + dt.timedelta(days=offset) if ctx.dct else None
    base = date.isoformat() if date else "XXXX-XX-XX"
    pod = vocabulary().parts_of_day.get(words(m["pod"])) if m["pod"] else ("NI" if word == "tonight" else None)
    if pod:
        return [Reading(m.start(), m.end(), "TIME", f"{base}T{pod}", edge_mod(m["edge"]))]
    return [Reading(m.start(), m.end(), "DATE", base, edge_mod(m["edge"]))]


def part_of_day(m, ctx):
    relation = words(m["rel"])
    pod = vocabulary().parts_of_day[words(m["pod"])]
    if not relation:  # only "mid-afternoon" and "overnight" stand alone as a time of the reference day
        if not re.match(r"mid|overnight", m["pod"], re.IGNORECASE):
            return None
        relation = words(m["day"]) or ("last" if pod == "NI" else "this")  # "overnight": the night before
    offset = {"this": 0, "today": 0, "last": -1 if pod == "NI" else 0, "yesterday": -1, "tomorrow": 1}.get(relation)
    if relation == "last" and pod != "NI":
        return None  # "last morning" is not said; "the last evening of ..." is not a date
    if offset is None:  # the next / the previous / that morning: from the day mentioned before
        step = {"the next": 1, "the previous": -1, "that": 0}[relation]
        day_of = anchored("D", step)
        return [Reading(m.start(), m.end(), "TIME", lambda c, start, p=pod: f"{day_of(c, start)}T{p}", shifted=step != 0)]
    base = (ctx.dct + dt.timedelta(days=offset)).isoformat() if ctx.dct else "XXXX-XX-XX"
    return [Reading(m.start(), m.end(), "TIME", f"{base}T{pod}", edge_mod(m["edge"]))]


def weekday(m, ctx):
    name = m["weekday"]
    number = vocabulary().weekdays[name.lower()]
    relation = words(m["rel"]).replace("the ", "") or None
    if ctx.dct is None:
        value = f"XXXX-WXX-{number}"
    elif relation in ("following", "previous") and m["rel"].lower().startswith("the"):
        day_of = anchored("D", 0)  # "the previous Friday": the Friday before the day just talked about

        def value(c, start):
            base = dt.date.fromisoformat(day_of(c, start)[:10])
            if relation == "previous":
                return (base - dt.timedelta(days=(base.isoweekday() - number) % 7 or 7)).isoformat()
            return (base + dt.timedelta(days=(number - base.isoweekday()) % 7 or 7)).isoformat()
    else:
        value = resolve.weekday_date(ctx.dct, number, ctx.direction(m.start(), m.end()), relation).isoformat()
    pod = vocabulary().parts_of_day.get(words(m["pod"])) if m["pod"] else None
    if pod:
        return [Reading(m.start(), m.end(), "TIME", value if callable(value) else f"{value}T{pod}", edge_mod(m["edge"]))]
    return [Reading(m.start(), m.end(), "DATE", value, edge_mod(m["edge"]))]


def month(m, ctx):
    number = month_of(m)
    word = m["month"].lower().rstrip(".")
    if number is None or (not m["rel"] and not m["edge"] and looks_like_name_part(ctx.text, m.start("month"), m.end("month"))):
        return None
    if word in vocabulary().verb_like_months and not m["rel"] and not m["edge"] and re.match(r" [A-Z]", ctx.text[m.end():m.end() + 2]):
        return None  # "May Day", "March Madness": part of a name
    if word in vocabulary().verb_like_months and re.match(r" (?:of|for) (?:the )?[A-Z]", ctx.text[m.end():m.end() + 12]):
        return None  # "the March for Life", "the March of the Mothers": a march, not a month
    relation, relyear = words(m["rel"]), words(m["relyear"])
    if ctx.dct is None:
        value = f"XXXX-{number:02d}"
    elif relyear:
        value = resolve.month_value(ctx.dct.year + RELATION_STEPS.get(relyear, 0), number)
    elif relation in ("last", "past"):
        value = resolve.month_value(ctx.dct.year - (number >= ctx.dct.month), number)
    elif relation in ("next", "coming"):
        value = resolve.month_value(ctx.dct.year + (number <= ctx.dct.month), number)
    elif relation == "this":
        value = resolve.month_value(ctx.dct.year, number)
    elif relation == "that":
        def value(c, start):
            year_value = c.anchor(start, r"^\d{4}")
            return resolve.month_value(int(year_value[:4]) if year_value else c.dct.year, number)
    else:
        value = resolve.month_value(resolve.month_year(ctx.dct, number, ctx.direction(m.start(), m.end())), number)
    return [Reading(m.start(), m.end(), "DATE", value, edge_mod(m["edge"]))]


def season(m, ctx):
    code = vocabulary().seasons[m["season"].lower()]
    relation = words(m["rel"])
    before = previous_word(ctx.text, m.start()).lower()
    after = next_word(ctx.text, m.end()).lower()
    if not (relation or m["year"] or m["edge"] or before in ("in", "during", "by", "until", "since", "over", "through", "from")):
        return None
    if relation in ("the", "early", "late", "") and not m["year"] and (after == "of" or is_capitalised(m["season"]) and
                                                                        looks_like_name_part(ctx.text, m.start("season"), m.end("season"))):
        return None  # "the fall of Saigon", "the Arab Spring"
    if m["year"]:
        year = int(m["year"])
    elif ctx.dct is None:
        return [Reading(m.start(), m.end(), "DATE", f"XXXX-{code}", edge_mod(m["edge"] or m["rel"]))]
    else:
        current = (ctx.dct.month % 12) // 3  # 0 winter, 1 spring, 2 summer, 3 fall
        index = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}[code]
        year = ctx.dct.year
        if relation in ("last", "past", "this past") and index >= current:
            year -= 1
        elif relation in ("next", "coming") and index <= current:
            year += 1
        elif not relation or relation in ("the", "early", "late"):
            direction = ctx.direction(m.start(), m.end())
            if direction == "future" and index < current:
                year += 1
            elif direction == "past" and index > current:
                year -= 1
    return [Reading(m.start(), m.end(), "DATE", f"{year:04d}-{code}", edge_mod(m["edge"] or m["rel"]))]


def _reference_quarter(ctx, start: int) -> tuple[int, int] | None:
    """The quarter a financial story is about: the last one named before, else the last completed one."""
    named = ctx.anchor(start, r"^\d{4}-Q[1-4]$", window=3000)
    if named:
        return int(named[:4]), int(named[-1])
    if ctx.dct is None:
        return None
    q = resolve.quarter_of(ctx.dct) - 1
    return (ctx.dct.year, q) if q else (ctx.dct.year - 1, 4)


def quarter(m, ctx):
    det, adj, nth = words(m["det"]), words(m["adj"]), words(m["nth"])
    explicit_year = m["year"] or m["year2"] or m["fyear"] or m["fyear2"]
    relyear = words(m["relyear"] or m["relyear2"])
    if m["part"].lower() == "half":
        half = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "last": 2, "final": 2}.get(nth)
        if not half or not (det or explicit_year or relyear):
            return None
        year = int(explicit_year) if explicit_year else (ctx.dct.year + RELATION_STEPS.get(relyear, 0) if ctx.dct else None)
        return [Reading(m.start(), m.end(), "DATE", f"{year:04d}-H{half}" if year else f"XXXX-H{half}")]
    if not (nth or det in ("the", "this", "last", "next") or explicit_year or relyear):
        return None
    if det == "a" and not nth:
        return None
    year_ago = bool(re.search(r"year[\s-](?:ago|earlier)", adj))
    number = ORDINAL_QUARTERS.get(nth) if nth != "last" or explicit_year else None
    if explicit_year or relyear:
        year = int(explicit_year) if explicit_year else (ctx.dct.year + RELATION_STEPS[relyear] if ctx.dct else None)
        if number is None and year is not None:  # "the 1988 quarter": the quarter being talked about, in that year
            return [Reading(m.start(), m.end(), "DATE",
                            lambda c, start, y=year: f"{y:04d}-Q{(_reference_quarter(c, start) or (y, 4))[1]}")]
        if number is None:
            return None
    elif number is not None:
        year = (ctx.dct.year if number <= resolve.quarter_of(ctx.dct) else ctx.dct.year - 1) if ctx.dct else None
    elif ctx.dct is None:
        return [Reading(m.start(), m.end(), "DATE", "XXXX-QX")]
    elif "current" in adj or det == "this":
        year, number = ctx.dct.year, resolve.quarter_of(ctx.dct)
    elif det == "next":
        year, month = resolve.add_months(ctx.dct.year, ctx.dct.month, 3)
        number = (month - 1) // 3 + 1
    elif det == "last" or nth == "last" or re.search(r"previous|latest|most recent|just-ended", adj):
        year, month = resolve.add_months(ctx.dct.year, ctx.dct.month, -3)
        number = (month - 1) // 3 + 1
    else:
        def value(c, start, back=int(year_ago)):
            year, number = _reference_quarter(c, start)
            return f"{year - back:04d}-Q{number}"
        return [Reading(m.start(), m.end(), "DATE", value, shifted=year_ago)]
    start = m.start("det") + len(m["det"]) if det in ("a", "its", "their", "his", "her", "our") else m.start()
    if det == "the" and not adj and re.match(r"\w+-quarter", ctx.text[m.start("nth"):m.end()] if nth else ""):
        start = m.start("nth")  # "the third-quarter results": adjectival, the article goes with the noun
    if year is None:
        return [Reading(start, m.end(), "DATE", f"XXXX-Q{number}")]
    return [Reading(start, m.end(), "DATE", f"{year - year_ago:04d}-Q{number}", shifted=year_ago)]


def quarter_code(m, ctx):
    number = int(m["q"] or m["q2"])
    year_text = m["year"]
    if year_text:
        year = int(year_text[-2:]) + 2000 if len(year_text) < 4 else int(year_text)
    elif ctx.dct:
        year = ctx.dct.year if number <= resolve.quarter_of(ctx.dct) else ctx.dct.year - 1
    else:
        return [Reading(m.start(), m.end(), "DATE", f"XXXX-Q{number}")]
    return [Reading(m.start(), m.end(), "DATE", f"{year:04d}-Q{number}")]
