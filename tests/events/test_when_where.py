"""Date, place, factuality and habit of an event."""
from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest

from bilateral.dates import find_timexes
from bilateral.events import dating, extract
from bilateral.metadata import read_metadata
from bilateral.model import DocumentText
from bilateral.sentences import split_sentences

extract_module = importlib.import_module("bilateral.events.extract")  # the package's name `extract` is the function


def test_date_from_the_sentence(extract_text):
    [event] = extract_text("Bhutan recognised Bangladesh in December 1971.")
    assert (event.event_date, event.date_precision, event.date_source) == ("1971-12", "month", "sentence")
    assert (event.date_start, event.date_end) == (dt.date(1971, 12, 1), dt.date(1971, 12, 31))
    assert event.date_text == "December 1971"


def test_relative_date_resolves_against_publication(extract_text):
    [event] = extract_text("Norway and Sweden held talks last year.", dt.date(2021, 5, 1))
    assert event.event_date == "2020"


def test_an_as_clause_shares_the_date_of_the_clause_it_hangs_on(extract_text):
    text = "Norway and Sweden signed a treaty on 3 May 2019, officials said, as the Norwegian king held talks with Denmark."
    assert [(e.event_type, e.event_date) for e in extract_text(text)] == [("AGREE", "2019-05-03"), ("CONSULT", "2019-05-03")]
    # A clause joined by "and" is another event, and "as well as" opens no clause: neither takes the date.
    other = extract_text("Norway and Sweden signed a treaty on 3 May 2019, and Finland later held talks with Denmark.")
    assert [(e.event_type, e.event_date) for e in other] == [("AGREE", "2019-05-03"), ("CONSULT", None)]


@pytest.mark.parametrize(("text", "date"), [
    # a date in a relative clause after the trigger is that clause's
    ("Norway and Sweden held talks in Narvik, a town that was rebuilt in 1950.", None),
    ("Norway and Sweden met in Narvik, which was rebuilt in 1950.", None),
    # the main clause goes on after a relative clause closed by a comma
    ("Bhutan recognised Bangladesh, which had declared independence in March 1971, in December 1971.", "1971-12"),
    # before the trigger, the trigger may be the relative clause's own
    ("The 1985 accord between Norway and Sweden, under which they agreed to cut tariffs, held.", "1985"),
])
def test_dates_and_relative_clauses(extract_text, text, date):
    assert extract_text(text)[0].event_date == date


def test_a_that_clause_is_no_gap_in_a_pattern(codes_of):
    # "emphasised ~ support" must not run over "that Norway": the clause's own verb reports the support
    assert codes_of("The Norwegian minister emphasised that Norway supports Sweden's position in talks with Denmark.") == [
        ("SUPPORT", "NOR", "SWE")]


def test_date_from_context_in_the_same_paragraph(extract_text):
    text = "Hungary's Foreign Minister arrived in Warsaw on 3 May 2019. He met the Polish president."
    events = extract_text(text)
    assert (events[-1].event_date, events[-1].date_source) == ("2019-05-03", "context")


def test_no_context_across_paragraphs_and_never_the_publication_date(extract_text):
    text = "Hungary's Foreign Minister arrived in Warsaw on 3 May 2019.\n\nHe met the Polish president."
    events = extract_text(text, dt.date(2021, 5, 1))
    assert events[-1].event_type == "CONSULT"
    assert (events[-1].event_date, events[-1].date_source) == (None, "none")


def test_each_event_takes_the_date_nearest_to_it(extract_text):
    text = "Chile recognised Estonia in 1991 and Latvia signed a treaty with Chile in 1995."
    dates = {(e.event_type, e.event_date) for e in extract_text(text)}
    assert dates == {("COOPERATE", "1991"), ("AGREE", "1995")}


def test_a_date_after_since_is_not_the_event_date(extract_text):
    [event] = extract_text("Ghana sent medical supplies to Togo, its ally since 1960.")
    assert event.event_date is None


def test_location_with_country_and_coordinates(extract_text):
    [event] = extract_text("Norway and Sweden held talks in Oslo.")
    assert (event.location, event.location_country) == ("Oslo", "NOR")
    assert event.latitude is not None and event.longitude is not None


def test_place_inside_an_actor_phrase_is_not_the_location(extract_text):
    [event] = extract_text("The Embassy of Kazakhstan in Ankara condemned Turkey's decision.")
    assert event.location is None


@pytest.mark.parametrize(("text", "factuality"), [
    ("Sudan reportedly shelled Chad.", "alleged"),
    ("Malaysia will host Indonesian leaders next week.", "planned"),
    ("Iran denied that it had attacked Iraq.", "denied"),
    ("If Serbia attacks Kosovo, the region will suffer.", "hypothetical"),
    ("It is high time that Ghana and Togo signed a trade agreement.", "hypothetical"),  # an op-ed's wish
    ("In his column, the author argues that Ghana must support Togo.", "hypothetical"),  # an obligation
    # a past tense after "and" is out of the modal's reach; two participles of one verb phrase are not
    ("The Ghanaian minister said Ghana would consider the offer and thanked Togo for its support.", "asserted"),
    ("Ghana may have attacked and occupied Togolese villages.", "hypothetical"),
    # obligations count in the trigger's own verb chain only
    ("Highlighting the need to boost trade, Ghana and Togo signed a trade agreement.", "asserted"),
    ("Ghana, which needs to sell its cocoa, signed a trade deal with Togo.", "asserted"),
    ("Ghana, a must-visit partner, hosted the Togolese president.", "asserted"),
    ("The Togolese president is scheduled to arrive in Accra on Monday.", "planned"),  # the subject over "scheduled"
    ("Ghana is poised to sign a trade deal with Togo.", "planned"),
    ("Despite scheduled peace talks, Ghana attacked Togo overnight.", "asserted"),  # a schedule counts in the verb chain only
    ("Bhutan recognised Bangladesh in December 1971.", "asserted"),
    # the writer's frame around a fact is no modal of the fact
    ("It should be noted that Ghana and Togo signed a trade agreement in 2019.", "asserted"),
    ("It may be recalled that Bhutan recognised Bangladesh in December 1971.", "asserted"),
])
def test_factuality(extract_text, text, factuality):
    [event] = extract_text(text)
    assert event.factuality == factuality


@pytest.mark.parametrize(("text", "habitual"), [
    ("Pakistan has always supported Turkey on Cyprus.", True),
    ("Turkey continues to support Azerbaijan.", True),
    ("Japan and India support each other.", True),
    ("Japan supported India's bid in 2019.", False),
])
def test_standing_positions_are_habitual(extract_text, text, habitual):
    events = extract_text(text)
    assert events and all(e.habitual is habitual for e in events)


def test_in_may_is_no_modal(extract_text):
    [event] = extract_text("Latvia signed a treaty with Chile in May 1995.")
    assert event.factuality == "asserted"


# -- the document's dates are found only when an event needs one ----------------------

def test_dates_are_found_on_first_lookup_only():
    calls = []

    def timexes():
        calls.append(1)
        return find_timexes("He arrived on 5 May 2021.", None)

    dates = dating.DocumentDates(timexes)
    assert calls == []
    assert [t.edtf for t in dates.within(0, 30)] == ["2021-05-05"]
    dates.within(0, 30)
    assert calls == [1]


@pytest.mark.parametrize("path", sorted((Path(__file__).parents[2] / "raw").glob("*.txt")), ids=lambda p: p.name)
def test_lazy_dates_give_the_same_events(path):
    """``extract`` without timexes finds them itself: the same mentions as when they are passed in."""
    text = path.read_text(encoding="utf-8")
    meta = read_metadata(text)
    doc = DocumentText("doc", path.name, text, meta.body_start, meta.published_date, meta.published)
    sentences = split_sentences(text, meta.body_start)
    given = extract(doc, sentences, find_timexes(text, meta.published))
    assert given and extract(doc, sentences) == given


def test_dates_are_looked_for_only_up_to_the_last_sentence_that_may_report_an_event(monkeypatch):
    """The text after it cannot date an event: it is not searched (on Reuters, two thirds of the text of
    the documents that have an event), and the events are those found with the whole text's dates."""
    import sys

    extract_module = sys.modules["bilateral.events.extract"]
    searched: list[str] = []
    monkeypatch.setattr(extract_module, "find_timexes", lambda text, dct: searched.append(text) or find_timexes(text, dct))
    tail = "\n\n" + " ".join(f"Prices rose by {k} percent on {k} June 2020." for k in range(1, 40))
    text = "Hungary's Foreign Minister arrived in Warsaw on 3 May 2019. He met the Polish president." + tail
    doc = DocumentText("doc", "doc.txt", text, 0, "2021-05-01", dt.date(2021, 5, 1))
    sentences = split_sentences(text, 0)
    lazy = extract(doc, sentences)
    assert len(searched) == 1 and len(searched[0]) < len(text) // 2 and text.startswith(searched[0])
    assert lazy and lazy == extract(doc, sentences, find_timexes(text, dt.date(2021, 5, 1)))
    assert {event.event_date for event in lazy} == {"2019-05-03"}


def _extract_finding_dates(text: str, published: dt.date | None = None) -> list:
    """As the pipeline calls the extractor: the document's dates are found only if an event needs them."""
    doc = DocumentText("doc", "doc.txt", text, 0, published.isoformat() if published else None, published)
    return extract(doc, split_sentences(text, 0))


@pytest.mark.parametrize(("year", "code"), [(2000, "PRT"), (2020, "UNO")])
def test_a_party_known_by_tenure_is_dated_before_its_rows_are_decided(year, code):
    # No publication date: only the sentence's date tells whom Guterres acted for (Portugal, then the UN).
    [event] = _extract_finding_dates(f"Antonio Guterres met Azerbaijan's president in June {year}.")
    assert code in event.parties and event.event_date == f"{year}-06"


def test_a_candidate_that_gives_no_row_costs_no_date_search(monkeypatch):
    searched = []
    monkeypatch.setattr(extract_module, "find_timexes", lambda text, published: searched.append(text) or [])
    assert _extract_finding_dates("Pakistan agreed to resign in May 2019.") == []  # a joint act needs two parties
    assert searched == []
    [event] = _extract_finding_dates("Pakistan and Azerbaijan agreed to cooperate in May 2019.")
    assert searched and event.event_date is None  # searched, and this finder found nothing


def test_a_denial_reaches_over_and(extract_text):
    events = extract_text("Ghana denied reports that it would sell arms to Togo and attacked Benin.")
    assert [(e.event_type, e.factuality) for e in events][-1] == ("ASSAULT", "denied")
