"""An expected-F1 decoder for the trained narrative route, on T10 (experiment, not shipped).

``train.decide`` turns a softmax into narratives with one global pair of thresholds (a narrative at or
above ``t``; the best one when it reaches ``t1``), chosen in the inner CV. F1-samples scores each article
on its own, and an article with no narrative counts 1 only when nothing is predicted ("Other"), so the
question per article is which set to answer: nothing, the best narrative, the best two, ... This
script answers it by expected F1 under the softmax read as a distribution:

- P(none) = the softmax's "none" probability; the narratives' shares given some narrative,
  s_i = p_i / (1 - P(none)), only where the claim gate lets the narrative through;
- marginals q_i = min(1, alpha * s_i) (an article with k narratives puts about 1/k of its mass on
  each, so alpha > 1 reads the shares back as marginals);
- E[F1(S)] = (1 - P(none)) * 2 * sum_{i in S} q_i / (|S| + sum_j q_j) for S = the best 1..4 by q,
  and gamma * P(none) for the empty answer (gamma corrects the calibration of "none");
- (alpha, gamma) chosen in the inner CV of each outer training part, as the thresholds are.

Harness and rule as scripts/narratives_bagging.py (t10_harness: 5 outer folds, inner 5-fold CV,
claim gate, OMP_NUM_THREADS=1). Variants: ``soft`` / ``stack`` (the shipped decide) and
``soft:ef1`` / ``stack:ef1`` (this decoder on the same fitted models).

    OMP_NUM_THREADS=1 STORYLENS_EMBED_CACHE=/tmp/narr_cache PYTHONPATH=src python scripts/narratives_decoder.py --half train --seeds 13,1,2
"""

from __future__ import annotations

import itertools
import sys
from typing import Any

import numpy as np
import scipy.sparse as sp
import t10_harness as t10
from narratives_bagging import ALPHA, vectorize
from t10_harness import softmax_probs, zeroed

from storylens.corpus.narratives import train

ALPHAS = (1.0, 1.5, 2.0, 3.0, 4.0)
GAMMAS = (0.6, 0.8, 1.0, 1.25, 1.5, 2.0)
TOP = 4


def expected_f1_decide(full: np.ndarray, gate: np.ndarray, alpha: float, gamma: float) -> np.ndarray:
    """Boolean articles x narratives: per article the answer (nothing, or the best 1..TOP narratives by
    marginal) with the highest expected F1-samples under ``full`` (articles x (narratives + 1))."""
    k = gate.shape[1]
    p_none = full[:, k]
    shares = np.where(gate, full[:, :k], 0.0) / np.maximum(1e-9, 1.0 - p_none)[:, None]
    q = np.minimum(1.0, alpha * shares)
    out = np.zeros(gate.shape, dtype=bool)
    for i in range(len(full)):
        order = np.argsort(-q[i])
        total = q[i].sum()
        best, best_s = gamma * p_none[i], 0
        run = 0.0
        for s in range(1, TOP + 1):
            if q[i, order[s - 1]] <= 0:
                break
            run += q[i, order[s - 1]]
            e = (1.0 - p_none[i]) * 2.0 * run / (s + total)
            if e > best:
                best, best_s = e, s
        out[i, order[:best_s]] = True
    return out


def main() -> int:
    args = t10.parse_args(__doc__, "soft,stack,soft:ef1,stack:ef1")
    variants = [v for v in (args.only or "soft,stack,soft:ef1,stack:ef1").split(",") if v]
    data = t10.load(args.half)
    gate = train.gate_of(data.x)
    y = data.y

    def fit_full(model: str, tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        """The full softmax (narratives + none) of the shipped softmax or the stacked model (as
        scripts/narratives_bagging.py fits them), fitted on tr, read on te."""
        v_tr, v_te = data.v[tr], data.v[te]
        mean, scale = v_tr.mean(0), v_tr.std(0) + 1e-6
        x_tr, x_te = (v_tr - mean) / scale, (v_te - mean) / scale
        if model == "stack":
            a_tr, a_te = vectorize([data.texts[i] for i in tr], [data.texts[i] for i in te])
            x_tr = sp.hstack([sp.csr_matrix(x_tr), ALPHA * a_tr]).tocsr()
            x_te = sp.hstack([sp.csr_matrix(x_te), ALPHA * a_te]).tocsr()
        coef, bias = train._fit_softmax(x_tr, y[tr], train.C_SOFTMAX)
        return softmax_probs(coef, bias, x_te)

    def run(seed: int) -> tuple[dict[str, np.ndarray], dict[str, list[Any]]]:
        from sklearn.model_selection import KFold

        preds = {name: np.zeros(y.shape, dtype=bool) for name in variants}
        chosen: dict[str, list[Any]] = {name: [] for name in variants}
        for tr, te in KFold(5, shuffle=True, random_state=seed).split(y):
            inner = list(KFold(t10.INNER, shuffle=True, random_state=train.SEED).split(tr))
            for model in sorted({v.split(":")[0] for v in variants}):
                oof = np.zeros((len(tr), y.shape[1] + 1))
                for itr, ite in inner:
                    oof[ite] = fit_full(model, tr[itr], tr[ite])
                test = fit_full(model, tr, te)
                if model in variants:
                    t, t1 = train._choose(y[tr], zeroed(oof), gate[tr])
                    preds[model][te] = train.decide(zeroed(test), gate[te], t, t1)
                    chosen[model].append({"t": t, "t1": t1})
                if f"{model}:ef1" in variants:
                    a, g = max(itertools.product(ALPHAS, GAMMAS), key=lambda ag: train.f1_samples(
                        y[tr], expected_f1_decide(oof, gate[tr], *ag)))
                    preds[f"{model}:ef1"][te] = expected_f1_decide(test, gate[te], a, g)
                    chosen[f"{model}:ef1"].append({"alpha": a, "gamma": g})
        return preds, chosen

    t10.report(data, args.seeds, run, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
