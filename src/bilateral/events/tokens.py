"""Tokens of one sentence, with the actor names that fall on them.

A token is a word (hyphenated compounds stay one token: "Pakistan-led",
"Colonel-General"), a possessive marker ("'s", "’s", "‟s") or one punctuation
mark. Offsets are relative to the sentence text.
"""
from __future__ import annotations

import bisect
import re

from bilateral.actors import ActorMention

# Possessive "'s"; dotted initialisms ("U.S.", "U.N."); words with inner hyphens; one punctuation mark.
# Possessive quantifiers (++, *+): nothing after them can need a backtrack, and the engine runs faster without.
_TOKEN = re.compile(r"[’'‟]s\b|[A-Za-z]\.(?:[A-Za-z]\.)++|\w++(?:[\-–]\w++)*+|[^\w\s]")
QUOTES_OPEN = frozenset({"“", '"', "‘", "«"})
QUOTES_CLOSE = frozenset({"”", '"', "’", "»"})
POSSESSIVE = frozenset({"'s", "’s", "‟s", "'"})
CLAUSE_PUNCT = frozenset({";", ":", "“", "”", '"', "(", ")", "—", "–", "?", "!"})


class Token:
    """One token; plain slots rather than a dataclass, because a megabyte of text makes 200,000 of them."""

    __slots__ = ("index", "start", "end", "text", "lower", "mentions", "compound", "is_actor", "capitalised")

    def __init__(self, index: int, start: int, end: int, text: str):
        self.index = index
        self.start = start  # offsets into the sentence text
        self.end = end
        self.text = text
        self.lower = text.lower()
        self.mentions: list[ActorMention] = _NO_MENTIONS
        self.compound = False  # a name glued by a hyphen to another word ("Pakistan-Azerbaijan", "Pakistan-led")
        self.is_actor = False  # carries a name that is not blocked
        self.capitalised = text[:1].isupper()

    def __repr__(self) -> str:
        return f"Token({self.index}, {self.text!r})"

    @property
    def led_compound(self) -> bool:
        """'Pakistan-led', 'US-backed': the named state is the agent of what follows."""
        return self.compound and bool(_LED.search(self.lower))


_NO_MENTIONS: list = []  # shared and never appended to: a token with names gets its own list
_LED = re.compile(r"[-–](?:led|backed|sponsored|brokered|funded|hosted|organised|organized)$")


def tokenize(text: str, mentions: list[ActorMention], offset: int = 0) -> list[Token]:
    """Tokens of ``text``; ``mentions`` carry offsets in the same frame as ``offset + token offsets``."""
    tokens = [Token(i, m.start(), m.end(), m.group()) for i, m in enumerate(_TOKEN.finditer(text))]
    if mentions:
        starts = [t.start for t in tokens]
        for mention in mentions:
            s, e = mention.start - offset, mention.end - offset
            i = max(bisect.bisect_right(starts, s) - 1, 0)
            while i < len(tokens) and tokens[i].start < e:
                token = tokens[i]
                if token.end > s:
                    if token.mentions is _NO_MENTIONS:
                        token.mentions = []
                    token.mentions.append(mention)
                    token.is_actor |= not mention.blocked
                    token.compound |= (s > token.start and token.text[s - token.start - 1] in "-–") or (
                        e < token.end and token.text[e - token.start] in "-–")
                i += 1
    return tokens
