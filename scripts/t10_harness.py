"""What the SemEval-2025 T10 experiment scripts share (narratives_tfidf_fusion.py, narratives_augment.py,
narratives_bagging.py).

The data (the shared half, its taxonomy pack, the article vectors), the softmax read the way
``TrainedModel.softmax`` reads it, the report loop over outer-split seeds, and ``nested_cv`` for the
scripts whose inner folds choose thresholds only. Each script keeps its own variants and its own
``run(seed) -> (predictions, chosen settings)``; the fusion script keeps its own nested CV, because its
inner folds also choose a fusion weight.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from storylens.corpus.narratives import load_pack, train
from storylens.eval.narratives import cached_encoder, embedded, read_labels, scores, select_half

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLENS_SHARED") or ROOT.parent / "shared")
T10 = SHARED / "data" / "narratives-semeval2025-t10" / "dev.csv"
TAXONOMY = ROOT / "src" / "storylens" / "data" / "narratives" / "taxonomies" / "semeval2025_t10.yaml"
INNER = 5  # inner folds choosing each variant's settings inside an outer training part


@dataclass
class T10Data:
    """One half of the shared T10 set with the taxonomy pack's features."""

    half: str
    names: list[str]  # the pack's narratives (columns of y)
    views: list[Any]  # ArticleView per article (sentences and their vectors)
    x: np.ndarray  # claim features (the gate reads them)
    y: np.ndarray  # gold, articles x narratives
    v: np.ndarray  # pooled article vectors (train.pooled_of)
    texts: list[str]  # title + text
    gold: list[set[str]]


def parse_args(doc: str | None, grid: str) -> argparse.Namespace:
    """The options every T10 experiment script takes: the half, the variants (``grid``: what
    runs when ``--only`` is not given), the outer-split seeds and a JSON copy of the figures."""
    ap = argparse.ArgumentParser(description=(doc or "").split("\n")[0])
    ap.add_argument("--half", choices=["train", "dev", "all"], default="train")
    ap.add_argument("--only", default="", help=f"comma-separated variants (default: {grid})")
    ap.add_argument("--seeds", default=str(train.SEED), help="outer-split seeds (comma-separated)")
    ap.add_argument("--json", default="", help="also write the figures here")
    return ap.parse_args()


def load(half: str) -> T10Data:
    items = select_half(read_labels(T10), half)
    pack = load_pack(str(TAXONOMY))
    names = [n.name for n in pack.narratives]
    ((_, views, x, y),) = embedded(items, [pack], cached_encoder())
    return T10Data(half, names, views, x, y, train.pooled_of(views), [f"{it.title}\n{it.text}" for it in items],
                   [{names[j] for j in row.nonzero()[0]} for row in y])


FitPredict = Callable[[str, np.ndarray, np.ndarray], np.ndarray]


def nested_cv(y: np.ndarray, gate: np.ndarray, variants: list[str], seed: int,
              fit_predict: FitPredict) -> tuple[dict[str, np.ndarray], dict[str, list[Any]]]:
    """Out-of-fold predictions of every variant: 5 outer folds (``seed``), and in each outer training
    part ``INNER`` folds whose out-of-fold probabilities choose the thresholds (``train._choose``).
    ``fit_predict(name, train_rows, test_rows)`` fits variant ``name`` and returns its probabilities."""
    from sklearn.model_selection import KFold

    from storylens.corpus.narratives.train import decide, f1_samples

    preds = {name: np.zeros(y.shape, dtype=bool) for name in variants}
    chosen: dict[str, list[Any]] = {name: [] for name in variants}
    for tr, te in KFold(5, shuffle=True, random_state=seed).split(y):
        inner = list(KFold(INNER, shuffle=True, random_state=train.SEED).split(tr))
        for name in variants:
            oof = np.zeros((len(tr), y.shape[1]))
            for itr, ite in inner:
                oof[ite] = fit_predict(name, tr[itr], tr[ite])
            t, t1 = train._choose(y[tr], oof, gate[tr])
            f = f1_samples(y[tr], decide(oof, gate[tr], t, t1))
            preds[name][te] = decide(fit_predict(name, tr, te), gate[te], t, t1)
            chosen[name].append({"t": t, "t1": t1, "inner": round(f, 4)})
    return preds, chosen


def softmax_probs(coef: np.ndarray, bias: np.ndarray, v_te: Any) -> np.ndarray:
    """(articles x (narratives + 1)) softmax probabilities of a fitted ``train._fit_softmax``."""
    logits = np.asarray(v_te @ coef.T) + bias
    logits -= logits.max(1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(1, keepdims=True)


def zeroed(p: np.ndarray) -> np.ndarray:
    """As ``TrainedModel.softmax``: the narratives' probabilities, all 0 where "none" wins."""
    out = p[:, :-1].copy()
    out[p[:, -1] >= out.max(1, initial=0.0)] = 0.0
    return out


Run = Callable[[int], tuple[dict[str, np.ndarray], dict[str, list[Any]]]]


def report(data: T10Data, seeds: str, run: Run, json_out: str = "", width: int = 28,
           note: Callable[[str, list[Any]], str] = lambda name, chosen: "") -> list[dict[str, Any]]:
    """Score ``run(seed)``'s out-of-fold predictions at every seed; print one line per variant and
    write them to ``json_out`` when given."""
    out = []
    for seed in (int(s) for s in seeds.split(",")):
        t0 = time.time()
        preds, chosen = run(seed)
        for name, pred in preds.items():
            s = scores(data.gold, [{data.names[j] for j in row.nonzero()[0]} for row in pred], data.names)
            out.append({"half": data.half, "seed": seed, "variant": name, "f1_samples": s["f1_samples"],
                        "micro_f1": s["micro_f1"], "macro_f1": s["macro_f1"], "predicted": s["predicted"],
                        "chosen": chosen.get(name)})
            print(f"{data.half:5} seed {seed:3} {name:{width}} F1s {s['f1_samples']:.3f}  micro {s['micro_f1']:.3f}  "
                  f"macro {s['macro_f1']:.3f}  pred {s['predicted']:4}" + note(name, chosen.get(name) or []),
                  flush=True)
        print(f"# seed {seed}: {time.time() - t0:.0f} s", file=sys.stderr)
    if json_out:
        Path(json_out).write_text(json.dumps(out, indent=1), encoding="utf-8")
    return out
