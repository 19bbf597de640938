"""Whether the text asserts the event, and whether it is a standing position.

Cue lists live in ``data/triggers/words.yaml``. The cues are read in the
trigger's clause, before the trigger (from the clause's start or the subject):
"X reportedly visited", "X will visit", "if X attacks", "X denied that it ...".
An allegation frame anywhere in the sentence ("the gist of the article is
that ...") makes the event alleged. Precedence: denied > hypothetical > alleged > planned.
"""
from __future__ import annotations

import re
from functools import cache

from bilateral.events.lexicon import words
from bilateral.events.tokens import Token

CLAUSE_OPENERS = frozenset({";", ":", "but", "while", "whereas", "although", "though"})
WINDOW = 10  # tokens before the trigger that may hold a cue, at most


@cache
def _cue_regex(category: str) -> re.Pattern:
    cues = sorted(words()[category], key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(c) for c in cues) + r")(?![\w])")


def _window_text(tokens: list[Token], sentence: str, head: int, start: int | None) -> str:
    first = max(0, head - WINDOW)
    if start is not None:
        first = min(first, start)
    for k in range(head - 1, first - 1, -1):
        if tokens[k].lower in CLAUSE_OPENERS:
            first = k + 1
            break
    if first >= head:
        return ""
    # Case is kept: "in May 2003" holds no modal "may". Only a sentence-initial capital is lowered.
    text = sentence[tokens[first].start:tokens[head].start]
    return text[:1].lower() + text[1:] if first == 0 else text


def factuality(tokens: list[Token], sentence: str, head: int, subject_start: int | None) -> str:
    window = _window_text(tokens, sentence, head, subject_start)
    before = sentence[:1].lower() + sentence[1:tokens[head].start]
    if _cue_regex("denied").search(window):
        return "denied"
    if re.search(r"(?<![\w])(?:if|unless)(?![\w])", before) or _cue_regex("hypothetical").search(window):
        return "hypothetical"
    if _cue_regex("alleged").search(before) or _cue_regex("allegation_frames").search(sentence[:1].lower() + sentence[1:]):
        return "alleged"
    if _cue_regex("planned").search(window):
        return "planned"
    return "asserted"


def habitual(tokens: list[Token], sentence: str, head: int, last: int, stative: bool, subject_start: int | None) -> bool:
    """A standing position: cue words around the trigger, or a stative trigger in the simple present."""
    window = _window_text(tokens, sentence, head, subject_start)
    after = sentence[tokens[last].end:][:80]
    if _cue_regex("habitual").search(window) or _cue_regex("habitual").search(after[:40]):
        return True
    if re.search(r"wherever and whenever|at all international forums|each other|one another", after):
        return True
    if not stative:
        return False
    word = tokens[head].lower
    previous = tokens[head - 1].lower if head > 0 else ""
    simple_present = word.endswith("s") and not word.endswith("ss") or previous in ("also", "fully", "strongly")
    return simple_present and previous not in words()["modals"] and not word.endswith(("ed", "ing"))
