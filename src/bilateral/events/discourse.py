"""What pronouns and "the two countries" stand for, and who is speaking.

Carried from sentence to sentence of one document:
- the last sentence's subject (for "He also called on ...", "It has always ...");
- the parties last named together (for "both countries signed ...");
- the current speaker and whether the text is inside a quotation (for "we"/"our").
"I"/"my"/"we" outside a quotation are the author: they resolve to nothing, so
the author's own travel and opinions never become events.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from bilateral.actors import referable_offices, roles
from bilateral.events.lexicon import is_speech, words
from bilateral.events.phrases import Group, Phrase
from bilateral.events.roles import subject_of
from bilateral.events.tokens import QUOTES_CLOSE, QUOTES_OPEN, Token

_NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4}
_QUOTE_MARKS = QUOTES_OPEN | QUOTES_CLOSE
JOINT_SENTENCES = 8  # "the two sides" is the pair of a meeting or call this many sentences back at most
RECENT_SENTENCES = 2  # "the two countries" looks for its parties in this many sentences before its own


@dataclass
class Discourse:
    subject: tuple[str, ...] = ()  # codes of the last sentence's subject
    named: list[str] = field(default_factory=list)  # codes in order of mention, most recent last
    speaker: tuple[str, ...] = ()
    in_quote: bool = False  # the previous sentence ended inside a quotation

    counts: Counter = field(default_factory=Counter)  # how often each code was named so far
    recent: list[list[str]] = field(default_factory=list)  # codes of the last sentences, one list each
    paragraph: list[str] = field(default_factory=list)  # codes named so far in the current paragraph
    offices: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "chancellor" -> codes of its last holder
    home: tuple[str, ...] = ()  # the state of the dateline's capital: whose "the foreign office" it is
    joint: tuple[str, ...] = ()  # the two parties of the last meeting or call (a readout's "the two sides")
    joint_age: int = JOINT_SENTENCES + 1  # sentences since that act

    def new_paragraph(self) -> None:
        self.paragraph = []
        self.in_quote = False

    def remember(self, codes: list[str], subject: tuple[str, ...]) -> None:
        self.joint_age += 1
        self.named = (self.named + codes)[-12:]
        self.counts.update(codes)
        self.recent = [*self.recent, codes][-RECENT_SENTENCES:]
        self.paragraph += codes
        if subject:
            self.subject = subject

    def last_distinct(self, n: int, before: list[str]) -> tuple[str, ...]:
        """The n parties "the two countries" stands for: those named just before it in the sentence,
        else the n the document has named most (an article's dyad), recency breaking ties."""
        recent = list(dict.fromkeys(reversed(before)))
        if len(recent) >= n:
            return tuple(sorted(recent[:n]))
        if n == 2 and not recent and self.joint and self.joint_age <= JOINT_SENTENCES:
            # "X held a call with Y. ... India's strikes ... The two sides agreed": the pair that met
            return self.joint
        order = {code: k for k, code in enumerate(self.named + before)}

        def rank(codes: set[str]) -> list[str]:
            return sorted(codes, key=lambda c: (-(self.counts[c] + before.count(c)), -order.get(c, -1)))

        # The last sentence naming enough parties, then the current paragraph, then the whole document.
        last = next((set(codes) for codes in reversed(self.recent) if len(set(codes) | set(before)) >= n), set())
        for pool in (last | set(before), set(self.paragraph) | set(before), set(self.counts) | set(before)):
            if len(pool) >= n:
                ranked = rank(pool)
                break
        else:
            return ()
        return tuple(sorted(ranked[:n])) if len(ranked) >= n else ()


def remember_offices(state: Discourse, tokens: list[Token], groups: list[Group], published) -> None:
    """Note which state each named office holder of the sentence acts for ("German Chancellor X")."""
    titles = referable_offices()
    for group in groups:
        for phrase in group.phrases:
            codes = tuple(c for c in phrase.codes(None, published) if c)
            if not phrase.office or not codes or phrase.pronoun:
                continue
            lowers = [t.lower for t in tokens[phrase.first:phrase.last + 1]]
            for n in (3, 2, 1):
                for k in range(len(lowers) - n + 1):
                    title = " ".join(lowers[k:k + n])
                    if title in titles:
                        state.offices[title] = codes
                        if title in roles()["envoy_titles"]:
                            state.offices.update(dict.fromkeys(roles()["envoy_titles"], codes))


def quote_flags(tokens: list[Token], starts_inside: bool) -> list[bool]:
    """For each token, whether it stands inside a quotation."""
    if not starts_inside and _QUOTE_MARKS.isdisjoint(t.text for t in tokens):
        return [False] * len(tokens)  # most sentences quote no one
    inside = starts_inside
    flags = []
    for token in tokens:
        if token.text in QUOTES_OPEN and token.text not in QUOTES_CLOSE:
            inside = True
        elif token.text in QUOTES_CLOSE and token.text not in QUOTES_OPEN:
            flags.append(inside)
            inside = False
            continue
        elif token.text == '"':
            inside = not inside
        flags.append(inside)
    return flags


def find_speaker(tokens: list[Token], groups: list[Group], day: dt.date | None, published: dt.date | None) -> tuple[str, ...]:
    """Codes of who speaks in the sentence: the subject of its first speech verb, or "according to X"."""
    speech_verbs = words()["speech_verbs"]
    for i, token in enumerate(tokens):
        if token.lower not in speech_verbs and token.lower != "according":
            continue  # most words neither report nor attribute: one set look-up rules them out
        if token.lower == "according" and i + 2 < len(tokens) and tokens[i + 1].lower == "to":
            for group in groups:
                if group.first in (i + 2, i + 3):
                    return _known(group.codes(day, published))
        if is_speech(token) and token.lower != "according":
            subject = subject_of(tokens, groups, i)
            if subject is None and i > 0 and tokens[i - 1].text in {",", "”", '"'}:  # '"...," said the minister'
                subject = next((g for g in groups if g.first in (i + 1, i + 2)), None)
            if subject is not None and any(subject.codes(day, published)):
                return _known(subject.codes(day, published))
    return ()


def _after_speech_verb(tokens: list[Token], i: int) -> bool:
    return any(is_speech(t) for t in tokens[max(0, i - 3):i])


def _known(codes: tuple[str | None, ...]) -> tuple[str, ...]:
    return tuple(c for c in codes if c)


def resolve_references(tokens: list[Token], groups: list[Group], state: Discourse, quotes: list[bool],
                       speaker: tuple[str, ...], day: dt.date | None, published: dt.date | None) -> None:
    """Fill ``Phrase.resolved`` for pronouns and generic plurals of one sentence."""
    before: list[str] = []
    person_before: tuple[str, ...] = ()  # codes of the first office holder named in the sentence
    for group in groups:
        for phrase in group.phrases:
            if phrase.pronoun is None:
                codes = _known(phrase.codes(day, published))
                before += codes
                if not person_before and len(codes) == 1 and (
                        phrase.office or any(m.kind == "person" for m in phrase.owners)):
                    person_before = codes
                continue
            phrase.resolved = _resolve(phrase, tokens, state, quotes, speaker, before, person_before)
            before += list(phrase.resolved)


def _resolve(phrase: Phrase, tokens: list[Token], state: Discourse, quotes: list[bool],
             speaker: tuple[str, ...], before: list[str], person_before: tuple[str, ...] = ()) -> tuple[str, ...]:
    word = phrase.pronoun
    quoted = quotes[phrase.first]
    if word == "office":
        title = phrase.title or ""
        if title in state.offices:
            return state.offices[title]
        # Under a dateline an office no state was named for is the home state's, but not one posted abroad
        # ("ISLAMABAD: The envoy called on ..." is a foreign envoy).
        return () if set(title.split()) & roles()["diplomatic"] else state.home
    if word in ("we", "our", "i", "my"):
        return speaker if quoted else ()
    if word == "plural":
        text = [t.lower for t in tokens[phrase.first:phrase.last + 1]]
        n = next((_NUMBERS[w] for w in text if w in _NUMBERS), 2)
        return state.last_distinct(n, before)
    if word in ("they", "their"):
        return state.last_distinct(2, before) if len(set(state.subject)) < 2 else state.subject
    if word in ("he", "she", "it", "they") and speaker and _after_speech_verb(tokens, phrase.first):
        return speaker  # "Switzerland said it had expelled ...": the pronoun is the speaker
    if word in ("he", "she", "his", "her"):
        if before and word in ("his", "her"):
            return (before[-1],)
        if person_before:  # "X paid a visit to Y, during which he met Z": the sentence's own official
            return person_before
        return state.subject if len(state.subject) == 1 else ()
    if word in ("it", "its"):
        if before:  # "a reminder to Iraq that it must ...": the nearest state named before
            return (before[-1],)
        return state.subject if len(state.subject) == 1 else ()
    return ()
