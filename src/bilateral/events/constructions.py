"""Sentence-level constructions that change which triggers report events, and between whom.

- A governing trigger ("threatened to impose sanctions on X", "urged X to
  recognise Y", "refused to meet X") takes the events of its to/that-clause as
  its content: they report nothing of their own, and lend it their target.
- A modal demand in reported speech ("X said Y must withdraw", "a reminder to
  Iraq that it must cooperate") is a REQUEST from the speaker to Y.
- A meeting named in a sentence-initial phrase ("In a meeting with X, Y said")
  has the main clause's subject among its parties.
- What a condemnation or protest is against is who did the act it names, not
  the victim after it ("condemned the attack on X").
- A possessive pronoun right after the verb ("X urged its citizens", "X values
  its relations with Y") belongs to the subject, so it is not the target; the
  target is named in the pronoun's phrase, not in a clause after it.
"""
from __future__ import annotations

from functools import cache

from bilateral.events.lexicon import Trigger, words
from bilateral.events.matching import TriggerMatch
from bilateral.events.phrases import Group, Phrase
from bilateral.events.roles import Roles
from bilateral.events.subjects import subject_of
from bilateral.events.tokens import Token

MODAL_DEMAND = frozenset({"must", "should"})


@cache
def _demand_trigger():
    return Trigger(pos="verb", slots=(frozenset({"must", "should"}),), type="REQUEST", target="none",
                   pattern="(speaker) ... X must")


def demand_match(tokens: list[Token], k: int):
    return TriggerMatch(_demand_trigger(), k, k, None)


def fronted_phrase_party(tokens: list[Token], groups: list[Group], match, roles: Roles) -> None:
    """'In a meeting with X, Y said ...', 'During talks attended by X, Y ...': the main clause's
    subject takes part in the meeting named by the sentence-initial phrase."""
    if not tokens or tokens[0].lower not in ("in", "during", "at", "on", "after", "before", "following"):
        return
    comma = next((k for k in range(match.last + 1, len(tokens)) if tokens[k].text == ","), None)
    if comma is None or any(t.text == "," for t in tokens[:match.head]):
        return
    # "During the meeting, the two officials ...": an anaphoric meeting, reported before; "In a telephone
    # conversation on Sunday, X and Y agreed ...": a new one, held by the main clause's subject, unless the
    # phrase names its party ("In a meeting with exporters, ...").
    new_meeting = any(t.lower in ("a", "an") for t in tokens[1:match.head]) and not any(
        t.lower in ("with", "between") for t in tokens[match.last + 1:comma])
    if roles.source is None and roles.target is None and not new_meeting:
        return
    main = next((g for g in groups if g.first > comma and not all(p.modifier for p in g.phrases)), None)
    if main is None:
        return
    if roles.source is None:
        roles.source = main
    elif roles.target is None:
        roles.target = main


def skip_reflexive_target(tokens: list[Token], groups: list[Group], roles: Roles, published) -> None:
    """'X values its relations with Y', 'X urged its citizens': a possessive pronoun right after the verb
    belongs to the subject; the target, if any, is named later in the phrase."""
    target = roles.target
    if target is None or not target.phrases[0].pronoun:
        return
    reflexive = roles.source is not None and set(target.codes(None, published)) <= set(roles.source.codes(None, published))
    if target.phrases[0].pronoun not in ("its", "their", "his", "her", "our") and not reflexive:
        return  # "told Iraq it must": a pronoun object that is not the subject again
    # The target is named in the pronoun's own phrase ("its relations with Y"), not in a clause after it
    # ("their role in the Gulf, where the United States ...").
    end = next((k for k in range(target.last + 1, min(target.last + 9, len(tokens)))
                if tokens[k].lower in _CLAUSE_STARTS or tokens[k].text in (",", ";", ":")), target.last + 9)
    later = [g for g in groups if target.last < g.first < end
             and not all(p.modifier or p.pronoun for p in g.phrases)]
    roles.target = later[0] if later else None


def skip_victim_target(tokens: list[Token], groups: list[Group], match: TriggerMatch, roles: Roles) -> None:
    """'X condemned the attack on Y': whom a disapproval (condemn, criticise, denounce: ACCUSE mode disapprove)
    or a protest is against is who attacked, named before the act ("the Armenian attack on Y", which the
    target search finds first) or after "by" ("the attack on Y by Z"); Y, right after the act, is the
    victim. Not for an allegation ("blamed the attack on Y" accuses Y)."""
    victim = roles.target
    disapproval = match.trigger.type == "PROTEST" or (match.trigger.type, match.trigger.mode) == ("ACCUSE", "disapprove")
    if victim is None or roles.via != "object" or not disapproval or victim.first <= match.last:
        return
    if not _victim_after_act(tokens, victim.first):
        return
    roles.target = None
    for k in range(victim.last + 1, min(victim.last + 6, len(tokens))):
        if tokens[k].text in (",", ";", ":", "."):
            break
        if tokens[k].lower == "by":
            roles.target = next((g for g in groups if k < g.first <= k + 3), None)
            break


def _victim_after_act(tokens: list[Token], first: int) -> bool:
    """Whether the phrase starting at ``first`` follows a hostile act and its preposition, with at most
    determiners or adjectives between: "the attack on [the Azerbaijani embassy]". After "of", only acts
    done to their object ("the occupation of X"); "the aggression of X" names the aggressor."""
    w = words()
    k = first - 1
    while k >= 0 and first - k <= 3 and tokens[k].text.islower() and tokens[k].lower not in _VICTIM_PREPOSITIONS \
            and tokens[k].lower not in ("and", "or", "by"):
        k -= 1  # "the", "its", "innocent"
    if k < 1 or tokens[k].lower not in _VICTIM_PREPOSITIONS:
        return False
    act = tokens[k - 1].lower
    return act in w["hostile_acts_of"] if tokens[k].lower == "of" else act in w["hostile_acts"]


_VICTIM_PREPOSITIONS = frozenset({"on", "against", "of", "upon"})
_CLAUSE_STARTS = frozenset({"where", "which", "who", "whom", "whose", "that", "when", "while", "whereas", "because"})


def governed(tokens: list[Token], found: list) -> dict[int, list[int]]:
    """Governing trigger -> the triggers inside its to/that-clause, as indices into ``found``
    ("threatened to impose sanctions on X"): those are dropped as events of their own, and the
    governing trigger takes their target if it has none."""
    contents: dict[int, list[int]] = {}
    dropped: set[int] = set()
    for g, (gov, gov_roles) in enumerate(found):
        if not gov.trigger.governs or g in dropped:
            continue
        for k in range(g + 1, len(found)):
            match, roles = found[k]
            between = tokens[gov.last + 1:match.head]
            if len(between) > 12 or any(t.text in {";", ":", "."} for t in between):
                break
            if not any(t.lower in ("to", "that") for t in between) and gov.trigger.target != "complement":
                break
            dropped.add(k)  # every trigger of the content clause
            contents.setdefault(g, []).append(k)
            if gov_roles.target is None or gov_roles.target is gov_roles.source:
                gov_roles.target = roles.target if roles.target is not None else roles.source
    return contents


_DEMAND_NOUNS = frozenset({"reminder", "warning", "demand", "message", "call", "letter", "note", "ultimatum"})


def _demanding_subject(tokens: list[Token], groups: list[Group], demanded: Group, published) -> Group | None:
    """Without a speaker, only 'X issued a reminder/warning to Y that Y must ...' names who demands."""
    between = {t.lower for t in tokens[:demanded.first]}
    if "that" not in between or not between & _DEMAND_NOUNS:
        return None
    return next((g for g in groups if g.last < demanded.first and any(g.codes(None, published))), None)


def modal_demands(tokens: list[Token], groups: list[Group], found: list, speaker: tuple[str, ...],
                   published) -> tuple[list, set[int]]:
    """'X said Y must withdraw', 'a reminder to Iraq that it must cooperate': a REQUEST from the speaker
    (or the sentence's first actor) to Y. Triggers in the demanded clause report no event of their own."""
    demands, dropped = [], set()
    for k, token in enumerate(tokens):
        if token.lower not in MODAL_DEMAND or k == 0:
            continue
        demanded = subject_of(tokens, groups, k)
        if demanded is None or not any(demanded.codes(None, published)) \
                or demanded.phrases[0].pronoun in ("he", "she", "they", "we", "i"):
            continue  # "He should set out ..." is advice to a person, not a demand on a state
        source = speaker_group(speaker) if speaker else _demanding_subject(tokens, groups, demanded, published)
        if source is None or set(source.codes(None, published)) & set(demanded.codes(None, published)):
            continue
        demands.append((k, source, demanded))
        dropped |= {n for n, (m, _) in enumerate(found) if k < m.head <= k + 10}
    return demands, dropped


def speaker_group(speaker: tuple[str, ...]) -> Group:
    return Group([Phrase(-1, -1, pronoun="speaker", resolved=speaker)])
