"""Tone in other languages: the multilingual model runs there, the English one never does.

Figures (docs/languages.md): ``storylens eval tone --i18n tests/fixtures/tone_i18n/labels.tsv
--corpus ../shared/data/corpus-multilingual-semeval2023``; the floors below pin them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared_path, text_article
from storylens import languages
from storylens.config import Settings
from storylens.enrich import tone_multilingual
from storylens.enrich.tone import ToneStage
from storylens.types import Mention

needs_model = pytest.mark.skipif(not tone_multilingual.available(),
                                 reason="multilingual tone model not installed (storylens[multilingual])")
LABELS = Path(__file__).parent / "fixtures" / "tone_i18n" / "labels.tsv"


def _article(text: str, word: str, actor: str, language: str):
    import re

    ms = tuple(Mention(actor, "country", m.start(), m.end(), word) for m in re.finditer(word, text))
    return text_article(text, ms, doc=None).replace(language=language)


RU = ("Россия вероломно напала на соседнюю страну и совершила военные преступления. "
      "Мировое сообщество осудило Россию за жестокость.")
FR = "La France a salué le courage de l'Ukraine et l'aide généreuse de l'Ukraine aux réfugiés."


@needs_model
def test_non_english_articles_get_tone_from_the_multilingual_model() -> None:
    stage = ToneStage(Settings({"tone_model": "static", "tone_multilingual": True}))
    assert ToneStage(Settings({"tone_model": "static"}))(_article(RU, "Росси[яюи]", "Russia", "ru")).tones == ()
    out = stage(_article(RU, "Росси[яюи]", "Russia", "ru"))
    (russia,) = out.tones
    assert russia.label == "negative" and russia.mentions == 2 and russia.evidence
    assert stage._other is not None and stage._other.model.name.startswith("e5")
    (ukraine,) = stage(_article(FR, "l'Ukraine", "Ukraine", "fr")).tones
    assert ukraine.label == "positive", ukraine


def test_setting_off_means_no_tone_and_coverage_says_why() -> None:
    off = Settings({"tone_model": "static", "tone_multilingual": False})
    stage = ToneStage(off)
    assert stage(_article(RU, "Росси[яюи]", "Russia", "ru")).tones == ()
    assert languages.coverage("ru", off)["tone"] == languages.TONE_OFF
    assert "tone no (English model only; setting tone_multilingual is off)" in languages.coverage_lines({"ru": 3}, off)[0]
    # English still gets the English model
    en = text_article("Critics condemned China for the crackdown.",
                      (Mention("China", "country", 27, 32, "China"),), doc=None)
    assert stage(en).tones


@needs_model
def test_coverage_line_names_the_multilingual_model() -> None:
    line = languages.coverage_lines({"ru": 3}, Settings({"tone_multilingual": True}))[0]
    assert "tone yes (multilingual model)" in line


@needs_model
def test_unknown_language_is_read_as_english_in_the_coverage_line() -> None:
    # articles whose language the identifier was unsure of get the English models: no multilingual notes
    (line,) = languages.coverage_lines({"unknown": 3}, Settings({"tone_multilingual": True}))
    assert line.startswith("unknown 3: ") and "tone yes," in line and "multilingual" not in line


@needs_model
def test_hand_labelled_floors_per_language() -> None:
    from storylens.eval.tone import load_i18n_targets, per_language

    corpus = shared_path("data", "corpus-multilingual-semeval2023")
    rows = per_language(load_i18n_targets(LABELS, corpus), [tone_multilingual.load()])
    got = {(r["language"], r["system"].split(" ")[0]): r["macro_f1"] for r in rows}
    for lang in ("fr", "de", "ru"):
        model = got[(lang, "storylens")]
        neutral = got[(lang, "always")]
        assert model > neutral + 0.1, (lang, model, neutral)


def test_eval_tone_i18n_runs_alone(tmp_path: Path) -> None:
    # with --newsmtsc as well, --format json would print two JSON documents: refused with the fix
    from click.testing import CliRunner

    from storylens.cli import main

    nm = tmp_path / "n.jsonl"
    nm.write_text("", encoding="utf-8")
    res = CliRunner().invoke(main, ["eval", "tone", "--i18n", str(LABELS), "--corpus", str(tmp_path),
                                    "--newsmtsc", str(nm), "--format", "json"])
    assert res.exit_code == 2 and "--i18n scores other languages on its own" in res.output
