from __future__ import annotations

from bilateral.sentences import split_sentences


def texts(text: str) -> list[str]:
    sentences = split_sentences(text)
    for s in sentences:
        assert text[s.start:s.end] == s.text
    return [s.text for s in sentences]


def test_abbreviations_and_initials_do_not_end_a_sentence():
    assert texts("Mr. Khan met Gen. Bajwa at the U.S. embassy. Then H.E. Ali Alizada spoke.") == [
        "Mr. Khan met Gen. Bajwa at the U.S. embassy.", "Then H.E. Ali Alizada spoke."]


def test_numbers_and_quotes():
    assert texts('Growth was 5.6 percent. He said, "We agree." They left.') == [
        "Growth was 5.6 percent.", 'He said, "We agree."', "They left."]


def test_glued_period_between_words_is_a_boundary():
    assert texts("The drill was called AMAN-2013.Moreover, the chiefs met.") == [
        "The drill was called AMAN-2013.", "Moreover, the chiefs met."]


def test_blank_lines_end_sentences_but_wrapped_lines_do_not():
    text = "Title line without period\n\nThe minister said on Monday\nthat talks would resume. Next one."
    assert texts(text) == ["Title line without period",
                           "The minister said on Monday\nthat talks would resume.", "Next one."]


def test_start_offset_and_indices():
    text = "HEADER\nBody one. Body two."
    sentences = split_sentences(text, start=7)
    assert [s.text for s in sentences] == ["Body one.", "Body two."]
    assert [s.index for s in sentences] == [0, 1]


def test_empty_and_whitespace():
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []
