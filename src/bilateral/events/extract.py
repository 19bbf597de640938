"""Event extraction for one document: sentences in, EventMention rows out.

Per sentence: actor names -> tokens -> actor phrases and groups -> pronouns and
"the two countries" resolved -> triggers -> roles -> type, date, place,
factuality -> one row per (source, target) pair. Sentences without a trigger
word, or without any actor or pronoun, are skipped after only two regex scans,
and discourse (who "he" and "the two countries" are) is followed only up to the
last sentence with a trigger phrase, which is what keeps extraction fast: most
documents have none.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from bilateral.actors import (ActorMention, capital_codes, find_mentions, person_code, with_surnames,
                              without_national_bodies)
from bilateral.triepattern import compile_phrases
from bilateral.dates import Timex, find_timexes
from bilateral.events import dating
from bilateral.events.constructions import (
    MODAL_DEMAND, demand_match, fronted_phrase_party, governed, modal_demands, skip_reflexive_target, skip_victim_target,
    speaker_group,
)
from bilateral.events.discourse import Discourse, find_speaker, quote_flags, remember_offices, resolve_references
from bilateral.events.emit import Candidate, rows_for, without_sides
from bilateral.events.factuality import Speech, announced, factuality, habitual, threatened
from bilateral.events.lexicon import head_index, words
from bilateral.events.matching import TriggerMatch, find_triggers
from bilateral.events.phrases import Group, find_phrases, group_phrases
from bilateral.events.requirements import cued_type, requirements_met
from bilateral.events.roles import Roles, find_roles
from bilateral.events.subjects import after_conjunction, subject_of
from bilateral.events.tokens import Token, tokenize
from bilateral.model import DocumentText, EventMention, Sentence

# "Islamabad, 13 April 2023 (TDI):", "BAKU, May 12 (Reuters) -", "BAKU:" at the start of the body.
_DATELINE = re.compile(r"^\s*(?:(?P<place>[A-Z][A-Za-z .'’-]{1,40}?),\s+[^:\n]{0,40}?\((?P<agency>[^)]{1,30})\)\s*[:\-–—]"
                       r"|(?P<upper>[A-Z][A-Z .'’-]{2,30}):\s)")
# Acts done by saying: with no subject of their own in reported speech, the speaker did them.
_STATEMENT_TYPES = frozenset({"SUPPORT", "ACCUSE", "REQUEST", "REJECT", "THREATEN"})


@cache
def _trigger_words() -> re.Pattern:
    return compile_phrases(head_index(), flags=re.IGNORECASE)


@cache
def _reference_words() -> re.Pattern:
    referring = ("he", "she", "it", "they", "we", "his", "her", "its", "their", "our", "both", "two", "three")
    return compile_phrases(referring, flags=re.IGNORECASE)


@cache
def _boilerplate_openings() -> tuple[str, ...]:
    return tuple(words()["boilerplate_openings"])


def _boilerplate(text: str) -> bool:
    """Links to other articles, captions, disclaimers, and questions: a question reports no event."""
    if text.rstrip("”\"' ").endswith("?"):
        return True
    return text[:40].lower().startswith(_boilerplate_openings())


@dataclass(frozen=True)
class _Reading:
    """A sentence that may report an event: its tokens and trigger phrases (none in a dateline)."""

    tokens: list[Token]
    matches: list[TriggerMatch]
    dateline_place: str | None

    @property
    def has_event_words(self) -> bool:
        """A trigger phrase, or a modal that may make a demand ("X said Y must withdraw")."""
        return bool(self.matches) or any(t.lower in MODAL_DEMAND for t in self.tokens[1:])


def extract(doc: DocumentText, sentences: list[Sentence], timexes: list[Timex] | None = None) -> list[EventMention]:
    """Every event mention in ``doc``, in sentence order.

    ``timexes``: the document's (``find_timexes(doc.text, doc.published)``); None finds them when the
    first event needs a date, so a document with no event costs no date search, and only in the text
    up to its last sentence that may report an event (a third of the text, on Reuters)."""
    paragraph_of = dating.paragraphs(doc.text, sentences)
    known_by_sentence = [[m for m in found if not m.blocked]
                         for found in _bucket(_actor_mentions(doc.text), sentences)]
    readings: list[_Reading | None] = []
    actor_before = False  # before the first actor, "he" or "the two countries" can stand for no one
    for sentence, known in zip(sentences, known_by_sentence, strict=True):
        readings.append(_read(doc, sentence, known) if _may_report(sentence, known, actor_before) else None)
        actor_before |= bool(known)
    # What is learnt from a sentence serves only later ones: after the last that may report an event
    # it changes nothing.
    last = max((k for k, reading in enumerate(readings) if reading and reading.has_event_words), default=-1)
    # Dates are read in those sentences and the ones before them, so they are looked for up to the end of
    # the last one, plus a margin that no temporal expression spans: the rest cannot change them.
    dates_end = sentences[last].end + dating.TEXT_AFTER_EVENTS if last >= 0 else 0
    dates = dating.DocumentDates(timexes if timexes is not None
                                 else lambda: find_timexes(doc.text[:dates_end], doc.published))
    state = Discourse(home=_home_state(doc, sentences))
    out: list[EventMention] = []
    for sentence, known, reading in zip(sentences[:last + 1], known_by_sentence, readings):
        if sentence.index and paragraph_of[sentence.index] != paragraph_of[sentence.index - 1]:
            state.new_paragraph()
        # Without an actor of its own a sentence speaks of one only by referring back to a party already named.
        if reading is None or not (known or state.named):
            codes = _codes(known, doc.published)
            state.remember(codes, tuple(codes[:1]))
            continue
        out += _sentence_events(doc, sentence, reading, sentences, paragraph_of, dates, state,
                                learn=sentence is not sentences[last])
    return out


def _actor_mentions(text: str) -> list[ActorMention]:
    return with_surnames(text, without_national_bodies(text, find_mentions(text)))


def _may_report(sentence: Sentence, known: list[ActorMention], actor_before: bool) -> bool:
    """Cheap filters first: no trigger word, or no actor and nothing that could refer to one, no event."""
    if not (known or (actor_before and _reference_words().search(sentence.text))):
        return False
    return bool(_trigger_words().search(sentence.text)) and not _boilerplate(sentence.text)


def _read(doc: DocumentText, sentence: Sentence, known: list[ActorMention]) -> _Reading:
    dateline_end, dateline_place = _dateline_end(sentence, sentence.index == 0 or sentence.start <= doc.body_start + 2)
    usable = [m for m in known if m.start - sentence.start >= dateline_end]
    tokens = tokenize(sentence.text, usable, sentence.start)
    matches = [m for m in find_triggers(tokens) if tokens[m.head].start >= dateline_end]
    return _Reading(tokens, matches, dateline_place)


def _bucket(mentions: list[ActorMention], sentences: list[Sentence]) -> list[list[ActorMention]]:
    buckets: list[list[ActorMention]] = [[] for _ in sentences]
    k = 0
    for mention in mentions:
        while k < len(sentences) and sentences[k].end <= mention.start:
            k += 1
        if k < len(sentences) and sentences[k].start <= mention.start:
            buckets[k].append(mention)
    return buckets


def _codes(mentions: list[ActorMention], published: dt.date | None) -> list[str]:
    codes = [m.code or person_code(m.tenures, None, published) for m in mentions]
    return [c for c in codes if c]


HEADER_SENTENCES = 3


def _home_state(doc: DocumentText, sentences: list[Sentence]) -> tuple[str, ...]:
    """The state whose capital the dateline names ("ISLAMABAD, Feb 6 (APP):" -> PAK), if any."""
    # The dateline opens the body, which may still start with a header line the metadata did not take
    # ("Published: February 6, 2024").
    for sentence in sentences[:HEADER_SENTENCES]:
        _end, place = _dateline_end(sentence, True)
        if place:
            code = capital_codes().get(place)
            return (code,) if code else ()
    return ()


def _dateline_end(sentence: Sentence, first: bool) -> tuple[int, str | None]:
    if not first:
        return 0, None
    match = _DATELINE.match(sentence.text)
    if not match:
        return 0, None
    place = (match.group("place") or match.group("upper")).strip()
    return match.end(), place.title() if place.isupper() else place


def _sentence_events(doc: DocumentText, sentence: Sentence, reading: _Reading, sentences: list[Sentence],
                     paragraph_of: list[int], dates: dating.DocumentDates, state: Discourse,
                     learn: bool) -> list[EventMention]:
    """The sentence's event rows; with ``learn``, what it tells of its parties and speaker goes into ``state``."""
    tokens, matches, dateline_place = reading.tokens, reading.matches, reading.dateline_place
    phrases = find_phrases(tokens, sentence.text)
    groups = group_phrases(tokens, phrases)
    quotes = quote_flags(tokens, state.in_quote)
    speech = Speech(tokens)
    published = doc.published
    speaker = find_speaker(tokens, groups, None, published)
    if not speaker and quotes and quotes[0] and speech.first_verb is None:
        speaker = state.speaker  # a quotation going on from the previous sentence, with no new speaker
    resolve_references(tokens, groups, state, quotes, speaker, None, published)
    found = []
    previous_subject = None
    for match in matches:
        roles = find_roles(tokens, groups, match)
        if roles.source is None and match.trigger.pos == "verb" and after_conjunction(tokens, match.head):
            roles.source = previous_subject
        if match.trigger.pos == "noun" and match.trigger.joint:
            fronted_phrase_party(tokens, groups, match, roles)
        skip_reflexive_target(tokens, groups, roles, published)
        skip_victim_target(tokens, groups, match, roles)
        if roles.source is not None and match.trigger.pos == "verb" and not roles.passive:
            previous_subject = roles.source
        found.append((match, roles))
    contents = governed(tokens, found)
    dropped = {k for ks in contents.values() for k in ks}
    # "vowed to expel X's diplomats": a commitment whose content is a hostile act is a threat
    vowed_threats = {id(found[g][0]) for g, ks in contents.items() if found[g][0].trigger.type == "AGREE"
                     and any(found[k][0].trigger.type.lower() in words()["threat_types"]
                             and threatened(tokens, sentence.text, found[k][0].head, speech, True) for k in ks)}
    demands, dropped_by_demand = modal_demands(tokens, groups, found, speaker, published)
    found = [pair for k, pair in enumerate(found) if k not in dropped | dropped_by_demand]
    found += [(demand_match(tokens, k), Roles(source, demanded)) for k, source, demanded in demands]
    found.sort(key=lambda pair: pair[0].head)
    # Dates go to the nearest trigger that has actors; a trigger with none does not claim one.
    spans = [_span(sentence, tokens, m) for m, r in found if r.source or r.target]
    out: list[EventMention] = []
    seen: set[tuple] = set()
    for match, roles in found:
        trigger = match.trigger
        if not requirements_met(tokens, match, roles):
            continue
        event_type = trigger.type
        if roles.negated:
            if trigger.negated is None:
                continue
            event_type = trigger.negated
        if roles.to_clause and trigger.to_clause:
            event_type = trigger.to_clause
        event_type = cued_type(tokens, match, event_type)
        if id(match) in vowed_threats:
            event_type = "THREATEN"
        source = roles.source
        if _is_empty(source, published) and speaker and trigger.pos == "verb" \
                and trigger.type in _STATEMENT_TYPES and speech.verb_before(match.head):
            source = speaker_group(speaker)
            if any(tokens[k].lower in MODAL_DEMAND for k in range(max(0, match.head - 3), match.head)):
                event_type = "REQUEST"
        if without_sides(trigger, source, roles.target, roles.reciprocal):
            continue  # no row can come of it: spare the date and place look-ups
        at = _span(sentence, tokens, match)
        subject_start = source.first if source is not None and 0 <= source.first < match.head else None
        fact = factuality(tokens, sentence.text, match.head, subject_start)
        habit = habitual(tokens, sentence.text, match.head, match.last, trigger.stative, subject_start)
        use_context = fact == "asserted" and not habit
        if fact == "planned" and event_type.lower() in words()["intent_types"] \
                and announced(tokens, sentence.text, match.head, speech):
            event_type, fact = "AGREE", "asserted"  # an announced intent to cooperate is itself an AGREE
        elif fact in ("planned", "hypothetical", "asserted") and event_type.lower() in words()["threat_types"] \
                and threatened(tokens, sentence.text, match.head, speech, fact == "asserted"):
            event_type, fact = "THREATEN", "asserted"  # an announced or conditional hostile act is a threat
        skip = [(tokens[p.first].start, tokens[p.last].end) for p in phrases if p.hosts]

        places: dict[tuple, dating.Place | None] = {}  # the undated try and the dated one share a place

        def candidate(when: dating.EventDate) -> Candidate:
            day = when.timex.first_day if when.timex else None
            hints = tuple(c for g in groups for c in g.codes(day, published) if c)
            if hints not in places:
                places[hints] = dating.event_place(sentence.text, tokens[match.head].start, skip, hints)
                if places[hints] is None and dateline_place:
                    places[hints] = dating.locate(dateline_place, hints)
            place = places[hints]
            return Candidate(
                sentence=sentence, tokens=tokens, match=match, event_type=event_type, source=source,
                target=roles.target, reciprocal=roles.reciprocal, groups=groups, day=day, published=published,
                when=when, place=place, factuality=fact, habitual=habit,
                # A joint act is directed when negated ("refused to establish ties with X") or when its other
                # party is not a partner but a recipient ("agreed to X's proposal", "agreed to lift sanctions on X").
                directed=roles.negated or roles.via not in ("object", "with", "between", "and") or event_type == "THREATEN",
                negated=roles.negated,
            )
        # Most candidates give no row. When no party's code depends on the day, an undated candidate gives
        # the same rows as a dated one, less their dates: an empty answer spares the document's date search.
        if not any(g.dated_codes for g in (source, roles.target, *groups) if g) and not rows_for(candidate(dating.UNDATED)):
            continue
        when = dating.event_date(dates, sentences, paragraph_of, sentence, at, [s for s in spans if s != at],
                                 use_context=use_context)
        for row in rows_for(candidate(when)):
            key = (row.event_type, row.symmetric, row.source_country, row.target_country, row.parties)
            if key not in seen:
                seen.add(key)
                out.append(row)
    if learn:
        _remember(state, tokens, groups, quotes, speaker, matches, published)
        pairs = [row.parties for row in out if row.symmetric and len(row.parties) == 2 and row.event_type == "CONSULT"]
        if pairs:
            state.joint, state.joint_age = tuple(sorted(pairs[-1])), 0
    return out


def _span(sentence: Sentence, tokens: list[Token], match) -> tuple[int, int]:
    return sentence.start + tokens[match.head].start, sentence.start + tokens[match.last].end


def _is_empty(group: Group | None, published: dt.date | None) -> bool:
    return group is None or not any(group.codes(None, published))


def _remember(state: Discourse, tokens: list[Token], groups: list[Group], quotes: list[bool],
              speaker: tuple[str, ...], matches, published: dt.date | None) -> None:
    first_verb = matches[0].head if matches else len(tokens)
    subject = subject_of(tokens, groups, first_verb) if matches else None
    if subject is None:
        subject = next((g for g in groups if g.first < first_verb), groups[0] if groups else None)
    codes = [c for g in groups for c in g.codes(None, published) if c]
    state.remember(codes, tuple(c for c in subject.codes(None, published) if c) if subject else ())
    remember_offices(state, tokens, groups, published)
    state.speaker = speaker or state.speaker
    state.in_quote = bool(quotes) and quotes[-1] and tokens[-1].text not in ("”", '"')
