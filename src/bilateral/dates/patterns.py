"""The compiled regular expressions that find candidate temporal expressions.

Each rule is one regex with named groups; absolute.py, relative.py and periods.py turn a match into Readings.
The fragments are built from ``vocab.yaml`` so that adding a word never means editing a regex.
Rules are tried in the order of ``RULES``; where two candidates overlap the finder keeps the
longer one, then the earlier rule.
"""
from __future__ import annotations

import re
from functools import cache

from bilateral.dates.vocab import alternation, vocabulary

FLAGS = re.IGNORECASE | re.VERBOSE


@cache
def fragments() -> dict[str, str]:
    v = vocabulary()
    full_months = [f for f in v.months if len(f) > 4 or f in ("may", "june", "july")]
    number_words = [w for w in v.number_words if not w.endswith(("st", "nd", "rd", "th"))]
    tens = [w for w, n in v.number_words.items() if n % 10 == 0 and 20 <= n <= 90]
    units_words = [w for w, n in v.number_words.items() if 1 <= n <= 9 and w not in ("a", "an", "first")]
    ordinals = [w for w in v.number_words if w.endswith(("st", "nd", "rd", "th")) and w not in ("first",)] + ["first"]
    f = {
        # any month form, with an optional abbreviation dot
        # full names take no dot (a dot after "May" ends the sentence); abbreviations may have one
        "MONTH": r"\b(?:" + alternation(full_months) + r"\b|" + alternation(set(v.months) - set(full_months)) + r"\b\.?)",
        # a month standing alone must be a full name or an abbreviation with its dot
        "MONTH_ALONE": r"\b(?:" + alternation(full_months) + r"\b|" + alternation(v.months) + r"\.)",
        # a word in the month slot of an explicit day-month-year date; read by vocab.month_number(fuzzy=True)
        "MONTH_WORD": r"(?<![^\W\d_])[^\W\d_]{3,12}\.?",
        "WEEKDAY": r"\b" + alternation(v.weekdays) + r"\b\.?",
        "WEEKDAY_FULL": r"\b" + alternation([w for w in v.weekdays if w.endswith("day")]) + r"\b",
        "DAY": r"(?<!\d)(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)",
        "YEAR": r"(?<![\d.,])(?:1\d\d\d|20\d\d)(?!\d|[.,]\d)",
        "SEASON": alternation(v.seasons) + r"\b",
        "PART_OF_DAY": alternation(v.parts_of_day) + r"\b",
        "NUMBER": "(?:" + r"\d+(?:\.\d+)?(?:\s+1/2)?|" + alternation(tens) + r"(?:[\s-]+" + alternation(units_words) + r")?"
                  + "|" + alternation(number_words) + ")",
        "ORDINAL": "(?:" + alternation(ordinals) + r"|\d{1,2}(?:st|nd|rd|th))",
        "VAGUE": alternation(v.vague_quantities),
        "UNIT": r"(?:centuries|(?:year|month|week|day|hour|minute|decade|century|quarter|fortnight)s?|seconds)",
        "APPROX": r"(?:about|around|approximately|roughly|nearly|almost|some|circa|more\s+than|less\s+than|under|"
                  r"at\s+least|at\s+most|up\s+to|barely|fewer\s+than|no\s+more\s+than|the\s+better\s+part\s+of)",
        "EDGE": r"(?:early|mid|late|the\s+(?:beginning|start|end|middle|close|turn)\s+of(?:\s+the)?|"
                r"earlier|later|end\s+of|start\s+of|beginning\s+of|mid-|around|about|sometime)",
        "CLOCK": r"(?:(?:at\s+)?(?P<hour>[01]?\d|2[0-3])[:.h](?P<minute>[0-5]\d)(?::[0-5]\d)?(?:\s*(?P<ampm>[ap]\.?m\b\.?))?"
                 r"(?:\s*\(?(?:UTC|GMT)\s*[+-]?\s*\d{1,2}(?::?\d\d)?\)?|\s+(?:[A-Z]{2,4}T|UTC|GMT)\b)?)",
        "HOLIDAY": alternation(v.holidays),
        "REFERENCE": alternation(v.reference_words),
        "SET": alternation(v.sets),
    }
    return f


RULE_SOURCES: dict[str, str] = {
    "iso_date": r"""(?<![\w/.-])(?P<year>1\d\d\d|20\d\d)(?P<sep>[-/.])(?P<month>0?[1-9]|1[0-2])(?P=sep)(?P<day>[12]\d|3[01]|0?[1-9])
                    (?:[T\s](?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?![\w/-]|\.\d)""",
    "numeric_date": r"""(?<![\w/.:,-])(?P<first>[12]\d|3[01]|0?[1-9])(?P<sep>[/.-])(?P<second>[12]\d|3[01]|0?[1-9])(?P=sep)
                        (?P<year>1\d\d\d|20\d\d|(?<=/)\d\d)(?![\w/-]|[.:,]\d)""",
    "day_month_year": r"""(?:(?P<weekday>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<day>{DAY})\.?\s*(?:of\s+|de\s+)?(?P<month>{MONTH_WORD}),?\s*
                          (?:de\s+|del\s+)?(?P<year>{YEAR})(?:,?\s+{CLOCK})?""",
    "month_day_year": r"""(?:(?P<weekday>{WEEKDAY}),?\s+)?(?P<month>{MONTH_WORD})\s*(?P<day>{DAY})(?:\s*,\s*|\s+)(?P<year>{YEAR})
                          (?:,?\s+{CLOCK})?""",
    "day_range": r"""(?P<day1>{DAY})\s*(?:-|–|—|to|and|until|till|through)\s*(?P<day2>{DAY})\s*(?:of\s+)?(?P<month>{MONTH})
                     (?:,?\s*(?P<year>{YEAR}))?""",
    "month_day_range": r"""(?P<month>{MONTH})\s*(?P<day1>{DAY})\s*(?:-|–|—|to|and|until|till|through)\s*(?P<day2>{DAY})
                           (?:,?\s*(?P<year>{YEAR}))?""",
    "month_range": r"""(?P<month1>{MONTH_ALONE})\s*(?:-|–|—|to|and|until|till|through)\s*(?P<month2>{MONTH_ALONE}),?\s+(?P<year>{YEAR})""",
    "year_range": r"""(?P<year1>{YEAR})\s*(?:-|–|—|/)\s*(?P<year2>{YEAR}|\d\d(?![\d%]))""",
    "day_month": r"""(?:(?P<weekday>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<day>{DAY})\s*(?:of\s+)?(?P<month>{MONTH})""",
    "month_day": r"""(?:(?P<weekday>{WEEKDAY}),?\s+)?(?:(?P<approx>around|about|early|late)\s+)?(?P<month>{MONTH})\s*(?P<day>{DAY})(?!\s*%)""",
    "month_year": r"""(?:(?P<edge>{EDGE})[\s-]*)?(?P<month>{MONTH_WORD}),?\s+(?:of\s+)?(?P<year>{YEAR})""",
    "month": r"""(?:(?P<edge>{EDGE})[\s-]*)?(?:(?P<rel>last|this|next|past|coming|that)\s+)?(?P<month>{MONTH_ALONE})
                 (?:\s+(?P<relyear>this|last|next)\s+year)?(?!\s*\d)""",
    "year": r"""(?:(?P<edge>{EDGE})[\s-]*)?(?:(?P<fiscal>fiscal)(?:\s+year)?\s+|the\s+year\s+)?(?P<year>{YEAR})(?!-\d\d\b)""",
    "apostrophe_year": r"""(?:(?P<fiscal>fiscal)\s+)?(?<![\w'’])['’](?P<year>\d\d)\b(?!s)""",
    "spelled_year": r"""(?:the\s+year\s+)?(?P<year>(?:nineteen|eighteen)[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)
                        (?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|
                        seventeen|eighteen|nineteen|hundred)|two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|
                        eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))?)\b""",
    "decade": r"""(?:the\s+)?(?:(?P<edge>early|mid|late)[\s-]+)?(?:(?P<century>1[5-9]|20)(?P<decade>\d)0|['’](?P<short>\d)0)['’]?s\b""",
    "decade_word": r"""(?:the\s+)?(?:(?P<edge>early|mid|late)[\s-]+)?(?:nineteen[\s-]+)?(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b""",
    "century": r"""(?:the\s+)?(?:(?P<edge>early|mid|late)[\s-]+)?(?:(?P<ordinal>{ORDINAL})|(?P<rel>this|last|next|past|previous))[\s-]+century\b""",
    "season": r"""(?:(?P<edge>{EDGE})[\s-]*)?(?:(?P<rel>this|last|next|past|coming|that|the|this\s+past|early|late)\s+)?(?P<season>{SEASON})
                  (?:\s+(?:of\s+)?(?P<year>{YEAR}))?""",
    "quarter": r"""(?:(?P<det>the|this|last|next|its|their|a|his|her|our)\s+)?
                   (?:(?P<year>{YEAR})\s+|(?P<relyear>this|last|next)\s+year['’]s\s+|fiscal\s+(?P<fyear>{YEAR})\s+)?
                   (?P<adj>(?:(?:latest|current|recent|previous|past|year-ago|year-earlier|comparable|same|fiscal|calendar|flat|final|
                   most\s+recent|just-ended|year\s+ago|year\s+earlier|strong|weak|disappointing)[\s-]+)*)
                   (?P<nth>first|second|third|fourth|1st|2nd|3rd|4th|final|last)?[\s-]*(?P<part>quarter|half)(?![\w-])
                   (?:\s+of\s+(?:(?P<year2>{YEAR})|(?P<relyear2>this|last|next)\s+year|fiscal\s+(?P<fyear2>{YEAR})))?(?![\s-]+century)""",
    "quarter_code": r"""(?<![\w-])(?:(?P<q>[1-4])Q|Q(?P<q2>[1-4]))(?:\s*(?:of\s+)?(?P<year>{YEAR}|['’]\d\d))?\b""",
    "holiday": r"""(?:(?P<rel>last|this|next)\s+)?(?P<holiday>{HOLIDAY})\b(?:\s+(?P<year>{YEAR}))?""",
    "relative_day": r"""(?:(?P<edge>early|late|mid-?)[\s-]+)?(?P<day>today|yesterday|tomorrow|tonight|
                        the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)(?:\s+(?P<pod>{PART_OF_DAY}))?\b""",
    "part_of_day": r"""(?:(?P<edge>early|late)\s+)?(?:(?P<rel>this|last|tomorrow|yesterday|the\s+next|the\s+previous|that)\s+)?(?P<pod>{PART_OF_DAY})
                       (?:\s+(?P<day>today|yesterday|tomorrow))?""",
    "weekday": r"""(?:(?P<edge>early|late)\s+)?(?:(?P<rel>last|this|next|coming|previous|past|the\s+previous|the\s+following|this\s+past|this\s+coming)\s+)?
                   (?P<weekday>{WEEKDAY_FULL})(?:\s+(?P<pod>{PART_OF_DAY}))?""",
    "relative_unit": r"""(?:(?P<edge>{EDGE})[\s-]*)?(?:the\s+)?(?P<rel>last|this|next|coming|past|previous|current|following|same|that|prior|
                         preceding|upcoming)\s+(?P<unit>week|month|year|decade|day|fortnight)\b""",
    "weekend": r"""(?:(?P<rel>this|last|next|past|coming|the\s+past|the\s+coming|the\s+previous|the\s+following|that)\s+|the\s+)weekend\b""",
    "year_ago": r"""(?:the\s+)?(?:comparable\s+|same\s+)?year[\s-](?:ago|earlier)(?:\s+(?P<period>period|quarter))?
                    |(?:the\s+)?(?P<latest>latest|most\s+recent|same|comparable|corresponding|year-ago|year-earlier)\s+period""",
    "unit_edge": r"""(?:the\s+)?(?P<edge>end|beginning|start|middle|close|turn)\s+of\s+the\s+(?P<unit>week|month|year|decade|century)\b
                     |(?P<edge2>year|month|week)[\s-]end\b|(?P<edge3>year|month)['’]s\s+end\b""",
    "ago": r"""(?:(?P<approx>{APPROX})\s+)?(?:(?P<num>{NUMBER})|(?P<vague>{VAGUE}))[\s-]+(?P<unit>{UNIT})(?:\s+or\s+so)?\s+
               (?P<dir>ago|earlier|later|before|after|from\s+now|hence|previously)\b""",
    "duration": r"""(?:(?P<approx>{APPROX})\s+)?(?:(?P<the>the|a|an)\s+)?(?:(?P<adj>past|last|next|first|coming|previous|following|final|latest|
                    remaining|additional|another|initial|recent|same|entire|whole|full|preceding|ensuing|subsequent)\s+)?
                    (?:(?P<num>{NUMBER})|(?P<vague>{VAGUE}))(?:\s+or\s+(?:so|more|(?P<num2>{NUMBER})))?(?:\s+to\s+(?P<num3>{NUMBER}))?(?P<half_before>\s+and\s+a\s+half)?[\s-]+(?:more\s+|full\s+|long\s+|straight\s+|consecutive\s+)?
                    (?P<unit>{UNIT})(?P<half>\s+and\s+a\s+half)?(?P<suffix>[\s-]?long)?\b(?![\s-]+old\b)
                    |(?:(?P<approx2>{APPROX})\s+)?(?P<halfa>half\s+an?)\s+(?P<unit2>hour|day|week|month|year|decade|century)\b
                    |(?P<unit3>day|week|month|year|decade)s?[\s-]?long\b""",
    "bare_units": r"""(?:(?P<pre>recent|coming|past|the\s+past|the\s+last|the\s+next|the\s+coming|the\s+following|many|for|in|over|within|after)\s+)
                      (?P<unit>years|months|weeks|days|decades|centuries|hours|quarters)\b""",
    "set": r"""(?:(?P<phrase>{SET})|(?P<every>every|each)\s+(?:(?P<weekday>{WEEKDAY_FULL})|(?P<season>{SEASON})|(?P<month>{MONTH_ALONE})|
               (?:(?P<num>{NUMBER})\s+)?(?P<unit>{UNIT})))\b""",
    "reference": r"""(?<![\w-])(?P<ref>{REFERENCE})(?![\w-])""",
    "clock_time": r"""(?:(?P<pre>at|by|around|about|until|before|after|from)\s+)?(?P<hour>1[0-2]|0?[1-9])(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.\s?m\b\.?|[ap]m\b)
                      (?:\s+(?P<tz>[A-Z]{{2,4}}T|UTC|GMT)\b)?(?:,?\s+(?:(?P<weekday>{WEEKDAY_FULL})|(?P<day>today|yesterday|tomorrow)|
                      (?P<month>{MONTH})\s*(?P<mday>{DAY})))?
                      |\b(?P<word>noon|midnight|midday)(?:\s+(?:(?P<weekday2>{WEEKDAY_FULL})|(?P<day2>today|yesterday|tomorrow)))?""",
}


# Every match starts at a word boundary; a few rules may also start where a digit is glued to a
# word ("on12 May") or at an apostrophe ("'80s"). Saying so up front lets the regex engine skip
# most positions: twice the speed.
WORD_START = r"\b"
GLUED_DIGIT_START = r"(?:\b|(?<=[^\W\d_])(?=\d))"
APOSTROPHE_START = r"(?:\b|(?=['’]))"
START_GUARDS = {"day_month_year": GLUED_DIGIT_START, "day_range": GLUED_DIGIT_START, "day_month": GLUED_DIGIT_START,
                "apostrophe_year": APOSTROPHE_START, "decade": APOSTROPHE_START}


# Words a rule cannot match without. A rule whose words are absent from a text gives nothing there;
# the finder looks for them (once per text) when the rule first matches.
FEATURE_SOURCES = {
    "digit": r"\d", "year4": r"\d{{4}}", "month": "{MONTH}", "unit": "{UNIT}", "weekday": "{WEEKDAY_FULL}",
    "quarter": r"quarter|half|Q[1-4]|[1-4]Q", "century": "century", "season": "{SEASON}", "holiday": "{HOLIDAY}",
    "weekend": "weekend", "period": r"period|year[\s-](?:ago|earlier)", "spelled": "nineteen|eighteen|thousand",
    "decade_word": "ties", "every": r"{SET}|every|each", "relative_word": "today|yesterday|tomorrow|tonight",
    "part_of_day": "{PART_OF_DAY}", "clock": r"[ap]\.?\s?m\b|noon|midnight|midday",
    "calendar_unit": "week|month|year|decade|day|fortnight",
    "direction": r"ago|earlier|later|before|after|from\s+now|hence|previously",
}
RULE_NEEDS: dict[str, tuple[str, ...]] = {
    "iso_date": ("digit",), "numeric_date": ("digit",), "day_month_year": ("year4",), "month_day_year": ("year4",),
    "day_range": ("month",), "month_day_range": ("month",), "month_range": ("month", "year4"), "year_range": ("year4",),
    "day_month": ("month",), "month_day": ("month",), "month_year": ("year4",), "month": ("month",), "year": ("year4",),
    "apostrophe_year": ("digit",), "spelled_year": ("spelled",), "decade": ("digit",), "decade_word": ("decade_word",),
    "century": ("century",), "season": ("season",), "quarter": ("quarter",), "quarter_code": ("quarter",),
    "holiday": ("holiday",), "relative_day": ("relative_word",), "part_of_day": ("part_of_day",), "weekday": ("weekday",),
    "relative_unit": ("calendar_unit",), "weekend": ("weekend",), "year_ago": ("period",), "unit_edge": ("calendar_unit",),
    "ago": ("unit", "direction"), "duration": ("unit",), "bare_units": ("unit",), "set": ("every",), "reference": (),
    "clock_time": ("clock",),
}


@cache
def features() -> dict[str, re.Pattern]:
    f = fragments()
    return {name: re.compile(source.format(**f), re.IGNORECASE) for name, source in FEATURE_SOURCES.items()}


@cache
def rules() -> tuple[tuple[str, re.Pattern], ...]:
    """(name, compiled regex) for every rule, in priority order."""
    f = fragments()
    return tuple((name, re.compile(START_GUARDS.get(name, WORD_START) + "(?:" + source.format(**f) + ")", FLAGS))
                 for name, source in RULE_SOURCES.items())
