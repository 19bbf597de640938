"""Actor resolver: which state or international organisation a piece of text names.

    find_mentions(text) -> list[ActorMention]     every dictionary name, left to right
    person_code(tenures, day, published) -> code  the country an office holder acted for

Names are matched on word boundaries, case-sensitively, longest first, so
"Tirana" is not Iran and "Indiana" not India. A person resolves through their
tenures (see ``person_code``); anything the dictionaries do not know is left to
the caller to report as text with no country: nothing is guessed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bilateral.actors.lexicon import Entry, Tenure, actor_regex, capital_codes, country_names, entries, roles

__all__ = ["ActorMention", "Tenure", "capital_codes", "country_names", "find_mentions", "person_code", "roles"]


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
