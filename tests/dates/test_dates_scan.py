"""The windowed scan (bilateral.dates.scan) finds exactly what regex.finditer finds over the whole text.

The oracle is Python's ``re`` itself: every rule and every feature regex, on random text built from the
pieces that make rules fire and the characters that could trip the analysis (long whitespace and hyphen
runs, case variants outside ASCII such as "ſ" and the Kelvin sign, digits of other scripts).
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilateral.dates import scan
from bilateral.dates.factors import Factors
from bilateral.dates.finder import _plans

PIECES = st.sampled_from([
    "May", "may", "MAY", "March", "mar", "market", "Decemebr", "Sept.", "Sept", "Jan.", "Friday", "Fri", "last", "next",
    "week", "weeks", "year", "years", "yearlong", "year-ago", "ago", "two", "twenty-four", "a few", "a couple of", "2019",
    "1990s", "'80s", "’80s", "13/04/2023", "2020-03-04", "2020-03-04T10:30", "12", "31", "30th", "1st", "of", "the",
    "quarter", "half", "behalf", "third", "Q3", "3Q", "fiscal", "early", "mid-", "mid", "late", "since", "10 a.m.", "5 pm",
    "13:17", "noon", "+92 51", "-", "–", "—", " - - ", ",", ".", ";", "'", "’", "(", ")", "$", "%", "/", ":",
    "Christmas", "New Year's Day", "summer", "fall", "now", "currently", "yesterday", "tonight", "morning", "earlier",
    "following", "day", "days", "today", "every", "each", "daily", "de", "mai", "del", "century", "decade", "nineteen",
    "eighties", "weekend", "period", "hours", "minutes", "long", "old", "more than", "about", "the end of the",
    "ſeptember", "\u212aey", "İ", "é", "١٩٩٠", "_", "1,000", "2.5",
])
SPACES = st.sampled_from([" ", "", "  ", "\n", "\n\n", " " * 150, "-" * 40, "\t", "\u00a0", " \n "])
TEXTS = st.one_of(
    st.lists(st.tuples(PIECES, SPACES), max_size=60).map(lambda parts: "".join(p + s for p, s in parts)),
    st.text(alphabet=st.sampled_from("aemy019 -.'’/:Q"), max_size=120),
)


def _all_regexes():
    rules = [(name, regex, plan) for name, regex, _read, _needs, plan, _anchors in _plans().rules]
    return rules + [(name, regex, plan) for name, (regex, plan) in _plans().features.items()]


def _same(text: str) -> None:
    scanner = scan.Scanner(text, _plans().table)
    for name, regex, plan in _all_regexes():
        expected = [(m.span(), m.groups()) for m in regex.finditer(text)]
        got = [(m.span(), m.groups()) for m in scanner.finditer(regex, scanner.windows(plan))]
        assert got == expected, (name, text)
        assert scanner.search(regex, plan) == (regex.search(text) is not None), (name, text)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_windowed_scan_equals_finditer(text):
    _same(text)
    whole_text, scan.WHOLE_TEXT = scan.WHOLE_TEXT, 0  # and with windows, however short the text
    try:
        _same(text)
    finally:
        scan.WHOLE_TEXT = whole_text


def test_windowed_scan_on_news_like_text():
    text = ("The talks, held on Friday, March 3, 2019 -- and again  in\n\nmid-May -- ended 10 a.m. EST Nov. 9; "
            "profits rose in the third quarter of 1987 from a year ago, the first half of the year-ago period. "
            "Two years ago; since the 1990s; '80s; 13/04/2023; 2020-03-04; every week; the past three months.")
    _same(text)
    _same(text.upper())
    _same(re.sub(r" ", "   \n ", text))


def test_every_rule_has_anchors():
    """A rule the analysis cannot bound scans the whole text: correct, but slow. None does today."""
    assert [name for name, _regex, plan in _all_regexes() if not plan.options and name != "reference"] == []


def test_a_plan_after_the_table_is_frozen_is_refused():
    """A scanner remembers which factor sets a text's words hold: a set added later would go unseen."""
    table = Factors()
    scan.plan(re.compile(r"\bMay\b"), table)
    table.frozen = True
    with pytest.raises(RuntimeError, match="frozen"):
        scan.plan(re.compile(r"\bJune\b"), table)


def test_first_text_of_a_process_is_read_like_the_rest():
    """The plans register the factors the scanner looks for: the very first call must not miss them."""
    import subprocess
    import sys

    code = ("from bilateral.dates import find_timexes as f; t = 'For the last twenty four hours. Now, five year terms.'; "
            "a = f(t, None); b = f(t, None); assert a == b and len(a) >= 3, (a, b)")
    subprocess.run([sys.executable, "-c", code], check=True)
