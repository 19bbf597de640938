"""Properties that hold for any text: no exception, offsets inside the text, spans equal to the text."""
from __future__ import annotations

import datetime as dt

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bilateral.dates import find_timexes

# Fragments that make the date rules fire, so that random text reaches them and their corners.
FRAGMENTS = st.sampled_from([
    "May", "may", "March", "Decemebr", "Sept.", "Friday", "last", "next", "week", "year", "ago", "two", "a few",
    "2019", "1990s", "'80s", "13/04/2023", "2020-03-04", "12", "31", "30th", "of", "the", "quarter", "third",
    "early", "mid-", "since", "10 a.m.", "13:17", "+92 51", "-", "–", ",", ".", " ", "\n", "(", ")", "$", "%",
    "Christmas", "summer", "now", "yesterday", "earlier", "following", "day", "every", "de", "mai", "ﬁ", "İ", "é",
])
TEXTS = st.one_of(st.text(max_size=200), st.lists(FRAGMENTS, max_size=40).map(" ".join),
                  st.lists(FRAGMENTS, max_size=40).map("".join))
DCTS = st.one_of(st.none(), st.dates())  # every date Python can hold, year 1 and 9999 included


@settings(max_examples=300, deadline=None)
@given(TEXTS, DCTS)
@example("1/1/1000:FOLLOWING WEEK", None)  # found by Hypothesis: anchored on the date before it
@example("FOLLOWING WEEK", None)
def test_any_text_gives_well_formed_timexes(text, dct):
    found = find_timexes(text, dct)
    previous_end = 0
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert t.start >= previous_end  # sorted and non-overlapping
        previous_end = t.end
        assert text[t.start:t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert t.value
        if t.edtf is None:
            assert t.precision is None and t.first_day is None and t.last_day is None
        else:
            assert t.precision in ("day", "month", "season", "quarter", "year", "decade", "century")
            assert t.first_day <= t.last_day
        if dct is None and t.edtf is not None and not any(c.isdigit() for c in t.text):
            # Nothing relative gets a calendar date without a reference: with no document date, only an
            # earlier date of the text can anchor it ("1/1/1000: following week").
            assert any(earlier.first_day for earlier in found if earlier.end <= t.start), t
