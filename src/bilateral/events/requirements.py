"""A trigger's conditions in the lexicon (``requires``, ``not_before``, ``needs_to_clause``, ``follows``,
``target_person``) and its cued retyping (``cues``), checked once its roles are known."""
from __future__ import annotations

from bilateral.events.lexicon import words
from bilateral.events.matching import TriggerMatch
from bilateral.events.roles import Roles, has_office
from bilateral.events.tokens import Token


def requirements_met(tokens: list[Token], match: TriggerMatch, roles: Roles) -> bool:
    trigger = match.trigger
    following = [t.lower for t in tokens[match.last + 1: match.last + 11]]
    if trigger.requires and not trigger.requires & set(following):
        return False
    if trigger.not_before and following[:1] and following[0] in trigger.not_before:
        return False
    if trigger.needs_to_clause and not roles.to_clause:
        return False
    if trigger.follows and not trigger.follows & _nouns_before(tokens, match.head):
        return False  # "a letter signed by X and Y" is no agreement
    guest = roles.source if trigger.reverse else roles.target  # "X received/hosted Y": Y must be a person or office
    return not (trigger.target_person and not has_office(tokens, guest))


_OF_PHRASE = frozenset({"of", "on", "for", "in", "between", "with", "to"})
OF_PHRASE_REACH = 8  # tokens of postmodifiers between a head noun and its participle ("memorandum of ... on ...")


def _nouns_before(tokens: list[Token], head: int) -> set[str]:
    """The word before a participle, over be-forms, adverbs and commas ("the accord, which was jointly
    [signed]"), and the head nouns of the prepositional phrases it ends ("a memorandum of understanding on
    cooperation was [signed]": cooperation, understanding, memorandum)."""
    k = head - 1
    while k >= 0 and (tokens[k].lower in words()["be_forms"] or tokens[k].text == "," or tokens[k].lower.endswith("ly")
                      or tokens[k].lower in ("which", "that", "been", "also")):
        k -= 1
    if k < 0:
        return set()
    nouns = {tokens[k].lower}
    for j in range(k - 1, max(0, k - OF_PHRASE_REACH) - 1, -1):
        if tokens[j].text in (",", ";", ":") or tokens[j].lower in words()["be_forms"]:
            break
        if j and tokens[j].lower in _OF_PHRASE:
            nouns.add(tokens[j - 1].lower)
    return nouns


def cued_type(tokens: list[Token], match: TriggerMatch, event_type: str) -> str:
    following = {t.lower for t in tokens[match.last + 1: match.last + 11]}
    for retyped, cue_words in match.trigger.cues:
        if following & cue_words:
            return retyped
    return event_type
