"""Training-data augmentation (chunks of the training articles) for the trained narrative route, on T10.

Experiment behind the "chunk augmentation" rows of docs/narratives.md (SemEval-2025 T10). The harness
is scripts/narratives_tfidf_fusion.py's (copied): 5 outer folds (``KFold(5, shuffle, random_state=SEED)``)
and inside each training part a 5-fold CV whose out-of-fold probabilities choose the two decision
thresholds (:func:`train._choose`), never the test fold; every prediction through the claim gate
(:func:`train.gate_of`). Only TRAINING rows are augmented (the outer training part for the test fold's
model, each inner training part for the inner out-of-fold probabilities); scored rows are always the
whole articles. An augmented row is a contiguous run of one training article's sentences, pooled as
the article is (:func:`semantic.pooled`: normalised mean of the sentence vectors beside their
element-wise max), carrying the article's labels with weight ``w`` (the article's own row weighs 1).
The standardisation and (stacked) the TF-IDF vocabulary and idf are fitted on the whole training
articles only; a chunk's TF-IDF row is its sentences' text under that vocabulary. Variants:

- ``soft`` / ``stack``: the shipped softmax (C 0.3) / ``--model stacked`` (a 30 x word TF-IDF), no
  augmentation (must equal scripts/narratives_tfidf_fusion.py's ``soft`` / ``stack:word:30``);
- ``MODEL:halves:w``: + the first and the second half of the article's sentences (2 rows);
- ``MODEL:rand3:w``: + 3 random contiguous runs of at least 40% of the sentences (seeded per article);
- ``MODEL:mix:w``: mixup-style, + 2 rows per article mixing its pooled vector with another training
  article's at lam ~ Beta(0.4, 0.4) folded to >= 0.5, carrying the first article's labels (only
  the softmax; looked at only if chunks show promise).

Articles with fewer than 4 sentences (title included) get no chunk rows.

    OMP_NUM_THREADS=1 STORYLENS_EMBED_CACHE=/tmp/narr_cache PYTHONPATH=src python scripts/narratives_augment.py --half train
    ... --half dev --only soft,stack,soft:halves:0.5      (the chosen settings only)
    ... --half train --seeds 13,1,2 --only ...            (other outer splits: spread)
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np
import scipy.sparse as sp
import t10_harness as t10
from t10_harness import softmax_probs, zeroed

from storylens.corpus.narratives import train

ALPHA = 30.0
MIN_SENTENCES = 4
CHUNK_MIN = 0.4
N_RANDOM = 3
WEIGHTS = (0.5, 1.0)
AUGS = ("halves", "rand3")


def pooled_rows(vecs: np.ndarray) -> np.ndarray:
    """As :func:`semantic.pooled` over an ArticleView built from these sentence vectors."""
    art = vecs.mean(0)
    return np.concatenate([art / max(float(np.linalg.norm(art)), 1e-9), vecs.max(0)])


def spans(n: int, kind: str, rng: np.random.Generator) -> list[tuple[int, int]]:
    """[start, end) runs of an n-sentence article's sentences (none below MIN_SENTENCES)."""
    if n < MIN_SENTENCES:
        return []
    if kind == "halves":
        h = n // 2
        return [(0, h), (h, n)]
    if kind == "rand3":
        lo = int(np.ceil(CHUNK_MIN * n))
        out = []
        for _ in range(N_RANDOM):
            length = int(rng.integers(lo, n))  # lo .. n-1: never the whole article
            start = int(rng.integers(0, n - length + 1))
            out.append((start, start + length))
        return out
    raise ValueError(kind)


def chunk_table(views: list[Any], kind: str) -> list[tuple[np.ndarray, list[str]]]:
    """Per article, (chunk rows' pooled vectors, chunk texts)."""
    out = []
    for i, view in enumerate(views):
        rng = np.random.default_rng(1000 + i)
        sp_ = spans(len(view.sentences), kind, rng)
        vecs = np.stack([pooled_rows(view.vectors[a:b]) for a, b in sp_]) if sp_ else np.zeros((0, 2 * view.vectors.shape[1]))
        out.append((vecs, ["\n".join(view.sentences[a:b]) for a, b in sp_]))
    return out


def vectorize(train_texts: list[str], other: list[list[str]]) -> tuple[Any, list[Any]]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    word = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.9, ngram_range=(1, 2), stop_words="english",
                           max_features=50_000)
    a = word.fit_transform(train_texts).tocsr()
    return a, [word.transform(t).tocsr() if t else sp.csr_matrix((0, a.shape[1])) for t in other]


def augmented(v: np.ndarray, y: np.ndarray, tr: np.ndarray, table: list[tuple[np.ndarray, list[str]]] | None,
              w: float, mix: bool, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """(extra pooled rows, their labels, their weights, their texts) for the training articles ``tr``."""
    if mix:
        rng = np.random.default_rng(seed + len(tr))
        a = np.repeat(tr, 2)
        b = rng.choice(tr, len(a))
        lam = rng.beta(0.4, 0.4, len(a))
        lam = np.maximum(lam, 1 - lam)[:, None]
        return lam * v[a] + (1 - lam) * v[b], y[a], np.full(len(a), w), []
    assert table is not None
    rows = [(table[i][0], i, table[i][1]) for i in tr if len(table[i][0])]
    if not rows:
        return np.zeros((0, v.shape[1])), np.zeros((0, y.shape[1]), bool), np.zeros(0), []
    vecs = np.concatenate([r[0] for r in rows])
    labs = np.concatenate([np.repeat(y[i][None], len(r), 0) for r, i, _ in rows])
    texts = [t for _, _, ts in rows for t in ts]
    return vecs, labs, np.full(len(vecs), w), texts


def fit_predict(name: str, v: np.ndarray, texts: list[str], y: np.ndarray, tr: np.ndarray, te: np.ndarray,
                tables: dict[str, Any]) -> np.ndarray:
    parts = name.split(":")
    model = parts[0]
    mean, scale = v[tr].mean(0), v[tr].std(0) + 1e-6
    x_tr, y_tr, w_tr = (v[tr] - mean) / scale, y[tr], np.ones(len(tr))
    aug_texts: list[str] = []
    if len(parts) > 1:
        kind, w = parts[1], float(parts[2])
        ev, ey, ew, aug_texts = augmented(v, y, tr, tables.get(kind), w, kind == "mix", train.SEED)
        x_tr = np.concatenate([x_tr, (ev - mean) / scale])
        y_tr, w_tr = np.concatenate([y_tr, ey]), np.concatenate([w_tr, ew])
    x_te = (v[te] - mean) / scale
    if model == "stack":
        a_tr, (a_aug, a_te) = vectorize([texts[i] for i in tr], [aug_texts, [texts[i] for i in te]])
        x_tr = sp.hstack([sp.csr_matrix(x_tr), ALPHA * sp.vstack([a_tr, a_aug])]).tocsr()
        x_te = sp.hstack([sp.csr_matrix(x_te), ALPHA * a_te]).tocsr()
    coef, bias = train._fit_softmax(x_tr, y_tr, train.C_SOFTMAX, w_tr)
    return zeroed(softmax_probs(coef, bias, x_te))


def variant_names() -> list[str]:
    return ["soft", "stack", *(f"{m}:{a}:{w:g}" for m in ("soft", "stack") for a in AUGS for w in WEIGHTS)]


def run(v: np.ndarray, texts: list[str], x: np.ndarray, y: np.ndarray, variants: list[str], seed: int,
        tables: dict[str, Any]) -> tuple[dict[str, np.ndarray], dict[str, list[Any]]]:
    """Out-of-fold predictions of every variant (thresholds chosen on each training part's inner CV)."""
    return t10.nested_cv(y, train.gate_of(x), variants, seed,
                         lambda name, tr, te: fit_predict(name, v, texts, y, tr, te, tables))


def main() -> int:
    args = t10.parse_args(__doc__, "the grid")
    d = t10.load(args.half)
    variants = [s for s in args.only.split(",") if s] or variant_names()
    tables = {kind: chunk_table(d.views, kind) for kind in AUGS if any(f":{kind}:" in n for n in variants)}
    for kind, tab in tables.items():
        print(f"# {kind}: {sum(len(t[0]) for t in tab)} chunk rows over {len(tab)} articles", file=sys.stderr)
    t10.report(d, args.seeds, lambda seed: run(d.v, d.texts, d.x, d.y, variants, seed, tables), args.json, width=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
