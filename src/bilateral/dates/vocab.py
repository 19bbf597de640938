"""The words of temporal expressions, read once from ``vocab.yaml`` (its format is documented there)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from bilateral import triepattern


@dataclass(frozen=True)
class Vocabulary:
    months: dict[str, int]  # form -> month number
    verb_like_months: frozenset[str]
    foreign_month_languages: tuple[str, ...]
    weekdays: dict[str, int]  # form -> ISO weekday
    seasons: dict[str, str]  # form -> SP/SU/FA/WI
    parts_of_day: dict[str, str]  # form -> MO/AF/EV/NI
    number_words: dict[str, int]
    vague_quantities: frozenset[str]
    units: dict[str, str]  # singular form -> TIMEX3 unit code
    reference_words: dict[str, str]  # phrase -> PRESENT_REF / PAST_REF / FUTURE_REF
    sets: dict[str, str]  # phrase -> SET value
    holidays: dict[str, dict]
    count_nouns: frozenset[str]
    number_prefixes: frozenset[str]


def _invert(mapping: dict) -> dict:
    return {str(form): key for key, forms in mapping.items() for form in forms}


@cache
def vocabulary() -> Vocabulary:
    raw = yaml.safe_load(resources.files("bilateral.dates").joinpath("vocab.yaml").read_text(encoding="utf-8"))
    return Vocabulary(
        months={form: int(n) for form, n in _invert(raw["months"]).items()},
        verb_like_months=frozenset(raw["verb_like_months"]),
        foreign_month_languages=tuple(raw["foreign_month_languages"]),
        weekdays={form: int(n) for form, n in _invert(raw["weekdays"]).items()},
        seasons=_invert(raw["seasons"]),
        parts_of_day=_invert(raw["parts_of_day"]),
        number_words={str(k): int(v) for k, v in raw["number_words"].items()},
        vague_quantities=frozenset(raw["vague_quantities"]),
        units=_invert(raw["units"]),
        reference_words=_invert(raw["reference_words"]),
        sets={str(k): str(v) for k, v in raw["sets"].items()},
        holidays={str(k): v for k, v in raw["holidays"].items()},
        count_nouns=frozenset(str(w) for w in raw["count_nouns"]),
        number_prefixes=frozenset(str(w) for w in raw["number_prefixes"]),
    )


def alternation(forms) -> str:
    """A regex alternation of phrases that prefers the longest, as a trie (``bilateral.triepattern``); a space
    in a phrase stands for any run of whitespace. Branches keep the phrases' order."""
    return "(?:" + triepattern.alternation(forms, render=_render, ordered=False) + ")"


def _render(char: str) -> str:
    return r"\s+" if char == " " else re.escape(char)


def _damerau_within_one(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or swap of neighbours."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@cache
def _foreign_months() -> dict[str, int]:
    """Month names of the configured languages, taken from dateparser's locale data (imported only when needed)."""
    from importlib import import_module  # noqa: PLC0415

    names = ("january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december")
    found: dict[str, int] = {}
    for language in vocabulary().foreign_month_languages:
        info = import_module(f"dateparser.data.date_translation_data.{language}").info
        for number, name in enumerate(names, 1):
            for form in info.get(name, []):
                found.setdefault(form.lower().rstrip("."), number)
    return found


@cache
def month_number(word: str, fuzzy: bool = False) -> int | None:
    """The month a word names; with ``fuzzy``, also misspellings of English names and other languages' names.

    Fuzzy reading is for words that stand next to a day and a year, where a near-miss of a
    month name cannot be anything else.
    """
    form = word.lower().rstrip(".")
    vocab = vocabulary()
    if form in vocab.months:
        return vocab.months[form]
    if not fuzzy:
        return None
    if len(form) >= 5:
        full_names = [f for f in vocab.months if len(f) >= 5]
        close = {vocab.months[f] for f in full_names if _damerau_within_one(form, f)}
        if len(close) == 1:
            return close.pop()
    return _foreign_months().get(form)


def number_value(phrase: str) -> int | float | None:
    """The number a quantity phrase says: '12', 'twenty-four', 'a couple of', '2 1/2'; None if not a number."""
    vocab = vocabulary()
    text = re.sub(r"\s+", " ", phrase.lower().strip())
    if text in vocab.number_words:
        return vocab.number_words[text]
    if re.fullmatch(r"\d+", text):
        return int(text)
    if m := re.fullmatch(r"(\d+)(?:\.(\d+)| (1)/(2))", text):
        return float(f"{m[1]}.{m[2] or 5}")
    parts = re.split(r"[ -]", text)
    if len(parts) == 2 and parts[0] in vocab.number_words and parts[1] in vocab.number_words:
        tens, units = vocab.number_words[parts[0]], vocab.number_words[parts[1]]
        if tens % 10 == 0 and tens >= 20 and units < 10:
            return tens + units
        if units == 100:
            return tens * 100
    return None
