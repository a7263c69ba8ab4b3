"""Bagged softmaxes and sub-narrative zero-shot features for the trained narrative route, on T10.

Experiment behind the "bagging and sub-narrative features" rows of docs/narratives.md (SemEval-2025
T10). The harness is scripts/narratives_augment.py's: 5 outer folds (``KFold(5, shuffle,
random_state=SEED)``) and inside each training part a 5-fold CV whose out-of-fold probabilities choose
the two decision thresholds (:func:`train._choose`), never the test fold; every prediction through
the claim gate (:func:`train.gate_of`). The standardisation and (stacked) the TF-IDF vocabulary and
idf are fitted on the training part only. Variants (``MODEL`` is ``soft`` or ``stack``):

- ``shipped``: :func:`train.cross_validate` itself (seed 13 only; must equal ``soft``);
- ``soft`` / ``stack``: the shipped softmax (C 0.3) / ``--model stacked`` (a 30 x word TF-IDF);
- ``MODEL:bag:N``: N members fitted on bootstrap resamples of the training part (drawn as
  multinomial row counts, passed as row weights; member m seeded 100 + m), their full softmax
  probabilities ("none" included) averaged, then read as one softmax (nothing where "none" wins);
- ``MODEL:cbag``: 3 members on the whole training part at C 0.1 / 0.3 / 1, averaged the same way;
- ``stack:sub:B`` / ``stack:nar:B``: the stacked features + a zero-shot block: per sub-narrative of
  the taxonomy pack (67, plus one for each narrative without sub-narratives, which uses its own
  claims: 68 columns) or per narrative (21 columns, all its sub-narratives' claims), the max cosine
  between the article's sentences (title included) and the claims; the block standardised on the
  training part and multiplied by B (the pooled vectors count 1 per column, the TF-IDF block 30 per
  unit-length row); ``stack:subraw:A``: the raw cosines times A instead (as the TF-IDF block is);
- ``stack:sub:B:bag:N``: both.

The pack has no sub-narrative descriptions; sub-narrative names are not used (topics, not claims:
see semantic.CLAIM_MIN).

    OMP_NUM_THREADS=1 STORYLENS_EMBED_CACHE=/tmp/narr_cache PYTHONPATH=src python scripts/narratives_bagging.py --half train
    ... --half train --seeds 13,1,2 --only soft,stack,stack:bag:10     (other outer splits: spread)
    ... --half dev|all --seeds 13,1,2 --only ...                        (the chosen settings only)
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np
import scipy.sparse as sp
import t10_harness as t10
import yaml
from t10_harness import softmax_probs, zeroed

from storylens.corpus.narratives import train
from storylens.eval.narratives import cached_encoder

ALPHA = 30.0
BAG_SIZES = (5, 10)
C_BAG = (0.1, 0.3, 1.0)
SUB_WEIGHTS = (1.0, 3.0)
RAW_WEIGHTS = (10.0, 30.0)


def claim_blocks(names: list[str]) -> tuple[list[list[str]], np.ndarray]:
    """(claims per column, narrative index per column): one column per sub-narrative with claims,
    or per narrative without sub-narratives (its own claims)."""
    pack = yaml.safe_load(t10.TAXONOMY.read_text(encoding="utf-8"))
    cols: list[list[str]] = []
    owner: list[int] = []
    for n in pack["narratives"]:
        j = names.index(n["name"])
        subs = [s for s in n.get("sub_narratives") or [] if s.get("claims")]
        for claims in ([s["claims"] for s in subs] or [list(n.get("claims") or [])]):
            if claims:
                cols.append([str(c) for c in claims])
                owner.append(j)
    return cols, np.array(owner)


def zero_shot_features(views: list[Any], names: list[str]) -> dict[str, np.ndarray]:
    """``{"sub": articles x sub-narrative columns, "nar": articles x narratives}`` max cosines."""
    cols, owner = claim_blocks(names)
    enc = cached_encoder()
    flat = [c for claims in cols for c in claims]
    cv = enc.encode(flat).astype(np.float64)
    enc.save()
    cv /= np.linalg.norm(cv, axis=1, keepdims=True) + 1e-12
    which = np.repeat(np.arange(len(cols)), [len(c) for c in cols])
    sub = np.zeros((len(views), len(cols)))
    for i, view in enumerate(views):
        s = np.asarray(view.vectors, dtype=np.float64)
        s = s / (np.linalg.norm(s, axis=1, keepdims=True) + 1e-12)
        best = (s @ cv.T).max(0)  # per claim, its closest sentence
        for k in range(len(cols)):
            sub[i, k] = best[which == k].max()
    nar = np.stack([sub[:, owner == j].max(1) if (owner == j).any() else np.zeros(len(views))
                    for j in range(len(names))], 1)
    return {"sub": sub, "nar": nar}


def vectorize(train_texts: list[str], test_texts: list[str]) -> tuple[Any, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    word = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.9, ngram_range=(1, 2), stop_words="english",
                           max_features=50_000)
    return word.fit_transform(train_texts).tocsr(), word.transform(test_texts).tocsr()


def parse(name: str) -> dict[str, Any]:
    parts = name.split(":")
    spec: dict[str, Any] = {"model": parts[0], "bag": 0, "cbag": False, "block": None, "w": 0.0}
    rest = parts[1:]
    while rest:
        key = rest.pop(0)
        if key == "bag":
            spec["bag"] = int(rest.pop(0))
        elif key == "cbag":
            spec["cbag"] = True
        elif key in ("sub", "nar", "subraw"):
            spec["block"], spec["w"] = key, float(rest.pop(0))
        else:
            raise ValueError(f"unknown variant part {key!r} in {name!r}")
    return spec


def fit_predict(name: str, v: np.ndarray, texts: list[str], zs: dict[str, np.ndarray], y: np.ndarray,
                tr: np.ndarray, te: np.ndarray) -> np.ndarray:
    """The variant fitted on ``tr``: its narratives' probabilities on ``te`` (0 where "none" wins)."""
    spec = parse(name)
    mean, scale = v[tr].mean(0), v[tr].std(0) + 1e-6
    x_tr, x_te = (v[tr] - mean) / scale, (v[te] - mean) / scale
    if spec["model"] == "stack":
        a_tr, a_te = vectorize([texts[i] for i in tr], [texts[i] for i in te])
        blocks_tr, blocks_te = [sp.csr_matrix(x_tr), ALPHA * a_tr], [sp.csr_matrix(x_te), ALPHA * a_te]
        if spec["block"]:
            z = zs["nar" if spec["block"] == "nar" else "sub"]
            if spec["block"] == "subraw":
                z_tr, z_te = z[tr], z[te]
            else:
                zm, zsd = z[tr].mean(0), z[tr].std(0) + 1e-6
                z_tr, z_te = (z[tr] - zm) / zsd, (z[te] - zm) / zsd
            blocks_tr.append(sp.csr_matrix(spec["w"] * z_tr))
            blocks_te.append(sp.csr_matrix(spec["w"] * z_te))
        x_tr, x_te = sp.hstack(blocks_tr).tocsr(), sp.hstack(blocks_te).tocsr()
    elif spec["model"] != "soft" or spec["block"]:
        raise ValueError(name)
    members: list[tuple[float, np.ndarray | None]]
    if spec["cbag"]:
        members = [(c, None) for c in C_BAG]
    elif spec["bag"]:
        members = [(train.C_SOFTMAX, np.random.default_rng(100 + m).multinomial(len(tr), np.full(len(tr), 1 / len(tr)))
                    .astype(float)) for m in range(spec["bag"])]
    else:
        members = [(train.C_SOFTMAX, None)]
    p = np.zeros((len(te), y.shape[1] + 1))
    for c, w in members:
        keep = np.arange(len(tr)) if w is None else np.nonzero(w)[0]  # rows drawn at least once
        coef, bias = train._fit_softmax(x_tr[keep], y[tr][keep], c, None if w is None else w[keep])
        p += softmax_probs(coef, bias, x_te)
    return zeroed(p / len(members))


def variant_names() -> list[str]:
    out = ["soft", "stack"]
    out += [f"{m}:bag:{n}" for m in ("soft", "stack") for n in BAG_SIZES]
    out += ["soft:cbag", "stack:cbag"]
    out += [f"stack:{b}:{w:g}" for b in ("sub", "nar") for w in SUB_WEIGHTS]
    out += [f"stack:subraw:{a:g}" for a in RAW_WEIGHTS]
    return out


def run(d: t10.T10Data, zs: dict[str, np.ndarray], variants: list[str],
        seed: int) -> tuple[dict[str, np.ndarray], dict[str, list[Any]]]:
    """Out-of-fold predictions of every variant (thresholds chosen on each training part's inner CV)."""
    return t10.nested_cv(d.y, train.gate_of(d.x), variants, seed,
                         lambda name, tr, te: fit_predict(name, d.v, d.texts, zs, d.y, tr, te))


def main() -> int:
    args = t10.parse_args(__doc__, "the grid")
    d = t10.load(args.half)
    variants = [s for s in args.only.split(",") if s] or variant_names()
    for name in variants:
        if name != "shipped":
            parse(name)  # fail early on a typo
    zs = zero_shot_features(d.views, d.names) if any(":sub" in n or ":nar" in n for n in variants) else {}
    if zs:
        print(f"# zero-shot blocks: sub {zs['sub'].shape[1]} columns, nar {zs['nar'].shape[1]}", file=sys.stderr)

    def one_seed(seed: int) -> tuple[dict[str, np.ndarray], dict[str, list[Any]]]:
        results: dict[str, np.ndarray] = {}
        if "shipped" in variants and seed == train.SEED:  # the route as shipped, at its F1 point
            results["shipped"] = train.cross_validate(d.views, d.x, d.y, d.names, 5)["f1"]
        preds, chosen = run(d, zs, [n for n in variants if n != "shipped"], seed)
        return {**results, **preds}, chosen

    t10.report(d, args.seeds, one_seed, args.json, width=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
