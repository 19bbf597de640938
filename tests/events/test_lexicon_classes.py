"""One test per trigger class of the lexicon (PLOVER v0.8 types and modes, CAMEO→PLOVER crosswalk), on
sentences written for these tests in the style of regional news. Each class is closed and codebook-derived:
the verbs and light-verb nouns that report the type, not phrases of any particular article."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "expected"), [
    # inflection: British -ll- forms and doubled consonants
    ("The Uzbek foreign minister travelled to Islamabad on Monday.", [("CONSULT", "UZB", "PAK")]),
    ("Georgia cancelled the planned visit to Yerevan.", [("SANCTION", "GEO", "ARM")]),
    ("Tajik militiamen kidnapped two Kyrgyz border guards.", [("ASSAULT", "TJK", "KGZ")]),
    ("Serbian forces retook the Croatian town.", [("ASSAULT", "SRB", "HRV")]),
    # CONSULT: trips begun or concluded, credentials presented, a conversation with a counterpart
    ("The Polish president began a three-day trip to Lithuania on Monday.", [("CONSULT", "POL", "LTU")]),
    ("The new Ambassador of Chile to Peru presented his credentials to the Peruvian president.",
     [("CONSULT", "CHL", "PER")]),
    ("The Omani foreign minister spoke with his Jordanian counterpart.", [("CONSULT", "sym", ("JOR", "OMN"))]),
    # AGREE: offers and pledges of material help are intents to cooperate (CAMEO 033, 0334)
    ("Malaysia offered troops to the Philippines.", [("AGREE", "MYS", "PHL")]),
    ("Kuwait pledged 50 million dollars in aid to Yemen.", [("AGREE", "KWT", "YEM")]),
    ("Ghana and Togo vowed to deepen security cooperation.", [("AGREE", "sym", ("GHA", "TGO"))]),
    # SUPPORT: forgiveness (CAMEO 056) and a vote for a state
    ("Laos voted in favour of Vietnam at the United Nations.", [("SUPPORT", "LAO", "VNM")]),
    ("Hungary conferred its highest order on the Turkish president.", [("SUPPORT", "HUN", "TUR")]),
    ("The Kazakh president awarded the Uzbek ambassador the Order of Friendship.", [("SUPPORT", "KAZ", "UZB")]),
    ("Bulgaria stood firmly with Romania during the dispute.", [("SUPPORT", "BGR", "ROU")]),
    # COOPERATE: arms sales and purchases, reopening an embassy
    ("Belarus sold fighter jets to Myanmar.", [("COOPERATE", "BLR", "MMR")]),
    ("Azerbaijan reopened its embassy in Kabul.", [("COOPERATE", "AZE", "AFG")]),
    # AID: troop contributions, disbursed loans, delivered hardware
    ("Nepal contributed peacekeepers to the United Nations.", [("AID", "NPL", "UNO")]),
    ("Kuwait disbursed a loan to Jordan.", [("AID", "KWT", "JOR")]),
    ("Israel delivered drones to Azerbaijan.", [("AID", "ISR", "AZE")]),
    # REQUEST: asylum, renewed demands
    ("Syrian officials sought asylum in Turkey.", [("REQUEST", "SYR", "TUR")]),
    ("Qatar reiterated its call on Israel to lift the blockade.", [("REQUEST", "QAT", "ISR")]),
    # ACCUSE: the closed class of disapproval verbs, blame, probes, summoning a high commissioner
    ("Bangladesh decried India's border killings.", [("ACCUSE", "BGD", "IND")]),
    ("Kenya castigated Uganda for the arrest of its citizens.", [("ACCUSE", "KEN", "UGA")]),
    ("Islamabad held Kabul responsible for the attack.", [("ACCUSE", "PAK", "AFG")]),
    ("Sri Lanka summoned the Indian High Commissioner.", [("ACCUSE", "LKA", "IND")]),
    # REJECT and CONCEDE
    ("Morocco refused entry to Algerian officials.", [("REJECT", "MAR", "DZA")]),
    ("Azerbaijan ruled out direct talks with Armenia.", [("REJECT", "AZE", "ARM")]),
    ("Serbia met the demands of Kosovo.", [("CONCEDE", "SRB", "XKX")]),
    # SANCTION: withdrawal of diplomats, halted talks, sealed borders, suspended treaties
    ("Lithuania withdrew its ambassador from Belarus.", [("SANCTION", "LTU", "BLR")]),
    ("Bahrain halted talks with Qatar.", [("SANCTION", "BHR", "QAT")]),
    ("Kyrgyzstan sealed its border with Tajikistan.", [("SANCTION", "KGZ", "TJK")]),
    ("Canada slapped sanctions on Russia.", [("SANCTION", "CAN", "RUS")]),
    ("India suspended the water treaty with Pakistan.", [("SANCTION", "IND", "PAK")]),
    # MOBILIZE and COERCE
    ("Russia deployed tanks to Belarus.", [("MOBILIZE", "RUS", "BLR")]),
    ("Egyptian authorities jailed two Sudanese diplomats.", [("COERCE", "EGY", "SDN")]),
    ("Chinese hackers tried to hack into the computers of the Indian defence ministry.", [("COERCE", "CHN", "IND")]),
    ("Greek troops remained on high alert in Cyprus.", [("MOBILIZE", "GRC", "CYP")]),
    # ASSAULT: exchanges of fire, strikes inside a state, bombardment
    ("Iran and Iraq exchanged fire along the border.", [("ASSAULT", "sym", ("IRN", "IRQ"))]),
    ("Turkey carried out air strikes inside Syria.", [("ASSAULT", "TUR", "SYR")]),
    ("Ethiopian artillery bombarded Eritrean positions.", [("ASSAULT", "ETH", "ERI")]),
    ("Saudi air strikes on Yemen continued.", [("ASSAULT", "SAU", "YEM")]),
    ("Indian shelling of Pakistani villages continued overnight.", [("ASSAULT", "IND", "PAK")]),
    # PROTEST: riots, strikes and road blocks against a state (modes riot, strike, obstruct)
    ("Lebanese riots against Syria spread to Tripoli.", [("PROTEST", "LBN", "SYR")]),
    ("Armenian protesters rioted against Russia outside the embassy.", [("PROTEST", "ARM", "RUS")]),
    ("Bolivian miners staged a strike against Chile.", [("PROTEST", "BOL", "CHL")]),
    # RETREAT: release and return of detained people, reopened crossings
    ("India repatriated 30 Pakistani fishermen.", [("RETREAT", "IND", "PAK")]),
    ("Iran released three British nationals.", [("RETREAT", "IRN", "GBR")]),
    ("Russia and Ukraine exchanged prisoners in Belarus.", [("RETREAT", "sym", ("RUS", "UKR"))]),
    ("Armenia handed over ten Azerbaijani soldiers to Azerbaijan.", [("RETREAT", "ARM", "AZE")]),
    ("Pakistan reopened the border crossing with Afghanistan.", [("RETREAT", "PAK", "AFG")]),
])
def test_trigger_class(codes_of, text, expected):
    assert codes_of(text) == expected


@pytest.mark.parametrize("text", [
    "Pakistan buys oil from Azerbaijan.",  # trade in goods is no arms purchase
    "The minister spoke with reporters in Baku.",  # reporters are no party
    "The two countries vowed to take their relations to new heights.",  # no party named
    "Armenia and Georgia exchanged gifts.",  # an exchange of gifts is no exchange of fire
])
def test_trigger_class_non_events(codes_of, text):
    assert codes_of(text) == []
