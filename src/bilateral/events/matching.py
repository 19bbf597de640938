"""Find trigger phrases in a sentence's tokens.

A head word is looked up in the lexicon index; the rest of the pattern must
follow, where a "~" gap may take up to ``GAP_WIDTH`` modifiers (determiners,
adjectives, possessives, numbers, names: "paid an official three-day visit to",
"reaffirmed Pakistan’s support for"). A verb head used as a noun ("the visit")
or a noun head used as a verb ("to visit") is skipped, by what stands before it.
"""
from __future__ import annotations

from dataclasses import dataclass

from bilateral.events.lexicon import GAP, GAP_WIDTH, Trigger, head_index, words
from bilateral.events.tokens import CLAUSE_PUNCT, POSSESSIVE, Token

# Before a noun: determiners, possessives, adjectives; before a verb: subjects, auxiliaries, "to".
_NOUN_LEFT = frozenset({"a", "an", "the", "his", "her", "its", "their", "our", "my", "this", "that", "these", "those",
                        "official", "state", "working", "bilateral", "recent", "historic", "landmark", "first",
                        "second", "high-level", "joint", "two-day", "three-day", "four-day", "of", "for", "during",
                        "after", "before", "upcoming", "planned", "whose", "trilateral", "such", "any", "no"})
_VERB_ONLY_LEFT = frozenset({"to", "will", "would", "shall", "should", "can", "could", "may", "might", "must",
                             "did", "does", "do", "not", "also", "jointly", "reportedly"})


# Words after which an -ing form is a verb ("while meeting X", "is visiting", "after signing").
_ING_VERB_LEFT = frozenset({"is", "are", "was", "were", "be", "been", "while", "after", "before", "by", "on", "upon",
                            "when", "of", "for", "without", "since", "and", "also", "jointly", "not", "from", "in",
                            "continue", "continues", "continued", "keep", "kept", "started", "began", "stop",
                            "stopped", "avoid", "refrained", "refrain", "considering", "about"})


# Words after which a bare verb form is a verb: "to support", "will visit", "also condemn".
_BARE_VERB_LEFT = frozenset({"to", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "did",
                             "do", "does", "not", "also", "and", "or", "we", "they", "i", "you", "jointly", "fully",
                             "strongly", "firmly", "always", "never", "who", "which", "that", "let", "help", "still",
                             "often", "regularly", "continue", "today", "now", "again", "both", "all"})


@dataclass(frozen=True)
class TriggerMatch:
    trigger: Trigger
    head: int  # token index of the head word
    last: int  # token index of the pattern's last word
    gap: tuple[int, int] | None  # token range [start, end) covered by the gap, if any


def _gap_word(token: Token, following: Token | None) -> bool:
    if token.text in CLAUSE_PUNCT or token.text in {",", "."}:
        return False
    if token.lower in ("and", "or", "but") and following is not None and following.text.islower() \
            and following.lower.endswith("ed"):
        return False  # "does not recognise Kosovo and criticised the role of": a new clause ("defence and economic" is not)
    if token.lower == "that" and following is not None and (
            following.text[:1].isupper() or following.lower in words()["subject_pronouns"]):
        return False  # "emphasised that Pakistan supports ...": a clause of its own, not "that support"
    return token.lower not in words()["prepositions"] or token.lower in {"of"} or token.lower in POSSESSIVE


def _in_number(tokens: list[Token], i: int) -> bool:
    return (0 < i < len(tokens) - 1 and tokens[i].text in (".", ",") and tokens[i - 1].text.isdigit()
            and tokens[i + 1].text.isdigit() and tokens[i].start == tokens[i - 1].end
            and tokens[i + 1].start == tokens[i].end)


def _fills(token: Token, slot: frozenset[str]) -> bool:
    """A token fills a slot by itself or by the first part of a hyphenated compound ("exercise-AMAN-2013")."""
    return token.lower in slot or token.lower.split("-")[0] in slot


def _match_rest(tokens: list[Token], trigger: Trigger, head: int) -> tuple[int, tuple[int, int] | None] | None:
    i = head + 1
    gap = None
    slots = trigger.slots[1:]
    for n, slot in enumerate(slots):
        if slot == GAP:
            nxt = slots[n + 1] if n + 1 < len(slots) else None
            start, width = i, 0
            while i < len(tokens) and width <= GAP_WIDTH:
                if nxt is not None and _fills(tokens[i], nxt):
                    break
                if _in_number(tokens, i):
                    i += 1  # the point of "$1.6 billion" or the comma of "1,500": part of a number, no gap word
                    continue
                if not _gap_word(tokens[i], tokens[i + 1] if i + 1 < len(tokens) else None):
                    return None
                i += 1
                width += 1
            gap = (start, i)
            continue
        if i >= len(tokens) or not _fills(tokens[i], slot):
            return None
        i += 1
    return i - 1, gap


def _usage_fits(tokens: list[Token], trigger: Trigger, head: int) -> bool:
    before = tokens[head - 1] if head > 0 else None
    word = tokens[head].lower
    if trigger.pos == "noun":
        if word.endswith(("ed",)) and not word.endswith("need"):
            return False
        if before is None:
            return True
        return before.lower in _NOUN_LEFT or before.lower in POSSESSIVE or before.is_actor or not before.text[:1].isalpha() \
            or before.lower.endswith(("al", "ic", "ful")) or before.compound
    # A verb in -s after a hyphenated noun is a plural noun ("hostage-takers demands").
    if word.endswith("s") and before is not None and before.text[:1].islower() and "-" in before.text:
        return False
    # A bare form after "is"/"was" is no verb ("he is back in London").
    if word == trigger.lemma and before is not None and before.lower in ("is", "are", "was", "were", "be", "been"):
        return False
    # A bare verb form after an adjective is a noun ("strong demand", "a Latin American tour"); after a
    # plural noun it is a present tense ("both countries support").
    if word in trigger.slots[0] and before is not None and word == trigger.lemma and (
            before.text.islower() and before.text.isalpha() and not before.lower.endswith("s")
            and before.lower not in _BARE_VERB_LEFT and not before.lower.endswith("ly")
            or any(m.blocked or m.kind == "adjective" for m in before.mentions) and before.capitalised):
        return False
    # A verb: not right after a determiner or possessive ("the visit", "his support").
    if before is not None and (before.lower in {"a", "an", "the", "his", "her", "its", "their", "our", "this", "whose"}
                               or before.lower in POSSESSIVE):
        return False
    if word.endswith("ing") and before is not None and before.text[:1].isalpha() \
            and before.lower not in _ING_VERB_LEFT and not before.is_actor:
        return False  # "the OIC contact group meeting": a noun, not the verb
    return True


def find_triggers(tokens: list[Token]) -> list[TriggerMatch]:
    """Every trigger phrase; at one head the longest pattern that fits wins, verb and noun readings
    never both (the verb when the usage allows it)."""
    index = head_index()
    found: list[TriggerMatch] = []
    covered = -1  # last token of the previous match: words inside a longer pattern start nothing
    for head in [k for k, t in enumerate(tokens) if t.lower in index]:  # most words head no trigger
        token = tokens[head]
        if head <= covered or (token.capitalised and head > 0 and token.is_actor):
            continue
        candidates = index[token.lower]
        best = None
        for trigger in candidates:
            rest = _match_rest(tokens, trigger, head)  # fails more often than the usage test, and sooner
            if rest is None or not _usage_fits(tokens, trigger, head):
                continue
            last, gap = rest
            if best is None or last > best.last or (
                    last == best.last and len(trigger.slots) > len(best.trigger.slots)) or (
                    last == best.last and len(trigger.slots) == len(best.trigger.slots)
                    and trigger.pos == "verb" and best.trigger.pos == "noun"):
                best = TriggerMatch(trigger, head, last, gap)
        if best is not None:
            found.append(best)
            covered = best.last
    return found
