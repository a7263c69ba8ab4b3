"""The China pack's anchor in other languages: a keyword counts only near a sentence naming China or
a Chinese actor or place in the article's language (before, the anchor was English only, so a Polish
"protest" on the Kosovo border reached the claim gate as a Hong Kong narrative)."""

from __future__ import annotations

import pytest

from storylens.corpus.narratives import detect, load_packs

KOSOVO = ["Napięcie na granicy Kosowa z Serbią. Protest etnicznych Serbów.",
          "Z powodu protestów na granicy władze zdecydowały się zamknąć oba przejścia graniczne.",
          "Protestujący Serbowie zablokowali ciężarówkami drogi prowadzące do dwóch przejść granicznych."]
HONG_KONG = ["Protestujący w Hongkongu znów wyszli na ulice przeciwko władzom w Pekinie.",
             "Policja w Hongkongu użyła gazu łzawiącego wobec protestujących.",
             "Chiny oskarżają zagranicę o podsycanie protestów."]


@pytest.fixture(scope="module")
def china():
    return [p for p in load_packs("china", "") if p.name == "default"]


def test_a_polish_protest_elsewhere_is_not_a_hong_kong_narrative(china) -> None:
    assert detect(KOSOVO, china, None, "pl") == ()


def test_a_polish_hong_kong_protest_still_is(china) -> None:
    assert "Hong Kong" in {h.narrative for h in detect(HONG_KONG, china, None, "pl")}


@pytest.mark.parametrize(("language", "sentence"), [
    ("ru", "Вашингтон усилил давление на Китай и ввёл новые пошлины."),
    ("ru", "У Лихтенштейна не было противоречий с Россией и Китаем."),
    ("uk", "Санкції проти Китаю обговорювали у Брюсселі."),
    ("fr", "Pékin a répondu aux nouveaux tarifs douaniers américains."),
    ("de", "Die chinesische Regierung kritisierte die Zölle."),
    ("it", "La Cina ha risposto ai dazi americani."),
    ("es", "El gobierno chino respondió a los aranceles."),
    ("pl", "Chiny odpowiedziały na amerykańskie cła."),
    ("zh", "中国外交部发言人回应了美国的新关税。"),
])
def test_each_language_names_china_in_its_own_words(china, language: str, sentence: str) -> None:
    pack = china[0].for_language(language)
    assert any(a.search(sentence) for a in pack.narratives[0].anchor), (language, sentence)
    assert not any(a.search("Der Bundestag beschloss am Donnerstag das Haushaltsgesetz.")
                   for a in pack.narratives[0].anchor)
