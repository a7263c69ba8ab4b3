"""Language ID fit for headlines: restricted to the corpus's languages, a hint from the input
when the model is unsure, and how each answer was reached."""

from __future__ import annotations

from conftest import DATA, shared_path
from eval_baseline import floor
from storylens.eval.language import build_set, score
from storylens.extract.language import detect_language, identify


def test_english_headlines_are_english_not_pidgin() -> None:
    # headlines of the shapes that came out `pcm` or with no language before
    for h in ("Ukraine war: Russia pounds Mariupol as civilians flee",
              "Biden warns Xi of consequences if China helps Russia",
              "Covid: Hong Kong deaths rise as hospitals overwhelmed",
              "China's grain output hits record high in 2021"):
        assert detect_language(h) == "en", h
    assert detect_language("习近平会见俄罗斯外长拉夫罗夫") == "zh"
    assert detect_language("Путин провёл переговоры с Си Цзиньпином") == "ru"


def test_uncertain_answers_take_the_input_hint_and_say_so() -> None:
    d = identify("Live", hint="en-GB")
    assert (d.language, d.how) == ("en", "hint")
    assert identify("Live").how == "none" and identify("Live").language is None
    d = identify("Ukraine war: Russia pounds Mariupol as civilians flee")
    assert d.how == "detected" and d.confidence >= 0.5
    # a hint outside the allowed languages is ignored
    assert identify("ok", hint="xx").language is None


def test_short_text_accuracy_floor() -> None:
    """Titles and first sentences of known-language articles from the shared corpora (983 texts).
    Measured: train 0.986 / dev 0.983 with the default languages (before: 0.834 / 0.855)."""
    shared_path("data", "corpus-multilingual-semeval2023")
    items = build_set(DATA)
    assert len(items) >= 900
    for split in ("train", "dev"):
        part = [i for i in items if i.split == split]
        assert score(part, detect_language)["accuracy"] >= floor("language.short_text_accuracy"), split
