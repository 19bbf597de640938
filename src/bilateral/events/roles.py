"""Who acts on whom: subject, object, passive "by", possessors and with/between phrases.

No parser: the roles are read from the trigger's neighbourhood with a few
rules of English news syntax.
- Subject: see ``subjects.py``.
- Object: the first actor group in the noun phrase after the pattern (or after
  one of the trigger's prepositions), which may run through "of" and
  possessives ("the withdrawal of Armenian forces"). A target list ending in
  "object" falls back to a double object ("gave Tanzania a grant").
- Passive ("X was attacked by Y"): the subject is the target, the by-phrase the
  source; not a stative participle before "to" ("X is opposed to Y").
- Nouns ("X's visit to Y", "the visit of X to Y", "a meeting between X and Y"):
  possessor, adjective or of/by-phrase for the source; the trigger's prepositions for the target.
"""
from __future__ import annotations

from dataclasses import dataclass

from bilateral.events.lexicon import words
from bilateral.events.matching import TriggerMatch
from bilateral.events.phrases import Group, is_office
from bilateral.events.subjects import (
    after_conjunction, group_ending_at, group_starting_in, skippable, subject_of, verb_form,
)
from bilateral.events.tokens import CLAUSE_PUNCT, POSSESSIVE, QUOTES_OPEN, Token

NP_WIDTH = 9  # tokens a noun phrase may span when looking for its actor
PREP_REACH = 12  # tokens after the pattern within which a target preposition may stand
# Nouns whose prepositional phrase names a party, so the noun phrase runs on through it:
# "its relations with X", "an offer from X", "calls by X", "further action against X".
_LINK_NOUNS = frozenset({
    "relations", "ties", "relationship", "cooperation", "partnership", "friendship", "links", "offer", "offers",
    "proposal", "proposals", "call", "calls", "demand", "demands", "request", "requests", "plan", "ultimatum",
    "appeal", "bid", "invitation", "pressure", "criticism", "accusations", "allegations", "claims", "action",
    "measures", "sanctions", "attack", "attacks", "strikes", "war", "campaign", "aid", "assistance", "support",
    "efforts", "mediation", "restrictions", "embargo", "aggression", "occupation", "withdrawal", "troops", "forces",
    "remarks", "statement", "statements", "comments",
})
# "the allegations made by X", "remarks voiced by X": the phrase runs on over the participle to its agent.
_REPORTING_PARTICIPLES = frozenset({"made", "voiced", "levelled", "leveled", "issued", "raised", "expressed", "given",
                                    "lodged"})
_AUTHOR_NOUNS = frozenset({"provocation", "provocations", "interference", "threats", "hostility"})  # only "by/from X" runs on
_LINK_PREPOSITIONS = frozenset({"with", "from", "by", "against", "on", "to", "for", "of", "between"})
_BENEFIT_VERBS = frozenset({"help", "assist", "support", "defend", "protect", "rebuild", "aid", "feed"})
NOUN_PREP_REACH = 3  # a noun's own prepositional phrase follows it closely ("visit to", "a meeting attended by")
_PARTICIPLES_BEFORE_BY = frozenset({"attended", "chaired", "hosted", "held", "led", "headed", "organised", "organized",
                                    "arranged", "co-chaired"})


@dataclass
class Roles:
    source: Group | None
    target: Group | None
    passive: bool = False
    negated: bool = False
    to_clause: bool = False
    reciprocal: bool = False  # "each other", "one another"
    via: str = "object"  # how the target was found: object, or the preposition before it


def _np_group(tokens: list[Token], groups: list[Group], start: int) -> Group | None:
    """The first actor group in the noun phrase starting at ``start``; a name phrase without an actor
    may be followed by an apposition that has one ("met Khazar Farhadov, Ambassador of Azerbaijan")."""
    w = words()
    while start < len(tokens) and tokens[start].text in QUOTES_OPEN:
        start += 1
    end = start
    while end < len(tokens) and end - start < NP_WIDTH:
        token = tokens[end]
        if token.text in CLAUSE_PUNCT or token.text in {",", "."}:
            break
        if _reported_by(tokens, end):  # the participle and "by": the phrase's party is the agent after them
            return group_starting_in(groups, start, end) or _np_group(tokens, groups, end + 2)
        if token.lower in w["prepositions"] and token.lower != "of" and end > start \
                and group_ending_at(groups, end) is None \
                and not (token.lower in _LINK_PREPOSITIONS and tokens[end - 1].lower in _LINK_NOUNS) \
                and not (token.lower in ("by", "from") and tokens[end - 1].lower in _AUTHOR_NOUNS):
            break
        if token.lower in w["conjunctions"] and token.lower != "and" and end > start:
            break
        if end > start and token.lower in w["subject_pronouns"]:
            break  # "in his talks with creditors he had ...": a new clause's subject
        if end > start and token.text.islower() and verb_form(token, tokens[end - 1]) \
                or token.lower == "and" and end + 1 < len(tokens) and verb_form(tokens[end + 1], token):
            break  # "the border post and recalled ...": a new verb ends the phrase
        end += 1
    found = group_starting_in(groups, start, max(end, start + 1))
    if found is None and end < len(tokens) and tokens[end].text == "," and end > start \
            and all(t.capitalised for t in tokens[start:end]):
        after = group_starting_in(groups, end + 1, end + 3)
        if after is not None:
            return after
    return found


def _reported_by(tokens: list[Token], k: int) -> bool:
    return (0 < k < len(tokens) - 1 and tokens[k].lower in _REPORTING_PARTICIPLES
            and tokens[k - 1].lower in _LINK_NOUNS and tokens[k + 1].lower == "by")


def object_of(tokens: list[Token], groups: list[Group], match: TriggerMatch) -> tuple[Group | None, int]:
    """The target group for the trigger's target spec and the index where it was looked for."""
    trigger = match.trigger
    after = match.last + 1
    if trigger.target == "none":
        return None, after
    if trigger.target == "object":
        time_words = words()["time_words"]
        while after < len(tokens) and tokens[after].lower in time_words and after - match.last <= 3:
            after += 1  # "demanded Friday that the United States ..."
        if after < len(tokens) and tokens[after].lower in ("in", "at") and trigger.joint:
            return None, after  # "will meet in Abu Dhabi": a place, not a partner
        return _np_group(tokens, groups, after), after
    if trigger.target == "complement":
        for k in range(after, min(after + PREP_REACH, len(tokens))):
            if tokens[k].lower in ("to", "with") and k + 1 < len(tokens):
                found = _np_group(tokens, groups, k + 1)
                if found is not None:
                    return found, k + 1
            if tokens[k].text in CLAUSE_PUNCT:
                break
        direct = _np_group(tokens, groups, after) if after < len(tokens) and tokens[after].lower != "to" else None
        return direct or _np_group(tokens, groups, min(after + 1, len(tokens))), after + 1
    preps = set(trigger.target) - {"object"}
    reach = NOUN_PREP_REACH if trigger.pos == "noun" else PREP_REACH
    for k in range(after, min(after + reach, len(tokens))):
        token = tokens[k]
        if token.text in CLAUSE_PUNCT or token.text == ";":
            break
        if token.lower == "to" and k + 1 < len(tokens) and tokens[k + 1].text.islower() \
                and tokens[k + 1].lower not in words()["determiners"]:
            if tokens[k + 1].lower in _BENEFIT_VERBS:  # "sent troops to help (defend) X": X receives
                j = k + 2 + (k + 2 < len(tokens) and tokens[k + 2].lower in _BENEFIT_VERBS)
                found = _np_group(tokens, groups, j) if j < len(tokens) else None
                if found is not None and token.lower in preps:
                    return found, k + 1
            continue  # an infinitive ("agreed to encourage ..."), not a recipient
        if token.lower in preps and not (token.lower == "by" and k > after and tokens[k - 1].lower not in _PARTICIPLES_BEFORE_BY):
            found = _np_group(tokens, groups, k + 1)
            if found is not None:
                return found, k + 1  # else go on: "eased measures on Wednesday in Montenegro" 
        if token.text == "," and k > after:
            break
    if "object" in trigger.target and trigger.pos == "verb":
        found = _first_object(tokens, groups, match)
        if found is not None:
            return found, match.head + 1
    return None, after


def _first_object(tokens: list[Token], groups: list[Group], match: TriggerMatch) -> Group | None:
    """The recipient of a double-object verb, for a target list holding "object" as its fallback: "gave
    Tanzania a grant", "sent the Kurds 20 tonnes of food", "provided Haiti with aid". The actor must stand
    right after the verb (after at most "the") and be followed by the start of the second object."""
    k = match.head + 1
    if k < len(tokens) and tokens[k].lower == "the":
        k += 1
    group = group_starting_in(groups, match.head + 1, k + 1)
    if group is None or group.last + 1 >= len(tokens) or group.phrases[0].pronoun:
        return None
    nxt = tokens[group.last + 1]
    if nxt.lower in POSSESSIVE or any(m.kind == "adjective" for p in group.phrases for m in p.owners):
        return None  # "gave Pakistan's army", "sent Afghan aid": a modifier of the thing given
    if match.gap is not None and group.last < match.last:
        return group  # "gave Kenya emergency aid": the pattern's noun is the second object
    second = nxt.lower in words()["determiners"] or nxt.text[:1].isdigit() or nxt.text[:1] in "$€£" or nxt.lower == "with"
    return group if second else None


def _noun_source(tokens: list[Token], groups: list[Group], match: TriggerMatch) -> Group | None:
    """Possessor or adjective before a noun trigger: "Pakistan's support", "his visit", "Turkish visit"."""
    i = match.head - 1
    hops = 0
    while i >= 0 and hops <= 3:
        token = tokens[i]
        if token.lower in POSSESSIVE:
            return group_ending_at(groups, i - 1)
        group = group_ending_at(groups, i)
        if group is not None:
            phrase = group.phrases[-1]
            if phrase.pronoun in ("his", "her", "its", "their", "our", "my"):
                return group
            if any(m.kind in ("adjective", "demonym") for m in phrase.owners) or phrase.led or (
                    phrase.modifier and match.trigger.joint):
                return group
            return None
        if token.lower in ("a", "an", "the") or not token.text[:1].isalnum():
            return None
        i -= 1
        hops += 1
    return None


def _on_a_visit(tokens: list[Token], groups: list[Group], match: TriggerMatch) -> Group | None:
    """'X, who is on an official visit to Y, ...', 'X was in Y on a visit': the one "on" the visit is its source."""
    for k in range(match.head - 1, max(match.head - 5, -1), -1):
        if tokens[k].lower in ("on", "during"):
            return subject_of(tokens, groups, k)
        if tokens[k].text in CLAUSE_PUNCT or tokens[k].text == ",":
            return None
    return None


def _passive(tokens: list[Token], match: TriggerMatch) -> bool:
    head = tokens[match.head]
    if match.trigger.pos == "verb" and head.lower.endswith("ed") and match.head > 0 \
            and tokens[match.head - 1].text == "," and match.last + 1 < len(tokens) \
            and tokens[match.last + 1].lower == "by":
        return True  # a reduced relative: "Britain, backed by the Netherlands, opposed ..."
    if match.trigger.pos != "verb" or not (head.lower.endswith(("ed", "en", "wn")) or head.lower in ("met", "held", "struck", "shot", "led", "sent", "hit", "seized")):
        return False
    i = match.head - 1
    while i >= 0 and (tokens[i].lower in words()["adverbs"] or tokens[i].lower.endswith("ly")):
        i -= 1
    if not (i >= 0 and tokens[i].lower in words()["be_forms"] and tokens[i].lower not in ("'s", "’s")):
        return False
    return not _adjectival(tokens, match)


def _adjectival(tokens: list[Token], match: TriggerMatch) -> bool:
    """'X is opposed to Y', 'X is committed to Y': a stative participle (``words.yaml``:
    ``adjectival_participles``) followed by "to" and no by-phrase is an adjective with its complement, not a
    passive. Verbs that move something keep their passive ("refugees were deported to X": the subject is
    moved, the deporter unnamed)."""
    k = match.last + 1
    if k >= len(tokens) or tokens[k].lower != "to" or tokens[match.last].lower not in words()["adjectival_participles"]:
        return False
    for j in range(k + 1, min(k + 1 + PREP_REACH, len(tokens))):
        if tokens[j].lower == "by":
            return False
        if tokens[j].text in CLAUSE_PUNCT:
            break
    return True


def _by_group(tokens: list[Token], groups: list[Group], match: TriggerMatch) -> Group | None:
    reach = NOUN_PREP_REACH if match.trigger.pos == "noun" else PREP_REACH
    # From the pattern's last word: a pattern may end in its "by" ("was signed by X and Y").
    for k in range(match.last, min(match.last + reach + 1, len(tokens))):
        if tokens[k].lower == "by":
            return _np_group(tokens, groups, k + 1)
        if tokens[k].text in CLAUSE_PUNCT:
            break
    return None


def _negated(tokens: list[Token], match: TriggerMatch) -> bool:
    negators = words()["negators"]
    i = match.head - 1
    while i >= 0 and match.head - i <= 4:
        token = tokens[i]
        if token.lower in negators:
            return True
        if not (skippable(token) or token.lower in ("from",)):
            return False
        i -= 1
    return False


def _to_clause(tokens: list[Token], target: Group | None, match: TriggerMatch) -> bool:
    k = (target.last if target is not None else match.last) + 1
    return k + 1 < len(tokens) and tokens[k].lower == "to" and tokens[k + 1].text[:1].islower()


def find_roles(tokens: list[Token], groups: list[Group], match: TriggerMatch) -> Roles:
    trigger = match.trigger
    negated = _negated(tokens, match)
    reciprocal = any(tokens[k].lower in ("each", "one") and k + 1 < len(tokens) and tokens[k + 1].lower in ("other", "another")
                     for k in range(match.last + 1, min(match.last + 3, len(tokens))))
    if trigger.pos == "noun":
        source = _noun_source(tokens, groups, match)
        target, _ = object_of(tokens, groups, match)
        if trigger.of in ("source", "target"):
            of_group = None
            if match.last + 1 < len(tokens) and tokens[match.last + 1].lower == "of":
                of_group = _np_group(tokens, groups, match.last + 2)
            if of_group is not None and trigger.of == "source" and source is None:
                source = of_group
                if target is None:  # "the visit of X to Y": the target follows the of-phrase
                    target, _ = object_of(tokens, groups, TriggerMatch(trigger, match.head, of_group.last, None))
            elif of_group is not None and trigger.of == "target" and target is None:
                target = of_group
        if source is None:
            source = _by_group(tokens, groups, match) or _on_a_visit(tokens, groups, match)
        return Roles(source, target, negated=negated, reciprocal=reciprocal)
    subject = subject_of(tokens, groups, match.head)
    target, at = object_of(tokens, groups, match)
    via = tokens[at - 1].lower if match.last < at - 1 < len(tokens) and target is not None else "object"
    if trigger.gap_target and match.gap is not None:
        target = group_starting_in(groups, *match.gap) or target
    if _passive(tokens, match):
        agent = _by_group(tokens, groups, match)
        if agent is None and trigger.joint:
            agent = target  # "an agreement was signed between X and Y": the parties themselves
        return Roles(agent, subject, passive=True, negated=negated)
    if trigger.reverse:
        return Roles(target, subject, negated=negated)
    if subject is None and match.gap is not None and not after_conjunction(tokens, match.head):
        subject = group_starting_in(groups, *match.gap)  # "reaffirmed Pakistan's support" with no subject
        if subject is not None and (subject is target or subject.phrases[0].pronoun):
            subject = None
    return Roles(subject, target, negated=negated, to_clause=_to_clause(tokens, target, match), reciprocal=reciprocal,
                 via=via)


def has_office(tokens: list[Token], group: Group | None) -> bool:
    """Whether a group names an office holder or body (for triggers that need a person as target)."""
    if group is None:
        return False
    return any(p.office or any(m.kind == "person" for m in p.owners) or any(is_office(t) for t in tokens[p.first:p.last + 1])
               for p in group.phrases)
