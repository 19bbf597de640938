"""Whether the text asserts the event, whether it is a standing position, and whether a
planned act is announced or threatened.

Cue lists live in ``data/triggers/words.yaml``. The cues are read in the
trigger's clause, before the trigger (from the clause's start or the subject):
"X reportedly visited", "X will visit", "if X attacks", "X denied that it ...".
An allegation frame anywhere in the sentence ("the gist of the article is
that ...") makes the event alleged. Precedence: denied > hypothetical > alleged > planned.
"""
from __future__ import annotations

import re
from functools import cache, cached_property

from bilateral.events.lexicon import is_speech, words
from bilateral.events.tokens import Token

CLAUSE_OPENERS = frozenset({";", ":", "but", "while", "whereas", "although", "though"})
WINDOW = 10  # tokens before the trigger that may hold a cue, at most


@cache
def _cue_regex(category: str) -> re.Pattern:
    cues = sorted(words()[category], key=len, reverse=True)
    # Not inside a hyphenated word: "a must-visit partner", "the would-be envoy".
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(c) for c in cues) + r")(?![\w-])")


def _window_text(tokens: list[Token], sentence: str, head: int, start: int | None) -> str:
    first = max(0, head - WINDOW)
    if start is not None:
        first = min(first, start)
    for k in range(head - 1, first - 1, -1):
        if tokens[k].lower in CLAUSE_OPENERS:
            first = k + 1
            break
    if _past_after_modal_clause(tokens, first, head):
        first = head
    if first >= head:
        return ""
    # Case is kept: "in May 2003" holds no modal "may". Only a sentence-initial capital is lowered.
    text = sentence[tokens[first].start:tokens[head].start]
    return text[:1].lower() + text[1:] if first == 0 else text


def _past_after_modal_clause(tokens: list[Token], first: int, head: int) -> bool:
    """'X would invest in Y and thanked Z': a past tense right after "and", after a clause whose only cue is
    a modal, begins a clause of its own, out of the modal's reach. Not when "and" joins two participles of
    one verb phrase ("may have attacked and occupied"), nor under a denial, an allegation or "whether",
    which reach on."""
    if head < 2 or tokens[head - 1].lower != "and" or not tokens[head].lower.endswith("ed") \
            or tokens[head - 2].lower.endswith(("ed", "en")):
        return False
    clause = " ".join(t.lower for t in tokens[first:head - 1])
    return any(t.lower in words()["modals"] for t in tokens[first:head - 1]) and not (
        _cue_regex("denied").search(clause) or _cue_regex("alleged").search(clause)
        or re.search(r"(?<![\w])(?:whether|if|unless)(?![\w])", clause))


def factuality(tokens: list[Token], sentence: str, head: int, subject_start: int | None) -> str:
    frames = _cue_regex("assertion_frames")
    window = frames.sub(" ", _window_text(tokens, sentence, head, subject_start))
    before = frames.sub(" ", sentence[:1].lower() + sentence[1:tokens[head].start])
    if _cue_regex("denied").search(window):
        return "denied"
    # The trigger's own verb chain, the three words before it: "must support", "was scheduled today to meet".
    chain = sentence[tokens[max(0, head - 3)].start:tokens[head].start].lower() if head else ""
    if re.search(r"(?<![\w])(?:if|unless)(?![\w])", before) or _cue_regex("hypothetical").search(window) \
            or _cue_regex("obligations").search(chain):
        return "hypothetical"
    if _cue_regex("alleged").search(before) or _cue_regex("allegation_frames").search(sentence[:1].lower() + sentence[1:]):
        return "alleged"
    if _cue_regex("planned").search(window) or _cue_regex("schedules").search(chain):
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


class Speech:
    """Whose words a sentence gives; read once per sentence, and only when a planned act asks."""

    def __init__(self, tokens: list[Token]):
        self._tokens = tokens

    @cached_property
    def first_verb(self) -> int | None:
        """Index of the first reporting verb ("said", "told"), if any."""
        return next((k for k, t in enumerate(self._tokens) if is_speech(t)), None)

    def verb_before(self, head: int) -> bool:
        """Whether a reporting verb comes before the token at ``head``."""
        return self.first_verb is not None and self.first_verb < head

    @cached_property
    def opinion(self) -> bool:
        """Whether the sentence reports an opinion holder's view ("analysts said", "experts believe")."""
        holders = words()["opinion_holders"]
        return any(t.lower in holders for t in self._tokens)

    @cached_property
    def reported(self) -> bool:
        """Reported speech of an actor, not an opinion: "X said it will ...", not "analysts said X will ..."
        (an opinion holder's forecast stays planned or hypothetical; ``words.yaml`` ``opinion_holders``)."""
        first = self.first_verb
        if first is None:
            return False
        holders = words()["opinion_holders"]
        return not any(t.lower in holders for t in self._tokens[max(0, first - 4):first + 4])


def announced(tokens: list[Token], text: str, head: int, speech: Speech) -> bool:
    """Whether a planned act is announced: an intent marker ("offered to", "is ready to"), or "will"/
    "would" in reported speech ("X said it will support Y", "X will visit Y, officials said"). A wish
    ("is keen to", "wants to") is not an announcement. PLOVER codes announced intent as AGREE."""
    before = text[:tokens[head].start].lower()
    if any(marker in before[-40:] for marker in words()["intent_markers"]):
        return True
    future = any(t.text in ("will", "would", "shall") for t in tokens[max(0, head - 4):head])
    return future and speech.reported


def threatened(tokens: list[Token], text: str, head: int, speech: Speech, cue_only: bool = False) -> bool:
    """Whether a planned or hypothetical hostile act is threatened (PLOVER codes it THREATEN with the mode
    of the act): a threat cue before it ("warned it would", "is prepared to"), a conditional ("will ... if",
    "would ... unless"; the act in the main clause, not in the if-clause), or "will"/"would" in reported
    speech ("X said it will impose sanctions"). Cue lists: ``words.yaml`` ``threat_cues``."""
    before = text[:tokens[head].start].lower()
    if any(cue in before[-50:] for cue in words()["threat_cues"]):
        return True
    if cue_only:
        return False
    modal = next((k for k in range(head - 1, max(-1, head - 5), -1) if tokens[k].lower in words()["modals"]), None)
    if modal is None or speech.opinion:
        return False
    reported = speech.reported
    if tokens[modal].lower not in ("will", "would", "shall") and not reported:
        return False  # "X could attack Y if ...": the author's speculation, no threat made
    conditional = {"if", "unless"}
    if conditional & {t.lower for t in tokens[head + 1:]}:
        return True
    opening = next((k for k in range(modal - 1, -1, -1) if tokens[k].lower in conditional), None)
    if opening is not None and any(t.text == "," for t in tokens[opening:modal]):
        return True  # "if Y attacks, X will impose sanctions": the act is in the main clause
    return tokens[modal].lower in ("will", "would", "shall") and opening is None and reported
