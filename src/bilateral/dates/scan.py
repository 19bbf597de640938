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
scan the whole text (none does), and so does every rule whose anchors a text of at most ``WHOLE_TEXT``
characters holds: working out windows costs more than scanning a line. tests/dates/test_dates_scan.py
checks the equality against ``re``, for both.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, partial
from itertools import accumulate
from re import _parser

from bilateral.dates import factors as factor_analysis
from bilateral.dates.factors import Factors, Memo
from bilateral.dates import reach

# Words, and a split around runs of letters; keyed by text.isascii(): the ASCII classes find the same in
# ASCII text, faster.
TOKEN = {False: re.compile(r"\w+"), True: re.compile(r"\w+", re.ASCII)}
LETTER_RUN_SPLIT = {False: re.compile(r"([^\W\d_]+)"), True: re.compile(r"([A-Za-z]+)")}
WHOLE_TEXT = 200  # characters: a text this short is scanned whole by every rule whose words it holds


def _made_up(concatenation: re.Pattern, run: str) -> bool:
    """Whether a rule's literal words make up the whole run of letters (a non-ASCII run may hold case variants: yes)."""
    return not run.isascii() or concatenation.fullmatch(run.lower()) is not None


@dataclass(frozen=True, eq=False)
class Plan:
    # Each option: (factor set number in the plan's Factors table, k_before). Factors are "L:regex" (letters, matched in a
    # lower-cased word) or "D:regex" (digits); every match holds a text part one of them matches, after at
    # most k_before costly characters. No options: the rule scans the whole text.
    options: tuple
    k: float  # the most costly characters any attempt consumes
    free: str  # the character class of free characters
    # The letters a rule reads come from its literal words and from at most ``wild`` runs read by letter
    # classes: then any attempt ends within the (wild + 1)-th run of letters that is not a concatenation
    # of such words. None: the rule reads letters otherwise.
    wild: int | None = None
    vocabulary: Memo | None = None  # run of letters -> whether the rule's literal words make it up whole
    # The whole regex is one run of letters with no \\b, or of digits: it matches exactly where a word
    # holds this factor set (its number), so a search needs no regex. None: not so.
    pure: int | None = None
    word_start: bool = False  # a match never starts inside a run of letters
    # For a rule whose factors are all common (short numbers, "s$"): a regex that finds rarer anchors by
    # scanning the text ("'80", "/12", "0s"), and the most costly characters before it. None: not so.
    text: tuple | None = None


def plan(regex: re.Pattern, table: Factors) -> Plan:
    """How to scan for ``regex``: its factor sets, numbered in ``table`` (shared by all the plans a
    scanner is used with)."""
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
    vocabulary = None
    if wild != math.inf:
        concatenation = re.compile("(?:" + "|".join(sorted(pieces, key=len, reverse=True)) + ")*")
        vocabulary = Memo(partial(_made_up, concatenation), 200_000)
    whole = reach.seq_letters(tree.data)
    digits = reach.digits(*tree.data[0]) if len(tree.data) == 1 else None
    pure = None
    if whole is not None and all(w and "|" not in w for w in whole):
        pure = table.add(frozenset("L:" + w for w in whole))
    elif digits is not None:
        pure = table.add(frozenset(["D:" + digits]))
    text = None
    if options and all(factor_analysis.weak(factors) for factors, _ in options):
        text = factor_analysis.text_factor(tree.data, kinds, regex.flags)
    return Plan(tuple((table.add(factors), k_before) for factors, k_before in options), int(k), reach.free_class(kinds),
                wild=None if wild == math.inf else int(wild), vocabulary=vocabulary, pure=pure, word_start=reach.word_start(tree.data), text=text)


# --- per text -------------------------------------------------------------------------------------

@cache
def _reach(free: str, n: int) -> re.Pattern:
    """Matches up to and including the n-th costly (not free) character."""
    return re.compile(f"(?:{free}*+[\\s\\S]){{{n}}}")


class Scanner:
    """One text: its anchors, the windows of each rule, and the rules' matches in them."""

    def __init__(self, text: str, table: Factors):
        self.text = text
        self.table = table  # the factor sets of every plan this scanner is used with
        self._words: dict[int, list[str]] | None = None  # factor set -> the words of the text that hold it
        self._anchors: dict[int, list[tuple[int, int]]] = {}
        self._reversed: str | None = None
        self._letter_runs: tuple | None = None

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
        if self._words is None:
            self._words = words = {}
            held = self.table.held
            for word in set(TOKEN[self.text.isascii()].findall(self.text)):
                for i in held[word]:
                    if i in words:
                        words[i].append(word)
                    else:
                        words[i] = [word]
        return self._words

    def windows(self, rule: Plan) -> list[tuple[int, int, int]]:
        """(lo, hi, endpos): every match starts in some [lo, hi), and no attempt from there reads past endpos."""
        size = len(self.text)
        if not rule.options:
            return [(0, size, size)]
        chosen = self._choose(rule, self.present())
        if chosen is None:
            return []
        if size <= WHOLE_TEXT:  # a line or a headline: working out windows costs more than scanning it all
            return [(0, size, size)]
        if rule.text is not None:  # the text's signs are rarer anchors than its numbers
            regex, k_before = rule.text
            spans = [m.span() for m in regex.finditer(self.text)]  # a match hidden by an overlapping one starts inside it
        else:
            factors, k_before = chosen
            spans = self.anchors(factors)
        return self._merged(spans, *self._bounds(rule, int(k_before)))

    @staticmethod
    def _choose(rule: Plan, present: dict[int, list[str]]) -> tuple | None:
        """The option to anchor on: every option must hold (else None), then the one with the fewest words."""
        best, least = None, math.inf
        for option in rule.options:
            words = present.get(option[0])
            if words is None:
                return None
            if (cost := len(words) * (option[1] + rule.k + 2)) < least:
                best, least = option, cost
        return best

    def _bounds(self, rule: Plan, k_before: int) -> tuple:
        """Where a match that holds an anchor at a position may start (at or after), and where an attempt that
        starts before a position stops reading (at the latest). By words for rules whose letters all come from
        their words, the tighter bound; else by costly characters."""
        if rule.wild is None:
            return partial(self._before, rule.free, k_before + 1), partial(self._after, rule.free, rule.k + 1)
        runs = self._runs()
        before = partial(_start_after, runs, rule.vocabulary, rule.wild) if rule.word_start else \
            partial(self._before, rule.free, k_before + 1)
        return before, partial(_stop_after, runs, rule.vocabulary, rule.wild, rule.word_start, len(self.text))

    @staticmethod
    def _merged(spans, before, after) -> list[tuple[int, int, int]]:
        """One window per anchor, from ``before(start)`` to ``after(stop)``, overlapping ones merged."""
        windows = []
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
                windows.append((lo, hi, end))
            else:
                new_lo = before(start)
            lo, hi, end = new_lo, stop, None
        if hi >= 0:
            windows.append((lo, hi, end or after(hi)))
        return windows

    def search(self, regex: re.Pattern, rule: Plan) -> bool:
        """Whether regex.search(text) finds anything."""
        if rule.pure is not None:  # an ASCII word that holds the factor is a match; a non-ASCII one may only seem to
            words = self.present().get(rule.pure, ())
            if any(word.isascii() for word in words) or not words:
                return bool(words)
        return next(self.finditer(regex, self.windows(rule)), None) is not None

    def finditer(self, regex: re.Pattern, windows: list[tuple[int, int, int]]):
        """The matches of regex.finditer(text), given the regex's windows."""
        resume = 0
        for lo, hi, end in windows:
            for m in regex.finditer(self.text, max(lo, resume), end):
                if m.start() >= hi:
                    break
                resume = m.end()
                yield m

    # The bounds by costly characters.

    def _after(self, free: str, n: int, position: int) -> int:
        """One past the n-th costly character from position on (the end of the text if there are fewer)."""
        m = _reach(free, n).match(self.text, position)
        return m.end() if m else len(self.text)

    def _before(self, free: str, n: int, position: int) -> int:
        """One past the n-th costly character counting back from position - 1 (0 if there are fewer)."""
        size = len(self.text)
        if self._reversed is None:
            self._reversed = self.text[::-1]
        m = _reach(free, n).match(self._reversed, size - position)
        return size - m.end() + 1 if m else 0

    def _runs(self) -> tuple[list[int], list[int], list[str]]:
        """Starts, ends and words of the runs of letters of the text."""
        if self._letter_runs is None:
            pieces = LETTER_RUN_SPLIT[self.text.isascii()].split(self.text)  # gap, run, gap, run, ..., gap
            bounds = list(accumulate(map(len, pieces)))  # start of run 1, its end, start of run 2, ...
            self._letter_runs = bounds[:-1:2], bounds[1::2], pieces[1::2]
        return self._letter_runs


# The bounds by words, for rules that read letters only as their literal words and ``wild`` runs.

def _start_after(runs: tuple, whole: Memo, wild: int, position: int) -> int:
    """For a rule whose matches start at a word start: the end of the (wild + 1)-th last run of letters before
    position that the rule cannot read whole (0 if none). A match that holds position starts after it."""
    _starts, ends, words = runs
    for i in range(bisect_right(ends, position) - 1, -1, -1):
        if not whole[words[i]]:
            if not wild:
                return ends[i]
            wild -= 1
    return 0


def _stop_after(runs: tuple, whole: Memo, wild: int, word_start: bool, size: int, position: int) -> int:
    """The end of the (wild + 1)-th run of letters from position on that the rule cannot read whole (the text's
    size if none): an attempt that started before position cannot read past it, as it would have to read all
    those runs whole. A run holding position counts when matches start at a word start (such an attempt reads
    it from its start)."""
    starts, ends, words = runs
    for i in range(bisect_right(ends, position) if word_start else bisect_left(starts, position), len(ends)):
        if not whole[words[i]]:
            if not wild:
                return ends[i]
            wild -= 1
    return size
