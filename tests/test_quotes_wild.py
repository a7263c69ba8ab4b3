"""Speakers in the wild: headlines, metonyms and person names that spaCy labels ORG.

Each case failed before the fix it pins (headline mode, one speaker for a country's names and
capital, person vs organisation from the article before the NER label, no headline fragments
as speakers)."""

from __future__ import annotations

import pytest

from storylens.enrich.quotes import extract_quotes
from storylens.enrich.quotes.actors import actor_lookup
from storylens.enrich.quotes.extract import is_headline_line


@pytest.fixture(scope="module")
def run():
    from storylens.enrich.nlp import load_english

    nlp = load_english()
    lookup = actor_lookup()

    def go(text: str):
        return extract_quotes(nlp(text), lookup)

    return go


def test_headline_line():
    text = "U.S. tech industry sees layoffs\n\nThe job cuts continued this week."
    assert is_headline_line(text, 5)
    assert not is_headline_line(text, text.index("job"))


@pytest.mark.parametrize("headline", [
    "Obama warns of further steps in Egypt, cancels military exercises",
    "China slaps tariffs on $60 billion in U.S. imports as trade war deepens",
    "Leaders hold key NATO summit as threats of ISIS, Russian aggression loom",
    "Mueller Concludes His Investigation",
    "Trump just blocked his own administration’s Russia sanctions",
])
def test_headline_actions_are_not_quotes(run, headline):
    assert [a.cue for a in run(headline)] == []


def test_headline_speech_with_clause_is_kept(run):
    (a,) = run("Turkish military operation in Syria has started, Erdogan says")
    assert a.cue == "says" and a.speaker == "Recep Tayyip Erdoğan"


def test_no_headline_fragment_as_speaker(run):
    (a,) = run("Tillerson Says 'All Of The Options Are On The Table' In Dealing With North Korea")
    assert a.speaker == "Rex Tillerson"
    (b,) = run("Tillerson Out, Pompeo In\n\nTillerson said on Tuesday that he was proud of his work.")
    assert b.speaker == "Rex Tillerson"
    (c,) = run("Poll: Most disapprove of Obama handling of ISIS")
    assert c.speaker == "Poll"


def test_country_names_and_capital_are_one_speaker(run):
    attrs = run("The U.S. said the sanctions would stay. The United States said it was ready to talk. "
                "Washington said the deal was dead. The US said it would not back down.")
    assert [a.speaker for a in attrs] == ["United States"] * 4
    assert {a.speaker_actor for a in attrs} == {"United States"}


def test_person_named_like_an_organisation(run):
    (a,) = run("Assange said he would appeal.")
    assert a.speaker_type != "organisation"
    attrs = run("Paul Manafort appeared in court. Manafort said the case was unfair.")
    assert attrs and all(a.speaker_type != "organisation" for a in attrs)
