"""The subject of a verb, read leftwards from it without a parser.

Rules of English news syntax: the actor group right before the verb, skipping
adverbs, auxiliaries, negation, time words ("on Tuesday"), control verbs
("wants to", "is keen to"), one comma-delimited aside ("X, while speaking at
..., said") and relative pronouns ("X, which ..."). A subject that is a
non-actor noun blocks the search ("the world must ..." has no source) unless
an actor stands inside its phrase: a possessor ("Azerbaijan's community") or a
nationality ("a camp for Congolese refugees"). A bracketed acronym before the
verb is skipped ("the International Labour Organisation (ILO) said"). Officials
or a body before a chain of of-phrases act, not the state inside them ("the
Serbian and Croatian delegations of the northern region of Bosnia agreed").
"""
from __future__ import annotations

from bilateral.events.lexicon import head_index, is_speech, words
from bilateral.events.phrases import Group
from bilateral.events.tokens import CLAUSE_PUNCT, POSSESSIVE, QUOTES_OPEN, Token

_CONTROL = frozenset({
    "want", "wants", "wanted", "plan", "plans", "planned", "intend", "intends", "intended", "decide", "decided",
    "decides", "hope", "hopes", "hoped", "seek", "seeks", "sought", "aim", "aims", "aimed", "expect", "expected",
    "continue", "continues", "continued", "keen", "able", "ready", "willing", "set", "likely", "due", "going",
    "about", "try", "tries", "tried", "attempt", "attempts", "attempted", "wish", "wishes", "wished", "prepared",
    "agreed", "agree", "agrees", "vowed", "vows", "pledged", "promised", "refused", "refuses", "threatened",
    "threatens", "offered", "offers", "sought", "among", "first", "second", "third", "last", "only", "one",
    "country", "countries", "nation", "nations", "state", "states", "of", "from",
    "few", "handful", "very", "earliest",  # "X was one of the few countries that supported Y"
    "scheduled", "slated", "poised",  # "X is scheduled to arrive in Y"
})
_RELATIVE = frozenset({"which", "who", "that", "whom"})
def group_ending_at(groups: list[Group], i: int) -> Group | None:
    for group in groups:
        if group.first <= i <= group.last:
            return group
    return None


def group_starting_in(groups: list[Group], start: int, end: int) -> Group | None:
    for group in groups:
        if start <= group.first < end and not all(p.modifier for p in group.phrases):
            return group
    return None


def skippable(token: Token) -> bool:
    w = words()
    return (token.lower in w["adverbs"] or token.lower in w["auxiliaries"] or token.lower in w["negators"]
            or token.lower in _CONTROL or token.lower in ("to", "the", "a", "an") or token.lower.endswith("ly"))


def subject_of(tokens: list[Token], groups: list[Group], head: int) -> Group | None:
    """The actor group acting as subject of the verb at ``head``, or None."""
    i = head - 1
    asides = 0
    bracketed = False
    while i >= 0:
        token = tokens[i]
        group = group_ending_at(groups, i)
        if group is not None and not all(p.modifier for p in group.phrases):
            if _agent_phrase(tokens, group):
                return None  # "cranes donated by the Danish agency have arrived": the agent of a participle
            if bracketed and _after_preposition(tokens, group):
                return None  # "X is in the United Arab Emirates (UAE) to discuss": a place, not the subject
            return _head_of(tokens, groups, group)
        if token.text == "," and asides < 1:
            asides += 1
            return _subject_before_aside(tokens, groups, i)
        if token.text == ")" and i >= 2 and tokens[i - 2].text == "(" and tokens[i - 1].text.isupper():
            i -= 3  # a bracketed acronym: "The International Labour Organisation (ILO) said"
            bracketed = True
            continue
        if token.lower in _RELATIVE:
            i -= 1
            if i >= 0 and tokens[i].text == ",":
                i -= 1
            continue
        if skippable(token) or token.lower in POSSESSIVE or token.lower in _TIME_WORDS or token.text.isdigit():
            i -= 1
            continue
        # A non-actor noun: its possessor acts ("Azerbaijan's community"), or a nationality inside
        # its phrase ("a camp for Congolese refugees", "Russian aircraft including gunships").
        if not token.text.isalpha() or token.lower in words()["conjunctions"] or token.lower in words()["prepositions"]:
            return None  # a clause boundary, not a noun phrase
        return _possessor(tokens, groups, i) or _actor_inside(tokens, groups, i)
    return None


_LEADING = frozenset({"led", "headed", "chaired", "co-chaired", "accompanied", "represented"})


def _word_before(tokens: list[Token], group: Group) -> int:
    """Index of the word before a group, over an article ("by the X"); -1 at the start of the sentence."""
    k = group.first - 1
    if k >= 0 and tokens[k].lower in ("the", "a", "an"):
        k -= 1
    return k


def _agent_phrase(tokens: list[Token], group: Group) -> bool:
    """A group in a by-phrase after a participle ("goods donated by X") is not the subject of the next verb;
    after "led by"/"headed by" it is ("a delegation led by X visited")."""
    k = _word_before(tokens, group)
    return k >= 1 and tokens[k].lower == "by" and tokens[k - 1].lower.endswith(("ed", "en", "wn")) \
        and tokens[k - 1].lower not in _LEADING


def _after_preposition(tokens: list[Token], group: Group) -> bool:
    k = _word_before(tokens, group)
    return k >= 0 and tokens[k].lower in words()["prepositions"] and tokens[k].lower != "of"


def _subject_before_aside(tokens: list[Token], groups: list[Group], comma: int) -> Group | None:
    """The subject before an aside that ends at ``comma``. An apposition names the subject itself ("Asad
    Majeed Khan, the Foreign Secretary of Pakistan, met"); a clause does not ("Jeyhun Bayramov, who is on a
    visit to Pakistan, met"; "X, while speaking at ... on September 23, 2019, said"), so the group before
    it is the subject. Commas inside dates are crossed."""
    i = comma
    for _ in range(4):
        j = i - 1
        while j >= 0 and tokens[j].text != "," and tokens[j].text not in {";", ":"} and tokens[j].text not in QUOTES_OPEN:
            j -= 1
        aside = tokens[j + 1:i]
        clause = bool(aside) and (aside[0].lower in _RELATIVE or aside[0].lower in words()["conjunctions"]
                                  or aside[0].lower in words()["prepositions"] or aside[0].lower.endswith("ing")
                                  or any(verb_form(t) for t in aside))
        if not clause:
            group = group_ending_at(groups, i - 1)
            if group is not None and not all(p.modifier for p in group.phrases):
                return group
        group = group_ending_at(groups, j - 1) if j > 0 else None
        if group is not None and not all(p.modifier for p in group.phrases):
            return group
        if j < 0 or tokens[j].text != ",":
            return None
        i = j
    return None


_TIME_WORDS = frozenset("today yesterday tonight monday tuesday wednesday thursday friday saturday sunday "
                        "on last this week weekend month earlier january february march april may june july august "
                        "september october november december".split())
_INSIDE_NP = frozenset({"of", "for", "from", "in", "including", "with", "and", "using", "armed", "loyal"})


def _actor_inside(tokens: list[Token], groups: list[Group], i: int) -> Group | None:
    """The nearest actor group within the noun phrase ending at ``i`` (no verb or clause break between)."""
    for k in range(i, max(i - 8, -1), -1):
        group = group_ending_at(groups, k)
        if group is not None and not all(p.modifier for p in group.phrases) and not group.phrases[0].pronoun:
            return group
        token = tokens[k]
        if token.text in CLAUSE_PUNCT or token.text in {",", "."} or token.lower in words()["auxiliaries"] \
                or token.lower in words()["conjunctions"] and token.lower != "and":
            return None
        if token.lower in words()["prepositions"] and token.lower not in _INSIDE_NP:
            return None
        if token.lower in head_index() and token.lower not in _INSIDE_NP and not token.lower.endswith("s"):
            return None
    return None


def _head_of(tokens: list[Token], groups: list[Group], group: Group) -> Group:
    """The acting head of a subject that ends in one or more of-phrases: in "the delegations of the two
    provinces of Italy" or "the Foreign Minister of the Republic of Korea", the group before the chain of
    of-phrases acts when it names officials or a body; a state inside the of-phrases only locates or owns
    them. Without such a head the group itself is the subject."""
    k = group.first - 1
    for _ in range(MAX_OF_PHRASES):
        while k >= 0 and group.first - k <= 12 and tokens[k].lower != "of":
            if tokens[k].text in CLAUSE_PUNCT or tokens[k].text in {",", "."} or verb_form(tokens[k]) \
                    or tokens[k].lower in words()["conjunctions"] or is_speech(tokens[k]) or tokens[k].lower in head_index():
                return group
            if group_ending_at(groups, k) not in (None, group):
                return group  # another actor before any "of": "Chile, Peru" is no chain
            k -= 1
        if k <= 0 or tokens[k].lower != "of":
            return group
        head = group_ending_at(groups, k - 1)
        if head is not None and head is not group:
            return head if any(p.office for p in head.phrases) and any(head.codes(None, None)) else group
        k -= 1
    return group


MAX_OF_PHRASES = 3


def _possessor(tokens: list[Token], groups: list[Group], i: int) -> Group | None:
    """'Azerbaijan's industrial community': the possessor of a subject noun phrase ending at ``i``."""
    for k in range(i, max(i - 4, 0), -1):
        token = tokens[k]
        if token.lower in POSSESSIVE:
            return group_ending_at(groups, k - 1)
        if not token.text[:1].islower() or token.lower in words()["prepositions"] \
                or token.lower in words()["determiners"]:
            return None
    return None


def verb_form(token: Token, before: Token | None = None) -> bool:
    """A lower-case trigger verb in a finite or participle form (not a noun: "support", "a meeting")."""
    if token.lower in words()["auxiliaries"] and token.lower != "to":
        return True
    if not (token.text.islower() and token.lower in head_index()):
        return False
    # After a determiner a participle is an adjective: "the occupied West Bank", "a planned visit", "the meeting".
    if before is not None and before.lower in words()["determiners"]:
        return False
    return token.lower.endswith(("ed", "ing"))


def after_conjunction(tokens: list[Token], head: int) -> bool:
    """'X visited Y and met Z': the verb at ``head`` shares the subject of the verb before "and"."""
    i = head - 1
    while i >= 0 and skippable(tokens[i]):
        i -= 1
    return i >= 0 and tokens[i].lower in ("and", "but")
