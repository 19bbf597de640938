"""What a rule's regex can read, from its parse tree (``re._parser``): the analysis behind scan.py.

* ``free_kinds`` / ``cost``: the characters the rule's unbounded repeats consume (*free*: whitespace,
  hyphens, digits; letters for the quarter's list of adjectives), and the most other (*costly*)
  characters any attempt consumes, lookaheads included.
* ``letters``: the strings of ASCII letters a node matches, when it matches only such strings.
* ``vocabulary``: the letter strings the rule reads with literals, and how many runs of letters it
  reads with letter classes (``[^\\W\\d_]{3,12}`` reads one).
* ``word_start``: whether every match starts at ``\\b`` (or where a lookahead wants a digit or an
  apostrophe), never inside a run of letters.

Every answer errs on the safe side: a construct the analysis does not know makes the rule "unbounded".
"""
from __future__ import annotations

import math
import re
from re import _constants as C  # noqa: N812

REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
LETTERS = r"[^\W\d_]"


class Unbounded(Exception):
    """The rule has a construct the analysis does not bound: scan the whole text."""


def is_letter(code: int) -> bool:
    return chr(code).isascii() and chr(code).isalpha()


def is_digit(code: int) -> bool:
    return 48 <= code <= 57


# --- free characters: what the unbounded repeats consume ----------------------------------------

def _chars(seq, out: set) -> None:
    """Add to out the kinds of character seq can consume: 'space', 'digit', 'letter' or a literal char."""
    for op, av in seq:
        if op is C.LITERAL:
            out.add("letter" if is_letter(av) else chr(av) if not chr(av).isalnum() else _fail())
        elif op is C.IN:
            for item_op, item in av:
                if item_op is C.LITERAL:
                    out.add("letter" if is_letter(item) else "digit" if is_digit(item) else chr(item) if not chr(item).isalnum() else _fail())
                elif item_op is C.RANGE and all(is_letter(c) for c in item):
                    out.add("letter")
                elif item_op is C.RANGE and all(is_digit(c) for c in item):
                    out.add("digit")
                elif item_op is C.CATEGORY and item in (C.CATEGORY_SPACE, C.CATEGORY_UNI_SPACE):
                    out.add("space")
                elif item_op is C.CATEGORY and item in (C.CATEGORY_DIGIT, C.CATEGORY_UNI_DIGIT):
                    out.add("digit")
                else:
                    _fail()
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            _chars(av[2], out)
        elif (inside := _grouped(op, av)) is not None:
            for part in inside:
                _chars(part, out)
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # consumes nothing; a lookahead's reads are counted by cost
        else:
            _fail()


def _fail():
    raise Unbounded


def _grouped(op, av) -> list | None:
    """The sequences a grouping node holds (a group, an atomic group, the branches of an alternation), for
    the walks that visit every one of them alike; None for any other node."""
    if op is C.SUBPATTERN:
        return [av[3]]
    if op is C.ATOMIC_GROUP:
        return [av]
    if op is C.BRANCH:
        return av[1]
    return None


def free_kinds(seq, out: set) -> None:
    for op, av in seq:
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            if av[1] == C.MAXREPEAT:
                _chars(av[2], out)
            else:
                free_kinds(av[2], out)
        elif (inside := _grouped(op, av)) is not None:
            for part in inside:
                free_kinds(part, out)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            free_kinds(av[1], out)


def free_class(kinds: set) -> str:
    parts = {"space": r"\s", "digit": r"\d", "letter": r"^\W\d_"}
    singles = "".join(re.escape(k) for k in sorted(kinds) if k not in parts)
    # letters as a class of their own: [^\W\d_] cannot be combined with other items in one set
    base = "[" + "".join(parts[k] for k in ("space", "digit") if k in kinds) + singles + "]" if kinds - {"letter"} else ""
    return "(?:" + ("|".join(p for p in (base, LETTERS if "letter" in kinds else "") if p) or r"[^\s\S]") + ")"


# --- the costly characters an attempt can consume -------------------------------------------------

def _node_free(op, av, kinds: set) -> bool:
    if op is C.LITERAL:
        return ("letter" in kinds and is_letter(av)) or ("digit" in kinds and is_digit(av)) or chr(av) in kinds
    if op is C.IN:
        return all(_node_free(item_op, item, kinds) if item_op is C.LITERAL else
                   (item_op is C.RANGE and (("letter" in kinds and all(is_letter(c) for c in item))
                                            or ("digit" in kinds and all(is_digit(c) for c in item)))) or
                   (item_op is C.CATEGORY and ((item in (C.CATEGORY_SPACE, C.CATEGORY_UNI_SPACE) and "space" in kinds)
                                               or (item in (C.CATEGORY_DIGIT, C.CATEGORY_UNI_DIGIT) and "digit" in kinds)))
                   for item_op, item in av)
    return False


def cost(seq, kinds: set, groups: dict) -> float:
    total = 0.0
    for op, av in seq:
        if op in (C.LITERAL, C.IN, C.NOT_LITERAL, C.ANY):
            total += 0 if _node_free(op, av, kinds) else 1
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            each = cost(av[2], kinds, groups)
            total += 0 if each == 0 else (math.inf if av[1] == C.MAXREPEAT else av[1] * each)
        elif op is C.SUBPATTERN:
            groups[av[0]] = inner = cost(av[3], kinds, groups)
            total += inner
        elif op is C.ATOMIC_GROUP:
            total += cost(av, kinds, groups)
        elif op is C.BRANCH:
            total += max(cost(branch, kinds, groups) for branch in av[1])
        elif op in (C.ASSERT, C.ASSERT_NOT):
            total += cost(av[1], kinds, groups) if av[0] > 0 else 0  # a lookbehind reads backwards only
        elif op is C.GROUPREF:
            total += groups[av]
        elif op is C.AT:
            continue
        else:
            raise Unbounded
    return total


def digits(op, av) -> str | None:
    """The regex of a fixed number of digits for a node that matches only that, else None."""
    if op in REPEATS and av[0] == av[1] and 0 < av[0] <= 8 and len(av[2]) == 1 and (one := digits(*av[2][0])):
        return one * av[0]
    if op is C.LITERAL and is_digit(av):
        return chr(av)
    if op is C.IN and av and all((o is C.LITERAL and is_digit(i)) or (o is C.RANGE and all(map(is_digit, i)))
                                 or (o is C.CATEGORY and i in (C.CATEGORY_DIGIT, C.CATEGORY_UNI_DIGIT)) for o, i in av):
        if any(o is C.CATEGORY for o, _ in av):
            return r"\d"
        return "[" + "".join(chr(i) if o is C.LITERAL else f"{chr(i[0])}-{chr(i[1])}" for o, i in av) + "]"
    return None


LANGUAGE_CAP = 400  # a letter run with more spellings than this is not worth spelling out
BOUNDARY_INSIDE_WORD = re.compile(r"[a-z]\|+[a-z]")


def product(a: frozenset | None, b: frozenset | None) -> frozenset | None:
    """Concatenations; "|" marks a word boundary (\\b), and a boundary between two letters cannot match."""
    if a is None or b is None or len(a) * len(b) > LANGUAGE_CAP:
        return None
    joined = (x + y for x in a for y in b)
    return frozenset(w.replace("||", "|") for w in joined if not BOUNDARY_INSIDE_WORD.search(w))


def letters(op, av) -> frozenset | None:
    """Every string of ASCII letters (lower-cased) a node can match, when it matches only such strings."""
    if op is C.LITERAL:
        return frozenset([chr(av).lower()]) if is_letter(av) else None
    if op is C.IN:
        return frozenset(chr(i).lower() for _, i in av) if av and all(o is C.LITERAL and is_letter(i) for o, i in av) else None
    if op is C.AT:  # zero-width: letters on both sides are still one run
        return frozenset(["|" if av is C.AT_BOUNDARY else ""])
    if op is C.SUBPATTERN:
        return seq_letters(av[3])
    if op is C.BRANCH:
        parts, size = [], 0
        for branch in av[1]:
            part = seq_letters(branch)
            if part is None or (size := size + len(part)) > LANGUAGE_CAP:
                return None
            parts.append(part)
        return frozenset().union(*parts)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[1] <= 2:
        item, found, power = seq_letters(av[2]), set(), frozenset([""])
        for n in range(av[1] + 1):
            if n >= av[0] and power is not None:
                found |= power
            power = product(power, item)
        return frozenset(found) if power is not None or av[1] == 0 else None
    return None


def seq_letters(seq) -> frozenset | None:
    language = frozenset([""])
    for op, av in seq:
        language = product(language, letters(op, av))
        if language is None:  # stays None: the rest need not be read
            return None
    return language


def non_word_char(op, av) -> bool | None:
    """True: the node consumes one character, never a word character; False: one that may be; None: not one character."""
    if op is C.LITERAL:
        return not (chr(av).isalnum() or chr(av) == "_")
    if op is C.IN:
        return bool(av) and all((o is C.LITERAL and not (chr(i).isalnum() or chr(i) == "_"))
                                or (o is C.CATEGORY and i in (C.CATEGORY_SPACE, C.CATEGORY_UNI_SPACE)) for o, i in av)
    if op in (C.NOT_LITERAL, C.ANY):
        return False
    return None


def _letter_class(op, av) -> bool:
    """A one-character node that matches letters only ([^\\W\\d_], [A-Z]): its repeats stay in one run."""
    if op is not C.IN or not av:
        return False
    if av[0][0] is C.NEGATE:
        return {x for x in av[1:]} >= {(C.CATEGORY, C.CATEGORY_NOT_WORD), (C.CATEGORY, C.CATEGORY_DIGIT)} and \
            all(x in ((C.CATEGORY, C.CATEGORY_NOT_WORD), (C.CATEGORY, C.CATEGORY_DIGIT), (C.LITERAL, 95)) for x in av[1:])
    return all((o is C.LITERAL and is_letter(i)) or (o is C.RANGE and all(map(is_letter, i))) for o, i in av)


def vocabulary(seq, pieces: set, peek: bool = False) -> float:
    """Add to pieces the letter strings seq reads with literals; return how many runs of letters a path
    reads with letter classes (each repeat of one stays in one run); math.inf: cannot say.

    ``peek``: seq is a lookahead, whose last node may read one character of any kind and stop.
    """
    run, wild = None, 0.0

    def flush():
        pieces.update(w.replace("|", "") for w in run or () if w.replace("|", ""))

    for index, (op, av) in enumerate(seq):
        language = letters(op, av)
        if language is not None:
            joined = product(run, language) if run is not None else language
            if joined is None:
                flush()
                joined = language
            run = joined
            continue
        flush()
        run = None
        last = peek and index == len(seq) - 1
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            if op is C.LITERAL and not chr(av).isalpha():
                continue
            if op is C.IN and not any(o is C.NEGATE for o, _ in av) and all(
                    (o is C.LITERAL and (is_letter(i) or not chr(i).isalpha())) or (o is C.RANGE and all(map(is_digit, i)))
                    or (o is C.CATEGORY and i in (C.CATEGORY_SPACE, C.CATEGORY_DIGIT)) for o, i in av):
                # letter literals and non-letters: its letters are one-letter pieces
                pieces.update(chr(i).lower() for o, i in av if o is C.LITERAL and is_letter(i))
                continue
            if last:
                continue  # reads one character and stops
            wild += 1 if op is C.IN and (_letter_class(op, av) or
                                         all(o is C.CATEGORY and i in (C.CATEGORY_WORD, C.CATEGORY_DIGIT) for o, i in av)) else math.inf
        elif op in REPEATS:
            if len(av[2]) == 1 and _letter_class(*av[2][0]):
                wild += 1
            else:
                inner = vocabulary(av[2], pieces)
                wild += 0 if inner == 0 else inner * av[1] if av[1] != C.MAXREPEAT else math.inf
        elif op is C.SUBPATTERN:
            wild += vocabulary(av[3], pieces, last)
        elif op is C.ATOMIC_GROUP:
            wild += vocabulary(av, pieces, last)
        elif op is C.BRANCH:
            wild += max(vocabulary(branch, pieces, last) for branch in av[1])
        elif op in (C.ASSERT, C.ASSERT_NOT):
            wild += vocabulary(av[1].data, pieces, True) if av[0] > 0 else 0
        elif op is not C.AT:
            wild = math.inf
    flush()
    return wild


def word_start(seq) -> bool:
    """Every match starts at \\b, or where a lookahead wants a non-letter (the rules' start guards)."""
    if not seq:
        return False
    op, av = seq[0]
    if op is C.AT:
        return av is C.AT_BOUNDARY
    if op is C.SUBPATTERN:
        return word_start(av[3].data if hasattr(av[3], "data") else av[3])
    if op is C.BRANCH:
        return all(word_start(branch) for branch in av[1])
    if op is C.ASSERT and av[0] < 0:
        return word_start(seq[1:])
    if op is C.ASSERT and av[0] > 0:
        data = av[1].data
        return len(data) >= 1 and non_word_char(*data[0]) is not None and letters(*data[0]) is None and \
            not any(chr(c).isalpha() for c in _literal_codes(data[0]))
    return False


def _literal_codes(node) -> list[int]:
    op, av = node
    if op is C.LITERAL:
        return [av]
    if op is C.IN:
        return [i for o, i in av if o is C.LITERAL] + [0x41 for o, i in av if o is not C.LITERAL and not (
            o is C.CATEGORY and i in (C.CATEGORY_DIGIT, C.CATEGORY_SPACE)) and not (o is C.RANGE and all(map(is_digit, i)))]
    return [0x41]
