"""What every match of a rule must hold: its *factors*, read off the rule's parse tree.

A factor is a run of ASCII letters (matched in a lower-cased word: "L:quarter", "L:^mar$" for the
whole word "Mar") or of digits ("D:1\\d\\d\\d"). ``options`` lists the ways to say it for a sequence
of nodes (every match of "last week" holds "last" and holds "week"), each with the most costly
characters a match consumes before the factor it holds; the scanner picks, text by text, the option
with the fewest words. ``^`` and ``$`` come from ``\\b`` or non-word characters around a run.

For rules whose factors are common (a number of one or two digits), ``text_factor`` gives a regex to
scan the text for instead ("'" and two digits). A ``Factors`` table numbers every factor set of the
rules and remembers, across texts, which sets each word holds; the finder builds one with all its
plans (``finder._plans``) and freezes it before the first text.
"""
from __future__ import annotations

import re
from re import _constants as C  # noqa: N812

from bilateral.dates.reach import REPEATS, cost, digits, is_digit, letters, non_word_char, product


# Rough information of a letter in English text, in bits: a factor of rare letters makes few anchors.
LETTER_BITS = dict(zip("etaoinshrdlcumwfgypbvkjxqz", (3.1, 3.4, 3.6, 3.7, 3.8, 3.8, 4.0, 4.0, 4.1, 4.6, 5.0, 5.4, 5.5, 5.4,
                                                      5.7, 5.5, 5.9, 6.0, 6.0, 6.6, 7.0, 7.8, 9.7, 9.5, 10.2, 10.6)))


def _quality(factors: frozenset[str]) -> float:
    """How rare the factors are in text (higher is rarer); the commonest factor of the set counts."""
    def one(factor: str) -> float:
        kind, body = factor[0], factor[2:]
        if kind == "L":
            return sum(LETTER_BITS.get(c, 3.0) for c in body) - 2.3
        pieces = re.findall(r"\[[^]]*\]|\\d|.", body)
        return 1.7 + sum(3.3 if p.isdigit() else 0 if p == "\\d" else 1.0 for p in pieces)
    return min(one(f) for f in factors)


def weak(factors: frozenset[str]) -> bool:
    """Factors that many words of news hold: numbers of one or two digits, a letter or two."""
    return any(len(re.findall(r"\[[^]]*\]|\\d|.", f[2:])) < 3 if f[0] == "D" else _quality(frozenset([f])) < 6
               for f in factors)


Option = tuple[frozenset, float]  # factors, and the most costly characters a match consumes before the one it holds


def _best(options: list[Option]) -> Option | None:
    return max(options, key=lambda o: _quality(o[0]), default=None)


def _nested(op, av, kinds: set, groups: dict, left: bool, right: bool) -> Option | None:
    """The best option of a node that is not a single character."""
    if op is C.SUBPATTERN:
        return _best(options(av[3], kinds, groups, left, right))
    if op is C.ATOMIC_GROUP:
        return _best(options(av, kinds, groups, left, right))
    if op in REPEATS and av[0] >= 1:  # held by the first repetition
        return _best(options(av[2], kinds, groups, left, right and av[1] == 1))
    if op is C.BRANCH:
        parts = [_best(options(branch, kinds, groups, left, right)) for branch in av[1]]
        if any(p is None for p in parts):
            return None
        return frozenset().union(*(p[0] for p in parts)), max(p[1] for p in parts)
    return None


def options(seq, kinds: set, groups: dict, left: bool = False, right: bool = False) -> list[Option]:
    """Every way to say what a match of seq must hold: a run of letters or digits, or a nested option.

    ``left``: what comes before seq ends with a non-word character; ``right``: what follows starts with
    one. A letter run between non-word characters is a whole word: "^mar$" does not match "market".
    """
    options: list[Option] = []
    run_kind, run, run_before, run_left, before, state = None, None, 0.0, False, 0.0, left

    def flush(index: int):
        if run_kind == "L" and run and all(w.strip("|") for w in run):
            after = _starts_non_word(seq[index:], right)
            options.append((frozenset("L:" + ("^" if run_left or w[0] == "|" else "") + w.strip("|")
                                      + ("$" if after or w[-1] == "|" else "") for w in run), run_before))
        elif run_kind == "D" and run:
            options.append((frozenset(["D:" + run]), run_before))

    for index, (op, av) in enumerate(seq):
        language = letters(op, av)
        digit = None if language is not None else digits(op, av)
        if language is not None and run_kind == "L" and product(run, language) is not None:
            run = product(run, language)
        elif digit is not None and run_kind == "D":
            run += digit
        else:
            flush(index)
            run_kind, run = ("L", language) if language is not None else ("D", digit) if digit else (None, None)
            run_before, run_left = before, state
            if run_kind is None and (inner := _nested(op, av, kinds, groups, state, _starts_non_word(seq[index + 1:], right))):
                options.append((inner[0], before + inner[1]))
        before += cost([(op, av)], kinds, groups)
        state = _ends_non_word([(op, av)], state)
    flush(len(seq))
    return options


def _ends_non_word(seq, state: bool) -> bool:
    """Whether the text before a point ends with a non-word character, after seq, given ``state`` before it."""
    for op, av in seq:
        single = non_word_char(op, av)
        if single is not None:
            state = single
        elif op in REPEATS:
            present = _ends_non_word(av[2], False)
            state = present if av[0] >= 1 else state and present
        elif op is C.SUBPATTERN:
            state = _ends_non_word(av[3], state)
        elif op is C.ATOMIC_GROUP:
            state = _ends_non_word(av, state)
        elif op is C.BRANCH:
            state = all(_ends_non_word(branch, state) for branch in av[1])
        elif op is C.AT:
            state = state or av is C.AT_BOUNDARY  # \b before a letter: a non-word character before it
        elif op in (C.ASSERT, C.ASSERT_NOT):
            continue  # zero-width
        else:
            state = False
    return state


def _starts_non_word(seq, right: bool) -> bool:
    """Whether what seq (then what follows it, ``right``) matches begins with a non-word character or the end."""
    for index, (op, av) in enumerate(seq):
        single = non_word_char(op, av)
        if single is not None:
            return single
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            if op is C.AT and av is C.AT_BOUNDARY:
                return True  # \b after a letter: a non-word character (or the end) next
            if op is C.ASSERT_NOT and av[0] > 0:  # (?![\w-]...): no word character next
                data = av[1].data
                branches = data[0][1][1] if len(data) == 1 and data[0][0] is C.BRANCH else [data]
                if any(len(b) == 1 and b[0][0] is C.IN and (C.CATEGORY, C.CATEGORY_WORD) in b[0][1] for b in branches):
                    return True
            continue  # zero-width
        rest = _starts_non_word(seq[index + 1:], right)
        if op in REPEATS:
            # The first repetition starts it (an item that may be empty: do not guess); or, if optional, what follows.
            return _starts_non_word(av[2], False) if av[0] >= 1 else rest and _starts_non_word(av[2], rest)
        if op is C.SUBPATTERN:
            return _starts_non_word(av[3], rest)
        if op is C.ATOMIC_GROUP:
            return _starts_non_word(av, rest)
        if op is C.BRANCH:
            return all(_starts_non_word(branch, rest) for branch in av[1])
        return False
    return right


# --- a factor in the text itself, for rules whose words are only digits ---------------------------

CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
              C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}
AT_CODES = {C.AT_BOUNDARY: r"\b", C.AT_NON_BOUNDARY: r"\B", C.AT_BEGINNING_STRING: r"\A", C.AT_END_STRING: r"\Z"}


def unparse(seq) -> str:
    """Regex source for parsed nodes (groups made non-capturing); KeyError for what it does not know."""
    out = []
    for op, av in seq:
        if op is C.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is C.IN:
            items = {C.NEGATE: lambda _: "^", C.LITERAL: lambda i: re.escape(chr(i)),
                     C.RANGE: lambda i: re.escape(chr(i[0])) + "-" + re.escape(chr(i[1])), C.CATEGORY: CATEGORIES.__getitem__}
            out.append("[" + "".join(items[o](i) for o, i in av) + "]")
        elif op is C.SUBPATTERN:
            out.append("(?:" + unparse(av[3]) + ")")
        elif op is C.BRANCH:
            out.append("(?:" + "|".join(unparse(b) for b in av[1]) + ")")
        elif op in REPEATS:
            low, high = av[0], "" if av[1] == C.MAXREPEAT else av[1]
            out.append("(?:" + unparse(av[2]) + ")" + f"{{{low},{high}}}" + {C.MIN_REPEAT: "?", C.POSSESSIVE_REPEAT: "+"}.get(op, ""))
        elif op is C.AT:
            out.append(AT_CODES[av])
        elif op in (C.ASSERT, C.ASSERT_NOT):
            out.append("(?" + ("<" if av[0] < 0 else "") + ("=" if op is C.ASSERT else "!") + unparse(av[1]) + ")")
        else:
            raise KeyError(op)
    return "".join(out)


def _first_chars(op, av) -> set | None:
    """The kinds of the first character the node consumes ("digit", "sign"), or None: may be a letter,
    a space or nothing."""
    if op is C.LITERAL:
        c = chr(av)
        return None if c.isalpha() or c.isspace() or c == "_" else {"digit" if c.isdigit() else "sign"}
    if op is C.IN:
        kinds = set()
        for o, i in av:
            if o is C.LITERAL and not (chr(i).isalpha() or chr(i).isspace() or chr(i) == "_"):
                kinds.add("digit" if chr(i).isdigit() else "sign")
            elif (o is C.RANGE and all(map(is_digit, i))) or (o is C.CATEGORY and i is C.CATEGORY_DIGIT):
                kinds.add("digit")
            else:
                return None
        return kinds or None
    if op is C.SUBPATTERN:
        return _first_chars(*av[3][0]) if av[3] else None
    if op is C.BRANCH:
        parts = [_first_chars(*b[0]) if b else None for b in av[1]]
        return None if any(p is None for p in parts) else set().union(*parts)
    if op in REPEATS:
        return _first_chars(*av[2][0]) if av[0] >= 1 and av[2] else None
    return None


def text_factor(seq, kinds: set, flags: int) -> tuple[re.Pattern, float] | None:
    """A regex every match holds a match of, starting where the rule wants a sign ("'80", "/12", "0s"),
    to find by scanning the text: rarer than the numbers a rule of digits holds. And the most costly
    characters a match consumes before it."""
    before = 0.0
    for index, (op, av) in enumerate(seq):
        if "sign" in (_first_chars(op, av) or ()):
            stop = next((j for j in range(index, len(seq)) if seq[j][0] in (C.GROUPREF, C.GROUPREF_EXISTS)), len(seq))
            try:
                source = unparse(seq[index:stop])
            except KeyError:
                return None
            regex = re.compile(source, flags & ~re.VERBOSE)
            return regex, before
        before += cost([(op, av)], kinds, {})
    return None


# --- which words of the texts hold which factors ---------------------------------------------------

class Factors:
    """Every factor set of the rules, and ``held``: word -> the numbers of the sets the word holds a factor of
    (filled as texts show new words, and kept across texts). Frozen once every plan is made: what a
    scanner learnt of a text's words stays true."""

    def __init__(self):
        self.frozen = False
        self.sets: list[frozenset] = []
        self.index: dict[frozenset, int] = {}
        self.letters: list[re.Pattern | None] = []
        self.digits: list[re.Pattern | None] = []
        self.held = Memo(self.of, 500_000)
        self._any: re.Pattern | None = None

    def add(self, factors: frozenset) -> int:
        if factors not in self.index:
            if self.frozen:
                raise RuntimeError("a plan made after the factor table was frozen: make every plan first")
            self.index[factors] = len(self.sets)
            self.sets.append(factors)
            letters = [f[2:] for f in factors if f[0] == "L"]
            digits = [f[2:] for f in factors if f[0] == "D"]
            self.letters.append(re.compile("|".join(letters)) if letters else None)
            self.digits.append(re.compile("|".join(digits)) if digits else None)
            self.held.clear()
            self._any = None
        return self.index[factors]

    def of(self, word: str) -> tuple[int, ...]:
        """The factor sets a word (a run of \\w) holds a factor of."""
        if self._any is None:  # one search tells most words apart: those that hold no factor at all
            self._any = re.compile("|".join(r.pattern for r in self.letters + self.digits if r is not None) or r"[^\s\S]")
        lower = word.lower()
        unsure = not word.isascii()  # a non-ASCII word may hold a case variant ("ſ" for "s"): count it in
        if not unsure and not self._any.search(lower):
            return ()
        return tuple(i for i, (letters, digits) in enumerate(zip(self.letters, self.digits, strict=True))
                     if (letters and (unsure or letters.search(lower))) or (digits and digits.search(word)))


class Memo(dict):
    """key -> function(key), computed on first use and kept across texts (news repeats its words); emptied
    when it passes ``limit`` keys."""

    def __init__(self, function, limit: int):
        super().__init__()
        self._function, self._limit = function, limit

    def __missing__(self, key):
        if len(self) > self._limit:
            self.clear()
        value = self[key] = self._function(key)
        return value

