"""Narratives from sentence embeddings: zero-shot on the T10 shared data (a small floor), `narratives
train` end to end on a tiny labelled set, the trained built-in packs, and the claim-level gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storylens.cli import main
from storylens.corpus.narratives import (
    NarrativePackError,
    detect,
    load_pack,
    load_packs,
    split_sentences,
    text_sentences,
)
from storylens.enrich import sentence_encoder as se

pytestmark = pytest.mark.skipif(not se.available("minilm"), reason="minilm sentence encoder not installed")
T10 = Path(__file__).resolve().parents[2] / "shared" / "data" / "narratives-semeval2025-t10" / "dev.csv"
TAXONOMY = Path(__file__).resolve().parents[1] / "src" / "storylens" / "data" / "narratives" / "taxonomies" / "semeval2025_t10.yaml"

GRAIN = ["Russian warships stopped grain ships leaving Odesa again on {d}.",
         "Kyiv said the blockade of its wheat exports through the Black Sea is starving poor countries.",
         "Moscow denies blocking the grain corridor but its navy turned back two freighters."]
GAS = ["Gas prices in Germany rose again on {d} as Russian pipeline flows fell.",
       "Households face higher heating bills this winter because Gazprom cut supplies to Europe.",
       "Industry warned that the energy crisis caused by the sanctions war could close factories."]
FILLER = ["The weather on {d} was mild.", "Officials met in the capital.", "A spokesman declined to comment."]
PACK = """pack: wartime
narratives:
  - name: grain blockade
    keywords: [grain, wheat]
    claims: [Russia is blocking Ukrainian grain exports through the Black Sea.]
  - name: energy crisis
    keywords: [gas, energy]
    claims: [Europe faces an energy crisis because Russia cut gas supplies.]
"""


def _labels(path: Path) -> None:
    rows = []
    for i in range(24):
        d = f"day {i}"
        kind = i % 3
        body = (GRAIN if kind == 0 else GAS if kind == 1 else FILLER)
        rows.append({"id": str(i), "title": f"Report {i}", "text": " ".join(s.format(d=d) for s in body + FILLER),
                     "narratives": [["grain blockade"], ["energy crisis"], []][kind]})
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")


def test_train_writes_a_pack_that_loads_and_detects(tmp_path: Path) -> None:
    labels, pack, out = tmp_path / "labels.jsonl", tmp_path / "wartime.yaml", tmp_path / "trained"
    _labels(labels)
    pack.write_text(PACK)
    res = CliRunner().invoke(main, ["narratives", "train", str(labels), "--pack-file", str(pack), "--out", str(out),
                                    "--cv", "3", "--format", "json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output[res.output.index("["):])
    assert report[0]["cv_f1_samples"] >= 0.9  # the two narratives are easy to tell apart
    trained = load_pack(out / "wartime.yaml")
    assert trained.model.endswith("wartime.model.npz") and (out / "wartime.model.npz").is_file()
    enc = se.load("minilm")
    text = ("Ukraine's wheat cannot leave port. Russian ships are blocking grain freighters in the Black Sea, "
            "Kyiv said. Officials met in the capital.")
    hits = detect([s for _, _, s in split_sentences(text)], [trained], enc)
    assert [h.narrative for h in hits] == ["grain blockade"]
    assert hits[0].evidence and 0 < hits[0].score <= 1
    # topic words alone: the keyword, no claim-level sentence
    assert detect(["Wheat and gas.", "Officials met in the capital."], [trained], enc) == ()


def test_a_missing_model_file_is_a_located_error(tmp_path: Path) -> None:
    pack = tmp_path / "p.yaml"
    pack.write_text(PACK + "model: nowhere.npz\n")
    with pytest.raises(NarrativePackError, match=r"nowhere\.npz"):
        load_pack(pack)


WAR_TEXT = ("NATO expansion to Russia's borders provoked this war, the Kremlin said. "
            "The West is waging a proxy war against Russia using Ukraine, Moscow's envoy told the UN. "
            "He said Washington pushed Kyiv into the conflict and blamed Ukraine for shelling Donbas.")
MUELLER_TEXT = ("The special counsel's report on Russia's interference in the 2016 election was released on "
                "Thursday. Lawmakers from both parties read the redacted pages. The attorney general said the "
                "investigation found no evidence of a conspiracy. Democrats asked for the full report and the "
                "underlying evidence. The president called the inquiry a witch hunt.")


def test_builtin_trained_packs_carry_provenance_and_their_precision_point() -> None:
    from storylens.corpus.narratives import semantic

    packs = load_packs("ukraine_war,climate_change")
    assert all(p.model and p.provenance and p.licence for p in packs)
    assert sum(len(p.narratives) for p in packs) == 21
    for p in packs:
        m = semantic.model_for(p)
        assert m.kind == "softmax" and m.meta["point"] == "precision"
        # the precision point sits above the F1 point, and the relevance gate is set
        assert m.operating_point()[0] > float(m.meta["threshold"])
        assert 0 < m.meta["relevance"]["keyword_share"] < 1 and 0 < m.meta["relevance"]["claim_share"] < 1


def test_builtin_war_pack_scores_a_war_text_and_gates_general_news() -> None:
    """At the F1 point a war text is a hit (with evidence); an article that names Russia but argues
    nothing of the war is stopped by the relevance gate at the shipped (precision) point."""
    from storylens.corpus.narratives import semantic

    war = next(p for p in load_packs("ukraine_war") if p.name == "ukraine_war")
    enc = se.load("minilm")
    model = semantic.model_for(war)
    index = semantic.index_for(war, enc)
    view = semantic.ArticleView.build([s for _, _, s in split_sentences(WAR_TEXT)], enc)
    f1_point = model.replace(meta={**model.meta, "point": "f1"})
    carried = [h for h, c in semantic.score_pack(view, index, f1_point) if c]
    assert carried and all(h.narrative.startswith("URW: ") and h.evidence for h in carried)
    mueller = semantic.ArticleView.build([s for _, _, s in split_sentences(MUELLER_TEXT)], enc)
    assert not model.relevant(semantic.relevance_shares(mueller, index))
    assert model.relevant(semantic.relevance_shares(view, index))
    assert detect([s for _, _, s in split_sentences(MUELLER_TEXT)], [war], enc) == ()


@pytest.mark.skipif(not T10.is_file(), reason="shared T10 data not present")
def test_zero_shot_floor_on_t10_dev_half() -> None:
    """Zero-shot F1-samples of the taxonomy-only pack on the first 60 articles of the dev half
    (0.4 measured; 0.456 on the whole dev half)."""
    from storylens.eval.narratives import evaluate, read_labels, select_half

    items = select_half(read_labels(T10), "dev")[:60]
    got = evaluate(items, [load_pack(TAXONOMY)], ("zeroshot",), encoder=se.load("minilm"))
    assert got["methods"]["zeroshot"]["f1_samples"] >= 0.38


def test_china_pack_needs_a_claim_level_sentence_with_the_encoder() -> None:
    """A cover-up and a lab report without Covid matched the Covid-origins keywords; with the
    encoder the hit also needs a sentence close to one of its claims, and there is none."""
    text = ("The senator accused the agency of a cover-up. Investigators in China said the origins of the fire were "
            "unclear. Officials denied any cover-up and said the investigation would be independent. The lab "
            "report on the fire will be published next week.")
    sents = [s for _, _, s in split_sentences(text)]
    packs = load_packs("china")
    assert "Covid-19 origins blame game" in {h.narrative for h in detect(sents, packs)}
    assert detect(sents, packs, se.load("minilm")) == ()


def test_train_precision_point_and_logistic_model(tmp_path: Path) -> None:
    """`--operating-point precision` writes the precision point (and its CV precision); `--model
    logistic` keeps the per-narrative regressions."""
    from storylens.corpus.narratives import semantic

    labels, pack = tmp_path / "labels.jsonl", tmp_path / "wartime.yaml"
    _labels(labels)
    pack.write_text(PACK)
    for kind, point in (("softmax", "precision"), ("logistic", "f1")):
        out = tmp_path / kind
        res = CliRunner().invoke(main, ["narratives", "train", str(labels), "--pack-file", str(pack), "--out",
                                        str(out), "--cv", "3", "--model", kind, "--operating-point", point,
                                        "--format", "json"])
        assert res.exit_code == 0, res.output
        report = json.loads(res.output[res.output.index("["):])
        assert report[0]["cv_precise_precision"] >= 0.8 and report[0]["cv_precise_hits"] > 0
        model = semantic.TrainedModel.load(out / "wartime.model.npz")
        assert model.kind == kind and model.meta["point"] == point
        assert model.coef.shape[0] == (3 if kind == "softmax" else 2)


@pytest.mark.slow
@pytest.mark.skipif(not T10.is_file(), reason="shared T10 data not present")
def test_trained_route_floors_on_t10_train_half(tmp_path: Path) -> None:
    """`narratives train` on the T10 train half with the two built-in packs' sources: the union
    5-fold CV F1-samples and the CV precision at the precision operating point (~1 min)."""
    from eval_baseline import floor
    from storylens.corpus.narratives.train import train_packs
    from storylens.eval.narratives import read_labels, select_half

    folder = Path(__file__).resolve().parents[1] / "src" / "storylens" / "data" / "narratives"
    sources = []
    for name in ("ukraine_war", "climate_change"):  # the shipped pack without its model line
        text = (folder / f"{name}.yaml").read_text(encoding="utf-8")
        (tmp_path / f"{name}.yaml").write_text("\n".join(ln for ln in text.splitlines()
                                                         if not ln.startswith("model:")) + "\n")
        sources.append(str(tmp_path / f"{name}.yaml"))
    items = select_half(read_labels(T10), "train")
    report = train_packs(items, sources, str(tmp_path / "out"), se.load("minilm"), point="precision")
    union = report[-1]
    assert union["pack"] == "(all packs)" and union["articles"] == 154
    assert union["cv_f1_samples"] >= floor("narratives.t10_trained_train_cv_f1_samples")
    assert union["cv_precise_precision"] >= floor("narratives.t10_trained_train_cv_precise_precision")
    assert union["cv_precise_precision"] > union["cv_micro_f1"]


def test_us_china_tariff_articles_still_carry_the_rivalry() -> None:
    """Recall guard for issue 17's fixes: a real US-China tariff story (AllSides, 2019) keeps the narrative."""
    text = ("President Donald Trump's latest tariff hike on Chinese goods took effect Friday and Beijing said it "
            "would retaliate, escalating a battle over China's technology ambitions. The increase went ahead even "
            "after American and Chinese negotiators began more talks in Washington aimed at ending a dispute that "
            "has disrupted billions of dollars in trade. Markets fell on the news.")
    sents = text_sentences(text, "US Tariff Hikes on Chinese Goods Kick In, Beijing Vows Retaliation")
    hits = {h.narrative: h for h in detect(sents, load_packs("china"), se.load("minilm"))}
    assert "US-China rivalry and trade war" in hits
    assert hits["US-China rivalry and trade war"].evidence


def test_a_model_trained_on_another_encoder_is_refused(tmp_path: Path) -> None:
    """A trained pack records its encoder; read with another one its coefficients would score
    meaningless inputs and still answer, so the stage refuses it when it starts."""
    from storylens.config import Settings
    from storylens.corpus.narratives import NarrativeStage, semantic

    src = Path(semantic.__file__).resolve().parents[2] / "data" / "narratives"
    model = semantic.TrainedModel.load(src / "ukraine_war.model.npz")
    assert model.meta["encoder"] == "minilm"
    model.replace(meta={**model.meta, "encoder": "mpnet"}).save(tmp_path / "ukraine_war.model.npz")
    (tmp_path / "ukraine_war.yaml").write_text((src / "ukraine_war.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    pack = load_pack(tmp_path / "ukraine_war.yaml")
    sents = [s for _, _, s in split_sentences(WAR_TEXT)]
    with pytest.raises(NarrativePackError, match=r"trained on 'mpnet' sentence vectors .* encodes with 'minilm'"):
        detect(sents, [pack], se.load("minilm"))
    settings = Settings({"narrative_builtin": "", "narrative_packs": [str(tmp_path / "ukraine_war.yaml")],
                         "narrative_encoder": "minilm"})
    with pytest.raises(NarrativePackError, match="narrative_encoder=mpnet"):
        NarrativeStage(settings)
    # without an encoder the pack falls back to keywords and claims: nothing to refuse
    detect(sents, [pack], None)


def test_cross_validation_fits_each_fold_once_with_the_precision_target(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Both operating points come from the same fold models, and --precision-target reaches them."""
    from storylens.corpus.narratives import train

    labels, pack = tmp_path / "labels.jsonl", tmp_path / "wartime.yaml"
    _labels(labels)
    pack.write_text(PACK)
    targets: list[float] = []
    real = train.fit_model

    def spy(*args, **kwargs):
        targets.append(kwargs["target"])
        return real(*args, **kwargs)

    monkeypatch.setattr(train, "fit_model", spy)
    from storylens.eval.narratives import read_labels

    report = train.train_packs(read_labels(str(labels)), [str(pack)], str(tmp_path / "out"), se.load("minilm"),
                               folds=3, target=0.6)
    assert targets == [0.6] * 4  # three folds and the final model
    assert report[0]["cv_precise_hits"] > 0


def test_stacked_model_saves_loads_and_predicts_the_same(tmp_path: Path) -> None:
    """`--model stacked`: the softmax beside the article's word TF-IDF. The model file holds the
    vocabulary and idf as arrays (loaded without pickle); the loaded model scores as the fitted one,
    its TF-IDF rows are sklearn's, and the trained pack loads and detects like any pack."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from storylens.corpus.narratives import semantic, train
    from storylens.eval.narratives import read_labels

    labels, pack, out = tmp_path / "labels.jsonl", tmp_path / "wartime.yaml", tmp_path / "trained"
    _labels(labels)
    pack.write_text(PACK)
    res = CliRunner().invoke(main, ["narratives", "train", str(labels), "--pack-file", str(pack), "--out", str(out),
                                    "--cv", "3", "--model", "stacked", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output[res.output.index("["):])[0]["cv_f1_samples"] >= 0.9
    saved = semantic.TrainedModel.load(out / "wartime.model.npz")
    assert saved.kind == "stacked" and len(saved.terms) == len(saved.idf) > 0
    assert saved.coef.shape == (3, 2 * 384 + len(saved.terms))

    items = read_labels(labels)
    enc = se.load("minilm")
    views = train.views_of(items, enc)
    y = np.array([[n in it.narratives for n in ("grain blockade", "energy crisis")] for it in items])
    v, texts = train.pooled_of(views), [vw.text for vw in views]
    fitted = train._stacked_model(v, texts, y, ["grain blockade", "energy crisis"], train.C_SOFTMAX)
    fitted.save(tmp_path / "m.model.npz")
    loaded = semantic.TrainedModel.load(tmp_path / "m.model.npz")
    np.testing.assert_allclose(loaded.softmax(v, texts), fitted.softmax(v, texts), rtol=0, atol=1e-12)
    assert (loaded.softmax(v, texts).argmax(1)[y.any(1)] == y[y.any(1)].argmax(1)).all()
    np.testing.assert_array_equal(loaded.terms, fitted.terms)

    vec = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.9, **semantic.TFIDF_WORDS).fit(texts)
    terms = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    ours = semantic.tfidf_rows(texts[:5], np.array(terms), vec.idf_).toarray()
    np.testing.assert_allclose(ours, vec.transform(texts[:5]).toarray(), atol=1e-12)

    trained = load_pack(out / "wartime.yaml")
    text = ("Ukraine's wheat cannot leave port. Russian ships are blocking grain freighters in the Black Sea, "
            "Kyiv said. Officials met in the capital.")
    assert [h.narrative for h in detect([s for _, _, s in split_sentences(text)], [trained], enc)] == ["grain blockade"]
