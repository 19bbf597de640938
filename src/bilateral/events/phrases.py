"""Actor phrases: the noun phrases around actor names, and coordinations of them.

"the Foreign Secretary of Pakistan", "Azerbaijan’s Ambassador to Pakistan Ali
Alizada", "Pakistani and Azerbaijani armed forces" are each read as one phrase
whose *owners* are the states it acts for. A state named after a diplomatic
office with "to"/"in" ("Ambassador of Azerbaijan to Pakistan") is the *host*
and does not own the phrase. Phrases joined by "and" or commas form a group
("Pakistan, Turkey, and Iran"). Names inside hyphenated compounds
("Pakistan-Azerbaijan relations") only modify a noun and own no phrase, except
"X-led"/"X-backed", where X is the agent.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from bilateral.actors import ActorMention, person_code, referable_offices, roles
from bilateral.triepattern import compile_phrases
from bilateral.events.lexicon import head_index, words
from bilateral.events.tokens import POSSESSIVE, Token

MAX_ADJECTIVES = 2  # "Iran's religious leader": modifiers allowed between a possessive and an office word
_MONTHS_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


@dataclass
class Phrase:
    first: int  # token indices, inclusive
    last: int
    owners: list[ActorMention] = field(default_factory=list)
    hosts: list[ActorMention] = field(default_factory=list)
    office: bool = False  # names an office holder or body ("Foreign Minister", "embassy")
    led: bool = False  # "Pakistan-led": the owner is the agent of the next noun
    modifier: bool = False  # a name inside a hyphenated compound: not an actor by itself
    pronoun: str | None = None  # he, she, it, they, we, i, or a generic plural ("the two countries")
    resolved: tuple[str, ...] | None = None  # codes a pronoun or generic plural stands for
    title: str | None = None  # the office of "the chancellor", to find who held it earlier in the text

    def codes(self, day: dt.date | None, published: dt.date | None) -> tuple[str | None, ...]:
        """The codes this phrase acts for: named states first, else office holders by tenure."""
        if self.resolved is not None:
            return self.resolved
        states = [m.code for m in self.owners if m.code]
        if states:
            return tuple(dict.fromkeys(states))
        people = [person_code(m.tenures, day, published) for m in self.owners if m.kind == "person"]
        return tuple(dict.fromkeys(people)) if people else (None,)

    @property
    def dated_codes(self) -> bool:
        """Whether ``codes`` depends on the day: office holders with no state named, known by tenure."""
        return self.resolved is None and not any(m.code for m in self.owners) \
            and any(m.kind == "person" for m in self.owners)


@dataclass
class Group:
    """One phrase or several coordinated ones ("Pakistan and Azerbaijan")."""

    phrases: list[Phrase]

    @property
    def first(self) -> int:
        return self.phrases[0].first

    @property
    def last(self) -> int:
        return self.phrases[-1].last

    def codes(self, day: dt.date | None, published: dt.date | None) -> tuple[str | None, ...]:
        found = [c for p in self.phrases for c in p.codes(day, published)]
        return tuple(dict.fromkeys(found))

    @property
    def dated_codes(self) -> bool:
        return any(p.dated_codes for p in self.phrases)

    @property
    def plural(self) -> bool:
        return len(self.phrases) > 1 or (self.phrases[0].resolved is not None and len(self.phrases[0].resolved) > 1)


def is_office(token: Token) -> bool:
    return token.lower in roles()["office"]


def is_name_word(token: Token) -> bool:
    """A capitalised word that can continue a name or title ("Zakir", "Hasanov", "H.")."""
    return (
        token.capitalised
        and token.text[:1].isalpha()
        and token.lower not in _MONTHS_DAYS
        and token.lower not in words()["determiners"]
        and token.lower not in words()["conjunctions"]
        and token.lower not in words()["prepositions"]
        and token.lower not in head_index()
    )


def _extend(tokens: list[Token], phrase: Phrase, taken: set[int]) -> None:
    """Grow a seed over titles, offices, names, possessives and diplomatic hosts."""
    i = phrase.first - 1
    while i >= 0:
        token = tokens[i]
        if is_office(token) or (is_name_word(token) and not token.is_actor):
            phrase.office |= is_office(token)
        elif token.lower == "of" and i > 0 and is_office(tokens[i - 1]):
            pass
        elif token.lower == "the":
            phrase.first = i
            taken.add(i)
            break
        else:
            break
        phrase.first = i
        taken.add(i)
        i -= 1
    diplomatic = roles()["diplomatic"]
    i = phrase.last + 1
    while i < len(tokens):
        token = tokens[i]
        if token.lower in POSSESSIVE and i == phrase.last + 1:
            nxt = _skip_modifiers(tokens, i + 1)
            if nxt is not None and is_office(tokens[nxt]):
                phrase.office = True
                i = nxt
                continue
            break
        if is_office(token) or (token.is_actor and not token.compound and i == phrase.last + 1):
            phrase.office |= is_office(token)
            phrase.owners += [m for m in token.mentions if not m.blocked and m not in phrase.owners]
        elif token.lower == "of" and i + 1 < len(tokens) and (is_office(tokens[i + 1]) or tokens[i + 1].lower == "the"):
            pass
        elif token.lower in ("to", "in", "at") and any(tokens[k].lower in diplomatic for k in range(phrase.first, i)):
            j = i + 1 + (i + 1 < len(tokens) and tokens[i + 1].lower == "the")
            if j < len(tokens) and tokens[j].is_actor:
                phrase.hosts += [m for m in tokens[j].mentions if not m.blocked]
                taken.add(j)
                i = j
            else:
                break
        elif is_name_word(token) and not token.is_actor and (phrase.office or phrase.owners):
            pass
        else:
            break
        phrase.last = i
        taken.add(i)
        i += 1


def _skip_modifiers(tokens: list[Token], i: int) -> int | None:
    """Index of the first office word after at most MAX_ADJECTIVES lower-case modifiers, if any."""
    for k in range(i, min(i + MAX_ADJECTIVES + 1, len(tokens))):
        if is_office(tokens[k]):
            return k
        if not tokens[k].text[:1].isalpha() or tokens[k].lower in words()["prepositions"]:
            return None
    return None


PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "his", "her", "its", "their", "our", "my"})
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their", "our", "my"})


@cache
def _generic_regex() -> re.Pattern:
    return compile_phrases(roles()["generic_plural"], flags=re.IGNORECASE)


def _generic_plurals(tokens: list[Token], taken: set[int], text: str) -> list[Phrase]:
    """"the two countries", "both sides": phrases that stand for parties named earlier."""
    found: list[Phrase] = []
    matches = list(_generic_regex().finditer(text)) if tokens else []
    if not matches:
        return found
    starts = {t.start: t.index for t in tokens}
    ends = {t.end: t.index for t in tokens}
    for match in matches:
        first, last = starts.get(match.start()), ends.get(match.end())
        if first is not None and last is not None and not taken & set(range(first, last + 1)):
            found.append(Phrase(first, last, pronoun="plural"))
            taken.update(range(first, last + 1))
    return found


def _titled_names(tokens: list[Token], taken: set[int]) -> list[Phrase]:
    """"Governor Shah Farman", "President Dos Santos": an office holder the dictionaries do not know."""
    titles = roles()["titles"]
    found = []
    for i, token in enumerate(tokens[:-1]):
        if i in taken or not token.capitalised or token.lower not in titles:
            continue
        j = i + 1
        while j < len(tokens) and j not in taken and is_name_word(tokens[j]) and not tokens[j].is_actor:
            j += 1
        if j - i >= 2 and tokens[j - 1].lower not in roles()["office"]:
            found.append(Phrase(i, j - 1, office=True))
            taken.update(range(i, j))
    return found


def _definite_offices(tokens: list[Token], taken: set[int]) -> list[Phrase]:
    """'the chancellor', 'the foreign minister': an office holder named before, or a side that is there
    but whose state the text does not give (resolved by ``discourse``; ``Phrase.title`` keeps the office)."""
    titles = referable_offices()
    found = []
    for i in range(len(tokens) - 1):
        if tokens[i].lower != "the" or i in taken:
            continue
        j = i + 1
        while j < len(tokens) and j not in taken and tokens[j].lower in roles()["office"] and j - i <= 3:
            j += 1
        title = " ".join(t.lower for t in tokens[i + 1:j])
        if j > i + 1 and title in titles and not (j < len(tokens) and tokens[j].lower == "of"):
            found.append(Phrase(i, j - 1, office=True, pronoun="office", title=title))
            taken.update(range(i, j))
    return found


_SIDE_MODIFIERS = frozenset({"national", "women", "men", "junior", "senior", "youth"})  # "women's cricket team"


def _no_state(tokens: list[Token], i: int) -> bool:
    """A country name opening a company's name ("China Everbright Holdings Co Ltd"), money ("the Australian
    dollar") or a sports side ("Pakistan's national cricket team", "Azerbaijani wrestlers")."""
    company = roles()["company"]
    if i + 1 < len(tokens) and tokens[i + 1].lower in roles()["currency"]:
        return True  # "the Australian dollar"
    k = i + 1
    while k < len(tokens) and (tokens[k].text in POSSESSIVE or tokens[k].lower in _SIDE_MODIFIERS):
        k += 1
    if k < len(tokens) and tokens[k].lower in roles()["sport"]:
        return True
    for k in range(i + 1, min(i + 6, len(tokens))):
        if tokens[k].lower in company and tokens[k].capitalised:
            return True
        if not tokens[k].capitalised and tokens[k].text not in ("&", "'s", "’s"):
            return False
    return False


def find_phrases(tokens: list[Token], text: str) -> list[Phrase]:
    """Actor phrases of a sentence, left to right (named actors, pronouns, generic plurals, titled names)."""
    phrases: list[Phrase] = []
    taken: set[int] = set()
    for i, token in enumerate(tokens):
        if i in taken or not token.is_actor:
            continue
        owners = [m for m in token.mentions if not m.blocked]
        if token.compound:
            phrases.append(Phrase(i, i, owners, led=token.led_compound, modifier=not token.led_compound))
            taken.add(i)
            continue
        if _no_state(tokens, i):
            continue
        phrase = Phrase(i, i, owners)
        taken.add(i)
        _extend(tokens, phrase, taken)
        phrases.append(phrase)
    phrases += _generic_plurals(tokens, taken, text)
    phrases += _titled_names(tokens, taken)
    phrases += _definite_offices(tokens, taken)
    offices = {p.first for p in phrases if p.office and not p.pronoun}
    for i, token in enumerate(tokens):
        # "his Pakistani counterpart": a possessive before an office holder is its determiner, not a party
        if i not in taken and token.lower in PRONOUNS and not (token.lower in _POSSESSIVE_PRONOUNS and i + 1 in offices):
            phrases.append(Phrase(i, i, pronoun=token.lower))
    return sorted(phrases, key=lambda p: p.first)


def group_phrases(tokens: list[Token], phrases: list[Phrase]) -> list[Group]:
    """Join phrases separated only by "and", "," or ", and" (also "&" and "as well as")."""
    groups: list[Group] = []
    for phrase in phrases:
        if groups and not phrase.modifier and not groups[-1].phrases[-1].modifier:
            between = [t.lower for t in tokens[groups[-1].last + 1: phrase.first]]
            if between[-1:] and between[-1] in _POSSESSIVE_PRONOUNS:
                between = between[:-1]  # "X and his Pakistani counterpart"
            if between and set(between) <= {"and", ",", "&", "as", "well", "both"} and (
                    "and" in between or "&" in between or between == [","]):
                groups[-1].phrases.append(phrase)
                continue
        groups.append(Group([phrase]))
    # Commas alone do not make a list ("Mozambique, the Portuguese minister said"): only "X, Y and Z" does.
    out: list[Group] = []
    for group in groups:
        separators = [{t.lower for t in tokens[a.last + 1:b.first]} for a, b in zip(group.phrases, group.phrases[1:])]
        if len(group.phrases) > 1 and not any({"and", "&"} & sep for sep in separators):
            out += [Group([p]) for p in group.phrases]
        else:
            out.append(group)
    return out
