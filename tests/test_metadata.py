"""Publication dates and bylines read from article heads, in the shapes the seed corpus shows."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bilateral import metadata
from bilateral.metadata import detect_language, read_metadata

CASES = [
    # (head of an article, published_date, published_date_source)
    ("Relations, An Exchange\n\nBy Jane Roe\n\nStaff writer | The Daily Gazette, a paper\n\nDecemebr 26, 2020 \n\nBody text here. More.",
     "2020-12-26", "byline"),
    (" date 2020-03-04 A local newspaper published an article on Monday. It said more.", "2020-03-04", "header"),
    ("Islamabad, 13 April 2023 (TDI): The foreign secretary met the ambassador. They talked.", "2023-04-13", "dateline"),
    (" date 2025-05-12 12 May 2025 13:17 (UTC+04:00)\n\nBy Hina Roe\n\nThis photo is of a city. It is nice.", "2025-05-12", "header"),
    ("BAKU, March 3, 2021 (Reuters) - Ministers met on Tuesday. They agreed.", "2021-03-03", "dateline"),
    ("Historical Facts\n\nThe two states signed a treaty in 1992 and opened embassies. Trade grew.", None, "none"),
    ("Talks resume\n\nMarch 3, 2021 10:30 GMT+5\n\nMinisters met. They agreed.", "2021-03-03", "byline"),
    ("Talks resume\n\n12 May 2025 (+04:00)\n\nMinisters met. They agreed.", "2025-05-12", "byline"),
    # Commodity price tables under a headline: a month beside prices is no publication date.
    ("LONDON COCOA 1430 B/S - APR 7\n May 1285 1292\n Jul 1317 1319\n Sep 1337 1340\n", None, "none"),
    ("N.Y. COFFEE C OFFICIAL VOLUME FOR APRIL 6\n MAY   1414\n JLY   1199\n SEP    289\n", None, "none"),
    # A date after a cue in the body, in any case; a cue inside a longer word is none.
    ("Talks in Baku\n\nThe ministers met in Baku on Monday. Published on 12 May 2021. They agreed.", "2021-05-12", "body"),
    ("Talks in Baku\n\nThe ministers met in Baku. LAST MODIFIED: March 3, 2020\nThey agreed.", "2020-03-03", "body"),
    ("Talks in Baku\n\nThe ministers met. The draft remained unpublished 12 May 2021 for a week.", None, "none"),
    # Sentence-case headlines: the byline or date line under them marks them as headlines.
    ("Ministers resolve to deepen cooperation in energy, defence sectors\n\nWed, 13 Mar 2024\n\n"
     "ISLAMABAD, March 13 (APP): The minister met the envoy on Wednesday.", "2024-03-13", "byline"),
    ("Two states sign $2 billion investment deals on summit sidelines\n\nBy Jane Roe\n\n"
     "November 12, 2024 6:41 PM GMT+4\n\nBAKU, Nov 12 (Reuters) - The two states signed deals.", "2024-11-12", "byline"),
    # a masthead or agency line between headline and date; two authors; a numeric date with a bracketed time
    ("Ministers discuss the regional situation\n\nThe Daily Gazette\nMay 22, 2025\n\nISLAMABAD: The ministers met.",
     "2025-05-22", "byline"),
    ("Two states to sell more jets\n\nBy JANE ROE and JOHN DOE\nAssociated Press\nNovember 19, 2025\n\nThe states met.",
     "2025-11-19", "byline"),
    ("President receives a delegation\n\n03.03.2025 [16:20]\n\nBaku, 3 March, AZERTAC\n\nThe president met them.",
     "2025-03-03", "byline"),
]


@pytest.mark.parametrize(("text", "date", "source"), CASES)
def test_published_date(text, date, source):
    meta = read_metadata(text)
    assert (meta.published_date, meta.published_date_source) == (date, source)


def test_byline_author_and_publisher_and_title():
    meta = read_metadata(CASES[0][0])
    assert meta.title == "Relations, An Exchange"
    assert meta.author == "Jane Roe"
    assert meta.publisher == "The Daily Gazette"
    assert CASES[0][0][meta.body_start:].startswith("Body text")


def test_dateline_place_and_agency():
    meta = read_metadata(CASES[2][0])
    assert meta.dateline == "Islamabad"
    assert meta.publisher == "TDI"
    assert meta.body_start == 0  # the dateline belongs to the lead sentence, whose events it dates


def test_undated_document_never_gets_a_date():
    meta = read_metadata("Pakistan and Azerbaijan enjoy excellent relations. Yesterday nothing happened.")
    assert meta.published_date is None
    assert meta.published is None


def test_author_bio_first_line_is_not_a_title():
    meta = read_metadata("The author is a researcher and educationist in natural science\n\nBody starts. Here.")
    assert meta.title is None


def test_language():
    assert read_metadata("The minister visited the capital and held talks with his counterpart.").language == "en"
    assert read_metadata("Le ministre a rencontré son homologue à Bakou pour discuter du commerce.").language == "fr"


@pytest.mark.parametrize("text, language", [
    # The identifier alone calls these Yoruba, Lingala and Nigerian Pidgin; English function words decide.
    ("THE BANK OF KOREA SAID IT FIXED THE MIDRATE OF THE WON AT 844.30 TO THE DOLLAR, ITS HIGHEST LEVEL.", "en"),
    ("NIGERIAN OIL MINISTER RILWANU LUKMAN SAID TODAY GOVERNMENT SUBSIDY ON DOMESTIC OIL PRODUCTS HAD RISEN TO 85 PCT OF THE COST.", "en"),
    ("On Tuesday, Nigerian junior foreign minister Dubem Oniya summoned Niger's ambassador to complain of inaction over the gangs.", "en"),
    ("Le président a signé hier un accord de coopération avec le Pakistan et l'Azerbaïdjan à Bakou.", "fr"),
    ("Der Präsident hat gestern in Baku ein Abkommen mit Pakistan unterzeichnet, das die Zusammenarbeit stärkt.", "de"),
    ("Pakistan ve Azerbaycan dün Bakü'de ekonomik işbirliği anlaşması imzaladı ve ilişkileri güçlendirdi.", "tr"),
])
def test_language_of_short_and_all_caps_text(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", [
    # Earnings and dividend tables: the identifier alone calls them Nigerian Pidgin or Latin, without confidence.
    "Qtly div 10 cts vs 10 cts prior\n    Pay September three\n    Record August 15\n Reuter\n",
    "Shr 34 cts vs not given\n    Net 510,192 vs 328,428\n    Nine mths\n    Shr 1.02 dlrs vs 88 cts\n Reuter\n",
    "USDA ESTIMATES 1986/87 USSR GRAIN IMPORTS 26.0 MLN TONNES VS 23.0 IN FEB, 29.9 IN 1985/86\n",
])
def test_table_of_figures_has_no_language_rather_than_a_wrong_one(text):
    assert detect_language(text) is None


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_has_the_same_words_by_either_pattern(text):
    # The function-word test finds the words of ASCII text with a byte table, for speed only.
    assert [w.decode() for w in metadata._ascii_words(text.lower())] == metadata._WORD.findall(text.lower())


def test_too_little_text_has_no_language():
    assert detect_language("12 May 2025 13:17") is None


_CUE_PIECES = st.sampled_from(["Published", "PUBLISHED on", "posted:", "Updated", "upDated", "last modified",
                               "Last  modified", "unpublished", "12 May 2021", " ", "\n", ".", "The talks", "x"])


@given(st.lists(_CUE_PIECES, max_size=12).map("".join))
def test_the_body_date_words_are_in_every_ascii_window_the_cue_matches(window):
    """The substring test before the body-date cue's regex only skips windows where the regex finds nothing."""
    if metadata._BODY_DATE_CUE.search(window):
        assert any(word in window.lower() for word in metadata._BODY_DATE_WORDS)


def test_a_sentence_case_headline_is_a_title_only_with_a_header_line_under_it():
    headline, wire = (next(c[0] for c in CASES if c[0].startswith(start)) for start in ("Ministers resolve", "Two states sign"))
    assert read_metadata(headline).title == "Ministers resolve to deepen cooperation in energy, defence sectors"
    assert read_metadata(wire).author == "Jane Roe"
    # The same line over a paragraph is not a headline: it may be the body's first line.
    lead = "the talks went on in the capital with two days set aside for the trade file\n\nMore text follows. Here."
    assert read_metadata(lead).title is None


def test_masthead_lines_and_bylines_of_two_authors():
    two, masthead = (next(c[0] for c in CASES if c[0].startswith(start)) for start in ("Two states to sell", "Ministers discuss"))
    meta = read_metadata(two)
    assert (meta.author, meta.publisher) == ("JANE ROE and JOHN DOE", "Associated Press")
    assert read_metadata(masthead).publisher == "The Daily Gazette"
    # A short capitalised line with no date line under it is no masthead: the header stops there.
    meta = read_metadata("Talks resume\n\nOslo Accords\n\nThe ministers met on Monday. They agreed.")
    assert meta.publisher is None
