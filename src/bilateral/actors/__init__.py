"""Actor resolver: which state or international organisation a piece of text names.

    find_mentions(text) -> list[ActorMention]     every dictionary name, left to right
    with_surnames(text, found) -> list[ActorMention]  and a named person's surname after their full name
    without_national_bodies(text, found)             less the organisation names a state's name owns
    person_code(tenures, day, published) -> code  the country an office holder acted for

Names are matched on word boundaries, case-sensitively, longest first, so
"Tirana" is not Iran and "Indiana" not India. A person resolves through their
tenures (see ``person_code``); anything the dictionaries do not know is left to
the caller to report as text with no country: nothing is guessed.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bilateral.actors.lexicon import (Entry, Tenure, actor_regex, capital_codes, country_names, entries,
                                      referable_offices, roles)

__all__ = ["ActorMention", "Tenure", "capital_codes", "country_names", "find_mentions", "person_code",
           "referable_offices", "roles", "with_surnames", "without_national_bodies"]


@dataclass(frozen=True)
class ActorMention:
    start: int  # offsets into the text searched
    end: int
    text: str
    code: str | None  # None for a person (resolved by date) and for blocked phrases
    kind: str  # name, adjective, demonym, capital, igo, person, blocked
    tenures: tuple[Tenure, ...] = ()

    @property
    def blocked(self) -> bool:
        return self.kind == "blocked"


def find_mentions(text: str) -> list[ActorMention]:
    """Every actor name in ``text`` (blocked phrases included, so callers can skip their span)."""
    table = entries()
    found = []
    for match in actor_regex().finditer(text):
        entry: Entry = table[match.group()]
        found.append(ActorMention(match.start(), match.end(), match.group(), entry.code, entry.kind, entry.tenures))
    return found


# The word before a name and the word after it: a capitalised one makes the surname part of another name.
_WORD_BEFORE = re.compile(r"([\w.'’-]+)[ \t]+$")
_CAPITALISED_AFTER = re.compile(r"[ \t]+[A-Z]")


def with_surnames(text: str, found: list[ActorMention]) -> list[ActorMention]:
    """``found`` and, after a person's full name, their surname standing alone ("Shehbaz Sharif ... Sharif said").

    News names a person in full once and by surname after. Left alone: a surname that two persons named in
    the text share, one that is a dictionary name itself, and one inside a longer name ("Nawaz Sharif",
    "Sharif Foundation"): only a title ("Prime Minister Sharif") may stand before it.
    """
    table, titles = entries(), roles()["titles"]
    people: dict[str, tuple[int, tuple[Tenure, ...]]] = {}
    shared: set[str] = set()
    for mention in found:
        words = mention.text.split()
        if mention.kind != "person" or len(words) < 2 or len(words[-1]) < 3 or not words[-1][0].isupper():
            continue
        surname = words[-1]
        if surname in people and {t.name for t in people[surname][1]} != {t.name for t in mention.tenures}:
            shared.add(surname)
        people.setdefault(surname, (mention.end, mention.tenures))
    taken = [(m.start, m.end) for m in found]
    added = []
    for surname, (after, tenures) in people.items():
        if surname in shared or surname in table:
            continue
        for match in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            start, end = match.span()
            if start < after or any(s < end and start < e for s, e in taken):
                continue
            before = _WORD_BEFORE.search(text, max(0, start - 40), start)
            word = before.group(1) if before else ""
            # A capitalised word before it, unless it ends a sentence or is a title, makes it part of a longer name.
            if word[:1].isupper() and not word.endswith(".") and word.lower() not in titles:
                continue
            if _CAPITALISED_AFTER.match(text, end):
                continue
            added.append(ActorMention(start, end, surname, None, "person", tenures))
    return sorted([*found, *added], key=lambda m: m.start) if added else found


_POSSESSIVE_GAP = re.compile(r"(?:['’]s)?\s+")
# "Turkey's NATO allies", "Pakistan's OIC partners": the organisation's other members, not the state's body.
_FELLOW_MEMBERS = re.compile(r"\s+(?:allies|partners|members|counterparts|neighbours|neighbors|peers)\b")
_COUNTRY_KINDS = frozenset({"name", "adjective", "demonym", "capital"})


def without_national_bodies(text: str, found: list[ActorMention]) -> list[ActorMention]:
    """``found`` less the organisation names that a state's name owns: "Armenia's Security Council
    Secretary" is Armenia's official, not the UN's; "Pakistan's UN envoy" acts for Pakistan."""
    kept: list[ActorMention] = []
    for mention in found:
        previous = kept[-1] if kept else None
        if (mention.kind == "igo" and previous is not None and previous.kind in _COUNTRY_KINDS
                and _POSSESSIVE_GAP.fullmatch(text, previous.end, mention.start)
                and not _FELLOW_MEMBERS.match(text, mention.end)):
            continue
        kept.append(mention)
    return kept


def person_code(tenures: tuple[Tenure, ...], day: dt.date | None, published: dt.date | None) -> str | None:
    """The code a person acted for on ``day``: the tenure covering the event's date, else the one
    covering the publication date, else the only code all their tenures share; otherwise None."""
    for reference in (day, published):
        if reference is None:
            continue
        codes = {t.code for t in tenures if t.covers(reference)}
        if len(codes) == 1:
            return codes.pop()
    codes = {t.code for t in tenures}
    return codes.pop() if len(codes) == 1 else None
