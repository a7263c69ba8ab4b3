"""The learned reported-speech cue model: packaged weights, scoring, and the retrain script."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from storylens.enrich.quotes.cuemodel import CueModel, packaged_model

ROOT = Path(__file__).resolve().parents[1]


def test_quotes_model_packaged_small_and_sane() -> None:
    model = packaged_model()
    assert model is not None, "src/storylens/data/quotes/cue_model.json is missing: run scripts/train_quote_cues.py"
    path = ROOT / "src" / "storylens" / "data" / "quotes" / "cue_model.json"
    assert path.stat().st_size < 1_500_000
    assert 0.2 <= model.threshold <= 0.8
    assert len(model.weights) > 500
    assert "PolNeAR train" in model.meta["trained_on"]
    assert model.weights.get("lk=say|ccomp", 0) > 0


def test_quotes_model_speech_yes_motion_no(nlp) -> None:  # type: ignore[no-untyped-def]
    """What annotators mark: a speech verb with a clause is a cue, a verb of motion with an object is not."""
    from storylens.enrich.quotes import extract_quotes

    text = "Smith said the plan would fail badly.\n\nSmith drove the old car to the station on Monday."
    got = {text[a.start:a.end]: a for a in extract_quotes(nlp(text))}
    assert "the plan would fail badly" in got and got["the plan would fail badly"].speaker == "Smith"
    assert not any("car" in t or "station" in t for t in got)


def test_quotes_model_round_trip() -> None:
    m = CueModel({"a": 1.5, "b": -2.0}, -0.5, 0.4, {"x": 1})
    back = CueModel.from_json(m.to_json())
    assert back.prob(["a"]) == pytest.approx(m.prob(["a"])) and back.threshold == 0.4 and back.meta == {"x": 1}
    assert back.is_cue(["a"]) and not back.is_cue(["b"]) and not back.is_cue(["unknown"])


def test_quotes_model_finds_stances_rules_missed(nlp) -> None:  # type: ignore[no-untyped-def]
    from storylens.enrich.quotes import extract_quotes

    text = ("The governor endorsed Hillary Clinton for president on Tuesday.\n\n"
            "Most Republicans oppose the new tax plan.\n\n"
            "The senator slammed the media for ignoring the report.")
    doc = nlp(text)
    learned = {text[a.start:a.end]: a for a in extract_quotes(doc) if a.kind == "indirect"}
    rules = {text[a.start:a.end] for a in extract_quotes(doc, cue_model=None) if a.kind == "indirect"}
    assert any("Hillary Clinton" in t for t in learned)
    assert learned["the new tax plan"].speaker == "Republicans"
    assert any("the media for ignoring" in t for t in learned)
    assert not rules


def test_quotes_model_retrain_script_runs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The retrain script's row builder and fit (shared with `eval quotes --cv` in
    storylens.eval.quotes_cv) on three train articles (the full run is documented)."""
    from conftest import shared_path

    sys.path.insert(0, str(ROOT / "scripts"))
    import train_quote_cues as script

    from storylens.enrich.nlp import load_english
    from storylens.eval import quotes_cv as tq
    from storylens.eval.polnear import load_split

    assert callable(script.main) and callable(script.load_docs)

    arts = load_split(shared_path("data", "quotes-polnear"), "train", limit=3)
    nlp = load_english()
    rows = [tq.rows_of(nlp(a.text), a) for a in arts]
    feats = [f for fs, _ in rows for f in fs]
    labels = [y for _, ys in rows for y in ys]
    assert feats and 0 < sum(labels) < len(labels)
    weights, bias = tq.fit(feats, labels, 0.5, 1)
    out = tmp_path / "m.json"
    out.write_text(CueModel(weights, bias, 0.5, {}).to_json(), encoding="utf-8")
    assert json.loads(out.read_text(encoding="utf-8"))["weights"]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from storylens.enrich.nlp import load_english

    return load_english()
