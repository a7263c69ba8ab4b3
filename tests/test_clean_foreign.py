"""The out-of-language signals of the clean stage (word lists of the document's language
and of the others, from wordfreq), checked with an EMPTY lexicon: they must catch spam
phrases no lexicon knows, and leave foreign words that belong in news alone."""

from __future__ import annotations

import pytest

from storylens.clean import Cleaner
from storylens.clean.cues import Cues
from storylens.clean.lexicon import Lexicon, parse_lexicon
from storylens.clean.vocab import foreign_runs, vocabulary, word_info

BODY = (
    "The finance minister said on Tuesday that the budget would be balanced by next year.\n"
    "Opposition lawmakers questioned the forecast and asked for an independent review of the figures.\n"
    "The central bank kept its key rate unchanged at its meeting, citing stable inflation."
)
NO_LEXICON = Cleaner(Lexicon([]))


def _classes(text: str) -> dict[str, tuple[bool, bool]]:
    info = word_info(text, "en")
    assert info is not None
    return info.classes


@pytest.mark.parametrize("phrase", ["kasyno online", "bahis siteleri", "zakłady bukmacherskie",
                                    "apostas esportivas", "gokken online"])
def test_foreign_spam_phrase_cut_without_lexicon(phrase: str) -> None:
    text = BODY.replace("by next year", f"by {phrase} next year")
    r = NO_LEXICON.clean(text, language="en")
    assert phrase not in r.text
    assert "balanced by next year." in r.text
    assert r.spam_injected


def test_foreign_phrase_in_german_text() -> None:
    text = ("Der Finanzminister sagte am Dienstag, der Haushalt werde im nächsten Jahr ausgeglichen sein.\n"
            "Die Opposition bezweifelte die Prognose und verlangte eine unabhängige bahis siteleri Prüfung.")
    r = NO_LEXICON.clean(text, language="de")
    assert "bahis" not in r.text and "eine unabhängige Prüfung" in r.text


@pytest.mark.parametrize("line", [
    'Protesters chanted "ni una menos" outside the ministry on Tuesday evening.',
    "The motto of the movement, (gilets jaunes), spread quickly across the country.",
    "Prime Minister Mateusz Morawiecki met Recep Tayyip Erdoğan in Ankara on Monday.",
    "The chef served paella and gazpacho to the visiting delegation from Madrid.",
    "It was, as the French say, a fait accompli by the time parliament voted.",
])
def test_foreign_words_that_belong_in_news_kept(line: str) -> None:
    text = BODY + "\n" + line
    r = NO_LEXICON.clean(text, language="en")
    assert r.text == text, r.removals


def test_single_foreign_word_alone_is_kept_but_counts_beside_a_cut() -> None:
    # one foreign word alone is not enough (loan words, typos) ...
    text = BODY.replace("by next year", "by next kasyno year")
    assert NO_LEXICON.clean(text, language="en").text == text
    # ... but it goes with a cut right beside it
    lex = Lexicon(parse_lexicon("xx casino strong slot88"))
    text = BODY.replace("by next year", "by slot88 kasyno next year")
    r = Cleaner(lex).clean(text, language="en")
    assert "kasyno" not in r.text and "slot88" not in r.text


def test_foreign_anchor_to_another_site_is_cut() -> None:
    # one foreign word alone is kept in text (above), but not as a link to another site
    html = ('<html><body><article><p>The ministry published the plan on its website, '
            '<a href="https://royalgold.club/">kasyno</a> with a summary for citizens.</p>'
            '</article></body></html>')
    text = "The ministry published the plan on its website, kasyno with a summary for citizens."
    r = NO_LEXICON.clean(text, html=html, outlet="example.com", language="en")
    assert "kasyno" not in r.text
    assert any(x.rule == "spam_link" for x in r.removals)


def test_vocabulary_answers() -> None:
    v = vocabulary("en")
    assert v is not None
    c = v.classify(["budget", "kasyno", "xqzvtt"])
    assert c["budget"][0] is True
    assert c["kasyno"] == (False, True)  # a Polish word
    assert c["xqzvtt"] == (False, False)
    assert vocabulary("ko") is None and vocabulary(None) is None  # Latin-alphabet languages only
    # held-out languages can be left out of the "elsewhere" side
    strict = vocabulary("en", frozenset({"pl", "cs", "sk"}))
    assert strict is not None and strict.classify(["kasyno"])["kasyno"][1] is False


def test_foreign_runs_skip_names_quotes_and_foreign_lines() -> None:
    line = "Officials said bahis siteleri were blocked, Erdoğan said."
    runs = foreign_runs(line, _classes(line))
    assert [line[r.start:r.end] for r in runs] == ["bahis siteleri"]
    assert runs[0].words == 2 and runs[0].foreign >= 1
    quoted = "Officials said “bahis siteleri” were blocked."
    assert not foreign_runs(quoted, _classes(quoted))
    polish = "Rząd przyjął wczoraj nowy budżet na przyszły rok, powiedział minister finansów"
    assert not foreign_runs(polish, _classes(polish))  # mostly foreign: a quotation


def test_plural_of_a_lexicon_term_matches() -> None:
    lex = Lexicon(parse_lexicon("en loan strong payday loan\nen casino weak bonus"))
    assert [h.term.text for h in lex.find("Get payday loans and bonuses now")] == ["payday loan", "bonus"]
    assert not lex.find("payday loanshark")


def test_cue_lists_hold_languages_out() -> None:
    full, held = Cues(), Cues(frozenset({"pl", "tr"}))
    assert full.count("Zarejestruj się teraz i graj") >= 2 and held.count("Zarejestruj się teraz i graj") == 0
    assert full.companion("siteleri") and not held.companion("siteleri")
    assert held.companion("online") and held.strong("Sign up now for a 100% bonus")
