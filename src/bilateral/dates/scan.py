"""Run a rule's regex only in the stretches of a text where it can match, with exactly the matches of
``regex.finditer(text)``.

Scanning every text with each of ~36 rules made the finder slow: Python's ``re`` tries a rule's big
alternations at every word start. But every match holds some word or digits ("quarter", a month name,
four digits starting 1 or 20): ``plan`` reads these *factors* off the compiled rule itself (factors.py),
so they follow vocab.yaml with no list to keep in step. A text is cut into words once; the words that
hold a factor are the anchors, and a rule runs only in windows around its anchors, with ``pos`` and
``endpos``. A rule with no anchor in a text has no match there and costs nothing.

Why the windows are exact. ``endpos`` makes the engine see the end of the text there, so a window must
end where no attempt that starts in it could read. reach.py bounds the reading of a rule two ways:
* by costly characters: every unbounded repeat repeats *free* characters (whitespace, hyphens, digits),
  so an attempt consumes at most ``k`` others;
* by words: the letters most rules read come only from their literal words (plus ``wild`` runs read by
  a letter class), so an attempt stops inside the first run of letters that is not made of such words
  ("said", "the" are not; "last", "week" are).
Either way a match that holds an anchor starts after a point found by counting back from it, and an
attempt that starts before the anchor's end stops before a point found by counting forward. ``pos``
keeps the text before it visible to lookbehinds and ``\\b``. A rule the analysis cannot bound would
scan the whole text (none does). tests/dates/test_dates_scan.py checks the equality against ``re``.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from re import _parser

from bilateral.dates import factors as factor_analysis
from bilateral.dates.factors import FACTORS
from bilateral.dates import reach

TOKEN = re.compile(r"\w+")
LETTER_RUN = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Plan:
    # Each option: (factor set number in FACTORS, k_before). Factors are "L:regex" (letters, matched in a
    # lower-cased word) or "D:regex" (digits); every match holds a text part one of them matches, after at
    # most k_before costly characters. No options: the rule scans the whole text.
    options: tuple
    k: float  # the most costly characters any attempt consumes
    free: str  # the character class of free characters
    # The letters a rule reads come from its literal words and from at most ``wild`` runs read by letter
    # classes: then any attempt ends within the (wild + 1)-th run of letters that is not a concatenation
    # of such words. None: the rule reads letters otherwise.
    wild: int | None = None
    vocabulary: re.Pattern | None = None  # fullmatch: a run of letters the rule's literal words make up
    # The whole regex is one run of letters with no \\b, or of digits: it matches exactly where a word
    # holds this factor set (its number), so a search needs no regex. None: not so.
    pure: int | None = None
    word_start: bool = False  # a match never starts inside a run of letters
    # For a rule whose factors are all common (short numbers, "s$"): a regex that finds rarer anchors by
    # scanning the text ("'80", "/12", "0s"), and the most costly characters before it. None: not so.
    text: tuple | None = None


def plan(regex: re.Pattern) -> Plan:
    tree = _parser.parse(regex.pattern, regex.flags)
    try:
        kinds: set = set()
        reach.free_kinds(tree.data, kinds)
        k = reach.cost(tree.data, kinds, {})
        options = factor_analysis.options(tree.data, kinds, {})
    except reach.Unbounded:
        return Plan((), math.inf, "")
    if k == math.inf:
        return Plan((), math.inf, "")
    pieces: set = set()
    wild = reach.vocabulary(tree.data, pieces)
    vocabulary = re.compile("(?:" + "|".join(sorted(pieces, key=len, reverse=True)) + ")*") if wild != math.inf else None
    whole = reach.seq_letters(tree.data)
    digits = reach.digits(*tree.data[0]) if len(tree.data) == 1 else None
    pure = None
    if whole is not None and all(w and "|" not in w for w in whole):
        pure = FACTORS.add(frozenset("L:" + w for w in whole))
    elif digits is not None:
        pure = FACTORS.add(frozenset(["D:" + digits]))
    text = None
    if options and all(factor_analysis.weak(factors) for factors, _ in options):
        text = factor_analysis.text_factor(tree.data, kinds, regex.flags)
    return Plan(tuple((FACTORS.add(factors), k_before) for factors, k_before in options), int(k), reach.free_class(kinds),
                wild=None if wild == math.inf else int(wild), vocabulary=vocabulary, pure=pure, word_start=reach.word_start(tree.data), text=text)


# --- per text -------------------------------------------------------------------------------------

_KNOWN: dict[re.Pattern, dict[str, bool]] = {}  # a rule's vocabulary -> word -> whether the rule reads it whole


@cache
def _reach(free: str, n: int) -> re.Pattern:
    """Matches up to and including the n-th costly (not free) character."""
    return re.compile(f"(?:{free}*+[\\s\\S]){{{n}}}")


class Scanner:
    """One text: its anchors, the windows of each rule, and the rules' matches in them."""

    def __init__(self, text: str):
        self.text = text
        self._words: dict[int, list[str]] | None = None  # factor set -> the words of the text that hold it
        self._known = -1  # how many factor sets _words knows of
        self._anchors: dict[int, list[tuple[int, int]]] = {}
        self._windows: dict[tuple, list[tuple[int, int, int]]] = {}
        self._reversed: str | None = None
        self._letter_runs: tuple | None = None
        self._run_starts: list[int] | None = None

    def anchors(self, factors: int) -> list[tuple[int, int]]:
        """Spans of the text that hold every occurrence of factor set number ``factors``, sorted.

        A word is searched as a string, so a span may also lie inside a longer word: an extra anchor, harmless.
        """
        spans = self._anchors.get(factors)
        if spans is None:
            spans, text = [], self.text
            for word in self.present().get(factors, ()):
                i, size = text.find(word), len(word)
                while i >= 0:
                    spans.append((i, i + size))
                    i = text.find(word, i + 1)
            spans.sort()
            self._anchors[factors] = spans
        return spans

    def present(self) -> dict[int, list[str]]:
        """Factor set -> the words of the text that hold it (only sets some word holds)."""
        if self._known != len(FACTORS.sets):  # first call, or a plan made since holds new factor sets
            self._known = len(FACTORS.sets)
            self._words = words = {}
            held, of = FACTORS.held.get, FACTORS.of
            for word in set(TOKEN.findall(self.text)):
                found = held(word)
                for i in of(word) if found is None else found:
                    if i in words:
                        words[i].append(word)
                    else:
                        words[i] = [word]
            self._anchors.clear()
            self._windows.clear()
        return self._words

    def _text_anchors(self, regex: re.Pattern) -> list[tuple[int, int]]:
        """Spans of the matches of a text factor: an occurrence hidden by an overlapping one starts inside it."""
        spans = self._anchors.get(regex)
        if spans is None:
            spans = self._anchors[regex] = [m.span() for m in regex.finditer(self.text)]
        return spans

    def windows(self, rule: Plan) -> list[tuple[int, int, int]]:
        """(lo, hi, endpos): every match starts in some [lo, hi), and no attempt from there reads past endpos."""
        size = len(self.text)
        if not rule.options:
            return [(0, size, size)]
        chosen = self._choose(rule)
        if chosen is None:
            return []
        factors, k_before = chosen
        if rule.text is not None:  # the text's signs are rarer anchors than its numbers
            factors, k_before = rule.text
        # Rules bounded by words share their windows when they share anchors.
        key = (factors, rule.vocabulary, rule.wild, rule.word_start) if rule.wild is not None else (factors, k_before, rule.k, rule.free)
        windows = self._windows.get(key)
        if windows is None:
            spans = self.anchors(factors) if isinstance(factors, int) else self._text_anchors(factors)
            windows = self._windows[key] = list(self._make_windows(rule, spans, int(k_before)))
        return windows

    def _choose(self, rule: Plan) -> tuple | None:
        """The option to anchor on: every option must hold (else None), then the one with the fewest words."""
        present = self.present()
        if not all(f in present for f, _ in rule.options):
            return None
        return min(rule.options, key=lambda o: len(present[o[0]]) * (o[1] + rule.k + 2))

    def _make_windows(self, rule: Plan, spans: list[tuple[int, int]], k_before: int):
        if rule.wild is not None and rule.word_start:
            return self._word_windows(rule, spans)
        if rule.wild is not None:  # the tighter bound, from the words the rule can read
            after = lambda position: self._stop_after(rule, position)  # noqa: E731
        else:
            after = lambda position: self._after(rule.free, rule.k + 1, position)  # noqa: E731
        before = lambda position: self._before(rule.free, k_before + 1, position)  # noqa: E731
        return self._merged(spans, before, after)

    @staticmethod
    def _merged(spans, before, after):
        lo = hi = -1
        end = None  # endpos of the window [lo, hi), once computed
        for start, stop in spans:
            if hi >= 0:
                # Merge when this anchor's window begins inside the current one or within its reach.
                if start >= hi and end is None:
                    end = after(hi)
                if start < hi or start < end or (new_lo := before(start)) <= end:
                    hi, end = max(hi, stop), None
                    continue
                yield lo, hi, end
            else:
                new_lo = before(start)
            lo, hi, end = new_lo, stop, None
        if hi >= 0:
            yield lo, hi, end or after(hi)

    def _word_windows(self, rule: Plan, spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
        """The windows ``_merged`` would make for a rule whose matches start at a word start, bounds written out
        for speed. A match holding an anchor starts after the end of the (wild + 1)-th last run of letters before
        the anchor that the rule cannot read whole, and ends by the like run after it (``_stop_after``)."""
        size = len(self.text)
        ends, words = self._runs()
        count = len(ends)
        vocabulary, known, wild = rule.vocabulary, _KNOWN.setdefault(rule.vocabulary, {}), rule.wild
        windows = []
        lo = hi = end = -1
        for start, stop in spans:
            if start >= end:
                new_lo, left, i = 0, wild, bisect_right(ends, start) - 1
                while i >= 0:
                    if not _readable(vocabulary, known, words[i]):
                        if not left:
                            new_lo = ends[i]
                            break
                        left -= 1
                    i -= 1
                if hi < 0 or new_lo > end:
                    if hi >= 0:
                        windows.append((lo, hi, end))
                    lo, hi = new_lo, -1
            if stop > hi:
                hi = stop
                end, left, i = size, wild, bisect_right(ends, hi)  # _stop_after(rule, hi)
                while i < count:
                    if not _readable(vocabulary, known, words[i]):
                        if not left:
                            end = ends[i]
                            break
                        left -= 1
                    i += 1
        if hi >= 0:
            windows.append((lo, hi, end))
        return windows

    def search(self, regex: re.Pattern, rule: Plan) -> bool:
        """Whether regex.search(text) finds anything (making windows only until it does)."""
        if rule.pure is not None:  # an ASCII word that holds the factor is a match; a non-ASCII one may only seem to
            words = self.present().get(rule.pure, ())
            if any(word.isascii() for word in words) or not words:
                return bool(words)
        chosen = self._choose(rule) if rule.options else None
        if chosen is not None:
            factors, k_before = chosen
            windows = self._make_windows(rule, self.anchors(factors), int(k_before))
        else:
            windows = self.windows(rule)
        return next(self.finditer(regex, windows), None) is not None

    def finditer(self, regex: re.Pattern, windows: list[tuple[int, int, int]]):
        """The matches of regex.finditer(text), given the regex's windows."""
        resume = 0
        for lo, hi, end in windows:
            for m in regex.finditer(self.text, max(lo, resume), end):
                if m.start() >= hi:
                    break
                resume = m.end()
                yield m

    # The bounds. By costly characters: any rule; by words: rules whose letters all come from their words.

    def _after(self, free: str, n: int, position: int) -> int:
        """One past the n-th costly character from position on (the end of the text if there are fewer)."""
        m = _reach(free, n).match(self.text, position)
        return m.end() if m else len(self.text)

    def _before(self, free: str, n: int, position: int) -> int:
        """One past the n-th costly character counting back from position - 1 (0 if there are fewer)."""
        size = len(self.text)
        m = _reach(free, n).match(self._reversed_text(), size - position)
        return size - m.end() + 1 if m else 0

    def _runs(self) -> tuple[list[int], list[str]]:
        """Ends and words of the runs of letters of the text (a run starts at its end less its length)."""
        if self._letter_runs is None:
            self._letter_runs = list(map(re.Match.end, LETTER_RUN.finditer(self.text))), LETTER_RUN.findall(self.text)
        return self._letter_runs

    def _starts(self) -> list[int]:
        """Starts of the runs of letters, computed once per text (``_stop_after`` bisects them per anchor)."""
        if self._run_starts is None:
            ends, words = self._runs()
            self._run_starts = [end - len(word) for end, word in zip(ends, words, strict=True)]
        return self._run_starts

    def _stop_after(self, rule: Plan, position: int) -> int:
        """The end of the (wild + 1)-th run of letters from position on that the rule cannot read whole, a run
        holding position included: an attempt that started before position cannot read past it, as it would
        have to read all those runs whole. (Rules whose matches start at a word start use ``_word_windows``.)"""
        ends, words = self._runs()
        known, left = _KNOWN.setdefault(rule.vocabulary, {}), rule.wild
        i = bisect_left(self._starts(), position)
        while i < len(ends):
            if not _readable(rule.vocabulary, known, words[i]):
                if not left:
                    return ends[i]
                left -= 1
            i += 1
        return len(self.text)

    def _reversed_text(self) -> str:
        if self._reversed is None:
            self._reversed = self.text[::-1]
        return self._reversed


def _readable(vocabulary: re.Pattern, known: dict, word: str) -> bool:
    """Whether the words of a rule make up the whole run (a non-ASCII run may hold case variants: yes)."""
    found = known.get(word)
    if found is None:
        if len(known) > 200_000:
            known.clear()
        found = known[word] = not word.isascii() or vocabulary.fullmatch(word.lower()) is not None
    return found
