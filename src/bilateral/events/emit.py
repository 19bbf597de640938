"""From a trigger with its roles to EventMention rows.

- Joint acts (met, signed, agreed, held talks): symmetric when two or more
  parties are known, from a coordinated subject ("X and Y met"), a subject and
  a with-phrase ("X met with Y"), or "each other". Parties are sorted; source
  and target are the first two of them.
- A negated joint act with a coordinated subject and no other party ("X and Y
  failed to reach agreement") is a symmetric act of the negated type (REJECT).
- Directed acts: one row per (source, target) pair of the coordinated groups;
  none when the target is the subject's own group ("X and Y refused to ...").
- A place in the target slot of a place-taking trigger stands for its country
  ("visited Baku" -> AZE); a courtesy call on an official nobody can resolve
  is hosted by the country of the place it happened in. A visit to a place of
  the visitor's own country is a trip at home, no event.
- A visit whose source is a military unit ("Turkish troops arrived in X") is a
  deployment, MOBILIZE; of peacekeepers, AID.
- A side whose phrase names an official nobody can resolve is kept as text
  with no country; a side with no phrase at all means no event.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bilateral.events.dating import EventDate
from bilateral.events.lexicon import Trigger, words
from bilateral.events.matching import TriggerMatch
from bilateral.events.phrases import Group
from bilateral.events.tokens import Token
from bilateral.model import EventMention, Sentence
from bilateral.places import Place, locate

MAX_PAIRS = 4  # "X threatened A, B, C and D": at most this many dyads


@dataclass
class Candidate:
    sentence: Sentence
    tokens: list[Token]
    match: TriggerMatch
    event_type: str
    source: Group | None
    target: Group | None
    reciprocal: bool
    groups: list[Group]
    day: dt.date | None
    published: dt.date | None
    when: EventDate
    place: Place | None
    factuality: str
    habitual: bool
    directed: bool = False  # a negated joint act became a directed one ("refused to establish relations with X")
    negated: bool = False


def _text(c: Candidate, group: Group | None) -> str | None:
    if group is None:
        return None
    if group.first < 0:
        return "(speaker)"
    return c.sentence.text[c.tokens[group.first].start:c.tokens[group.last].end]


def _codes(c: Candidate, group: Group | None) -> tuple[str | None, ...]:
    return group.codes(c.day, c.published) if group is not None else ()


def _place_target(c: Candidate) -> tuple[str | None, str | None]:
    """A place right after a place-taking trigger ("visited Baku", "arrived in Karachi")."""
    k = c.match.last + 1
    tokens = c.tokens
    if k < len(tokens) and tokens[k].lower in ("in", "to", "at", "on"):
        k += 1
    name = []
    while k < len(tokens) and tokens[k].capitalised and tokens[k].text[:1].isalpha() and len(name) < 3:
        name.append(tokens[k].text)
        k += 1
    for n in range(len(name), 0, -1):
        place = locate(" ".join(name[:n]))
        if place is not None and place.country:
            return " ".join(name[:n]), place.country
    return None, None


def _troops(c: Candidate) -> str | None:
    """A visit whose source is a military unit is a deployment: MOBILIZE ("Turkish troops arrived in X"),
    or AID for peacekeepers ("Nepali peacekeepers arrived in X"), per PLOVER (CAMEO 074, 15x)."""
    if c.source is None or c.source.first < 0 or c.event_type != "CONSULT" or c.match.trigger.mode != "visit":
        return None
    w = words()
    found = {t.lower for t in c.tokens[c.source.first:c.source.last + 1]}
    if not found & w["military_units"]:
        return None
    return "AID" if found & w["peacekeeping"] else "MOBILIZE"


def _place_name(c: Candidate, group: Group | None) -> bool:
    """A side named only by a place (a seat of government: "arrived in Islamabad")."""
    return group is not None and all(
        not p.office and p.owners and all(m.kind == "capital" for m in p.owners) for p in group.phrases)


def without_sides(trigger: Trigger, source: Group | None, target: Group | None, reciprocal: bool) -> bool:
    """Neither side has a phrase, and neither a place nor "each other" can stand for one: ``rows_for``
    would make no row."""
    return source is None and target is None and not trigger.place and not reciprocal


def rows_for(c: Candidate) -> list[EventMention]:
    trigger = c.match.trigger
    sources = [x for x in _codes(c, c.source)]
    targets = [x for x in _codes(c, c.target)]
    target_text = _text(c, c.target)
    place_only = trigger.place and _place_name(c, c.target)
    if not any(targets) and trigger.place and c.target is None:
        target_text, code = _place_target(c)
        targets = [code] if code else []
        place_only = True
    if trigger.type == "CONSULT" and c.target is not None and not any(targets) and c.place and c.place.country:
        targets = [c.place.country]  # "called on Governor X in Peshawar": the host is the place's country
        place_only = True
    c.event_type = _troops(c) or c.event_type
    if c.place is None and trigger.place and target_text:
        place = locate(target_text.removeprefix("the ").strip())  # "visited Baku": the visit happened there
        if place is not None and place.latitude is not None and place.country in targets:
            c.place = place
    if trigger.joint and c.negated and not any(targets) and len({x for x in sources if x}) >= 2:
        # "X and Y failed to reach agreement": a joint act negated with no other party is a mutual rejection
        parties = sorted({x for x in sources if x})
        return [_row(c, parties[0], parties[1], tuple(parties), True, _text(c, c.source), target_text)]
    if trigger.joint and not c.directed or c.reciprocal:
        parties = sorted({x for x in [*sources, *targets] if x})
        if c.reciprocal and len(parties) < 2:
            parties = sorted({x for g in c.groups for x in _codes(c, g) if x} | set(parties))
        if len(parties) < 2:
            if trigger.joint:
                return []  # a joint act needs two parties; "X agreed to resign" has one
        else:
            source_text = _text(c, c.source)
            if parties[0] not in sources and parties[0] in targets:
                # The countries go in sorted order: the texts go with the country each names.
                source_text, target_text = target_text, source_text
            return [_row(c, parties[0], parties[1], tuple(parties), True, source_text, target_text)]
    if c.source is None or not (sources or targets) or not _present(c.source, sources) or not _present(c.target, targets):
        return []
    if c.source is c.target:
        return []  # "they vowed to fight on": a directed act needs another side than its own subject
    if not targets:
        return []
    if not any(sources) and not any(targets):
        return []
    rows = []
    for source in sources or [None]:
        for target in targets:
            if source is None and target is None:
                continue
            if source is not None and source == target and (
                    _through_reference(c, c.source, source) or _through_reference(c, c.target, target) or place_only):
                continue  # X->X read through a pronoun or "the two countries" is an anaphora slip, through a place a trip at home
            rows.append(_row(c, source, target, tuple(x for x in (source, target) if x), False,
                             _text(c, c.source), target_text))
    return rows[:MAX_PAIRS]


def _through_reference(c: Candidate, group: Group | None, code: str) -> bool:
    """Whether ``group`` is only pronouns, or gives ``code`` only through "the two countries" beside a name
    ("does not recognise Armenia, and the two countries ...": Pakistan is not its own target)."""
    if group is None:
        return False
    if all(p.pronoun not in (None, "office") for p in group.phrases):
        return True
    givers = [p for p in group.phrases if code in p.codes(c.day, c.published)]
    return bool(givers) and all(p.pronoun == "plural" for p in givers)


def _present(group: Group | None, codes: list[str | None]) -> bool:
    """A side is there when it has a country, or names an office holder nobody could resolve
    ('President Dos Santos'); an unresolved pronoun is no side at all."""
    if any(codes):
        return True
    return group is not None and any(p.office or p.owners for p in group.phrases if p.pronoun in (None, "office"))


def _row(c: Candidate, source: str | None, target: str | None, parties: tuple[str, ...], symmetric: bool,
         source_text: str | None, target_text: str | None) -> EventMention:
    timex = c.when.timex
    place = c.place
    trigger_tokens = c.tokens[c.match.head:c.match.last + 1]
    return EventMention(
        sentence_index=c.sentence.index, start=c.sentence.start, end=c.sentence.end,
        event_type=c.event_type, evidence=c.sentence.text,
        mode=c.match.trigger.mode if c.event_type == c.match.trigger.type else None,
        source_actor=source_text, source_country=source,
        target_actor=target_text, target_country=target,
        symmetric=symmetric, parties=parties,
        event_date=timex.edtf if timex else None, date_precision=timex.precision if timex else None,
        date_start=timex.first_day if timex else None, date_end=timex.last_day if timex else None,
        date_source=c.when.source if timex else "none", date_text=timex.text if timex else None,
        location=place.name if place else None, location_country=place.country if place else None,
        latitude=place.latitude if place else None, longitude=place.longitude if place else None,
        factuality=c.factuality, habitual=c.habitual,
        trigger=c.sentence.text[trigger_tokens[0].start:trigger_tokens[-1].end],
    )
