"""One test per event pattern and role rule, on sentences written for these tests in the style of news."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "expected"), [
    # CONSULT: visits, with the place target standing for its state
    ("Turkish President Recep Tayyip Erdogan visited Baku on Monday.", [("CONSULT", "TUR", "AZE")]),
    ("The Kyrgyz prime minister paid an official visit to Kazakhstan.", [("CONSULT", "KGZ", "KAZ")]),
    ("Officials praised the visit of the Uzbek Foreign Minister to Afghanistan in March 2022.",
     [("CONSULT", "UZB", "AFG")]),
    ("The Finnish ambassador called on the President of Estonia in Tallinn.", [("CONSULT", "FIN", "EST")]),
    # hosting: the visitor is the source
    ("Qatar hosted the Afghan delegation in Doha.", [("CONSULT", "AFG", "QAT")]),
    # a host's dinner or reception for a visiting official: the guest came to the host
    ("The Georgian president hosted a state dinner in honour of the visiting Estonian prime minister.",
     [("CONSULT", "EST", "GEO")]),
    ("Chile's foreign minister gave a luncheon for the Peruvian ambassador.", [("CONSULT", "PER", "CHL")]),
    # joint acts are symmetric
    ("Egypt's Foreign Minister met with his Jordanian counterpart in Cairo.", [("CONSULT", "sym", ("EGY", "JOR"))]),
    ("Norway and Sweden held talks in Oslo.", [("CONSULT", "sym", ("NOR", "SWE"))]),
    # calls over a video link are talks too
    ("The Latvian defence minister held a videoconference with his Estonian counterpart.",
     [("CONSULT", "sym", ("EST", "LVA"))]),
    ("Chile's foreign minister held a video call with the Peruvian foreign minister.",
     [("CONSULT", "sym", ("CHL", "PER"))]),
    ("Kazakhstan and Uzbekistan signed a memorandum on water sharing.", [("AGREE", "sym", ("KAZ", "UZB"))]),
    ("Iran, Turkey and Russia agreed to set up a working group.", [("AGREE", "sym", ("IRN", "RUS", "TUR"))]),
    # SUPPORT: verbs and light-verb nouns
    ("Ankara reaffirmed its support for Azerbaijan's territorial integrity.", [("SUPPORT", "TUR", "AZE")]),
    ("Nepal welcomed India's decision to reopen the border crossing.", [("SUPPORT", "NPL", "IND")]),
    ("Georgia stood shoulder to shoulder with Ukraine in 2014, its foreign minister said.",
     [("SUPPORT", "GEO", "UKR")]),
    # COOPERATE recognize, and its negation
    ("Bhutan recognised Bangladesh in December 1971.", [("COOPERATE", "BTN", "BGD")]),
    ("Cyprus has never recognised Kosovo.", [("REJECT", "CYP", "XKX")]),
    # a negated trigger without a negated reading reports nothing
    ("Chile did not condemn Peru.", []),
    # REQUEST: "called on X to", a demand, a modal demand in reported speech
    ("The Lithuanian envoy called on Latvia to ratify the treaty.", [("REQUEST", "LTU", "LVA")]),
    ("Serbia demanded the withdrawal of Albanian police from the border.", [("REQUEST", "SRB", "ALB")]),
    ("The foreign minister of Australia said that Indonesia must release the prisoners.",
     [("REQUEST", "AUS", "IDN")]),
    # a governing trigger takes the content clause's target and the clause reports nothing of its own
    ("Russia threatened to impose sanctions on Georgia.", [("THREATEN", "RUS", "GEO")]),
    # passive voice
    ("Georgia was attacked by Russian forces in August 2008.", [("ASSAULT", "RUS", "GEO")]),
    # an agreement signed (or inked) by the parties, its head noun before its own prepositional phrases
    ("A memorandum of understanding on cooperation in the energy sector was signed by Ghana and Togo.",
     [("AGREE", "sym", ("GHA", "TGO"))]),
    ("Three agreements on trade were inked between Ghana and Togo.", [("AGREE", "sym", ("GHA", "TGO"))]),
    ("A letter of thanks to the people of Togo was signed by Ghana and Benin.", []),
    ("The agreement was initialled by Ghana and Togo.", [("AGREE", "sym", ("GHA", "TGO"))]),
    ("Diplomatic relations between Ghana and Togo were established in 1960.", [("COOPERATE", "sym", ("GHA", "TGO"))]),
    # an amount in the gap ("$1.6 billion": its point is no sentence end), a plan signed
    ("Ghana signed a $1.6 billion deal with Togo.", [("AGREE", "sym", ("GHA", "TGO"))]),
    ("Ghana and Togo signed a working plan for 2025.", [("AGREE", "sym", ("GHA", "TGO"))]),
    ("Ghanaian special forces took part in the joint exercise in Togo.", [("COOPERATE", "GHA", "TGO")]),
    ("Ghana sided openly with Togo.", [("SUPPORT", "GHA", "TGO")]),
    ("Officials from both sides are growing irritated with each other, Ghana and Togo said.", []),
    # several events in one sentence, the second sharing the first one's subject
    ("Kenya condemned Somalia's attack on the border post and recalled its ambassador from Mogadishu.",
     [("ACCUSE", "KEN", "SOM"), ("SANCTION", "KEN", "SOM")]),
    # AID with a ditransitive verb
    ("Ghana sent medical supplies to Togo.", [("AID", "GHA", "TGO")]),
    # an embassy acts for the state that sends it, not the host
    ("The Embassy of Kazakhstan in Ankara condemned Turkey's decision.", [("ACCUSE", "KAZ", "TUR")]),
    # "we" in a quotation is the speaker
    ("The ambassador of Italy said: “We support Tunisia’s reform plan.”", [("SUPPORT", "ITA", "TUN")]),
    # an announced intent to cooperate is an AGREE (PLOVER's "express intent")
    ("Portugal will send aid to Mozambique, the Portuguese foreign minister said.", [("AGREE", "PRT", "MOZ")]),
])
def test_pattern(codes_of, text, expected):
    assert codes_of(text) == expected


@pytest.mark.parametrize("text", [
    "The two nations enjoy brotherly ties.",  # a characterisation of relations
    "Pakistan and Azerbaijan have cordial relations.",
    "When I visited Baku last year, I felt at home.",  # the author's own travel
    "Officials in Tirana met a delegation from Indiana.",  # no Iran, no India
])
def test_non_events(codes_of, text):
    assert codes_of(text) == []


def test_pronoun_subject_continues_the_previous_sentence(codes_of):
    text = "Hungary's Foreign Minister spoke to reporters in Budapest. He later met the Polish ambassador."
    assert codes_of(text) == [("CONSULT", "sym", ("HUN", "POL"))]


def test_both_countries_are_the_pair_just_named(codes_of):
    text = ("Relations between Peru and Chile have improved. Both countries signed a trade agreement in 2006.")
    assert codes_of(text) == [("AGREE", "sym", ("CHL", "PER"))]


def test_unresolved_official_is_kept_as_text_without_a_country(extract_text):
    [event] = extract_text("President Abdou Kamara visited Ghana.")
    assert (event.source_actor, event.source_country, event.target_country) == ("President Abdou Kamara", None, "GHA")


def test_courtesy_call_on_an_unknown_official_is_hosted_where_it_happened(extract_text):
    text = "The Azerbaijani ambassador arrived in Lahore. He called on Governor Ahmed Raza in Lahore."
    events = extract_text(text)
    assert [(e.event_type, e.source_country, e.target_country) for e in events][-1] == ("CONSULT", "AZE", "PAK")


def test_mode_and_trigger_are_reported(extract_text):
    [event] = extract_text("The Kyrgyz prime minister paid an official visit to Kazakhstan.")
    assert event.mode == "visit"
    assert event.trigger == "paid an official visit"


def test_evidence_is_the_sentence_with_its_offsets(extract_text):
    text = "Markets were calm.\n\nBhutan recognised Bangladesh in December 1971. Trade grew."
    [event] = extract_text(text)
    assert event.evidence == "Bhutan recognised Bangladesh in December 1971."
    assert text[event.start:event.end] == event.evidence
    assert event.sentence_index == 1


def test_the_office_refers_to_its_holder_named_before(codes_of):
    text = "German Chancellor Olaf Scholz arrived in Warsaw. The chancellor met the Polish president."
    assert codes_of(text)[-1] == ("CONSULT", "sym", ("DEU", "POL"))


def test_an_office_nobody_named_is_a_side_without_country(extract_text):
    [event] = extract_text("The chancellor visited Paris in June.")
    assert (event.source_actor, event.source_country, event.target_country) == ("The chancellor", None, "FRA")


def test_reduced_passive_puts_the_by_phrase_first(codes_of):
    text = "Chile, backed by Peru, rejected the proposal."
    assert ("SUPPORT", "PER", "CHL") in codes_of(text)


@pytest.mark.parametrize("text", [
    "Traders sold the Australian dollar after Japan raised rates.",  # money, not Australia
    "China Everbright Holdings Co Ltd signed a deal with a Thai firm.",  # a firm, not China
])
def test_currencies_and_companies_are_no_states(codes_of, text):
    assert all("AUS" not in row and "CHN" not in row for row in codes_of(text))


@pytest.mark.parametrize(("text", "expected"), [
    ("The Uzbek president expressed gratitude to Kazakhstan for the humanitarian aid.", [("SUPPORT", "UZB", "KAZ")]),
    ("The two sides reviewed bilateral relations.", []),  # no parties named before: nothing to refer to
    ("Mongolia and Japan reviewed bilateral relations in Tokyo.", [("CONSULT", "sym", ("JPN", "MNG"))]),
    # a relative clause is no apposition: the subject is before it, and the visit is the subject's
    ("Azerbaijan's Foreign Minister, who is on an official visit to Pakistan, met Prime Minister Shehbaz Sharif.",
     [("CONSULT", "AZE", "PAK"), ("CONSULT", "sym", ("AZE", "PAK"))]),
])
def test_more_patterns(codes_of, text, expected):
    assert codes_of(text) == expected
