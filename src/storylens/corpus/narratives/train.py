"""Training narrative classifiers from labelled articles (``storylens narratives train``).

Two kinds of model per pack (:data:`KIND` is the default):

- ``softmax``: one multinomial logistic regression over [article vector, max-pooled sentence
  vectors] (:func:`semantic.pooled`) whose classes are the pack's narratives and a last "none of
  them" class;
- ``stacked``: the same softmax over [standardised pooled vectors, :data:`TFIDF_WEIGHT` x the
  article's word TF-IDF] (vocabulary and idf fitted on the training articles, stored in the model);
- ``logistic``: one logistic regression per narrative over the article vector and the narrative's
  embedding features (:data:`semantic.FEATURES`: best sentence-to-claim similarities,
  article-to-narrative similarity, keyword count, scope).

Either way the two decision thresholds (:func:`decide`) and the precision operating point
(:func:`precise_point`) are chosen by an inner 5-fold CV inside the training data, never on the
articles the model is scored on. :func:`cross_validate` gives the figures the command prints: the
whole procedure run inside each of K outer folds, both operating points from the same fold models.

The zero-shot calibration (:func:`fit_calibration`) is the narrative-independent special case: one
logistic regression over the features alone, pooled over every narrative.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from storylens.corpus.narratives.semantic import (
    CLAIM_COL,
    SOFTMAX_KINDS,
    ArticleView,
    Calibration,
    PackIndex,
    TrainedModel,
    features,
    passes_relevance,
)

SEED = 13
THRESHOLDS = tuple(round(t, 3) for t in np.arange(0.1, 0.8, 0.05))
C_TRAINED = 0.05   # L2 strength: chosen by 5-fold CV on the T10 train half among 0.01, 0.05, 0.2, 1
MIN_POSITIVES = 3
# The default model: one softmax regression per pack over [article vector, max-pooled sentence
# vectors] with a "none of them" class. On the T10 train half (5-fold CV, thresholds nested) it beat
# one logistic regression per narrative (0.523 vs 0.463 F1-samples); C among 0.05, 0.1, 0.3.
KIND = "softmax"
C_SOFTMAX = 0.3
# ``--model stacked``: the TF-IDF block's weight beside the standardised vectors (C_SOFTMAX for both).
# Chosen on the T10 train half (scripts/narratives_tfidf_fusion.py, 5-fold CV, thresholds nested)
# among 10, 30, 100: 0.523 / 0.529 / 0.492 F1-samples, softmax alone 0.523.
TFIDF_WEIGHT = 30.0
TFIDF_FIT = {"sublinear_tf": True, "min_df": 2, "max_df": 0.9, "max_features": 50_000}
PRECISION_TARGET = 0.8
PRECISE_THRESHOLDS = tuple(round(t, 3) for t in np.arange(0.1, 0.96, 0.05))
MIN_PRECISE_HITS = 20
# The relevance gate (precision operating point): an article whose relevance shares
# (semantic.relevance_shares) fall below those of this share of the training articles carrying one
# of the pack's narratives gets no hit of the pack.
RELEVANCE_KEEP = 0.95
REL_KW, REL_CLAIM = CLAIM_COL + 1, CLAIM_COL + 2  # tensor columns after the claim column


def half_of(article_id: str) -> int:
    """0 = the train half, 1 = the dev half (a stable hash of the id)."""
    return int(hashlib.sha1(article_id.encode("utf-8")).hexdigest(), 16) % 2


def views_of(items: Sequence[Any], encoder: Any) -> list[ArticleView]:
    from storylens.corpus.narratives import split_sentences

    out = []
    for it in items:
        sents = ([it.title] if it.title else []) + [s for _, _, s in split_sentences(it.text)]
        out.append(ArticleView.build(sents, encoder))
    return out


def tensor(views: Sequence[ArticleView], index: PackIndex) -> np.ndarray:
    """articles x narratives x (FEATURES, claim column, the article's two relevance shares)."""
    from storylens.corpus.narratives.semantic import relevance_shares

    out = []
    for v in views:
        x = features(v, index)[0]
        rel = np.repeat(np.array([relevance_shares(v, index)], dtype=x.dtype), len(x), 0)
        out.append(np.concatenate([x, rel], 1))
    return np.stack(out)


def f1_samples(gold: np.ndarray, pred: np.ndarray) -> float:
    """The T10 measure on boolean matrices (an empty row is "Other" on both sides)."""
    f = []
    for g, p in zip(gold, pred, strict=True):
        if not g.any() and not p.any():
            f.append(1.0)
            continue
        tp = int((g & p).sum())
        f.append(2 * tp / (max(1, int(g.sum())) + max(1, int(p.sum()))) if tp else 0.0)
    return float(np.mean(f)) if f else 0.0


def _lr(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=3000)


def fit_calibration(x: np.ndarray, y: np.ndarray, folds: int = 5, claim_min: float | None = None) -> Calibration:
    """Pooled logistic calibration + the threshold maximising F1-samples over a ``folds``-fold CV
    (``claim_min``: the encoder's claim gate, default MiniLM's)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold

    def fit(xa: np.ndarray, ya: np.ndarray) -> Any:
        return LogisticRegression(C=1.0, max_iter=3000).fit(xa[:, :, :CLAIM_COL].reshape(-1, CLAIM_COL),
                                                            ya.reshape(-1))

    oof = np.zeros(y.shape)
    for tr, te in KFold(folds, shuffle=True, random_state=SEED).split(x):
        m = fit(x[tr], y[tr])
        oof[te] = m.predict_proba(x[te][:, :, :CLAIM_COL].reshape(-1, CLAIM_COL))[:, 1].reshape(len(te), -1)
    gate = gate_of(x, claim_min)
    t = max(THRESHOLDS, key=lambda t: f1_samples(y, (oof >= t) & gate))
    m = fit(x, y)
    return Calibration(tuple(round(float(c), 4) for c in m.coef_[0]), round(float(m.intercept_[0]), 4), float(t))


def _claim_min() -> float:
    from storylens.corpus.narratives import semantic

    return semantic.CLAIM_MIN


def _inputs(views: Sequence[ArticleView], x: np.ndarray) -> np.ndarray:
    """articles x narratives x (article vector + FEATURES)."""
    arts = np.stack([v.article for v in views])
    return np.concatenate([np.repeat(arts[:, None, :], x.shape[1], 1), x[:, :, :CLAIM_COL]], 2)


def _fit_one(z: np.ndarray, y: np.ndarray, c: float) -> Any | None:
    if y.sum() < MIN_POSITIVES or y.all():
        return None
    return _lr(c).fit(z, y)


def _probs(models: list[Any | None], z: np.ndarray) -> np.ndarray:
    out = np.zeros(z.shape[:2])
    for j, m in enumerate(models):
        if m is not None:
            out[:, j] = m.predict_proba(z[:, j])[:, 1]
    return out


def decide(probs: np.ndarray, gate: np.ndarray, threshold: float, top1: float) -> np.ndarray:
    """Narratives at or above ``threshold``, plus the article's best one when it reaches ``top1``
    (F1-samples rewards one right narrative over none); only where ``gate`` (claim match, scope)."""
    pred = (probs >= threshold) & gate
    masked = np.where(gate, probs, -1.0)
    best = masked.argmax(1)
    rows = np.arange(len(probs))
    pred[rows, best] |= masked[rows, best] >= top1
    return pred


def _choose(y: np.ndarray, probs: np.ndarray, gate: np.ndarray) -> tuple[float, float]:
    grid = [(t, t1) for t in THRESHOLDS for t1 in THRESHOLDS if t1 <= t]
    return max(grid, key=lambda tt: f1_samples(y, decide(probs, gate, *tt)))


def gate_of(x: np.ndarray, claim_min: float | None = None) -> np.ndarray:
    """:func:`semantic.gate` over a tensor (articles x narratives x columns); MiniLM's claim gate by default."""
    from storylens.corpus.narratives.semantic import gate

    return gate(x, _claim_min() if claim_min is None else claim_min)


def _fit_softmax(v: np.ndarray, y: np.ndarray, c: float,
                 row_weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(coef, bias) with narratives + 1 rows (the last: none of them) over standardised ``v`` (dense,
    or sparse for the stacked model); an article with k narratives counts once, 1/k for each (times
    its ``row_weight``, 1 by default; scripts/narratives_augment.py weighs its extra rows so)."""
    from sklearn.linear_model import LogisticRegression

    k = y.shape[1]
    rows, labels, weights = [], [], []
    for i, row in enumerate(y):
        labs = list(np.nonzero(row)[0]) or [k]
        for lab in labs:
            rows.append(i)
            labels.append(lab)
            weights.append((1.0 if row_weight is None else float(row_weight[i])) / len(labs))
    coef = np.zeros((k + 1, v.shape[1]))
    bias = np.full(k + 1, -50.0)
    classes = sorted(set(labels))
    if len(classes) == 1:
        bias[classes[0]] = 0.0
        return coef, bias
    m = LogisticRegression(C=c, max_iter=5000).fit(v[rows], np.array(labels), sample_weight=np.array(weights))
    if len(classes) == 2:  # sklearn keeps one row for two classes: the second against the first
        bias[classes[0]] = 0.0
        coef[classes[1]], bias[classes[1]] = m.coef_[0], m.intercept_[0]
    else:
        coef[m.classes_], bias[m.classes_] = m.coef_, m.intercept_
    return coef, bias


def _softmax_model(v: np.ndarray, y: np.ndarray, names: Sequence[str], c: float) -> TrainedModel:
    mean, scale = v.mean(0), v.std(0) + 1e-6
    coef, bias = _fit_softmax((v - mean) / scale, y, c)
    return TrainedModel(tuple(names), coef, bias, mean, scale, np.full(len(names), 0.5), {"kind": "softmax"})


def pooled_of(views: Sequence[ArticleView]) -> np.ndarray:
    from storylens.corpus.narratives.semantic import pooled

    return np.stack([pooled(v) for v in views])


def precise_point(y: np.ndarray, probs: np.ndarray, gate: np.ndarray,
                  target: float = PRECISION_TARGET) -> dict[str, float]:
    """The lowest single threshold whose precision (over every predicted narrative) reaches ``target``
    on these out-of-fold probabilities; the most precise one when none does. A threshold with fewer
    than :data:`MIN_PRECISE_HITS` predictions is not considered (5 hits at 0.8 is no estimate)."""
    best: dict[str, float] = {}
    for t in PRECISE_THRESHOLDS:
        pred = decide(probs, gate, t, t)
        n = int(pred.sum())
        if n < min(MIN_PRECISE_HITS, max(1, int(y.sum()) // 2)):
            break
        tp = int((pred & y).sum())
        p, r = tp / n, tp / max(1, int(y.sum()))
        got = {"threshold": float(t), "cv_precision": round(p, 4), "cv_recall": round(r, 4), "cv_hits": n}
        if p >= target:
            return {**got, "target": target}
        if not best or p > best["cv_precision"]:
            best = got
    return {**(best or {"threshold": 1.0, "cv_precision": 0.0, "cv_recall": 0.0, "cv_hits": 0}), "target": target}


def relevance_gate(x: np.ndarray, y: np.ndarray, keep: float = RELEVANCE_KEEP) -> dict[str, float]:
    """The relevance shares below which only ``1 - keep`` of the articles carrying one of the
    pack's narratives fall (each share separately)."""
    pos = y.any(1)
    if not pos.any() or x.shape[2] <= REL_CLAIM:
        return {"keyword_share": 0.0, "claim_share": 0.0, "keep": keep}
    return {"keyword_share": round(float(np.quantile(x[pos, 0, REL_KW], 1.0 - keep)), 4),
            "claim_share": round(float(np.quantile(x[pos, 0, REL_CLAIM], 1.0 - keep)), 4), "keep": keep}


def relevant_rows(model: TrainedModel, x: np.ndarray) -> np.ndarray:
    """Per article, whether the model's relevance gate lets it through (always at the F1 point)."""
    return _passing(model.meta.get("relevance") if model.meta.get("point") == "precision" else None, x)


def _passing(gate: dict[str, float] | None, x: np.ndarray) -> np.ndarray:
    """Per article of the tensor ``x``, whether its relevance shares pass ``gate`` (None: all do)."""
    if not gate or x.shape[2] <= REL_CLAIM:
        return np.ones(len(x), dtype=bool)
    return np.array([passes_relevance(gate, (float(r[0, REL_KW]), float(r[0, REL_CLAIM]))) for r in x], dtype=bool)


def fit_model(views: Sequence[ArticleView], x: np.ndarray, y: np.ndarray, names: Sequence[str],
              c: float | None = None, inner: int = 5, kind: str = KIND,
              target: float = PRECISION_TARGET) -> TrainedModel:
    """The pack's classifier (``kind``: ``softmax``, or ``logistic``: one per narrative); the two
    decision thresholds (:func:`decide`) by an ``inner``-fold CV on these articles, maximising
    F1-samples, and the precision operating point (:func:`precise_point`) from the same CV."""
    if kind in SOFTMAX_KINDS:
        return _fit_softmax_model(views, x, y, names, C_SOFTMAX if c is None else c, inner, target, kind)
    c = C_TRAINED if c is None else c
    from sklearn.model_selection import KFold

    z = _inputs(views, x)
    flat = z.reshape(-1, z.shape[2])
    mean, scale = flat.mean(0), flat.std(0) + 1e-6
    z = (z - mean) / scale
    models = [_fit_one(z[:, j], y[:, j], c) for j in range(len(names))]
    oof = np.zeros(y.shape)
    for tr, te in KFold(inner, shuffle=True, random_state=SEED).split(z):
        oof[te] = _probs([_fit_one(z[tr, j], y[tr, j], c) for j in range(len(names))], z[te])
    t, t1 = _choose(y, oof, gate_of(x))
    coef = np.stack([m.coef_[0] if m is not None else np.zeros(z.shape[2]) for m in models])
    bias = np.array([m.intercept_[0] if m is not None else -50.0 for m in models])
    return TrainedModel(tuple(names), coef, bias, mean, scale, np.full(len(names), t),
                        {"c": c, "articles": len(y), "threshold": t, "top1": t1,
                         "inner_cv_f1_samples": round(f1_samples(y, decide(oof, gate_of(x), t, t1)), 4),
                         "precise": precise_point(y, oof, gate_of(x), target)})


def fit_tfidf(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(terms, idf) of the stacked model's TF-IDF fitted on ``texts`` (empty when too few texts
    share a term)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from storylens.corpus.narratives.semantic import TFIDF_WORDS

    vec = TfidfVectorizer(**TFIDF_WORDS, **TFIDF_FIT)
    try:
        vec.fit(list(texts))
    except ValueError:  # no term in two documents (a handful of texts)
        return np.zeros(0, dtype=str), np.zeros(0)
    terms = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    return np.array(terms, dtype=str), vec.idf_.astype(np.float64)


def _stacked_model(v: np.ndarray, texts: Sequence[str], y: np.ndarray, names: Sequence[str],
                   c: float) -> TrainedModel:
    """The softmax over [standardised pooled vectors ``v``, TFIDF_WEIGHT x the TF-IDF of ``texts``]; the
    weight is folded into the stored TF-IDF coefficients."""
    import scipy.sparse as sp

    from storylens.corpus.narratives.semantic import tfidf_rows

    mean, scale = v.mean(0), v.std(0) + 1e-6
    terms, idf = fit_tfidf(texts)
    s = sp.hstack([sp.csr_matrix((v - mean) / scale), TFIDF_WEIGHT * tfidf_rows(texts, terms, idf)]).tocsr()
    coef, bias = _fit_softmax(s, y, c)
    coef[:, v.shape[1]:] *= TFIDF_WEIGHT
    return TrainedModel(tuple(names), coef, bias, mean, scale, np.full(len(names), 0.5), {"kind": "stacked"},
                        terms, idf)


def _fit_softmax_model(views: Sequence[ArticleView], x: np.ndarray, y: np.ndarray, names: Sequence[str],
                       c: float, inner: int, target: float, kind: str = "softmax") -> TrainedModel:
    from sklearn.model_selection import KFold

    def fit(rows: np.ndarray) -> TrainedModel:
        if kind == "stacked":
            return _stacked_model(v[rows], [texts[i] for i in rows], y[rows], names, c)
        return _softmax_model(v[rows], y[rows], names, c)

    v = pooled_of(views)
    texts = [view.text for view in views]
    oof = np.zeros(y.shape)
    for tr, te in KFold(min(inner, len(y)), shuffle=True, random_state=SEED).split(v):
        oof[te] = fit(tr).softmax(v[te], [texts[i] for i in te])
    gate = gate_of(x)
    t, t1 = _choose(y, oof, gate)
    model = fit(np.arange(len(y)))
    rel = relevance_gate(x, y)
    meta = {"kind": kind, "c": c, "articles": len(y), "threshold": t, "top1": t1, "point": "f1",
            "inner_cv_f1_samples": round(f1_samples(y, decide(oof, gate, t, t1)), 4),
            "precise": precise_point(y, oof, gate & _passing(rel, x)[:, None], target),
            "relevance": rel}
    return model.replace(thresholds=np.full(len(names), t), meta=meta)


def predict(model: TrainedModel, views: Sequence[ArticleView], x: np.ndarray) -> np.ndarray:
    """As :func:`semantic.score_pack` decides, for many articles (operating point, relevance gate)."""
    if model.kind in SOFTMAX_KINDS:  # one batch (the stacked model's TF-IDF at once)
        probs = model.softmax(pooled_of(views), [v.text for v in views])
    else:
        probs = np.stack([model.probs_for(v, xi) for v, xi in zip(views, x, strict=True)])
    gate = gate_of(x) & relevant_rows(model, x)[:, None]
    return decide(probs, gate, *model.operating_point())


def cross_validate(views: Sequence[ArticleView], x: np.ndarray, y: np.ndarray, names: Sequence[str],
                   folds: int = 5, c: float | None = None, kind: str = KIND,
                   target: float = PRECISION_TARGET) -> dict[str, np.ndarray]:
    """Out-of-fold predictions (articles x narratives) of the whole training procedure at both
    operating points, ``{"f1": ..., "precision": ...}`` (the precision point aims at ``target``):
    each fold's model is fitted once and read at both points."""
    from sklearn.model_selection import KFold

    pred = {point: np.zeros(y.shape, dtype=bool) for point in ("f1", "precision")}
    for tr, te in KFold(folds, shuffle=True, random_state=SEED).split(x):
        m = fit_model([views[i] for i in tr], x[tr], y[tr], names, c, kind=kind, target=target)
        for point, out in pred.items():
            out[te] = predict(m.replace(meta={**m.meta, "point": point}), [views[i] for i in te], x[te])
    return pred


def trained_yaml(text: str, model_file: str, note: str) -> str:
    """The pack's YAML with ``model:`` pointing at the trained file (a previous ``model:`` line
    is replaced) and a comment saying how it was trained; the rest is kept as written."""
    lines = [ln for ln in text.splitlines() if not ln.startswith("model:")]
    return "\n".join([f"# {note}", *lines, f"model: {model_file}", ""])


def micro_pr(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, int]:
    """(precision, recall, predicted narratives) over every (article, narrative) pair."""
    n, tp = int(pred.sum()), int((pred & y).sum())
    return (round(tp / n, 4) if n else 0.0), round(tp / max(1, int(y.sum())), 4), n


def train_packs(items: Sequence[Any], pack_files: Sequence[str], out_dir: str, encoder: Any,
                folds: int = 5, c: float | None = None, kind: str = KIND, point: str = "f1",
                target: float = PRECISION_TARGET) -> list[dict[str, Any]]:
    """Train one model per pack on ``items``; write DIR/NAME.yaml + DIR/NAME.model.npz; return per
    pack the ``folds``-fold CV figures (F1-samples over the articles, micro/macro F1) and, at the
    precision operating point (the lowest threshold whose inner-CV precision reaches ``target``),
    the CV precision, recall and hits. ``point``: which of the two the written model uses."""
    from pathlib import Path

    from storylens.config import read_utf8
    from storylens.corpus.narratives import load_pack, semantic
    from storylens.corpus.narratives.schema import NarrativePackError
    from storylens.eval.narratives import scores

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    views = views_of(items, encoder)
    report = []
    all_gold: list[set[str]] = [set(it.narratives) for it in items]
    all_pred: list[set[str]] = [set() for _ in items]
    all_precise: list[np.ndarray] = []
    all_y: list[np.ndarray] = []
    all_names: list[str] = []
    for path in pack_files:
        pack = load_pack(path)
        names = [n.name for n in pack.narratives]
        y = np.array([[n in it.narratives for n in names] for it in items], dtype=bool)
        if not y.any():
            raise NarrativePackError(f"{path}: no labelled article carries any of its narratives; "
                                     "the labels' `narratives` must use the pack's narrative names")
        x = tensor(views, semantic.PackIndex(pack, encoder))
        if hasattr(encoder, "save"):
            encoder.save()
        both = cross_validate(views, x, y, names, folds, c, kind, target)
        oof, oofp = both["f1"], both["precision"]
        all_precise.append(oofp)
        all_y.append(y)
        pp, pr, pn = micro_pr(y, oofp)
        model = fit_model(views, x, y, names, c, kind=kind, target=target)
        gold = [{names[j] for j in row.nonzero()[0]} for row in y]
        pred = [{names[j] for j in row.nonzero()[0]} for row in oof]
        cv = scores(gold, pred, names)
        all_names += names
        for i, got in enumerate(pred):
            all_pred[i] |= got
        stem = Path(path).stem
        model_file = f"{stem}.model.npz"
        meta = {**model.meta, "encoder": getattr(encoder, "name", "minilm"), "cv_folds": folds,
                "cv_f1_samples": cv["f1_samples"], "cv_micro_f1": cv["micro_f1"], "cv_macro_f1": cv["macro_f1"],
                "positives": {n: int(y[:, j].sum()) for j, n in enumerate(names)}, "point": point,
                "cv_precise": {"precision": pp, "recall": pr, "hits": pn}}
        model.replace(meta=meta).save(out / model_file)
        note = (f"Trained by `storylens narratives train` on {len(items)} labelled articles; {folds}-fold CV "
                f"F1-samples {cv['f1_samples']:.3f} (micro {cv['micro_f1']:.3f}, macro {cv['macro_f1']:.3f}); "
                f"operating point {point}" + (f" (CV precision {pp:.2f}, recall {pr:.2f})." if point == "precision"
                                              else "."))
        (out / Path(path).name).write_text(trained_yaml(read_utf8(Path(path), "narrative pack"), model_file, note),
                                           encoding="utf-8")
        report.append({"pack": pack.name, "articles": len(items), "narratives": len(names),
                       "cv_f1_samples": cv["f1_samples"], "cv_micro_f1": cv["micro_f1"],
                       "cv_macro_f1": cv["macro_f1"], "cv_precise_precision": pp, "cv_precise_recall": pr,
                       "cv_precise_hits": pn, "pack_file": path, "out": str(out / Path(path).name),
                       "model": str(out / model_file)})
    if len(report) > 1:  # per pack, an article with none of its narratives is "Other": the union is the figure
        cv = scores([g & set(all_names) for g in all_gold], all_pred, all_names)
        pp, pr, pn = micro_pr(np.concatenate(all_y, 1), np.concatenate(all_precise, 1))
        report.append({"pack": "(all packs)", "articles": len(items), "narratives": len(all_names),
                       "cv_f1_samples": cv["f1_samples"], "cv_micro_f1": cv["micro_f1"], "cv_macro_f1": cv["macro_f1"],
                       "cv_precise_precision": pp, "cv_precise_recall": pr, "cv_precise_hits": pn,
                       "pack_file": "", "out": "", "model": ""})
    return report
