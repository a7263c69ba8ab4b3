"""The shipped tone model: quality floor on NewsMTSC devtest_mt, beside VADER; eval command."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from click.testing import CliRunner

from conftest import china_mentions, shared_path
from eval_baseline import floor
from storylens.cli import main
from storylens.enrich.tone_model import LABELS, ToneModel
from storylens.errors import StoryLensError
from storylens.eval.tone import evaluate, load_newsmtsc, macro_f1

# Measured 2026-11-29 with the shipped weights (see docs/tone.md): pinned a little below.
FLOOR_MACRO_F1 = floor("tone.static.macro_f1")
FLOOR_MARGIN_OVER_VADER = floor("tone.static.margin_over_vader")


@pytest.fixture(scope="module")
def model() -> ToneModel:
    return ToneModel.load()


@pytest.fixture(scope="module")
def devtest_reports(model):
    path = shared_path("data", "tone-newsmtsc", "devtest_mt.jsonl")
    t0 = time.perf_counter()
    reports, pred = evaluate(path, model=model)
    return reports, pred, time.perf_counter() - t0


def test_macro_f1_floor_on_devtest_mt(devtest_reports) -> None:
    reports, _, seconds = devtest_reports
    ours, vader, majority = reports
    assert ours.targets == 1476
    assert ours.macro_f1 >= FLOOR_MACRO_F1, ours.row()
    assert ours.macro_f1 >= vader.macro_f1 + FLOOR_MARGIN_OVER_VADER, (ours.row(), vader.row())
    assert ours.macro_f1 > majority.macro_f1
    # every class is predicted and recognised
    assert all(ours.per_class[lab]["f1"] > floor("tone.static.per_class_f1") for lab in LABELS), ours.per_class
    assert seconds < 60


def test_target_dependence(model) -> None:
    """Same sentence, two targets, opposite tone."""
    s = "Protesters praised the brave judge, but the corrupt mayor was booed and ridiculed."
    a, b = s.index("judge"), s.index("mayor")
    p = model.predict_targets([(s, a, a + 5), (s, b, b + 5)])
    assert p.shape == (2, 3) and np.allclose(p.sum(1), 1.0, atol=1e-5)
    assert p[0, 2] - p[0, 0] > p[1, 2] - p[1, 0]
    assert LABELS[int(p[1].argmax())] == "negative"


def test_no_parse_path_still_works(model) -> None:
    s = "The regime brutally crushed the peaceful protest."
    p = model.predict_targets([(s, 4, 10)], parse=False)
    assert LABELS[int(p[0].argmax())] == "negative"


def test_macro_f1_metric() -> None:
    m = macro_f1(["negative", "neutral", "positive", "neutral"], ["negative", "neutral", "neutral", "neutral"])
    assert m["per_class"]["positive"]["f1"] == 0.0
    assert m["per_class"]["neutral"]["f1"] == pytest.approx(0.8)
    assert m["macro_f1"] == pytest.approx((1 + 0.8 + 0) / 3)
    assert m["accuracy"] == 0.75


def test_loader_rejects_other_formats(tmp_path) -> None:
    from storylens.errors import StoryLensError

    bad = tmp_path / "x.jsonl"
    bad.write_text('{"text": "hello"}\n')
    with pytest.raises(StoryLensError, match="not a NewsMTSC record"):
        load_newsmtsc(bad)


def test_eval_tone_cli(tmp_path) -> None:
    src = shared_path("data", "tone-newsmtsc", "devtest_mt.jsonl")
    small = tmp_path / "small.jsonl"
    small.write_text("".join(src.read_text(encoding="utf-8").splitlines(keepends=True)[:40]))
    out = tmp_path / "pred.jsonl"
    r = CliRunner().invoke(main, ["eval", "tone", "--newsmtsc", str(small), "--predictions", str(out),
                                  "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    systems = [x["system"].split()[0] for x in rows]
    assert systems[-2:] == ["vader", "majority"] and set(systems[:-2]) == {"storylens"}
    assert 2 <= len(systems) - 2 <= 6  # static-lr, static-distilled, the transformers and the cascade when installed
    assert {"storylens (static-lr)", "storylens (static-distilled)"} <= {x["system"] for x in rows}
    assert 0.0 <= rows[0]["macro_f1"] <= 1.0
    preds = [json.loads(line) for line in out.read_text().splitlines()]
    gold = load_newsmtsc(small)
    assert len(preds) == len(gold)
    assert {"primary_gid", "from", "to", "polarity"} <= set(preds[0])
    assert all(p["polarity"] in (2.0, 4.0, 6.0) for p in preds)
    assert (preds[0]["primary_gid"], preds[0]["from"], preds[0]["to"]) == (gold[0].gid, gold[0].start, gold[0].end)

    r = CliRunner().invoke(main, ["eval", "tone", "--newsmtsc", str(small)])
    assert r.exit_code == 0 and "vader" in r.output

    r = CliRunner().invoke(main, ["eval", "tone", "--newsmtsc", str(small), "--model", "static",
                                  "--format", "json"])
    assert r.exit_code == 0, r.output
    assert next(x["system"] for x in json.loads(r.stdout)) == "storylens (static-lr)"


def test_mlp_head_matches_its_definition(tmp_path, model) -> None:
    """The distilled head (hidden layer, GELU tanh form) as numpy computes it, against the
    formula written out; standardisation is folded into the hidden layer."""
    rng = np.random.default_rng(0)
    f, h = model.featurizer.size, 8
    w1, b1 = rng.normal(size=(f, h)).astype(np.float32) * 0.05, rng.normal(size=h).astype(np.float32)
    w2, b2 = rng.normal(size=(3, h)).astype(np.float32), rng.normal(size=3).astype(np.float32)
    mean, scale = rng.normal(size=f).astype(np.float32) * 0.01, np.full(f, 2.0, np.float32)
    np.savez(tmp_path / "model.npz", mean=mean, scale=scale, hidden_w=w1, hidden_b=b1, coef=w2, intercept=b2)
    (tmp_path / "meta.json").write_text(json.dumps({"name": "tiny-mlp", "blocks": list(model.featurizer.blocks),
                                                    "head": "mlp"}))
    tiny = ToneModel.load(tmp_path)
    X = rng.normal(size=(5, f)).astype(np.float32)
    z = ((X - mean) / scale) @ w1 + b1
    g = 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z ** 3)))
    logits = g @ w2.T + b2
    want = np.exp(logits - logits.max(1, keepdims=True))
    want /= want.sum(1, keepdims=True)
    assert tiny.name == "tiny-mlp"
    assert np.allclose(tiny.predict_features(X), want, atol=1e-4)
    (tmp_path / "meta.json").write_text(json.dumps({"name": "tiny-mlp", "blocks": ["base", "slots"]}))
    ToneModel._cache.clear()
    with pytest.raises(StoryLensError, match="expects"):
        ToneModel.load(tmp_path)


FLOOR_DISTILLED = floor("tone.distilled.macro_f1")


def test_distilled_model_floor_and_gain_over_static(devtest_reports) -> None:
    """The MLP head distilled from the transformer: same features, same cost, better."""
    from storylens.enrich.tone import load_tone_model

    distilled = load_tone_model("distilled")
    assert distilled.name == "static-distilled" and distilled.hidden is not None
    path = shared_path("data", "tone-newsmtsc", "devtest_mt.jsonl")
    (ours, vader, _majority), _ = evaluate(path, model=distilled)
    static = devtest_reports[0][0]
    assert ours.macro_f1 >= FLOOR_DISTILLED, ours.row()
    assert ours.macro_f1 >= static.macro_f1 + floor("tone.distilled.margin_over_static"), (ours.row(), static.row())
    assert ours.macro_f1 >= vader.macro_f1 + floor("tone.distilled.margin_over_vader")
    assert all(ours.per_class[lab]["f1"] > floor("tone.distilled.per_class_f1") for lab in LABELS), ours.per_class


def test_distilled_reads_the_seed_as_its_teacher_does(seed_text) -> None:
    """Measured: China -0.03 (neutral; 8 negative / 11 neutral / 6 positive sentences), the
    transformer's reading (+0.03), where the hand annotation and the default static model say
    negative (-0.20): why `static` stays the default (docs/tone.md). Pinned: not positive, and
    the isolation sentence among its most negative."""
    from storylens.enrich.nlp import load_english
    from storylens.enrich.tone import ToneScorer, load_tone_model

    ms = tuple(china_mentions(seed_text))
    scorer = ToneScorer(model=load_tone_model("distilled"))
    doc = load_english()(seed_text)
    (china,) = scorer.article(seed_text, ms, doc)
    assert china.label != "positive" and china.score < 0.05, china
    sents = sorted(scorer.sentences(seed_text, ms, doc), key=lambda st: st.score)
    assert sum(st.label == "negative" for st in sents) >= 5
    assert any("isolation" in st.text for st in sents[:3]), sents[0]


def test_a_repeated_sentence_is_evidence_once() -> None:
    # 60 AllSides articles (2026-12-07): a page that repeats a paragraph showed the same sentence twice
    from storylens.enrich.tone import ToneScorer, load_tone_model
    from storylens.types import Mention

    s = "Trump has also slammed China for fleecing America in trade deals and stealing jobs."
    text = f"{s}\n\n{s}"
    ms = tuple(Mention("China", "country", i + s.index("China"), i + s.index("China") + 5, "China")
               for i in (0, len(s) + 2))
    (china,) = ToneScorer(model=load_tone_model("static")).article(text, ms)
    assert china.mentions == 2 and china.label == "negative"
    assert list(china.evidence) == [s]
