"""Phrases that contain an actor's form but name something else (data/languages/not_actors.yaml)."""

from __future__ import annotations

import pytest

from storylens.config import Settings
from storylens.enrich.actors import ActorStage
from storylens.enrich.actors_i18n import blocked_spans


@pytest.fixture(scope="module")
def stage() -> ActorStage:
    import spacy

    return ActorStage(Settings(), nlp=spacy.blank("en"))


def _actors(stage: ActorStage, text: str, lang: str) -> list[str]:
    return [m.actor for m in stage.mentions_foreign(text, lang, "2022-05-01")]


def test_helsinki_commission_is_not_finland(stage: ActorStage) -> None:
    # the case from the held-out German set (the US Helsinki Commission)
    text = ("Die von der US-Regierung finanzierte Organisation, auch bekannt als Helsinki-Kommission, "
            "rief zur Entkolonialisierung Russlands auf. Die Redner der Helsinki-Kommission sprachen.")
    found = _actors(stage, text, "de")
    assert "Finland" not in found
    assert "Russia" in found  # the rest of the sentence is still read
    # Helsinki on its own still stands for Finland
    assert "Finland" in _actors(stage, "Helsinki lehnt den Vorschlag ab.", "de")


@pytest.mark.parametrize("text,lang,gone,kept", [
    ("Kiew und Moskau hatten die Minsker Abkommen unterzeichnet.", "de", "Belarus", "Russia"),
    ("Москва напомнила о Минских договорённостях с Киевом.", "ru", "Belarus", "Russia"),
    ("Il enseigne à la George Washington University depuis 2010, dit Paris.", "fr", "United States", "France"),
])
def test_blocked_phrases(stage: ActorStage, text: str, lang: str, gone: str, kept: str) -> None:
    found = _actors(stage, text, lang)
    assert gone not in found and kept in found, found


def test_blocked_spans_offsets_and_case() -> None:
    text = "Die HELSINKI-KOMMISSION tagte."
    assert [text[s:e] for s, e in blocked_spans(text, "de")] == ["HELSINKI-KOMMISSION"]
    assert blocked_spans("Helsinki-Kommission", "en") == []  # English text has its own rules
