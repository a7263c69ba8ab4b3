"""The cascade (tone_model=cascade, the default via auto): the student everywhere, mpnet where the
student is unsure. Escalation per sentence with stand-in models; floor on NewsMTSC devtest_mt and
the seed with the real ones (docs/tone.md, "The cascade")."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import china_mentions, shared_path, text_article
from eval_baseline import ceiling, floor
from storylens.config import Settings
from storylens.enrich import tone_base
from storylens.enrich.tone import ToneStage, load_tone_model
from storylens.enrich.tone_cascade import MARGIN, CascadeToneModel, margins
from storylens.enrich.tone_model import LABELS
from storylens.enrich.tone_sentence import SentenceToneModel
from storylens.errors import SettingsError
from storylens.eval.tone import evaluate


class Fixed:
    """A stand-in tone model: the probabilities of each item's mention from a table; counts calls."""

    def __init__(self, name: str, table: dict[str, list[float]]) -> None:
        self.name, self.table, self.calls = name, table, []

    def predict_targets(self, targets, parse=None):
        items = list(targets)
        self.calls.append([t[0][t[1]:t[2]] for t in items])
        return np.array([self.table[t[0][t[1]:t[2]]] for t in items], np.float32).reshape(-1, 3)


def _item(sentence: str, mention: str) -> tuple[str, int, int]:
    a = sentence.index(mention)
    return sentence, a, a + len(mention)


S1 = "Alpha praised Beta."
S2 = "Gamma met Delta."
FIRST = {"Alpha": [0.05, 0.05, 0.9], "Beta": [0.5, 0.3, 0.2],  # Beta unsure: margin 0.2
         "Gamma": [0.9, 0.05, 0.05], "Delta": [0.1, 0.85, 0.05]}
SECOND = {"Alpha": [0.0, 0.0, 1.0], "Beta": [0.0, 0.0, 1.0], "Gamma": [0.0, 1.0, 0.0], "Delta": [1.0, 0.0, 0.0]}


def test_margins() -> None:
    m = margins(np.array([[0.2, 0.3, 0.5], [1 / 3, 1 / 3, 1 / 3]], np.float32))
    assert np.allclose(m, [0.2, 0.0], atol=1e-6)
    assert margins(np.zeros((0, 3), np.float32)).shape == (0,)


def test_only_the_unsure_sentence_is_read_again_whole() -> None:
    first, second = Fixed("minilm-a", FIRST), Fixed("mpnet-b", SECOND)
    model = CascadeToneModel(first, second, margin=0.5)
    items = [_item(S1, "Alpha"), _item(S2, "Gamma"), _item(S1, "Beta"), _item(S2, "Delta")]
    p = model.predict_targets(items)
    # S1 holds an unsure target (Beta), so both of its targets take the second model's answer, in one call
    assert second.calls == [["Alpha", "Beta"]]
    assert np.allclose(p[[0, 2]], [SECOND["Alpha"], SECOND["Beta"]])
    assert np.allclose(p[[1, 3]], [FIRST["Gamma"], FIRST["Delta"]])  # S2 is sure: the first model's
    assert (model.sentences, model.escalated, model.share) == (2, 1, 0.5)
    assert model.name == "cascade-minilm-mpnet@0.50"


def test_margin_ends() -> None:
    items = [_item(S1, "Alpha"), _item(S1, "Beta"), _item(S2, "Gamma")]
    never = CascadeToneModel(Fixed("a", FIRST), second := Fixed("b", SECOND), margin=0.0)
    assert np.allclose(never.predict_targets(items), [FIRST["Alpha"], FIRST["Beta"], FIRST["Gamma"]])
    assert second.calls == [] and never.share == 0.0
    always = CascadeToneModel(Fixed("a", FIRST), Fixed("b", SECOND), margin=1.0)
    assert np.allclose(always.predict_targets(items), [SECOND["Alpha"], SECOND["Beta"], SECOND["Gamma"]])
    assert always.share == 1.0
    assert always.predict_targets([]).shape == (0, 3)


def test_margin_setting_is_checked() -> None:
    assert Settings().tone_cascade_margin == MARGIN
    with pytest.raises(SettingsError, match="tone_cascade_margin"):
        Settings({"tone_cascade_margin": 1.5})


needs_mpnet = pytest.mark.skipif(not tone_base.available(),
                                 reason=f"MPNet tone model not installed: {tone_base.INSTALL_HINT}")


@needs_mpnet
def test_auto_is_the_cascade() -> None:
    auto = load_tone_model("auto", 0.6)
    assert isinstance(auto, CascadeToneModel) and auto.margin == 0.6
    assert isinstance(auto.first, SentenceToneModel) and "student" in auto.first.name
    assert "mpnet" in auto.second.name
    stage_model = ToneStage(Settings({"tone_cascade_margin": 0.3})).scorer.model
    assert isinstance(stage_model, CascadeToneModel) and stage_model.margin == 0.3


@needs_mpnet
def test_macro_f1_floor_on_devtest_mt() -> None:
    path = shared_path("data", "tone-newsmtsc", "devtest_mt.jsonl")
    cascade = load_tone_model("cascade")
    student = SentenceToneModel.load()
    reports, _ = evaluate(path, model=cascade, others=[student])
    ours, alone, _vader, _majority = reports
    assert ours.targets == 1476
    assert ours.macro_f1 >= floor("tone.cascade.macro_f1"), ours.row()
    assert ours.macro_f1 >= alone.macro_f1 + floor("tone.cascade.margin_over_student"), (ours.row(), alone.row())
    assert all(ours.per_class[lab]["f1"] > floor("tone.mpnet.per_class_f1") for lab in LABELS), ours.per_class
    # what it costs: the share of sentences the MPNet model read again (measured 0.34)
    assert cascade.share <= ceiling("tone.cascade.escalated_share_max"), cascade.share


@needs_mpnet
def test_seed_china(seed_text) -> None:
    from storylens.enrich.nlp import load_english

    art = text_article(seed_text, china_mentions(seed_text), load_english()(seed_text))
    stage = ToneStage(Settings({"tone_model": "cascade"}))
    (china,) = stage(art).tones
    assert china.label == "negative" and china.score < -0.1, china
    assert any("isolation" in e for e in china.evidence), china.evidence
    assert 0 < stage.scorer.model.escalated < stage.scorer.model.sentences  # some sentences, not all
