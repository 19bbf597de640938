"""Event extraction: who did what to whom, when and where (PLOVER types, ISO/IGO actors).

    extract(doc, sentences, timexes=None) -> list[EventMention]

``timexes`` are those of the whole document text (``bilateral.dates.find_timexes``
with the publication date as reference); left out, they are found when the first
event needs a date; ``sentences`` come from
``bilateral.sentences.split_sentences``. The coding rules are in docs/events.md;
the dictionaries and the trigger lexicon are data under ``bilateral/data``.
"""
from __future__ import annotations

from bilateral.events.extract import extract

__all__ = ["extract"]
