"""The trigger lexicon (``data/triggers/events.yaml``) and word classes (``words.yaml``), loaded once.

Each trigger entry becomes a ``Trigger``: a pattern of word slots whose head
(the first slot) is indexed under every inflected form, so matching a sentence
costs one dictionary look-up per token. Inflection is by rule (``inflect``),
with the exceptions listed in ``irregular_verbs.yaml``; British and American
spellings of -ise/-ize verbs are both generated.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources

from bilateral import vocab
from bilateral.actors.lexicon import read_yaml

GAP = "~"  # pattern slot: up to GAP_WIDTH modifier tokens
GAP_WIDTH = 4


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: how a phrase reports an event and where its actors stand."""

    pos: str  # verb or noun
    slots: tuple[frozenset[str] | str, ...]  # word alternatives per slot, or GAP; slot 0 holds the inflected heads
    type: str
    mode: str | None = None
    target: str | tuple[str, ...] = "object"  # object | none | complement | prepositions
    of: str | None = None  # nouns: the of-phrase is the source or the target
    joint: bool = False
    place: bool = False
    reverse: bool = False
    to_clause: str | None = None
    negated: str | None = None
    cues: tuple[tuple[str, frozenset[str]], ...] = ()
    stative: bool = False
    gap_target: bool = False
    governs: bool = False
    target_person: bool = False
    needs_to_clause: bool = False
    requires: frozenset[str] = field(default_factory=frozenset)
    not_before: frozenset[str] = field(default_factory=frozenset)
    follows: frozenset[str] = field(default_factory=frozenset)  # the noun the pattern must come after (a passive's subject)
    pattern: str = ""  # as written in the lexicon, for messages

    @cached_property
    def lemma(self) -> str | None:
        """A verb head's base form as written in the lexicon (the first word of the pattern)."""
        return self.pattern.split()[0].split("/")[0].lower() if self.pos == "verb" else None


def _data(path: str):
    return read_yaml(resources.files("bilateral").joinpath(f"data/triggers/{path}").read_text(encoding="utf-8"))


@cache
def words() -> dict[str, frozenset[str]]:
    return {key: frozenset(str(v).lower() for v in values) for key, values in _data("words.yaml").items()}


def is_speech(token) -> bool:
    """A reporting verb ("said", "told"); only in lower case, so "the United States" reports nothing."""
    return token.lower in words()["speech_verbs"] and token.text.islower()


@cache
def _irregular() -> tuple[dict[str, list[str]], frozenset[str]]:
    raw = _data("irregular_verbs.yaml")
    return raw["irregular"], frozenset(raw["doubling"])


_VOWEL = "aeiou"


def _doubles(lemma: str) -> bool:
    """One-syllable verbs ending consonant-vowel-consonant double it (ban -> banned); see also the list."""
    if lemma in _irregular()[1]:
        return True
    return bool(re.fullmatch(r"[^aeiou]*[aeiou][bdgklmnprt]", lemma)) and not lemma.endswith(("w", "x", "y"))


def inflect_verb(lemma: str) -> set[str]:
    """base, 3rd person -s, past, past participle and -ing forms."""
    irregular, _ = _irregular()
    forms = {lemma}
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWEL:
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma in irregular:
        forms.update(irregular[lemma])
    if lemma.endswith("e"):
        forms.add(lemma + "d")
        forms.add(lemma + "ing" if lemma.endswith(("ee", "ye", "oe")) else lemma[:-1] + "ing")
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWEL:
        forms.update({lemma[:-1] + "ied", lemma + "ing"})
    elif _doubles(lemma):
        forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
    else:
        forms.update({lemma + "ed", lemma + "ing"})
        if re.search(r"(?:[^aeiou][aeiou]|ia|ua|ue)l$", lemma):  # British -ll-: travelled, initialled, fuelled
            forms.update({lemma + "led", lemma + "ling"})
    if lemma in irregular:  # "meet" has no "meeted"
        forms.discard(lemma + "ed")
        forms.discard(lemma + lemma[-1:] + "ed")
    return forms


def inflect_noun(lemma: str) -> set[str]:
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return {lemma, lemma + "es"} if not lemma.endswith("s") else {lemma}
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWEL:
        return {lemma, lemma[:-1] + "ies"}
    return {lemma, lemma + "s"}


def _spellings(word: str) -> set[str]:
    """recognise/recognize, mobilise/mobilize, criticise/criticize (and their -ed/-ing forms)."""
    variants = {word}
    for a, b in (("is", "iz"), ("iz", "is")):
        match = re.search(rf"{a}(e|es|ed|ing|ation|ations)$", word)
        if match and len(word) > 6:
            variants.add(word[: match.start()] + b + word[match.start() + 2:])
    return variants


def _slots(pattern: str, pos: str) -> tuple[frozenset[str] | str, ...]:
    parts = pattern.lower().split()
    slots: list[frozenset[str] | str] = []
    for i, part in enumerate(parts):
        if part == GAP:
            slots.append(GAP)
            continue
        alternatives: set[str] = set()
        for word in part.split("/"):
            forms = (inflect_verb(word) if pos == "verb" else inflect_noun(word)) if i == 0 else {word}
            if i > 0 and pos == "verb" and word not in words()["prepositions"]:
                forms = forms | inflect_noun(word)  # "sign ~ agreement(s)"
            for form in forms:
                alternatives |= _spellings(form)
        slots.append(frozenset(alternatives))
    return tuple(slots)


def _trigger(entry: dict) -> Trigger:
    pos = "verb" if "verb" in entry else "noun"
    pattern = entry[pos]
    if entry["type"] not in vocab.PLOVER_TYPES:
        raise ValueError(f"trigger {pattern!r}: unknown type {entry['type']}")
    target = entry.get("target", "object" if pos == "verb" else "none")
    if isinstance(target, list) and not all(isinstance(t, str) for t in target):
        raise ValueError(f"trigger {pattern!r}: a target preposition is not a string (quote 'on')")
    cues = tuple((t, frozenset(w.lower() for w in ws)) for t, ws in (entry.get("cues") or {}).items())
    return Trigger(
        pos=pos, slots=_slots(pattern, pos), type=entry["type"], mode=entry.get("mode"),
        target=tuple(target) if isinstance(target, list) else target, of=entry.get("of"),
        joint=bool(entry.get("joint")), place=bool(entry.get("place")), reverse=bool(entry.get("reverse")),
        to_clause=entry.get("to_clause"), negated=entry.get("negated"), cues=cues,
        stative=bool(entry.get("stative")), gap_target=bool(entry.get("gap_target")), governs=bool(entry.get("governs")),
        target_person=bool(entry.get("target_person")), needs_to_clause=bool(entry.get("needs_to_clause")),
        requires=frozenset(entry.get("requires") or ()), not_before=frozenset(entry.get("not_before") or ()),
        follows=frozenset(w.lower() for w in entry.get("follows") or ()), pattern=pattern,
    )


@cache
def triggers() -> tuple[Trigger, ...]:
    return tuple(_trigger(entry) for entry in _data("events.yaml"))


@cache
def head_index() -> dict[str, tuple[Trigger, ...]]:
    """Lower-cased head form -> the triggers it may start, longest patterns first."""
    index: dict[str, list[Trigger]] = {}
    for trigger in triggers():
        for form in trigger.slots[0]:
            index.setdefault(form, []).append(trigger)
    return {form: tuple(sorted(found, key=lambda t: -len(t.slots))) for form, found in index.items()}
