"""The documented rules of bilateral.dates, one small case each (see docs/dates.md)."""
from __future__ import annotations

import datetime as dt

import pytest

from bilateral.dates import Timex, find_timexes

FRIDAY = dt.date(2019, 11, 1)  # the reference date of most cases: Friday 1 November 2019
MONDAY = dt.date(2019, 11, 4)


def only(text: str, dct: dt.date | None = FRIDAY) -> Timex:
    found = find_timexes(text, dct)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "span", "value"), [
    ("October 28, 2019", "October 28, 2019", "2019-10-28"),
    ("on 28 October 2019 in Lahore", "28 October 2019", "2019-10-28"),
    ("30th May 2022", "30th May 2022", "2022-05-30"),
    ("Monday, 12 May 2025", "Monday, 12 May 2025", "2025-05-12"),
    ("Oct. 15, 1999", "Oct. 15, 1999", "1999-10-15"),
    ("2020-03-04", "2020-03-04", "2020-03-04"),
    ("2020/03/04", "2020/03/04", "2020-03-04"),
])
def test_full_dates_in_every_order(text, span, value):
    t = only(text)
    assert (t.text, t.type, t.value, t.edtf, t.precision) == (span, "DATE", value, value, "day")
    assert t.first_day == t.last_day == dt.date.fromisoformat(value)


@pytest.mark.parametrize(("text", "value"), [
    ("13/04/2023", "2023-04-13"),  # 13 cannot be a month: day first
    ("04/13/2023", "2023-04-13"),  # 13 cannot be a month: month first
    ("03/04/2020", "2020-04-03"),  # ambiguous: day first, the international order
    ("03.04.2020", "2020-04-03"),
])
def test_numeric_dates_day_month_rule(text, value):
    assert only(text).value == value


def test_partial_dates_keep_the_precision_of_the_text():
    may = only("May 2003")
    assert (may.value, may.edtf, may.precision) == ("2003-05", "2003-05", "month")
    assert (may.first_day, may.last_day) == (dt.date(2003, 5, 1), dt.date(2003, 5, 31))
    year = only("It happened in 2019.")
    assert (year.text, year.value, year.edtf, year.precision) == ("2019", "2019", "2019", "year")
    assert (year.first_day, year.last_day) == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))


@pytest.mark.parametrize(("text", "span", "value"), [
    ("Decemebr 26, 2020 ", "Decemebr 26, 2020", "2020-12-26"),  # misspelt month
    ("Setpember 3, 2021", "Setpember 3, 2021", "2021-09-03"),
    ("Novmeber 3, 2021", "Novmeber 3, 2021", "2021-11-03"),  # not in the vocabulary: fuzzy match
    ("August5, 2019", "August5, 2019", "2019-08-05"),  # glued
    ("They met on12 May 2019.", "12 May 2019", "2019-05-12"),
    ("( 12 May, 2019 )", "12 May, 2019", "2019-05-12"),  # stray punctuation
    ("May 9 , 2019", "May 9 , 2019", "2019-05-09"),
])
def test_real_world_damage(text, span, value):
    t = only(text)
    assert (t.text, t.value) == (span, value)


def test_glued_day_month_without_year_is_resolved():
    t = only("They met on12 May.")
    assert (t.text, t.value) == ("12 May", "2019-05-12")


@pytest.mark.parametrize(("text", "value"), [
    ("12 mai 2019", "2019-05-12"),
    ("5 de mayo de 2020", "2020-05-05"),
    ("3. März 2021", "2021-03-03"),
])
def test_month_names_of_other_languages(text, value):
    assert only(text).value == value


@pytest.mark.parametrize(("text", "dct", "value", "edtf"), [
    ("They met on May 9.", FRIDAY, "2019-05-09", "2019-05-09"),  # nearest May 9 (176 days back)
    ("They met on Sept. 30.", FRIDAY, "2019-09-30", "2019-09-30"),
    ("The vote is on Jan. 14.", FRIDAY, "2020-01-14", "2020-01-14"),  # nearest is ahead
    ("the year ended March 31", FRIDAY, "2019-03-31", "2019-03-31"),  # nearest is ahead, but the sentence is past
    ("They met on May 9.", None, "XXXX-05-09", None),  # no reference date: no calendar date
])
def test_day_and_month_without_year(text, dct, value, edtf):
    t = only(text, dct)
    assert (t.value, t.edtf) == (value, edtf)


@pytest.mark.parametrize(("text", "dct", "value", "edtf", "precision"), [
    ("yesterday", FRIDAY, "2019-10-31", "2019-10-31", "day"),
    ("today", FRIDAY, "2019-11-01", "2019-11-01", "day"),
    ("tomorrow", FRIDAY, "2019-11-02", "2019-11-02", "day"),
    ("He said on Friday that", FRIDAY, "2019-11-01", "2019-11-01", "day"),  # same weekday: the reference day
    ("He left on Friday.", MONDAY, "2019-11-01", "2019-11-01", "day"),  # the last one
    ("They will meet on Friday.", MONDAY, "2019-11-08", "2019-11-08", "day"),  # future tense: the next one
    ("They signed a working plan on Friday.", MONDAY, "2019-11-01", "2019-11-01", "day"),  # "plan" the noun: past
    ("They plan to meet on Friday.", MONDAY, "2019-11-08", "2019-11-08", "day"),  # "plan to" the verb: future
    ("last week", FRIDAY, "2019-W43", "2019-10", "month"),  # a week is widened to its month
    ("earlier this month", FRIDAY, "2019-11", "2019-11", "month"),
    ("two years ago", FRIDAY, "2017", "2017", "year"),
    ("next month", FRIDAY, "2019-12", "2019-12", "month"),
    ("this year", FRIDAY, "2019", "2019", "year"),
    ("in March", FRIDAY, "2019-03", "2019-03", "month"),  # a month alone: the last one
    ("It is due in March.", FRIDAY, "2020-03", "2020-03", "month"),  # or the next one in a future sentence
    ("last April", FRIDAY, "2019-04", "2019-04", "month"),
    ("the third quarter", FRIDAY, "2019-Q3", "2019", "quarter"),
    ("this summer", FRIDAY, "2019-SU", "2019", "season"),
    ("over the weekend", MONDAY, "2019-W44-WE", "2019-11", "month"),
])
def test_relative_dates(text, dct, value, edtf, precision):
    t = only(text, dct)
    assert (t.value, t.edtf, t.precision) == (value, edtf, precision)


def test_relative_dates_without_reference_date_get_no_calendar_date():
    for text in ("yesterday", "last week", "on Friday", "two years ago", "next month", "this year", "in March"):
        t = only(text, None)
        assert t.edtf is None and t.first_day is None and t.precision is None, t
        assert "X" in t.value


def test_anchored_expressions_count_from_the_date_before():
    found = find_timexes("The talks opened on March 3, 2015. The following day the minister left.", FRIDAY)
    assert [(t.text, t.value) for t in found] == [("March 3, 2015", "2015-03-03"), ("The following day", "2015-03-04")]


@pytest.mark.parametrize(("text", "parts"), [
    ("2019–2020", [("2019", "2019"), ("2020", "2020")]),
    ("the 1992-94 war", [("1992", "1992"), ("94", "1994")]),
    ("between 1992 and 1994", [("1992", "1992"), ("1994", "1994")]),
    ("from 7 to 10 May 2019", [("7", "2019-05-07"), ("10 May 2019", "2019-05-10")]),
    ("from May 7 to 10, 2019", [("May 7", "2019-05-07"), ("10, 2019", "2019-05-10")]),
    ("March-April 2019", [("March", "2019-03"), ("April 2019", "2019-04")]),
])
def test_ranges_give_both_ends(text, parts):
    assert [(t.text, t.value) for t in find_timexes(text, FRIDAY)] == parts


@pytest.mark.parametrize("text", [
    "2,000 troops", "1,000 km", "5.6 percent", "in 1000s", "2000 troops arrived", "page 12 and page 2019",
    "No. 1990", "it cost $2019", "Call +92 51 1234567", "call (202) 555-2019", "0300-1234567",
    "Theresa May said", "Mrs. May met them", "You may go", "prices fall", "the fall of Saigon", "the Arab Spring",
    "a 6-year-old boy", "three-quarters of the vote",
])
def test_counts_amounts_labels_and_names_are_not_dates(text):
    assert find_timexes(text, FRIDAY) == []


def test_a_time_of_day_alone_is_not_a_date():
    for text in ("at 13:17", "at 10 a.m.", "at noon"):
        assert all(t.type != "DATE" and t.edtf is None for t in find_timexes(text, FRIDAY)), text


@pytest.mark.parametrize(("line", "span", "value", "edtf"), [
    ("Decemebr 26, 2020 ", "Decemebr 26, 2020", "2020-12-26", "2020-12-26"),
    (" date 2020-03-04", "2020-03-04", "2020-03-04", "2020-03-04"),
    ("Islamabad, 13 April 2023 (TDI):", "13 April 2023", "2023-04-13", "2023-04-13"),
    ("12 May 2025 13:17 (UTC+04:00)", "12 May 2025 13:17 (UTC+04:00)", "2025-05-12T13:17", "2025-05-12"),
    ("2020-03-04T09:30:00Z", "2020-03-04T09:30:00Z", "2020-03-04T09:30", "2020-03-04"),
])
def test_publication_date_header_lines(line, span, value, edtf):
    t = only(line, None)
    assert (t.text, t.value, t.edtf, t.precision) == (span, value, edtf, "day")


@pytest.mark.parametrize(("text", "edtf", "mod"), [
    ("early 2021", "2021~", "START"),
    ("around 2019", "2019~", "APPROX"),
    ("mid-May", "2019-05~", "MID"),
    ("late November", "2019-11~", "END"),
    ("the end of the year", "2019~", "END"),
])
def test_approximate_dates(text, edtf, mod):
    t = only(text)
    assert (t.text, t.edtf, t.mod) == (text, edtf, mod)


@pytest.mark.parametrize(("text", "value", "edtf", "precision", "first", "last"), [
    ("the 1990s", "199", "1990", "decade", "1990-01-01", "1999-12-31"),
    ("the 20th century", "19", "1900", "century", "1900-01-01", "1999-12-31"),
    ("Q1 2013", "2013-Q1", "2013", "quarter", "2013-01-01", "2013-03-31"),
    ("winter 2013", "2013-WI", "2013", "season", "2012-12-01", "2013-02-28"),
    ("the second half of 2012", "2012-H2", "2012", "year", "2012-01-01", "2012-12-31"),
])
def test_coarse_dates_map_to_the_dataset_notation(text, value, edtf, precision, first, last):
    t = only(text)
    assert (t.value, t.edtf, t.precision, str(t.first_day), str(t.last_day)) == (value, edtf, precision, first, last)


@pytest.mark.parametrize(("text", "type_", "value"), [
    ("for three years", "DURATION", "P3Y"),
    ("the past two months", "DURATION", "P2M"),
    ("a two-year term", "DURATION", "P2Y"),
    ("2 1/2 years", "DURATION", "P2Y6M"),
    ("several weeks", "DURATION", "PXW"),
    ("more than four hours", "DURATION", "PT4H"),
    ("every week", "SET", "P1W"),
    ("daily", "SET", "P1D"),
    ("every Monday", "SET", "XXXX-WXX-1"),
    ("now", "DATE", "PRESENT_REF"),
    ("recently", "DATE", "PAST_REF"),
    ("in the future", "DATE", "FUTURE_REF"),
])
def test_durations_sets_and_reference_words_have_no_calendar_date(text, type_, value):
    t = only(text)
    assert (t.type, t.value, t.edtf, t.precision) == (type_, value, None, None)


def test_holidays():
    assert only("on Christmas Day", FRIDAY).value == "2019-12-25"
    assert only("Thanksgiving 2013").value == "2013-11-28"
    assert only("Easter 2019").value == "2019-04-21"


def test_results_are_sorted_non_overlapping_and_match_the_text():
    text = "On Friday, Oct. 25, 2019, two years ago and in 2017, the army said troops left last week; now they return."
    found = find_timexes(text, FRIDAY)
    assert len(found) >= 5
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
    for t in found:
        assert text[t.start:t.end] == t.text


def test_importing_the_package_does_not_load_the_rules():
    import subprocess
    import sys

    code = "import sys, bilateral.dates; print('dateparser' in sys.modules, 'bilateral.dates.patterns' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
