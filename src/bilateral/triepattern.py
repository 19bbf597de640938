"""One compiled regex for thousands of phrases.

A plain alternation ``a|ab|abc|...`` makes the regex engine try every phrase at
every position; folding the phrases into a character trie first makes each
position cost one branch per character, which is what lets dictionary look-up
keep up with megabytes of text. The trie matches what the flat, longest-first
alternation matches, in the same order of preference: two phrases that both
match at one place are one a prefix of the other, and the trie tries the longer
first. Used for the actor names and trigger words, and inside the date rules.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_END = ""  # trie key that marks "a phrase ends here"


def alternation(phrases: Iterable[str], render: Callable[[str], str] = re.escape, ordered: bool = True) -> str:
    """The phrases as one regex alternation written as a trie ("t(?:wo|hree)"), longest preferred.

    ``render``: a character's regex (the date rules let a space stand for any whitespace); ``ordered``:
    branches in character order, else in the phrases' order (same matches, another pattern text).
    """
    root: dict = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _pattern(root, render, ordered)


def _pattern(node: dict, render: Callable[[str], str], ordered: bool) -> str:
    keys = [k for k in node if k != _END]
    if ordered:
        keys.sort()
    branches = [render(k) + _pattern(node[k], render, ordered) for k in keys]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:  # a shorter phrase ends here: the optional group makes it the fallback
        return "(?:" + body + ")?"
    return body


def compile_phrases(phrases: Iterable[str], flags: int = 0, boundary: bool = True) -> re.Pattern:
    """A regex matching any of ``phrases`` (longest first at a position), on word boundaries if asked."""
    unique = sorted({p for p in phrases if p})
    if not unique:
        return re.compile(r"(?!x)x")
    body = alternation(unique)
    # Looking at the first character before anything else lets most positions fail at one test.
    first = "(?=[" + "".join(re.escape(c) for c in sorted({p[0] for p in unique})) + "])"
    if boundary:
        return re.compile(first + r"(?<![\w])(?:" + body + r")(?![\w])", flags)
    return re.compile(first + body, flags)
