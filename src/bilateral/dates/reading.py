"""What a rule makes of a match (a Reading), and the small text checks the rules share."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bilateral.dates.vocab import vocabulary

# TIMEX3 mod for the words that narrow or blur a date; START/MID/END/APPROX make the EDTF approximate (~).
EDGE_MODS = {
    "early": "START", "beginning": "START", "start": "START", "turn": "START", "first half": "START",
    "mid": "MID", "middle": "MID",
    "late": "END", "end": "END", "close": "END", "second half": "END",
    "around": "APPROX", "about": "APPROX", "approximately": "APPROX", "roughly": "APPROX", "circa": "APPROX",
    "nearly": "APPROX", "almost": "APPROX", "some": "APPROX",
}
APPROXIMATE_MODS = frozenset({"START", "MID", "END", "APPROX"})

# Words that, capitalised, may start a sentence or head a date phrase without being a name.
DATE_LEADERS = frozenset("""in on at by since until till from to during before after through throughout between for
of early late mid last next this that the a as and or but then when while until around about only just each every
over within into last-minute since-then""".split())


@dataclass
class Reading:
    """One temporal expression read from a match.

    ``value`` is the TIMEX3 value, or a function of the Context for values that depend on the
    expressions before it ("the following year"); ``calendar`` is False when the value must not
    give a calendar date (a clock time alone).
    """

    start: int
    end: int
    type: str
    value: str | Callable
    mod: str | None = None
    calendar: bool = True
    shifted: bool = False  # counted from an earlier expression: never an anchor for later ones


def edge_mod(word: str | None) -> str | None:
    if not word:
        return None
    word = re.sub(r"^the\s+|\s+of(?:\s+the)?$|-$", "", re.sub(r"\s+", " ", word.lower())).strip()
    return EDGE_MODS.get(word)


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def previous_word(text: str, start: int) -> str:
    """The token right before start (a word, a number or a sign), as written."""
    m = re.search(r"(\S+?)[\s(]*$", text[max(0, start - 30):start])
    return m.group(1) if m else ""


def next_word(text: str, end: int) -> str:
    m = re.match(r"[\s,]*([^\s,;:]+)", text[end:end + 30])
    return m.group(1) if m else ""


def at_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4):start].rstrip(" \t\"'`“‘(")
    return before == "" or before[-1] in ".!?\n:;_—-"


def looks_like_name_part(text: str, start: int, end: int) -> bool:
    """True when a capitalised word at [start, end) follows a name ("Theresa May", "Mrs. May").

    The word before counts as a name when it is capitalised, is not a usual date leader
    ("In May", "Last May") and is not cut off by punctuation.
    """
    before = previous_word(text, start)
    bare = before.strip("'\"`“”‘’").lower()
    return bool(before) and is_capitalised(before) and bare not in DATE_LEADERS and not before.endswith((",", ";", ":", ")"))


def number_label_before(text: str, start: int) -> bool:
    """True when a number at start is a label or an amount: "page 12", "No. 1990", "$2019"."""
    if start > 0 and text[start - 1] in "$£€¥#+":
        return True
    word = previous_word(text, start).lower().rstrip(".:")
    return word in vocabulary().number_prefixes


def count_noun_after(text: str, end: int) -> bool:
    """True when the word after a number makes it a count ("2000 troops")."""
    word = next_word(text, end).lower().rstrip(".,;:)")
    return word in vocabulary().count_nouns or text[end:end + 2].lstrip().startswith("%")
