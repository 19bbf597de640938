"""When and where: the event's date from the document's timexes, its place from the sentence.

Date rule (never the publication date by default):
1. the sentence's own dated expressions (a Timex with an EDTF value: "May 2003",
   "on May 9", "last year"; vague ones like "recently" have none): the one
   nearest the trigger, unless it is nearer another trigger of the sentence;
2. else the nearest preceding sentence of the same paragraph that has one ("context");
3. else none.
Relative expressions were already resolved against the publication date by
``bilateral.dates``; nothing here consults the publication date.

Place rule: a place named after "in"/"at" (or the target of a visit) in the
trigger's sentence, nearest after the trigger first; looked up in ``bilateral.places``.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from bilateral.dates import Timex
from bilateral.model import Sentence
from bilateral.places import Place, locate

_NOT_PLACES = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday the this that his her its their".split()
)
CONTEXT_SENTENCES = 3
MAX_DATE_DISTANCE = 160  # characters between a trigger and its date: beyond, the date is another clause's
# Text read past the last sentence that may report an event when its dates are found: far more than any
# temporal expression spans, so a date that ends in those sentences is read as in the whole text.
TEXT_AFTER_EVENTS = 300
# Words that open another clause between a trigger and a date: the date is that clause's.
# A relative clause closed by a comma ("X recognised Y, which had declared independence in 1991, in December
# 1991"): the main clause goes on after it.
_CLOSED_RELATIVE = re.compile(r",\s*(?:which|who|whose)\b[^,;]*,")
_CLAUSE_BREAK = re.compile(r";|\b(?:since|when|after|before|following|because|until)\b")
# After the trigger, a relative clause is another clause too ("met in Lachin, a town that returned to
# Azerbaijani control in 2022"); before it, the trigger may be the relative clause's own ("the 1985 Plaza
# agreement, under which they agreed ...").
_RELATIVE_BREAK = re.compile(r"\b(?:which|who|whose)\b|,\s*(?:a|an|the)\s+\w+\s+(?:that|which)\b")
# A sentence's opening frame, up to its comma: "In a telephone conversation on Sunday, ...".
_FRAME = re.compile(r"(?:In|During|At)\s[^,;]{0,120},")
# "as" or "while" opening a clause with its own subject (a name, "the ...", a pronoun), not "as well as" or
# "as part of".
_AT_THE_SAME_TIME = re.compile(r"(?:^|[\s,])(?:as|while)\s+(?=[A-Z]|(?:the|his|her|its|their|both|he|she|they)\s)")


def doc_text_slice(sentence: Sentence, start: int, end: int) -> str:
    return sentence.text[max(0, start - sentence.start):max(0, end - sentence.start)]


_SINCE = re.compile(r"(?:since|until|till|after|before|from)\s+(?:the\s+)?$", re.IGNORECASE)  # how far back in the paragraph a context date may be read
_PLACE = re.compile(r"(?<![\w])(?:in|at|arrived in|near|outside)\s+((?:the\s+)?[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,2})")


@dataclass(frozen=True)
class EventDate:
    timex: Timex | None
    source: str  # sentence, context, none


UNDATED = EventDate(None, "none")


class DocumentDates:
    """The document's dated timexes, indexed by position for fast look-up per sentence.

    ``timexes`` may be a function that finds them: it is called on the first look-up only. Most
    documents have no event, and finding a document's dates costs more than looking for its events.
    """

    def __init__(self, timexes: list[Timex] | Callable[[], list[Timex]]):
        self._timexes = timexes
        self._dated: list[Timex] | None = None
        self._starts: list[int] = []

    @property
    def dated(self) -> list[Timex]:
        if self._dated is None:
            timexes = self._timexes() if callable(self._timexes) else self._timexes
            self._dated = sorted((t for t in timexes if t.edtf and t.first_day), key=lambda t: t.start)
            self._starts = [t.start for t in self._dated]
        return self._dated

    def within(self, start: int, end: int) -> list[Timex]:
        dated = self.dated
        i = bisect.bisect_left(self._starts, start)
        found = []
        while i < len(dated) and dated[i].start < end:
            if dated[i].end <= end:
                found.append(dated[i])
            i += 1
        return found


def event_date(dates: DocumentDates, sentences: list[Sentence], paragraph_of: list[int], sentence: Sentence,
               trigger_at: tuple[int, int], other_triggers: list[tuple[int, int]], use_context: bool = True) -> EventDate:
    """The date for a trigger spanning document offsets ``trigger_at``; ``other_triggers`` are the sentence's others.
    Context is not used for events the text does not assert or that are standing positions: a plan or a
    habit does not take the date of the narrative around it."""
    own = dates.within(sentence.start, sentence.end)

    def text_before(t: Timex) -> str:
        return sentence.text[max(0, t.start - sentence.start - 12):t.start - sentence.start]

    def between(t: Timex, span: tuple[int, int]) -> str:
        return doc_text_slice(sentence, min(t.end, span[1]), max(t.start, span[0]))

    def distance(t: Timex, span: tuple[int, int]) -> int:
        return span[0] - t.end if t.end <= span[0] else max(0, t.start - span[1])

    if own:
        # A date belongs to the trigger before it in the sentence ("recognised X in 1991 and signed Y in
        # 1995"); a date before the first trigger ("In 2019, X visited Y and met Z") belongs to them all.
        own = [t for t in own if not _SINCE.search(text_before(t)) and distance(t, trigger_at) <= MAX_DATE_DISTANCE
               and not _CLAUSE_BREAK.search(between(t, trigger_at))
               and not (t.start >= trigger_at[1] and _RELATIVE_BREAK.search(_CLOSED_RELATIVE.sub(",", between(t, trigger_at))))]
        spans = sorted([trigger_at, *other_triggers])
        k = spans.index(trigger_at)
        next_start = spans[k + 1][0] if k + 1 < len(spans) else sentence.end
        after = [t for t in own if trigger_at[1] <= t.start and t.end <= next_start]
        leading = [t for t in own if t.end <= spans[0][0]]
        for pool, pick in ((after, min), (leading, max)):
            if pool:
                return EventDate(pick(pool, key=lambda t: t.start), "sentence")
        if any(trigger_at[0] < t.end and t.start < trigger_at[1] for t in own):
            return EventDate(next(t for t in own if trigger_at[0] < t.end and t.start < trigger_at[1]), "sentence")
        if k:
            # "X and Y signed deals on Tuesday as A held talks with B": an as/while clause happens at the time
            # of the clause it hangs on, so it shares that clause's date.
            previous = [t for t in own if spans[k - 1][1] <= t.start and t.end <= trigger_at[0]]
            if previous and _AT_THE_SAME_TIME.search(between(previous[0], trigger_at)):
                return EventDate(previous[0], "sentence")
            # "In a telephone conversation on Sunday, X and Y agreed ...": the opening frame's date is the
            # main clause's too.
            frame = _FRAME.match(sentence.text)
            if frame and trigger_at[0] >= sentence.start + frame.end():
                framed = [t for t in own if t.end <= sentence.start + frame.end()]
                if framed:
                    return EventDate(framed[-1], "sentence")
        return EventDate(None, "none")  # the sentence's dates belong to its other events
    index = sentence.index
    for back in range(1, CONTEXT_SENTENCES + 1 if use_context else 1):
        k = index - back
        if k < 0 or paragraph_of[k] != paragraph_of[index]:
            break
        found = dates.within(sentences[k].start, sentences[k].end)
        if found:
            return EventDate(found[-1], "context")
    return EventDate(None, "none")


def paragraphs(text: str, sentences: list[Sentence]) -> list[int]:
    """Paragraph number of each sentence: any line break between two sentences starts a new paragraph
    (scraped news keeps one paragraph per line)."""
    numbers = []
    current = 0
    for k, sentence in enumerate(sentences):
        if k and "\n" in text[sentences[k - 1].end:sentence.start]:
            current += 1
        numbers.append(current)
    return numbers


def event_place(sentence_text: str, trigger_offset: int, skip: list[tuple[int, int]], hints: tuple[str, ...]) -> Place | None:
    """The place named with "in"/"at" nearest after the trigger (else before it), outside actor phrases."""
    candidates = []
    for match in _PLACE.finditer(sentence_text):
        name = match.group(1)
        if any(s <= match.start(1) < e for s, e in skip) or name.split()[0].lower() in _NOT_PLACES:
            continue
        place = None
        words = name.split()
        for n in range(len(words), 0, -1):  # "Baku on Monday" -> "Baku"
            place = locate(" ".join(words[:n]), hints)
            if place is not None:
                break
        if place is not None:
            candidates.append((match.start(1), place))
    if not candidates:
        return None
    after = [c for c in candidates if c[0] >= trigger_offset]
    return (after[0] if after else candidates[-1])[1]
