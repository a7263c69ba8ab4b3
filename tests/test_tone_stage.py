"""ToneStage: per-actor tone over an article, the seed (China negative), no mentions, no parse."""

from __future__ import annotations

import re

import pytest

from conftest import china_mentions, text_article
from storylens.config import Settings
from storylens.enrich.tone import ToneScorer, ToneStage, label_for, split_sentences
from storylens.stages import STAGES, build_stages
from storylens.types import ActorTone, Mention


@pytest.fixture(scope="module")
def stage() -> ToneStage:
    return ToneStage(Settings({"tone_model": "static"}))  # the transformer: test_tone_transformer.py


@pytest.fixture(scope="module")
def nlp():
    from storylens.enrich.nlp import load_english

    return load_english()


def test_registered_after_actors() -> None:
    names = [s.name for s in STAGES]
    assert "tone" in names
    if "actors" in names:
        assert names.index("actors") < names.index("tone")
    stage = ToneStage(Settings())
    assert stage.name == "tone" and stage.requires == ("mentions",) and stage.assigns == ("tones",)


def test_no_mentions_no_tones(stage) -> None:
    out = stage(text_article("China condemned the move. Beijing was furious."))
    assert out.tones == ()


def test_seed_china_is_negative_with_constructed_mentions(stage, nlp, seed_text) -> None:
    mentions = china_mentions(seed_text)
    assert len(mentions) >= 20
    out = stage(text_article(seed_text, mentions, nlp(seed_text)))
    (china,) = [t for t in out.tones if t.actor == "China"]
    assert isinstance(china, ActorTone)
    assert china.label == "negative", china
    assert -1.0 <= china.score < 0 and china.mentions == len(mentions)
    assert 1 <= len(china.evidence) <= 5
    assert all(ev.strip() and ev in " ".join(seed_text.split()) for ev in china.evidence)


def test_seed_china_is_negative_through_the_pipeline(seed_text) -> None:
    names = [s.name for s in STAGES]
    if "actors" not in names:
        pytest.skip("ActorStage not on this branch")
    stages = build_stages(Settings(), only=["nlp", "actors", "tone"])  # default tone_model: auto
    art = text_article(seed_text)
    for s in stages:
        art = s(art)
    tones = {t.actor: t for t in art.tones}
    assert tones["China"].label == "negative", tones["China"]
    assert "South China Sea" not in tones
    # every actor with a mention gets a tone, ordered by mentions
    assert {m.actor for m in art.mentions} == set(tones)
    assert list(art.tones) == sorted(art.tones, key=lambda t: (-t.mentions, t.actor))


def test_without_parse_sentences_are_split(stage) -> None:
    text = ("The regime brutally crushed the peaceful protest and jailed hundreds. "
            "Critics condemned the regime for the killings.")
    ms = [Mention("Iran", "country", m.start(), m.end(), "regime")
          for m in re.finditer("regime", text)]
    out = stage(text_article(text, ms, doc=None))
    (iran,) = out.tones
    assert iran.mentions == 2 and iran.label == "negative" and len(iran.evidence) == 2


def test_positive_and_target_dependent(stage, nlp) -> None:
    text = ("Germany won praise for its generous and successful aid programme, which saved thousands of lives. "
            "Observers hailed Berlin's leadership as a model. Meanwhile Ruritania was accused of "
            "torturing prisoners and stealing the election.")
    ms = [Mention("Germany", "country", text.index("Germany"), text.index("Germany") + 7, "Germany"),
          Mention("Germany", "country", text.index("Berlin"), text.index("Berlin") + 6, "Berlin", "metonym"),
          Mention("Ruritania", "country", text.index("Ruritania"), text.index("Ruritania") + 9, "Ruritania")]
    tones = {t.actor: t for t in stage(text_article(text, ms, nlp(text))).tones}
    assert tones["Germany"].score > tones["Ruritania"].score
    assert tones["Germany"].label == "positive" and tones["Ruritania"].label == "negative"


def test_sentence_detail_and_helpers(nlp) -> None:
    text = "China condemned the move. The weather was mild."
    ms = (Mention("China", "country", 0, 5, "China"),)
    sents = ToneScorer().sentences(text, ms, nlp(text))
    assert len(sents) == 1 and sents[0].text == "China condemned the move."
    assert abs(sum(sents[0].probs) - 1) < 1e-5
    assert sents[0].label == ("negative", "neutral", "positive")[max(range(3), key=lambda i: sents[0].probs[i])]
    assert split_sentences("One. Two!  Three?\nFour") == [(0, 4), (5, 9), (11, 17), (18, 22)]
    assert label_for(-0.5) == "negative" and label_for(0.0) == "neutral" and label_for(0.5) == "positive"


class _Leaning:
    """A stand-in model: every target reads a little negative (P = 0.30 / 0.55 / 0.15, score -0.15)."""

    def predict_targets(self, items, parse=False):
        import numpy as np

        return np.tile(np.array([0.30, 0.55, 0.15]), (len(items), 1))


def test_a_slight_lean_needs_more_than_one_sentence() -> None:
    """The article cut shrinks with the sentences read (``threshold_for``): -0.15 in one sentence
    is neutral (one sentence's best cut on held-out NewsMTSC is 0.35), the same lean in 16
    sentences is negative. A flat 0.10 had labelled actors seen once or twice at -0.10 to -0.20
    negative; read by hand (60 such, 2026-12-08) most were neutral (docs/tone.md)."""
    from storylens.enrich.tone import SINGLE, THRESHOLD, threshold_for

    assert threshold_for(1) == SINGLE and threshold_for(4) == SINGLE / 2
    assert threshold_for(100) == THRESHOLD
    scorer = ToneScorer(model=_Leaning())
    once = "Kabul was quiet on Monday."
    (t,) = scorer.article(once, (Mention("Afghanistan", "country", 0, 5, "Kabul"),), None)
    assert (round(t.score, 2), t.label) == (-0.15, "neutral")
    many = " ".join(f"Kabul reported item {i}." for i in range(16))
    ms = tuple(Mention("Afghanistan", "country", m.start(), m.end(), "Kabul") for m in re.finditer("Kabul", many))
    (t,) = scorer.article(many, ms, None)
    assert (round(t.score, 2), t.label) == (-0.15, "negative") and t.evidence


class _Warm:
    """A stand-in model: every target reads positive (score +0.8)."""

    def predict_targets(self, items, parse=False):
        import numpy as np

        return np.tile(np.array([0.05, 0.10, 0.85]), (len(items), 1))


def test_a_speaker_is_not_portrayed_by_what_it_says(nlp) -> None:
    """"Kirby and Munoz praised their employees" read positive toward Kirby; the article-level
    guidelines count a speaker as neutral (data/tone/eval/articles/GUIDELINES.md). A sentence where
    the actor only speaks counts as a neutral one (article set B 0.555 -> 0.584, docs/tone.md)."""
    from storylens.enrich.tone import speaks

    text = ('Kirby and Munoz praised their employees. According to Kirby, the merger was a success. '
            'Regulators praised Kirby for the deal.')
    doc = nlp(text)
    ms = tuple(Mention("Scott Kirby", "person", m.start(), m.end(), "Kirby") for m in re.finditer("Kirby", text))
    assert [speaks(doc, m) for m in ms] == [True, True, False]  # the third is praised, not praising
    munoz = Mention("Oscar Munoz", "person", text.index("Munoz"), text.index("Munoz") + 5, "Munoz")
    assert speaks(doc, munoz)
    (t,) = ToneScorer(model=_Warm()).article(text, ms, doc)
    # (0 + 0 + 0.8) / 3: the one sentence that portrays Kirby is the evidence
    assert (round(t.score, 2), t.label) == (0.27, "positive") and t.evidence == ("Regulators praised Kirby for the deal.",)
    (t,) = ToneScorer(model=_Warm(), speakers_neutral=False).article(text, ms, doc)
    assert round(t.score, 2) == 0.8 and len(t.evidence) == 3
