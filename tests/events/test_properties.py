"""Properties that hold for any text: no exception, offsets inside the text, only allowed values."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilateral import vocab

WORDS = [
    "Pakistan", "Azerbaijan", "Turkish", "Baku", "the Kremlin", "UN", "President Ilham Aliyev", "Erdogan",
    "visited", "met", "signed", "an agreement", "with", "condemned", "urged", "to", "was", "attacked", "by",
    "support", "for", "its", "his", "He", "They", "both countries", "the two sides", "in", "on May 9",
    "last year", "2019", "reportedly", "will", "not", "never", "always", "each other", ",", ".", "“", "”",
    "'s", "’s", "and", "said", "must", "Tirana", "Indiana", "\n", "\n\n", "-led", "(", ")", ";", "if",
]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=60).map("".join),
)
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?~?$")


# The fixture is a pure function, so sharing it across examples is safe.
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_any_text_gives_valid_rows(extract_text, text):
    codes = vocab.country_codes()
    for event in extract_text(text):
        assert 0 <= event.start <= event.end <= len(text)
        assert text[event.start:event.end] == event.evidence
        assert event.event_type in vocab.PLOVER_TYPES
        assert event.mode is None or re.fullmatch(r"[a-z_-]+", event.mode)
        for code in (event.source_country, event.target_country, event.location_country, *event.parties):
            assert code is None or code in codes
        assert event.factuality in vocab.FACTUALITY
        assert event.date_source in vocab.DATE_SOURCE
        assert event.event_date is None or ISO_DATE.match(event.event_date)
        assert event.date_precision is None or event.date_precision in vocab.DATE_PRECISION
        if event.symmetric:
            assert len(event.parties) >= 2 and {event.source_country, event.target_country} <= set(event.parties)
        assert event.trigger is None or event.trigger in event.evidence
