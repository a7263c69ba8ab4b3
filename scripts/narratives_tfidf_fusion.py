"""The trained narrative route (softmax over MiniLM vectors) combined with word/char TF-IDF, on T10.

Experiment behind the "TF-IDF fusion" rows of docs/narratives.md (SemEval-2025 T10). Everything is
scored like ``storylens narratives train``'s figures: 5 outer folds (``KFold(5, shuffle,
random_state=13)``, as :func:`train.cross_validate`), and inside each training part a 5-fold CV whose
out-of-fold probabilities choose every setting of the variant (decision thresholds and, where said,
the fusion weight), never the test fold. Every prediction passes the route's claim gate and scope
(:func:`train.gate_of`). Variants:

- ``shipped``: :func:`train.cross_validate` itself (the route as shipped, taxonomy pack, one softmax);
- ``soft``: the same softmax re-run inside this script (must equal ``shipped`` for seed 13);
- ``T:lr_word`` / ``T:lr_wc``: TF-IDF (word 1-2 grams / + char_wb 2-5 grams) + one balanced logistic
  regression per narrative (C 4, as ``eval narratives --method tfidf``), thresholds as the route's;
- ``T:sm_word`` / ``T:sm_wc``: the same TF-IDF under the route's softmax with a "none" class (C 10);
- ``stack:FEAT:a``: one softmax (C 0.3) over [standardised pooled MiniLM vectors, a x TF-IDF FEAT];
- ``fuse:T:w[:veto][:pn]``: w x softmax probability + (1 - w) x T's; ``w=cv``: w among 0, .25, .5,
  .75, 1 chosen with the thresholds on the inner CV; ``veto``: nothing is carried where the softmax's
  "none" class wins (as the softmax alone does); ``pn``: per-narrative thresholds (one pass of
  coordinate ascent on F1-samples from the global one) instead of one global threshold.

    STORYLENS_EMBED_CACHE=/tmp/narr_cache PYTHONPATH=src python scripts/narratives_tfidf_fusion.py --half train
    ... --half dev --only shipped,soft,fuse:sm_wc:cv:veto    (the chosen settings only)
    ... --half train --seeds 13,1,2 --only ...               (other outer splits: spread)
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np
import scipy.sparse as sp
import t10_harness as t10
from t10_harness import INNER, softmax_probs, zeroed

from storylens.corpus.narratives import train
from storylens.corpus.narratives.train import THRESHOLDS, decide, f1_samples

C_LR_TFIDF = 4.0
C_SM_TFIDF = 10.0
WEIGHTS = (0.25, 0.5, 0.75)
CV_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
ALPHAS = (10.0, 30.0, 100.0)
TEXT_MODELS = ("lr_word", "lr_wc", "sm_word", "sm_wc")


def vectorize(train_texts: list[str], test_texts: list[str], chars: bool) -> tuple[Any, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    word = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.9, ngram_range=(1, 2), stop_words="english",
                           max_features=50_000)
    a, b = word.fit_transform(train_texts), word.transform(test_texts)
    if not chars:
        return a.tocsr(), b.tocsr()
    char = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.9, analyzer="char_wb", ngram_range=(2, 5),
                           max_features=50_000)
    ca, cb = char.fit_transform(train_texts), char.transform(test_texts)
    # each block has unit-norm rows; the pair is scaled back to a unit norm
    return (sp.hstack([a, ca]).tocsr() / np.sqrt(2)), (sp.hstack([b, cb]).tocsr() / np.sqrt(2))


def softmax_raw(v_tr: Any, y: np.ndarray, v_te: Any, c: float, dense: bool) -> np.ndarray:
    """(test articles x (narratives + 1)) softmax probabilities, the last column "none"."""
    if dense:
        mean, scale = v_tr.mean(0), v_tr.std(0) + 1e-6
        v_tr, v_te = (v_tr - mean) / scale, (v_te - mean) / scale
    coef, bias = train._fit_softmax(v_tr, y, c)
    return softmax_probs(coef, bias, v_te)


def lr_probs(x_tr: Any, y: np.ndarray, x_te: Any) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    out = np.zeros((x_te.shape[0], y.shape[1]))
    for j in range(y.shape[1]):
        if y[:, j].sum() < train.MIN_POSITIVES or y[:, j].all():
            continue
        m = LogisticRegression(C=C_LR_TFIDF, class_weight="balanced", max_iter=3000).fit(x_tr, y[:, j])
        out[:, j] = m.predict_proba(x_te)[:, 1]
    return out


def bases(v: np.ndarray, texts: list[str], y: np.ndarray, tr: np.ndarray, te: np.ndarray,
          want: set[str]) -> dict[str, np.ndarray]:
    """Each base model fitted on ``tr``, its probabilities on ``te`` (softmaxes: with the none column)."""
    out: dict[str, np.ndarray] = {"soft": softmax_raw(v[tr], y[tr], v[te], train.C_SOFTMAX, True)}
    trt, tet = [texts[i] for i in tr], [texts[i] for i in te]
    for chars in (False, True):
        feat = "wc" if chars else "word"
        need = {f"lr_{feat}", f"sm_{feat}"} | {f"stack:{feat}:{a:g}" for a in ALPHAS}
        if not need & want:
            continue
        a_tr, a_te = vectorize(trt, tet, chars)
        if f"lr_{feat}" in want:
            out[f"lr_{feat}"] = lr_probs(a_tr, y[tr], a_te)
        if f"sm_{feat}" in want:
            out[f"sm_{feat}"] = softmax_raw(a_tr, y[tr], a_te, C_SM_TFIDF, False)
        mean, scale = v[tr].mean(0), v[tr].std(0) + 1e-6
        for a in ALPHAS:
            if f"stack:{feat}:{a:g}" in want:
                s_tr = sp.hstack([sp.csr_matrix((v[tr] - mean) / scale), a * a_tr]).tocsr()
                s_te = sp.hstack([sp.csr_matrix((v[te] - mean) / scale), a * a_te]).tocsr()
                out[f"stack:{feat}:{a:g}"] = softmax_raw(s_tr, y[tr], s_te, train.C_SOFTMAX, False)
    return out


def narr(name: str, p: np.ndarray) -> np.ndarray:
    """A base's narrative scores: softmaxes zeroed where "none" wins, the regressions as they are."""
    return zeroed(p) if name == "soft" or name.startswith(("sm_", "stack:")) else p


def fused(b: dict[str, np.ndarray], t: str, w: float, veto: bool) -> np.ndarray:
    s = narr("soft", b["soft"])
    out = w * s + (1 - w) * narr(t, b[t])
    if veto:
        p = b["soft"]
        out[p[:, -1] >= p[:, :-1].max(1)] = 0.0
    return out


def choose(y: np.ndarray, probs: np.ndarray, gate: np.ndarray, per_narrative: bool) -> tuple[Any, float, float]:
    """(thresholds, top1, inner F1-samples): the route's global pair, then optionally per narrative."""
    t, t1 = train._choose(y, probs, gate)
    best = f1_samples(y, decide(probs, gate, t, t1))
    thr = np.full(y.shape[1], t)
    if per_narrative:
        for j in range(y.shape[1]):
            for cand in THRESHOLDS:
                trial = thr.copy()
                trial[j] = cand
                f = f1_samples(y, decide(probs, gate, trial, t1))
                if f > best + 1e-12:
                    best, thr = f, trial
    return thr, t1, best


def variant_names() -> list[str]:
    out = ["soft", *(f"T:{t}" for t in TEXT_MODELS), *(f"stack:{f}:{a:g}" for f in ("word", "wc") for a in ALPHAS)]
    for t in TEXT_MODELS:
        for w in (*WEIGHTS, "cv"):
            for veto in ("", ":veto"):
                for pn in ("", ":pn"):
                    out.append(f"fuse:{t}:{w}{veto}{pn}")
    return out


def needed(variants: list[str]) -> set[str]:
    want = set()
    for v in variants:
        parts = v.split(":")
        if parts[0] in ("T", "fuse"):
            want.add(parts[1])
        elif parts[0] == "stack":
            want.add(v)
    return want


def scores_of(variant: str, b: dict[str, np.ndarray]) -> tuple[list[np.ndarray], list[bool]]:
    """Candidate score matrices for a variant (one per weight tried) and whether thresholds are per narrative."""
    parts = variant.split(":")
    pn = parts[-1] == "pn"
    if parts[0] == "soft":
        return [narr("soft", b["soft"])], [pn]
    if parts[0] == "T":
        return [narr(parts[1], b[parts[1]])], [pn]
    if parts[0] == "stack":
        return [narr(variant, b[variant])], [False]
    t, w, veto = parts[1], parts[2], "veto" in parts
    ws = CV_WEIGHTS if w == "cv" else (float(w),)
    return [fused(b, t, wi, veto) for wi in ws], [pn] * len(ws)


def run(v: np.ndarray, texts: list[str], x: np.ndarray, y: np.ndarray, variants: list[str],
        seed: int) -> tuple[dict[str, np.ndarray], dict[str, list[Any]]]:
    """Out-of-fold predictions of every variant (settings chosen on each training part's inner CV)."""
    from sklearn.model_selection import KFold

    want = needed(variants)
    gate = train.gate_of(x)
    preds = {name: np.zeros(y.shape, dtype=bool) for name in variants}
    chosen: dict[str, list[Any]] = {name: [] for name in variants}
    for tr, te in KFold(5, shuffle=True, random_state=seed).split(v):
        oof: dict[str, np.ndarray] = {}
        for itr, ite in KFold(INNER, shuffle=True, random_state=train.SEED).split(tr):
            got = bases(v, texts, y, tr[itr], tr[ite], want)
            for k, p in got.items():
                oof.setdefault(k, np.zeros((len(tr), p.shape[1])))[ite] = p
        test = bases(v, texts, y, tr, te, want)
        for name in variants:
            cands, pns = scores_of(name, oof)
            picks = [choose(y[tr], c, gate[tr], pn) for c, pn in zip(cands, pns, strict=True)]
            k = max(range(len(picks)), key=lambda i: picks[i][2])
            thr, t1, f = picks[k]
            probs = scores_of(name, test)[0][k]
            preds[name][te] = decide(probs, gate[te], thr, t1)
            w = CV_WEIGHTS[k] if name.split(":")[2:3] == ["cv"] else None
            chosen[name].append({"w": w, "t": float(np.median(thr)), "t1": t1, "inner": round(f, 4)})
    return preds, chosen


def main() -> int:
    args = t10.parse_args(__doc__, "the whole grid")
    d = t10.load(args.half)
    variants = [s for s in args.only.split(",") if s] or variant_names()

    def one_seed(seed: int) -> tuple[dict[str, np.ndarray], dict[str, list[Any]]]:
        results: dict[str, np.ndarray] = {}
        if "shipped" in variants and seed == train.SEED:  # the route as shipped, at its F1 point
            results["shipped"] = train.cross_validate(d.views, d.x, d.y, d.names, 5)["f1"]
        preds, chosen = run(d.v, d.texts, d.x, d.y, [n for n in variants if n != "shipped"], seed)
        return {**results, **preds}, chosen

    def weights(name: str, chosen: list[Any]) -> str:
        ws = [c["w"] for c in chosen if c["w"] is not None]
        return f"  w {ws}" if ws else ""

    t10.report(d, args.seeds, one_seed, args.json, note=weights)
    return 0


if __name__ == "__main__":
    sys.exit(main())
