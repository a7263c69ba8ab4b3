"""Sentences end at paragraph breaks (storylens.enrich.line_breaks), except inside hard-wrapped text."""

from __future__ import annotations

import textwrap

import pytest

from storylens.enrich.line_breaks import hard_wrapped

PROSE = (
    "The foreign ministers of the two countries met in Geneva on Tuesday for the first time since "
    "the border clashes of last spring, and officials on both sides said the talks had been frank "
    "but useful. The meeting lasted four hours and ended without a joint statement, although a "
    "spokesman for the host government described the mood as constructive and said that a second "
    "round of talks would be held in the same city before the end of the year. Critics of the "
    "process, including several members of parliament, argued that the government had conceded "
    "too much before the talks began and that the public had not been told what was on the table."
)


@pytest.fixture(scope="module")
def nlp():
    from storylens.enrich.nlp import load_english

    return load_english()


def sents(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_a_heading_is_not_glued_to_the_next_sentence(nlp) -> None:
    out = sents(nlp, "What Trump knew\n\nOne topic it might explore is the phone call with Zelensky.")
    assert out == ["What Trump knew", "One topic it might explore is the phone call with Zelensky."]


def test_single_breaks_end_sentences_in_paragraph_per_line_text(nlp) -> None:
    text = "By Oren Dorell\nUSA TODAY\nNATO warned Russia on Monday that the build-up must stop."
    assert sents(nlp, text) == ["By Oren Dorell", "USA TODAY", "NATO warned Russia on Monday that the build-up must stop."]


def test_a_closing_quote_stays_with_its_sentence(nlp) -> None:
    out = sents(nlp, 'He said: "We will win."\n\nThis is exactly right, the senator added.')
    assert out == ['He said: "We will win."', "This is exactly right, the senator added."]


def test_the_first_word_of_a_line_is_not_a_sentence_alone(nlp) -> None:
    # the parser, given the forced start, used to split "Trump | may be looking ..."
    out = sents(nlp, "Controlling the Narrative\n\nTrump may be looking for a bigger fight over trade.")
    assert out == ["Controlling the Narrative", "Trump may be looking for a bigger fight over trade."]


def test_hard_wrapped_prose_is_left_to_the_parser(nlp) -> None:
    wrapped = textwrap.fill(PROSE, 70)
    assert hard_wrapped(wrapped)
    # the same three sentences as the unwrapped text (no cut at "...since\nthe border")
    assert [" ".join(s.split()) for s in sents(nlp, wrapped)] == sents(nlp, PROSE)
    assert len(sents(nlp, PROSE)) == 3
    # a blank line still ends a paragraph in wrapped text
    two = wrapped + "\n\n" + textwrap.fill("Officials declined to comment", 70)
    assert sents(nlp, two)[-1] == "Officials declined to comment"


def test_news_with_one_paragraph_per_line_is_not_hard_wrapped() -> None:
    text = "\n".join([
        "China slaps tariffs on US goods",
        "Beijing said on Friday it would raise duties on $60bn of imports.",
        "\u201cWe have no choice,\u201d a spokesman said.",
        "Markets fell in Asia.",
        "- Reporting by Ben Blanchard",
    ])
    assert not hard_wrapped(text)
    assert not hard_wrapped("no line breaks at all, and the end")


def test_a_wire_credit_glued_to_the_first_word_ends_its_own_sentence():
    # CNN: "(CNN)President Donald Trump, according to the White House, made ..." parsed "CNN" as the subject
    from storylens.enrich.nlp import load_english

    doc = load_english()("(CNN)President Donald Trump, according to the White House, made an unscheduled trip.")
    president = next(t for t in doc if t.text == "President")
    assert president.is_sent_start
    made = next(t for t in doc if t.text == "made")
    assert not [c for c in made.children if c.dep_ == "nsubj" and c.text == "CNN"]
