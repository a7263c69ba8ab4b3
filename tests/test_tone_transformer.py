"""The fine-tuned MiniLM tone model (ONNX, storylens[transformer]): floor, encoder, selection.

Needs onnxruntime + tokenizers (the `transformer` extra, part of `make test`'s install);
without them the model tests skip and only the selection/error tests run.
"""

from __future__ import annotations

import re
import sys

import pytest

from conftest import (
    assert_batch_invariant,
    china_mentions,
    judge_mayor_probs,
    shared_path,
    text_article,
)
from eval_baseline import floor
from storylens.config import Settings
from storylens.enrich import tone, tone_base, tone_transformer
from storylens.enrich.tone import ToneStage, load_tone_model
from storylens.enrich.tone_cascade import CascadeToneModel
from storylens.enrich.tone_model import LABELS, ToneModel
from storylens.enrich.tone_sentence import SentenceToneModel
from storylens.errors import SettingsError, StoryLensError
from storylens.eval.tone import evaluate
from storylens.loading import ModelCache

needs_transformer = pytest.mark.skipif(
    not tone_transformer.available(),
    reason="onnxruntime/tokenizers not installed: pip install 'storylens[transformer]' "
           "(make test installs it)",
)

# Measured with the shipped int8 model (docs/tone.md): pinned a little below.
FLOOR_MACRO_F1 = floor("tone.transformer.macro_f1")  # the issue target 0.78 is not reached
FLOOR_OVER_STATIC = floor("tone.transformer.margin_over_static")


@pytest.fixture(scope="module")
def model():
    if not tone_transformer.available():
        pytest.skip("onnxruntime/tokenizers not installed: pip install 'storylens[transformer]'")
    return tone_transformer.TransformerToneModel.load()


@needs_transformer
def test_macro_f1_floor_on_devtest_mt(model) -> None:
    path = shared_path("data", "tone-newsmtsc", "devtest_mt.jsonl")
    reports, _ = evaluate(path, model=model, others=[ToneModel.load()])
    ours, static, vader, _majority = reports
    assert ours.targets == 1476
    assert ours.macro_f1 >= FLOOR_MACRO_F1, ours.row()
    assert ours.macro_f1 >= static.macro_f1 + FLOOR_OVER_STATIC, (ours.row(), static.row())
    assert ours.macro_f1 > vader.macro_f1 + floor("tone.transformer.margin_over_vader")
    assert all(ours.per_class[lab]["f1"] > floor("tone.transformer.per_class_f1") for lab in LABELS), ours.per_class
    assert ours.seconds < 60


@needs_transformer
def test_target_dependence(model) -> None:
    p = judge_mayor_probs(model)
    assert p[0, 2] - p[0, 0] > p[1, 2] - p[1, 0]  # the judge fares better than the mayor
    assert LABELS[int(p[1].argmax())] == "negative"
    assert model.predict_targets([]).shape == (0, 3)


@needs_transformer
def test_batching_does_not_change_the_answer(model) -> None:
    assert_batch_invariant(model)


def test_encoder_marks_and_truncates_around_the_target() -> None:
    pytest.importorskip("tokenizers", reason="pip install 'storylens[transformer]'")
    if not (tone_transformer.DATA_DIR / "tokenizer.json").is_file():
        pytest.skip("transformer tone model not shipped in this tree")
    tok = tone_transformer.load_tokenizer(tone_transformer.DATA_DIR / "tokenizer.json")
    enc = tone_transformer.TargetEncoder(tok, max_len=24)
    vocab = tok.get_vocab()
    s = "Critics said Xi Jinping had failed."
    ids, mark = enc(s, s.index("Xi"), s.index("Xi") + len("Xi Jinping"))
    assert ids[0] == vocab["[CLS]"] and ids[-1] == vocab["[SEP]"]
    assert ids[mark] == vocab[tone_transformer.MARK_OPEN]
    close = ids.index(vocab[tone_transformer.MARK_CLOSE])
    assert tok.decode(ids[mark + 1:close]).replace(" ", "") == "xijinping"
    long = " ".join(["word"] * 60) + " the target Ruritania here " + " ".join(["more"] * 60)
    a = long.index("Ruritania")
    ids, mark = enc(long, a, a + 9)
    assert len(ids) == 24 and ids[mark] == vocab[tone_transformer.MARK_OPEN]
    assert "ruritania" in tok.decode(ids).replace(" ##", "")


def test_setting_picks_the_model(monkeypatch) -> None:
    assert Settings().tone_model == "auto"  # the default: see docs/tone.md
    assert isinstance(load_tone_model("static"), ToneModel)
    with pytest.raises(SettingsError, match="tone_model"):
        load_tone_model("bert")
    auto = load_tone_model("auto")
    if tone_base.available():  # the cascade (student + mpnet) when mpnet's weights are installed
        assert isinstance(auto, CascadeToneModel)
    elif tone_transformer.available():  # else the student
        assert isinstance(auto, SentenceToneModel)
    else:
        assert isinstance(auto, ToneModel)
    monkeypatch.setenv("STORYLENS_TONE_MODEL", "auto")
    assert Settings.load().tone_model == "auto"
    assert type(ToneStage(Settings.load()).scorer.model) is type(auto)
    assert type(ToneStage(Settings()).scorer.model) is type(auto)
    assert isinstance(ToneStage(Settings({"tone_model": "static"})).scorer.model, ToneModel)


def test_missing_extra_names_the_install(monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import fails as if not installed
    monkeypatch.setattr(tone_transformer.TransformerToneModel, "_cache", ModelCache())
    monkeypatch.setattr(tone, "_FALLBACK_SAID", set())
    assert not tone_transformer.available()
    with pytest.raises(StoryLensError, match=re.escape("pip install 'storylens[transformer]'")):
        load_tone_model("transformer")
    assert isinstance(load_tone_model("auto"), ToneModel)  # auto falls back, and says so
    assert "using static" in capsys.readouterr().err


@needs_transformer
def test_seed_china_is_negative_with_the_transformer(seed_text) -> None:
    from storylens.enrich.nlp import load_english

    art = text_article(seed_text, china_mentions(seed_text), load_english()(seed_text))
    out = ToneStage(Settings({"tone_model": "transformer"}))(art)
    (china,) = out.tones
    # Measured: the transformer splits the seed's 25 China sentences 9 negative / 7 neutral /
    # 9 positive (score +0.03, "neutral"): it reads Xi's own goals ("tell China's stories well")
    # as positive toward China. The static model says negative (-0.20), as the hand annotation
    # does; that gap is why `static` stays the default (docs/tone.md). Pinned: not positive,
    # and the strongest negative evidence is the isolation sentence.
    assert china.label != "positive" and china.score < 0.1, china
    scorer = ToneStage(Settings({"tone_model": "transformer"})).scorer
    sents = scorer.sentences(art.text, art.mentions, art.doc)
    worst = min(sents, key=lambda st: st.score)
    assert sum(st.label == "negative" for st in sents) >= 5
    assert any("isolation" in st.text for st in sorted(sents, key=lambda st: st.score)[:3]), worst


@needs_transformer
def test_members_are_averaged_and_missing_ones_named(tmp_path) -> None:
    import json as _json

    from storylens.enrich.tone_transformer import DATA_DIR

    for name in ("model.onnx", "tokenizer.json"):
        (tmp_path / name).symlink_to(DATA_DIR / name)
    (tmp_path / "twin.onnx").symlink_to(DATA_DIR / "model.onnx")
    meta = _json.loads((DATA_DIR / "meta.json").read_text())
    (tmp_path / "meta.json").write_text(_json.dumps({**meta, "members": ["model.onnx", "twin.onnx"]}))
    items = [("China warned the United States on Monday.", 0, 5),
             ("Critics praised China's quick response to the floods.", 15, 20)]
    one = tone_transformer.TransformerToneModel.load()
    two = tone_transformer.TransformerToneModel.load(tmp_path)
    assert len(two.sessions) == 2 and len(one.sessions) == 1
    assert abs(two.predict_targets(items) - one.predict_targets(items)).max() < 1e-5  # mean of twins
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("model.onnx", "tokenizer.json"):
        (broken / name).symlink_to(DATA_DIR / name)
    (broken / "meta.json").write_text(_json.dumps({**meta, "members": ["model.onnx", "gone.onnx"]}))
    with pytest.raises(StoryLensError, match=re.escape("gone.onnx")):
        tone_transformer.TransformerToneModel.load(broken)
