"""One compiled regex for thousands of phrases.

A plain alternation ``a|ab|abc|...`` makes the regex engine try every phrase at
every position; folding the phrases into a character trie first makes each
position cost one branch per character, which is what lets dictionary look-up
keep up with megabytes of text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # trie key that marks "a phrase ends here"


def _trie(phrases: Iterable[str]) -> dict:
    root: dict = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[_END] = {}
    return root


def _pattern(node: dict) -> str:
    ends_here = _END in node
    branches = []
    for char in sorted(k for k in node if k != _END):
        branches.append(re.escape(char) + _pattern(node[char]))
    if not branches:
        return ""
    # Longer continuations are listed first by construction of the alternation below; the
    # optional group makes the shorter phrase the fallback, so the match is always the longest.
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return "(?:" + body + ")?"
    return body


def compile_phrases(phrases: Iterable[str], flags: int = 0, boundary: bool = True) -> re.Pattern:
    """A regex matching any of ``phrases`` (longest first at a position), on word boundaries if asked."""
    unique = sorted({p for p in phrases if p})
    if not unique:
        return re.compile(r"(?!x)x")
    body = _pattern(_trie(unique))
    # Looking at the first character before anything else lets most positions fail at one test.
    first = "(?=[" + "".join(re.escape(c) for c in sorted({p[0] for p in unique})) + "])"
    if boundary:
        return re.compile(first + r"(?<![\w])(?:" + body + r")(?![\w])", flags)
    return re.compile(first + body, flags)
