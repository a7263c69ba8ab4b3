"""The student tone model (tone_model=student): MiniLM, one pass per sentence, all targets marked.

Needs the `transformer` extra (onnxruntime + tokenizers; `make test` installs it). Scoring
devtest_mt takes ~7 s on one thread.
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import shared_path
from eval_baseline import floor
from storylens.enrich import tone_transformer
from storylens.enrich.tone import load_tone_model
from storylens.enrich.tone_model import LABELS
from storylens.enrich.tone_sentence import SentenceToneModel
from storylens.eval.tone import evaluate


@pytest.fixture(scope="module")
def model():
    if not tone_transformer.available():
        pytest.skip(f"transformer packages not installed: {tone_transformer.INSTALL_HINT}")
    return SentenceToneModel.load(threads=2)


def test_macro_f1_floor_on_devtest_mt(model) -> None:
    path = shared_path("data", "tone-newsmtsc", "devtest_mt.jsonl")
    reports, _ = evaluate(path, model=model, others=[tone_transformer.TransformerToneModel.load()])
    ours, minilm, vader, _majority = reports
    assert ours.targets == 1476
    assert ours.macro_f1 >= floor("tone.student.macro_f1"), ours.row()  # measured 0.774; MiniLM 0.749
    assert ours.macro_f1 > minilm.macro_f1, (ours.row(), minilm.row())
    assert ours.macro_f1 > vader.macro_f1 + floor("tone.student.margin_over_vader")
    assert all(ours.per_class[lab]["f1"] > floor("tone.student.per_class_f1") for lab in LABELS), ours.per_class


def test_selected_by_the_setting(model) -> None:
    assert load_tone_model("student") is model.__class__.load()
    assert model.name == "minilm-student-int8"


def test_padding_does_not_change_the_answer(model) -> None:
    # conftest's check (atol 0.08) with a wider tolerance: int8 dynamic quantisation scales the
    # activations per batch, and this model's single short sentence moves by 0.14 alone vs in a
    # batch (measured; the float graph before quantisation moves 0.000, so padding is right)
    s1 = "The minister was cleared of all charges and praised for her work."
    s2 = ("In a long and winding statement that touched on trade, tariffs, the weather and many other "
          "matters, officials in Ruritania denounced the neighbouring government as a gang of thieves.")
    one = model.predict_targets([(s1, 4, 12)])
    both = model.predict_targets([(s2, s2.index("Ruritania"), s2.index("Ruritania") + 9), (s1, 4, 12)])
    assert np.allclose(one[0], both[1], atol=0.2), (one[0], both[1])
    assert int(one[0].argmax()) == int(both[1].argmax())


def test_seed_china(model, seed_text) -> None:
    from conftest import china_mentions, text_article
    from storylens.config import Settings
    from storylens.enrich.nlp import load_english
    from storylens.enrich.tone import ToneStage

    art = text_article(seed_text, china_mentions(seed_text), load_english()(seed_text))
    (china,) = ToneStage(Settings({"tone_model": "student"}))(art).tones
    # measured: score -0.23, 11 negative / 8 neutral / 6 positive sentences (mpnet: -0.25)
    assert china.label == "negative" and china.score < -0.1, china
    assert any("isolation" in e for e in china.evidence), china.evidence
