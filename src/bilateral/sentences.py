"""Split a document's text into sentences with character offsets.

Rules (for news text, which is the input):
- a blank line, or a line break after sentence-final punctuation, always ends
  a sentence; a single line break inside running text does not (wire copy is
  often hard-wrapped);
- ``.``, ``!`` or ``?`` (optionally followed by closing quotes or brackets)
  ends a sentence when the next word starts with an upper-case letter, a digit
  or an opening quote, unless the word before the period is a known
  abbreviation (Mr., Gen., U.S.), an initial (H.E, A.) or a number (No. 5);
- a period glued to the next capitalised word ("AMAN-2013.Moreover") also ends a
  sentence when the left side is a word of 3+ letters/digits and the right side
  a capitalised word, a common defect of scraped text; "U.S.Army" is kept.
Offsets are Python str indices; ``text[s.start:s.end] == s.text`` and
sentences never include their surrounding white space.
"""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

from bilateral.model import Sentence

_BREAK = re.compile(
    r"""
    (?P<para>\n[ \t\u00a0]*\n\s*)                          # blank line
    | (?<=[.!?])(?P<closers>["'”’)\]]*)(?P<nl>[ \t]*\n\s*)   # end punctuation then a line break
    | (?<=[.!?])(?P<closers2>["'”’)\]]*)(?P<space>[ \t\u00a0]+)(?=["'“‘(\[]?[A-Z0-9\u00c0-\u024f])
    | (?<=[A-Za-z0-9]{3}\.)(?P<glued>)(?=[A-Z][a-z]{2,})     # "2013.Moreover"
    """,
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.\W*$")


@cache
def abbreviations() -> frozenset[str]:
    """Lower-cased abbreviations (without the final period) that do not end a sentence."""
    text = resources.files("bilateral").joinpath("data/abbreviations.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower().rstrip(".") for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _is_abbreviation(left: str) -> bool:
    """Whether ``left`` (the text before a period, its last 40 characters are enough) ends in an abbreviation."""
    match = _WORD_BEFORE.search(left[-40:])
    if not match:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():  # an initial: "Ali A. Khan", "H.E"
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?", word):  # U.S, U.N, H.E
        return True
    return word.lower() in abbreviations()


# Where a break can begin: at a line break, or just after end punctuation (every branch of _BREAK starts
# there). Python's re has no first-character skip for a pattern of look-behinds: run over every
# position, _BREAK cost a quarter of a second per megabyte; tried only at these, a sixth of that.
_BREAK_STARTS = re.compile(r"[.!?\n]")


def _breaks(text: str, start: int):
    """The matches of ``_BREAK.finditer(text, start)``, found by trying ``_BREAK`` only where one can begin."""
    end = start
    for found in _BREAK_STARTS.finditer(text, max(start - 1, 0)):
        position = found.start() if text[found.start()] == "\n" else found.end()
        if position < end:  # inside the last break (finditer goes on from its end) or before ``start``
            continue
        match = _BREAK.match(text, position)
        if match is not None:
            end = match.end()
            yield match


def split_sentences(text: str, start: int = 0) -> list[Sentence]:
    """Sentences of ``text[start:]`` with offsets into ``text``."""
    cuts: list[int] = []  # offsets where a sentence ends
    for match in _breaks(text, start):
        if match.group("para") is not None:
            cuts.append(match.start())
            continue
        if match.group("glued") is not None:
            cut = match.start()
        else:
            closers = match.group("closers") if match.group("closers") is not None else match.group("closers2")
            cut = match.start() + len(closers or "")
            # A break right after a newline always counts; after a space it must not follow an abbreviation.
            if match.group("nl") is None and _is_abbreviation(text[max(start, match.start() - 40):match.start()]):
                continue
        cuts.append(cut)
    sentences: list[Sentence] = []
    begin = start
    for cut in [*cuts, len(text)]:
        segment = text[begin:cut]
        stripped_left = len(segment) - len(segment.lstrip())
        s, e = begin + stripped_left, begin + len(segment.rstrip())
        if e > s:
            sentences.append(Sentence(len(sentences), s, e, text[s:e]))
        begin = max(begin, cut)
    return sentences
